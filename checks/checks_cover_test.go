package checks

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestSeverity(t *testing.T) {
	for _, tc := range []struct {
		s     Severity
		rank  int
		label string
	}{
		{Info, 1, "提示"}, {Warning, 2, "警告"}, {Error, 3, "错误"}, {"fatal", 0, "fatal"}, {"", 0, ""},
	} {
		if got := tc.s.Rank(); got != tc.rank {
			t.Errorf("%q.Rank() = %d, want %d", tc.s, got, tc.rank)
		}
		if got := tc.s.Label(); got != tc.label {
			t.Errorf("%q.Label() = %q, want %q", tc.s, got, tc.label)
		}
	}
	for in, want := range map[string]Severity{"error": Error, " Warning ": Warning, "INFO": Info} {
		if got, err := ParseSeverity(in); got != want || err != nil {
			t.Errorf("ParseSeverity(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "err", "fatal", "warnings"} {
		got, err := ParseSeverity(in)
		if got != "" || err == nil || !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("ParseSeverity(%q) = %q, %v", in, got, err)
		}
	}
}

func TestFingerprintValue(t *testing.T) {
	// sha256("dead-link\0http-404\0\0\0\0"), first 12 bytes.
	if got := Fingerprint(Finding{Check: "dead-link", Rule: "http-404"}); got != "26c0cc5e82586a8821bdffd3" {
		t.Errorf("Fingerprint = %s", got)
	}
	// The page in canonical form, and the subject, enter it.
	f := Finding{Check: "banned-wording", Rule: "w1", Page: "HTTP://A.gov.cn:80/x.html#p2", Subject: "最"}
	if got := Fingerprint(f); got != "5e028b64906720f3a361403b" {
		t.Errorf("Fingerprint = %s", got)
	}
	g := f
	g.Subject = "第一"
	if Fingerprint(g) == Fingerprint(f) {
		t.Error("subject ignored")
	}
	g = f
	g.Target = "http://a.gov.cn/y.pdf"
	if Fingerprint(g) == Fingerprint(f) {
		t.Error("target ignored")
	}
	g = f
	g.Check = "personal-info"
	if Fingerprint(g) == Fingerprint(f) {
		t.Error("check ignored")
	}
	// Parts are separated: moving text between fields changes it.
	a := Finding{Check: "ab", Rule: "c"}
	b := Finding{Check: "a", Rule: "bc"}
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("fields run together")
	}
}

func TestCanonicalURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"not a url":                     "not a url",
		"/relative/path":                "/relative/path",
		"http://a b/":                   "http://a b/",
		"mailto:x@a.gov.cn":             "mailto:x@a.gov.cn",
		"HTTP://A.gov.cn:80/x.html#top": "http://a.gov.cn/x.html",
	} {
		if got := CanonicalURL(in); got != want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLess(t *testing.T) {
	base := Finding{Check: "b", Page: "p", Target: "t", Rule: "r", Subject: "s"}
	mod := func(f func(*Finding)) Finding { x := base; f(&x); return x }
	// Each field decides only when the ones before it are equal.
	for _, tc := range []struct {
		name      string
		lo, hi    Finding
		wantOrder bool
	}{
		{"check", mod(func(f *Finding) { f.Check = "a"; f.Page = "z" }), base, true},
		{"page", mod(func(f *Finding) { f.Page = "o"; f.Target = "z" }), base, true},
		{"target", mod(func(f *Finding) { f.Target = "s"; f.Rule = "z" }), base, true},
		{"rule", mod(func(f *Finding) { f.Rule = "q"; f.Subject = "z" }), base, true},
		{"subject", mod(func(f *Finding) { f.Subject = "r" }), base, true},
	} {
		if !Less(tc.lo, tc.hi) || Less(tc.hi, tc.lo) {
			t.Errorf("%s: Less(lo, hi) = %v, Less(hi, lo) = %v", tc.name, Less(tc.lo, tc.hi), Less(tc.hi, tc.lo))
		}
	}
	if Less(base, base) {
		t.Error("Less(x, x)")
	}
	// Message, severity and evidence do not order.
	other := mod(func(f *Finding) { f.Message, f.Severity, f.Evidence = "a", Error, "e" })
	if Less(base, other) || Less(other, base) {
		t.Error("Less looks at message, severity or evidence")
	}
	fs := []Finding{{Check: "dead-link", Page: "b"}, {Check: "banned-wording", Page: "z"}, {Check: "dead-link", Page: "a"}}
	sort.Slice(fs, func(i, j int) bool { return Less(fs[i], fs[j]) })
	if fs[0].Check != "banned-wording" || fs[1].Page != "a" || fs[2].Page != "b" {
		t.Errorf("sorted %+v", fs)
	}
}

func TestValidateMore(t *testing.T) {
	ok := &Check{ID: "dead-link", Title: "t", Doc: "d", Page: func(*PagePass) {}}
	file := &Check{ID: "banned-wording", Title: "t", Doc: "d", File: func(*FilePass) {}}
	if err := Validate([]*Check{ok, file}); err != nil {
		t.Errorf("Page and File checks: %v", err)
	}
	for _, tc := range []struct {
		list []*Check
		want string
	}{
		{[]*Check{}, "checks: no checks to run"},
		{[]*Check{ok, nil}, "checks: entry 1 is nil"},
		{[]*Check{ok, {ID: "", Title: "t", Doc: "d", Page: ok.Page}}, `checks: entry 1: ID "" is not kebab-case`},
		{[]*Check{{ID: "dead-link-", Title: "t", Doc: "d", Page: ok.Page}}, `checks: entry 0: ID "dead-link-" is not kebab-case`},
		{[]*Check{{ID: "1dead", Title: "t", Doc: "d", Page: ok.Page}}, `checks: entry 0: ID "1dead" is not kebab-case`},
		{[]*Check{{ID: "dead--link", Title: "t", Doc: "d", Page: ok.Page}}, `checks: entry 0: ID "dead--link" is not kebab-case`},
		{[]*Check{ok, file, ok}, `checks: ID "dead-link" appears twice`},
		{[]*Check{{ID: "x", Doc: "d", Page: ok.Page}}, "checks: x has no title"},
		{[]*Check{{ID: "x", Title: "t", Page: ok.Page}}, "checks: x has no documentation"},
		{[]*Check{{ID: "x", Title: "t", Doc: "d"}}, "checks: x has no Page, Site or File function"},
	} {
		if err := Validate(tc.list); err == nil || err.Error() != tc.want {
			t.Errorf("Validate: %v, want %q", err, tc.want)
		}
	}
	for _, id := range []string{"a", "a1", "dead-link", "x-1-y"} {
		if err := Validate([]*Check{{ID: id, Title: "t", Doc: "d", Page: ok.Page}}); err != nil {
			t.Errorf("ID %q refused: %v", id, err)
		}
	}
}

func TestLinkKindAndClass(t *testing.T) {
	for k, want := range map[LinkKind]string{Anchor: "a", Frame: "frame", Image: "img", Embed: "embed", 4: "?", 255: "?"} {
		if got := k.String(); got != want {
			t.Errorf("LinkKind(%d) = %q, want %q", k, got, want)
		}
	}
	for c, want := range map[Class]string{OK: "ok", Broken: "broken", Transient: "transient", Blocked: "blocked", Skipped: "skipped"} {
		if got := c.String(); got != want {
			t.Errorf("Class(%d) = %q, want %q", c, got, want)
		}
	}
	for _, tc := range []struct {
		c      Class
		sev    Severity
		failed bool
	}{{OK, "", false}, {Broken, Error, true}, {Transient, Warning, true}, {Blocked, "", false}, {Skipped, "", false}} {
		sev, failed := LinkStatus{Class: tc.c}.Failed()
		if sev != tc.sev || failed != tc.failed {
			t.Errorf("%s.Failed() = %q, %v", tc.c, sev, failed)
		}
	}
}

func TestIsList(t *testing.T) {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	dated := []Item{{Title: "a"}, {Title: "b", Date: day}}
	undated := []Item{{Title: "a"}, {Title: "b"}}
	for _, tc := range []struct {
		name string
		p    PageSummary
		want bool
	}{
		{"dated items", PageSummary{Items: dated}, true},
		{"undated items", PageSummary{Items: undated}, false},
		{"no items", PageSummary{}, false},
		{"empty column", PageSummary{Empty: true}, true},
		{"homepage", PageSummary{Home: true, Items: dated, Empty: true}, false},
		{"article by meta", PageSummary{DateSource: "meta", Items: dated}, false},
		{"article by label", PageSummary{DateSource: "label", Items: dated}, false},
		{"date from url", PageSummary{DateSource: "url", Items: dated}, true},
		{"empty article", PageSummary{DateSource: "meta", Empty: true}, true},
	} {
		if got := tc.p.IsList(); got != tc.want {
			t.Errorf("%s: IsList = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWindow(t *testing.T) {
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		w     Window
		zero  bool
		str   string
		since time.Time
	}{
		{Window{}, true, "不限", asOf},
		{Window{Days: 14}, false, "2 周", time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)},
		{Window{Days: 7}, false, "1 周", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)},
		{Window{Days: 10}, false, "0 年 0 个月 10 天", time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC)},
		{Window{Months: 6}, false, "6 个月", time.Date(2026, 5, 29, 0, 0, 0, 0, time.UTC)},
		{Window{Years: 1}, false, "1 年", time.Date(2025, 11, 29, 0, 0, 0, 0, time.UTC)},
		{Window{Years: 1, Months: 2, Days: 3}, false, "1 年 2 个月 3 天", time.Date(2025, 9, 26, 0, 0, 0, 0, time.UTC)},
		{Window{Months: 1, Days: 7}, false, "0 年 1 个月 7 天", time.Date(2026, 10, 22, 0, 0, 0, 0, time.UTC)},
		{Window{Years: 2, Days: 14}, false, "2 年 0 个月 14 天", time.Date(2024, 11, 15, 0, 0, 0, 0, time.UTC)},
	} {
		if got := tc.w.IsZero(); got != tc.zero {
			t.Errorf("%+v.IsZero() = %v", tc.w, got)
		}
		if got := tc.w.String(); got != tc.str {
			t.Errorf("%+v.String() = %q, want %q", tc.w, got, tc.str)
		}
		if got := tc.w.Since(asOf); !got.Equal(tc.since) {
			t.Errorf("%+v.Since = %v, want %v", tc.w, got, tc.since)
		}
	}
	// Months end where the calendar says: the day clamps to the month's
	// last (AddDate would roll 31 Feb over to 3 Mar, three days short).
	for _, tc := range []struct {
		w          Window
		asOf, want string
	}{
		{Window{Months: 6}, "2026-08-31", "2026-02-28"},
		{Window{Months: 6}, "2028-08-31", "2028-02-29"},
		{Window{Months: 6}, "2026-08-28", "2026-02-28"},
		{Window{Months: 6}, "2026-08-27", "2026-02-27"},
		{Window{Months: 1}, "2026-03-31", "2026-02-28"},
		{Window{Months: 1}, "2026-05-31", "2026-04-30"},
		{Window{Months: 6}, "2026-03-31", "2025-09-30"},
		{Window{Months: 13}, "2026-01-15", "2024-12-15"},
		{Window{Years: 1}, "2028-02-29", "2027-02-28"},
		{Window{Days: 14}, "2026-03-01", "2026-02-15"},
		{Window{Months: 1, Days: 1}, "2026-03-31", "2026-02-27"},
	} {
		asOf, _ := time.Parse("2006-01-02", tc.asOf)
		want, _ := time.Parse("2006-01-02", tc.want)
		if got := tc.w.Since(asOf); !got.Equal(want) {
			t.Errorf("%+v.Since(%s) = %s, want %s", tc.w, tc.asOf, got.Format("2006-01-02"), tc.want)
		}
	}
	at := time.Date(2026, 8, 31, 15, 4, 5, 0, time.FixedZone("CST", 8*3600))
	if got := (Window{Months: 6}).Since(at); !got.Equal(time.Date(2026, 2, 28, 15, 4, 5, 0, at.Location())) {
		t.Errorf("clock or zone lost: %v", got)
	}
	for _, w := range []Window{{Days: 1}, {Months: 1}, {Years: 1}} {
		if w.IsZero() {
			t.Errorf("%+v is zero", w)
		}
	}
}
