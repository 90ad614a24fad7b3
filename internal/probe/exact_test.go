package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"govaudit/checks"
)

// TestProbeExactURL: a target is requested exactly as written — its
// parameters in the page's order, a stray "%" as it is — a relative
// Location is followed as a browser reads it, and the same URL written
// another way shares the verdict without a second request.
func TestProbeExactURL(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		switch {
		case r.URL.Path == "/search.jsp" && r.URL.RawQuery == "infotypeId=A01&area=330100":
			w.WriteHeader(http.StatusInternalServerError) // the page's real answer
		case r.URL.Path == "/search.jsp":
			http.NotFound(w, r)
		case r.URL.Path == "/old":
			w.Header().Set("Location", `..\新 栏目\index.html?b=2&a=1`)
			w.WriteHeader(http.StatusFound)
		case r.URL.Path == "/新 栏目/index.html" && r.URL.RawQuery == "b=2&a=1":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><title>栏目</title><body>正文内容</body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p := newProber(t, Options{})
	ctx := context.Background()

	s := p.Check(ctx, srv.URL+"/search.jsp?infotypeId=A01&area=330100")
	if s.Status != http.StatusInternalServerError || s.URL != srv.URL+"/search.jsp?infotypeId=A01&area=330100" {
		t.Errorf("search: %+v, want HTTP 500 for the URL as written", s)
	}
	n := requests.Load()
	if again := p.Check(ctx, srv.URL+"/search.jsp?area=330100&infotypeId=A01"); again.Status != http.StatusInternalServerError || requests.Load() != n {
		t.Errorf("the same URL written another way: %+v after %d more requests", again, requests.Load()-n)
	}
	if r, ok := p.Result(srv.URL + "/search.jsp?area=330100&infotypeId=A01#top"); !ok || r.Status != 500 {
		t.Errorf("Result by another spelling: %+v %v", r, ok)
	}

	s = p.Check(ctx, srv.URL+"/old")
	if s.Class != checks.OK || s.Final != srv.URL+"/%E6%96%B0%20%E6%A0%8F%E7%9B%AE/index.html?b=2&a=1" {
		t.Errorf("redirect: %+v", s)
	}
}
