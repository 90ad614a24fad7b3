package audit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/internal/audit"
)

// A link that redirects onto a page the firewall blocks is itself blocked:
// the report lists both, the redirect under the URL the page wrote, and
// neither is called dead.
func TestRedirectOntoBlockedPageIsListedBlocked(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><body><a href="/wall.html">办事大厅</a> <a href="/old.html">旧版办事大厅</a></body></html>`))
	})
	mux.HandleFunc("/wall.html", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Forbidden", http.StatusForbidden)
	})
	mux.HandleFunc("/old.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/wall.html", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res := privateRun(t, audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 2 * time.Second})
	if len(res.Findings) != 0 {
		t.Errorf("findings %+v, want none: a blocked page is not a dead link", res.Findings)
	}
	var got []string
	for _, b := range res.Blocked {
		got = append(got, b.URL)
	}
	want := []string{srv.URL + "/old.html", srv.URL + "/wall.html"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("blocked %v, want %v", got, want)
	}
}
