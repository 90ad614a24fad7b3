package pubdate

import (
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	lit "govaudit/internal/match"
)

// Where a list's rows were read.
const (
	SourceHTML      = "html"      // live rows of the page
	SourceComment   = "comment"   // rows the server wrote inside an HTML comment (a script shows them)
	SourceJSON      = "json"      // an array of items in a script's data (var listData = {articleList: [...]})
	SourceDatastore = "datastore" // Hanweb's <script type="text/xml"> records
	ScriptUnread    = "unread"    // a script draws the list from data the page does not hold (AJAX)
)

// Why a page's own list shows nothing.
const (
	NoItemsMarker = "marker" // 暂无信息, 暂无数据 … in the page's main area
	NoItemsZero   = "zero"   // 共0条, a datastore of 0 records
	NoItemsBlank  = "blank"  // an empty list container (<ul></ul>) in the main area
)

// List is one candidate list of a page: a block of like items (li, tr,
// dd, div rows), with what a reader sees around it.
type List struct {
	Items       []Item
	Fingerprint uint64 // FNV-64a of the items' URLs and titles
	Heading     string // the heading just above the block, "" if none
	HeadingHit  bool   // the heading names the page's column (ColumnName, or a name given)
	Pager       bool   // the paging bar or record count (共N条, 第1/N页, createPageHTML) follows it
	Side        bool   // sidebar cues: <aside>, side/hot/latest/related… classes, 最新/热点/推荐/相关 headings
	Right       bool   // a weak cue: inside a right-hand block ("right" classes)
	Source      string // SourceHTML, SourceComment, SourceJSON or SourceDatastore
	// More is where the block's 更多>> link leads, resolved as the items'
	// URLs are, "" if it shows none: a link whose text (or image) says
	// 更多, in the block's title bar or right after its items (see moreOf).
	More string
}

// Dated is the number of items with a date.
func (l List) Dated() int {
	n := 0
	for _, it := range l.Items {
		if !it.Date.IsZero() {
			n++
		}
	}
	return n
}

// ListPage is what ListsNode reads of a page's lists.
type ListPage struct {
	// Lists are the candidates, live blocks in document order, then
	// script data; then, in document order, the headed blocks that list
	// nothing (a heading and its 更多 link over 暂无信息: no Items, and a
	// Fingerprint of their own page), which are never Own.
	Lists []List
	// Own is the page's own list as the page alone shows it, -1 if none:
	// the block bound to the pagination or record count, under the
	// column's heading, not a side block; failing those the richest
	// block that is not a side block. Rows read from a comment or a
	// script's data count only when no live block qualifies.
	Own int
	// NoItems tells why the own list shows nothing: NoItemsMarker,
	// NoItemsZero, NoItemsBlank, or "". Side blocks do not count: a 暂无信息
	// under the column's heading empties it even beside a full 最新发布.
	NoItems string
	// Script is how a script-drawn own list was read: SourceComment,
	// SourceJSON, SourceDatastore, ScriptUnread (an empty container a
	// script fills by AJAX, a client-side row template, a paging plugin
	// with nothing to page), or "" for plain HTML.
	Script string
	// Records is the record count the page states (共N条, createPageHTML's
	// total, a datastore's totalrecord), -1 if none.
	Records int
	// Pages is the page count its paging bar states (第k/M页, 共M页), -1
	// if none: how far the list's pages may go on.
	Pages int
}

// ListsNode reads the lists of a page: every candidate block of items with
// its cues, the page's own list among them, and why it is empty or how a
// script draws it. names are the column's names as known from elsewhere
// (a breadcrumb's last crumb); the ColumnName meta tag is read here.
func ListsNode(root *html.Node, pageURL string, year int, names ...string) ListPage {
	lp := ListPage{Own: -1, Records: -1, Pages: -1}
	if root == nil {
		return lp
	}
	l := &lister{base: baseOf(root, pageURL), groups: map[string]*group{}, records: -1, pages: -1, ctxYear: -1}
	b := body(root)
	if h := find(root, atom.Head); h != nil {
		// Templates keep their list data in <head> too.
		var heads func(*html.Node)
		heads = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.DataAtom == atom.Script {
					l.script(c)
				} else {
					heads(c)
				}
			}
		}
		heads(h)
	}
	l.walk(b, false)
	lp.Records = l.records
	lp.Pages = l.pages

	names = append(columnNames(root), names...)
	var cands []cand
	for _, g := range l.order {
		l.evaluate(g)
		if !g.eligible() {
			continue
		}
		l.years(g, root, pageURL, year)
		for _, part := range splitByHeading(g) {
			if part.eligible() {
				cands = append(cands, cand{g: part})
			}
		}
	}
	pagerOf := l.bindPagers(cands)
	bars := map[*html.Node]bool{} // the lists' title bars
	for i := range cands {
		g := cands[i].g
		lst := List{Items: make([]Item, len(g.items)), Source: SourceHTML, Side: g.side}
		for k, it := range g.items {
			lst.Items[k] = it.Item
		}
		lst.Fingerprint = fingerprint(lst.Items)
		anchor := l.anchorOf(g)
		if s, ok := l.roots[rootOf(g)]; ok {
			lst.Source = s.source
			lst.Pager = s.pager
		}
		if g.source != "" {
			lst.Source = g.source
		}
		lst.Pager = lst.Pager || pagerOf[g]
		var bar, at *html.Node
		lst.Heading, bar, at = headingAt(anchor)
		lst.More = l.moreOf(g, anchor, bar, at)
		if bar != nil {
			bars[bar] = true
		}
		lst.HeadingHit = lst.Heading != "" && nameMatch(lst.Heading, names)
		sideHead := lst.Heading != "" && !lst.HeadingHit && sideHeading(lst.Heading)
		if lst.Pager || lst.HeadingHit && !g.side {
			lst.Side, sideHead = false, false
		}
		lst.Right = rightBlock(anchor)
		cands[i].score = listScore(lst, g)
		if sideHead {
			// A 最新/热点 heading is a weaker cue than a side class: a
			// homepage's 最新信息 box is its main list.
			cands[i].score -= 40
			cands[i].weak = true
		}
		lst.Side = lst.Side || sideHead
		lp.Lists = append(lp.Lists, lst)
	}

	// Why the own list may show nothing: told apart from the side blocks.
	// (mayBeEmpty reads all of the page's text: once.)
	maybeEmpty := mayBeEmpty(b)
	switch {
	case l.emptyStore || lp.Records == 0:
		lp.NoItems = NoItemsZero
	case maybeEmpty && hasEmptyMarker(visibleText(b, chromeOrSide)):
		lp.NoItems = NoItemsMarker
	case len(l.blanks) > 0 && !l.filledByScript(l.blanks):
		lp.NoItems = NoItemsBlank
	}

	// The own list: a live block first, then rows read from elsewhere.
	// Side blocks are never it; a block under a 最新/热点 heading is not
	// when the page says its list is empty.
	// An empty container that names a list (class "list") or stands under
	// a heading is the column's list, empty; a spare <ul> is not proof
	// enough to set a 最新信息 box aside.
	strongBlank := false
	if lp.NoItems == NoItemsBlank {
		for _, n := range l.blanks {
			if listish(n) || heading(n) != "" {
				strongBlank = true
				break
			}
		}
	}
	tier := func(i int) int {
		lst, c := lp.Lists[i], cands[i]
		switch {
		case lst.Side && !c.weak:
			return -1
		case c.weak && lp.NoItems != "" && (lp.NoItems != NoItemsBlank || strongBlank):
			return -1
		case c.weak:
			return 2
		case lst.Source != SourceHTML:
			return 1
		}
		return 0
	}
	best, bestScore := -1, 0
	for pass := 0; pass < 3 && best < 0; pass++ {
		for i, c := range cands {
			if tier(i) != pass {
				continue
			}
			if best < 0 || c.score > bestScore {
				best, bestScore = i, c.score
			}
		}
	}
	lp.Own = best
	if best >= 0 && lp.Lists[best].Source != SourceHTML {
		lp.Script = lp.Lists[best].Source
	}
	// A script that fills an empty container draws the list: the page's
	// own list is not read, whatever 最新发布 box stands beside it.
	if (best < 0 || tier(best) == 2) && lp.NoItems != NoItemsZero && lp.NoItems != NoItemsMarker && l.unread() {
		lp.Own, lp.Script, lp.NoItems = -1, ScriptUnread, ""
	}
	// Blocks that list nothing come last: they take no part in the above.
	if maybeEmpty {
		l.emptyBlocks(b, bars, pageURL, names, &lp.Lists)
	}
	return lp
}

// cand is a candidate own list and its rank.
type cand struct {
	g     *group
	score int
	weak  bool // under a 最新/热点/推荐 heading
}

// splitByHeading splits a group whose blocks stand under headings of
// their own (最新发布 and 热点推荐 in one side column, built alike): each
// is a list of its own. A list cut into blocks of five has no such
// headings and stays whole.
func splitByHeading(g *group) []*group {
	if g.ready || len(g.items) < 2 {
		return []*group{g}
	}
	var parents []*html.Node
	heads := map[*html.Node]string{}
	for _, it := range g.items {
		if _, ok := heads[it.parent]; !ok {
			heads[it.parent] = heading(it.parent)
			parents = append(parents, it.parent)
		}
	}
	if len(parents) < 2 {
		return []*group{g}
	}
	distinct := map[string]bool{}
	for _, h := range heads {
		if h == "" {
			return []*group{g}
		}
		distinct[h] = true
	}
	if len(distinct) < len(parents) {
		return []*group{g}
	}
	out := make([]*group, 0, len(parents))
	for _, p := range parents {
		part := &group{sig: g.sig, key: g.key, side: g.side, source: g.source}
		for _, it := range g.items {
			if it.parent == p {
				part.items = append(part.items, it)
			}
		}
		for _, m := range g.members {
			if m.Parent == p {
				part.members = append(part.members, m)
			}
		}
		part.count()
		out = append(out, part)
	}
	return out
}

// listScore ranks candidate own lists: bound to the pager, under the
// column's heading, then the most (dated) items; a right-hand block
// loses a little.
func listScore(lst List, g *group) int {
	s := min(g.score(), 60)
	// The cues weigh fully for a dated block: an undated one bound to the
	// pager is often the titles of a list whose dates stand apart.
	pager, head := 100, 50
	if g.dated == 0 {
		pager, head = 5, 5
	}
	if lst.Pager {
		s += pager
	}
	if lst.HeadingHit {
		s += head
	}
	if lst.Right {
		s -= 10
	}
	return s
}

// fingerprint hashes a block's items: the same block on many pages of a
// site (最新发布, 热点推荐) is the site's template, not a column's content.
func fingerprint(items []Item) uint64 {
	h := fnv.New64a()
	for _, it := range items {
		h.Write([]byte(it.URL))
		h.Write([]byte{0x1f})
		h.Write([]byte(it.Title))
		h.Write([]byte{0x1e})
	}
	return h.Sum64()
}

// rootOf is the topmost ancestor of a group's first member: a synthetic
// box for rows read from a comment or a datastore.
func rootOf(g *group) *html.Node {
	if len(g.members) == 0 {
		return nil
	}
	n := g.members[0]
	for n.Parent != nil {
		n = n.Parent
	}
	return n
}

// anchorOf is the live element a group stands at: its members' parent, or
// for rows read from elsewhere, the element they stand for.
func (l *lister) anchorOf(g *group) *html.Node {
	if g.anchor != nil {
		return g.anchor
	}
	if len(g.members) == 0 {
		return nil
	}
	p := g.members[0].Parent
	if p == nil {
		return nil
	}
	if s, ok := l.roots[rootOf(g)]; ok {
		return s.anchor
	}
	return p
}

// ---- side blocks ----

// sideWords are class/id words of side blocks: sidebars, hot and latest
// lists, recommendations, related articles, rankings.
var sideWords = map[string]bool{
	"side": true, "sidebar": true, "aside": true, "sidebox": true, "hot": true, "hots": true, "hotnews": true,
	"latest": true, "newest": true, "zxfb": true, "zxxx": true, "rdtj": true, "rmtj": true, "rdxw": true,
	"rmwz": true, "rdph": true, "djph": true, "tuijian": true, "recommend": true, "recommended": true,
	"rank": true, "ranking": true, "paihang": true, "phb": true, "related": true, "relate": true,
	"relative": true, "relation": true, "xgwz": true, "xgxx": true, "xglj": true, "xgwj": true, "xgzc": true,
	"xgyd": true, "share": true,
}

var sidePrefixes = []string{"side", "hot", "related", "relate", "reldoc", "recommend", "rank", "latest"}

// sideNode reports an element that is a side block by its own tag, class
// or id: <aside>, side, sidebar, hot, latest, related, recommend, rank …
func sideNode(n *html.Node) bool {
	if n.DataAtom == atom.Aside {
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range tokens(a.Val) {
			if sideWords[tok] || strings.HasSuffix(tok, "sidebar") {
				return true
			}
			for _, p := range sidePrefixes {
				if strings.HasPrefix(tok, p) {
					return true
				}
			}
		}
	}
	return false
}

func chromeOrSide(n *html.Node) bool { return chrome(n) || sideNode(n) }

// rightBlock reports a block inside a right-hand column: a weak cue, as
// many templates put the main content on the right of a left menu.
func rightBlock(n *html.Node) bool {
	for k := 0; n != nil && k < 6; n, k = n.Parent, k+1 {
		for _, a := range n.Attr {
			if a.Key != "class" && a.Key != "id" {
				continue
			}
			for tok := range tokens(a.Val) {
				if tok == "right" || strings.HasPrefix(tok, "right") && !strings.Contains(tok, "main") {
					return true
				}
			}
		}
	}
	return false
}

// sideHeadings are what side blocks are headed: 最新发布, 热点推荐, 阅读排行,
// 相关文章 …
var sideHeadings = []string{"最新", "热点", "热门", "推荐", "排行", "相关", "猜你", "关注度", "点击", "精彩"}

func sideHeading(h string) bool {
	for _, w := range sideHeadings {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

// ---- headings ----

// headingWords are class/id words of a block's title bar.
var headingWords = map[string]bool{
	"title": true, "tit": true, "hd": true, "head": true, "bt": true, "lmmc": true, "lmbt": true,
	"caption": true, "name": true, "lm": true, "column": true, "channel": true,
}

// heading finds the heading a block stands under: an h1–h6 or title bar
// among the preceding siblings of the block or of its parents (four
// levels up), before another list intervenes.
func heading(n *html.Node) string {
	t, _, _ := headingAt(n)
	return t
}

// headingAt is heading, with where it stands: bar is the title bar (the
// sibling whose text it is), at the block or the parent of it that bar
// precedes; nil when the block has no heading.
func headingAt(n *html.Node) (text string, bar, at *html.Node) {
	for lvl := 0; n != nil && lvl < 4 && n.DataAtom != atom.Body; n, lvl = n.Parent, lvl+1 {
		k := 0
		for s := n.PrevSibling; s != nil && k < 4; s = s.PrevSibling {
			if s.Type != html.ElementNode {
				continue
			}
			k++
			if skipped(s) || hidden(s) {
				continue
			}
			if t := headingText(s); t != "" {
				return t, s, n
			}
			if find(s, atom.Li) != nil || find(s, atom.Tr) != nil {
				break
			}
		}
	}
	return "", nil, nil
}

func headingText(s *html.Node) string {
	isHead := false
	switch s.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Caption:
		isHead = true
	default:
		for _, a := range s.Attr {
			if a.Key != "class" && a.Key != "id" {
				continue
			}
			for tok := range tokens(a.Val) {
				if headingWords[tok] || strings.HasSuffix(tok, "title") || strings.HasSuffix(tok, "tit") {
					isHead = true
				}
			}
		}
		if !isHead {
			for _, h := range []atom.Atom{atom.H1, atom.H2, atom.H3, atom.H4, atom.H5} {
				if f := find(s, h); f != nil && find(s, atom.Li) == nil {
					s, isHead = f, true
					break
				}
			}
		}
	}
	if !isHead {
		return ""
	}
	t := cleanHeading(visibleText(s, nil))
	if n := utf8.RuneCountInString(t); n < 2 || n > 30 {
		return ""
	}
	return t
}

var reMore = regexp.MustCompile(`(?i)(更多|more|查看全部)\s*[>》+»]*|[>》»]+\s*$`)

// cleanHeading drops "更多>>" and blanks from a title bar's text.
func cleanHeading(s string) string {
	s = reMore.ReplaceAllString(s, " ")
	s = collapse(s)
	if i := strings.IndexAny(s, "\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// columnNames reads the ColumnName meta tag and the first part of the
// <title>.
func columnNames(root *html.Node) []string {
	var out []string
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Body:
				return true
			case atom.Meta:
				if strings.EqualFold(attr(n, "name"), "ColumnName") {
					if v := strings.TrimSpace(attr(n, "content")); v != "" {
						out = append(out, v)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return out
}

// squeeze keeps letters, digits and Han characters: "政策法规解读· 以案释法"
// and "政策法规解读·以案释法" compare equal.
func squeeze(s string) string {
	var b strings.Builder
	for _, c := range s {
		c = fold(c)
		if isHan(c) || isDigit(c) || isLetter(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// nameMatch says whether a heading names one of the column's names.
func nameMatch(h string, names []string) bool {
	hs := squeeze(h)
	if utf8.RuneCountInString(hs) < 2 {
		return false
	}
	for _, n := range names {
		ns := squeeze(n)
		if utf8.RuneCountInString(ns) < 2 {
			continue
		}
		if strings.Contains(hs, ns) || strings.Contains(ns, hs) {
			return true
		}
	}
	return false
}

// ---- 更多 links ----

// moreWords are what 更多>> links say, arrows and brackets aside.
var moreWords = map[string]bool{"更多": true, "更多信息": true, "更多内容": true, "查看更多": true, "查看全部": true, "more": true}

// MoreText says whether a link's text (or its image's alt text) is a
// 更多>> link's: 更多, 更多>>, 【更多】, 查看更多, MORE+, >>, ＞＞, » …
func MoreText(s string) bool {
	if len(s) > 32 { // an item's title: most links of a page
		return false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	t := strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(">＞》»+＋.…[]【】()（）", r)
	})
	if t == "" {
		return strings.ContainsAny(s, ">＞》»")
	}
	return moreWords[strings.ToLower(t)]
}

// moreOf finds a block's 更多 link: in its title bar (bar, the element
// holding its heading, or a sibling between bar and the block's element
// at), else right after its items (its foot) — an element that holds the
// link and nothing else, standing next after the items or after one of
// the elements around them, up to the block's container (at's parent;
// the items' own element when the block has no heading). Never further:
// what stands after another element, a title bar or another list, is
// not this block's.
func (l *lister) moreOf(g *group, anchor, bar, at *html.Node) string {
	if anchor == nil {
		return ""
	}
	for s := bar; s != nil && s != at; s = s.NextSibling {
		if u := l.moreIn(s); u != "" {
			return u
		}
	}
	// The foot: from the last item's element (rows read from elsewhere:
	// the element they stand for) up to the block's container.
	last, top := anchor, anchor
	if at != nil {
		top = at
	}
	if _, synthetic := l.roots[rootOf(g)]; !synthetic && !g.ready && len(g.items) > 0 {
		it := g.items[len(g.items)-1]
		if e := l.rowOf(it.parent, it.URL); e != nil {
			last = e
		}
	}
	for x, lvl := last, 0; x != nil && lvl < 8; x, lvl = x.Parent, lvl+1 {
		if s := nextShown(x); s != nil {
			return l.moreOnly(s)
		}
		if x == top || x.Parent == nil || x.Parent.DataAtom == atom.Body || top.Parent != nil && x.Parent == top.Parent {
			break
		}
	}
	return ""
}

// emptyBlocks appends the blocks below n that list nothing: a title bar
// (an element holding a heading, no list's) with its 更多 link, then a
// body that holds no link and says no more than 暂无信息 — the 更多 link
// in the title bar, between it and the body, or right after the body.
// Navigation, footers and side blocks are left out. They are found from
// the 暂无信息 they say, in document order.
func (l *lister) emptyBlocks(n *html.Node, bars map[*html.Node]bool, pageURL string, names []string, out *[]List) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if !strings.Contains(c.Data, "暂无") && !strings.Contains(c.Data, "没有") || !hasEmptyMarker(c.Data) {
				continue
			}
			bar, more := l.emptyBlock(c)
			if bar == nil || bars[bar] {
				continue
			}
			bars[bar] = true
			h := headingText(bar)
			lst := List{Heading: h, More: more, Source: SourceHTML, HeadingHit: nameMatch(h, names), Right: rightBlock(bar)}
			f := fnv.New64a() // the page's own: never learnt as a site's template
			for _, s := range []string{"empty", pageURL, h, more} {
				f.Write([]byte(s))
				f.Write([]byte{0x1f})
			}
			lst.Fingerprint = f.Sum64()
			*out = append(*out, lst)
		case html.ElementNode:
			if !skipped(c) && !hidden(c) && !chrome(c) && !sideNode(c) {
				l.emptyBlocks(c, bars, pageURL, names, out)
			}
		}
	}
}

// maxEmptyText is the most a body that lists nothing says, in letters and
// Han characters: 本栏目暂无相关信息.
const maxEmptyText = 24

// emptyBlock finds the block that says 暂无信息 in text node t: its title
// bar and where its 更多 link leads; nil when there is none. The body is
// t's element or one around it (three levels up) that holds no link and
// little text.
func (l *lister) emptyBlock(t *html.Node) (bar *html.Node, more string) {
	for body, lvl := t.Parent, 0; body != nil && body.Type == html.ElementNode && body.DataAtom != atom.Body && lvl < 4; body, lvl = body.Parent, lvl+1 {
		links := 0
		eachLink(body, func(*html.Node) { links++ })
		if links > 0 || utf8.RuneCountInString(squeeze(visibleText(body, nil))) > maxEmptyText {
			return nil, ""
		}
		bar, more = prevShown(body), ""
		if bar != nil && headingText(bar) == "" {
			if more = l.moreOnly(bar); more != "" {
				bar = prevShown(bar) // <h3>规划计划</h3><span class="more"><a>更多</a></span><ul>
			}
		}
		if bar == nil {
			continue
		}
		if h := headingText(bar); h == "" {
			continue
		} else if sideHeading(h) {
			return nil, ""
		}
		if more == "" {
			more = l.moreIn(bar)
		}
		if more == "" {
			if s := nextShown(body); s != nil {
				more = l.moreOnly(s)
			}
		}
		if more == "" {
			return nil, ""
		}
		return bar, more
	}
	return nil, ""
}

// prevShown is the previous sibling element of n that shows something
// (see nextShown).
func prevShown(n *html.Node) *html.Node {
	return shown(n, func(s *html.Node) *html.Node { return s.PrevSibling })
}

// rowOf is the last child of parent holding a link to u: an item's row.
func (l *lister) rowOf(parent *html.Node, u string) *html.Node {
	if parent == nil {
		return nil
	}
	for c := parent.LastChild; c != nil; c = c.PrevSibling {
		if c.Type != html.ElementNode {
			continue
		}
		found := false
		eachLink(c, func(a *html.Node) {
			found = found || l.resolve(attr(a, "href")) == u
		})
		if found {
			return c
		}
	}
	return nil
}

// nextShown is the next sibling element of n that shows something: not
// hidden, no script, not vacant (a clearing <div></div>, a <br>).
func nextShown(n *html.Node) *html.Node {
	return shown(n, func(s *html.Node) *html.Node { return s.NextSibling })
}

// shown walks n's siblings one way (step) to the first that shows
// something.
func shown(n *html.Node, step func(*html.Node) *html.Node) *html.Node {
	for s := step(n); s != nil; s = step(s) {
		if s.Type != html.ElementNode || skipped(s) || hidden(s) {
			continue
		}
		if vacant(s) && s.DataAtom != atom.Img && s.DataAtom != atom.A {
			continue
		}
		return s
	}
	return nil
}

// moreIn is the URL of the first 更多 link in n, "" if none.
func (l *lister) moreIn(n *html.Node) string {
	if n.Type != html.ElementNode || skipped(n) || hidden(n) {
		return ""
	}
	out := ""
	eachLink(n, func(a *html.Node) {
		if out == "" && moreLink(a) {
			out = l.resolve(attr(a, "href"))
		}
	})
	return out
}

// moreOnly is the URL of the 更多 link n holds when n holds nothing else:
// one link (a text and an icon leading alike count once) and no text
// beside it.
func (l *lister) moreOnly(n *html.Node) string {
	var u string
	one, more := true, false
	eachLink(n, func(a *html.Node) {
		r := l.resolve(attr(a, "href"))
		if u == "" {
			u = r
		}
		one = one && r != "" && r == u
		more = more || moreLink(a)
	})
	if !one || !more {
		return ""
	}
	if rest := visibleText(n, func(c *html.Node) bool { return c.DataAtom == atom.A }); squeeze(rest) != "" {
		return ""
	}
	return u
}

// eachLink calls f on every visible <a href> of n (n itself included).
func eachLink(n *html.Node, f func(*html.Node)) {
	if n.Type != html.ElementNode || skipped(n) || hidden(n) {
		return
	}
	if n.DataAtom == atom.A && attr(n, "href") != "" {
		f(n)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		eachLink(c, f)
	}
}

// moreLink says whether an anchor is a 更多 link: its text says so, or,
// when it shows no text, its title, else the alt or title of its image,
// else the image's file name (more.gif).
func moreLink(a *html.Node) bool {
	if t := collapse(visibleText(a, nil)); t != "" {
		return MoreText(t)
	}
	img := find(a, atom.Img)
	for _, t := range []string{attr(a, "title"), attrOf(img, "alt"), attrOf(img, "title")} {
		if t = collapse(t); t != "" {
			return MoreText(t)
		}
	}
	src := strings.ToLower(attrOf(img, "src"))
	return strings.Contains(src[strings.LastIndexByte(src, '/')+1:], "more")
}

// attrOf is attr of an element that may be nil.
func attrOf(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	return attr(n, key)
}

// ---- pagers, record counts, blank containers ----

var (
	reRecords  = regexp.MustCompile(`(?:共|总共|共有|合计|总计)\s*(\d{1,7})\s*(?:条|篇|项|个记录)|(\d{1,7})\s*条记录|记录数\s*[:：]?\s*(\d{1,7})`)
	rePageOf   = regexp.MustCompile(`第\s*\d+\s*/\s*(\d+)\s*页|共\s*(\d+)\s*页`)
	reCreateID = regexp.MustCompile(`createPageHTML\s*\(\s*['"]([\w-]+)['"]`)
)

// pagerWords are class/id words of paging bars.
var pagerWords = map[string]bool{
	"page": true, "pages": true, "pager": true, "paging": true, "pagination": true, "pagebar": true,
	"pagelist": true, "fenye": true, "fy": true, "pg": true, "pagebox": true, "pagediv": true,
}

// mark notes, for one visible element outside the chrome, what ListsNode
// needs besides the items: paging bars, empty list containers, ids.
func (l *lister) mark(n *html.Node, side bool) {
	var id string
	pager := false
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			id = a.Val
			fallthrough
		case "class":
			for tok := range tokens(a.Val) {
				if pagerWords[tok] {
					pager = true
				}
			}
		}
	}
	if id != "" {
		if l.ids == nil {
			l.ids = map[string]*html.Node{}
		}
		if _, ok := l.ids[id]; !ok {
			l.ids[id] = n
		}
	}
	if side {
		return
	}
	if pager {
		l.pagers = append(l.pagers, n)
	}
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Tbody, atom.Div, atom.Table, atom.Dl, atom.Section:
	default:
		return
	}
	if !vacant(n) {
		return
	}
	if id != "" {
		l.emptyIDs = append(l.emptyIDs, n)
	}
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Tbody, atom.Dl:
		l.blanks = append(l.blanks, n)
	default:
		if listish(n) {
			l.blanks = append(l.blanks, n)
		}
	}
}

// vacant reports an element with no child element and no text: comments
// and blanks only.
func vacant(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			return false
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return false
			}
		case html.CommentNode:
			if strings.Contains(c.Data, "<li") || strings.Contains(c.Data, "<tr") || strings.Contains(c.Data, "<LI") {
				return false // rows kept in a comment (see comment)
			}
		}
	}
	return true
}

// listish reports a class or id that names a list.
func listish(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range tokens(a.Val) {
			if strings.Contains(tok, "list") || tok == "lb" || tok == "liebiao" || tok == "xxgklb" {
				return true
			}
		}
	}
	return false
}

// text reads record counts (共25条, 第1/3页) from a text node outside side
// blocks; its element is a paging mark.
func (l *lister) text(n *html.Node) {
	d := n.Data
	// Each regexp runs only on text holding the words every match of it
	// holds, and a number: most text with 条 or 页 in it (第三条, 条例, 首页)
	// is not a count.
	records := lit.ContainsAny(d, "共", "合计", "总计", "条记录", "记录数")
	pages := lit.Contains(d, "页") && lit.ContainsAny(d, "第", "共")
	if !records && !pages || !hasDigit(d) {
		return
	}
	folded := foldString(d)
	// A record count (共N条, N条记录, 记录数：N) and a page count (第k/M页,
	// 共M页): the first of each the page states.
	counted := records && readCount(reRecords, folded, &l.records)
	paged := pages && readCount(rePageOf, folded, &l.pages)
	if (counted || paged) && n.Parent != nil {
		l.pagers = append(l.pagers, n.Parent)
	}
}

// readCount reads the number re captures in folded text into *dst, if none
// was read before (*dst < 0), and reports whether the text held a match.
func readCount(re *regexp.Regexp, folded string, dst *int) bool {
	m := re.FindStringSubmatch(folded)
	if m == nil {
		return false
	}
	for _, g := range m[1:] {
		if v, err := strconv.Atoi(g); err == nil && *dst < 0 { // "" does not parse
			*dst = v
		}
	}
	return true
}

// hasDigit reports a digit as the regexps see it after foldString.
func hasDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return isDigit(fold(r)) })
}

// bindPagers gives each paging mark to the nearest candidate that is no
// side block and stands before it in the same container (four levels up).
func (l *lister) bindPagers(cands []cand) map[*group]bool {
	out := map[*group]bool{}
	if l.records == 0 {
		return out // 共0条 pages nothing: no block is bound to it
	}
	for _, id := range l.pagerIDs {
		if n := l.ids[id]; n != nil {
			l.pagers = append(l.pagers, n)
		}
	}
	for _, p := range l.pagers {
		var best *group
		bestLvl := 99
		for _, c := range cands {
			g := c.g
			if g.side || g.ready || len(g.members) == 0 {
				continue
			}
			if _, synthetic := l.roots[rootOf(g)]; synthetic {
				continue
			}
			a := g.members[0].Parent
			for lvl := 0; a != nil && a.Parent != nil && lvl < 4 && lvl < bestLvl; a, lvl = a.Parent, lvl+1 {
				if follows(a, p) {
					best, bestLvl = g, lvl
					break
				}
			}
		}
		if best != nil {
			out[best] = true
		}
	}
	return out
}

// follows reports whether p stands in a following sibling of a (or is
// one).
func follows(a, p *html.Node) bool {
	for s := a.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode && contains(s, p) {
			return true
		}
	}
	return false
}

// contains reports whether n is a or below it.
func contains(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// ---- scripts ----

var (
	reAjax = regexp.MustCompile(`\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|\baxios\b|\.load\s*\(|loadPageData|jsonp|\$\.when`)
	rePage = regexp.MustCompile(`\.paging\s*\(|\bjPage\b|\.jpage\s*\(|laypage|\.pagination\s*\(|\bcreatePage\s*\(`)
)

// script reads an inline script: a Hanweb datastore, a client-side row
// template, data arrays of items, paging calls; other scripts are kept
// for unread.
func (l *lister) script(n *html.Node) {
	if n.FirstChild == nil || n.FirstChild.Type != html.TextNode {
		return
	}
	src := n.FirstChild.Data
	switch typ := strings.ToLower(strings.TrimSpace(attr(n, "type"))); {
	case strings.Contains(src, "<recordset") || strings.Contains(src, "<datastore"):
		l.datastore(n, src)
		return
	case strings.Contains(typ, "template") || strings.Contains(typ, "tmpl") || strings.Contains(typ, "jsrender") || typ == "text/html":
		if (strings.Contains(src, "{{") || strings.Contains(src, "<%")) && (strings.Contains(src, "<li") || strings.Contains(src, "<a") || strings.Contains(src, "<tr")) {
			l.tmpl = true
		}
		return
	}
	if strings.Contains(src, "createPageHTML") {
		l.pagerScript(n, src)
	}
	l.jsonLists(n, src)
	l.scripts = append(l.scripts, src)
}

// pagerScript notes a createPageHTML call: the bar it draws (its first
// argument's element, else the script itself) is a paging mark, and its
// sixth argument the record count.
func (l *lister) pagerScript(n *html.Node, src string) {
	if m := reCreateID.FindStringSubmatch(src); m != nil {
		l.pagerIDs = append(l.pagerIDs, m[1])
	} else {
		l.pagers = append(l.pagers, n)
	}
	if v, ok := createPageTotal(src); ok && l.records < 0 {
		l.records = v
	}
}

var reCreateCall = regexp.MustCompile(`\bcreatePageHTML\s*\(([^()]*)\)`)

// createPageTotal reads the record count of createPageHTML('page_div', 10,
// 1, 'zwgklist', 'shtml', 200).
func createPageTotal(src string) (int, bool) {
	for _, m := range reCreateCall.FindAllStringSubmatch(src, -1) {
		args := strings.Split(m[1], ",")
		if len(args) != 6 {
			continue
		}
		a := strings.TrimSpace(args[5])
		if allDigits(a) && len(a) <= 7 {
			v, _ := strconv.Atoi(a)
			return v, true
		}
	}
	return 0, false
}

// comment reads list rows a server wrote inside an HTML comment, where a
// script shows them (甘肃 jyt: 20 commented <li> in an empty <ul>). Only a
// comment standing in a container with no live rows is read.
func (l *lister) comment(n *html.Node) {
	d := n.Data
	if !strings.Contains(d, "href") || !(strings.Contains(d, "<li") || strings.Contains(d, "<tr") || strings.Contains(d, "<dd") || strings.Contains(d, "<LI")) {
		return
	}
	p := n.Parent
	if p == nil || p.Type != html.ElementNode {
		return
	}
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Li || c.DataAtom == atom.Tr || c.DataAtom == atom.Dd || c.DataAtom == atom.Tbody) {
			return
		}
	}
	s := synth{source: SourceComment, anchor: p}
	if strings.Contains(d, "createPageHTML") {
		s.pager = true
		if v, ok := createPageTotal(d); ok && l.records < 0 {
			l.records = v
		}
	}
	l.fragment(d, p, s)
}

// filledByScript reports whether a script writes into one of the
// elements (by id): then its emptiness is the page as served, not the
// column.
func (l *lister) filledByScript(nodes []*html.Node) bool {
	for _, n := range nodes {
		if id := attr(n, "id"); id != "" && l.referenced(id) {
			return true
		}
	}
	return false
}

func (l *lister) referenced(id string) bool {
	for _, s := range l.scripts {
		if strings.Contains(s, "#"+id+"\"") || strings.Contains(s, "#"+id+"'") || strings.Contains(s, "#"+id+" ") ||
			strings.Contains(s, "getElementById(\""+id+"\")") || strings.Contains(s, "getElementById('"+id+"')") {
			return true
		}
	}
	return false
}

// unread reports a list a script draws from data the page does not hold:
// an empty container a script fills while it makes a request, a
// client-side row template, or a paging plugin with an empty bar.
func (l *lister) unread() bool {
	if l.tmpl {
		return true
	}
	// The scripts are searched last, and only when an empty container or
	// bar asks: the two regexps over every inline script were a twentieth
	// of a real page's model.
	if l.filledByScript(l.emptyIDs) && l.anyScript(reAjax) {
		return true
	}
	for _, p := range l.pagers {
		if vacant(p) && attr(p, "id") != "" && l.referenced(attr(p, "id")) && l.anyScript(rePage) {
			return true
		}
	}
	return false
}

// anyScript reports an inline script that re matches.
func (l *lister) anyScript(re *regexp.Regexp) bool {
	for _, s := range l.scripts {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
