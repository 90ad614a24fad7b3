package outcome

import (
	"testing"
	"time"

	"govaudit/checks"
)

func finding(sev checks.Severity, st FindingStatus) Finding {
	return Finding{Finding: checks.Finding{Severity: sev}, Status: st}
}

// TestFailsAtEachLevel is the exit code of --fail-on: at or above the
// threshold fails, below does not; pending and accepted never count; with
// newOnly only new findings do.
func TestFailsAtEachLevel(t *testing.T) {
	for _, tc := range []struct {
		name      string
		findings  []Finding
		threshold checks.Severity
		newOnly   bool
		want      bool
	}{
		{"error at error", []Finding{finding(checks.Error, Open)}, checks.Error, false, true},
		{"warning below error", []Finding{finding(checks.Warning, New)}, checks.Error, false, false},
		{"warning at warning", []Finding{finding(checks.Warning, New)}, checks.Warning, false, true},
		{"error above warning", []Finding{finding(checks.Error, Open)}, checks.Warning, false, true},
		{"info below warning", []Finding{finding(checks.Info, New)}, checks.Warning, false, false},
		{"info at info", []Finding{finding(checks.Info, New)}, checks.Info, false, true},
		{"never", []Finding{finding(checks.Error, New)}, "", false, false},
		{"pending error", []Finding{finding(checks.Error, Pending)}, checks.Error, false, false},
		{"accepted error", []Finding{finding(checks.Error, Accepted)}, checks.Error, false, false},
		{"open error, new only", []Finding{finding(checks.Error, Open)}, checks.Error, true, false},
		{"new error, new only", []Finding{finding(checks.Error, Open), finding(checks.Error, New)}, checks.Error, true, true},
	} {
		o := &Outcome{Findings: tc.findings}
		if got := o.Fails(tc.threshold, tc.newOnly); got != tc.want {
			t.Errorf("%s: Fails = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCountLeavesOutPendingAndAccepted(t *testing.T) {
	o := &Outcome{
		Findings: []Finding{finding(checks.Error, New), finding(checks.Warning, Open), finding(checks.Info, Open),
			finding(checks.Error, Pending), finding(checks.Error, Accepted)},
		Fixed:      make([]checks.Finding, 2),
		Unverified: make([]checks.Finding, 3),
	}
	want := Counts{Errors: 1, Warnings: 1, Infos: 1, New: 1, Open: 2, Fixed: 2, Pending: 1, Accepted: 1, Unverified: 3}
	if got := o.Count(); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
	if want.Total() != 3 {
		t.Errorf("Total = %d, want 3", want.Total())
	}
}

// TestAcceptanceActiveThroughItsLastDay: until is the last day covered.
func TestAcceptanceActiveThroughItsLastDay(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	until := time.Date(2026, 12, 31, 0, 0, 0, 0, loc)
	a := Acceptance{Until: until}
	for _, tc := range []struct {
		day  time.Time
		want bool
	}{
		{until.AddDate(0, 0, -1), true},
		{until, true},
		{until.AddDate(0, 0, 1), false},
	} {
		if got := a.Active(tc.day); got != tc.want {
			t.Errorf("Active(%s) = %v, want %v", tc.day.Format("2006-01-02"), got, tc.want)
		}
	}
	if !(Acceptance{}).Active(until.AddDate(10, 0, 0)) {
		t.Error("an acceptance without until never expires")
	}
}

func TestBaselineOnlyCompleteAndWhole(t *testing.T) {
	for _, tc := range []struct {
		run      Run
		baseline bool
	}{
		{Run{Status: StatusComplete}, true},
		{Run{Status: StatusComplete, Scope: Scope{MaxPages: 10, Limited: 1}}, false},
		{Run{Status: StatusComplete, Scope: Scope{MaxPages: 10}}, true}, // the limit was not reached
		{Run{Status: StatusInterrupted}, false},
		{Run{Status: StatusRunning}, false},
	} {
		if got := tc.run.IsBaseline(); got != tc.baseline || tc.run.Partial() == tc.baseline {
			t.Errorf("%+v: IsBaseline %v, Partial %v; want baseline %v", tc.run, got, tc.run.Partial(), tc.baseline)
		}
	}
}
