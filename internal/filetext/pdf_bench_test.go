package filetext

import (
	"context"
	"fmt"
	"govaudit/internal/filetype"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	var lines []string
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("Line %02d of the notice: the text layer read for checks.", i))
	}
	data := filetype.LinesPDF(lines)
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
	var lines []string
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("Line %02d of the notice: the text layer read for checks.", i))
	}
	p, err := newPoolOf(false)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	inst, err := p.GetInstance(pdfWait)
	if err != nil {
		b.Fatal(err)
	}
	defer inst.Close()
	doc, err := openPDF(inst, filetype.LinesPDF(lines))
	if err != nil {
		b.Fatal(err)
	}
	gs, err := pageGlyphs(inst, nil, requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: 0}})
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
