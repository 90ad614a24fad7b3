package audit

import (
	"slices"
	"testing"

	"govaudit/checks"
	"govaudit/internal/link"
)

func TestMarkRedirectSoft404s(t *testing.T) {
	ok := func(u, final string) checks.LinkStatus {
		return checks.LinkStatus{URL: u, Final: final, Class: checks.OK}
	}
	all := []checks.LinkStatus{
		// three different URLs onto one page: an error page in disguise
		ok("http://a.gov.cn/x/1.html", "http://a.gov.cn/error.html"),
		ok("http://a.gov.cn/y/2.html", "http://a.gov.cn/error.html"),
		ok("http://a.gov.cn/z/3.html", "http://a.gov.cn/error.html"),
		// aliases of the homepage are not
		ok("http://a.gov.cn/index.htm", "http://a.gov.cn/"),
		ok("http://a.gov.cn/default.html", "http://a.gov.cn/"),
		ok("http://www.a.gov.cn/index.shtml", "http://a.gov.cn/"),
		// nor of a directory whose name holds a stray "%" (sent as
		// written; url.Parse refuses it)
		ok("http://a.gov.cn/zt100%/index.htm", "http://a.gov.cn/zt100%/"),
		ok("http://a.gov.cn/zt100%/default.html", "http://a.gov.cn/zt100%/"),
		ok("http://a.gov.cn/zt100%/index.shtml", "http://a.gov.cn/zt100%/"),
		// two are not enough
		ok("http://a.gov.cn/p.html", "http://a.gov.cn/new.html"),
		ok("http://a.gov.cn/q.html", "http://a.gov.cn/new.html"),
		// a redirect onto a page judged a soft 404 shares its verdict
		{URL: "http://a.gov.cn/gone.html", Class: checks.Broken, Rule: "soft-404"},
		ok("http://a.gov.cn/old.html", "http://a.gov.cn/gone.html"),
		// so does one onto the same page written another way (parameters
		// in another order): the prober finds verdicts by canonical key
		{URL: "http://a.gov.cn/list.html?b=2&a=1", Class: checks.Broken, Rule: "soft-404"},
		ok("http://a.gov.cn/moved.html", "http://a.gov.cn/list.html?a=1&b=2"),
	}
	byKey := map[string]checks.LinkStatus{}
	for _, s := range all {
		byKey[link.Key(s.URL)] = s
	}
	overrides := redirectSoft404s(slices.Values(all), func(u string) (checks.LinkStatus, bool) {
		s, ok := byKey[link.Key(u)]
		return s, ok
	})
	if len(overrides) != 5 {
		// x, y, z, old and moved: nothing else changes
		t.Errorf("%d overrides, want 5: %+v", len(overrides), overrides)
	}
	got := func(u string) checks.LinkStatus {
		s := byKey[link.Key(u)]
		if o, ok := overrides[s.URL]; ok {
			return o
		}
		return s
	}
	for u, want := range map[string]string{
		"http://a.gov.cn/x/1.html":         "soft-404-redirect",
		"http://a.gov.cn/z/3.html":         "soft-404-redirect",
		"http://a.gov.cn/index.htm":        "",
		"http://www.a.gov.cn/index.shtml":  "",
		"http://a.gov.cn/zt100%/index.htm": "",
		"http://a.gov.cn/p.html":           "",
		"http://a.gov.cn/old.html":         "soft-404",
		"http://a.gov.cn/moved.html":       "soft-404",
	} {
		if got(u).Rule != want {
			t.Errorf("%s: rule %q, want %q", u, got(u).Rule, want)
		}
	}
	if s := got("http://a.gov.cn/old.html"); s.URL != "http://a.gov.cn/old.html" || s.Class != checks.Broken {
		t.Errorf("inherited verdict %+v keeps the wrong URL or class", s)
	}
}
