package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
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

func titles() map[string]string {
	t := map[string]string{}
	for _, c := range allChecks {
		t[c.ID] = c.Title
	}
	return t
}

// The fixture is one store built from two real audits of the demo site,
// made once per test binary and copied for each test that changes it:
//
//  1. a full audit as of the demo's day, two days before fixtureNow;
//  2. one day later, after repairing the planted attachment-404, a full
//     audit three weeks on, so the homepage and two columns have gone
//     stale: new findings, open ones, one fixed, a different count for the
//     trend.
//
// Then availability samples are added: 7 days × 24 an hour, three failed
// in the last day and twelve before (15 of 168, an 8.9 % week: past the veto line).
var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
	fixtureNow  time.Time // the dashboard's clock in tests
	fixtureKey  string    // the demo site's store key
	fixtureURL  string    // the demo site's configured URL
	fixtureRuns [2]*outcome.Outcome
)

const repairedID = "attachment-404"

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		_ = os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

func buildFixture() {
	fixtureDir, fixtureErr = os.MkdirTemp("", "govaudit-web-")
	if fixtureErr != nil {
		return
	}
	fixtureErr = func() error {
		site, err := demo.Start()
		if err != nil {
			return err
		}
		defer site.Close()
		fixtureURL = site.URL
		fixtureKey = job.SiteKey(site.URL)
		st, err := store.Open(filepath.Join(fixtureDir, "base.db"), store.Options{})
		if err != nil {
			return err
		}
		defer st.Close()
		fixtureNow = time.Now().Truncate(time.Second)
		run := func(ago time.Duration, asOf time.Time) (*outcome.Outcome, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cfg := job.Demo(audit.Config{Checks: allChecks, AsOf: asOf}, site)
			cfg.Now = func() time.Time { return time.Now().Add(-ago) }
			return audit.Run(ctx, cfg, st)
		}
		if fixtureRuns[0], err = run(48*time.Hour, demo.Today); err != nil {
			return fmt.Errorf("first audit: %w", err)
		}
		if err := site.Repair(repairedID); err != nil {
			return err
		}
		if fixtureRuns[1], err = run(24*time.Hour, demo.Today.AddDate(0, 0, 21)); err != nil {
			return fmt.Errorf("second audit: %w", err)
		}
		for i := range 7 * 24 {
			at := fixtureNow.Add(-time.Duration(i)*time.Hour - 30*time.Minute)
			failed := (i < 24 && i%8 == 0) || (i >= 24 && i%12 == 0)
			smp := outcome.Sample{At: at, OK: !failed, Status: 200, Millis: 120}
			if failed {
				smp.Status, smp.Detail = 503, "服务器错误"
			}
			if err := st.PutSample(fixtureKey, smp); err != nil {
				return err
			}
		}
		return nil
	}()
}

// fixtureDay and fixtureWeek are the sample counts buildFixture writes.
const (
	fixtureDaySamples, fixtureDayFailed   = 24, 3
	fixtureWeekSamples, fixtureWeekFailed = 168, 15
)

// testStore is a private copy of the fixture's store.
func testStore(t *testing.T) *store.Store {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a store from two demo audits")
	}
	fixtureOnce.Do(buildFixture)
	if fixtureErr != nil {
		t.Fatalf("fixture: %v", fixtureErr)
	}
	b, err := os.ReadFile(filepath.Join(fixtureDir, "base.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "web.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// recorder is a RunNow that records its calls and refuses a second run
// while the first "runs".
type recorder struct {
	mu      sync.Mutex
	calls   []string
	running map[string]bool
}

func (r *recorder) RunNow(key string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[key] {
		return fmt.Errorf("an audit of %s is already running", key)
	}
	r.calls = append(r.calls, key)
	if r.running == nil {
		r.running = map[string]bool{}
	}
	r.running[key] = true
	return nil
}

func (r *recorder) Running(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running[key]
}

func (r *recorder) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

// testEnv is a dashboard over a private copy of the fixture.
type testEnv struct {
	st   *store.Store
	h    http.Handler
	rec  *recorder
	opt  Options
	path string // the demo site's page
}

func newEnv(t *testing.T, mod func(*Options)) *testEnv {
	t.Helper()
	st := testStore(t)
	rec := &recorder{}
	opt := Options{
		Store:   st,
		Sites:   []config.MonitorSite{{Site: &config.Site{URL: fixtureURL, Name: "蓝江县教育局"}, Schedule: "0 2 * * *", Limits: config.DefaultLimits}},
		Titles:  titles(),
		RunNow:  rec.RunNow,
		Running: rec.Running,
		NextRun: func(string) time.Time { return fixtureNow.Add(5 * time.Hour) },
		Now:     func() time.Time { return fixtureNow },
		Logger:  slog.New(slog.DiscardHandler),
	}
	if mod != nil {
		mod(&opt)
	}
	h, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{st: st, h: h, rec: rec, opt: opt, path: "/site/jyj.lanjiang.gov.cn"}
}

// loopback is the Host every test request is addressed to.
const loopback = "127.0.0.1:8080"

// do sends a request to the handler and returns the response and its body.
func (e *testEnv) do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	if req.Host == "example.com" { // httptest.NewRequest's default
		req.Host = loopback
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (e *testEnv) get(t *testing.T, target string) (*http.Response, string) {
	t.Helper()
	return e.do(t, httptest.NewRequest(http.MethodGet, target, nil))
}

// csrf is the CSRF token the dashboard puts in its forms for a visitor
// without a session.
func (e *testEnv) csrf(t *testing.T) string {
	t.Helper()
	_, body := e.get(t, "/")
	const mark = `name="csrf" value="`
	i := strings.Index(body, mark)
	if i < 0 {
		// The sites page has no form without a token; the site page has.
		_, body = e.get(t, e.path)
		if i = strings.Index(body, mark); i < 0 {
			t.Fatal("no CSRF field on the site page")
		}
	}
	body = body[i+len(mark):]
	return body[:strings.IndexByte(body, '"')]
}

// post is a same-origin form POST, as the dashboard's own pages send it.
func (e *testEnv) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Host = loopback
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+loopback)
	return e.do(t, req)
}
