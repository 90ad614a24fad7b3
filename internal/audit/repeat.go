package audit

import (
	"crypto/sha256"
	"hash/fnv"
	"strconv"
	"strings"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/pii"
)

// repeatPages is on how many pages the same finding (check, rule, subject,
// evidence) must stand to be taken for template text — a header, footer or
// navigation — and reported once for the site.
const repeatPages = 3

// aggregateRepeats passes page checks' findings to report, with those
// repeated on repeatPages or more pages folded into one, placed on the
// homepage and saying on how many pages (and on which first) it stands.
// each reads the findings, one check's findings on one page together, as
// spill keeps them; it is read twice (first counting on how many pages each
// finding stands), so only a count per distinct finding is held.
func aggregateRepeats(each func(func(checks.Finding)) error, home string, report func(checks.Finding)) error {
	type count struct {
		pages uint32
		last  uint64 // the page of the last batch counted
	}
	counts := map[repeatKey]count{}
	if err := each(func(f checks.Finding) {
		k, p := keyOfRepeat(f), hashString(f.Page)
		c := counts[k]
		if c.pages == 0 || c.last != p {
			c.pages++
			c.last = p
		}
		counts[k] = c
	}); err != nil {
		return err
	}
	fold := map[repeatKey]*checks.Finding{} // the one on the first page (by URL)
	if err := each(func(f checks.Finding) {
		k := keyOfRepeat(f)
		if counts[k].pages < repeatPages {
			report(f)
			return
		}
		if g := fold[k]; g == nil || f.Page < g.Page {
			fold[k] = &f
		}
	}); err != nil {
		return err
	}
	for k, g := range fold {
		f := *g
		first := f.Page
		f.Page, f.Target, f.Fingerprint = home, "", ""
		f.Subject = "site|" + f.Subject
		f.Message += "（在 " + strconv.Itoa(int(counts[k].pages)) + " 个页面重复出现，多为页眉、页脚或导航中的固定内容；首见于 " + first + "）"
		report(f)
	}
	return nil
}

// repeatKey is a finding up to its page: a hash of check, rule, subject and
// evidence.
type repeatKey [16]byte

func keyOfRepeat(f checks.Finding) repeatKey {
	h := sha256.New()
	for _, part := range []string{f.Check, f.Rule, f.Subject, f.Evidence} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	var k repeatKey
	copy(k[:], h.Sum(nil))
	return k
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// firstLinks maps every link target, as key makes it, to the first page
// (by URL) linking it.
func firstLinks(pages *checks.Pages, key func(string) string) map[string]string {
	out := map[string]string{}
	for p := range pages.All() { // in URL order
		for l := range p.AllLinks() {
			k := key(l.URL)
			if _, ok := out[k]; !ok {
				out[k] = p.URL
			}
		}
	}
	return out
}

// linkingPages finds the first page linking a target: by the target as
// written; else by its canonical key (the prober names a target as first
// written, and a page may write it another way); else, for a target
// masked before it waited for the end of the crawl (a file check's
// /files/330106199003071236.pdf), by the masked form. Each map is built by
// the first lookup that needs it.
type linkingPages struct {
	pages                *checks.Pages
	exact, byKey, masked map[string]string
}

func (l *linkingPages) of(target string) string {
	if l.exact == nil {
		l.exact = firstLinks(l.pages, func(u string) string { return u })
	}
	if p := l.exact[target]; p != "" {
		return p
	}
	if l.byKey == nil {
		l.byKey = firstLinks(l.pages, link.Key)
	}
	if p := l.byKey[link.Key(target)]; p != "" || !strings.Contains(target, "*") {
		return p
	}
	if l.masked == nil {
		l.masked = firstLinks(l.pages, pii.Redact)
	}
	return l.masked[target]
}
