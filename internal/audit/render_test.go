package audit_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/audit"
	"govaudit/internal/outcome"
	"govaudit/internal/render"
	"govaudit/internal/store"
)

// scriptSite serves testdata/scriptlists: column pages whose list a script
// draws from a search endpoint (POST channelId=…, answers api.json's entry),
// and remembers every request's path and User-Agent.
type scriptSite struct {
	api  map[string]json.RawMessage
	mu   sync.Mutex
	seen []string // "METHOD path UA"
}

func newScriptSite(t *testing.T) *scriptSite {
	b, err := os.ReadFile("testdata/scriptlists/api.json")
	if err != nil {
		t.Fatal(err)
	}
	s := &scriptSite{}
	if err := json.Unmarshal(b, &s.api); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *scriptSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen = append(s.seen, r.Method+" "+r.URL.Path+" "+r.UserAgent())
	s.mu.Unlock()
	switch r.URL.Path {
	case "/irs/front/search", "/api2/list":
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		data, ok := s.api[r.FormValue("channelId")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(data)
		return
	}
	p := filepath.Join("testdata/scriptlists", filepath.FromSlash(r.URL.Path))
	if strings.HasSuffix(r.URL.Path, "/") {
		p = filepath.Join(p, "index.html")
	}
	if filepath.Base(p) == "api.json" || filepath.Base(p) == "want.txt" {
		http.NotFound(w, r)
		return
	}
	http.ServeFile(w, r, p)
}

func (s *scriptSite) requests(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.seen {
		if strings.HasPrefix(r, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// wantFindings reads want.txt: "check rule page" lines.
func wantFindings(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	sort.Strings(out)
	return out
}

func columnFindings(o *outcome.Outcome, base string) []string {
	var out []string
	for _, f := range o.Findings {
		if f.Check == "stale-column" || f.Check == "empty-column" {
			out = append(out, f.Check+" "+f.Rule+" "+strings.TrimPrefix(f.Page, base))
		}
	}
	sort.Strings(out)
	return out
}

func scriptAudit(t *testing.T, srvURL, browser string) *outcome.Outcome {
	t.Helper()
	ctx, cancel := testDeadline(t, context.Background())
	defer cancel()
	st, err := store.Open(filepath.Join(t.TempDir(), "govaudit.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := audit.Run(ctx, audit.Config{
		Start: srvURL + "/", Checks: allChecks, Rate: 0, Parallel: 4, Timeout: 10 * time.Second,
		UserAgent: "govaudit-test/1", AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC),
		Browser: browser, Retries: 1, Backoff: 10 * time.Millisecond,
	}, st)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestScriptDrawnLists: column pages whose list a script fetches from a
// search endpoint (the page's HTML holds an empty <ul> and a fresh
// 最新发布 sidebar) are read in headless Chromium: the fresh column is
// fresh, the stale one stale, the one whose endpoint answers nothing
// empty — the sidebar never counts — and the list's articles are crawled.
// Every request the scripts make reaches the site through the audit's own
// transport (its User-Agent, robots.txt: the endpoint under Disallow is
// never requested and its column stays unread, said twice: in the
// findings and among the partly-read pages). Without a browser every such
// column is unread, as before.
func TestScriptDrawnLists(t *testing.T) {
	bin := render.Find()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium in CI: .ci/run installs it")
		}
		t.Skip("no chromium, chromium-browser or google-chrome on PATH and no $CHROME_PATH")
	}
	site := newScriptSite(t)
	srv := httptest.NewServer(site)
	defer srv.Close()

	o := scriptAudit(t, srv.URL, bin)
	got, want := columnFindings(o, srv.URL), wantFindings(t, "testdata/scriptlists/want.txt")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("column findings with a browser:\n got %q\nwant %q", got, want)
	}
	for _, f := range o.Findings {
		if f.Check != "stale-column" && f.Check != "empty-column" && f.Severity != checks.Info && f.Rule != "missing-report" {
			t.Errorf("unexpected finding: %s %s %s %s", f.Check, f.Rule, f.Page, f.Message)
		}
	}
	// The endpoint was asked by the audit, as the audit: three channels
	// on the allowed endpoint, none on the disallowed one, no request
	// with the browser's own User-Agent.
	if n := len(site.requests("POST /irs/front/search govaudit-test/1")); n != 3 {
		t.Errorf("search endpoint asked %d times as govaudit, want 3 (tzgg, zcwj, rsxx): %q", n, site.requests("POST "))
	}
	if r := site.requests("POST /api2/"); len(r) != 0 {
		t.Errorf("robots.txt disallows /api2/, yet: %q", r)
	}
	for _, r := range site.requests("") {
		if !strings.HasSuffix(r, " govaudit-test/1") {
			t.Errorf("request not sent by the audit's transport: %q", r)
		}
	}
	if r := site.requests("GET /css/"); len(r) > 1 { // the prober may check the link once
		t.Errorf("style sheet fetched for the browser: %q", r)
	}
	// The list's articles were crawled: the stale column's newest.
	if r := site.requests("GET /xxgk/zcwj/202603/t20260302_5001.html"); len(r) == 0 {
		t.Error("the article the script lists was not crawled")
	}
	var partly []string
	for _, p := range o.PartlyRead {
		partly = append(partly, strings.TrimPrefix(p.URL, srv.URL)+" "+p.Detail)
	}
	if len(partly) != 1 || !strings.HasPrefix(partly[0], "/xxgk/ghjh/ ") || !strings.Contains(partly[0], "robots.txt") {
		t.Errorf("partly read: %q, want /xxgk/ghjh/ (its endpoint is disallowed)", partly)
	}

	// Without a browser: all four lists are unread, none judged.
	o = scriptAudit(t, srv.URL, "")
	got = columnFindings(o, srv.URL)
	want = []string{"empty-column list-unread /xxgk/ghjh/", "empty-column list-unread /xxgk/rsxx/",
		"empty-column list-unread /xxgk/tzgg/", "empty-column list-unread /xxgk/zcwj/"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("column findings without a browser:\n got %q\nwant %q", got, want)
	}
}
