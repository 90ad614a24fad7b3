package notify_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
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
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// allChecks is what `govaudit audit` runs (as in internal/audit's tests).
var allChecks = []*checks.Check{deadlink.Check, attachment.Check, column.Stale, column.Empty, homepage.Check, futuredate.Check, annualreport.Check, interpretation.Check, personalinfo.Check, secrecy.Check, wording.Check}

// demoURL is the demo site's homepage, as a monitor configuration names it.
const demoURL = "http://jyj.lanjiang.gov.cn/"

func titles() map[string]string {
	m := map[string]string{}
	for _, c := range allChecks {
		m[c.ID] = c.Title
	}
	return m
}

var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return l
}()

// The store every test starts from: one real audit of the demo site, made
// once and copied for each test.
var base struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if base.dir != "" {
		os.RemoveAll(base.dir)
	}
	os.Exit(code)
}

// demoAudit audits the demo site into st.
func demoAudit(site *demo.Site, st *store.Store, asOf time.Time) (*outcome.Outcome, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return audit.Run(ctx, job.Demo(audit.Config{Checks: allChecks, AsOf: asOf}, site), st)
}

// demoStore is a store of the test's own holding one complete audit of the
// demo site.
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	if testing.Short() {
		t.Skip("audits the demo site")
	}
	base.once.Do(func() {
		start := time.Now()
		if base.dir, base.err = os.MkdirTemp("", "notify-test-"); base.err != nil {
			return
		}
		site, err := demo.Start()
		if err != nil {
			base.err = err
			return
		}
		defer site.Close()
		path := filepath.Join(base.dir, "base.db")
		st, err := store.Open(path, store.Options{})
		if err != nil {
			base.err = err
			return
		}
		if _, err := demoAudit(site, st, time.Time{}); err != nil {
			st.Close()
			base.err = err
			return
		}
		if base.err = st.Close(); base.err == nil {
			base.path = path
		}
		t.Logf("demo audit for the shared store: %v", time.Since(start).Round(time.Millisecond))
	})
	if base.err != nil {
		t.Fatalf("demo store: %v", base.err)
	}
	b, err := os.ReadFile(base.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "store.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func monitor(port int, tlsMode string, sites ...config.MonitorSite) *config.Monitor {
	return &config.Monitor{Timezone: "Asia/Shanghai", Location: shanghai, Digest: config.DefaultDigest, Sites: sites,
		Mail: &config.Mail{Host: "127.0.0.1", Port: port, TLS: tlsMode, From: "政务公开检查 <govaudit@lanjiang.gov.cn>"}}
}

func monitorSite(name, url string, recipients ...string) config.MonitorSite {
	return config.MonitorSite{Site: &config.Site{Name: name, URL: url}, Recipients: recipients}
}

// testLogger logs to the test's log and to buf.
func testLogger(t *testing.T, buf *syncBuffer) *slog.Logger {
	var w io.Writer = testWriter{t}
	if buf != nil {
		w = io.MultiWriter(w, buf)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
