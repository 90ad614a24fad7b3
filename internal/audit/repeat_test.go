package audit

import (
	"strings"
	"testing"

	"govaudit/checks"
)

func TestAggregateRepeats(t *testing.T) {
	f := func(page, subject string) checks.Finding {
		return checks.Finding{Check: "banned-wording", Rule: "r", Page: page, Subject: subject, Evidence: "页脚：" + subject,
			Message: "第 " + page + " 页"}
	}
	s := newSpill(t.TempDir())
	defer s.close()
	// One batch a page, as pageCap hands them over.
	s.add([]checks.Finding{f("http://a.gov.cn/3.html", "攻府")})
	s.add([]checks.Finding{f("http://a.gov.cn/1.html", "攻府"), f("http://a.gov.cn/1.html", "秸杆")})
	s.add([]checks.Finding{f("http://a.gov.cn/2.html", "攻府"), f("http://a.gov.cn/2.html", "秸杆")})
	// Twice on one page and once on another: two pages, not three.
	s.add([]checks.Finding{f("http://a.gov.cn/4.html", "挂帅"), f("http://a.gov.cn/4.html", "挂帅")})
	s.add([]checks.Finding{f("http://a.gov.cn/5.html", "挂帅")})
	var got []checks.Finding
	if err := aggregateRepeats(s.each, "http://a.gov.cn/", func(f checks.Finding) { got = append(got, f) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("got %d findings, want 1 folded + 2 + 3 kept: %+v", len(got), got)
	}
	folded := 0
	for _, g := range got {
		if g.Page != "http://a.gov.cn/" {
			if g.Subject == "攻府" {
				t.Errorf("a finding on three pages was not folded: %+v", g)
			}
			continue
		}
		folded++
		// The folded finding is the one on the first page by URL,
		// whatever order the pages were read in.
		if g.Subject != "site|攻府" || g.Message != "第 http://a.gov.cn/1.html 页（在 3 个页面重复出现，多为页眉、页脚或导航中的固定内容；首见于 http://a.gov.cn/1.html）" ||
			g.Target != "" || g.Fingerprint != "" {
			t.Errorf("folded finding = %+v", g)
		}
	}
	if folded != 1 {
		t.Errorf("%d folded findings, want 1", folded)
	}
	if !strings.Contains(got[len(got)-1].Message, "首见于") {
		// Folded findings come after the pass over the spill.
		t.Errorf("last finding %+v, want the folded one", got[len(got)-1])
	}
}
