// Package crawl walks a site's own pages with colly: scope, limits, trap
// bounds, robots.txt, a UTF-8 decoding transport, and the page model handed
// to page checks. It fetches pages only; every other link target is handed
// to the caller to probe.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"govaudit/checks"
	"govaudit/internal/link"
)

// Options bound and shape a crawl.
type Options struct {
	Start      string   // start URL (the homepage)
	ExtraHosts []string // more hosts whose pages belong to the site
	// MaxPages stops admitting pages (0: no limit); links beyond it are
	// handed over to be probed instead. MaxDepth likewise (0: no limit).
	MaxPages int
	MaxDepth int
	// MaxBody bounds a page body; a longer one is cut and marked (default 10 MiB).
	MaxBody int64
	// Workers fetching at once (default 8); per-host limits are the transport's.
	Workers int
	// Timeout for one page, body included (default 15 s).
	Timeout time.Duration
	// IgnoreRobots skips robots.txt (the operator's own site only).
	IgnoreRobots bool
	UserAgent    string
	// Transport sends requests (throttled, User-Agent set); required.
	Transport http.RoundTripper
	// Trap bounds: query variants of one path (default 200), links of the
	// same shape in a row (default 100).
	MaxQueryVariants int
	MaxChain         int
	Now              func() time.Time
	// Plan, if set, says how to fetch a page URL (exact) the crawl would
	// fetch: skip it tonight (an incremental run's pages outside its
	// slice: Handler.Carry is told), or ask for it conditionally. Nil:
	// every page is fetched in full.
	Plan func(url string) Plan
	// Seeds are pages to fetch besides what links lead to (exact URLs on
	// the site): an incremental night's slice, which the pages it reads
	// need not link to.
	Seeds []string
	// Render, if set, runs the scripts of a page whose own list a script
	// draws from data the page does not hold (an AJAX endpoint) and
	// returns the document they leave; body is the page as read (UTF-8).
	// Every request the scripts make goes through get: the site's hosts
	// only (scripts also from others'), robots.txt, the transport.
	Render Renderer
}

// Plan is how an incremental run fetches one known page.
type Plan struct {
	Skip bool // not fetched tonight: its stored findings are carried over
	// ETag and LastModified, when set, make the request conditional
	// (If-None-Match, If-Modified-Since): a 304 answer is a Visit with
	// NotModified set and no page.
	ETag, LastModified string
}

// A Visit is the outcome of fetching one page URL.
type Visit struct {
	URL          string // exact: as the page wrote it (link.Resolve), as fetched
	Final        string // exact, after redirects, if it is another page
	Status       int
	Err          error
	ContentType  string
	Truncated    bool
	ETag         string
	LastModified string
	Declared     string // charset the page declared
	Charset      string // charset used to decode it
	Page         *checks.Page
	// NotModified: the server answered a conditional request with 304;
	// the page is as it was when last read.
	NotModified bool
	// RenderErr says why a page whose list a script draws could not be
	// read in the browser (Options.Render); the page stays unread.
	RenderErr error
}

// Handler receives what the crawl finds; its functions are called
// concurrently from the crawl's workers.
type Handler struct {
	// Visit is called for every fetched URL. v.Page is set for HTML pages
	// that answered 2xx; its DOM is valid only during the call.
	Visit func(v *Visit)
	// Target is called once for every link target the crawler does not
	// fetch itself: files, images, external links, pages over the limits,
	// pages that redirect off-site or failed to redirect.
	Target func(url string)
	// Skip is called once for a URL neither crawled nor to be probed.
	Skip func(url, reason string)
	// Carry is called for a page the Plan said not to fetch tonight.
	Carry func(url string)
}

// Stats count a crawl's work; read them live with Progress.
type Stats struct {
	Pages   int64 // fetched
	Queued  int64 // admitted and waiting
	Targets int64 // handed over to probe
	Skipped int64 // robots.txt, traps
	// Limited counts pages not crawled because of MaxPages or MaxDepth
	// (they are still probed as links): the crawl saw part of the site.
	Limited int64
	// Carried counts pages the Plan left for another night.
	Carried int64
}

// Crawler is one crawl of one site.
type Crawler struct {
	opt    Options
	h      Handler
	start  *url.URL
	scope  map[string]bool
	col    *colly.Collector
	front  *frontier
	robots *robots // nil with IgnoreRobots
	ctx    context.Context
	popMu  sync.Mutex // pop: a page and its plan, in queue order

	pages, targets, skipped, limited, carried atomic.Int64

	// bodies holds each page's body from the transport to the handler,
	// past colly's copy (pageTransport); slots numbers the requests.
	bodies sync.Map
	slots  atomic.Uint64
}

// New prepares a crawl; Run performs it.
func New(opt Options, h Handler) (*Crawler, error) {
	start, err := link.Parse(opt.Start)
	if err != nil || start.Host == "" {
		return nil, fmt.Errorf("start URL %q is not an http(s) URL", opt.Start)
	}
	if opt.Transport == nil {
		return nil, errors.New("crawl: no transport")
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 10 << 20
	}
	if opt.Workers <= 0 {
		opt.Workers = 8
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 15 * time.Second
	}
	if opt.MaxQueryVariants == 0 {
		opt.MaxQueryVariants = 200
	}
	if opt.MaxChain == 0 {
		opt.MaxChain = 100
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if h.Visit == nil {
		h.Visit = func(*Visit) {}
	}
	if h.Target == nil {
		h.Target = func(string) {}
	}
	if h.Skip == nil {
		h.Skip = func(string, string) {}
	}
	if h.Carry == nil {
		h.Carry = func(string) {}
	}
	c := &Crawler{opt: opt, h: h, start: start, scope: map[string]bool{}}
	c.scope[hostKey(start)] = true
	for _, host := range opt.ExtraHosts {
		if host = strings.ToLower(strings.TrimSpace(host)); host != "" {
			c.scope[host] = true
		}
	}
	return c, nil
}

// hostKey is a URL's host as scope knows it: lower case, no default port.
func hostKey(u *url.URL) string {
	h := strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(h, ":80")) || (u.Scheme == "https" && strings.HasSuffix(h, ":443")) {
		h = h[:strings.LastIndexByte(h, ':')]
	}
	return h
}

// InScope says whether u belongs to the site.
func (c *Crawler) InScope(u *url.URL) bool { return c.scope[hostKey(u)] }

// Progress returns live counts.
func (c *Crawler) Progress() Stats {
	s := Stats{Pages: c.pages.Load(), Targets: c.targets.Load(), Skipped: c.skipped.Load(), Limited: c.limited.Load(), Carried: c.carried.Load()}
	if c.front != nil {
		s.Queued = int64(c.front.pending())
	}
	return s
}

// ctxKey is where a colly request carries its item.
const ctxKey = "govaudit.item"

func (c *Crawler) collector(ctx context.Context) *colly.Collector {
	// Fields are set after NewCollector, so COLLY_* environment variables
	// (read inside NewCollector) cannot override them.
	col := colly.NewCollector()
	col.UserAgent = c.opt.UserAgent
	col.IgnoreRobotsTxt = true // c.robots applies it, to every request
	col.AllowURLRevisit = true // the frontier de-duplicates
	col.MaxBodySize = 0        // the transport bounds and marks bodies
	col.MaxDepth = 0
	col.MaxRequests = 0
	col.ParseHTTPErrorResponse = true
	col.DetectCharset = false // the transport decodes to UTF-8
	col.Async = false         // our workers own concurrency
	col.Context = ctx
	jar, _ := cookiejar.New(nil)
	col.SetClient(&http.Client{
		Transport: &pageTransport{next: c.opt.Transport, max: c.opt.MaxBody, bodies: &c.bodies},
		Timeout:   c.opt.Timeout,
		Jar:       jar,
	})
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		// Off-site redirects, loops and long chains stop here: the 3xx
		// answer goes to the prober, which follows and judges it.
		if !c.InScope(req.URL) || len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return http.ErrUseLastResponse
			}
		}
		return nil
	})
	col.OnRequest(func(r *colly.Request) {
		// colly parses and re-serialises the URL (a stray "%" becomes
		// "%25", Go escapes "|"): send it exactly as the page wrote it.
		// r.URL is the http.Request's own URL.
		if it, _ := r.Ctx.GetAny(ctxKey).(*item); it != nil {
			if u, err := link.Request(it.raw); err == nil {
				*r.URL = *u
			}
		}
	})
	col.OnResponse(func(r *colly.Response) {
		it, _ := r.Ctx.GetAny(ctxKey).(*item)
		if it != nil {
			c.handle(it, r)
		}
	})
	return col
}

// Run crawls until the frontier is empty or ctx is cancelled; it returns
// ctx.Err() in the latter case.
func (c *Crawler) Run(ctx context.Context) (Stats, error) {
	c.col = c.collector(ctx)
	c.ctx = ctx
	if !c.opt.IgnoreRobots {
		c.robots = newRobots(c.opt.Transport, c.opt.UserAgent, c.opt)
	}
	c.front = newFrontier(ctx, c.opt)
	startExact := link.String(c.start)
	c.front.admit(c.start, startExact, link.Key(startExact), nil, 0)
	root := &item{raw: startExact, canon: link.Key(startExact)}
	for _, s := range c.opt.Seeds {
		if u, err := link.Request(s); err == nil && c.InScope(u) {
			c.front.admit(u, s, link.Key(s), root, 0)
		}
	}

	var wg sync.WaitGroup
	for range c.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				it, plan, ok := c.pop()
				if !ok {
					return
				}
				c.fetch(it, plan)
				c.front.done()
			}
		}()
	}
	wg.Wait()
	return c.Progress(), ctx.Err()
}

// robotsAllow says whether robots.txt lets the crawl request u on one of
// the site's hosts; when robots.txt could not be fetched, err says why.
func (c *Crawler) robotsAllow(raw string) (bool, error) {
	if c.robots == nil {
		return true, nil
	}
	u, err := link.Request(raw)
	if err != nil || !c.InScope(u) {
		return true, nil // others' hosts: one link check is not a crawl
	}
	return c.robots.allowed(c.ctx, u)
}

// pop takes the next page from the frontier and, in the same order, asks
// for its plan: an incremental night's slice is then decided oldest first,
// as the queue holds it, however the workers happen to be scheduled (the
// plan reads the night's request count).
func (c *Crawler) pop() (*item, Plan, bool) {
	c.popMu.Lock()
	defer c.popMu.Unlock()
	it, ok := c.front.pop()
	if !ok || c.opt.Plan == nil || it.depth == 0 {
		return it, Plan{}, ok
	}
	return it, c.opt.Plan(it.raw), true
}

func (c *Crawler) fetch(it *item, plan Plan) {
	if ok, err := c.robotsAllow(it.raw); err != nil || !ok {
		if err == nil {
			err = colly.ErrRobotsTxtBlocked
		} else {
			err = fmt.Errorf("robots.txt could not be read: %w", err)
		}
		c.settle(it, err)
		return
	}
	var hdr http.Header
	if plan.Skip {
		c.carried.Add(1)
		c.h.Carry(it.raw)
		return
	}
	if plan.ETag != "" || plan.LastModified != "" {
		hdr = http.Header{}
		if plan.ETag != "" {
			hdr.Set("If-None-Match", plan.ETag)
		}
		if plan.LastModified != "" {
			hdr.Set("If-Modified-Since", plan.LastModified)
		}
	}
	if hdr == nil {
		hdr = http.Header{}
	}
	it.slot = strconv.FormatUint(c.slots.Add(1), 36)
	hdr.Set(hdrSlot, it.slot)
	defer c.bodies.Delete(it.slot) // a body colly never handed on
	cctx := colly.NewContext()
	cctx.Put(ctxKey, it)
	err := c.col.Request(http.MethodGet, it.raw, nil, cctx, hdr)
	if it.handled { // OnResponse ran, on this goroutine
		return
	}
	c.settle(it, err)
}

// settle reports a page that gave no response.
func (c *Crawler) settle(it *item, err error) {
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		c.skipped.Add(1)
		c.h.Skip(it.raw, "robots.txt 禁止抓取")
	case err != nil:
		if errors.Is(err, context.Canceled) {
			return
		}
		c.pages.Add(1)
		c.h.Visit(&Visit{URL: it.raw, Err: err})
	}
}

func (c *Crawler) target(u string) {
	if ok, err := c.robotsAllow(u); err == nil && !ok {
		c.skipped.Add(1)
		c.h.Skip(u, "robots.txt 禁止抓取")
		return
	}
	c.targets.Add(1)
	c.h.Target(u)
}
