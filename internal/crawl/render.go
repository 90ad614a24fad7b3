package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"govaudit/internal/pubdate"
)

// ScriptBrowser is the Source of lists read from the document a browser
// left after running the page's scripts (Options.Render), and then the
// page's Script.
const ScriptBrowser = "browser"

// render reads again, after its scripts ran in a browser, a page whose own
// list a script draws from data the page does not hold. When the rendered
// document shows the list (or says it is empty), the page's lists are
// those; the list's links are followed like the page's own. Otherwise —
// no browser could run it, or the scripts drew nothing readable — the page
// stays unread, and the column check says so.
func (c *Crawler) render(p *described, raw string, final *url.URL) error {
	return renderList(c.ctx, p, raw, final, c.opt.Now(), c.opt.Render, c.browserGet)
}

// Renderer is Options.Render's type. It may return a document and an
// error together: the document as the scripts left it, and what went
// wrong in them (a script threw).
type Renderer = func(ctx context.Context, url string, body []byte, get func(*http.Request) (*http.Response, error)) ([]byte, error)

func renderList(ctx context.Context, p *described, raw string, final *url.URL, now time.Time, render Renderer, get func(*http.Request) (*http.Response, error)) error {
	// A document may come with an error (a script threw): it is read,
	// and the error says why a list may be missing from it.
	doc, err := render(ctx, raw, p.Body, get)
	if doc == nil {
		return err
	}
	d := describeBody(doc, final, now)
	// What the scripts drew is read only if it is the page's own list
	// (or says it is empty): a container left empty, with the 最新发布
	// sidebar the only list beside it, is not a fresh column.
	if d == nil || d.Script == pubdate.ScriptUnread || (d.NoItems == "" && (d.Own < 0 || d.Own >= len(d.Lists) || d.Lists[d.Own].Side)) {
		if err != nil {
			return fmt.Errorf("%w（%v）", errNothingDrawn, err)
		}
		return errNothingDrawn
	}
	s, r := p.PageSummary, d.PageSummary
	s.Lists, s.Own, s.Blocks, s.Items = r.Lists, r.Own, r.Blocks, r.Items
	s.NoItems, s.Empty, s.Records, s.Pagination = r.NoItems, r.Empty, r.Records, r.Pagination
	s.Script = ScriptBrowser
	for i := range s.Lists {
		s.Lists[i].Source = ScriptBrowser
	}
	have := make(map[string]bool, len(p.keys))
	for _, k := range p.keys {
		have[k] = true
	}
	for i, l := range d.Links {
		if !have[d.keys[i]] {
			p.Links = append(p.Links, l)
			p.keys = append(p.keys, d.keys[i])
			p.raw = append(p.raw, d.raw[i])
		}
	}
	p.pages = append(p.pages, d.pages...)
	p.stated = max(p.stated, d.stated)
	return nil
}

// errNothingDrawn: the page's scripts ran and left no list to read.
var errNothingDrawn = errors.New("页面脚本运行后没有显示列表")

// errNotSite refuses a browser's request to another site's host.
var errNotSite = errors.New("不是本网站的主机")

// browserGet answers a request of a page's scripts: on the site's hosts
// as robots.txt allows, and scripts from elsewhere (a CMS loads jQuery
// from a CDN); always through the crawl's transport.
func (c *Crawler) browserGet(req *http.Request) (*http.Response, error) {
	if !c.InScope(req.URL) {
		if !scriptGet(req) {
			return nil, errNotSite
		}
	} else if ok, err := c.robotsAllow(req.URL.String()); err != nil || !ok {
		return nil, fmt.Errorf("robots.txt 禁止抓取 %s", req.URL.Path)
	}
	return c.opt.Transport.RoundTrip(req)
}

// scriptGet is a request for a script: what a page's scripts may load from
// another site's host (a CMS loads jQuery from a CDN).
func scriptGet(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.HasSuffix(strings.ToLower(r.URL.Path), ".js")
}
