package schedule_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/checks/homepage"
	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/schedule"
	"govaudit/internal/store"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServiceRunsSamplesAndStopsCleanly runs the service against the demo
// site with an audit every 2 seconds: runs are stored, availability samples
// taken, a second start of a running audit is refused, and stopping in the
// middle of a run stores it as interrupted, leaving no run "running".
func TestServiceRunsSamplesAndStopsCleanly(t *testing.T) {
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
	mon, err := config.ParseMonitor("serve.yaml", []byte(`
concurrency: 1
sites:
  - name: 澜江市教育局
    url: `+site.URL+`
    schedule: "@every 2s"
    availability: 1m
`))
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuf
	var digests sync.WaitGroup
	digests.Add(1)
	var once sync.Once
	svc, err := schedule.New(schedule.Options{
		Monitor: mon, Store: st, Checks: []*checks.Check{deadlink.Check, homepage.Check},
		Logger:    slog.New(slog.NewTextHandler(&logs, nil)),
		Configure: func(c *audit.Config) { *c = job.Demo(*c, site) },
		Digest:    func(context.Context) error { once.Do(digests.Done); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	key := job.SiteKey(site.URL)
	if keys := svc.Sites(); len(keys) != 1 || keys[0] != key {
		t.Fatalf("Sites = %v, want [%s]", keys, key)
	}
	svc.Start(context.Background())
	digests.Wait() // pending digests are retried at start

	deadline := time.Now().Add(2 * time.Minute)
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for !ok() {
			if time.Now().After(deadline) {
				svc.Stop()
				t.Fatalf("timed out waiting for %s; log:\n%s", what, logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	complete := func() int {
		runs, _ := st.Runs(key)
		n := 0
		for _, r := range runs {
			if r.Status == outcome.StatusComplete {
				n++
			}
		}
		return n
	}
	waitFor("a complete scheduled run", func() bool { return complete() >= 1 })
	waitFor("an availability sample", func() bool {
		s, _ := st.Samples(key, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		return len(s) >= 1 && s[0].OK
	})
	// Wait until the next run is stored as running: Stop before that
	// moment (the goroutine started, the audit not yet begun) leaves no
	// run to interrupt, which is right but not what this test is about.
	waitFor("the next run to begin", func() bool {
		runs, _ := st.Runs(key)
		return svc.Running(key) && len(runs) > 0 && runs[len(runs)-1].Status == outcome.StatusRunning
	})
	if err := svc.RunNow(key); !errors.Is(err, schedule.ErrRunning) {
		t.Errorf("RunNow while running: %v, want ErrRunning", err)
	}
	if next := svc.NextRun(key); next.IsZero() {
		t.Error("no next run time")
	}
	svc.Stop() // in the middle of a run
	if svc.Running(key) {
		t.Error("an audit still runs after Stop")
	}
	runs, err := st.Runs(key)
	if err != nil {
		t.Fatal(err)
	}
	last := runs[len(runs)-1]
	for _, r := range runs {
		if r.Status == outcome.StatusRunning {
			t.Errorf("run %s left running after Stop", r.ID)
		}
	}
	if last.Status != outcome.StatusInterrupted {
		t.Errorf("the run cut by Stop is %s, want interrupted", last.Status)
	}
	if o, err := st.Outcome(key, last.ID); err != nil || o.Run.IsBaseline() {
		t.Errorf("interrupted run reloads as %v, %v", o, err)
	}
	// A run after the first sample shows the week's availability, not yet
	// judged: far fewer than 20 samples a day.
	var judged bool
	for _, r := range runs {
		if r.Status != outcome.StatusComplete {
			continue
		}
		o, err := st.Outcome(key, r.ID)
		if err != nil || o.Week == nil || o.Week.Samples == 0 {
			continue
		}
		for _, l := range o.Standing {
			if l.ID == outcome.VetoHomepageAvailable && l.Level == outcome.Unknown && strings.Contains(l.Detail, "样本不足") {
				judged = true
			}
		}
	}
	if !judged {
		t.Error("no complete run carries the week's availability line")
	}
	for _, want := range []string{"site scheduled", "audit started", "audit finished", "audit interrupted by shutdown"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// TestProbe: a homepage that opens is OK; an error status or a server that
// does not answer within the limit is a failure with its cause.
func TestProbe(t *testing.T) {
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	cfg := job.Demo(audit.Config{}, site)
	if s := schedule.Probe(context.Background(), cfg); !s.OK || s.Status != 200 {
		t.Errorf("demo homepage: %+v", s)
	}
	cfg.Start = strings.TrimSuffix(site.URL, "/") + "/no-such-page.html"
	if s := schedule.Probe(context.Background(), cfg); s.OK || s.Status != 404 || s.Detail != "HTTP 404" {
		t.Errorf("404 page: %+v", s)
	}
	cfg.Start = "http://wsbs.lanjiang.gov.cn/"
	cfg.Timeout = 500 * time.Millisecond
	if s := schedule.Probe(context.Background(), cfg); s.OK || !strings.Contains(s.Detail, "内未打开") {
		t.Errorf("a silent host: %+v", s)
	}
}
