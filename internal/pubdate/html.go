package pubdate

import (
	"iter"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	exact "govaudit/internal/link"
	vis "govaudit/internal/visible"
)

// Helpers over x/net/html trees, shared by Page, Items and Pagination.

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// skipped are elements whose content is never visible text.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Select, atom.Textarea, atom.Svg, atom.Math, atom.Object, atom.Iframe, atom.Button:
		return true
	}
	return false
}

// hidden reports an element a browser would not show.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if vis.StyleHides(a.Val) {
				return true
			}
		case "type":
			if n.DataAtom == atom.Input && strings.EqualFold(a.Val, "hidden") {
				return true
			}
		}
	}
	return false
}

// chromeWords are class/id tokens of navigation, menus and footers.
var chromeWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menus": true, "submenu": true,
	"footer": true, "foot": true, "bottom": true, "copyright": true, "breadcrumb": true,
	"breadcrumbs": true, "crumb": true, "crumbs": true, "position": true, "location": true,
	"topbar": true, "toolbar": true, "dh": true, "daohang": true, "dqwz": true, "wzdh": true,
}

// chrome reports navigation, header and footer elements: <nav>, <header>
// and <footer> outside any <article>/<main>, and elements whose class or id
// says nav, menu, footer, breadcrumb and the like.
func chrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Footer:
		return true
	case atom.Header:
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
				return false
			}
		}
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range tokens(a.Val) {
			if chromeWords[tok] || strings.HasSuffix(tok, "nav") || strings.HasPrefix(tok, "nav") ||
				strings.HasSuffix(tok, "menu") || strings.HasPrefix(tok, "menu") || strings.HasPrefix(tok, "footer") {
				return true
			}
		}
	}
	return false
}

// footerOnly is the part of chrome that can carry a misleading date
// ("更新时间" of the whole site); headers may hold the article's info line.
func footerOnly(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Footer:
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range tokens(a.Val) {
			switch tok {
			case "footer", "foot", "copyright", "bottom":
				return true
			}
		}
	}
	return false
}

// tokens splits a class or id value into lower-case words: "list-nav
// mainMenu" gives list, nav, mainmenu.
//
// It yields pieces of s, lowered only when they hold a capital: class and
// id tokens are asked for on every element, often more than once, and a
// lowered copy and a slice of fields each time were 5 % of a real page's
// model.
func tokens(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; i < len(s); {
			for i < len(s) && !tokenByte(s[i]) {
				i++
			}
			j, upper := i, false
			for ; j < len(s) && tokenByte(s[j]); j++ {
				upper = upper || s[j] <= 'Z' && s[j] >= 'A'
			}
			if j > i {
				tok := s[i:j]
				if upper {
					tok = strings.ToLower(tok)
				}
				if !yield(tok) {
					return
				}
			}
			i = j
		}
	}
}

func tokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// blockSep returns the separator written around an element's text.
func blockSep(n *html.Node) string {
	switch n.DataAtom {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Tr, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd,
		atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside,
		atom.Main, atom.Form, atom.Blockquote, atom.Pre, atom.Center, atom.Hr, atom.Caption:
		return "\n"
	case atom.Td, atom.Th, atom.Img, atom.Input:
		return " "
	}
	return ""
}

// textBuilder collects visible text with line breaks at block boundaries.
type textBuilder struct {
	b     strings.Builder
	skip  func(*html.Node) bool // subtrees left out (besides invisible ones)
	limit int                   // stop after this many bytes (0: no limit)
	mark  *html.Node            // record where this element's text starts and ends
	from  int                   // byte offset where mark's text starts, -1 until seen
	at    int                   // byte offset after mark, -1 until seen
	after int                   // stop this many bytes after mark (0: no limit)
	links bool                  // write linkOpen and linkClose around the text of links
}

// linkOpen and linkClose mark where a link's text starts and ends in a
// text built with links set; fold reads them as blanks.
const (
	linkOpen  = '\uE000'
	linkClose = '\uE001'
)

func (tb *textBuilder) full() bool {
	return (tb.limit > 0 && tb.b.Len() >= tb.limit) || (tb.after > 0 && tb.at >= 0 && tb.b.Len() >= tb.at+tb.after)
}

func (tb *textBuilder) walk(n *html.Node) {
	if tb.full() {
		return
	}
	switch n.Type {
	case html.TextNode:
		tb.b.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped(n) || hidden(n) || tb.skip != nil && tb.skip(n) {
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	sep := blockSep(n)
	tb.b.WriteString(sep)
	if n == tb.mark && tb.at < 0 {
		tb.from = tb.b.Len()
	}
	link := tb.links && n.DataAtom == atom.A
	if link {
		tb.b.WriteRune(linkOpen)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		tb.walk(c)
	}
	if link {
		tb.b.WriteRune(linkClose)
	}
	tb.b.WriteString(sep)
	if n == tb.mark && tb.at < 0 {
		tb.at = tb.b.Len()
	}
}

// visibleText returns n's visible text, skipping the subtrees skip selects.
func visibleText(n *html.Node, skip func(*html.Node) bool) string {
	tb := textBuilder{skip: skip, at: -1}
	tb.walk(n)
	return tb.b.String()
}

// collapse folds runs of blanks to one space and trims.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, c := range s {
		if isSpace(fold(c)) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

// find returns the first element with atom a in document order below n.
func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// body returns the <body> of a document, or root itself.
func body(root *html.Node) *html.Node {
	if b := find(root, atom.Body); b != nil {
		return b
	}
	return root
}

// base is what a page's links resolve against: the page URL and its first
// <base href>, read as browsers and the crawler read them (link.Base, the
// WHATWG parser), so that an item's URL is the one the crawler fetched.
// url.Parse would drop an href with a stray "%" or a tab, which browsers
// follow, and keep a backslash as "%5C" where browsers read a slash.
type base struct {
	b exact.Base
	// rel is for callers without an absolute page URL (the API lets
	// them pass none): hrefs then resolve as url.Parse reads them, and
	// may stay relative. nil when b is set.
	rel *url.URL
}

// baseOf resolves the page URL and the document's first <base href> that
// resolves, as the crawler's extract does.
func baseOf(root *html.Node, pageURL string) base {
	pageURL = strings.TrimSpace(pageURL)
	if b, ok := exact.NewBase(pageURL); ok {
		for href := range baseHrefs(root) {
			if rb, ok := exact.NewBase(b.Resolve(href)); ok {
				return base{b: rb}
			}
		}
		return base{b: b}
	}
	page, err := url.Parse(pageURL)
	if err != nil {
		page = &url.URL{}
	}
	for href := range baseHrefs(root) {
		if u, err := page.Parse(strings.TrimSpace(href)); err == nil {
			return base{rel: u}
		}
	}
	return base{rel: page}
}

// baseHrefs yields the href of every <base> that has one, in document
// order.
func baseHrefs(root *html.Node) iter.Seq[string] {
	return func(yield func(string) bool) {
		for n := range root.Descendants() {
			if n.Type == html.ElementNode && n.DataAtom == atom.Base {
				if href := attr(n, "href"); href != "" && !yield(href) {
					return
				}
			}
		}
	}
}

// resolve returns href made absolute against the base, or "" for links
// that lead nowhere (javascript:, mailto:, a bare #) or are no http(s)
// URL.
func (b base) resolve(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || href[0] == '#' {
		return ""
	}
	if b.rel == nil {
		return b.b.Resolve(href)
	}
	u, err := b.rel.Parse(href)
	if err != nil {
		return ""
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}
