package audit_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/annualreport"
	"govaudit/checks/attachment"
	"govaudit/checks/column"
	"govaudit/checks/deadlink"
	"govaudit/checks/futuredate"
	"govaudit/checks/homepage"
	"govaudit/checks/interpretation"
	"govaudit/checks/personalinfo"
	"govaudit/checks/secrecy"
	"govaudit/checks/wording"
	"govaudit/internal/audit"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// allChecks is what `govaudit audit` runs.
var allChecks = []*checks.Check{deadlink.Check, attachment.Check, column.Stale, column.Empty, homepage.Check, futuredate.Check, annualreport.Check, interpretation.Check, personalinfo.Check, secrecy.Check, wording.Check}

func demoAudit(t *testing.T, site *demo.Site, st *store.Store) *outcome.Outcome {
	t.Helper()
	ctx, cancel := testDeadline(t, context.Background())
	defer cancel()
	cfg := job.Demo(audit.Config{Checks: allChecks}, site)
	res, err := audit.Run(ctx, cfg, st)
	if err != nil {
		t.Fatalf("demo audit: %v", err)
	}
	return res
}

// testDeadline bounds an audit in a test by the test binary's own deadline
// (go test -timeout) less a minute to report the failure, not by a fixed
// time a loaded machine may overrun: the demo audit takes 30 s alone under
// -race, and once took over two minutes with a second test run beside it.
func testDeadline(t *testing.T, parent context.Context) (context.Context, context.CancelFunc) {
	if d, ok := t.Deadline(); ok {
		return context.WithDeadline(parent, d.Add(-time.Minute))
	}
	return context.WithCancel(parent)
}

func key(check string, sev checks.Severity, rule, page, target string) string {
	return fmt.Sprintf("%s %s %s %s %s", check, sev, rule, page, target)
}

// TestDemoFindsEveryPlantedProblemAndNothingElse is the end-to-end test:
// the demo audit must report each line of internal/demo/want.txt, and
// nothing more. Then a second run reports nothing new, and a repaired
// problem is reported as fixed.
func TestDemoFindsEveryPlantedProblemAndNothingElse(t *testing.T) {
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	wants, err := demo.Planted()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	first := demoAudit(t, site, st)
	want := map[string]string{} // key → planted id
	for _, w := range wants {
		want[key(w.Check, checks.Severity(w.Severity), w.Rule, w.Page, w.Target)] = w.ID
	}
	got := map[string]bool{}
	for _, f := range first.Findings {
		got[key(f.Check, f.Severity, f.Rule, f.Page, f.Target)] = true
	}
	var missing, extra []string
	for k, id := range want {
		if !got[k] {
			missing = append(missing, id+": "+k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("planted problems not found:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(extra) > 0 {
		t.Errorf("reported but not planted (false alarms):\n  %s", strings.Join(extra, "\n  "))
	}
	if c := first.Count(); first.Run.Status != store.StatusComplete || first.Baseline != nil || c.New+c.Pending != len(first.Findings) || c.Pending == 0 {
		t.Errorf("first run: status %s, baseline %v, new %d + pending %d of %d (the planted timeouts and 5xx are pending)",
			first.Run.Status, first.Baseline, c.New, c.Pending, len(first.Findings))
	}
	for _, f := range first.Findings {
		if (f.Status == outcome.Pending) != f.Transient {
			t.Errorf("%s %s → %s: status %s, transient %v", f.Rule, f.Page, f.Target, f.Status, f.Transient)
		}
	}
	// Broken links on the homepage are marked as such.
	for _, f := range first.Findings {
		if f.Check != "dead-link" && f.Check != "broken-attachment" {
			continue
		}
		if home := f.Page == site.URL; home != strings.HasPrefix(f.Message, "【首页】") {
			t.Errorf("homepage marking wrong for %s → %s: %q", f.Page, f.Target, f.Message)
		}
	}
	// Hosts answering 429 were paused as a whole, and the run says so.
	paused := map[string]bool{}
	for _, p := range first.Paused {
		paused[p.Host] = p.Pauses > 0
	}
	if !paused["www.zhejiang-demo.gov.cn"] {
		t.Errorf("the demo's 429 host was not paused: %+v", first.Paused)
	}
	// Blocked targets are listed for a manual look, never as findings.
	if len(first.Blocked) == 0 {
		t.Error("no blocked targets listed; the demo plants 403, 429 and challenge pages")
	}

	// The same site again: nothing new, everything still open.
	second := demoAudit(t, site, st)
	// Transient failures seen in two consecutive baselines now count.
	if c := second.Count(); c.New != 0 || c.Fixed != 0 || c.Open != len(first.Findings) || c.Pending != 0 {
		t.Fatalf("second run: new %d, fixed %d, open %d, pending %d; want 0, 0, %d, 0",
			c.New, c.Fixed, c.Open, c.Pending, len(first.Findings))
	}
	if second.Baseline == nil || second.Baseline.ID != first.Run.ID {
		t.Fatalf("second run compared with %v, want run %s", second.Baseline, first.Run.ID)
	}

	// Repair one planted 404: the next run reports it fixed, and only it.
	var repaired demo.Want
	for _, w := range wants {
		if w.Rule == "http-410" {
			repaired = w
		}
	}
	if repaired.ID == "" {
		t.Fatal("want.txt has no http-410 line to repair")
	}
	if err := site.Repair(repaired.ID); err != nil {
		t.Fatal(err)
	}
	third := demoAudit(t, site, st)
	if c := third.Count(); len(third.Fixed) != 1 || third.Fixed[0].Target != repaired.Target || c.New != 0 {
		t.Fatalf("after repairing %s: fixed %v, new %d", repaired.ID, third.Fixed, c.New)
	}
}

// TestDemoAsOfMovesVerdicts audits the same demo site as of two check
// dates: three weeks on, the homepage and 工作动态 have gone stale, while
// the notice dated in the future is no longer in the future and makes its
// column fresh.
func TestDemoAsOfMovesVerdicts(t *testing.T) {
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run := func(asOf time.Time) map[string]bool {
		ctx, cancel := testDeadline(t, context.Background())
		defer cancel()
		cfg := job.Demo(audit.Config{Checks: allChecks, AsOf: asOf}, site)
		res, err := audit.Run(ctx, cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range res.Findings {
			got[f.Check+" "+f.Rule+" "+f.Page] = true
		}
		return got
	}
	const host = "http://jyj.lanjiang.gov.cn"
	homeStale := "homepage not-updated " + host + "/"
	newsStale := "stale-column stale-news " + host + "/xxgk/gzdt/index.html"
	noticeStale := "stale-column stale-notice " + host + "/xxgk/gsgg/index.html"
	future := "future-date future-date " + host + "/xxgk/gsgg/202612/t20261220_5012300.html"

	now := run(demo.Today)
	later := run(demo.Today.AddDate(0, 0, 21))
	for k, want := range map[string][2]bool{
		homeStale:   {false, true},
		newsStale:   {false, true},
		noticeStale: {true, false},
		future:      {true, false},
	} {
		if now[k] != want[0] || later[k] != want[1] {
			t.Errorf("%s: reported %v as of %s and %v three weeks later; want %v, %v",
				k, now[k], demo.Today.Format("2006-01-02"), later[k], want[0], want[1])
		}
	}
}
