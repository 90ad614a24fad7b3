package audit_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"govaudit/checks"
	"govaudit/checks/wording"
	"govaudit/rules"
)

// Case: a site whose every page carries many different wording problems
// (the issue measured 217 a page: 432,001 findings and 2 GB by 2,000
// pages). One check lists at most 20 findings a page, the last saying how
// many more stand there, and at most 2,000 for the site, the rest counted.
func TestHostileFindingsFlood(t *testing.T) {
	var hits []string
	for _, r := range rules.DefaultWording().Rules {
		if len(r.Hit) > 0 && r.From.IsZero() && r.Kind == "substitution" {
			hits = append(hits, r.Hit[0])
		}
	}
	const perPage, pages = 60, 150
	if len(hits) < perPage {
		t.Fatalf("only %d rules with hit examples", len(hits))
	}
	hits = hits[:perPage]
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			var b strings.Builder
			for i := range pages {
				fmt.Fprintf(&b, `<a href="/art/%d.html">第%d篇</a> `, i, i)
			}
			hostilePage(w, "临江市教育局", b.String())
			return
		}
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/art/%d.html", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		for i, h := range hits {
			// Each sentence differs from page to page: no template text.
			fmt.Fprintf(&b, "<p>第%d篇第%d段：%s</p>", n, i, h)
		}
		hostilePage(w, fmt.Sprintf("第%d篇", n), b.String())
	}))
	cfg := hostileConfig(srv.URL + "/")
	cfg.Checks = []*checks.Check{wording.Check}
	out := hostileRun(t, cfg)
	res := hostileMustFinish(t, out)
	byPage := map[string]int{}
	more := map[string]int{}
	for _, f := range res.Findings {
		byPage[f.Page]++
		more[f.Page] += f.More
	}
	if len(res.Findings) != 2000 {
		t.Errorf("%d findings listed, want the site cap of 2000", len(res.Findings))
	}
	if got := res.Capped[wording.ID]; got != pages*20-2000 {
		t.Errorf("capped %d, want %d (150 pages × 20 listed − 2000)", got, pages*20-2000)
	}
	for p, n := range byPage {
		if n != 20 {
			t.Errorf("%s: %d findings, want 20", p, n)
		}
		if more[p] != perPage-20 {
			t.Errorf("%s: more %d, want %d", p, more[p], perPage-20)
		}
	}
	saying := 0
	for _, f := range res.Findings {
		if f.More > 0 {
			saying++
			if f.More != perPage-20 || !strings.Contains(f.Message, fmt.Sprintf("本页另有 %d 处同类问题未列出", perPage-20)) {
				t.Errorf("%s: more %d, message %q", f.Page, f.More, f.Message)
			}
		}
	}
	if saying != len(byPage) {
		t.Errorf("%d findings say how many more, want one a page (%d)", saying, len(byPage))
	}
	if out.heapPeak > hostileHeapLimit {
		t.Errorf("peak heap +%s, want < %s", hostileMB(out.heapPeak), hostileMB(hostileHeapLimit))
	}
	t.Logf("%d findings listed, %d capped; peak heap +%s; %v", len(res.Findings), res.Capped[wording.ID], hostileMB(out.heapPeak), out.elapsed)
}
