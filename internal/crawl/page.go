package crawl

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"govaudit/checks"
	"govaudit/internal/docno"
	"govaudit/internal/link"
	"govaudit/internal/pubdate"
	"govaudit/internal/visible"
)

// handle turns a colly response into a Visit and queues the page's links.
func (c *Crawler) handle(it *item, r *colly.Response) {
	it.handled = true
	c.pages.Add(1)
	final := r.Request.URL
	v := &Visit{URL: it.raw, Status: r.StatusCode, ContentType: r.Headers.Get("Content-Type")}
	if fe := link.String(final); link.Key(fe) != it.canon {
		v.Final = fe
		if !c.front.claim(link.Key(fe)) && r.StatusCode < 300 {
			// A redirect onto a page crawled already: the target works,
			// and its content was read once.
			c.h.Visit(v)
			return
		}
	}
	if r.StatusCode == http.StatusNotModified && r.Request.Headers.Get("If-None-Match")+r.Request.Headers.Get("If-Modified-Since") != "" {
		// Unchanged since it was last read (an incremental night).
		v.NotModified = true
		c.h.Visit(v)
		return
	}
	if r.StatusCode >= 300 && r.StatusCode < 400 {
		// Stopped redirect (off-site, loop, long chain): let the prober
		// follow it and judge.
		c.target(it.raw)
		return
	}
	v.Truncated = r.Headers.Get(hdrTruncated) != ""
	v.ETag = r.Headers.Get("ETag")
	v.LastModified = r.Headers.Get("Last-Modified")
	v.Declared = r.Headers.Get(hdrDeclared)
	v.Charset = r.Headers.Get(hdrCharset)
	if r.StatusCode < 200 || r.StatusCode >= 300 || r.Headers.Get(hdrNotHTML) != "" {
		c.h.Visit(v)
		return
	}
	body := r.Body
	if b, ok := c.bodies.LoadAndDelete(it.slot); ok {
		body = b.([]byte)
	}
	p := describeBody(body, final, c.opt.Now())
	if p == nil { // x/net/html only fails on reader errors
		c.h.Visit(v)
		return
	}
	p.URL, p.Depth, p.Home = it.raw, it.depth, it.depth == 0
	p.Status, p.Charset = r.StatusCode, v.Charset
	if p.Script == pubdate.ScriptUnread && c.opt.Render != nil {
		v.RenderErr = c.render(p, it.raw, final)
	}
	// The list's other pages first, with the page count the list states:
	// its 下一页 is among the links too. Pagination a CMS writes with
	// JavaScript is followed, not reported: no reader clicks a link that
	// is not on the page.
	for _, u := range p.pages {
		c.follow(u, link.Key(u), checks.Anchor, p.stated, it)
	}
	for i, l := range p.Links {
		c.follow(l.URL, p.keys[i], p.raw[i].kind, 0, it)
	}
	v.Page = p.Page
	c.h.Visit(v)
}

// described is a page model plus the links as the page wrote them.
type described struct {
	*checks.Page
	raw    []rawLink // raw[i] is where Links[i] came from
	keys   []string  // keys[i] is the canonical key of Links[i]
	pages  []string  // the list's other pages, exact (Pagination holds keys)
	stated int       // how many pages the list says it has, -1 if it does not
}

// Describe builds the page model of an HTML body (UTF-8) found at final:
// title, links (resolved against <base href> as a browser does, exact as
// the page wrote them, unique by canonical URL and kind),
// visible text, publication date, column, breadcrumb, list items and
// pagination. It returns nil only if the body cannot be read.
func Describe(body []byte, final *url.URL, now time.Time) *checks.Page {
	if d := describeBody(body, final, now); d != nil {
		return d.Page
	}
	return nil
}

func describeBody(body []byte, final *url.URL, now time.Time) *described {
	root, err := html.Parse(bytes.NewReader(body))
	flattened := false
	if err != nil {
		// Nested deeper than the parser allows: read it flattened.
		if root, err = html.Parse(bytes.NewReader(flatten(body))); err != nil {
			return nil
		}
		flattened = true
	}
	doc := goquery.NewDocumentFromNode(root)
	doc.Url = final
	exact := link.String(final)
	p := &described{Page: &checks.Page{
		PageSummary: &checks.PageSummary{URL: exact},
		Final:       exact,
		Doc:         doc,
		Body:        body,
		Flattened:   flattened,
	}}
	var base string
	var raw []rawLink
	p.Title, base, raw = extract(root, exact)
	p.Text = visible.Text(root)
	type key struct {
		url  string
		kind checks.LinkKind
	}
	seen := make(map[key]bool, len(raw))
	resolver, _ := link.NewBase(base)
	for _, l := range raw {
		abs := resolver.Resolve(l.ref)
		if abs == "" {
			continue
		}
		k := key{link.Key(abs), l.kind}
		if seen[k] {
			continue
		}
		seen[k] = true
		p.keys = append(p.keys, k.url)
		p.Links = append(p.Links, checks.Link{URL: abs, Text: l.text, Kind: l.kind})
		p.raw = append(p.raw, l)
	}
	baseURL, err := link.Request(base)
	if err != nil {
		baseURL = final
	}
	// The list's other pages are fetched as the list writes them; the
	// summary keeps their canonical keys.
	p.pages, p.stated = describe(p.PageSummary, doc, root, baseURL, exact, now)
	p.DocNos = ownDocNos(p.Title, p.Text)
	return p
}

// ownDocNos are the page's own issuing numbers (文号) — in its title, right
// under its heading, or in a labelled field (文号：, 发文字号：, an 索引号
// table's 文号 row) — canonical, each once. Numbers cited in running text
// (根据…〔2025〕33号) are not the page's.
func ownDocNos(title, text string) []string {
	var out []string
	for _, n := range docno.Own(title, text) { // each number once already
		out = append(out, n.Canonical)
	}
	return out
}

// follow decides what becomes of one link (exact): crawl it, hand it over
// to be probed, or skip it as a trap. It is fetched and reported as
// written; its canonical key only tells whether it was seen already.
// stated is, for a list's own pages, the page count the list states (else
// 0): how far they may chain (frontier.admit).
func (c *Crawler) follow(abs, key string, kind checks.LinkKind, stated int, from *item) {
	if c.front.known(key) {
		// Most links of a page are its template's (navigation, sidebar,
		// footer), seen on the first page: nothing to parse or decide.
		return
	}
	// The parts of the URL, for scope, kind and trap bounds (not for
	// sending: the fetch sends abs as written).
	u, err := link.ParseAny(abs)
	if err != nil {
		return
	}
	crawlable := (kind == checks.Anchor || kind == checks.Frame) && c.InScope(u) && link.PageLike(u)
	if !crawlable {
		if c.front.claim(key) {
			c.target(abs)
		}
		return
	}
	switch d, why := c.front.admit(u, abs, key, from, stated); d {
	case overLimit:
		c.limited.Add(1)
		c.target(abs)
	case trap:
		c.skipped.Add(1)
		c.h.Skip(abs, why)
	}
}

// rawLink is a reference as written in the page.
type rawLink struct {
	ref  string
	text string
	kind checks.LinkKind
}

// extract walks the tree once for the title, <base href> (resolved, as an
// exact URL) and links.
func extract(root *html.Node, pageURL string) (title, base string, links []rawLink) {
	base = pageURL
	baseSet := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = strings.TrimSpace(textOf(n, 200))
				}
			case atom.Base:
				// The first <base href> counts, as in browsers.
				if href := attr(n, "href"); href != "" && !baseSet {
					if b := link.ResolveString(pageURL, href); b != "" {
						base, baseSet = b, true
					}
				}
			case atom.A:
				if href := attr(n, "href"); href != "" {
					links = append(links, rawLink{href, textOf(n, 80), checks.Anchor})
				}
			case atom.Area:
				if href := attr(n, "href"); href != "" {
					links = append(links, rawLink{href, clip(attr(n, "alt"), 80), checks.Anchor})
				}
			case atom.Iframe, atom.Frame:
				if src := attr(n, "src"); src != "" {
					links = append(links, rawLink{src, clip(attr(n, "title"), 80), checks.Frame})
				}
			case atom.Img:
				if src := attr(n, "src"); src != "" {
					links = append(links, rawLink{src, clip(attr(n, "alt"), 80), checks.Image})
				}
			case atom.Embed:
				if src := attr(n, "src"); src != "" {
					links = append(links, rawLink{src, "", checks.Embed})
				}
			case atom.Object:
				if data := attr(n, "data"); data != "" {
					links = append(links, rawLink{data, "", checks.Embed})
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(root)
	return title, base, links
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf returns the folded text below n, at most max runes.
func textOf(n *html.Node, max int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if b.Len() > max*4 {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Img && b.Len() == 0 {
				b.WriteString(attr(n, "alt"))
			}
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return clip(b.String(), max)
}

// clip folds white space and cuts s to max runes.
func clip(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
