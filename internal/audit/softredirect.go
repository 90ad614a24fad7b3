package audit

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"govaudit/checks"
	"govaudit/internal/probe"
)

// minSoftRedirects is how many different URLs must land on one page for the
// landing page to be taken for an error page in disguise.
const minSoftRedirects = 3

// markRedirectSoft404s returns the verdicts by URL, with working targets
// that share a redirect destination with two or more other, different URLs
// marked as soft-404-redirect. Aliases of the destination itself
// (/index.html → /, http → https, a trailing slash) do not count.
func markRedirectSoft404s(all []checks.LinkStatus) map[string]checks.LinkStatus {
	out := make(map[string]checks.LinkStatus, len(all))
	for _, s := range all {
		out[s.URL] = s
	}
	groups := map[string][]string{}
	for _, s := range all {
		if s.Class != checks.OK || s.Final == "" {
			continue
		}
		// A redirect onto a page judged already (the crawler reads each
		// page once) shares that page's verdict.
		if f, ok := out[s.Final]; ok && f.Class != checks.OK && f.Class != checks.Skipped {
			f.URL, f.Final = s.URL, s.Final
			out[s.URL] = f
			continue
		}
		if !alias(s.URL, s.Final) {
			groups[s.Final] = append(groups[s.Final], s.URL)
		}
	}
	for final, sources := range groups {
		if len(sources) < minSoftRedirects {
			continue
		}
		for _, u := range sources {
			s := out[u]
			s.Class, s.Rule = checks.Transient, probe.RuleSoft404Redirect
			s.Detail = "与其他 " + strconv.Itoa(len(sources)-1) + " 个地址一起被重定向到同一页面 " + final + "，疑似错误页"
			out[u] = s
		}
	}
	return out
}

// alias says whether from is only another spelling of to.
func alias(from, to string) bool {
	a, err1 := url.Parse(from)
	b, err2 := url.Parse(to)
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
