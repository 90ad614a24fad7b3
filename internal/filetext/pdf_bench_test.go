package filetext

import (
	"context"
	"fmt"
	"govaudit/internal/filetype"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// BenchmarkPDF reads the text of a small real PDF again and again, the
// engine warm: the cost per attachment a crawl pays.
func BenchmarkPDF(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.pdf")
	if len(files) == 0 {
		b.Skip("no PDF in testdata")
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		b.Fatal(err)
	}
	if _, err := PDF(context.Background(), data, 1<<20); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, err := PDF(context.Background(), data, 1<<20); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFTextPage reads a page of 1,500 Latin characters (30 lines):
// the cost of a text attachment, per page.
func BenchmarkPDFTextPage(b *testing.B) {
	data := filetype.LinesPDF(textLines())
	if text, err := PDF(context.Background(), data, 1<<20); err != nil || !strings.Contains(text, "Line 29") {
		b.Fatal(text, err)
	}
	b.ResetTimer()
	for range b.N {
		PDF(context.Background(), data, 1<<20)
	}
}

// BenchmarkLayout lays out the glyphs of a page of 1,500 Latin characters
// (30 lines), read once.
func BenchmarkLayout(b *testing.B) {
	inst := testInstance(b)
	gs, err := pageGlyphs(inst, nil, textPage(b, inst))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		out := &buffer{max: 1 << 20}
		layout(gs, out)
	}
}

// textLines are the 30 lines of 50 characters of the benchmarks' page.
func textLines() []string {
	var lines []string
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("Line %02d of the notice: the text layer read for checks.", i))
	}
	return lines
}

// testInstance is a PDFium instance in this process, as a worker's,
// closed at the end of tb.
func testInstance(tb testing.TB) pdfium.Pdfium {
	tb.Helper()
	p, err := newPoolOf(false)
	if err != nil {
		tb.Fatal(err)
	}
	inst, err := p.GetInstance(pdfWait)
	if err != nil {
		p.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		inst.Close()
		p.Close()
	})
	return inst
}

// textPage opens a PDF of textLines in inst and gives its page.
func textPage(tb testing.TB, inst pdfium.Pdfium) requests.Page {
	tb.Helper()
	doc, err := openPDF(inst, filetype.LinesPDF(textLines()))
	if err != nil {
		tb.Fatal(err)
	}
	return requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: 0}}
}
