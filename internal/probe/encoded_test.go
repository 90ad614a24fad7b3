package probe

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"testing"

	"govaudit/internal/filetype"
)

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A server that gzips its answer to a ranged GET (Go asks for gzip only
// without Range, so the transport leaves it encoded): the attachment is
// judged by its inflated bytes, not taken for a file of another type. A
// real problem under the encoding (an HTML page where the PDF should be)
// is still found.
func TestGzipEncodedRangedReply(t *testing.T) {
	t.Parallel()
	pdf := pdfBytes(200 << 10) // larger than the 64 KiB head
	for _, c := range []struct {
		name    string
		body    []byte
		partial bool
		problem string
	}{
		{"206 of the gzip stream", pdf, true, ""},
		{"200, range ignored", pdf, false, ""},
		{"small file in one piece", pdfBytes(100), false, ""},
		{"a page where the PDF should be", []byte("<!DOCTYPE html><html><head><title>临江市教育局</title></head><body>欢迎访问</body></html>"), false, filetype.HTMLInsteadOfFile},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			z := gzipped(t, c.body)
			srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/pdf")
				w.Header().Set("Content-Encoding", "gzip")
				if c.partial {
					end := min(len(z), 65536) - 1
					w.Header().Set("Content-Range", "bytes 0-"+strconv.Itoa(end)+"/"+strconv.Itoa(len(z)))
					w.WriteHeader(http.StatusPartialContent)
					w.Write(z[:end+1])
					return
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(z)))
				w.Write(z)
			})
			p := newProber(t, Options{})
			got := checkURL(t, p, srv.URL+"/attach/2024年预算公开.pdf")
			expectFile(t, got, c.problem)
		})
	}
}
