package audit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/internal/audit"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

func privateRun(t *testing.T, cfg audit.Config) *outcome.Outcome {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := audit.Run(ctx, cfg, st)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res
}

// Links and redirects into the cloud metadata address or an intranet are
// not followed from a site that does not live there: no request leaves for
// them, no dead link is reported, and the report lists them as skipped.
// (A site on this machine may visit this machine; a public site may not:
// see transport's TestGuardRefusesBeforeConnecting.)
func TestPrivateAddressesAreNotVisited(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><body><a href="http://169.254.169.254/latest/meta-data/">元数据</a>
<a href="http://10.255.0.1/oa/">内网办公</a> <a href="/go">外链</a> <a href="/gone.html">旧栏目</a></body></html>`))
	})
	mux.HandleFunc("/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://192.168.1.1/admin", http.StatusFound)
	})
	mux.HandleFunc("/gone.html", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res := privateRun(t, audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 2 * time.Second})
	if len(res.Findings) != 1 || res.Findings[0].Rule != "http-404" {
		t.Errorf("findings %+v, want only the 404 of /gone.html", res.Findings)
	}
	want := []struct{ url, detail string }{
		{"http://10.255.0.1/oa/", "内网地址，10.255.0.1"},
		{srv.URL + "/go", "内网地址，192.168.1.1"}, // http://127.0.0.1:…
		{"http://169.254.169.254/latest/meta-data/", "链路本地/云元数据地址，169.254.169.254"},
	}
	if len(res.Private) != len(want) || res.Skipped.Private != len(want) {
		t.Fatalf("private %+v (count %d), want %d", res.Private, res.Skipped.Private, len(want))
	}
	for i, w := range want {
		if got := res.Private[i]; got.URL != w.url || !strings.Contains(got.Detail, w.detail) {
			t.Errorf("private[%d] = %+v, want %s with %q", i, got, w.url, w.detail)
		}
	}
}

// An IDN start URL is crawled as its punycode, the form every link to it
// takes: all of the site is crawled, not just its homepage.
func TestIDNStartCrawlsTheWholeSite(t *testing.T) {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<html><body>" + body + "</body></html>"))
		}
	}
	mux.HandleFunc("/", page(`<a href="http://政府.中国/zwgk/">政务公开</a> <a href="/xxgk/">信息公开</a>`))
	mux.HandleFunc("/zwgk/", page(`<a href="http://xn--mxtq1m.xn--fiqs8s/zwgk/old.html">旧文件</a>`))
	mux.HandleFunc("/xxgk/", page(`<a href="/zwgk/">政务公开</a>`))
	mux.HandleFunc("/zwgk/old.html", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res := privateRun(t, audit.Config{Start: "http://政府.中国/", Checks: []*checks.Check{deadlink.Check}, Timeout: 2 * time.Second,
		Hosts: map[string]string{"xn--mxtq1m.xn--fiqs8s:80": srv.Listener.Addr().String()}, HostsOnly: true})
	if res.Run.Pages != 3 {
		t.Errorf("crawled %d pages, want 3 (homepage, /zwgk/, /xxgk/)", res.Run.Pages)
	}
	if len(res.Findings) != 1 || res.Findings[0].Target != "http://xn--mxtq1m.xn--fiqs8s/zwgk/old.html" {
		t.Errorf("findings %+v, want the 404 on /zwgk/", res.Findings)
	}
	if res.Run.Site != "http://xn--mxtq1m.xn--fiqs8s/" {
		t.Errorf("site key %q, want the punycode homepage", res.Run.Site)
	}
}

// A bare host name is tried as https first, then as http when https does
// not answer; a URL with a scheme is taken at its word.
func TestBareHostFallsBackToHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			w.Write([]byte(`<html><body><a href="/gone.html">旧栏目</a></body></html>`))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	cfg, err := job.Config(job.Spec{Start: host, Checks: []*checks.Check{deadlink.Check}, Limits: job.Limits{Timeout: 2 * time.Second, Parallel: 2}})
	if err != nil {
		t.Fatal(err)
	}
	res := privateRun(t, cfg)
	if res.Run.Pages != 1 || len(res.Findings) != 1 || res.Findings[0].Target != srv.URL+"/gone.html" {
		t.Errorf("bare host: pages %d, findings %+v; want the http site audited", res.Run.Pages, res.Findings)
	}
	cfg.BareHost = false
	st, _ := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	defer st.Close()
	if _, err := audit.Run(context.Background(), cfg, st); err == nil {
		t.Error("https:// given explicitly: the http site was audited anyway")
	}
}
