package audit_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
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

// robots.txt applies to every request on the site's hosts, not only to
// pages: disallowed attachments, images and download scripts are neither
// fetched nor probed, and are counted as skipped. robots.txt is fetched
// once per host, also when it cannot be read.
func TestRobotsAppliesToAttachmentsAndImages(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /files/\nDisallow: /download.jsp\nDisallow: /*.png$\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><body><a href="/files/2025.pdf">年报</a> <img src="/img/logo.png">
<a href="/download.jsp?id=3">附件</a> <a href="/img/logo.gif">图</a> <a href="/files2/gone.pdf">旧附件</a></body></html>`))
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 2 * time.Second}
	res, err := audit.Run(context.Background(), cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/files/2025.pdf", "/img/logo.png", "/download.jsp"} {
		if hits[p] != 0 {
			t.Errorf("%s requested %d times though robots.txt disallows it", p, hits[p])
		}
	}
	if hits["/img/logo.gif"] == 0 || hits["/files2/gone.pdf"] == 0 {
		t.Errorf("allowed targets not probed: %v", hits)
	}
	if res.Skipped.Robots != 3 {
		t.Errorf("skipped by robots %d, want 3", res.Skipped.Robots)
	}
	var targets []string
	for _, f := range res.Findings {
		targets = append(targets, strings.TrimPrefix(f.Target, srv.URL))
	}
	// dead-link only: the allowed attachment's 404 is broken-attachment's.
	if len(targets) != 1 || targets[0] != "/img/logo.gif" {
		t.Errorf("findings on %v, want the allowed image's 404 only", targets)
	}
}

func TestRobotsUnreadableIsFetchedOnce(t *testing.T) {
	var robots atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robots.Add(1)
		http.Redirect(w, r, "/robots.txt", http.StatusFound)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><a href="/a.html">a</a> <a href="/b.html">b</a></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 2 * time.Second}
	if _, err := audit.Run(context.Background(), cfg, st); !errors.Is(err, audit.ErrNotCrawled) {
		t.Fatalf("err = %v, want ErrNotCrawled", err)
	}
	// One fetch and its five redirects followed: 6 requests, not 6 a page.
	if n := robots.Load(); n != 6 {
		t.Errorf("robots.txt requested %d times, want 6 (once, with 5 redirects)", n)
	}
}
