package audit_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"govaudit/checks"
	"govaudit/internal/audit"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// TestHistoryBaselines builds one store from real audits of the demo site
// in several states and checks what each run claims: a limited run and an
// interrupted run are stored but fix nothing and are never the baseline;
// the full run after them reports nothing new; problems that appear later
// are new; transient failures count from their second baseline; accepted
// findings leave the exit code until their day passes.
func TestHistoryBaselines(t *testing.T) {
	if testing.Short() {
		t.Skip("five demo audits")
	}
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	audit1 := func(ctx context.Context, mod func(*audit.Config)) (*outcome.Outcome, error) {
		cfg := job.Demo(audit.Config{Checks: allChecks}, site)
		if mod != nil {
			mod(&cfg)
		}
		ctx, cancel := testDeadline(t, ctx)
		defer cancel()
		return audit.Run(ctx, cfg, st)
	}
	full := func() *outcome.Outcome {
		t.Helper()
		o, err := audit1(context.Background(), nil)
		if err != nil {
			t.Fatalf("full audit: %v", err)
		}
		return o
	}

	// 1. The first baseline: everything new, transient failures pending.
	first := full()
	c1 := first.Count()
	if !first.Run.IsBaseline() || c1.New == 0 || c1.Pending == 0 || c1.New+c1.Pending != len(first.Findings) {
		t.Fatalf("first run: baseline %v, counts %+v of %d findings", first.Run.IsBaseline(), c1, len(first.Findings))
	}
	if !first.Fails(checks.Error, false) || !first.Fails(checks.Error, true) {
		t.Error("first run: planted errors must fail --fail-on error, and they are all new")
	}

	// 2. A run limited by --max-pages: stored and reportable, partial, not
	// a baseline, fixes nothing, and runs no whole-site check.
	limited, err := audit1(context.Background(), func(c *audit.Config) { c.MaxPages = 10 })
	if err != nil {
		t.Fatalf("limited audit: %v", err)
	}
	if !limited.Run.Partial() || limited.Run.IsBaseline() || limited.Run.Scope.Limited == 0 || limited.Skipped.Limit == 0 {
		t.Errorf("limited run: partial %v, baseline %v, scope %+v", limited.Run.Partial(), limited.Run.IsBaseline(), limited.Run.Scope)
	}
	if len(limited.Fixed) != 0 || len(limited.Unverified) == 0 {
		t.Errorf("limited run: fixed %d, unverified %d; want 0 fixed and the unseen findings unverified", len(limited.Fixed), len(limited.Unverified))
	}
	for _, f := range limited.Findings {
		switch f.Check {
		case "stale-column", "empty-column", "annual-report", "missing-interpretation":
			if f.Check != "annual-report" || f.Rule == "missing-report" {
				t.Errorf("limited run reports a whole-site verdict: %s %s %s", f.Check, f.Rule, f.Page)
			}
		}
		if f.Status == outcome.New {
			t.Errorf("limited run: %s %s on %s is new, but the baseline has it", f.Check, f.Rule, f.Page)
		}
	}
	for _, l := range limited.Standing {
		if (l.ID == outcome.VetoStaleA || l.ID == outcome.VetoEmptyC) && l.Level != outcome.Unknown {
			t.Errorf("limited run judges veto line %s: %s", l.ID, l.Level)
		}
	}
	if base, ok, _ := st.LastBaseline(first.Run.Site, 0); !ok || base.ID != first.Run.ID {
		t.Errorf("after a limited run the baseline is %v, want the first run", base.ID)
	}

	// 3. An interrupted run: cancelled after a few pages; fixes nothing.
	ctx, cancel := context.WithCancel(context.Background())
	interrupted, err := audit1(ctx, func(c *audit.Config) {
		c.Progress = func(p audit.Progress) {
			if p.Pages >= 5 {
				cancel()
			}
		}
	})
	cancel()
	if !errors.Is(err, audit.ErrInterrupted) || interrupted == nil {
		t.Fatalf("interrupted audit: %v", err)
	}
	if interrupted.Run.Status != outcome.StatusInterrupted || len(interrupted.Fixed) != 0 {
		t.Errorf("interrupted run: status %s, fixed %d; want interrupted and 0 fixed", interrupted.Run.Status, len(interrupted.Fixed))
	}
	if stored, err := st.Outcome(interrupted.Run.Site, interrupted.Run.ID); err != nil || len(stored.Fixed) != 0 || stored.Run.IsBaseline() {
		t.Errorf("stored interrupted run: %v, %+v", err, stored)
	}

	// 4. The full run after them: compared with the first, nothing new;
	// the transient failures, seen in two consecutive baselines, now count.
	second := full()
	c2 := second.Count()
	if second.Baseline == nil || second.Baseline.ID != first.Run.ID {
		t.Fatalf("second full run compared with %v, want the first run", second.Baseline)
	}
	if c2.New != 0 || c2.Fixed != 0 || c2.Pending != 0 || c2.Open != len(first.Findings) {
		t.Errorf("second full run: %+v; want 0 new, 0 fixed, 0 pending, %d open", c2, len(first.Findings))
	}
	if second.Fails(checks.Error, true) {
		t.Error("--fail-on-new: nothing is new, yet the run fails")
	}

	// 5. Accept one error: it leaves the counts and the exit code while it
	// persists; accepted until a day before the check date, it counts again.
	var target outcome.Finding
	for _, f := range second.Findings {
		if f.Severity == checks.Error && f.Check == "dead-link" {
			target = f
			break
		}
	}
	if err := st.Accept(second.Run.Site, outcome.Acceptance{Fingerprint: "000000000000000000000000", Reason: "x"}); !errors.Is(err, store.ErrUnknownFinding) {
		t.Errorf("accepting an unknown fingerprint: %v, want ErrUnknownFinding", err)
	}
	if err := st.Accept(second.Run.Site, outcome.Acceptance{Fingerprint: target.Fingerprint, Reason: "链接已向上级报备", By: "test"}); err != nil {
		t.Fatal(err)
	}
	third := full()
	c3 := third.Count()
	if c3.Accepted != 1 || c3.Errors != c2.Errors-1 {
		t.Errorf("after accepting one error: %+v (before: %+v)", c3, c2)
	}
	for _, f := range third.Findings {
		if f.Fingerprint == target.Fingerprint && (f.Status != outcome.Accepted || f.Accepted == nil || f.Accepted.Reason != "链接已向上级报备") {
			t.Errorf("accepted finding: %+v", f)
		}
	}
	expired := outcome.Acceptance{Fingerprint: target.Fingerprint, Reason: "到期", By: "test", Until: demo.Today.AddDate(0, 0, -1)}
	if err := st.Accept(second.Run.Site, expired); err != nil {
		t.Fatal(err)
	}
	fourth := full()
	if c4 := fourth.Count(); c4.Accepted != 0 || c4.Errors != c2.Errors {
		t.Errorf("acceptance expired the day before the check date, yet: %+v", c4)
	}

	// 6. Three weeks on, new problems appear (the homepage and 工作动态 go
	// stale) and the future-dated notice is fixed.
	later, err := audit1(context.Background(), func(c *audit.Config) { c.AsOf = demo.Today.AddDate(0, 0, 21) })
	if err != nil {
		t.Fatal(err)
	}
	newRules := map[string]bool{}
	for _, f := range later.Findings {
		if f.Status == outcome.New {
			newRules[f.Check+"/"+f.Rule] = true
		}
	}
	if !newRules["homepage/not-updated"] || !newRules["stale-column/stale-news"] {
		t.Errorf("three weeks later: new %v; want homepage/not-updated and stale-column/stale-news", newRules)
	}
	fixedFuture := false
	for _, f := range later.Fixed {
		fixedFuture = fixedFuture || f.Check == "future-date"
	}
	if !fixedFuture {
		t.Errorf("three weeks later the future-dated notice is not future, yet not fixed: %v", later.Fixed)
	}

	// Every run reloads from the store as it was reported.
	for _, o := range []*outcome.Outcome{first, limited, second, third, later} {
		back, err := st.Outcome(o.Run.Site, o.Run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Count() != o.Count() || len(back.Standing) != len(o.Standing) || len(back.Columns) != len(o.Columns) || back.Run.Counts != o.Count() {
			t.Errorf("run %s reloads as %+v, was %+v", o.Run.ID, back.Count(), o.Count())
		}
	}
}
