package audit

import (
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

// The veto lines of 国办秘函〔2019〕19号 (domain.md §1), "at or above"
// everywhere, and the vendors' earlier warnings: each line pinned below,
// at and above its boundary with the numbers of the rulebook, not the
// constants of standing.go.

// findingsNaming returns n findings that each name veto line id.
func findingsNaming(id string, n int) map[string]int {
	return map[string]int{id: n}
}

func lineOf(t *testing.T, lines []outcome.VetoLine, id string) outcome.VetoLine {
	t.Helper()
	for _, l := range lines {
		if l.ID == id {
			return l
		}
	}
	t.Fatalf("no veto line %s in %+v", id, lines)
	return outcome.VetoLine{}
}

func TestStandingColumnLinesMutation(t *testing.T) {
	site := &checks.Site{AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		id    string
		n     int
		level outcome.Level
	}{
		// (a) 动态要闻 + 通知公告/政策文件 not updated: veto at 5 or more;
		// warning from 3.
		{outcome.VetoStaleA, 0, outcome.Pass},
		{outcome.VetoStaleA, 2, outcome.Pass},
		{outcome.VetoStaleA, 3, outcome.Warn},
		{outcome.VetoStaleA, 4, outcome.Warn},
		{outcome.VetoStaleA, 5, outcome.Fail},
		{outcome.VetoStaleA, 6, outcome.Fail},
		// (b) columns that should update but have not: veto at 10 or
		// more; vendors warn at more than 6.
		{outcome.VetoStaleB, 6, outcome.Pass},
		{outcome.VetoStaleB, 7, outcome.Warn},
		{outcome.VetoStaleB, 9, outcome.Warn},
		{outcome.VetoStaleB, 10, outcome.Fail},
		{outcome.VetoStaleB, 11, outcome.Fail},
		// (c) blank columns: veto at 5 or more; vendors warn at more than 2.
		{outcome.VetoEmptyC, 2, outcome.Pass},
		{outcome.VetoEmptyC, 3, outcome.Warn},
		{outcome.VetoEmptyC, 4, outcome.Warn},
		{outcome.VetoEmptyC, 5, outcome.Fail},
		{outcome.VetoEmptyC, 6, outcome.Fail},
	} {
		l := lineOf(t, standing(site, findingsNaming(tc.id, tc.n), true), tc.id)
		if l.Level != tc.level || l.Value != tc.n {
			t.Errorf("%s with %d columns: level %s value %d, want %s", tc.id, tc.n, l.Level, l.Value, tc.level)
		}
	}
	want := map[string][2]int{outcome.VetoStaleA: {3, 5}, outcome.VetoStaleB: {7, 10}, outcome.VetoEmptyC: {3, 5}}
	for id, wf := range want {
		if l := lineOf(t, standing(site, nil, true), id); l.Warn != wf[0] || l.Fail != wf[1] || l.Unit != "columns" {
			t.Errorf("%s: warn %d fail %d unit %q, want %d %d columns", id, l.Warn, l.Fail, l.Unit, wf[0], wf[1])
		}
	}
	// A crawl that saw part of the site cannot judge column lines, however
	// many it counted.
	for id := range want {
		if l := lineOf(t, standing(site, findingsNaming(id, 12), false), id); l.Level != outcome.Unknown || l.Value != 0 {
			t.Errorf("partial crawl, %s: level %s value %d, want unknown 0", id, l.Level, l.Value)
		}
	}
}

func TestStandingHomepageUpdateMutation(t *testing.T) {
	asOf := time.Date(2026, 11, 29, 12, 0, 0, 0, shanghai)
	for _, tc := range []struct {
		last  time.Time
		days  int
		level outcome.Level
	}{
		// no new information for 2 weeks (14 days) ⇒ veto; vendors warn
		// from 10 days.
		{time.Date(2026, 11, 20, 9, 0, 0, 0, shanghai), 9, outcome.Pass},
		{time.Date(2026, 11, 19, 9, 0, 0, 0, shanghai), 10, outcome.Warn},
		{time.Date(2026, 11, 16, 9, 0, 0, 0, shanghai), 13, outcome.Warn},
		{time.Date(2026, 11, 15, 9, 0, 0, 0, shanghai), 14, outcome.Fail},
		{time.Date(2026, 11, 14, 9, 0, 0, 0, shanghai), 15, outcome.Fail},
		{time.Date(2026, 10, 30, 9, 0, 0, 0, shanghai), 30, outcome.Fail},
	} {
		site := &checks.Site{AsOf: asOf, Home: &checks.PageSummary{URL: "http://jyj.example.gov.cn/", Home: true,
			Items: []checks.Item{{Title: "通知", Date: tc.last}}}}
		l := lineOf(t, standing(site, nil, true), outcome.VetoHomepageUpdated)
		if l.Value != tc.days || l.Level != tc.level || l.Warn != 10 || l.Fail != 14 || l.Unit != "days" {
			t.Errorf("last update %s: %+v, want %d days, %s, warn 10, fail 14", tc.last.Format("2006-01-02"), l, tc.days, tc.level)
		}
	}
	// No homepage, or one without a date and without history: unknown.
	for _, site := range []*checks.Site{
		{AsOf: asOf},
		{AsOf: asOf, Home: &checks.PageSummary{URL: "http://jyj.example.gov.cn/", Home: true}},
	} {
		if l := lineOf(t, standing(site, nil, true), outcome.VetoHomepageUpdated); l.Level != outcome.Unknown {
			t.Errorf("homepage %+v: level %s, want unknown", site.Home, l.Level)
		}
	}
}

func TestStandingHomepageOpenMutation(t *testing.T) {
	asOf := time.Date(2026, 11, 29, 12, 0, 0, 0, shanghai)
	for _, tc := range []struct {
		class checks.Class
		value int
		level outcome.Level
	}{
		{checks.OK, 0, outcome.Pass},
		{checks.Broken, 1, outcome.Fail},
	} {
		site := &checks.Site{AsOf: asOf, HomeStatus: checks.LinkStatus{Class: tc.class, Detail: "超时"}}
		l := lineOf(t, standing(site, nil, true), outcome.VetoHomepageOpen)
		if l.Value != tc.value || l.Level != tc.level || l.Warn != 1 || l.Fail != 1 {
			t.Errorf("homepage %s: %+v, want value %d level %s", tc.class, l, tc.value, tc.level)
		}
	}
}
