package audit

import (
	"iter"
	"path"
	"strconv"
	"strings"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/probe"
)

// minSoftRedirects is how many different URLs must land on one page for the
// landing page to be taken for an error page in disguise.
const minSoftRedirects = 3

// redirectSoft404s returns, by the URL each verdict carries, the verdicts
// that differ from the prober's: working targets that share a redirect destination with two or
// more other, different URLs are marked soft-404-redirect, and a redirect
// onto a page judged already takes that page's verdict. Aliases of the
// destination itself (/index.html → /, http → https, a trailing slash) do
// not count. It holds only what it changes, not a copy of every verdict:
// at 100,000 pages that copy was the largest thing live in finish.
func redirectSoft404s(all iter.Seq[checks.LinkStatus], lookup func(string) (checks.LinkStatus, bool)) map[string]checks.LinkStatus {
	out := map[string]checks.LinkStatus{}
	groups := map[string][]checks.LinkStatus{}
	for s := range all {
		if s.Class != checks.OK || s.Final == "" {
			continue
		}
		// A redirect onto a page judged already (the crawler reads each
		// page once) shares that page's verdict.
		if f, ok := lookup(s.Final); ok && f.Class != checks.OK && f.Class != checks.Skipped {
			f.URL, f.Final = s.URL, s.Final
			out[s.URL] = f
			continue
		}
		if !alias(s.URL, s.Final) {
			groups[s.Final] = append(groups[s.Final], s)
		}
	}
	for final, sources := range groups {
		if len(sources) < minSoftRedirects {
			continue
		}
		for _, s := range sources {
			s.Class, s.Rule = checks.Transient, probe.RuleSoft404Redirect
			s.Detail = "与其他 " + strconv.Itoa(len(sources)-1) + " 个地址一起被重定向到同一页面 " + final + "，疑似错误页"
			out[s.URL] = s
		}
	}
	return out
}

// alias says whether from is only another spelling of to.
func alias(from, to string) bool {
	a, err1 := link.ParseAny(from)
	b, err2 := link.ParseAny(to)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.TrimPrefix(strings.ToLower(a.Hostname()), "www.") == strings.TrimPrefix(strings.ToLower(b.Hostname()), "www.") &&
		indexless(a.Path) == indexless(b.Path) && a.RawQuery == b.RawQuery
}

func indexless(p string) string {
	base := strings.ToLower(path.Base(p))
	for _, idx := range []string{"index.", "default.", "home."} {
		if strings.HasPrefix(base, idx) {
			p = path.Dir(p)
			break
		}
	}
	return strings.TrimSuffix(p, "/")
}
