package filetext

import (
	"context"
	"os"
	"path/filepath"
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
