package audit

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
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
	scan   []byte // every first attachment: a 20 KB PDF of a scanned page (no text layer)
	text   []byte // every second: a PDF with a page of text (1,500 characters)
	served atomic.Int64

	mu      sync.Mutex
	changed map[int]int // article → version (0 unless changed)
}

func newBenchSite(n int) *benchSite {
	para := "为深入贯彻落实党的二十大精神，进一步推进教育高质量发展，根据省教育厅工作部署，结合我市实际，现就做好有关工作通知如下。各区、县（市）教育局要高度重视，加强组织领导，确保各项工作落到实处。"
	return &benchSite{n: n, filler: "<p>" + strings.Repeat(para, 6) + "</p>\n", scan: benchPDF(20 << 10), text: benchTextPDF(30),
		changed: map[int]int{}}
}

// benchPDF builds a valid one-page PDF (cross-reference table, %%EOF) of
// about size bytes, with no font: a scan.
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

// benchTextPDF builds a one-page PDF with lines of text, 50 characters each.
func benchTextPDF(lines int) []byte {
	var ls []string
	for i := range lines {
		ls = append(ls, fmt.Sprintf("Line %02d of the notice: the text layer read for checks.", i))
	}
	return filetype.LinesPDF(ls)
}

func (s *benchSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.served.Add(1)
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/files/"):
		// A real file, Range honoured, as a CMS's web server serves it.
		w.Header().Set("Content-Type", "application/pdf")
		pdf := s.scan
		if strings.HasSuffix(p, "-2.pdf") {
			pdf = s.text
		}
		http.ServeContent(w, r, "", time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC), bytes.NewReader(pdf))
		return
	case strings.HasPrefix(p, "/ext/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>外部网站 %s</title></head><body>%s</body></html>", p, s.filler)
		return
	case p == "/robots.txt":
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(p, "/list/") {
		s.list(w, r, p)
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
	etag := fmt.Sprintf(`"art-%d-v%d"`, i, s.version(i))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于做好2026年教育工作的通知（%d）</title>
<meta name="SiteName" content="澜江市教育局"><meta name="ColumnName" content="通知公告"><meta name="PubDate" content="%s"></head><body>
<div class="nav"><ul>`, i, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i/50).Format("2006-01-02 15:04"))
	for c := 0; c < 30; c++ {
		fmt.Fprintf(&b, `<li><a href="/art/%d.html">栏目%d</a></li>`, c, c)
	}
	b.WriteString(`</ul></div><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/list/0.html">通知公告</a></div>`)
	s.sidebar(&b)
	if i == 0 {
		// The homepage links the column's list, as every real one does.
		b.WriteString(`<p><a href="/list/0.html">通知公告</a></p>`)
	}
	fmt.Fprintf(&b, `<div class="content"><p>第%d版</p>`, s.version(i))
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

// listSize is how many items a list page of the bench site shows.
const listSize = 20

// list serves page k of the column's list: 20 dated items, newest first,
// a pagination bar (共N条 第k/M页, 上一页/下一页/尾页) and the same sidebar, as
// TRS-built sites write them. Every article is on one list page.
func (s *benchSite) list(w http.ResponseWriter, r *http.Request, p string) {
	k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/list/"), ".html"))
	pages := (s.n + listSize - 1) / listSize
	if err != nil || k < 0 || k >= pages {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 通知公告</div>`)
	s.sidebar(&b)
	b.WriteString(`<div class="main"><h2>通知公告</h2><ul class="list">`)
	for j := k * listSize; j < min(s.n, (k+1)*listSize); j++ {
		day := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -j/50)
		fmt.Fprintf(&b, `<li><a href="/art/%d.html">关于做好2026年教育工作的通知（%d）</a><span>%s</span></li>`, j, j, day.Format("2006-01-02"))
	}
	fmt.Fprintf(&b, `</ul><div class="page">共%d条 第%d/%d页 `, s.n, k+1, pages)
	if k > 0 {
		fmt.Fprintf(&b, `<a href="/list/%d.html">上一页</a> `, k-1)
	}
	if k+1 < pages {
		fmt.Fprintf(&b, `<a href="/list/%d.html">下一页</a> <a href="/list/%d.html">尾页</a>`, k+1, pages-1)
	}
	b.WriteString(`</div></div><div class="footer">主办单位：澜江市教育局 浙ICP备12345678号</div></body></html>`)
	w.Write([]byte(b.String()))
}

// sidebar is the 最新发布 widget every page of a real site carries.
func (s *benchSite) sidebar(b *strings.Builder) {
	b.WriteString(`<div class="side"><h3>最新发布</h3><ul>`)
	for j := 0; j < 6 && j < s.n; j++ {
		fmt.Fprintf(b, `<li><a href="/art/%d.html">关于做好2026年教育工作的通知（%d）</a><span>2026-11-28</span></li>`, j, j)
	}
	b.WriteString(`</ul></div>`)
}

// version is an article's content version: changed ones (a night of the
// incremental benchmark) are served anew, with a new ETag.
func (s *benchSite) version(i int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed[i]
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

// BenchmarkAuditSite5k and BenchmarkAuditSite100k give, with 20k, the
// growth of time and memory with the site (issue 11: exponent ≤ 1.05).
func BenchmarkAuditSite5k(b *testing.B)   { benchAudit(b, 5000) }
func BenchmarkAuditSite100k(b *testing.B) { benchAudit(b, 100000) }

// BenchmarkIncrementalNights audits a 20,000-page site fully, then runs
// an incremental night with 20 articles changed, at a budget of 7,200
// page requests (30 minutes at 4 requests/s; the bench lifts the rate so
// it does not take them). It reports the second night's requests, its
// wall time, and what it read.
func BenchmarkIncrementalNights(b *testing.B) {
	const n = 20000
	site := newBenchSite(n)
	srv := httptest.NewServer(site)
	defer srv.Close()
	for i := 0; i < b.N; i++ {
		st, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		night := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
		cfg := Config{Start: srv.URL + "/", Checks: benchChecks, Rate: 0, Parallel: 16, MaxPages: n + 2000,
			Retries: 1, Backoff: 10 * time.Millisecond, Incremental: true, Budget: 7200,
			Now: func() time.Time { return night }}
		if _, err := Run(context.Background(), cfg, st); err != nil {
			b.Fatal(err)
		}
		site.mu.Lock()
		for j := 0; j < 20; j++ {
			site.changed[j*997%n]++
		}
		site.mu.Unlock()
		site.served.Store(0)
		night = night.Add(24 * time.Hour)
		start := time.Now()
		res, err := Run(context.Background(), cfg, st)
		elapsed := time.Since(start)
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		c := res.Cycle
		if c == nil {
			b.Fatal("the second night was not incremental")
		}
		b.ReportMetric(float64(c.Requests), "requests/night")
		b.ReportMetric(elapsed.Seconds(), "s/night")
		b.ReportMetric(float64(c.Lists+c.Slice+c.New), "pages-read")
		b.ReportMetric(float64(c.NotModified), "not-modified")
		b.ReportMetric(float64(c.Nights), "nights/cycle")
		b.ReportMetric(float64(c.Requests)/4/60, "min-at-4rps")
	}
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
			Start: srv.URL + "/", Checks: benchChecks, Rate: 0, Parallel: benchParallel(),
			MaxPages: 2*n + 100, Retries: 1, Backoff: 10 * time.Millisecond,
		}, st)
		elapsed := time.Since(start)
		stop()
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		if res.Run.Pages < n || res.Run.Partial() {
			// A run cut by --max-pages skips the whole-site checks: it
			// would measure less than an audit does.
			b.Fatalf("crawled %d pages (partial: %v), want all %d", res.Run.Pages, res.Run.Partial(), n)
		}
		// The generated site publishes no annual report: the one warning
		// it deserves, and the sign the whole-site checks ran. Anything
		// else is a false alarm.
		if len(res.Findings) != 1 || res.Findings[0].Rule != "missing-report" {
			b.Fatalf("%d findings, want the one missing-report: %+v", len(res.Findings), res.Findings)
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
		// GOVAUDIT_BENCH_HEAP=file writes a heap profile each time the
		// heap grows 10 % past the last one written: the last is the peak's.
		path, written := os.Getenv("GOVAUDIT_BENCH_HEAP"), uint64(0)
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			if path != "" && ms.HeapInuse > written+written/10 {
				if f, err := os.Create(path); err == nil {
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
					written = ms.HeapInuse
				}
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

// benchParallel is the --parallel of the full-run benchmarks: 16, or what
// GOVAUDIT_BENCH_PARALLEL says (to compare defaults).
func benchParallel() int {
	if n, err := strconv.Atoi(os.Getenv("GOVAUDIT_BENCH_PARALLEL")); err == nil && n > 0 {
		return n
	}
	return 16
}

// TestServeBenchSite serves the benchmark's generated site on its own, for
// measuring the govaudit command (or another link checker) as a separate
// process, whose RSS and CPU then exclude the server's:
//
//	GOVAUDIT_BENCH_SERVE=127.0.0.1:8799 GOVAUDIT_BENCH_PAGES=100000 \
//	  go test ./internal/audit -run TestServeBenchSite -timeout 0 &
//	/usr/bin/time -v govaudit audit http://127.0.0.1:8799/ --rate 0 --parallel 16 \
//	  --max-pages 100010 --db /tmp/bench.db --fail-on never --progress=false >/dev/null
//
// GOVAUDIT_BENCH_PDF=scan serves the scan for every attachment: no text to
// read, for comparing the crawl and its checks with a links-only checker.
// GET /__stats answers how many requests it has served (itself not
// counted), for comparing what two tools asked of it.
//
// It serves until killed; without GOVAUDIT_BENCH_SERVE it is skipped.
func TestServeBenchSite(t *testing.T) {
	addr := os.Getenv("GOVAUDIT_BENCH_SERVE")
	if addr == "" {
		t.Skip("GOVAUDIT_BENCH_SERVE not set")
	}
	n, err := strconv.Atoi(os.Getenv("GOVAUDIT_BENCH_PAGES"))
	if err != nil || n <= 0 {
		n = 20000
	}
	t.Logf("serving a %d-page site on http://%s/", n, addr)
	site := newBenchSite(n)
	if os.Getenv("GOVAUDIT_BENCH_PDF") == "scan" {
		site.text = site.scan
	}
	t.Fatal(http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__stats" {
			fmt.Fprintf(w, "requests %d\n", site.served.Load())
			return
		}
		site.ServeHTTP(w, r)
	})))
}
