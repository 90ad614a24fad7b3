package filetext

import (
	"context"
	"fmt"
	"govaudit/internal/filetype"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	var c strings.Builder
	for i := range 30 {
		fmt.Fprintf(&c, "BT /F1 10 Tf 50 %d Td (Line %02d of the notice: the text layer read for checks.) Tj ET\n", 800-20*i, i)
	}
	data := filetype.AssemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, "")
	if text, err := PDF(context.Background(), data, 1<<20); err != nil || !strings.Contains(text, "Line 29") {
		b.Fatal(text, err)
	}
	b.ResetTimer()
	for range b.N {
		PDF(context.Background(), data, 1<<20)
	}
}
