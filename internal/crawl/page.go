package crawl

import (
	"bytes"
	"net/url"
	"strings"
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
	root, err := html.Parse(bytes.NewReader(r.Body))
	if err != nil { // x/net/html only fails on reader errors
		c.h.Visit(v)
		return
	}
	doc := goquery.NewDocumentFromNode(root)
	doc.Url = final
	p := &checks.Page{
		URL:     it.canon,
		Final:   link.Canonical(final),
		Status:  r.StatusCode,
		Depth:   it.depth,
		Home:    it.depth == 0,
		Charset: v.Charset,
		Doc:     doc,
		Body:    r.Body,
	}
	base := final
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
		c.follow(abs, l, it)
	}
	v.Page = p
	c.h.Visit(v)
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
