package crawl

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/pubdate"
)

// describe fills what the site checks need to know of a page: its
// publication date, its column (meta and breadcrumb), and, for a list page,
// its candidate lists, its own list, and how a script draws it.
//
// It returns the list's other pages as the page writes them (exact URLs,
// to fetch); the summary keeps them too, to show.
func describe(s *checks.PageSummary, doc *goquery.Document, root *html.Node, base *url.URL, pageURL string, now time.Time) (pages []string, stated int) {
	if d, ok := pubdate.Page(doc, pageURL); ok {
		s.Date, s.DateSource = d.Time, string(d.Source)
	}
	meta := metaContents(root, "ColumnName", "ArticleTitle")
	s.ColumnName = strings.TrimSpace(meta[0])
	s.Crumbs = breadcrumbs(root, base)
	var names []string
	if n := len(s.Crumbs); n > 0 && s.Crumbs[n-1].Text != "首页" {
		names = append(names, s.Crumbs[n-1].Text)
	}
	lp := pubdate.ListsNode(root, pageURL, now.Year(), names...)
	readLists(s, lp, meta[1] != "")
	if s.Own >= 0 && len(s.Lists) > 0 || s.NoItems != "" {
		s.Search = searchPage(pageURL, root)
	}
	for _, u := range pubdate.PaginationNode(root, pageURL) {
		if e := link.Normalize(u); e != "" {
			pages = append(pages, e)
			s.Pagination = append(s.Pagination, e)
		}
	}
	return pages, lp.Pages
}

// readLists fills a summary from what pubdate read of the page's lists.
// An article (a meta or labelled date of its own, an ArticleTitle meta
// tag) is no list page: its 暂无相关附件, its empty <ul>, its AJAX comment
// box say nothing of a column. Candidate lists are kept for list pages
// only; their fingerprints for every page (the template is learnt from
// all of them).
func readLists(s *checks.PageSummary, lp pubdate.ListPage, articleTitle bool) {
	article := s.DateSource == "meta" || s.DateSource == "label" || articleTitle
	s.Own = lp.Own
	s.Records = max(lp.Records, 0)
	s.Lists = make([]checks.List, len(lp.Lists))
	s.Blocks = make([]uint64, len(lp.Lists))
	for i, l := range lp.Lists {
		cl := checks.List{Fingerprint: l.Fingerprint, Heading: clip(l.Heading, 30), HeadingHit: l.HeadingHit,
			Pager: l.Pager, Side: l.Side, Source: l.Source, More: l.More, Items: make([]checks.Item, len(l.Items))}
		for k, it := range l.Items {
			cl.Items[k] = checks.Item{URL: it.URL, Title: clip(it.Title, 80), Date: it.Date}
		}
		s.Lists[i] = cl
		s.Blocks[i] = l.Fingerprint
	}
	if s.Own >= 0 && s.Lists[s.Own].Side && !s.Date.IsZero() {
		// A page with a date of its own whose only list stands under a
		// 相关/最新/热点 heading: an article and its related links.
		s.Own = -1
	}
	if s.Own >= 0 {
		s.Items = s.Lists[s.Own].Items
	}
	if !article {
		switch lp.NoItems {
		case pubdate.NoItemsMarker, pubdate.NoItemsZero:
			s.NoItems = lp.NoItems
		case pubdate.NoItemsBlank:
			// An empty container says "empty" only on a page that names
			// a column and shows no date of its own.
			if s.Date.IsZero() && (s.ColumnName != "" || len(s.Crumbs) > 0) {
				s.NoItems = lp.NoItems
			}
		}
		s.Script = lp.Script
	}
	if s.NoItems != "" && !dated(s.Items) {
		s.Items = nil
		s.Empty = true
	}
	if !s.IsList() && s.NoItems == "" && s.Script == "" {
		s.Lists, s.Own = nil, -1
	}
}

func dated(items []checks.Item) bool {
	for _, it := range items {
		if !it.Date.IsZero() {
			return true
		}
	}
	return false
}

// searchParams are the query parameters of site-search pages.
var searchParams = map[string]bool{
	"searchword": true, "keyword": true, "keywords": true, "q": true, "query": true, "wd": true, "kw": true,
	"searchkey": true, "sword": true, "searchtext": true, "qt": true, "key": true, "word": true,
}

// searchMarker is what result pages say above their results.
var searchMarker = regexp.MustCompile(`相关结果\s*\d+\s*[个条]|搜索结果`)

// searchPage reports a site-search result page: a search parameter or a
// search path in its URL, or "相关结果4个" in its text. It lists dated
// items, but it is no column.
func searchPage(pageURL string, root *html.Node) bool {
	if u, err := link.ParseAny(pageURL); err == nil {
		for k, v := range u.Query() {
			if searchParams[strings.ToLower(k)] && len(v) > 0 && v[0] != "" {
				return true
			}
		}
		for _, seg := range strings.Split(strings.ToLower(u.Path), "/") {
			if strings.Contains(seg, "search") || seg == "s" || seg == "so" {
				return true
			}
		}
	}
	found := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found {
			return
		}
		switch n.Type {
		case html.TextNode:
			found = strings.Contains(n.Data, "结果") && searchMarker.MatchString(n.Data)
			return
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

// metaContents returns, for each name, the content of the first
// <meta name=NAME content=…> (name matched without case), in one walk.
func metaContents(root *html.Node, names ...string) []string {
	out := make([]string, len(names))
	done := make([]bool, len(names))
	left := len(names)
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Meta {
			continue
		}
		name, content, named, contented := "", "", false, false
		for _, a := range n.Attr { // the first of a repeated attribute counts
			switch {
			case a.Key == "name" && !named:
				name, named = a.Val, true
			case a.Key == "content" && !contented:
				content, contented = a.Val, true
			}
		}
		if !named {
			continue
		}
		for i, want := range names {
			if !done[i] && strings.EqualFold(name, want) {
				out[i], done[i] = content, true
				if left--; left == 0 {
					return out
				}
			}
		}
	}
	return out
}

// crumbMarker finds the element of a breadcrumb trail: its text starts with
// 当前位置 / 您的位置 / 所在位置, or its class or id says so.
var (
	crumbText = regexp.MustCompile(`^\s*(当前位置|您的位置|您现在的位置|所在位置|当前栏目|位置)\s*[:：]?`)
	crumbSep  = regexp.MustCompile(`\s*(>|＞|›|»|→|/|\\|-&gt;)\s*`)

	// crumbLabels start the text crumbText matches, longest first.
	crumbLabels = []string{"您现在的位置", "当前位置", "您的位置", "所在位置", "当前栏目", "位置"}
	// crumbNames are the class and id words of a breadcrumb, in lower case.
	crumbNames = []string{"crumb", "position", "location", "dqwz", "weizhi", "current", "path", "daohang", "bread"}
)

// crumbLead reports text that crumbText matches — a 当前位置-like label
// after ASCII white space — with no regexp: every element of every page is
// asked, and the regexp was a tenth of a real page's model.
func crumbLead(t string) bool {
	t = strings.TrimLeft(t, "\t\n\f\r ")
	for _, l := range crumbLabels {
		if strings.HasPrefix(t, l) {
			return true
		}
	}
	return false
}

// crumbName reports a class or id holding one of crumbNames in any ASCII
// letter case ("BreadCrumb", "dqwz_nav", "current-path").
func crumbName(s string) bool {
	if len(s) < 4 {
		return false
	}
	for _, w := range crumbNames {
		for i := 0; i+len(w) <= len(s); i++ {
			j := 0
			for j < len(w) && s[i+j]|0x20 == w[j] {
				j++
			}
			if j == len(w) {
				return true
			}
		}
	}
	return false
}

// breadcrumbs returns the trail of the page's breadcrumb: each link with
// its text, and a trailing plain-text crumb (the current column, often not
// a link) with an empty URL.
func breadcrumbs(root *html.Node, base *url.URL) []checks.Link {
	el := findCrumb(root)
	if el == nil {
		return nil
	}
	var trail []checks.Link
	var tail strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if u := link.Resolve(base, attr(n, "href")); u != "" {
				trail = append(trail, checks.Link{URL: u, Text: textOf(n, 30)})
				tail.Reset()
				return
			}
		}
		if n.Type == html.TextNode {
			tail.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(el)
	rest := crumbText.ReplaceAllString(tail.String(), "")
	parts := crumbSep.Split(strings.TrimSpace(rest), -1)
	if last := strings.TrimSpace(parts[len(parts)-1]); last != "" && len([]rune(last)) <= 20 {
		trail = append(trail, checks.Link{Text: last})
	}
	return trail
}

func findCrumb(root *html.Node) *html.Node {
	var found *html.Node
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom != atom.Body && n.DataAtom != atom.Html {
			if (crumbName(attr(n, "class")) || crumbName(attr(n, "id"))) && hasAnchor(n) && shortText(n, 120) {
				found = n
				return true
			}
			if n.DataAtom != atom.Script && n.DataAtom != atom.Style {
				if t := directText(n); crumbLead(t) && shortText(n, 120) {
					found = n
					return true
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
	return found
}

func hasAnchor(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if (c.Type == html.ElementNode && c.DataAtom == atom.A) || hasAnchor(c) {
			return true
		}
	}
	return false
}

// directText is the text of n's own text children and of its first
// element child's text (当前位置 often sits in a <span> or <em>).
func directText(n *html.Node) string {
	s := "" // a piece of the tree's own text, copied only if joined to white space
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		var piece string
		switch {
		case c.Type == html.TextNode:
			piece = c.Data
		case c.Type == html.ElementNode && inline(c) && c.FirstChild != nil && c.FirstChild.Type == html.TextNode && strings.TrimSpace(s) == "":
			piece = c.FirstChild.Data
		default:
			continue
		}
		if s == "" {
			s = piece
		} else {
			s += piece
		}
		if strings.TrimSpace(s) != "" {
			break
		}
	}
	return s
}

// inline reports the elements a 当前位置 label is wrapped in (<span>,
// <em> …); a block child (a <div> of its own) is a breadcrumb of its own.
func inline(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Span, atom.Em, atom.Strong, atom.B, atom.I, atom.Label, atom.Font, atom.Img:
		return true
	}
	return false
}

// shortText says whether the text below n is at most max bytes: a
// breadcrumb is one short line, not the page.
func shortText(n *html.Node, max int) bool {
	total := 0
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			total += len(strings.TrimSpace(n.Data))
			if total > max*3 {
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	return walk(n)
}
