package pubdate

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// URL dates outside these years are taken for ids.
const (
	urlMinYear = 1990
	urlMaxYear = 2100
)

// urlDay are the day-precise URL forms, most specific first. Each has the
// groups year, month, day (or yyyymmdd as one group).
var urlDay = []*regexp.Regexp{
	// TRS: /202012/t20201231_123456.html, t20201231_123456_1.html
	regexp.MustCompile(`/[tT](\d{8})_\d+[^/]*$`),
	// TRS attachments and images: /P020201231512345678901.pdf, W0…
	regexp.MustCompile(`/[PW]0(\d{8})\d{4,}[^/]*$`),
	// Hanweb: /art/2020/12/31/art_1229_5678.html
	regexp.MustCompile(`/art/(\d{4})/(\d{1,2})/(\d{1,2})/`),
	// gov.cn, xinhua: /2020-12/31/content_5575.htm, /2020-12/31/c_1126.htm
	regexp.MustCompile(`/(\d{4})-(\d{1,2})/(\d{1,2})/`),
	// /2020-12-31/… and /2020-12-31.html
	regexp.MustCompile(`/(\d{4})-(\d{2})-(\d{2})(?:[/_.]|$)`),
	// /20201231/…, /20201231_123.html, /20201231102030.html
	regexp.MustCompile(`/(\d{8})(?:\d{6})?(?:[/_.-]|$)`),
	// people.cn: /n1/2020/1231/c1001-31984.html
	regexp.MustCompile(`/(\d{4})/(\d{2})(\d{2})/`),
	// /2020/12/31/…
	regexp.MustCompile(`/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)`),
}

// urlMonth are the month-only forms: /202012/, /2020-12/, /2020/12/.
var urlMonth = []*regexp.Regexp{
	regexp.MustCompile(`/(\d{4})(\d{2})/`),
	regexp.MustCompile(`/(\d{4})-(\d{1,2})/`),
	regexp.MustCompile(`/(\d{4})/(\d{1,2})/`),
}

// FromURL reads the date a CMS put in an article URL: /t20201231_123.html
// (TRS), /art/2020/12/31/art_1229_5678.html (Hanweb), /2020-12/31/
// (gov.cn), /2020/1231/, /2020/12/31/, /20201231/…, and TRS attachment
// names (P020201231…). Only the path is read. When the path gives only a
// month (/202012/), t is the 1st of that month and day is false; ok is
// false when the URL carries no date.
func FromURL(u string) (t time.Time, day bool, ok bool) {
	p := urlPath(u)
	if p == "" {
		return time.Time{}, false, false
	}
	for _, re := range urlDay {
		for _, g := range re.FindAllStringSubmatch(p, -1) {
			if tm, ok := urlDate(g[1:], true); ok {
				return tm, true, true
			}
		}
	}
	// Month-only paths: scan overlapping segments (/2020/12/ also matches
	// /12/…); take the last, which is nearest the file.
	var last time.Time
	for _, re := range urlMonth {
		for _, loc := range allOverlapping(re, p) {
			if tm, ok := urlDate(loc, false); ok {
				last = tm
			}
		}
		if !last.IsZero() {
			return last, false, true
		}
	}
	return time.Time{}, false, false
}

// urlPath returns the path of u (no host, query or fragment), with a
// leading slash.
func urlPath(u string) string {
	u = strings.TrimSpace(u)
	if pu, err := url.Parse(u); err == nil {
		p := exactPath(pu)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return p
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = "/"
		}
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return u
}

// allOverlapping returns the submatches of re at every slash of p, so that
// /2020/12/31 yields 2020/12 and also a later 12/31 would be tried.
func allOverlapping(re *regexp.Regexp, p string) [][]string {
	var out [][]string
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		loc := re.FindStringSubmatchIndex(p[i:])
		if loc == nil || loc[0] != 0 {
			continue
		}
		g := make([]string, 0, len(loc)/2-1)
		for k := 2; k < len(loc); k += 2 {
			g = append(g, p[i+loc[k]:i+loc[k+1]])
		}
		out = append(out, g)
	}
	return out
}

// urlDate turns groups (yyyymmdd) or (yyyy, mm, dd) or (yyyy, mm) into a
// date.
func urlDate(g []string, day bool) (time.Time, bool) {
	if len(g) == 1 && len(g[0]) == 8 {
		g = []string{g[0][:4], g[0][4:6], g[0][6:]}
	}
	n := make([]int, len(g))
	for i, s := range g {
		v, err := strconv.Atoi(s)
		if err != nil {
			return time.Time{}, false
		}
		n[i] = v
	}
	if len(n) < 2 || n[0] < urlMinYear || n[0] > urlMaxYear {
		return time.Time{}, false
	}
	m := match{y: n[0], m: n[1], d: 1}
	if day {
		if len(n) < 3 {
			return time.Time{}, false
		}
		m.d = n[2]
	}
	return m.time()
}
