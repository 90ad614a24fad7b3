package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

// buildStore fills a store with runs × perRun findings the way nightly
// audits do: most findings persist from run to run, a few change.
func buildStore(b *testing.B, path string, runs, perRun int) (*store.Store, string) {
	b.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	site := "http://jyj.lanjiang.gov.cn/"
	start := time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC)
	for r := 0; r < runs; r++ {
		run, err := st.BeginRun(site, start.AddDate(0, 0, r))
		if err != nil {
			b.Fatal(err)
		}
		o := &outcome.Outcome{Run: run}
		o.Run.Status = outcome.StatusComplete
		o.Run.Finished = run.Started.Add(40 * time.Minute)
		o.Run.AsOf = run.Started
		for i := 0; i < perRun; i++ {
			n := i + r*perRun/50 // 2% turnover a night
			f := checks.Finding{Check: "dead-link", Severity: checks.Error, Rule: "http-404",
				Page:     fmt.Sprintf("http://jyj.lanjiang.gov.cn/xxgk/tzgg/2026%02d/t2026%04d_%d.html", n%12+1, n%1000, n),
				Target:   fmt.Sprintf("http://jyj.lanjiang.gov.cn/files/%d.pdf", n),
				Column:   "通知公告",
				Message:  "链接无法打开：HTTP 404 页面不存在",
				Evidence: fmt.Sprintf("链接“关于做好2026年第%d批招生工作的通知”", n)}
			f.Fingerprint = checks.Fingerprint(f)
			o.Findings = append(o.Findings, outcome.Finding{Finding: f, Status: outcome.Open})
		}
		o.Run.Counts = o.Count()
		if err := st.Save(o, nil); err != nil {
			b.Fatal(err)
		}
	}
	return st, site
}

// BenchmarkReportFromStore renders every format of the latest run from a
// store of 100 runs × 10,000 findings, and reports the file's size.
func BenchmarkReportFromStore(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.db")
	began := time.Now()
	st, site := buildStore(b, path, 100, 10000)
	defer st.Close()
	fi, _ := os.Stat(path)
	b.Logf("store: 100 runs × 10,000 findings built in %s, file %.1f MB", time.Since(began).Round(time.Millisecond), float64(fi.Size())/(1<<20))
	b.ReportMetric(float64(fi.Size())/(1<<20), "store-MB")
	for _, format := range report.Formats {
		b.Run(format, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				latest, _, err := st.Latest(site)
				if err != nil {
					b.Fatal(err)
				}
				o, err := st.Outcome(site, latest.ID)
				if err != nil {
					b.Fatal(err)
				}
				trend, err := st.Runs(site)
				if err != nil {
					b.Fatal(err)
				}
				var buf bytes.Buffer
				if err := report.Render(&buf, format, o, report.Options{Trend: trend}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(buf.Len())/(1<<20), "out-MB")
			}
		})
	}
}
