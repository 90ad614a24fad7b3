package homepage

import (
	"testing"

	"govaudit/checks"
)

// TestUpdateBoundariesMutation pins the homepage update lines of domain.md
// §1 day by day: no new information for 2 weeks (14 days) is a veto
// (not-updated, error); monitoring vendors warn from 10 days
// (update-warning). Both "at or above".
func TestUpdateBoundariesMutation(t *testing.T) {
	for _, tc := range []struct {
		last     string
		rule     string
		severity checks.Severity
	}{
		{"2026-11-20", "", ""},                           // 9 days
		{"2026-11-19", "update-warning", checks.Warning}, // 10 days
		{"2026-11-18", "update-warning", checks.Warning}, // 11 days
		{"2026-11-16", "update-warning", checks.Warning}, // 13 days
		{"2026-11-15", "not-updated", checks.Error},      // 14 days
		{"2026-11-14", "not-updated", checks.Error},      // 15 days
	} {
		site := &checks.Site{AsOf: day("2026-11-29"), Home: &checks.PageSummary{URL: "http://a.gov.cn/", Home: true,
			Items: []checks.Item{{Date: day(tc.last)}}}}
		got := findings(site)
		switch {
		case tc.rule == "" && len(got) != 0:
			t.Errorf("last update %s: %+v, want no finding", tc.last, got)
		case tc.rule != "" && (len(got) != 1 || got[0].Rule != tc.rule || got[0].Severity != tc.severity):
			t.Errorf("last update %s: %+v, want one %s %s", tc.last, got, tc.severity, tc.rule)
		}
	}
	// The same lines when the homepage shows no dates and its stored
	// content history says when it last changed.
	for _, tc := range []struct {
		changed string
		rule    string
	}{
		{"2026-11-20", ""},
		{"2026-11-19", "update-warning"},
		{"2026-11-16", "update-warning"},
		{"2026-11-15", "not-updated"},
	} {
		site := &checks.Site{AsOf: day("2026-11-29"), Home: &checks.PageSummary{URL: "http://a.gov.cn/", Home: true},
			HomeChanged: day(tc.changed)}
		got := findings(site)
		rule := ""
		if len(got) == 1 {
			rule = got[0].Rule
		}
		if rule != tc.rule || len(got) > 1 {
			t.Errorf("content unchanged since %s: %+v, want rule %q", tc.changed, got, tc.rule)
		}
	}
}
