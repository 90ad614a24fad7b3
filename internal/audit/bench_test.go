package audit

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/annualreport"
	"govaudit/checks/attachment"
	"govaudit/checks/column"
	"govaudit/checks/deadlink"
	"govaudit/checks/futuredate"
	"govaudit/checks/homepage"
	"govaudit/checks/interpretation"
	"govaudit/checks/personalinfo"
	"govaudit/checks/secrecy"
	"govaudit/checks/wording"
	"govaudit/internal/filetype"
	"govaudit/internal/store"
)

// benchSite serves a generated disclosure site of n article pages, each
// 20–40 KB with navigation, related links, two attachments and two
// external links, like a real CMS. Pages are built on request from shared
// pieces, so the server costs what a real one would, not memory.
type benchSite struct {
	n      int
	filler string
	pdf    []byte // every attachment: a valid 20 KB PDF
	served atomic.Int64
}

func newBenchSite(n int) *benchSite {
	para := "为深入贯彻落实党的二十大精神，进一步推进教育高质量发展，根据省教育厅工作部署，结合我市实际，现就做好有关工作通知如下。各区、县（市）教育局要高度重视，加强组织领导，确保各项工作落到实处。"
	return &benchSite{n: n, filler: "<p>" + strings.Repeat(para, 6) + "</p>\n", pdf: benchPDF(20 << 10)}
}

// benchPDF builds a valid one-page PDF (cross-reference table, %%EOF) of
// about size bytes.
func benchPDF(size int) []byte {
	fill := strings.Repeat("% scanned page data 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\n", size/56+1)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(fill), fill),
	}
	return filetype.AssemblePDF(objects, "")
}

func (s *benchSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.served.Add(1)
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/files/"):
		// A real file, Range honoured, as a CMS's web server serves it.
		w.Header().Set("Content-Type", "application/pdf")
		http.ServeContent(w, r, "", time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC), bytes.NewReader(s.pdf))
		return
	case strings.HasPrefix(p, "/ext/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>外部网站 %s</title></head><body>%s</body></html>", p, s.filler)
		return
	case p == "/robots.txt":
		http.NotFound(w, r)
		return
	}
	i := 0
	if p != "/" {
		var err error
		i, err = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/art/"), ".html"))
		if err != nil || i < 0 || i >= s.n {
			http.NotFound(w, r)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于做好2026年教育工作的通知（%d）</title>
<meta name="SiteName" content="澜江市教育局"><meta name="ColumnName" content="通知公告"></head><body>
<div class="nav"><ul>`, i)
	for c := 0; c < 30; c++ {
		fmt.Fprintf(&b, `<li><a href="/art/%d.html">栏目%d</a></li>`, c, c)
	}
	b.WriteString(`</ul></div><div class="crumb">当前位置：<a href="/">首页</a> &gt; 通知公告</div><div class="content">`)
	words := 20 + i%20 // 20–40 KB
	for k := 0; k < words/2; k++ {
		b.WriteString(s.filler)
	}
	b.WriteString(`</div><ul class="related">`)
	for _, j := range []int{2*i + 1, 2*i + 2, i + 1, (i * 7919) % s.n} {
		if j < s.n {
			fmt.Fprintf(&b, `<li><a href="/art/%d.html">相关文章%d</a></li>`, j, j)
		}
	}
	fmt.Fprintf(&b, `</ul><p>附件：<a href="/files/%d-1.pdf">附件1</a> <a href="/files/%d-2.pdf">附件2</a></p>`, i, i)
	// The same server under another name plays the external sites.
	ext := strings.Replace(r.Host, "127.0.0.1", "localhost", 1)
	fmt.Fprintf(&b, `<p><a href="http://%s/ext/%d.html">浙江政务服务网</a> <a href="http://%s/ext/%d.html">教育部</a></p>`,
		ext, i%500, ext, 500+i%500)
	b.WriteString(`<div class="footer">主办单位：澜江市教育局 网站标识码：3301000001 浙ICP备12345678号</div></body></html>`)
	w.Write([]byte(b.String()))
}

// benchChecks is every check `govaudit audit` runs.
var benchChecks = []*checks.Check{deadlink.Check, attachment.Check, column.Stale, column.Empty, homepage.Check,
	futuredate.Check, wording.Check, personalinfo.Check, secrecy.Check, interpretation.Check, annualreport.Check}

// BenchmarkAuditSite20k audits a generated 20,000-page site with rate
// limits lifted, the server in the same process. It reports pages/s and
// the peak heap sampled during the run.
func BenchmarkAuditSite20k(b *testing.B) {
	benchAudit(b, 20000)
}

// BenchmarkAuditSite2k is the same on 2,000 pages, for quick comparisons.
func BenchmarkAuditSite2k(b *testing.B) {
	benchAudit(b, 2000)
}

func benchAudit(b *testing.B, n int) {
	site := newBenchSite(n)
	srv := httptest.NewServer(site)
	defer srv.Close()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		st, err := store.Open(filepath.Join(dir, "bench.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		var peak atomic.Uint64
		stop := sampleHeap(&peak)
		start := time.Now()
		res, err := Run(context.Background(), Config{
			Start: srv.URL + "/", Checks: benchChecks, Rate: 0, Parallel: 16,
			MaxPages: n + 10, Retries: 1, Backoff: 10 * time.Millisecond,
		}, st)
		elapsed := time.Since(start)
		stop()
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		if res.Run.Pages < n {
			b.Fatalf("crawled %d pages, want %d", res.Run.Pages, n)
		}
		// The generated site publishes no annual report: the one warning
		// it deserves. Anything else is a false alarm.
		for _, f := range res.Findings {
			if f.Rule != "missing-report" {
				b.Fatalf("%d findings on a site without problems, among them %+v", len(res.Findings), f)
			}
		}
		b.ReportMetric(float64(res.Run.Pages)/elapsed.Seconds(), "pages/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(site.served.Load())/elapsed.Seconds(), "requests/s")
		site.served.Store(0)
	}
}

func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
