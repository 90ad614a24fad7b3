// Package column finds a site's 栏目 from what the crawl saw — list pages
// and their pagination, the ColumnName meta tag, breadcrumbs, the anchor
// text of links to them — applies the site's own configuration, and gives
// each column its class and update window from the column rules.
package column

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/pubdate"
	"govaudit/rules"
)

// Override is what a site's configuration says of one column.
type Override struct {
	URL    string // the column's list page
	Name   string // names (or renames) it
	Class  string // reclassifies it (a class id)
	Exempt bool   // exempts it from every column check
}

// Build returns the site's columns, sorted by URL.
func Build(pages *checks.Pages, classes []rules.ColumnClass, overrides []Override) []*checks.Column {
	tmpl := Learn(pages)
	byKey := map[string]*checks.Column{}
	first := map[string]*checks.PageSummary{} // the list page a column is named from
	unread := map[string]bool{}
	var blocks []indexBlock
	index := map[string]bool{} // keys of index pages
	for p := range pages.All() {
		r := tmpl.Read(p)
		if len(r.subs) > 0 {
			index[Key(p.URL)] = true
			for _, s := range r.subs {
				blocks = append(blocks, indexBlock{page: p.URL, sub: s, setAside: r.setAside})
			}
			continue
		}
		if !r.list {
			continue
		}
		k := Key(p.URL)
		c := byKey[k]
		if c == nil {
			c = &checks.Column{URL: k, Empty: true}
			byKey[k] = c
		}
		c.Pages = append(c.Pages, p.URL)
		if f := first[k]; f == nil || p.URL == k || (f.URL != k && p.URL < f.URL) {
			first[k] = p
		}
		if len(r.items) > 0 {
			c.Empty = false
		}
		switch {
		case r.script == "unread":
			unread[k] = true
		case r.script != "":
			c.Script = r.script
		}
		if r.empty != "" && c.EmptyCue == "" {
			c.EmptyCue = r.empty
		}
		c.Template = max(c.Template, r.setAside)
		c.Items = append(c.Items, r.items...)
	}
	for k := range unread {
		// Drawn by a script that was not read, on every page seen: neither
		// empty nor stale can be told from the page as served.
		if c := byKey[k]; c.Empty && c.Script == "" {
			c.Empty, c.Script, c.EmptyCue = false, "unread", ""
		}
	}
	fromIndex := subColumns(blocks, byKey, index)
	anchors := anchorTexts(pages, byKey)
	for k, c := range byKey {
		if fromIndex[k] {
			if c.Name == "" {
				if c.Name = navName(anchors[k]); c.Name == "" {
					// Nothing names it: neither a heading nor a
					// link elsewhere. No finding can say which.
					delete(byKey, k)
					continue
				}
			}
		} else {
			c.Name, c.Source = name(first[k], anchors[k])
		}
		c.Items = dedupe(c.Items)
		sort.Strings(c.Pages)
	}
	for _, o := range overrides {
		k := Key(o.URL)
		c := byKey[k]
		if c == nil {
			// A column the configuration adds: a crawled page the
			// detection did not take for a list (no dated items, say).
			p := pages.Get(k)
			if p == nil {
				continue // not crawled: nothing to judge
			}
			r := tmpl.Read(p)
			items := r.items
			if !r.list {
				items = p.Items
			}
			if len(r.subs) > 0 {
				// An index page made a column: what its blocks list.
				items = nil
				for _, s := range r.subs {
					items = append(items, s.Items...)
				}
			}
			c = &checks.Column{URL: k, Pages: []string{k}, Items: dedupe(items), Empty: len(items) == 0 && r.script != "unread", Name: o.Name, Source: "config"}
			if r.script != "" {
				c.Script = r.script
			}
			if c.Name == "" {
				c.Name, _ = name(p, anchors[k])
			}
			byKey[k] = c
		}
		if o.Name != "" {
			c.Name, c.Source = o.Name, "config"
		}
		if o.Class != "" {
			c.Class = o.Class
		}
		c.Exempt = c.Exempt || o.Exempt
	}
	out := make([]*checks.Column, 0, len(byKey))
	for _, c := range byKey {
		classify(c, classes)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

var (
	pagedFile  = regexp.MustCompile(`^(index|list|default)_\d+(\.[a-z]+)$`)
	pageParams = []string{"page", "pagenum", "pageno", "curpage", "currentpage", "pageindex", "pn", "p", "start"}
)

// Key is the URL of a list's first page: index_3.html → index.html,
// ?page=3 dropped.
func Key(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return rawKey(raw)
	}
	dir, file := path.Split(u.Path)
	if m := pagedFile.FindStringSubmatch(strings.ToLower(file)); m != nil {
		u.Path = dir + m[1] + m[2]
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if pageParam(k) {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	return link.Canonical(u)
}

// rawKey is Key on the string of a URL url.Parse refuses (an exact URL
// with a stray "%", which browsers send as written): the same first page,
// the other parameters sorted, the fragment dropped.
func rawKey(raw string) string {
	raw, _, _ = strings.Cut(raw, "#")
	p, q, _ := strings.Cut(raw, "?")
	dir, file := p[:strings.LastIndexByte(p, '/')+1], p[strings.LastIndexByte(p, '/')+1:]
	if m := pagedFile.FindStringSubmatch(strings.ToLower(file)); m != nil {
		p = dir + m[1] + m[2]
	}
	var keep []string
	for _, kv := range strings.Split(q, "&") {
		if k, _, _ := strings.Cut(kv, "="); kv != "" && !pageParam(k) {
			keep = append(keep, kv)
		}
	}
	if len(keep) == 0 {
		return p
	}
	slices.Sort(keep)
	return p + "?" + strings.Join(keep, "&")
}

// pageParam says whether a query key numbers a list's pages.
func pageParam(k string) bool {
	for _, p := range pageParams {
		if strings.EqualFold(k, p) {
			return true
		}
	}
	return false
}

// anchorTexts collects, for every column, the texts of links pointing at it.
func anchorTexts(pages *checks.Pages, cols map[string]*checks.Column) map[string]map[string]int {
	out := map[string]map[string]int{}
	for p := range pages.All() {
		for l := range p.AllLinks() {
			if l.Kind != checks.Anchor || l.Text == "" {
				continue
			}
			k := l.URL
			if _, ok := cols[k]; !ok {
				if k = Key(l.URL); cols[k] == nil {
					continue
				}
			}
			if out[k] == nil {
				out[k] = map[string]int{}
			}
			out[k][l.Text]++
		}
	}
	return out
}

var titleSep = regexp.MustCompile(`\s*[-_|—｜]+\s*`)

// name picks a column's name: the ColumnName meta tag, the last crumb of
// its breadcrumb, the commonest short text of links to it, its title.
func name(p *checks.PageSummary, anchors map[string]int) (string, string) {
	if p.ColumnName != "" {
		return p.ColumnName, "meta"
	}
	if n := len(p.Crumbs); n > 0 {
		last := p.Crumbs[n-1]
		if last.URL == "" || Key(last.URL) == Key(p.URL) {
			if t := strings.TrimSpace(last.Text); t != "" && t != "首页" {
				return t, "crumb"
			}
		}
	}
	if best := navName(anchors); best != "" {
		return best, "nav"
	}
	return titleSep.Split(strings.TrimSpace(p.Title), -1)[0], "title"
}

// navName is the commonest short text of the links to a column, "" if
// none.
func navName(anchors map[string]int) string {
	best, count := "", 0
	for t, n := range anchors {
		if utf8.RuneCountInString(t) > 12 || t == "更多" || t == "更多>>" || strings.HasPrefix(t, "更多") || pubdate.MoreText(t) {
			continue
		}
		if n > count || (n == count && t < best) {
			best, count = t, n
		}
	}
	return best
}

// indexBlock is a block of an index page that stands for a sub-column.
type indexBlock struct {
	page     string // the index page
	sub      Sub
	setAside int // template blocks set aside on the index page
}

// subColumns adds to the columns the sub-columns known only from index
// pages' blocks, and returns their keys. A sub-column whose own list page
// was read is that page's column: its items and pagination decide, and
// the index block adds nothing (its items are the list's newest anyway;
// a block the index draws otherwise must not hide a stale or empty list).
// A sub-column that is an index page itself is judged by its own blocks.
// Otherwise the block stands for the sub-column: its items, or, when it
// lists nothing, an empty column (as the index page says: 暂无信息). Seen
// on several index pages, it lists what they all show, and is empty only
// if all are.
func subColumns(blocks []indexBlock, byKey map[string]*checks.Column, index map[string]bool) map[string]bool {
	fromIndex := map[string]bool{}
	for _, b := range blocks {
		k := b.sub.Key
		if index[k] {
			continue
		}
		c := byKey[k]
		if c != nil && !fromIndex[k] {
			continue
		}
		if c == nil {
			c = &checks.Column{URL: k, Empty: true, Source: "index", Index: b.page}
			byKey[k] = c
			fromIndex[k] = true
		}
		if !slices.Contains(c.Pages, b.page) {
			c.Pages = append(c.Pages, b.page)
		}
		if c.Name == "" {
			c.Name = b.sub.Heading
		}
		if len(b.sub.Items) > 0 {
			c.Empty, c.EmptyCue = false, ""
		} else if c.Empty && c.EmptyCue == "" {
			c.EmptyCue = b.sub.Empty
		}
		c.Items = append(c.Items, b.sub.Items...)
		c.Template = max(c.Template, b.setAside)
	}
	return fromIndex
}

// classify sets a column's class, window and exemption from the rules; a
// class named by the configuration wins over the keywords.
func classify(c *checks.Column, classes []rules.ColumnClass) {
	var cl rules.ColumnClass
	var ok bool
	if c.Class != "" {
		for _, x := range classes {
			if x.ID == c.Class {
				cl, ok = x, true
			}
		}
	} else {
		cl, ok = rules.Classify(classes, c.Name)
	}
	if !ok {
		return
	}
	c.Class, c.Label, c.Veto = cl.ID, cl.Name, cl.Veto
	c.Window = checks.Window{Days: cl.Window.Days, Months: cl.Window.Months, Years: cl.Window.Years}
	c.Exempt = c.Exempt || cl.Exempt
}

// dedupe keeps one item per URL (the dated one if any) and sorts them
// newest first, undated last.
func dedupe(items []checks.Item) []checks.Item {
	byURL := map[string]int{}
	var out []checks.Item
	for _, it := range items {
		if i, ok := byURL[it.URL]; ok {
			if out[i].Date.IsZero() {
				out[i] = it
			}
			continue
		}
		byURL[it.URL] = len(out)
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Date, out[j].Date
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		if !a.Equal(b) {
			return a.After(b)
		}
		return out[i].URL < out[j].URL
	})
	return out
}
