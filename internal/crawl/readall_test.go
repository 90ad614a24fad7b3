package crawl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"unsafe"
)

// readAll gives back what io.ReadAll(io.LimitReader(r, limit)) would,
// whatever the length the server declared, true or false.
func TestReadAll(t *testing.T) {
	body := strings.Repeat("政府信息公开 ", 3000) // 57,000 bytes
	n := int64(len(body))
	for _, c := range []struct {
		name            string
		declared, limit int64
		want            int64
	}{
		{"declared right", n, n + 1, n},
		{"no length", -1, n + 1, n},
		{"declared short", 100, n + 1, n},
		{"declared long", 10 * n, n + 1, n},
		{"declared beyond the hint's cap", 1 << 30, 2 << 20, n},
		{"cut at the limit", n, 1000, 1000},
		{"limit one past the body", -1, n, n},
	} {
		for _, slow := range []bool{false, true} {
			var r io.Reader = strings.NewReader(body)
			if slow {
				r = iotest.OneByteReader(r)
			}
			got, err := readAll(nil, r, c.declared, c.limit)
			if err != nil || int64(len(got)) != c.want || !bytes.Equal(got, []byte(body[:c.want])) {
				t.Errorf("%s (slow %v): %d bytes, err %v; want the first %d", c.name, slow, len(got), err, c.want)
			}
		}
	}
	// A read error is returned with what came before it.
	boom := errors.New("connection reset")
	got, err := readAll(nil, io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 10, 100)
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Errorf("got %q, %v; want abc and the error", got, err)
	}
	// A true length costs one buffer (the other two allocations are the
	// readers); io.ReadAll's doublings would take 10 in all.
	if a := testing.AllocsPerRun(20, func() {
		readAll(nil, strings.NewReader(body), n, n+1)
	}); a > 3 {
		t.Errorf("%.0f allocations for a page of declared length, want 3", a)
	}
}

// A buffer big enough is read into, not replaced; one too small is.
func TestReadAllInto(t *testing.T) {
	body := strings.Repeat("政府信息公开 ", 3000)
	n := int64(len(body))
	dst := make([]byte, 7, n+1)
	got, err := readAll(dst, strings.NewReader(body), -1, n+1)
	if err != nil || string(got) != body {
		t.Fatalf("%d bytes, %v; want the body", len(got), err)
	}
	if unsafe.SliceData(got) != unsafe.SliceData(dst) {
		t.Error("a buffer big enough for the page was not used")
	}
	small := make([]byte, 0, 100)
	got, _ = readAll(small, strings.NewReader(body), n, n+1)
	if string(got) != body || cap(got) != int(n+1) {
		t.Errorf("into a small buffer: %d bytes of capacity %d; want the body in a buffer of its declared size %d", len(got), cap(got), n+1)
	}
}

// Pages read through the transport share buffers: a body closed gives its
// buffer to the next page, and what was read from it before stays intact.
// A closed body reads nothing.
func TestPageBuffersReused(t *testing.T) {
	pages := map[string]string{}
	for i := range 20 {
		pages[fmt.Sprintf("/p%d.html", i)] = "<html><body><p>" + strings.Repeat(fmt.Sprintf("第%d页 ", i), 2000) + "</p></body></html>"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// Written in pieces: chunked, with no Content-Length, as dynamic pages are.
		p := pages[r.URL.Path]
		io.WriteString(w, p[:len(p)/2])
		w.(http.Flusher).Flush()
		io.WriteString(w, p[len(p)/2:])
	}))
	defer srv.Close()
	pt := &pageTransport{next: srv.Client().Transport, max: 10 << 20}
	seen := map[*byte]bool{}
	reused := 0
	var copies []string
	for i := range 20 {
		path := fmt.Sprintf("/p%d.html", i)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		resp, err := pt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		pb, ok := resp.Body.(*pooledBody)
		if !ok {
			t.Fatalf("%s: body is a %T, not a pooled one", path, resp.Body)
		}
		if p := unsafe.SliceData(*pb.buf); seen[p] {
			reused++
		} else {
			seen[p] = true
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		copies = append(copies, string(data))
	}
	// A body closed half read reads nothing more (its buffer may be
	// another page's by then); closing it twice is harmless.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/p0.html", nil)
	resp, err := pt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadFull(resp.Body, make([]byte, 10))
	resp.Body.Close()
	if n, err := resp.Body.Read(make([]byte, 10)); n != 0 || err != io.EOF {
		t.Errorf("a closed body read %d bytes, %v; want none, EOF", n, err)
	}
	resp.Body.Close()
	for i, c := range copies {
		if want := pages[fmt.Sprintf("/p%d.html", i)]; c != want {
			t.Errorf("page %d read %.40q…, want %.40q…", i, c, want)
		}
	}
	// The race detector drops a quarter of what a pool is given, and a
	// collection may empty it: most pages, not all, find a buffer.
	if reused == 0 {
		t.Error("no page reused a buffer a closed body gave back")
	}
	t.Logf("%d of 20 pages reused a buffer", reused)
}
