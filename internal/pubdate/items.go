package pubdate

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	exact "govaudit/internal/link"
	lit "govaudit/internal/match"
)

// Item is one entry of a column's list page.
type Item struct {
	URL   string    // absolute, resolved against the page and its <base href>
	Title string    // link text, or its title attribute when the text is cut short
	Date  time.Time // zero when the item shows no date (counts as not updated)
	Raw   string    // the date as written beside the item ("2020-12-31", "11-27"), or ""
}

// emptyMarkers are what CMSes print in a column with nothing in it.
var emptyMarkers = []string{
	"暂无信息", "暂无数据", "暂无内容", "暂无相关", "暂无记录", "暂无文章", "暂无公开",
	"没有相关信息", "没有相关内容", "没有相关数据", "没有找到相关", "没有信息", "本栏目暂无",
}

// stopTitles are link texts that are not items: "more", paging, tools.
var stopTitles = map[string]bool{
	"更多": true, "更多>>": true, "更多>": true, "更多》": true, "更多»": true, ">>": true, "more": true,
	"more>>": true, "more+": true, "+more": true, "详细": true, "详情": true, "查看": true, "查看更多": true,
	"点击查看": true, "进入": true, "下载": true, "首页": true, "上一页": true, "下一页": true, "尾页": true,
	"末页": true, "上页": true, "下页": true, "前一页": true, "后一页": true, "最后一页": true, "返回": true,
	"打印": true, "关闭": true, "收藏": true, "分享": true, "更多信息": true, "查看详情": true, "全文": true,
}

const (
	maxItemLinks = 5  // an element with more distinct links is a container, not an item
	minMenuTitle = 10 // undated groups need titles at least this long (median, in runes)
	// A <p> row with more text than this beside its link is running text.
	maxParagraphRest = 40
	maxYearlessGap   = 6 // months: a jump back up this large in a year-less list means a new (earlier) year
)

// Items finds the items of a list page: repeated elements (li, tr, dd, dl,
// table, div/p rows of one class) each holding a link and usually a date.
// The date may be in a sibling span or cell, in brackets ([11-27], the year
// then taken from the item's URL, a year in the page's heading, a year in
// the page URL, or else year), in the link itself, or in the link's title
// attribute. Items without a date keep a zero Date: inspectors count an
// undated item as not updated. Lists rendered by Hanweb's
// <script type="text/xml"> datastore are read too.
//
// The page's own list is returned (see ListsNode): the group of like
// elements bound to the pagination or record count, under the column's
// heading, else with the best score (items + 2 × dated items), merged with
// groups of the same structure (lists split into blocks of five) — never a
// side block (最新发布, 热点推荐, related articles). Navigation, headers,
// footers, menus of short undated links and "更多"/paging links give no
// items. empty reports a page that says 暂无信息/暂无数据/暂无内容/
// 没有相关信息 or 共0条 (a blank column) outside its side blocks and has no
// dated item of its own; items is then nil. pageURL may be empty; doc.Url
// is then used.
func Items(doc *goquery.Document, pageURL string, year int) (items []Item, empty bool) {
	if doc == nil || len(doc.Nodes) == 0 {
		return nil, false
	}
	if pageURL == "" && doc.Url != nil {
		pageURL = doc.Url.String()
	}
	return ItemsNode(doc.Nodes[0], pageURL, year)
}

// ItemsNode is Items on an x/net/html tree: the own list of ListsNode.
func ItemsNode(root *html.Node, pageURL string, year int) (items []Item, empty bool) {
	lp := ListsNode(root, pageURL, year)
	empty = lp.NoItems == NoItemsMarker || lp.NoItems == NoItemsZero
	if lp.Own < 0 {
		return nil, empty
	}
	own := lp.Lists[lp.Own]
	if empty && own.Dated() == 0 {
		return nil, true
	}
	return own.Items, false
}

// mayBeEmpty is a cheap first look for hasEmptyMarker: every marker starts
// with 暂无 or 没有, so a page whose text nodes hold neither (most articles)
// need not have its visible text built.
func mayBeEmpty(n *html.Node) bool {
	if n.Type == html.TextNode {
		return lit.ContainsAny(n.Data, "暂无", "没有") || strings.HasSuffix(n.Data, "暂") || strings.HasSuffix(n.Data, "没")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if mayBeEmpty(c) {
			return true
		}
	}
	return false
}

func hasEmptyMarker(s string) bool {
	s = strings.Join(strings.Fields(s), "")
	for _, m := range emptyMarkers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

type lister struct {
	base       base
	groups     map[string]*group
	order      []*group
	emptyStore bool                  // a Hanweb datastore with no record
	synthetic  int                   // count of datastores read, for their signatures
	cols       map[*html.Node][2]int // per <table>: date column, header cells
	resolved   map[string]string     // href → absolute URL (see resolve)

	// What ListsNode reads around the lists (see lists.go).
	roots    map[*html.Node]synth // synthetic boxes (datastore, comment rows) and where they stand
	pagers   []*html.Node         // paging bars, record counts, createPageHTML calls, outside side blocks
	ids      map[string]*html.Node
	pagerIDs []string     // createPageHTML('page_div', …): the bar is drawn into #page_div
	blanks   []*html.Node // empty list containers outside side blocks
	emptyIDs []*html.Node // empty elements with an id: a script may fill them
	scripts  []string     // inline scripts (not data or templates)
	tmpl     bool         // a client-side template of list rows (handlebars …)
	records  int          // the stated record count, -1 if none
	pages    int          // the stated page count, -1 if none
	ctxYear  int          // contextYear, computed once (-1: not yet)
}

// synth is a synthetic box of items read from outside the live DOM.
type synth struct {
	source string     // "datastore", "comment"
	anchor *html.Node // the live element it stands for (the script, the comment's parent)
	pager  bool       // the rows came with their pager (a commented createPageHTML)
}

// group is a set of like elements: same item key under parents of the same
// structure.
type group struct {
	sig     string
	key     string
	members []*html.Node
	items   []item
	dated   int
	titles  []int // title lengths, runes
	side    bool  // a member stands inside a side block (see sideNode)
	ready   bool  // items read already (script data)
	source  string
	anchor  *html.Node // for script data: the script
}

// item is an Item under construction.
type item struct {
	Item
	parent   *html.Node
	yearless bool // Raw had no year: month and day wait for a year
	m, d     int
	hh, mi   int
	hasTime  bool
}

func (g *group) eligible() bool {
	if len(g.items) == 0 {
		return false
	}
	if g.dated > 0 {
		return true
	}
	return len(g.items) >= 2 && median(g.titles) >= minMenuTitle
}

func (g *group) score() int { return len(g.items) + 2*g.dated }

// itemKey is the grouping key of a possible item element, or "".
func itemKey(n *html.Node) string {
	switch n.DataAtom {
	case atom.Li, atom.Tr, atom.Dd, atom.Dt, atom.Dl, atom.Table:
		return n.Data
	case atom.Div, atom.P, atom.Section, atom.Article, atom.H3, atom.H4, atom.H5:
		return n.Data + "." + strings.Join(strings.Fields(attr(n, "class")), ".")
	}
	return ""
}

// nodeSig describes an element for group signatures: tag and class.
func nodeSig(n *html.Node) string {
	if n == nil || n.Type != html.ElementNode {
		return "#"
	}
	return n.Data + "." + strings.Join(strings.Fields(attr(n, "class")), ".")
}

func (l *lister) walk(n *html.Node, side bool) {
	switch n.Type {
	case html.CommentNode:
		if !side {
			l.comment(n)
		}
		return
	case html.TextNode:
		if !side {
			l.text(n)
		}
		return
	case html.ElementNode:
		if n.DataAtom == atom.Script {
			l.script(n)
			return
		}
		if skipped(n) || hidden(n) || chrome(n) {
			return
		}
		if !side && sideNode(n) {
			side = true
		}
		l.mark(n, side)
	case html.DocumentNode:
	default:
		return
	}
	ctx := "" // n and two levels up in the children's signatures: read once for all
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		k := itemKey(c)
		if k == "" || hidden(c) || chrome(c) {
			continue
		}
		if ctx == "" {
			ctx = "|" + nodeSig(n) + "|" + nodeSig(n.Parent)
			if n.Parent != nil {
				ctx += "|" + nodeSig(n.Parent.Parent)
			}
		}
		sig := k + ctx
		g := l.groups[sig]
		if g == nil {
			g = &group{sig: sig, key: k}
			l.groups[sig] = g
			l.order = append(l.order, g)
		}
		g.members = append(g.members, c)
		g.side = g.side || side || sideNode(c)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		l.walk(c, side)
	}
}

var (
	reCDATA       = regexp.MustCompile(`(?s)<!\[CDATA\[(.*?)\]\]>`)
	reTotalRecord = regexp.MustCompile(`(?i)<totalrecord>\s*(\d+)\s*</totalrecord>`)
	reFirstTag    = regexp.MustCompile(`^\s*<\s*([a-zA-Z]+)`)
)

// datastore reads the records of a Hanweb list, written as
// <script type="text/xml"><datastore><recordset><record><![CDATA[<li>…]]>.
func (l *lister) datastore(n *html.Node, src string) {
	if m := reTotalRecord.FindStringSubmatch(src); m != nil {
		if m[1] == "0" {
			l.emptyStore = true
		}
		if v, err := strconv.Atoi(m[1]); err == nil && l.records < 0 {
			l.records = v
		}
	}
	rs := strings.Index(src, "<recordset")
	if rs < 0 {
		return
	}
	var b strings.Builder
	for _, m := range reCDATA.FindAllStringSubmatch(src[rs:], -1) {
		b.WriteString(m[1])
		b.WriteByte('\n')
	}
	l.fragment(b.String(), nil, synth{source: SourceDatastore, anchor: n})
}

// fragment parses rows written outside the live DOM (a datastore's CDATA,
// an HTML comment) and walks them as a synthetic box standing at
// s.anchor. ctx is the element the rows belong in (their <ul>), or nil.
func (l *lister) fragment(frag string, ctx *html.Node, s synth) {
	if strings.TrimSpace(frag) == "" {
		return
	}
	if m := reFirstTag.FindStringSubmatch(frag); m != nil {
		switch strings.ToLower(m[1]) {
		case "tr":
			frag = "<table><tbody>" + frag + "</tbody></table>"
		case "li":
			frag = "<ul>" + frag + "</ul>"
		case "dd", "dt":
			frag = "<dl>" + frag + "</dl>"
		}
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(frag), body)
	if err != nil {
		return
	}
	l.synthetic++
	cls := s.source + "-" + strconv.Itoa(l.synthetic)
	if ctx != nil {
		cls = attr(ctx, "class") + " " + cls
	}
	box := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div,
		Attr: []html.Attribute{{Key: "class", Val: cls}}}
	for _, c := range nodes {
		box.AppendChild(c)
	}
	if l.roots == nil {
		l.roots = map[*html.Node]synth{}
	}
	l.roots[box] = s
	l.walk(box, false)
}

// evaluate turns a group's members into items.
func (l *lister) evaluate(g *group) {
	if g.ready {
		return
	}
	for _, n := range g.members {
		it, ok := l.member(n, g.key)
		if !ok {
			continue
		}
		it.parent = n.Parent
		g.items = append(g.items, it)
	}
	g.count()
	if g.dated == 0 {
		return
	}
	// Merged groups can join a dated list with a menu of the same
	// structure (homepage boxes): drop the parts with no date and short
	// titles.
	type part struct {
		dated  int
		titles []int
	}
	parts := map[*html.Node]*part{}
	for _, it := range g.items {
		p := parts[it.parent]
		if p == nil {
			p = &part{}
			parts[it.parent] = p
		}
		if it.Raw != "" {
			p.dated++
		}
		p.titles = append(p.titles, utf8.RuneCountInString(it.Title))
	}
	keep := g.items[:0]
	for _, it := range g.items {
		if p := parts[it.parent]; p.dated > 0 || median(p.titles) >= minMenuTitle {
			keep = append(keep, it)
		}
	}
	g.items = keep
	g.count()
}

func (g *group) count() {
	g.dated = 0
	g.titles = g.titles[:0]
	for _, it := range g.items {
		if it.Raw != "" {
			g.dated++
		}
		g.titles = append(g.titles, utf8.RuneCountInString(it.Title))
	}
}

func median(v []int) int {
	if len(v) == 0 {
		return 0
	}
	t := append([]int(nil), v...)
	sort.Ints(t)
	return t[len(t)/2]
}

// tableOf is the <table> of a row.
func tableOf(tr *html.Node) *html.Node {
	t := tr.Parent
	if t != nil && t.DataAtom != atom.Table {
		t = t.Parent // <tbody>, <thead>
	}
	if t == nil || t.DataAtom != atom.Table {
		return nil
	}
	return t
}

// dateColumn finds, in the header row of a row's table, the column headed
// 发布日期 (else 公开日期, 更新时间, any 日期/时间, 成文日期): col is -1 if
// none; ncells is the header's number of cells.
func (l *lister) dateColumn(tr *html.Node) (col, ncells int) {
	tbl := tableOf(tr)
	if tbl == nil {
		return -1, 0
	}
	if c, ok := l.cols[tbl]; ok {
		return c[0], c[1]
	}
	col = -1
	if hdr := headerRow(tbl); hdr != nil {
		rank := 9
		cs := cells(hdr)
		ncells = len(cs)
		for i, c := range cs {
			h := strings.Join(strings.Fields(visibleText(c, nil)), "")
			dated := strings.Contains(h, "日期") || strings.Contains(h, "时间") || strings.HasSuffix(h, "日")
			r := 9
			switch {
			case !dated:
			case strings.Contains(h, "发布"):
				r = 0
			case strings.Contains(h, "公开"):
				r = 1
			case strings.Contains(h, "更新"):
				r = 2
			case strings.Contains(h, "成文") || strings.Contains(h, "发文") || strings.Contains(h, "印发") ||
				strings.Contains(h, "截止") || strings.Contains(h, "结束") || strings.Contains(h, "开始"):
				r = 4
			default:
				r = 3
			}
			if r < rank {
				col, rank = i, r
			}
		}
	}
	if l.cols == nil {
		l.cols = map[*html.Node][2]int{}
	}
	l.cols[tbl] = [2]int{col, ncells}
	return col, ncells
}

// headerRow is the first row of a table that has <th> cells, or cells and
// no link.
func headerRow(tbl *html.Node) *html.Node {
	var rows []*html.Node
	for c := tbl.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
		if len(rows) > 0 {
			break
		}
	}
	if len(rows) == 0 {
		return nil
	}
	r := rows[0]
	cs := cells(r)
	if len(cs) < 2 {
		return nil
	}
	if cs[0].DataAtom == atom.Th || find(r, atom.A) == nil {
		return r
	}
	return nil
}

func cells(tr *html.Node) []*html.Node {
	var out []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
			out = append(out, c)
		}
	}
	return out
}

// link is a usable <a href> inside an item.
type link struct {
	n     *html.Node
	url   string
	text  string
	title string
}

// resolve is resolve against the page's base, once per href: member reads
// a link again for each candidate element it stands in (li, ul, div …),
// and the list readers read it again.
func (l *lister) resolve(href string) string {
	if u, ok := l.resolved[href]; ok {
		return u
	}
	if l.resolved == nil {
		l.resolved = map[string]string{}
	}
	u := l.base.resolve(href)
	l.resolved[href] = u
	return u
}

// member reads one possible item element.
func (l *lister) member(n *html.Node, key string) (item, bool) {
	var links []link
	distinct := map[string]bool{}
	nested := 0
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type != html.ElementNode {
			return
		}
		if skipped(c) || hidden(c) {
			return
		}
		if c != n {
			switch c.DataAtom {
			case atom.Li, atom.Tr, atom.Dl:
				nested++
			}
			if itemKey(c) == key {
				nested += 2
			}
		}
		if c.DataAtom == atom.A {
			if u := l.resolve(attr(c, "href")); u != "" {
				distinct[u] = true
				links = append(links, link{n: c, url: u})
			}
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	if len(links) == 0 || len(distinct) > maxItemLinks || nested >= 2 {
		return item{}, false
	}
	main := -1
	best := -1
	for i := range links {
		lk := &links[i]
		lk.text = cleanTitle(visibleText(lk.n, nil))
		lk.title = collapse(attr(lk.n, "title"))
		t := lk.text
		if t == "" {
			t = lk.title
		}
		if t == "" {
			if img := find(lk.n, atom.Img); img != nil {
				t = collapse(attr(img, "alt"))
			}
		}
		if t == "" || stopTitles[strings.ToLower(strings.ReplaceAll(t, " ", ""))] {
			continue
		}
		if c := utf8.RuneCountInString(t); c > best {
			main, best = i, c
		}
	}
	if main < 0 {
		return item{}, false
	}
	// Two title-like links on different lines (<p>, <div>, <li> …) make a
	// container of items, not an item.
	var block *html.Node
	for _, x := range links {
		if utf8.RuneCountInString(x.text) < minMenuTitle/2+3 {
			continue
		}
		b := x.n
		for b.Parent != nil && b.Parent != n && blockSep(b) != "\n" {
			b = b.Parent
		}
		if blockSep(b) != "\n" {
			b = n
		}
		if block != nil && b != block {
			return item{}, false
		}
		block = b
	}
	lk := links[main]
	it := item{Item: Item{URL: lk.url, Title: lk.text}}
	if it.Title == "" || truncated(it.Title) && lk.title != "" {
		if lk.title != "" {
			it.Title = lk.title
		} else if img := find(lk.n, atom.Img); img != nil {
			it.Title = collapse(attr(img, "alt"))
		}
	}
	out := visibleText(n, func(c *html.Node) bool { return c == lk.n })
	if n.DataAtom == atom.P && utf8.RuneCountInString(collapse(out)) > maxParagraphRest {
		return item{}, false // running text with a link in it, not a list row
	}
	l.date(&it, n, lk, out)
	return it, true
}

// truncated reports a link text cut short by the CMS ("关于做好…", "...").
func truncated(s string) bool {
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…") || strings.HasSuffix(s, "..")
}

// cleanTitle collapses blanks and drops list bullets.
func cleanTitle(s string) string {
	s = collapse(s)
	return strings.TrimSpace(strings.TrimLeft(s, "·•●■□◆◇▪▶►>»-*・ "))
}

// date finds the item's date: in the date column of a table, in the item's
// text outside its link, in the link's own child elements or at either end
// of its text, or in its title attribute.
func (l *lister) date(it *item, n *html.Node, lk link, out string) {
	if n.DataAtom == atom.Tr {
		if col, ncells := l.dateColumn(n); col >= 0 && len(cells(n)) == ncells {
			cs := cells(n)
			// The table says which column is the publication date: an
			// empty cell there is an undated item, whatever other dates
			// (成文日期) the row shows.
			pickDate(it, visibleText(cs[col], nil), false)
			return
		}
	}
	if n.DataAtom == atom.Dt {
		// <dt><a>title</a></dt><dd>2020-12-31</dd>
		for s := n.NextSibling; s != nil; s = s.NextSibling {
			if s.Type != html.ElementNode {
				continue
			}
			if s.DataAtom == atom.Dd && find(s, atom.A) == nil {
				out += "\n" + visibleText(s, nil)
			}
			break
		}
	}
	if pickDate(it, out, false) {
		return
	}
	// Dates inside the link: in a child element (<span>2020-12-31</span>)…
	var inner string
	for c := lk.n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			inner += "\n" + visibleText(c, nil)
		}
	}
	if inner != "" && pickDate(it, inner, false) {
		it.Title = dropDate(it.Title, it.Raw)
		return
	}
	// … or at either end of its text ("[12-31] 标题", "标题 2020-12-31").
	if pickDate(it, visibleText(lk.n, nil), true) {
		it.Title = dropDate(it.Title, it.Raw)
		return
	}
	// The title attribute: a labelled date, or one at its end.
	if ta := attr(lk.n, "title"); ta != "" {
		t := normalize(ta)
		if m, ok := t.label(); ok {
			setDate(it, m, ta[t.pos(m.start):t.pos(m.end)])
			return
		}
		pickDate(it, ta, true)
	}
}

// dropDate removes a date written inside the link from its title, with
// the brackets around it: "[2020-10-12] 标题" gives "标题".
func dropDate(title, raw string) string {
	raw = collapse(raw)
	i := strings.LastIndex(title, raw)
	if raw == "" || i < 0 {
		return title
	}
	before, after := title[:i], title[i+len(raw):]
	if b, a := strings.TrimRight(before, " "), strings.TrimLeft(after, " "); b != "" && a != "" {
		if o, _ := utf8.DecodeLastRuneInString(b); closerOf(fold(o)) != 0 {
			if c, size := utf8.DecodeRuneInString(a); fold(c) == closerOf(fold(o)) {
				before, after = b[:len(b)-len(string(o))], a[size:]
			}
		}
	}
	if t := cleanTitle(before + " " + after); t != "" {
		return t
	}
	return title
}

// pickDate sets the last full date of s on it, or failing that the last
// year-less one. With edges, only a date at the very start or end of s
// (brackets and blanks aside) counts.
func pickDate(it *item, s string, edges bool) bool {
	t := normalize(s)
	ms := t.findAll(true)
	if len(ms) == 0 {
		return false
	}
	var pick *match
	for i := len(ms) - 1; i >= 0; i-- {
		m := &ms[i]
		if edges && !t.atEdge(m.start, m.end) {
			continue
		}
		if !m.yearless {
			pick = m
			break
		}
		if pick == nil {
			pick = m
		}
	}
	if pick == nil {
		return false
	}
	setDate(it, *pick, s[t.pos(pick.start):t.pos(pick.end)])
	return true
}

func setDate(it *item, m match, raw string) {
	it.Raw = raw
	if m.yearless {
		it.yearless, it.m, it.d, it.hh, it.mi, it.hasTime = true, m.m, m.d, m.hh, m.mi, m.hasTime
		return
	}
	it.Date, _ = m.time()
}

// atEdge reports whether only blanks, brackets and bullets separate
// [start, end) from one end of the text.
func (t *text) atEdge(start, end int) bool {
	filler := func(c rune) bool {
		return isSpace(c) || closerOf(c) != 0 || c == ']' || c == ')' || c == '】' || c == '〕' ||
			c == '>' || c == '》' || c == '」' || strings.ContainsRune("·•●■□◆◇▪-|:", c)
	}
	left := true
	for i := 0; i < start; i++ {
		if !filler(t.r[i]) {
			left = false
			break
		}
	}
	if left {
		return true
	}
	for i := end; i < len(t.r); i++ {
		if !filler(t.r[i]) {
			return false
		}
	}
	return true
}

var (
	reYearHeading = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	reYearURL     = regexp.MustCompile(`(?:^|[/_=-])((?:19|20)\d{2})(?:[/_.&-]|$)`)
)

// years gives year-less dates a year: the item URL's date when it has one,
// else the page's year (a heading, the page URL, the caller's year), going
// back a year where a newest-first list wraps from January to December.
func (l *lister) years(g *group, root *html.Node, pageURL string, year int) {
	pageYear := l.ctxYear // -1: not computed yet
	shift := 0
	var prev time.Time // the date of the previous dated item
	for i := range g.items {
		it := &g.items[i]
		if !it.yearless {
			if !it.Date.IsZero() {
				prev = it.Date
			}
			continue
		}
		y := 0
		if ut, _, ok := FromURL(it.URL); ok {
			y = nearestYear(it.m, it.d, ut)
		}
		if y == 0 {
			if pageYear < 0 {
				pageYear = contextYear(root, pageURL, year)
				l.ctxYear = pageYear
			}
			if pageYear == 0 {
				continue // Raw shows a date, but no year places it
			}
			y = pageYear - shift
			// Newest first across New Year: a date half a year after the
			// item above it belongs to the year before.
			if c, ok := (match{y: y, m: it.m, d: it.d}).time(); ok && !prev.IsZero() && c.After(prev.AddDate(0, maxYearlessGap, 0)) {
				y = nearestYear(it.m, it.d, prev)
				shift = pageYear - y
			}
		}
		m := match{y: y, m: it.m, d: it.d, hh: it.hh, mi: it.mi, hasTime: it.hasTime}
		if tm, ok := m.time(); ok { // not 02-29 of a common year
			it.Date = tm
			prev = tm
		}
	}
}

// nearestYear is the year that puts month/day nearest to ref.
func nearestYear(m, d int, ref time.Time) int {
	best, bestD := ref.Year(), time.Duration(1<<63-1)
	for _, y := range []int{ref.Year() - 1, ref.Year(), ref.Year() + 1} {
		if tm, ok := (match{y: y, m: m, d: d}).time(); ok {
			diff := tm.Sub(ref)
			if diff < 0 {
				diff = -diff
			}
			if diff < bestD {
				best, bestD = y, diff
			}
		}
	}
	return best
}

// contextYear is the year of a list page: "2020年" in its headings or
// title, a year in its URL, or year.
func contextYear(root *html.Node, pageURL string, year int) int {
	var heads []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3:
				heads = append(heads, visibleText(n, nil))
				return
			case atom.Title:
				heads = append(heads, textOfTitle(n))
				return
			case atom.Meta:
				if strings.EqualFold(attr(n, "name"), "ColumnName") {
					heads = append(heads, attr(n, "content"))
				}
				return
			case atom.Head:
			default:
				if skipped(n) || hidden(n) || chrome(n) {
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, h := range heads {
		if m := reYearHeading.FindStringSubmatch(foldString(h)); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	if m := reYearURL.FindStringSubmatch(pageURLPathQuery(pageURL)); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return year
}

// textOfTitle returns the text of a <title> (skipped by visibleText).
func textOfTitle(n *html.Node) string {
	if n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
		return n.FirstChild.Data
	}
	return ""
}

func foldString(s string) string {
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(fold(c))
	}
	return b.String()
}

// pageURLPathQuery is the path and query of a URL as written, without the
// host (whose digits are not years).
func pageURLPathQuery(u string) string {
	pu, err := exact.ParseAny(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	return exactPath(pu) + "?" + pu.RawQuery
}
