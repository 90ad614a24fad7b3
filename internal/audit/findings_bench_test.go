package audit

import (
	"fmt"
	"runtime"
	"testing"

	"govaudit/checks"
)

// BenchmarkFindingsFlood is the hostile case at scale: 20 distinct
// wording findings on each of 50,000 pages (a million), spilled during the
// crawl, then folded, deduplicated and capped at the end. It reports the
// heap the crawl holds for them (crawl-MB), the heap's peak at the end
// (finish-MB, garbage included) and what stays live there; held in memory
// as before, the million findings took 334 MB through the crawl.
//
//	go test ./internal/audit -run '^$' -bench FindingsFlood -benchtime 1x
func BenchmarkFindingsFlood(b *testing.B) {
	const pages, perPage = 50000, 20
	for range b.N {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		s := newSpill(b.TempDir())
		for p := range pages {
			page := fmt.Sprintf("http://www.example.gov.cn/art/2026/11/%d/art_1229_%d.html", p%30, p)
			batch := make([]checks.Finding, perPage)
			for i := range batch {
				batch[i] = checks.Finding{Check: "banned-wording", Severity: checks.Error, Page: page, Rule: fmt.Sprint("typo-", i),
					Message:  "疑似错别字“再接再励”，应为“再接再厉”",
					Evidence: fmt.Sprintf("第%d篇第%d段：希望全体师生再接再励，把各项工作做得更好。", p, i), Subject: fmt.Sprint(i)}
			}
			s.add(batch)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		crawl := ms.HeapAlloc - base
		k := newKeeper(maxPerSite)
		peak := uint64(0)
		n := 0
		report := func(f checks.Finding) {
			f.Fingerprint = checks.Fingerprint(f)
			k.add(f)
			if n++; n%100000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc-base)
			}
		}
		if err := aggregateRepeats(s.each, "http://www.example.gov.cn/", report); err != nil {
			b.Fatal(err)
		}
		kept, capped := k.result()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc-base)
		runtime.GC()
		runtime.ReadMemStats(&ms)
		live := ms.HeapAlloc - base
		runtime.KeepAlive(k)
		s.close()
		if len(kept) != maxPerSite || capped["banned-wording"] != pages*perPage-maxPerSite {
			b.Fatalf("kept %d, capped %v", len(kept), capped)
		}
		b.ReportMetric(float64(crawl)/(1<<20), "crawl-MB")
		b.ReportMetric(float64(peak)/(1<<20), "finish-MB")
		b.ReportMetric(float64(live)/(1<<20), "finish-live-MB")
	}
}
