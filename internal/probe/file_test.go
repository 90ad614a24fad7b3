package probe

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"govaudit/checks"
	"govaudit/internal/filetype"
	"govaudit/internal/transport"
)

// Attachments are probed with ranged GETs and judged by their bytes; these
// tests serve real files (built here) from loopback servers that honour
// Range (http.ServeContent) or ignore it.

var modTime = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// noise is n deterministic bytes that do not compress.
func noise(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 11))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// pdfBytes builds a valid PDF (cross-reference table, %%EOF trailer) of
// at least pad bytes.
func pdfBytes(pad int) []byte {
	content := "BT /F1 14 Tf 72 770 Td (Lanjiang Education Bureau) Tj ET\n"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", pad, noise(pad, 1)),
	}
	return filetype.AssemblePDF(objects, "")
}

// xlsxBytes builds a workbook with a stored (uncompressed) picture of pad
// bytes, so the file is as big as asked.
func xlsxBytes(t testing.TB, pad int) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types/>`)},
		{"xl/workbook.xml", []byte(`<?xml version="1.0"?><workbook/>`)},
		{"xl/media/image1.png", noise(pad, 2)},
		{"xl/worksheets/sheet1.xml", []byte(`<?xml version="1.0"?><worksheet><sheetData/></worksheet>`)},
	} {
		w, err := z.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const systemPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统提示</title></head>
<body><div class="msg">对不起，文件读取失败，请联系网站管理员。</div><a href="/">返回首页</a></body></html>`

// ranges serves b with Range support.
func ranges(ctype string, b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		http.ServeContent(w, r, "", modTime, bytes.NewReader(b))
	}
}

// whole serves b in one piece whatever Range asks.
func whole(ctype string, b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
	}
}

func expectFile(t testing.TB, got checks.LinkStatus, problem string) {
	t.Helper()
	if got.File == nil {
		t.Errorf("%s: no file facts (status %+v)", got.URL, got)
		return
	}
	if !got.File.Inspected || got.File.Problem != problem || (problem != "") != (got.File.Detail != "") {
		t.Errorf("%s: file %+v, want inspected with problem %q", got.URL, *got.File, problem)
	}
}

func TestAttachmentRangedGet(t *testing.T) {
	t.Parallel()
	pdf := pdfBytes(100)
	cases := []struct {
		name   string
		get    int // status for GET
		class  checks.Class
		rule   string
		status int
		file   bool // file facts expected
	}{
		{"ok-range-ignored", 200, checks.OK, "", 200, true},
		{"partial", 206, checks.OK, "", 206, true},
		{"empty-file-416", 416, checks.OK, "", 416, true},
		{"forbidden", 403, checks.Blocked, RuleBlocked, 403, false},
		{"not-found", 404, checks.Broken, "http-404", 404, false},
		{"gone", 410, checks.Broken, "http-410", 410, false},
		{"server-error", 500, checks.Transient, "http-500", 500, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodHead {
					w.WriteHeader(http.StatusMethodNotAllowed) // must never be asked
					return
				}
				switch c.get {
				case 200:
					whole("application/pdf", pdf)(w, r)
				case 206:
					ranges("application/pdf", pdf)(w, r)
				case 416:
					w.Header().Set("Content-Range", "bytes */0")
					w.WriteHeader(416)
				default:
					writeHTML(w, c.get, page(strconv.Itoa(c.get), "error"))
				}
			})
			p := newProber(t, Options{})
			got := checkURL(t, p, srv.URL+"/attach/0/2024年预算公开.pdf")
			expect(t, got, c.class, c.rule, c.status)
			if reqs := rec.all(); len(reqs) != 1 || reqs[0].Method != http.MethodGet || reqs[0].Range != "bytes=0-65535" {
				t.Errorf("requests %+v, want one GET with Range bytes=0-65535", reqs)
			}
			if c.file != (got.File != nil) {
				t.Fatalf("file facts %+v, want them: %v", got.File, c.file)
			}
			if got.File != nil {
				want := ""
				if c.get == 416 {
					want = filetype.EmptyFile
				}
				expectFile(t, got, want)
				if c.get != 416 && (got.File.Length != int64(len(pdf)) || got.File.ContentType != "application/pdf") {
					t.Errorf("file facts %+v", *got.File)
				}
			}
		})
	}
}

func TestAttachmentProblems(t *testing.T) {
	t.Parallel()
	smallPDF := pdfBytes(100)
	bigPDF := pdfBytes(300 << 10)
	truncatedSmall := smallPDF[:len(smallPDF)-40]
	truncatedBig := bigPDF[:len(bigPDF)*2/3]
	bigXLSX := xlsxBytes(t, 300<<10)
	corruptXLSX := bigXLSX[:len(bigXLSX)-50]
	smallZip := xlsxBytes(t, 100)
	corruptZip := smallZip[:len(smallZip)-30]
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")

	mux := http.NewServeMux()
	handle := func(p string, h http.HandlerFunc) { mux.HandleFunc(p, h) }
	handle("/html.pdf", func(w http.ResponseWriter, r *http.Request) { writeHTML(w, 200, systemPage) })
	handle("/missing.pdf", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("页面不存在", "返回首页"))
	})
	handle("/empty.docx", ranges( // ServeContent answers 200 for an empty file
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document", nil))
	handle("/empty-whole.docx", whole("application/octet-stream", nil))
	handle("/valid-small.pdf", whole("application/pdf", smallPDF))
	handle("/truncated-small.pdf", whole("application/pdf", truncatedSmall))
	handle("/valid-big.pdf", ranges("application/pdf", bigPDF))
	handle("/truncated-big.pdf", ranges("application/pdf", truncatedBig))
	handle("/truncated-big-whole.pdf", whole("application/pdf", truncatedBig))
	handle("/valid-big.xlsx", ranges("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bigXLSX))
	handle("/corrupt-big.xlsx", ranges("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", corruptXLSX))
	handle("/corrupt-whole.xlsx", whole("application/octet-stream", corruptXLSX))
	handle("/png.doc", whole("application/msword", png))
	handle("/pdf-as-html.pdf", whole("text/html", smallPDF))
	handle("/download.jsp", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("id") {
		case "3": // a corrupt zip, raw UTF-8 name
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", "attachment; filename=\"2026年招生计划.zip\"")
			w.Write(corruptZip)
		case "4": // the same, its name in GBK bytes and unquoted
			w.Header().Set("Content-Type", "application/x-download")
			w.Header().Set("Content-Disposition", "attachment;filename=\xd5\xd0\xc9\xfa.zip")
			w.Write(corruptZip)
		case "5": // a valid zip, RFC 5987 name
			w.Header().Set("Content-Type", "application/zip")
			w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''%E6%8B%9B%E7%94%9F.zip")
			w.Write(smallZip)
		case "6": // a big truncated PDF, Range supported: the tail is asked for
			w.Header().Set("Content-Disposition", `attachment; filename="report.pdf"`)
			ranges("application/pdf", truncatedBig)(w, r)
		case "7": // an error page with the attachment header
			w.Header().Set("Content-Disposition", `attachment; filename="a.pdf"`)
			writeHTML(w, 200, systemPage)
		default: // a page
			writeHTML(w, 200, page("下载中心", okPage))
		}
	})
	srv, rec := serve(t, mux.ServeHTTP)
	p := newProber(t, Options{})

	cases := []struct {
		path    string
		class   checks.Class
		rule    string
		problem string // "-": no file facts
		ranges  []string
	}{
		{"/html.pdf", checks.OK, "", filetype.HTMLInsteadOfFile, []string{"bytes=0-65535"}},
		{"/missing.pdf", checks.Broken, RuleSoft404, filetype.HTMLInsteadOfFile, []string{"bytes=0-65535"}},
		{"/empty.docx", checks.OK, "", filetype.EmptyFile, []string{"bytes=0-65535"}},
		{"/empty-whole.docx", checks.OK, "", filetype.EmptyFile, []string{"bytes=0-65535"}},
		{"/valid-small.pdf", checks.OK, "", "", []string{"bytes=0-65535"}},
		{"/truncated-small.pdf", checks.OK, "", filetype.PDFTruncated, []string{"bytes=0-65535"}},
		{"/valid-big.pdf", checks.OK, "", "", []string{"bytes=0-65535", "bytes=-1024"}},
		{"/truncated-big.pdf", checks.OK, "", filetype.PDFTruncated, []string{"bytes=0-65535", "bytes=-1024"}},
		{"/truncated-big-whole.pdf", checks.OK, "", filetype.PDFTruncated, []string{"bytes=0-65535"}},
		{"/valid-big.xlsx", checks.OK, "", "", []string{"bytes=0-65535", "bytes=-65558"}},
		{"/corrupt-big.xlsx", checks.OK, "", filetype.ZipCorrupt, []string{"bytes=0-65535", "bytes=-65558"}},
		{"/corrupt-whole.xlsx", checks.OK, "", filetype.ZipCorrupt, []string{"bytes=0-65535"}},
		{"/png.doc", checks.OK, "", filetype.TypeMismatch, []string{"bytes=0-65535"}},
		{"/pdf-as-html.pdf", checks.OK, "", filetype.TypeMismatch, []string{"bytes=0-65535"}},
		{"/download.jsp?id=3", checks.OK, "", filetype.ZipCorrupt, []string{""}},
		{"/download.jsp?id=4", checks.OK, "", filetype.ZipCorrupt, []string{""}},
		{"/download.jsp?id=5", checks.OK, "", "", []string{""}},
		{"/download.jsp?id=6", checks.OK, "", filetype.PDFTruncated, []string{"", "bytes=-1024"}},
		{"/download.jsp?id=7", checks.OK, "", filetype.HTMLInsteadOfFile, []string{""}},
		{"/download.jsp?id=8", checks.OK, "", "-", []string{""}},
	}
	for _, c := range cases {
		before := len(rec.all())
		got := checkURL(t, p, srv.URL+c.path)
		status := 200
		if len(c.ranges) > 1 && c.ranges[0] != "" {
			status = 206 // head and tail asked for: Range honoured
		}
		expect(t, got, c.class, c.rule, status)
		if c.problem == "-" {
			if got.File != nil {
				t.Errorf("%s: a page has file facts %+v", c.path, *got.File)
			}
		} else {
			expectFile(t, got, c.problem)
			if got.File != nil {
				t.Logf("%s: %s %s", c.path, got.File.Problem, got.File.Detail)
			}
		}
		var ranges []string
		for _, q := range rec.all()[before:] {
			if q.Method != http.MethodGet {
				t.Errorf("%s: %s request", c.path, q.Method)
			}
			ranges = append(ranges, q.Range)
		}
		if strings.Join(ranges, " | ") != strings.Join(c.ranges, " | ") {
			t.Errorf("%s: Range headers %q, want %q", c.path, ranges, c.ranges)
		}
		if strings.HasPrefix(c.path, "/download.jsp?id=") && c.problem != "-" && !got.File.Attachment {
			t.Errorf("%s: Content-Disposition: attachment not recorded", c.path)
		}
	}
}

// TestAttachmentTailNotJudged: when the end cannot be had — the tail
// request fails, the range that comes back is not the head, the length is
// unknown — the end is not judged, and the link still works.
func TestAttachmentTailNotJudged(t *testing.T) {
	t.Parallel()
	truncated := pdfBytes(300 << 10)
	truncated = truncated[:len(truncated)/2]
	mux := http.NewServeMux()
	mux.HandleFunc("/tail-500.pdf", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Range"), "bytes=-") {
			w.WriteHeader(500)
			return
		}
		ranges("application/pdf", truncated)(w, r)
	})
	mux.HandleFunc("/tail-whole.pdf", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Range"), "bytes=-") {
			whole("application/pdf", truncated)(w, r) // a 200 to the tail: not read
			return
		}
		ranges("application/pdf", truncated)(w, r)
	})
	mux.HandleFunc("/unknown-length.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Range", "bytes 0-65535/*")
		w.WriteHeader(206)
		w.Write(truncated[:65536])
	})
	mux.HandleFunc("/wrong-start.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Range", fmt.Sprintf("bytes 100-199/%d", len(truncated)))
		w.WriteHeader(206)
		w.Write(truncated[100:200])
	})
	mux.HandleFunc("/over-cap.pdf", whole("application/pdf", truncated))
	srv, _ := serve(t, mux.ServeHTTP)
	p := newProber(t, Options{FileCap: 100 << 10})
	for _, path := range []string{"/tail-500.pdf", "/tail-whole.pdf", "/unknown-length.pdf", "/over-cap.pdf"} {
		got := checkURL(t, p, srv.URL+path)
		if got.Class != checks.OK || got.File == nil || !got.File.Inspected || got.File.Problem != "" {
			t.Errorf("%s: %+v file %+v, want OK, inspected, no problem", path, got, got.File)
		}
	}
	got := checkURL(t, p, srv.URL+"/wrong-start.pdf")
	if got.Class != checks.OK || got.File == nil || got.File.Inspected {
		t.Errorf("wrong start: %+v file %+v, want OK, not inspected", got, got.File)
	}
}

// countingBody counts the bytes the prober reads of a body.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil {
		resp.Body = countingBody{resp.Body, c.n}
	}
	return resp, err
}

// TestRangeIgnoringServer200MB: a server that ignores Range streams a
// 200 MB PDF (generated as it goes). The prober reads at most FileCap of
// it and returns promptly; the server's writes fail soon after the
// connection is dropped.
func TestRangeIgnoringServer200MB(t *testing.T) {
	t.Parallel()
	const size = 200 << 20
	const fileCap = 1 << 20
	for _, withLength := range []bool{false, true} {
		t.Run(fmt.Sprintf("content-length=%v", withLength), func(t *testing.T) {
			t.Parallel()
			var written atomic.Int64
			handlerDone := make(chan struct{}, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer func() { handlerDone <- struct{}{} }()
				w.Header().Set("Content-Type", "application/pdf")
				if withLength {
					w.Header().Set("Content-Length", strconv.Itoa(size))
				}
				chunk := bytes.Repeat([]byte("0123456789abcdef"), 2048) // 32 KiB
				copy(chunk, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
				for sent := 0; sent < size; sent += len(chunk) {
					n, err := w.Write(chunk)
					written.Add(int64(n))
					if err != nil {
						return
					}
					chunk[0] = '0' // only the first chunk carries the header
				}
			}))
			t.Cleanup(srv.Close)
			var read atomic.Int64
			rt := countingTransport{stack(t, transport.Options{}), &read}
			p := newProber(t, Options{Transport: rt, FileCap: fileCap})
			start := time.Now()
			got := checkURL(t, p, srv.URL+"/files/2026年全市教育统计年鉴.pdf")
			elapsed := time.Since(start)
			expect(t, got, checks.OK, "", 200)
			if got.File == nil || !got.File.Inspected || got.File.Problem != "" {
				t.Errorf("file facts %+v: want inspected (head only), no problem", got.File)
			}
			if n := read.Load(); n > fileCap+1 {
				t.Errorf("the prober read %d bytes; the cap is %d", n, fileCap)
			}
			if elapsed > 5*time.Second {
				t.Errorf("probe took %v", elapsed)
			}
			select {
			case <-handlerDone:
			case <-time.After(hang):
				t.Fatal("the server is still writing: the connection was not dropped")
			}
			// Socket buffers hold some megabytes; the point is that the
			// server stopped long before 200 MB.
			if w := written.Load(); w > 64<<20 {
				t.Errorf("the server wrote %d MB before the connection dropped", w>>20)
			}
			t.Logf("read %d KiB, server wrote %d KiB, %v", read.Load()>>10, written.Load()>>10, elapsed)
		})
	}
}

func TestContentRange(t *testing.T) {
	for _, c := range []struct {
		in                 string
		first, last, total int64
		ok                 bool
	}{
		{"bytes 0-65535/200000", 0, 65535, 200000, true},
		{"bytes 0-9/*", 0, 9, -1, true},
		{"bytes */0", 0, -1, 0, true},
		{"bytes */1234", 0, -1, 1234, true},
		{"BYTES 10-19/20", 10, 19, 20, true},
		{"bytes 10-20/20", 0, 0, 0, false},
		{"bytes 5-4/20", 0, 0, 0, false},
		{"bytes 0-9", 0, 0, 0, false},
		{"items 0-9/10", 0, 0, 0, false},
		{"", 0, 0, 0, false},
		{"bytes x-9/10", 0, 0, 0, false},
	} {
		f, l, tot, ok := contentRange(c.in)
		if ok != c.ok || (ok && (f != c.first || l != c.last || tot != c.total)) {
			t.Errorf("contentRange(%q) = %d %d %d %v", c.in, f, l, tot, ok)
		}
	}
}

func TestDisposition(t *testing.T) {
	for _, c := range []struct {
		in         string
		attachment bool
		ext        string
	}{
		{`attachment; filename="a.pdf"`, true, "pdf"},
		{`Attachment;filename=report.DOCX`, true, "docx"},
		{"attachment; filename=\"2026年招生计划.zip\"", true, "zip"},
		{"attachment;filename=\xd5\xd0\xc9\xfa.xls", true, "xls"},
		{"attachment; filename*=UTF-8''%E6%8B%9B%E7%94%9F.rar", true, "rar"},
		{`attachment; filename="%E6%8B%9B%E7%94%9F.7z"`, true, "7z"},
		{`inline; filename="a.pdf"`, false, "pdf"},
		{`attachment`, true, ""},
		{`attachment; filename="noext"`, true, ""},
		{``, false, ""},
	} {
		att, name := disposition(c.in)
		if att != c.attachment || extOf(name) != c.ext {
			t.Errorf("disposition(%q) = %v, %q (ext %q)", c.in, att, name, extOf(name))
		}
	}
}

func TestTailRing(t *testing.T) {
	r := newTailRing(8, []byte("abc"))
	if got := string(r.bytes()); got != "abc" {
		t.Errorf("after head: %q", got)
	}
	r.Write([]byte("defgh"))
	r.Write([]byte("ij"))
	if got := string(r.bytes()); got != "cdefghij" {
		t.Errorf("wrapped: %q", got)
	}
	r.Write([]byte("0123456789"))
	if got := string(r.bytes()); got != "23456789" {
		t.Errorf("overwritten: %q", got)
	}
	for i := range 20 {
		r.Write([]byte{byte('A' + i)})
	}
	if got := string(r.bytes()); got != "MNOPQRST" {
		t.Errorf("byte by byte: %q", got)
	}
}

// BenchmarkAttachmentProbe probes distinct ~200 KB attachments on a local
// server that honours Range (a head and a tail request each), and one
// that ignores it (the whole file read).
func BenchmarkAttachmentProbe(b *testing.B) {
	pdf := pdfBytes(200 << 10)
	xlsx := xlsxBytes(b, 200<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/whole/"):
			whole("application/pdf", pdf)(w, r)
		case strings.HasSuffix(r.URL.Path, ".xlsx"):
			ranges("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx)(w, r)
		default:
			ranges("application/pdf", pdf)(w, r)
		}
	}))
	b.Cleanup(srv.Close)
	for _, c := range []struct{ name, path string }{
		{"ranged-pdf", "/files/%d.pdf"},
		{"ranged-xlsx", "/files/%d.xlsx"},
		{"whole-pdf", "/whole/%d.pdf"},
	} {
		b.Run(c.name, func(b *testing.B) {
			p := newProber(b, Options{})
			ctx := context.Background()
			i := 0
			for b.Loop() {
				s := p.Check(ctx, srv.URL+fmt.Sprintf(c.path, i))
				if s.Class != checks.OK || s.File == nil || !s.File.Inspected || s.File.Problem != "" {
					b.Fatalf("%+v %+v", s, s.File)
				}
				i++
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "probes/s")
		})
	}
	b.Run("parallel-ranged-pdf", func(b *testing.B) {
		p := newProber(b, Options{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p.Start(ctx)
		b.ResetTimer()
		for i := range b.N {
			p.Submit(fmt.Sprintf("%s/files/p%d.pdf", srv.URL, i))
		}
		p.Wait()
		b.StopTimer()
		for _, s := range slices.Collect(p.Each) {
			if s.Class != checks.OK || s.File == nil || s.File.Problem != "" {
				b.Fatalf("%+v %+v", s, s.File)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "probes/s")
	})
}

func TestReadAtMost(t *testing.T) {
	data := noise(100_000, 3)
	for _, c := range []struct {
		limit, hint int64
		want        int
	}{
		{65536, -1, 65536},
		{65536, 100_000, 65536},
		{65536, 20_000, 65536}, // a wrong hint only costs a reallocation
		{200_000, 100_000, 100_000},
		{200_000, -1, 100_000},
		{10, 10, 10},
	} {
		got, err := readAtMost(iotest.OneByteReader(bytes.NewReader(data)), c.limit, c.hint)
		if err != nil || len(got) != c.want || !bytes.Equal(got, data[:c.want]) {
			t.Errorf("limit %d hint %d: %d bytes, %v; want %d", c.limit, c.hint, len(got), err, c.want)
		}
		got, err = readAtMost(bytes.NewReader(data), c.limit, c.hint)
		if err != nil || len(got) != c.want {
			t.Errorf("limit %d hint %d: %d bytes, %v; want %d", c.limit, c.hint, len(got), err, c.want)
		}
	}
	if _, err := readAtMost(iotest.TimeoutReader(bytes.NewReader(data)), 65536, -1); err == nil {
		t.Error("a read error was lost")
	}
}

// TestOnFileFetchesOnce pins the requests for a text-bearing attachment
// from a server that honours Range: a file within the head arrives whole
// with the first GET and is handed on from it; a longer one is fetched
// whole once more, which also holds its end (no separate tail request); one
// over FileCap has only its tail asked for, and no text read.
func TestOnFileFetchesOnce(t *testing.T) {
	t.Parallel()
	const head = 64 << 10
	big := pdfOfSize(t, 200<<10)
	for _, c := range []struct {
		name    string
		pdf     []byte
		fileCap int64
		ranges  string // the requests' Range headers
		problem string
		text    bool // OnFile had the file
	}{
		{"small", pdfOfSize(t, 1000), 0, "bytes=0-65535", "", true},
		{"head exactly", pdfOfSize(t, head), 0, "bytes=0-65535", "", true},
		{"one byte over the head", pdfOfSize(t, head+1), 0, "bytes=0-65535 | ", "", true},
		{"truncated", big[:150<<10], 0, "bytes=0-65535 | ", filetype.PDFTruncated, false},
		{"at FileCap", big, 200 << 10, "bytes=0-65535 | ", "", true},
		{"over FileCap", big, 200<<10 - 1, "bytes=0-65535 | bytes=-1024", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, ranges("application/pdf", c.pdf))
			var mu sync.Mutex
			var got []byte
			p := newProber(t, Options{FileCap: c.fileCap, OnFile: func(_, _ string, data []byte) {
				mu.Lock()
				got = data
				mu.Unlock()
			}})
			st := checkURL(t, p, srv.URL+"/attach/0/2024年预算公开.pdf")
			expect(t, st, checks.OK, "", 206)
			expectFile(t, st, c.problem)
			var rs []string
			for _, q := range rec.all() {
				rs = append(rs, q.Range)
			}
			if strings.Join(rs, " | ") != c.ranges {
				t.Errorf("Range headers %q, want %q", rs, c.ranges)
			}
			mu.Lock()
			defer mu.Unlock()
			if c.text != (got != nil) || got != nil && !bytes.Equal(got, c.pdf) {
				t.Errorf("OnFile had %d bytes, want the file's %d: %v", len(got), len(c.pdf), c.text)
			}
		})
	}
}

// pdfOfSize is pdfBytes padded to exactly n bytes.
func pdfOfSize(t *testing.T, n int) []byte {
	pad := max(0, n-len(pdfBytes(0)))
	for range 10 {
		b := pdfBytes(pad)
		if len(b) == n {
			return b
		}
		pad += n - len(b)
	}
	t.Fatalf("no PDF of %d bytes", n)
	return nil
}
