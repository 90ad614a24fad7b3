package homepage

import (
	"testing"
	"time"

	"govaudit/checks"
)

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func findings(site *checks.Site) []checks.Finding {
	var out []checks.Finding
	Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { out = append(out, f) }})
	return out
}

func TestHomepage(t *testing.T) {
	home := func(dates ...string) *checks.PageSummary {
		p := &checks.PageSummary{URL: "http://a.gov.cn/", Home: true}
		for _, s := range dates {
			p.Items = append(p.Items, checks.Item{Date: day(s)})
		}
		return p
	}
	for _, tc := range []struct {
		name    string
		site    *checks.Site
		rule    string
		unknown bool
	}{
		{"fresh", &checks.Site{AsOf: day("2026-11-29"), Home: home("2026-11-27", "2026-10-01")}, "", false},
		{"9 days", &checks.Site{AsOf: day("2026-11-29"), Home: home("2026-11-20")}, "", false},
		{"10 days warns", &checks.Site{AsOf: day("2026-11-29"), Home: home("2026-11-19")}, "update-warning", false},
		{"14 days vetoes", &checks.Site{AsOf: day("2026-11-29"), Home: home("2026-11-15")}, "not-updated", false},
		{"future dates do not count", &checks.Site{AsOf: day("2026-11-29"), Home: home("2027-01-01", "2026-11-01")}, "not-updated", false},
		{"no dates, history says changed 20 days ago", &checks.Site{AsOf: day("2026-11-29"), Home: home(), HomeChanged: day("2026-11-09")}, "not-updated", false},
		{"no dates, no history", &checks.Site{AsOf: day("2026-11-29"), Home: home()}, "", true},
		{"unreachable", &checks.Site{AsOf: day("2026-11-29"), HomeStatus: checks.LinkStatus{Class: checks.Broken, Rule: "timeout", Detail: "超时"}}, "unreachable", false},
	} {
		got := findings(tc.site)
		rule := ""
		if len(got) > 0 {
			rule = got[0].Rule
		}
		if rule != tc.rule || len(got) > 1 {
			t.Errorf("%s: findings %+v, want rule %q", tc.name, got, tc.rule)
		}
		if tc.site.Home != nil {
			if last, _ := Updated(tc.site); last.IsZero() != tc.unknown {
				t.Errorf("%s: Updated = %v", tc.name, last)
			}
		}
	}
}
