package crawl

import (
	"bytes"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/visible"
)

// handle turns a colly response into a Visit and queues the page's links.
func (c *Crawler) handle(it *item, r *colly.Response) {
	it.handled = true
	c.pages.Add(1)
	final := r.Request.URL
	v := &Visit{URL: it.canon, Status: r.StatusCode, ContentType: r.Headers.Get("Content-Type")}
	if fc := link.Canonical(final); fc != it.canon {
		v.Final = fc
		if !c.front.claim(fc) && r.StatusCode < 300 {
			// A redirect onto a page crawled already: the target works,
			// and its content was read once.
			c.h.Visit(v)
			return
		}
	}
	if r.StatusCode >= 300 && r.StatusCode < 400 {
		// Stopped redirect (off-site, loop, long chain): let the prober
		// follow it and judge.
		c.target(it.canon)
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
	p := describeBody(r.Body, final, c.opt.Now())
	if p == nil { // x/net/html only fails on reader errors
		c.h.Visit(v)
		return
	}
	p.URL, p.Depth, p.Home = it.canon, it.depth, it.depth == 0
	p.Status, p.Charset = r.StatusCode, v.Charset
	for i, l := range p.Links {
		c.follow(l.URL, p.raw[i], it)
	}
	// Pagination a CMS writes with JavaScript is followed, not reported:
	// no reader clicks a link that is not on the page.
	for _, u := range p.Pagination {
		c.follow(u, rawLink{kind: checks.Anchor}, it)
	}
	v.Page = p.Page
	c.h.Visit(v)
}

// described is a page model plus the links as the page wrote them.
type described struct {
	*checks.Page
	raw []rawLink // raw[i] is where Links[i] came from
}

// Describe builds the page model of an HTML body (UTF-8) found at final:
// title, links (resolved against <base href>, unique by URL and kind),
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
	if err != nil {
		return nil
	}
	doc := goquery.NewDocumentFromNode(root)
	doc.Url = final
	canon := link.Canonical(final)
	p := &described{Page: &checks.Page{
		PageSummary: &checks.PageSummary{URL: canon},
		Final:       canon,
		Doc:         doc,
		Body:        body,
	}}
	var base *url.URL
	var raw []rawLink
	p.Title, base, raw = extract(root, final)
	p.Text = visible.Text(root)
	type key struct {
		url  string
		kind checks.LinkKind
	}
	seen := make(map[key]bool, len(raw))
	for _, l := range raw {
		abs := link.Resolve(base, l.ref)
		if abs == "" || seen[key{abs, l.kind}] {
			continue
		}
		seen[key{abs, l.kind}] = true
		p.Links = append(p.Links, checks.Link{URL: abs, Text: l.text, Kind: l.kind})
		p.raw = append(p.raw, l)
	}
	describe(p.PageSummary, doc, root, base, canon, now)
	p.DocNos = docNos(p.Title, p.Text)
	return p
}

// follow decides what becomes of one link: crawl it, hand it over to be
// probed, or skip it as a trap.
func (c *Crawler) follow(abs string, l rawLink, from *item) {
	u, err := url.Parse(abs)
	if err != nil {
		return
	}
	crawlable := (l.kind == checks.Anchor || l.kind == checks.Frame) && c.InScope(u) && link.PageLike(u)
	if !crawlable {
		if c.front.claim(abs) {
			c.target(abs)
		}
		return
	}
	// Fetch the URL as the page wrote it, minus session ids.
	switch d, why := c.front.admit(u, abs, abs, from); d {
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

// extract walks the tree once for the title, <base href> and links.
func extract(root *html.Node, pageURL *url.URL) (title string, base *url.URL, links []rawLink) {
	base = pageURL
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = strings.TrimSpace(textOf(n, 200))
				}
			case atom.Base:
				if href := attr(n, "href"); href != "" {
					if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
						base = b
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
