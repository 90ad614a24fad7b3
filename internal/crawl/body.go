package crawl

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"govaudit/internal/charset"
)

// Headers the page transport sets on the responses it rewrites.
const (
	hdrTruncated = "X-Govaudit-Truncated"
	hdrDeclared  = "X-Govaudit-Charset-Declared"
	hdrCharset   = "X-Govaudit-Charset"
	hdrNotHTML   = "X-Govaudit-Not-Html"
	hdrType      = "X-Govaudit-Content-Type" // the Content-Type as served

	// hdrSlot is set on the crawler's page requests, never sent: it names
	// the slot the page's body is handed over in (see pageTransport.bodies).
	hdrSlot = "X-Govaudit-Body-Slot"
)

// pageTransport reads page bodies itself, before colly sees them: it bounds
// the size (marking a cut body instead of cutting silently), skips bodies
// that are not HTML, and decodes HTML to UTF-8 whatever its charset.
// Decompression is the base transport's, so a gzip bomb is cut at max too.
//
// With bodies set, an HTML page's body asked for with a slot (hdrSlot) is
// handed over in bodies[slot], and colly gets an empty body: colly reads
// every body with io.ReadAll, whose doublings from 512 bytes and final
// copy came to a fifth of all a crawl allocates. The crawler takes the
// body out on the goroutine that asked for it.
type pageTransport struct {
	next   http.RoundTripper
	max    int64
	bodies *sync.Map // slot → []byte; nil: bodies go to colly
}

func (t *pageTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	slot := r.Header.Get(hdrSlot)
	if slot != "" {
		r = r.Clone(r.Context()) // the slot is ours: not sent
		r.Header.Del(hdrSlot)
	}
	if t.bodies == nil {
		slot = ""
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil || r.Method == http.MethodHead {
		return resp, err
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 || strings.HasSuffix(r.URL.Path, "/robots.txt") {
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			// Redirects: the client reads Location, never the body. But
			// colly reads a stopped redirect's body whole, inflating it if
			// gzip, so a body must not get through (a gzip bomb on a 302).
			io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // keeps the connection reusable
			resp.Body.Close()
			resp.Body = http.NoBody
			resp.Header.Del("Content-Encoding")
			resp.Header.Del("Content-Length")
			resp.ContentLength = 0
			resp.Uncompressed = true
			return resp, nil
		}
		// Error pages and robots.txt: keep a bounded body.
		return t.replace(resp, io.LimitReader(resp.Body, 256<<10), false, "")
	}
	ct := resp.Header.Get("Content-Type")
	head := make([]byte, 512)
	n, _ := io.ReadFull(resp.Body, head)
	head = head[:n]
	if !isHTML(ct, head) {
		resp.Body.Close()
		resp.Body = http.NoBody
		resp.Header.Set(hdrNotHTML, "1")
		resp.ContentLength = 0
		return resp, nil
	}
	return t.replace(resp, io.MultiReader(bytes.NewReader(head), resp.Body), true, slot)
}

// replace reads the body and gives resp a new one: the body itself (read
// from a pooled buffer that colly's copy frees), or, with a slot, nothing
// (the body is in t.bodies[slot]).
func (t *pageTransport) replace(resp *http.Response, body io.Reader, decode bool, slot string) (*http.Response, error) {
	buf := pageBufs.Get().(*[]byte)
	data, err := readAll(*buf, body, resp.ContentLength, t.max+1)
	*buf = data[:0] // the buffer grown, if it had to grow
	resp.Body.Close()
	if err != nil {
		// Cut short by the timeout or the server: the page did not open.
		putPageBuf(buf)
		return nil, err
	}
	if int64(len(data)) > t.max {
		data = data[:t.max]
		resp.Header.Set(hdrTruncated, "1")
	}
	if decode {
		out, declared, used := charset.DecodeHTML(data, resp.Header.Get("Content-Type"))
		data = out
		resp.Header.Set(hdrDeclared, declared)
		resp.Header.Set(hdrCharset, used)
		resp.Header.Set(hdrType, resp.Header.Get("Content-Type"))
		resp.Header.Set("Content-Type", "text/html; charset=utf-8")
	}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = int64(len(data))
	resp.Uncompressed = true
	if slot != "" {
		// One allocation of the page's size, whatever the server said of
		// its length (most pages come chunked, with none).
		t.bodies.Store(slot, bytes.Clone(data))
		putPageBuf(buf)
		resp.ContentLength = 0
		resp.Body = http.NoBody
		return resp, nil
	}
	resp.Body = &pooledBody{Reader: bytes.NewReader(data), buf: buf}
	return resp, nil
}

// pageBufs holds the buffers page bodies are read into. colly copies a
// body out (its own io.ReadAll) and then closes it, which puts the buffer
// back for the next page: a page then costs colly's copy alone, where a
// buffer of its own came to 14 % of all a crawl allocates (servers that
// send no Content-Length, dynamic pages, made it grow from 512 bytes).
var pageBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the largest buffer kept for reuse: a rare huge page is not
// held for the rest of the crawl.
const maxPooled = 1 << 20

func putPageBuf(buf *[]byte) {
	if cap(*buf) <= maxPooled {
		pageBufs.Put(buf)
	}
}

// pooledBody reads a page from a pooled buffer, and gives the buffer back
// when closed. Whatever reads it after Close reads nothing, never the
// next page's bytes.
type pooledBody struct {
	*bytes.Reader
	buf *[]byte
}

func (b *pooledBody) Close() error {
	if b.buf != nil {
		b.Reader.Reset(nil)
		putPageBuf(b.buf)
		b.buf = nil
	}
	return nil
}

// readAll reads r to its end, at most limit bytes, into dst's memory when
// it is big enough (dst's contents are overwritten). A new buffer is sized
// by the length the server declared (up to maxHint), so a page costs one
// allocation of its size, not io.ReadAll's doublings from 512 bytes.
func readAll(dst []byte, r io.Reader, declared, limit int64) ([]byte, error) {
	const maxHint = 1 << 20 // a false Content-Length costs at most this
	size := int64(512)
	if declared > 0 {
		size = min(declared, limit, maxHint) + 1 // +1: room to read the EOF
	}
	b := dst[:0]
	if int64(cap(b)) < size {
		b = make([]byte, 0, size)
	}
	r = io.LimitReader(r, limit)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// isHTML decides from the Content-Type, or from the first bytes when the
// server sent none or a generic one.
func isHTML(ct string, head []byte) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "application/octet-stream", "text/plain":
		return strings.HasPrefix(http.DetectContentType(head), "text/html")
	}
	return false
}
