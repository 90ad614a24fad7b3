package crawl

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkDescribeBody builds the page model of every real government page
// in ../shared/corpus/gov-pages — articles and lists with their navigation,
// sidebars and footers; one op is all of them — the crawl's own cost per
// page, before any check.
func BenchmarkDescribeBody(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "gov-pages", "*.html"))
	if len(files) == 0 {
		b.Skip("../shared/corpus/gov-pages is not beside the checkout")
	}
	type page struct {
		body []byte
		u    *url.URL
	}
	var pages []page
	size := 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse("https://www.example.gov.cn/col/" + filepath.Base(f))
		pages = append(pages, page{body, u})
		size += len(body)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range pages {
			if describeBody(p.body, p.u, now) == nil {
				b.Fatal("no page model")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
}
