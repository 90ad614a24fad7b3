package audit

import (
	"strings"
	"testing"

	"govaudit/checks"
)

func TestAggregateRepeats(t *testing.T) {
	f := func(page, subject string) checks.Finding {
		return checks.Finding{Check: "banned-wording", Rule: "r", Page: page, Subject: subject, Evidence: "页脚：" + subject}
	}
	got := aggregateRepeats([]checks.Finding{
		f("http://a.gov.cn/3.html", "攻府"), f("http://a.gov.cn/1.html", "攻府"), f("http://a.gov.cn/2.html", "攻府"),
		f("http://a.gov.cn/1.html", "秸杆"), f("http://a.gov.cn/2.html", "秸杆"),
	}, "http://a.gov.cn/")
	if len(got) != 3 {
		t.Fatalf("got %d findings, want 1 folded + 2 kept: %+v", len(got), got)
	}
	site := got[0]
	if site.Page != "http://a.gov.cn/" || !strings.Contains(site.Message, "在 3 个页面重复出现") || !strings.Contains(site.Message, "首见于 http://a.gov.cn/1.html") {
		t.Errorf("folded finding = %+v", site)
	}
	for _, g := range got[1:] {
		if g.Subject != "秸杆" || g.Page == "http://a.gov.cn/" {
			t.Errorf("a finding on two pages was folded: %+v", g)
		}
	}
}
