package checks

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := &Check{ID: "dead-link", Title: "t", Doc: "d", Site: func(*SitePass) {}}
	for _, tc := range []struct {
		list []*Check
		want string
	}{
		{nil, "no checks"},
		{[]*Check{{ID: "Dead_Link", Title: "t", Doc: "d", Site: ok.Site}}, "kebab-case"},
		{[]*Check{ok, ok}, "twice"},
		{[]*Check{{ID: "x", Doc: "d", Site: ok.Site}}, "no title"},
		{[]*Check{{ID: "x", Title: "t", Site: ok.Site}}, "no documentation"},
		{[]*Check{{ID: "x", Title: "t", Doc: "d"}}, "no Page, Site or File"},
	} {
		err := Validate(tc.list)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%v) = %v, want an error with %q", tc.list, err, tc.want)
		}
	}
	if err := Validate([]*Check{ok}); err != nil {
		t.Errorf("valid list: %v", err)
	}
}

func TestFingerprintIsStable(t *testing.T) {
	f := Finding{Check: "dead-link", Rule: "http-404", Page: "HTTP://A.gov.cn:80/x.html#top", Target: "http://a.gov.cn/y"}
	g := f
	g.Page = "http://a.gov.cn/x.html"
	g.Message, g.Evidence, g.Severity = "changed wording", "other", Warning
	if Fingerprint(f) != Fingerprint(g) {
		t.Error("fingerprint depends on URL spelling or on message/evidence/severity")
	}
	g.Rule = "http-410"
	if Fingerprint(f) == Fingerprint(g) {
		t.Error("fingerprint ignores the rule")
	}
}
