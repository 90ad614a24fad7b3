package column

import (
	"hash/fnv"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/pubdate"
)

// Index pages. A 政府信息公开 (or 通知公告) overview page shows several
// blocks, each under a heading naming a sub-column (政策文件, 通知公告,
// 人事信息, 规划计划) with its newest items and a 更多>> link to the
// sub-column's own list page. Such a page is no column of its own: each
// block stands for its sub-column, and the page's verdict is theirs.
//
// A page is an index when, with the site's template set aside, it shows
// two or more dated blocks that are not side blocks (最新发布, 热点推荐),
// each under a heading of its own, and at least two of them lead on to a
// list page of their own (a 更多 link, or the heading's own link). It is
// not one when anything says it is a list page of its own: pagination or a
// record count (共N条), a list drawn by a script, a dated block without a
// heading, a block under the page's own column name or under a generic
// heading (信息列表), or a block whose 更多 leads back to the page itself.
//
// Each block's 更多 link is the one the page read beside it (List.More:
// in its title bar or at its foot, see pubdate), and a block that lists
// nothing but its heading and 更多 link over 暂无信息 is a list of no items
// (with its More): on a page that says so (暂无信息, 共0条, an empty list)
// it is an empty sub-column. A 更多 link the site repeats on many pages (a
// side block's) is template and never one.
//
// A block whose 更多 link the summary does not carry (a summary built by
// hand, a layout the page reader does not know) has it inferred from the
// page's links, in document order (each URL kept once, where it first
// stands): the 更多 link next to the block — before its items when the
// page's title bars carry it (the common layout), after them when the
// page puts it at the foot of each block, whichever the page's blocks
// show most — but never one the summary gives another list. A 更多 link
// between the blocks that none claims is the title bar of a block that
// lists nothing, when no list of the summary stands for it. Either way,
// a link whose text is the block's heading (its heading's own link, a
// menu's) keys the block too.

// Sub is one block of an index page read as a sub-column.
type Sub struct {
	Heading string        // the block's heading, its name; "" for a block seen only by its 更多 link
	Key     string        // the sub-column's key (see Subs)
	More    string        // where its 更多 link (or its heading's link) leads, "" if none was found
	Items   []checks.Item // what the block lists
	Empty   string        // why a block lists nothing ("marker", "zero", "blank" as the page says), "" if it lists items
	List    int           // index in the page's Lists, -1 for a block seen only by its 更多 link
}

// genericHeadings name no column: a list under them is a page's own.
var genericHeadings = map[string]bool{
	"列表": true, "信息列表": true, "文章列表": true, "内容列表": true, "新闻列表": true, "栏目列表": true,
	"信息": true, "正文": true, "内容": true,
}

// Subs reads an index page's blocks as sub-columns, in document order; nil
// when the page is no index. A sub-column is keyed by where its 更多 link
// leads (Key of it), so that it is one column with its own list page when
// that was read too; a block without one is keyed by the index page's key
// and its heading: "http://…/xxgk/index.html#政策文件".
func (t Template) Subs(p *checks.PageSummary) []Sub {
	blocks, headings := t.indexBlocks(p)
	if blocks == nil {
		return nil
	}
	r := newIndexReader(t, p, blocks)
	out, ok := r.linked(blocks)
	if !ok {
		return nil
	}
	if p.NoItems != "" {
		out = append(out, r.emptyLists(headings)...)
		out = append(out, r.empty(headings)...)
	}
	return out
}

// indexBlocks returns the candidate lists that may be an index page's
// blocks, and their headings (squeezed); nil when the page shows a list
// of its own.
func (t Template) indexBlocks(p *checks.PageSummary) ([]int, map[string]bool) {
	if p.Home || p.Search || p.DateSource == "meta" || p.DateSource == "label" ||
		len(p.Pagination) > 0 || p.Records > 0 || p.Script != "" || len(p.Lists) < 2 {
		return nil, nil
	}
	own := map[string]bool{}
	for _, n := range []string{p.ColumnName, titleSep.Split(strings.TrimSpace(p.Title), -1)[0]} {
		own[squeeze(n)] = true
	}
	if n := len(p.Crumbs); n > 0 {
		own[squeeze(p.Crumbs[n-1].Text)] = true
	}
	delete(own, "")
	var blocks []int
	headings := map[string]bool{}
	for i, l := range p.Lists {
		if t[l.Fingerprint] || l.Side || !hasDate(l.Items) {
			continue
		}
		h := squeeze(l.Heading)
		if l.Pager || l.Source != "html" || h == "" || genericHeadings[h] || own[h] || headings[h] {
			return nil, nil
		}
		headings[h] = true
		blocks = append(blocks, i)
	}
	if len(blocks) < 2 {
		return nil, nil
	}
	return blocks, headings
}

// indexReader reads an index page's blocks against its links.
type indexReader struct {
	*pageLinks
	t       Template
	p       *checks.PageSummary
	self    string          // the index page's key
	spans   spanList        // the page's lists among its links
	at      map[int]int     // list index → span index, for the lists placed
	block   map[int]bool    // list indices of the index's blocks
	foot    bool            // 更多 links stand at the blocks' foot, not in their title bars
	owner   map[string]int  // key of a list's 更多 link (List.More) → the list
	claimed map[string]bool // keys of links that belong to a block
	used    map[string]bool // keys of the sub-columns
}

func newIndexReader(t Template, p *checks.PageSummary, blocks []int) *indexReader {
	r := &indexReader{pageLinks: newLinks(p), t: t, p: p, self: Key(p.URL), at: map[int]int{}, block: map[int]bool{},
		owner: map[string]int{}, claimed: map[string]bool{}, used: map[string]bool{}}
	r.spans = r.place(p)
	for j, s := range r.spans {
		r.at[s.list] = j
	}
	for _, i := range blocks {
		r.block[i] = true
	}
	for i, l := range p.Lists {
		if l.More == "" {
			continue
		}
		// A list's 更多 link is its own: no empty block, nor another's.
		k := Key(l.More)
		r.claimed[k] = true
		if _, ok := r.owner[k]; !ok {
			r.owner[k] = i
		}
	}
	// Which side of its block a 更多 link stands on: right before its
	// items (in its title bar, perhaps after the heading's own link) or
	// right after them, as most of the page's blocks show.
	before, after := 0, 0
	for j, s := range r.spans {
		if !r.block[s.list] {
			continue
		}
		h := squeeze(p.Lists[s.list].Heading)
		for k := s.start - 1; k > r.gap(j, -1)[0]; k-- {
			if r.key[k] != "" && squeeze(r.links[k].Text) == h {
				continue
			}
			if r.moreAt(k) && !t[linkMark(r.key[k])] {
				before++
			}
			break
		}
		if k := s.end + 1; k < r.gap(j, +1)[1] && r.moreAt(k) && !t[linkMark(r.key[k])] {
			after++
		}
	}
	r.foot = after > before
	return r
}

// gap is the open interval of link indices beside span j: before it, or
// after it when dir > 0; j == len(spans) is the gap after the last span.
func (r *indexReader) gap(j, dir int) [2]int {
	g := r.spans.gap(j, dir)
	g[1] = min(g[1], len(r.links))
	return g
}

// near is the 更多 link inferred in span j's title bar (or at its foot),
// the nearest: none that the page gives another list.
func (r *indexReader) near(j int) (int, bool) {
	g := r.gap(j, -1)
	if r.foot {
		g = r.gap(j, +1)
	}
	var ms []int
	for k := g[0] + 1; k < g[1]; k++ {
		// A blank link too (an image without alt text): moreOf takes it
		// only if it leads to a list of the block's items.
		blank := r.key[k] != "" && !r.item[r.key[k]] && strings.TrimSpace(r.links[k].Text) == ""
		if o, ok := r.owner[r.key[k]]; ok && o != r.spans[j].list || !blank && !r.moreAt(k) {
			continue
		}
		ms = append(ms, k)
	}
	if len(ms) == 0 {
		return -1, false
	}
	if r.foot {
		return ms[0], true
	}
	return ms[len(ms)-1], true
}

// moreOf is list i's 更多 link: the one the page gives it, else the one
// inferred beside it (a blank one, a "more" image, only if it leads to a
// list of its items); related tells whether it leads to such a list.
func (r *indexReader) moreOf(i int) (more string, rel bool) {
	l := r.p.Lists[i]
	if l.More != "" {
		return l.More, related(l.More, l.Items)
	}
	j, placed := r.at[i]
	if !placed {
		return "", false
	}
	m, ok := r.near(j)
	if !ok {
		return "", false
	}
	u := r.links[m].URL
	rel = related(u, l.Items)
	if !rel && !pubdate.MoreText(r.links[m].Text) {
		return "", false
	}
	return u, rel
}

// linked keys the blocks by the links that lead on from them; false when
// fewer than two do, or one leads back to the page itself (its own list).
func (r *indexReader) linked(blocks []int) ([]Sub, bool) {
	p := r.p
	out := make([]Sub, 0, len(blocks))
	linked := 0
	for _, i := range blocks {
		l := p.Lists[i]
		s := Sub{Heading: l.Heading, Items: l.Items, List: i}
		// The candidates, in order of trust when none leads to a list
		// of the block's items: the heading's own link, the 更多 link,
		// a link elsewhere (a menu) named as the heading.
		var cands []string
		if j, placed := r.at[i]; placed {
			cands = append(cands, r.urls(r.named(r.gap(j, -1), l.Heading))...)
		}
		more, rel := r.moreOf(i)
		if more != "" {
			cands = append(cands, more)
		}
		cands = append(cands, r.urls(r.named([2]int{-1, len(r.links)}, l.Heading))...)
		pick := ""
		for _, u := range cands {
			if related(u, l.Items) {
				pick = u
				break
			}
		}
		if pick == "" && len(cands) > 0 {
			pick = cands[0]
		}
		if pick != "" {
			k := Key(pick)
			if k == r.self {
				return nil, false
			}
			if !r.used[k] {
				s.More, s.Key = pick, k
				r.claimed[k] = true
				linked++
			}
		}
		if rel {
			// Its 更多 even when its heading's link was taken
			// (one writes dir/, the other dir/index.html).
			r.claimed[Key(more)] = true
		}
		if s.Key == "" {
			s.Key = r.self + "#" + l.Heading
		}
		r.used[s.Key] = true
		out = append(out, s)
	}
	return out, linked >= 2
}

// urls are the URLs of links ks.
func (r *indexReader) urls(ks []int) []string {
	out := make([]string, len(ks))
	for n, k := range ks {
		out[n] = r.links[k].URL
	}
	return out
}

// emptyLists returns the blocks that list nothing as the page read them:
// a heading and its 更多 link, no items; none the site repeats, nor one
// named as a block of the index.
func (r *indexReader) emptyLists(headings map[string]bool) []Sub {
	var out []Sub
	for i, l := range r.p.Lists {
		if len(l.Items) > 0 || l.More == "" || l.Side || l.Heading == "" || r.t[l.Fingerprint] {
			continue
		}
		k := Key(l.More)
		if k == r.self || r.used[k] || r.item[k] || r.t[linkMark(k)] || headings[squeeze(l.Heading)] {
			continue
		}
		r.used[k] = true
		out = append(out, Sub{Heading: l.Heading, Key: k, More: l.More, Empty: r.p.NoItems, List: i})
	}
	return out
}

// empty returns the blocks that list nothing: a 更多 link between the
// blocks (or the heading's link, when it is one) that none of them
// claims, nor a side block, and that the site does not repeat.
func (r *indexReader) empty(headings map[string]bool) []Sub {
	p := r.p
	first, last := len(r.spans), -1
	for j, s := range r.spans {
		if r.block[s.list] {
			first, last = min(first, j), max(last, j)
		}
	}
	for _, s := range r.spans {
		// A side block's own 更多 stands at its title bar (or foot), and
		// leads to a list of the same items.
		if r.block[s.list] {
			continue
		}
		if more, rel := r.moreOf(s.list); rel {
			r.claimed[Key(more)] = true
		}
	}
	var out []Sub
	seen := map[string]int{}
	for j := first; j <= last+1 && last >= 0; j++ {
		g := r.gap(j, -1)
		inner := j > first && j <= last // between two blocks of the index
		for k := g[0] + 1; k < g[1]; k++ {
			key := r.key[k]
			if key == "" || r.claimed[key] || key == r.self || r.item[key] || r.used[key] || r.t[linkMark(key)] {
				continue
			}
			text := r.links[k].Text
			more := pubdate.MoreText(text)
			name := !more && inner && nameLike(text) && !headings[squeeze(text)]
			if !more && !name {
				continue
			}
			o, ok := seen[key]
			if !ok {
				o = len(out)
				seen[key] = o
				out = append(out, Sub{Key: key, More: r.links[k].URL, Empty: p.NoItems, List: -1})
			}
			if name && out[o].Heading == "" {
				out[o].Heading = strings.TrimSpace(text)
			}
		}
	}
	return out
}

// pageLinks is what Subs needs of a page's links.
type pageLinks struct {
	links []checks.Link
	key   []string        // Key of each anchor, "" for one that leads nowhere useful (the homepage, not http)
	first map[string]int  // where each URL first stands
	item  map[string]bool // URLs of the lists' items
}

func newLinks(p *checks.PageSummary) *pageLinks {
	links := slices.Collect(p.AllLinks())
	lk := &pageLinks{links: links, key: make([]string, len(links)), first: map[string]int{}, item: map[string]bool{}}
	for k, l := range links {
		if l.Kind != checks.Anchor {
			continue
		}
		u, err := link.ParseAny(l.URL)
		if err != nil || u.Scheme != "http" && u.Scheme != "https" {
			continue
		}
		key := Key(l.URL)
		if _, ok := lk.first[key]; !ok {
			lk.first[key] = k
		}
		if u.Path != "" && u.Path != "/" {
			lk.key[k] = key
		}
	}
	for _, l := range p.Lists {
		for _, it := range l.Items {
			lk.item[Key(it.URL)] = true
		}
	}
	return lk
}

// span is where a list's items stand among the page's links.
type span struct{ list, start, end int }

type spanList []span

// place finds the page's lists among its links, in document order; a
// list whose items are not found in order is left out.
func (lk *pageLinks) place(p *checks.PageSummary) spanList {
	var out spanList
	for i, l := range p.Lists {
		if l.Source != "html" || len(l.Items) == 0 {
			continue
		}
		start, okA := lk.first[Key(l.Items[0].URL)]
		end, okB := lk.first[Key(l.Items[len(l.Items)-1].URL)]
		if !okA || !okB || end < start {
			continue
		}
		out = append(out, span{list: i, start: start, end: end})
	}
	for a := 1; a < len(out); a++ { // insertion sort: few lists
		for b := a; b > 0 && out[b].start < out[b-1].start; b-- {
			out[b], out[b-1] = out[b-1], out[b]
		}
	}
	return out
}

// gap is the open interval of link indices between span j and its
// neighbour (dir -1: before it; +1: after it); j == len(s) is the gap
// after the last span. Its end may lie past the last link.
func (s spanList) gap(j, dir int) [2]int {
	if j >= len(s) {
		if len(s) == 0 {
			return [2]int{-1, -1}
		}
		return [2]int{s[len(s)-1].end, 1 << 30}
	}
	if dir < 0 {
		lo := -1
		if j > 0 {
			lo = s[j-1].end
		}
		return [2]int{lo, s[j].start}
	}
	hi := 1 << 30
	if j+1 < len(s) {
		hi = s[j+1].start
	}
	return [2]int{s[j].end, hi}
}

// moreAt says whether link k is a 更多 link to another list.
func (lk *pageLinks) moreAt(k int) bool {
	return lk.key[k] != "" && !lk.item[lk.key[k]] && pubdate.MoreText(lk.links[k].Text)
}

// named returns the links in a gap whose text is the heading, the nearest
// (last) first.
func (lk *pageLinks) named(g [2]int, heading string) []int {
	h := squeeze(heading)
	var out []int
	for k := min(g[1], len(lk.links)) - 1; k > g[0] && k >= 0; k-- {
		if lk.key[k] != "" && !lk.item[lk.key[k]] && squeeze(lk.links[k].Text) == h {
			out = append(out, k)
		}
	}
	return out
}

// nameLike says whether a link's text could be a column's name.
func nameLike(s string) bool {
	n := utf8.RuneCountInString(squeeze(s))
	return n >= 2 && n <= 12
}

var reNumber = regexp.MustCompile(`\d{3,}`)

// related says whether a list page and items look like one column's: the
// items stand under the list page's directory (TRS: /xxgk/zcwj/ lists
// /xxgk/zcwj/202606/t20260618_1.html), or carry its number (Hanweb:
// /col/col1229/index.html lists /art/2026/6/18/art_1229_5.html). Half
// the items at least.
func related(list string, items []checks.Item) bool {
	u, err := link.ParseAny(list)
	if err != nil || len(items) == 0 {
		return false
	}
	dir := u.Path[:strings.LastIndexByte(u.Path, '/')+1]
	nums := reNumber.FindAllString(u.Path+"?"+u.RawQuery, -1)
	hits := 0
	for _, it := range items {
		v, err := link.ParseAny(it.URL)
		if err != nil {
			continue
		}
		ok := strings.Count(dir, "/") >= 2 && v.Host == u.Host && strings.HasPrefix(v.Path, dir)
		for _, n := range nums {
			if ok {
				break
			}
			s := v.Path + "?" + v.RawQuery
			for i := strings.Index(s, n); i >= 0; {
				end := i + len(n)
				if (i == 0 || !isDigit(s[i-1])) && (end == len(s) || !isDigit(s[end])) {
					ok = true
					break
				}
				next := strings.Index(s[i+1:], n)
				if next < 0 {
					break
				}
				i += 1 + next
			}
		}
		if ok {
			hits++
		}
	}
	return 2*hits >= len(items)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// squeeze keeps letters, digits and Han characters, letters lower-cased:
// headings and link texts compare so.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// linkMark is the template mark of a 更多 link the site repeats: its key,
// hashed apart from the blocks' fingerprints.
func linkMark(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte("more\x00"))
	h.Write([]byte(key))
	return h.Sum64()
}
