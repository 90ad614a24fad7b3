package probe

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"io"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"

	"govaudit/checks"
	"govaudit/internal/filetype"
	"govaudit/internal/link"
	"govaudit/internal/visible"
)

// fileAnswer is what the answer's headers say of a file.
type fileAnswer struct {
	ext        string // what the file claims to be: "pdf", "docx"; "" if unknown
	attachment bool   // Content-Disposition: attachment
}

// asFile says whether the answer to a GET of u (from cur) is a document
// whose bytes are to be judged: u or cur is an attachment by its
// extension, or the answer says it is one (Content-Disposition:
// attachment, a file name with a document extension, a document type).
func (p *Prober) asFile(u, cur string, resp *http.Response) (fileAnswer, bool) {
	var f fileAnswer
	var name string
	f.attachment, name = disposition(resp.Header.Get("Content-Disposition"))
	byName := extOf(name)
	switch {
	case filetype.Known(byName):
		f.ext = byName
	case link.IsAttachmentString(cur):
		f.ext = urlExt(cur)
	case link.IsAttachmentString(u):
		f.ext = urlExt(u)
	default:
		f.ext = filetype.ExtForType(resp.Header.Get("Content-Type"))
	}
	ok2xx := resp.StatusCode >= 200 && resp.StatusCode < 300 || resp.StatusCode == http.StatusRequestedRangeNotSatisfiable
	isFile := link.IsAttachmentString(u) || link.IsAttachmentString(cur) || f.attachment ||
		(f.ext != "" && !isHTML(resp.Header.Get("Content-Type")))
	return f, ok2xx && isFile
}

// file judges an attachment from the answer to its first GET (Range:
// bytes=0-N, unless the URL is page-like): the head, from a 206 the full
// length, and — when the head does not hold the whole file and its kind
// needs the end (PDF, zip-based) — the tail, with a second ranged GET. A
// server that ignores Range is read up to FileCap and no further.
func (p *Prober) file(ctx context.Context, u, cur string, resp *http.Response, f fileAnswer) checks.LinkStatus {
	ct := resp.Header.Get("Content-Type")
	facts := &checks.FileFacts{ContentType: ct, Length: -1, Attachment: f.attachment}
	s := checks.LinkStatus{URL: u, Status: resp.StatusCode, File: facts}
	sample := filetype.Sample{Ext: f.ext, ContentType: ct, Length: -1}

	switch resp.StatusCode {
	case http.StatusRequestedRangeNotSatisfiable:
		// No byte 0 to serve: an empty file, unless the server says
		// otherwise ("bytes */N").
		drain(resp)
		if _, _, total, ok := contentRange(resp.Header.Get("Content-Range")); ok && total > 0 {
			facts.Length = total
			return s
		}
		sample.Length = 0
	case http.StatusPartialContent:
		start, last, total, ok := contentRange(resp.Header.Get("Content-Range"))
		head, err := readAtMost(resp.Body, p.opt.ReadLimit, resp.ContentLength)
		resp.Body.Close()
		if err != nil {
			return FromError(u, err)
		}
		if !ok || start != 0 {
			return s // not the head that was asked for: not judged
		}
		if total < 0 && last+1 < p.opt.ReadLimit && int64(len(head)) == last+1 {
			total = last + 1 // "bytes 0-999/*" to bytes=0-65535: the file ends there
		}
		sample.Head, sample.Length = head, total
		// A file shorter than the head asked for came whole: its text is
		// read from these bytes, not fetched a second time.
		sample.Complete = total == int64(len(head))
		if n := int64(filetype.TailSize(head)); total > int64(len(head)) && n > 0 {
			// Its text will be read: fetch it whole now, which holds the
			// tail, rather than the tail and then the whole (three
			// requests per PDF where two do).
			if p.opt.OnFile != nil && textBearing[f.ext] && total <= p.opt.FileCap {
				if data := p.all(ctx, cur); int64(len(data)) == total {
					sample.Head, sample.Complete = data, true
					break
				}
			}
			sample.Tail = p.tail(ctx, cur, total, n)
		}
	default:
		var err error
		if sample, err = p.whole(ctx, cur, resp, sample); err != nil {
			return FromError(u, err)
		}
	}
	sample = decodeContent(resp, sample, p.opt.ReadLimit)
	if len(sample.Head) > 0 && (ct != "" && isHTML(ct) || strings.HasPrefix(http.DetectContentType(sample.Head), "text/html")) {
		// A page where the file should be: its text may say why (a soft
		// 404, a firewall's challenge).
		title, text := visible.FromBytes(decodeBody(sample.Head, ct))
		s = FromStatus(u, resp.StatusCode, title, text)
		s.File = facts
	}
	facts.Length = sample.Length
	facts.Inspected = true
	facts.Problem, facts.Detail = filetype.Inspect(sample)
	if p.opt.OnFile != nil && textBearing[f.ext] && facts.Problem == "" && s.Class == checks.OK {
		data := sample.Head
		if !sample.Complete {
			data = nil
			if sample.Length <= p.opt.FileCap { // unknown (-1) is asked for
				data = p.all(ctx, cur)
			}
		}
		if data != nil {
			p.opt.OnFile(u, f.ext, data)
		}
	}
	return s
}

// textBearing are the kinds of file whose text the content checks read.
var textBearing = map[string]bool{"pdf": true, "docx": true, "xlsx": true, "pptx": true, "csv": true, "txt": true}

// all fetches a whole file of at most FileCap bytes; nil if it is larger
// or does not come.
func (p *Prober) all(ctx context.Context, u string) []byte {
	req, err := newRequest(ctx, http.MethodGet, u)
	if err != nil {
		return nil
	}
	req.Header.Set("Accept", "*/*")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength > p.opt.FileCap {
		return nil
	}
	b, err := readAtMost(resp.Body, p.opt.FileCap+1, resp.ContentLength)
	if err != nil || int64(len(b)) > p.opt.FileCap {
		return nil
	}
	return b
}

// whole reads a file served in one piece (200: Range ignored, or not
// asked for): the head, then — if the kind needs the end — on to the end
// while within FileCap, keeping the last bytes. Past the cap (or when
// Content-Length says the file is over it) the read stops and the end is
// not judged; a page-like URL whose server supports ranges has its tail
// fetched with a ranged GET instead.
func (p *Prober) whole(ctx context.Context, cur string, resp *http.Response, sample filetype.Sample) (filetype.Sample, error) {
	declared := resp.ContentLength // -1 when unknown (chunked, compressed)
	headCap := min(p.opt.ReadLimit, p.opt.FileCap)
	head, err := readAtMost(resp.Body, headCap, declared)
	if err != nil {
		resp.Body.Close()
		return sample, err
	}
	sample.Head, sample.Length = head, declared
	if int64(len(head)) < headCap || int64(len(head)) == declared {
		// The whole file is in hand.
		resp.Body.Close()
		sample.Length, sample.Complete = int64(len(head)), true
		return sample, nil
	}
	n := filetype.TailSize(head)
	switch {
	case n == 0:
		// Nothing more to judge: close without reading on (the
		// transport drops the connection rather than drain it).
		resp.Body.Close()
		return sample, nil
	case declared > 0 && resp.Request.Header.Get("Range") == "" && resp.Header.Get("Accept-Ranges") == "bytes":
		resp.Body.Close()
		sample.Tail = p.tail(ctx, cur, declared, int64(n))
		return sample, nil
	case declared > p.opt.FileCap:
		resp.Body.Close()
		return sample, nil
	}
	// Read on to the end, within the cap, keeping the last n bytes.
	ring := newTailRing(n, head)
	read, err := io.Copy(ring, io.LimitReader(resp.Body, p.opt.FileCap-int64(len(head))+1))
	resp.Body.Close()
	total := int64(len(head)) + read
	switch {
	case err != nil:
		// The head came; the rest did not (timeout, connection cut):
		// the end is not judged.
		return sample, nil
	case total > p.opt.FileCap:
		return sample, nil // over the cap: the end is not judged
	}
	sample.Length, sample.Tail = total, ring.bytes()
	return sample, nil
}

// readAtMost reads r to its end or to limit bytes, into one buffer sized
// by hint (the announced length, -1 if unknown) where it can be.
func readAtMost(r io.Reader, limit, hint int64) ([]byte, error) {
	if hint < 0 || hint > limit {
		hint = min(limit, 4<<10)
	}
	buf := make([]byte, 0, hint+1) // +1: reaching the end needs room for a read
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// tail fetches the last n bytes of the file at u, whose length is total,
// with a ranged GET; nil when the answer is not exactly that.
func (p *Prober) tail(ctx context.Context, u string, total, n int64) []byte {
	req, err := newRequest(ctx, http.MethodGet, u)
	if err != nil {
		return nil
	}
	req.Header.Set("Accept", "*/*")
	req.Header.Set("Range", "bytes=-"+strconv.FormatInt(n, 10))
	resp, err := p.client.Do(req)
	if err != nil {
		return nil
	}
	if resp.StatusCode != http.StatusPartialContent {
		resp.Body.Close() // a 200 would be the whole file: not read
		return nil
	}
	start, end, size, ok := contentRange(resp.Header.Get("Content-Range"))
	if !ok || size != total || end != total-1 || end-start+1 > n {
		resp.Body.Close()
		return nil
	}
	b, err := readAtMost(resp.Body, end-start+1, end-start+1)
	resp.Body.Close()
	if err != nil || int64(len(b)) != end-start+1 {
		return nil
	}
	return b
}

// contentRange parses "bytes first-last/total" ("bytes */total" for a
// 416). total is -1 when the server wrote "*".
func contentRange(v string) (first, last, total int64, ok bool) {
	v = strings.TrimSpace(v)
	unit, rest, found := strings.Cut(v, " ")
	if !found || !strings.EqualFold(unit, "bytes") {
		return 0, 0, 0, false
	}
	span, size, found := strings.Cut(strings.TrimSpace(rest), "/")
	if !found {
		return 0, 0, 0, false
	}
	total = -1
	if size != "*" {
		var err error
		if total, err = strconv.ParseInt(size, 10, 64); err != nil || total < 0 {
			return 0, 0, 0, false
		}
	}
	if span == "*" {
		return 0, -1, total, true
	}
	a, b, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err1, err2 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || first < 0 || last < first || (total >= 0 && last >= total) {
		return 0, 0, 0, false
	}
	return first, last, total, true
}

var dispositionName = regexp.MustCompile(`(?i)filename\*?\s*=\s*(?:[a-z0-9_-]+'[a-z-]*')?["']?([^"';]*)`)

// disposition reads a Content-Disposition header: does it ask for a
// download, and under what file name? Servers send raw GBK or UTF-8
// names and other things mime does not parse; the name is only needed
// for its extension.
func disposition(v string) (attachment bool, name string) {
	if v == "" {
		return false, ""
	}
	if typ, params, err := mime.ParseMediaType(v); err == nil {
		return strings.EqualFold(typ, "attachment"), params["filename"]
	}
	typ, _, _ := strings.Cut(v, ";")
	attachment = strings.EqualFold(strings.TrimSpace(typ), "attachment")
	if m := dispositionName.FindStringSubmatch(v); m != nil {
		name = strings.TrimSpace(m[1])
	}
	return attachment, name
}

// extOf is a file name's extension, lower case, without the dot; "" if
// it has none that looks like one.
func extOf(name string) string {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(strings.TrimSpace(name)), "."))
	if ext == "" || len(ext) > 5 {
		return ""
	}
	for _, c := range ext {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return ""
		}
	}
	return ext
}

func urlExt(raw string) string {
	i := strings.IndexAny(raw, "?#")
	if i >= 0 {
		raw = raw[:i]
	}
	return extOf(raw)
}

// tailRing keeps the last bytes written to it.
type tailRing struct {
	buf  []byte
	n    int   // bytes held, at most len(buf)
	next int   // where the next byte goes
	seen int64 // bytes written in all
}

// newTailRing returns a ring of size bytes holding the end of head.
func newTailRing(size int, head []byte) *tailRing {
	r := &tailRing{buf: make([]byte, size)}
	r.Write(head)
	return r
}

func (r *tailRing) Write(b []byte) (int, error) {
	n := len(b)
	r.seen += int64(n)
	if len(b) >= len(r.buf) {
		copy(r.buf, b[len(b)-len(r.buf):])
		r.n, r.next = len(r.buf), 0
		return n, nil
	}
	k := copy(r.buf[r.next:], b)
	copy(r.buf, b[k:])
	r.next = (r.next + len(b)) % len(r.buf)
	r.n = min(len(r.buf), r.n+len(b))
	return n, nil
}

// bytes returns the bytes held, oldest first.
func (r *tailRing) bytes() []byte {
	if r.n < len(r.buf) {
		return append([]byte(nil), r.buf[:r.n]...)
	}
	return append(append([]byte(nil), r.buf[r.next:]...), r.buf[:r.next]...)
}

// decodeContent undoes a Content-Encoding the transport left in place: Go
// asks for gzip (and decodes it) only on requests without Range, yet some
// servers gzip a ranged reply anyway. Judging the gzip bytes as the file
// gave a false type-mismatch. The head is inflated as far as it goes (a
// partial gzip stream inflates up to its cut); the encoded tail and length
// say nothing of the file's own end, so they are dropped, and the end is
// not judged. An encoding we cannot undo leaves the sample unjudged.
func decodeContent(resp *http.Response, sample filetype.Sample, limit int64) filetype.Sample {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if resp.Uncompressed || enc == "" || enc == "identity" || len(sample.Head) == 0 {
		return sample
	}
	var r io.Reader
	switch enc {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(sample.Head))
		if err != nil {
			return filetype.Sample{Ext: sample.Ext, ContentType: sample.ContentType, Length: -1}
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(sample.Head))
	default:
		return filetype.Sample{Ext: sample.Ext, ContentType: sample.ContentType, Length: -1}
	}
	var out bytes.Buffer
	_, err := io.Copy(&out, io.LimitReader(r, limit))
	complete := sample.Complete && err == nil && int64(out.Len()) < limit
	decoded := filetype.Sample{Ext: sample.Ext, ContentType: sample.ContentType, Head: out.Bytes(), Length: -1, Complete: complete}
	if complete {
		decoded.Length = int64(out.Len())
	}
	return decoded
}
