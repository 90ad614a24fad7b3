package pubdate

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metaNames ranks the meta tags that carry a publication date (name,
// property or itemprop; case-insensitive). Lower is preferred.
var metaNames = map[string]int{
	"pubdate":                0, // 《政府网站发展指引》: PubDate, YYYY-MM-DD HH:MM
	"publishdate":            1,
	"firstpublishedtime":     2,
	"article:published_time": 3,
	"og:published_time":      4,
	"og:release_date":        4,
	"datepublished":          5,
	"publish_date":           5,
	"publishtime":            5,
	"pubtime":                5,
	"dc.date.issued":         6,
	"dcterms.issued":         6,
}

// textWindow is how far after the title Page looks for an unlabelled date.
const textWindow = 240

// labelWindow is how much text Page reads for a 发布日期 label: the label
// sits under the title, not at the end of a long article.
const labelWindow = 8 << 10

// headerZone is the text around the title where its info lines and
// 信息公开 table stand (bytes, before and after it): generic labels
// (日期：, 来源 lines), 发文日期 and 成文日期 count only there, not in the body
// of the document (an older document's 印发日期 at its end).
const headerZone = 1200

// maxInfoLine is the longest line (runes) an unlabelled date may stand on:
// a title's info line, not a sentence of the body.
const maxInfoLine = 80

// maxInfoLines is how many lines under the title are info lines.
const maxInfoLines = 6

// Ranks of the visible candidates, most trusted first.
const (
	rankPublish  = iota // 发布日期：…, 发布时间：…
	rankGeneric         // 日期：…, 时间：…, 来源：… 2020-12-31
	rankText            // an unlabelled date on the title's info line
	rankIssue           // 发文日期, 生成日期
	rankDocument        // 成文日期, 印发日期
)

// visible is a date a reader sees near the title.
type visible struct {
	tm   time.Time
	rank int
	raw  string
}

// Page picks a page's publication date as a reader finds it, never from
// a sidebar, a related-articles list or the footer:
//
//   - the dates shown with the title: a publication label (发布日期：,
//     发布时间：), then a generic one (日期：, a 来源 line), then an
//     unlabelled date on the title's info line ("2022-02-13 09:57
//     来源：…"), then 发文日期/生成日期, then 成文日期/印发日期 — labels before
//     the title only in the 信息公开 table just above it;
//   - the meta tags (PubDate, publishdate, firstpublishedtime,
//     article:published_time …) are the most trusted source when the page
//     shows the same day or shows none; when the page shows another date
//     (a regenerated page's PubDate), the date shown wins — but a 成文日期
//     alone (the document's date) never overrides the meta tag;
//   - without either: a day-precise URL date (t20211011_, /2005-03-21/,
//     /art/2020/12/31/), a CMS stamp in a comment (<!-- 发布时间：… -->),
//     then a month-only URL date (/202511/: MonthOnly set).
//
// The title is the heading that repeats the ArticleTitle meta tag or the
// <title>, else the first <h1> that is no logo. ok is false when no date
// is found. pageURL may be empty; doc.Url is then used.
func Page(doc *goquery.Document, pageURL string) (Date, bool) {
	if doc == nil || len(doc.Nodes) == 0 {
		return Date{}, false
	}
	if pageURL == "" && doc.Url != nil {
		pageURL = doc.Url.String()
	}
	return PageNode(doc.Nodes[0], pageURL)
}

// PageNode is Page on an x/net/html tree.
func PageNode(root *html.Node, pageURL string) (Date, bool) {
	if root == nil {
		return Date{}, false
	}
	meta, metaOK := metaDate(root)
	seen := shownDates(root)
	if metaOK {
		for _, v := range seen {
			if sameDay(v.tm, meta.Time) {
				return meta, true
			}
		}
	}
	if len(seen) > 0 {
		v := seen[0]
		if !metaOK || v.rank <= rankIssue {
			src := SourceLabel
			if v.rank == rankText {
				src = SourceText
			}
			d := Date{Time: v.tm, Source: src, Raw: v.raw}
			if metaOK {
				d.Meta = meta.Time
			}
			return d, true
		}
	}
	if metaOK {
		return meta, true
	}
	urlT, day, urlOK := FromURL(pageURL)
	if urlOK && day {
		return Date{Time: urlT, Source: SourceURL, Raw: urlPath(pageURL)}, true
	}
	if d, ok := stampDate(root); ok {
		return d, true
	}
	if urlOK {
		return Date{Time: urlT, Source: SourceURL, Raw: urlPath(pageURL), MonthOnly: true}, true
	}
	return Date{}, false
}

func sameDay(a, b time.Time) bool {
	a, b = a.In(Location), b.In(Location)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// shownDates returns the dates a reader sees with the page's title, best
// first (by rank; after the title before above it; nearest first).
func shownDates(root *html.Node) []visible {
	b := body(root)
	title := titleNode(root, b)
	tb := textBuilder{skip: articleSkip, mark: title, from: -1, at: -1, after: labelWindow, links: true}
	if title == nil {
		tb.limit = labelWindow // without a title, only the start is read
	}
	tb.walk(b)
	txt := tb.b.String()

	var out []visible
	add := func(tm time.Time, rank int, raw string) {
		out = append(out, visible{tm: tm, rank: rank, raw: strings.TrimSpace(raw)})
	}
	rankOf := func(tier int) int {
		switch tier {
		case tierPublish:
			return rankPublish
		case tierGeneric:
			return rankGeneric
		case tierIssue:
			return rankIssue
		}
		return rankDocument
	}
	// After the title (or from the start of the page without one).
	after := txt
	if tb.at >= 0 {
		after = txt[tb.at:]
	}
	if len(after) > labelWindow {
		after = after[:labelWindow]
	}
	after = squash(after)
	t := normalize(after)
	var spans [][2]int // byte ranges of labelled dates
	for _, l := range t.labels() {
		off := t.pos(l.at)
		spans = append(spans, [2]int{t.pos(l.start), t.pos(l.end)})
		if l.tier != tierPublish && off > headerZone && title != nil {
			continue // a label in the body of the document
		}
		if tm, ok := l.time(); ok {
			add(tm, rankOf(l.tier), after[t.pos(l.start):t.pos(l.end)])
		}
	}
	if title != nil {
		from, to := infoLines(after, squeeze(visibleText(title, nil)))
		win := after[from:to]
		found := FindAll(win, 0)
		rows := 0 // lines holding a title-like link and a date: a list, not an info line
		for _, f := range found {
			if linkRow(win, f.Start, f.End) {
				rows++
			}
		}
	next:
		for _, f := range found {
			for _, sp := range spans {
				if from+f.Start < sp[1] && from+f.End > sp[0] {
					continue next
				}
			}
			if rows >= 2 && linkRow(win, f.Start, f.End) {
				continue
			}
			if raw := win[f.Start:f.End]; strings.ContainsAny(raw, "0123456789０１２３４５６７８９") && !bracketedLine(win, f.Start, f.End) {
				add(f.Time, rankText, win[f.Start:f.End])
				break
			}
		}
	}
	// The 信息公开 table just above the title.
	if tb.from > 0 {
		head := squash(txt[max(0, tb.from-2*headerZone):tb.from])
		head = head[max(0, len(head)-headerZone):]
		for len(head) > 0 && !utf8.RuneStart(head[0]) {
			head = head[1:]
		}
		t := normalize(head)
		ls := t.labels()
		for i := len(ls) - 1; i >= 0; i-- {
			if tm, ok := ls[i].time(); ok {
				add(tm, rankOf(ls[i].tier), head[t.pos(ls[i].start):t.pos(ls[i].end)])
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank < out[j].rank })
	return out
}

// infoLines is the start of the text after the title where its info
// lines stand: at most maxInfoLines non-empty lines and textWindow*3
// bytes, up to the first long line or a line repeating the title (the
// body of the document has begun).
func infoLines(s, title string) (from, to int) {
	lines, end := 0, 0
	for end < len(s) && end-from < textWindow*3 && lines < maxInfoLines {
		j := strings.IndexByte(s[end:], '\n')
		if j < 0 {
			j = len(s) - end
		}
		line := strings.TrimSpace(s[end : end+j])
		next := min(end+j+1, len(s))
		if title != "" && len(line) >= len(title)/2 && len(line) <= 2*len(title)+16 && titleMatch(squeeze(line), title, false) {
			if lines > 0 {
				break // the body repeats the title: the document has begun
			}
			// The title again (a second title element): the info lines follow.
			from, end = next, next
			continue
		}
		if utf8.RuneCountInString(line) > maxInfoLine {
			break
		}
		if line != "" {
			lines++
		}
		end = next
	}
	return from, end
}

// linkRow reports whether the line of the date at [start, end) holds a
// link with a title-like text (six runes or more).
func linkRow(s string, start, end int) bool {
	i := strings.LastIndexByte(s[:start], '\n') + 1
	j := strings.IndexByte(s[end:], '\n')
	if j < 0 {
		j = len(s)
	} else {
		j += end
	}
	line := s[i:j]
	for {
		o := strings.IndexRune(line, linkOpen)
		if o < 0 {
			return false
		}
		line = line[o+len(string(linkOpen)):]
		c := strings.IndexRune(line, linkClose)
		if c < 0 {
			c = len(line)
		}
		if utf8.RuneCountInString(squeeze(line[:c])) >= 6 {
			return true
		}
		line = line[c:]
	}
}

// squash folds runs of blanks to one space, and runs holding a line break
// to one newline: labels and their dates come closer, lines stay lines.
func squash(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending, nl := false, false
	kept := 0 // s[kept:i] is copied as written, when a space or the end comes
	for i := 0; i < len(s); {
		if !pending {
			// Fast path for most of the text: ASCII other than blanks, and
			// han3, none of which folds to a blank.
			if c := s[i]; c < utf8.RuneSelf {
				if c > ' ' {
					i++
					continue
				}
			} else if han3(s, i) {
				i += 3
				continue
			}
		}
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(s[i:])
		}
		if f := fold(c); isSpace(f) && c != linkOpen && c != linkClose {
			b.WriteString(s[kept:i])
			pending = true
			nl = nl || f == '\n'
			i += size
			kept = i
			continue
		}
		if pending {
			if nl {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			pending, nl = false, false
		}
		if c == utf8.RuneError && size == 1 { // a stray byte reads as U+FFFD, as range does
			b.WriteString(s[kept:i])
			b.WriteRune(utf8.RuneError)
			kept = i + 1
		}
		i += size
	}
	b.WriteString(s[kept:])
	if pending && nl {
		b.WriteByte('\n')
	}
	return b.String()
}

// bracketedLine reports a date that is its line's only content, in round
// brackets: "（2023年4月12日）" under a bulletin's title is the document's
// date, not the page's.
func bracketedLine(s string, start, end int) bool {
	i := strings.LastIndexByte(s[:start], '\n') + 1
	j := strings.IndexByte(s[end:], '\n')
	if j < 0 {
		j = len(s)
	} else {
		j += end
	}
	before := strings.TrimSpace(s[i:start])
	after := strings.TrimSpace(s[end:j])
	return (before == "（" || before == "(") && (after == "）" || after == ")")
}

// articleSkip leaves out of an article's text what carries other pages'
// dates: footers and navigation, side blocks (最新发布, 热点推荐, related
// articles) and lists of links.
func articleSkip(n *html.Node) bool {
	return footerOnly(n) || sideNode(n) || linkList(n)
}

// linkList reports a list of links: a <ul>/<ol> or table with two or more
// rows each holding a link with a title-like text.
func linkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Tbody, atom.Table:
	default:
		return false
	}
	rows := 0
	for c := n.FirstChild; c != nil && rows < 2; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Tbody {
			if linkList(c) {
				return true
			}
			continue
		}
		if a := find(c, atom.A); a != nil && utf8.RuneCountInString(collapse(visibleText(a, nil))) >= 6 && !labelledBefore(c, a) {
			rows++
		}
	}
	return rows >= 2
}

// labelledBefore reports a row whose link follows a label (来源：<a>…</a>):
// an info line, not a list row.
func labelledBefore(row, a *html.Node) bool {
	var b strings.Builder
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n == a {
			return true
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(row)
	t := b.String()
	return strings.ContainsRune(t, '：') || strings.ContainsRune(t, ':')
}

// titleNode finds the article's title: the first heading (h1–h4, a
// title-classed element, 开普云's <ucaptitle>) whose text is the
// ArticleTitle meta tag's or the <title>'s; else the first <h1> not inside
// a link (a logo).
func titleNode(root, b *html.Node) *html.Node {
	want := squeeze(reTag.ReplaceAllString(metaContentNode(root, "ArticleTitle"), ""))
	whole := false
	if utf8.RuneCountInString(want) < 4 {
		if t := find(root, atom.Title); t != nil {
			want, whole = squeeze(textOfTitle(t)), true
		}
	}
	var h1 *html.Node
	var found *html.Node
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		if found != nil || n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		if n.Type == html.ElementNode {
			if skipped(n) || hidden(n) || footerOnly(n) || sideNode(n) {
				return
			}
			if n.DataAtom == atom.A {
				inLink = true
			}
			if n.DataAtom == atom.H1 && h1 == nil && !inLink {
				h1 = n
			}
			if want != "" && !inLink {
				if titleLike(n) {
					if got := squeeze(visibleText(n, nil)); titleMatch(got, want, whole) {
						found = n
						return
					}
				} else if boldLike(n) {
					// Old table templates: <font size=4><b>标题</b></font>.
					if got := squeeze(visibleText(n, nil)); got == want || whole && titleMatch(got, want, true) {
						found = n
						return
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(b, false)
	if found != nil {
		return found
	}
	return h1
}

func boldLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.B, atom.Strong, atom.Font:
		return true
	}
	return false
}

func titleLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4:
		return true
	}
	if n.Data == "ucaptitle" {
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range tokens(a.Val) {
			if strings.Contains(tok, "title") || tok == "tit" || tok == "bt" || tok == "biaoti" || tok == "headline" {
				return true
			}
		}
	}
	return false
}

// titleMatch compares a heading with the wanted title (squeezed): equal,
// or one holding most of the other; against a whole <title> ("标题 _ 网站名")
// the heading need only be a large part of it.
func titleMatch(got, want string, whole bool) bool {
	g, w := utf8.RuneCountInString(got), utf8.RuneCountInString(want)
	if g < 4 {
		return false
	}
	if got == want {
		return true
	}
	if strings.Contains(want, got) {
		if whole {
			return g*2 >= w
		}
		return g*10 >= w*6
	}
	return strings.Contains(got, want) && w*10 >= g*6
}

// metaContentNode returns <meta name=NAME content=…> (name without case).
func metaContentNode(root *html.Node, name string) string {
	var out string
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta && strings.EqualFold(attr(n, "name"), name) {
			out = attr(n, "content")
			return true
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

// stampWords introduce a CMS's publication stamp in a comment.
var stampWords = []string{"发布时间", "发布日期", "publishtime", "pubdate", "publishdate", "PubDate", "PublishTime", "pubtime"}

// stampDate reads a publication stamp a CMS left in a comment:
// <!-- 发布时间：2020-12-31 10:20 -->, <!--publishtime=2020-12-31-->.
func stampDate(root *html.Node) (Date, bool) {
	var out Date
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.CommentNode {
			for _, w := range stampWords {
				if i := strings.Index(n.Data, w); i >= 0 {
					rest := n.Data[i+len(w):]
					if len(rest) > 80 {
						rest = rest[:80]
					}
					if f := FindAll(rest, 0); len(f) > 0 && f[0].Start < 12 {
						out = Date{Time: f[0].Time, Source: SourceStamp, Raw: strings.TrimSpace(rest[f[0].Start:f[0].End])}
						return true
					}
				}
			}
			return false
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || footerOnly(n) || sideNode(n)) {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return out, walk(root)
}

// metaDate reads the best-ranked dated meta tag. Meta tags belong in
// <head>, but CMS templates drop them anywhere: the whole tree is read.
func metaDate(root *html.Node) (Date, bool) {
	var best Date
	bestRank := len(metaNames) + 1
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			for _, key := range []string{"name", "property", "itemprop"} {
				rank, ok := metaNames[strings.ToLower(strings.TrimSpace(attr(n, key)))]
				if !ok || rank >= bestRank {
					continue
				}
				v := attr(n, "content")
				if v == "" {
					v = attr(n, "value")
				}
				if tm, ok := Meta(v); ok {
					best, bestRank = Date{Time: tm, Source: SourceMeta, Raw: strings.TrimSpace(v)}, rank
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return best, bestRank <= len(metaNames)
}
