package audit

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestLastmod(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for in, want := range map[string]time.Time{
		"2026-11-20":                 time.Date(2026, 11, 20, 0, 0, 0, 0, cst),
		" 2026-11-20T08:30:00+08:00": time.Date(2026, 11, 20, 0, 30, 0, 0, time.UTC),
		"2026-11-20T08:30+08:00":     time.Date(2026, 11, 20, 0, 30, 0, 0, time.UTC),
		"2026-11-20T08:30:00Z":       time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC),
		"2026-11-20 08:30:00":        time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC),
		"20 Nov 2026":                {},
		"":                           {},
	} {
		if got := lastmod(in); !got.Equal(want) {
			t.Errorf("lastmod(%q) = %v, want %v", in, got, want)
		}
	}
}

// A sitemap index is followed one level, on the site's own origin only;
// a sitemap that is not there, or not XML, gives nothing and no error.
func TestSitemapIndex(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sitemap.xml":
			w.Write([]byte(`<sitemapindex><sitemap><loc>` + srv.URL + `/a.xml</loc></sitemap>
<sitemap><loc>http://elsewhere.example/b.xml</loc></sitemap><sitemap><loc>` + srv.URL + `/broken.xml</loc></sitemap></sitemapindex>`))
		case "/a.xml":
			w.Write([]byte(`<urlset><url><loc> ` + srv.URL + `/tzgg/1.html </loc><lastmod>2026-11-20</lastmod></url>
<url><loc>` + srv.URL + `/tzgg/2.html</loc></url><url><loc>mailto:x@example.gov.cn</loc></url></urlset>`))
		case "/broken.xml":
			w.Write([]byte(`<urlset><url><loc>` + srv.URL + `/tzgg/3.html</loc>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	got := sitemap(context.Background(), srv.Client(), srv.URL)
	if len(got) != 2 || got[0].URL != srv.URL+"/tzgg/1.html" || got[0].LastMod.IsZero() ||
		got[1].URL != srv.URL+"/tzgg/2.html" || !got[1].LastMod.IsZero() {
		t.Errorf("entries %+v, want 1.html (dated) and 2.html (undated)", got)
	}
	none := httptest.NewServer(http.NotFoundHandler())
	defer none.Close()
	if got := sitemap(context.Background(), none.Client(), none.URL); len(got) != 0 {
		t.Errorf("no sitemap: %+v", got)
	}
}
