package audit_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/internal/audit"
	"govaudit/internal/store"
)

// TestRobotsForbiddingEverything: a site whose robots.txt forbids the
// homepage is not reported as a clean site; the run stops with a reason and
// a way out, and --ignore-robots audits it.
func TestRobotsForbiddingEverything(t *testing.T) {
	for _, tc := range []struct {
		name   string
		robots http.HandlerFunc
	}{
		{"disallow all", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("User-agent: *\nDisallow: /\n")) }},
		{"robots redirect loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/robots.txt", http.StatusFound) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", tc.robots)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte(`<html><body><a href="/gone.html">旧栏目</a></body></html>`))
			})
			mux.HandleFunc("/gone.html", http.NotFound)
			srv := httptest.NewServer(mux)
			defer srv.Close()
			st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 2 * time.Second}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			res, err := audit.Run(ctx, cfg, st)
			if !errors.Is(err, audit.ErrNotCrawled) || !strings.Contains(err.Error(), "--ignore-robots") {
				t.Fatalf("err = %v, want ErrNotCrawled naming --ignore-robots", err)
			}
			if res.Run.Status != store.StatusInterrupted {
				t.Errorf("run status %s, want interrupted (not a baseline)", res.Run.Status)
			}
			cfg.IgnoreRobots = true
			res, err = audit.Run(ctx, cfg, st)
			if err != nil || len(res.Findings) != 1 || res.Findings[0].Rule != "http-404" {
				t.Fatalf("with IgnoreRobots: err %v, findings %+v", err, res.Findings)
			}
		})
	}
}
