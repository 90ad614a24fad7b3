package schedule

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/job"
	"govaudit/internal/store"
)

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func tempStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func monitor(sched string, sites ...string) *config.Monitor {
	m := &config.Monitor{Digest: "0 8 * * 1", Concurrency: 1}
	for _, u := range sites {
		m.Sites = append(m.Sites, config.MonitorSite{Site: &config.Site{URL: u}, Schedule: sched, Availability: time.Millisecond, Limits: job.Defaults})
	}
	return m
}

func TestNewRefusals(t *testing.T) {
	st, _ := tempStore(t)
	for _, opt := range []Options{{}, {Monitor: monitor("@daily")}, {Store: st}} {
		if _, err := New(opt); err == nil || err.Error() != "schedule: no monitor configuration or store" {
			t.Errorf("New(%+v): %v", opt, err)
		}
	}
	_, err := New(Options{Monitor: monitor("@daily", ""), Store: st})
	if err == nil || !strings.HasPrefix(err.Error(), "site : ") {
		t.Errorf("site without url: %v", err)
	}
	_, err = New(Options{Monitor: monitor("61 * * * *", "http://a.gov.cn/"), Store: st})
	if err == nil || !strings.HasPrefix(err.Error(), `site http://a.gov.cn/: schedule "61 * * * *": `) {
		t.Errorf("bad schedule: %v", err)
	}
	m := monitor("@daily", "http://a.gov.cn/")
	m.Digest = "every monday"
	_, err = New(Options{Monitor: m, Store: st, Digest: func(context.Context) error { return nil }})
	if err == nil || !strings.HasPrefix(err.Error(), `digest schedule "every monday": `) {
		t.Errorf("bad digest schedule: %v", err)
	}
	// Without a digest function the digest schedule is not read.
	if _, err := New(Options{Monitor: m, Store: st}); err != nil {
		t.Errorf("no digest function: %v", err)
	}
}

func TestSitesAndUnknownKeys(t *testing.T) {
	st, _ := tempStore(t)
	m := monitor("0 2 * * *", "http://b.gov.cn/", "a.gov.cn")
	m.Location = time.FixedZone("CST", 8*3600)
	var configured []string
	svc, err := New(Options{Monitor: m, Store: st, Configure: func(c *audit.Config) { configured = append(configured, c.Start) }})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(svc.Sites(), " "); got != "http://b.gov.cn/ https://a.gov.cn/" {
		t.Errorf("Sites = %q", got)
	}
	if strings.Join(configured, " ") != "http://b.gov.cn/ https://a.gov.cn" {
		t.Errorf("Configure saw %q", configured)
	}
	keys := svc.Sites()
	keys[0] = "changed"
	if svc.Sites()[0] == "changed" {
		t.Error("Sites shares its slice")
	}
	if svc.sites["https://a.gov.cn/"].cfg.Site != "https://a.gov.cn/" {
		t.Errorf("audit configuration not keyed: %+v", svc.sites["https://a.gov.cn/"].cfg.Site)
	}
	if err := svc.RunNow("http://c.gov.cn/"); err == nil || err.Error() != `unknown site "http://c.gov.cn/"` {
		t.Errorf("RunNow(unknown): %v", err)
	}
	if svc.Running("http://c.gov.cn/") || svc.Running("http://b.gov.cn/") {
		t.Error("Running before Start")
	}
	if !svc.NextRun("http://c.gov.cn/").IsZero() {
		t.Error("NextRun of an unknown site")
	}
	// Not started: cron has not computed the next run.
	if !svc.NextRun("http://b.gov.cn/").IsZero() {
		t.Errorf("NextRun before Start = %v", svc.NextRun("http://b.gov.cn/"))
	}
	// An audit asked for before Start does nothing.
	if err := svc.RunNow("http://b.gov.cn/"); err != nil {
		t.Fatal(err)
	}
	svc.Stop()
	if runs, _ := st.Runs(""); len(runs) != 0 {
		t.Errorf("an audit ran before Start: %+v", runs)
	}
}

// TestServiceLoop: the first sample is stored at once, a failed one is
// logged, a failing audit is logged and counted, the digest runs at start
// and its error is logged, and the next run is at 02:00 in the monitor's
// time zone.
func TestServiceLoop(t *testing.T) {
	st, _ := tempStore(t)
	m := monitor("0 2 * * *", "http://a.gov.cn/")
	m.Location = time.FixedZone("CST", 8*3600)
	var logs lockedBuf
	calls := make(chan int, 10)
	var mu sync.Mutex
	n := 0
	digested := make(chan struct{})
	svc, err := New(Options{
		Monitor: m, Store: st, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Sample: func(ctx context.Context, cfg audit.Config) Sample {
			mu.Lock()
			n++
			k := n
			mu.Unlock()
			calls <- k
			if k == 1 {
				return Sample{At: time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC), Status: 503, Detail: "HTTP 503"}
			}
			<-ctx.Done() // later probes: cut by shutdown, not stored
			return Sample{At: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC), OK: true}
		},
		Digest: func(context.Context) error { close(digested); return errors.New("smtp down") },
	})
	if err != nil {
		t.Fatal(err)
	}
	key := "http://a.gov.cn/"
	svc.Start(context.Background())
	if got := <-calls; got != 1 {
		t.Fatalf("first call %d", got)
	}
	if got := <-calls; got != 2 { // the first sample was stored before the second probe
		t.Fatalf("second call %d", got)
	}
	<-digested
	next := svc.NextRun(key)
	if next.IsZero() || next.Hour() != 2 || next.Minute() != 0 || next.Location().String() != "CST" {
		t.Errorf("NextRun = %v, want 02:00 CST", next)
	}
	// No checks: the audit fails at once.
	if err := svc.RunNow(key); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(logs.String(), "audit failed") {
		if time.Now().After(deadline) {
			t.Fatalf("no audit failure logged:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	svc.Stop()
	smp, err := st.Samples(key, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	if err != nil || len(smp) != 1 || smp[0].Status != 503 || smp[0].OK {
		t.Errorf("samples %+v, %v; want the first one only", smp, err)
	}
	svc.sites[key].mu.Lock()
	runs := svc.sites[key].runs
	svc.sites[key].mu.Unlock()
	if runs != 1 {
		t.Errorf("runs counted %d, want 1", runs)
	}
	log := logs.String()
	for _, want := range []string{
		`msg="homepage did not open" site=http://a.gov.cn/ detail="HTTP 503"`,
		`msg="weekly digest" trigger=start err="smtp down"`,
		`msg="audit started" site=http://a.gov.cn/ trigger=run-now`,
		`err="checks: no checks to run"`,
		`msg="site scheduled" site=http://a.gov.cn/`,
		`msg="next audit" site=http://a.gov.cn/`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "availability sample not stored") {
		t.Errorf("a sample was not stored:\n%s", log)
	}
}

func TestSampleNotStored(t *testing.T) {
	w, path := tempStore(t)
	w.Close()
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var logs lockedBuf
	calls := make(chan struct{}, 10)
	first := true
	svc, err := New(Options{
		Monitor: monitor("@daily", "http://a.gov.cn/"), Store: ro, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Sample: func(ctx context.Context, cfg audit.Config) Sample {
			calls <- struct{}{}
			if !first {
				<-ctx.Done()
			}
			first = false
			return Sample{At: time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC), OK: true}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc.Start(context.Background())
	<-calls
	<-calls
	svc.Stop()
	if want := `msg="availability sample not stored" site=http://a.gov.cn/ err="database is in read-only mode"`; !strings.Contains(logs.String(), want) {
		t.Errorf("log lacks %s:\n%s", want, logs.String())
	}
}

func TestDigestSkippedWhenStopped(t *testing.T) {
	st, _ := tempStore(t)
	called := false
	svc, err := New(Options{Monitor: monitor("@daily"), Store: st, Digest: func(context.Context) error { called = true; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	svc.digest("schedule") // not started
	ctx, cancel := context.WithCancel(context.Background())
	svc.ctx = ctx
	cancel()
	svc.digest("schedule") // stopped
	if called {
		t.Error("digest ran outside the service's life")
	}
	svc.ctx = context.Background()
	svc.digest("schedule")
	if !called {
		t.Error("digest did not run")
	}
}

func TestCronLogger(t *testing.T) {
	var b bytes.Buffer
	l := cronLogger{slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	l.Error(errors.New("panic: x"), "job failed", "entry", 3)
	l.Info("wake", "now", 1)
	out := b.String()
	if !strings.Contains(out, `level=ERROR msg="cron: job failed" entry=3 err="panic: x"`) {
		t.Errorf("Error logged as %q", out)
	}
	if !strings.Contains(out, `level=DEBUG msg="cron: wake" now=1`) {
		t.Errorf("Info logged as %q", out)
	}
}

func TestProbeOutcomes(t *testing.T) {
	var accept string
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		accept = r.Header.Get("Accept")
		mu.Unlock()
		w.Write([]byte("<html>首页</html>"))
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusFound) })
	mux.HandleFunc("/299", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(299) })
	mux.HandleFunc("/300", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(300) })
	mux.HandleFunc("/503", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		path   string
		ok     bool
		status int
		detail string
	}{
		{"/", true, 200, ""},
		{"/old", true, 200, ""},
		{"/299", true, 299, ""},
		{"/300", false, 300, "HTTP 300"},
		{"/503", false, 503, "HTTP 503"},
	} {
		s := Probe(ctx, audit.Config{Start: srv.URL + tc.path, Timeout: 5 * time.Second})
		if s.OK != tc.ok || s.Status != tc.status || s.Detail != tc.detail || s.At.IsZero() || s.Millis < 0 {
			t.Errorf("%s: %+v", tc.path, s)
		}
	}
	mu.Lock()
	if accept != "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" {
		t.Errorf("Accept %q", accept)
	}
	mu.Unlock()
	// The audit's timeout, when shorter than 15 s, is the limit.
	s := Probe(ctx, audit.Config{Start: srv.URL + "/slow", Timeout: time.Second})
	if s.OK || s.Status != 0 || s.Detail != "1s 内未打开" {
		t.Errorf("slow: %+v", s)
	}
	if s := Probe(ctx, audit.Config{Start: "http://a b/"}); s.OK || s.Detail != "地址无效" || s.Millis != 0 {
		t.Errorf("bad URL: %+v", s)
	}
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	if s := Probe(ctx, audit.Config{Start: deadURL + "/", Timeout: 5 * time.Second}); s.OK || !strings.HasPrefix(s.Detail, "无法连接：") ||
		!strings.Contains(s.Detail, "connection refused") {
		t.Errorf("refused: %+v", s)
	}
	// A caller's cancelled context reads as not opened in time.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if s := Probe(cctx, audit.Config{Start: srv.URL + "/"}); s.OK || s.Detail != "15s 内未打开" {
		t.Errorf("cancelled: %+v", s)
	}
}

func TestIsTimeout(t *testing.T) {
	if isTimeout(errors.New("x")) || isTimeout(nil) {
		t.Error("plain errors are no timeouts")
	}
}
