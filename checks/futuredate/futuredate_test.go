package futuredate

import (
	"testing"
	"time"

	"govaudit/checks"
)

func TestFutureDate(t *testing.T) {
	day := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	site := &checks.Site{AsOf: day("2026-11-29"), Pages: checks.PagesOf([]*checks.PageSummary{
		{URL: "http://a.gov.cn/today.html", Date: day("2026-11-29").Add(10 * time.Hour), DateSource: "meta"},
		{URL: "http://a.gov.cn/forged.html", Date: day("2026-12-01"), DateSource: "label"},
		{URL: "http://a.gov.cn/list.html", Items: []checks.Item{{URL: "http://a.gov.cn/x.html", Date: day("2027-03-01"), Title: "明年的通知"}, {Date: day("2026-11-01")}}},
	}...)}
	var got []checks.Finding
	Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { got = append(got, f) }})
	if len(got) != 2 || got[0].Page != "http://a.gov.cn/forged.html" || got[1].Target != "http://a.gov.cn/x.html" {
		t.Fatalf("findings %+v", got)
	}
}
