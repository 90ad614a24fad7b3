package column

import (
	"govaudit/checks"
	"govaudit/internal/pubdate"
)

// Template learning: blocks that repeat on many pages of a site — the
// 最新发布 and 热点推荐 widgets, a site-wide 通知公告 box — are the site's
// template, not a column's content. Every page summary carries the
// fingerprints of its candidate lists (a hash of their item URLs and
// titles); a fingerprint found on at least templateMin pages (told apart
// by their list URL, so a column's index_N pages count once) and on at
// least templateShare of the site's list pages is template. A list page
// whose own list turns out to be template takes its best other candidate;
// with none left, its own list is empty (when it says so: 暂无信息, 共0条,
// an empty list container) or the page is no list page at all (a
// navigation page with a sidebar).
const (
	templateMin   = 3
	templateShare = 0.3
)

// Template is the set of block fingerprints a site repeats, and (hashed
// by linkMark) of the 更多 links it repeats.
type Template map[uint64]bool

// Learn finds the blocks repeated across the site's pages.
func Learn(pages *checks.Pages) Template {
	count := map[uint64]int{}
	seen := map[uint64]string{} // fingerprint → last list key counted
	lists := map[string]bool{}
	for p := range pages.All() {
		if len(p.Blocks) == 0 {
			continue
		}
		k := Key(p.URL)
		if len(p.Lists) > 0 || p.NoItems != "" || p.Script != "" {
			lists[k] = true
		}
		for _, fp := range p.Blocks {
			if seen[fp] == k {
				continue
			}
			seen[fp] = k
			count[fp]++
		}
		// A 更多 link on as many pages is a side block's: it marks no
		// sub-column of an index page (see Subs).
		for l := range p.AllLinks() {
			if l.Kind != checks.Anchor || !pubdate.MoreText(l.Text) {
				continue
			}
			if fp := linkMark(Key(l.URL)); seen[fp] != k {
				seen[fp] = k
				count[fp]++
			}
		}
	}
	min := templateMin
	if share := int(templateShare*float64(len(lists)) + 0.999); share > min {
		min = share
	}
	t := Template{}
	for fp, n := range count {
		if n >= min {
			t[fp] = true
		}
	}
	return t
}

// reading is what a page gives its column once the template is known.
type reading struct {
	list     bool          // a list page of a column
	items    []checks.Item // the column's own list on it
	empty    string        // why it shows nothing: marker, zero, blank
	script   string        // how a script-drawn list was read, or "unread"
	setAside int           // template blocks set aside
	own      int           // the list taken, index in Lists, -1 if none
	subs     []Sub         // an index page's blocks, each a sub-column: the page is then no list page
}

// Read decides what a page shows of its column: its own list with the
// site's template set aside.
func (t Template) Read(p *checks.PageSummary) reading {
	r := reading{own: -1}
	if p.Home || p.Search {
		return r
	}
	if len(p.Lists) == 0 {
		// A summary without candidate lists (an unread script, or one
		// built by hand): what the page alone says.
		if p.Script == "unread" && p.DateSource != "meta" && p.DateSource != "label" {
			return reading{list: true, script: p.Script, own: -1}
		}
		if !p.IsList() {
			return r
		}
		r.list, r.items, r.script = true, p.Items, p.Script
		if p.Empty {
			r.items, r.empty = nil, p.NoItems
			if r.empty == "" {
				r.empty = "marker"
			}
		}
		return r
	}
	if subs := t.Subs(p); subs != nil {
		// An index page: not a column judged from whichever block won,
		// but the parent of the sub-columns its blocks stand for.
		r.subs = subs
		for _, l := range p.Lists {
			if t[l.Fingerprint] {
				r.setAside++
			}
		}
		return r
	}
	own := -1
	if p.Own >= 0 && p.Own < len(p.Lists) && !t[p.Lists[p.Own].Fingerprint] {
		own = p.Own
	}
	best := -1
	for i, l := range p.Lists {
		if t[l.Fingerprint] {
			r.setAside++
			continue
		}
		if own >= 0 || l.Side {
			continue
		}
		if best < 0 || score(l) > score(p.Lists[best]) {
			best = i
		}
	}
	if own < 0 {
		own = best
	}
	r.own = own
	if own >= 0 {
		l := p.Lists[own]
		if l.Source != "html" {
			r.script = l.Source
		}
		r.items = l.Items
	}
	switch {
	case hasDate(r.items):
		r.list = p.DateSource != "meta" && p.DateSource != "label"
	case p.NoItems != "":
		r.list, r.items, r.empty = true, nil, p.NoItems
	case p.Script == "unread":
		r.list, r.items, r.script = true, nil, p.Script
	}
	return r
}

// score ranks a page's candidate lists as pubdate does: bound to the
// pager, under the column's heading, then the most dated items.
func score(l checks.List) int {
	d := 0
	for _, it := range l.Items {
		if !it.Date.IsZero() {
			d++
		}
	}
	s := min(len(l.Items)+2*d, 60)
	if d > 0 {
		if l.Pager {
			s += 100
		}
		if l.HeadingHit {
			s += 50
		}
	}
	return s
}

func hasDate(items []checks.Item) bool {
	for _, it := range items {
		if !it.Date.IsZero() {
			return true
		}
	}
	return false
}
