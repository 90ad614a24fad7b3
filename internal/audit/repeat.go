package audit

import (
	"sort"
	"strconv"

	"govaudit/checks"
	"govaudit/internal/link"
)

// firstLinksByKey is firstLinks by canonical key: the prober names a
// target as first written, and a page may write it another way.
func firstLinksByKey(pages []*checks.PageSummary) map[string]string {
	out := map[string]string{}
	for _, p := range pages {
		for l := range p.AllLinks() {
			k := link.Key(l.URL)
			if _, ok := out[k]; !ok {
				out[k] = p.URL
			}
		}
	}
	return out
}

// repeatPages is on how many pages the same finding (check, rule, subject,
// evidence) must stand to be taken for template text — a header, footer or
// navigation — and reported once for the site.
const repeatPages = 3

// aggregateRepeats returns page checks' findings with those repeated on
// repeatPages or more pages folded into one, placed on the homepage and
// saying on how many pages (and on which first) it stands.
func aggregateRepeats(fs []checks.Finding, home string) []checks.Finding {
	type key struct{ check, rule, subject, evidence string }
	groups := map[key][]checks.Finding{}
	var order []key
	for _, f := range fs {
		k := key{f.Check, f.Rule, f.Subject, f.Evidence}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	var out []checks.Finding
	for _, k := range order {
		g := groups[k]
		pages := map[string]bool{}
		for _, f := range g {
			pages[f.Page] = true
		}
		if len(pages) < repeatPages {
			out = append(out, g...)
			continue
		}
		urls := make([]string, 0, len(pages))
		for u := range pages {
			urls = append(urls, u)
		}
		sort.Strings(urls)
		f := g[0]
		f.Page, f.Target, f.Fingerprint = home, "", ""
		f.Subject = "site|" + f.Subject
		f.Message += "（在 " + strconv.Itoa(len(urls)) + " 个页面重复出现，多为页眉、页脚或导航中的固定内容；首见于 " + urls[0] + "）"
		out = append(out, f)
	}
	return out
}

// firstLinks maps every link target to the first page (by URL) linking it.
func firstLinks(pages []*checks.PageSummary) map[string]string {
	out := map[string]string{}
	for _, p := range pages { // sorted by URL
		for l := range p.AllLinks() {
			if _, ok := out[l.URL]; !ok {
				out[l.URL] = p.URL
			}
		}
	}
	return out
}
