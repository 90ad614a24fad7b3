package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"govaudit/checks"
	"govaudit/internal/audit"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// TestPageStoreReadErrorSavesNothing: when the page summaries cannot be
// read back for the whole-site checks (the temporary file cut short under
// the run, a disk that fails), the checks saw part of the site. The run
// ends with the error and saves no verdict: the first run stays the
// baseline, and the next full run finds nothing new against it.
func TestPageStoreReadErrorSavesNothing(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reaches the unlinked spill file through /proc/self/fd")
	}
	if testing.Short() {
		t.Skip("three demo audits")
	}
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	spill := t.TempDir()
	run := func(extra ...*checks.Check) (*outcome.Outcome, error) {
		cfg := job.Demo(audit.Config{Checks: append(append([]*checks.Check{}, allChecks...), extra...)}, site)
		cfg.SpillDir = spill
		ctx, cancel := testDeadline(t, context.Background())
		defer cancel()
		return audit.Run(ctx, cfg, st)
	}
	first, err := run()
	if err != nil {
		t.Fatal(err)
	}

	// A whole-site check that cuts the page file short, as a failing disk
	// would, and then reads the pages.
	cut := 0
	cutter := &checks.Check{ID: "cut-page-file", Title: "截断页面摘要文件", Doc: "test: the page file fails under the run",
		WholeSite: true,
		Site: func(p *checks.SitePass) {
			cut = truncateSpill(t, spill)
			for range p.Site.Pages.All() {
			}
		}}
	broken, err := run(cutter)
	if cut == 0 {
		t.Fatal("no page file open in the spill directory: the test cut nothing")
	}
	if err == nil || !strings.Contains(err.Error(), "页面摘要") {
		n := -1
		if broken != nil {
			n = len(broken.Findings)
		}
		t.Fatalf("audit over a cut page file: error %v (outcome with %d findings); want the read error", err, n)
	}
	if broken != nil {
		t.Errorf("an outcome came back with the error: %d findings", len(broken.Findings))
	}
	if base, ok, _ := st.LastBaseline(first.Run.Site, 0); !ok || base.ID != first.Run.ID {
		t.Errorf("after the failed run the baseline is %v, want the first run %v", base.ID, first.Run.ID)
	}

	second, err := run()
	if err != nil {
		t.Fatal(err)
	}
	if second.Baseline == nil || second.Baseline.ID != first.Run.ID {
		t.Fatalf("the next run compared with %v, want the first run", second.Baseline)
	}
	if c := second.Count(); c.New != 0 || c.Fixed != 0 || c.Open != len(first.Findings) {
		t.Errorf("the next run: %+v; want nothing new or fixed, %d open", c, len(first.Findings))
	}
}

// truncateSpill cuts to nothing every page file the run holds open in dir
// (unlinked once created, so found by the process's descriptors) and
// returns how many it cut.
func truncateSpill(t *testing.T, dir string) int {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		p := filepath.Join("/proc/self/fd", fd.Name())
		target, err := os.Readlink(p)
		if err != nil || !strings.HasPrefix(target, filepath.Join(dir, "govaudit-pages-")) {
			continue
		}
		if err := os.Truncate(p, 0); err != nil {
			t.Errorf("truncate %s: %v", target, err)
			continue
		}
		n++
	}
	return n
}
