// Package render runs a page's scripts in headless Chromium, for the column
// pages whose list a script draws from data the page does not hold (an
// AJAX endpoint no CMS pattern of ours knows). It returns the document as
// the scripts leave it, for the page model to read again.
//
// The browser never touches the network itself: every request the page
// makes is paused and answered by the caller's Fetch, which is the crawl's
// own transport — throttled per host, identified by govaudit's User-Agent,
// bound by robots.txt and the private-address guard, and counted. Images,
// fonts, style sheets and media are refused: a list needs none of them.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Fetch answers one request of the page. It refuses (with an error) what
// the crawl may not request.
type Fetch = func(*http.Request) (*http.Response, error)

// Find returns the browser to use: $CHROME_PATH, else chromium,
// chromium-browser, google-chrome or google-chrome-stable on PATH; "" if
// there is none.
func Find() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options shape a Browser.
type Options struct {
	Path string // the browser's executable (see Find)
	// Tabs rendering at once (default 2): each is a renderer process of
	// 50–100 MB.
	Tabs int
	// Timeout bounds one page, scripts and their requests included
	// (default 20 s).
	Timeout time.Duration
	// Quiet is how long no request of the page may be pending for its
	// scripts to count as done (default 300 ms).
	Quiet time.Duration
	// MaxBody bounds one answer handed to the browser (default 10 MiB).
	MaxBody int64
}

// Browser renders pages in one headless Chromium, started on first use.
// It is safe for concurrent use; Close stops the browser.
type Browser struct {
	opt  Options
	tabs chan struct{}

	once    sync.Once
	ctx     context.Context // the browser's chromedp context
	cancel  func()
	started error
	closed  atomic.Bool
}

// New returns a Browser; nothing starts until the first Render.
func New(opt Options) *Browser {
	if opt.Tabs <= 0 {
		opt.Tabs = 2
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 20 * time.Second
	}
	if opt.Quiet <= 0 {
		opt.Quiet = 300 * time.Millisecond
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 10 << 20
	}
	return &Browser{opt: opt, tabs: make(chan struct{}, opt.Tabs)}
}

// ErrClosed is returned by Render after Close.
var ErrClosed = errors.New("浏览器已关闭")

func (b *Browser) start() error {
	b.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(b.opt.Path), chromedp.Headless, chromedp.DisableGPU,
			chromedp.Flag("blink-settings", "imagesEnabled=false"),
			// The page is loaded as the crawl read it: no upgrade of an
			// http:// address to https:// behind our back.
			chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable"))
		if os.Geteuid() == 0 {
			// Chromium refuses root with its sandbox on (containers, CI).
			opts = append(opts, chromedp.NoSandbox)
		}
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		b.ctx, b.cancel = bctx, func() { bcancel(); acancel() }
		// The first Run starts the browser; its context must not carry a
		// timeout (chromedp ties the browser's life to it).
		if err := chromedp.Do(bctx); err != nil {
			b.started = fmt.Errorf("浏览器 %s 未能启动：%w", b.opt.Path, err)
		}
	})
	return b.started
}

// Close stops the browser and its renderer processes.
func (b *Browser) Close() error {
	b.closed.Store(true)
	b.once.Do(func() { b.started = ErrClosed })
	if b.cancel != nil {
		b.cancel()
	}
	return nil
}

// Render loads pageURL in a new tab — its own request answered with body
// (the HTML the crawl read, UTF-8), every other request with get — waits
// until the page's scripts have no request pending for Options.Quiet, and
// returns the document's HTML, its scripts removed. When a request the
// scripts made (not an image, font or style sheet: those are refused on
// purpose) was refused or failed, it returns that error instead: an empty
// list is then no sign of an empty column. When a script threw, it returns
// the document and an error naming the first exception: the list may be
// missing from the document for that reason.
func (b *Browser) Render(ctx context.Context, pageURL string, body []byte, get Fetch) ([]byte, error) {
	if b.closed.Load() {
		return nil, ErrClosed
	}
	select {
	case b.tabs <- struct{}{}:
		defer func() { <-b.tabs }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := b.start(); err != nil {
		return nil, err
	}
	tctx, cancel := chromedp.NewContext(b.ctx)
	defer cancel()
	// The caller's ctx and the page's time bound both end the tab.
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	timer := time.AfterFunc(b.opt.Timeout, cancel)
	defer timer.Stop()

	t := &tab{ctx: tctx, page: pageURL, body: withIcon(body), get: get, max: b.opt.MaxBody}
	t.touch()
	if err := chromedp.Listen(tctx, t.event); err != nil {
		return nil, b.failed(ctx, err)
	}
	// No pattern: every request of the page is paused, in the request stage.
	if _, err := chromedp.Call(tctx, fetch.Enable, fetch.EnableParams{}); err != nil {
		return nil, b.failed(ctx, err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(pageURL)); err != nil {
		return nil, b.failed(ctx, err)
	}
	// Scripts run after load: wait until nothing is pending for a while.
	for !t.quiet(b.opt.Quiet) {
		if err := chromedp.Do(tctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			return nil, b.failed(ctx, err)
		}
	}
	if err := t.failure(); err != nil {
		// A request the scripts needed failed: what they drew (or did
		// not) is no reading of the list.
		return nil, err
	}
	// The scripts have drawn what they draw: without them the page model
	// reads the document as final (an empty container is empty, not
	// waiting for a script).
	doc, err := chromedp.Run(tctx, chromedp.Evaluate[string](
		`document.querySelectorAll('script,noscript,link[rel="icon"][href="data:,"]').forEach(e => e.remove()); document.documentElement.outerHTML`))
	if err != nil {
		return nil, b.failed(ctx, err)
	}
	html := []byte("<!DOCTYPE html>" + doc)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.thrown != "" {
		// The document as the scripts left it, and what went wrong in
		// them: why a list may be missing from it.
		return html, fmt.Errorf("页面脚本出错：%s", t.thrown)
	}
	return html, nil
}

// failed names why a render stopped: the caller's cancellation, the
// page's time bound, or the browser's own error.
func (b *Browser) failed(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case b.closed.Load():
		return ErrClosed
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("页面脚本在 %s 内未运行完", b.opt.Timeout)
	}
	return err
}

// noIcon declares the page's icon empty. Without one Chromium asks for
// /favicon.ico itself, and that request, made by the browser rather than
// the page, can escape the Fetch domain: it would reach the site without
// the crawl's User-Agent, rate limit or robots.txt.
const noIcon = `<link rel="icon" href="data:,">`

// withIcon puts noIcon in the document's head (after <head …>, else after
// <html …>, else first, as a parser would place it), not before a doctype,
// which would switch the page to quirks mode.
func withIcon(body []byte) []byte {
	lower := bytes.ToLower(body[:min(len(body), 64<<10)])
	at := 0
	for _, tag := range []string{"<head", "<html"} {
		i := bytes.Index(lower, []byte(tag))
		if i < 0 {
			continue
		}
		if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
			at = i + j + 1
			break
		}
	}
	if at == 0 {
		if i := bytes.Index(lower, []byte("<!doctype")); i >= 0 {
			if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
				at = i + j + 1
			}
		}
	}
	out := make([]byte, 0, len(body)+len(noIcon))
	out = append(out, body[:at]...)
	out = append(out, noIcon...)
	return append(out, body[at:]...)
}

// tab is one page being rendered.
type tab struct {
	ctx     context.Context
	page    string
	body    []byte
	get     Fetch
	max     int64
	pending atomic.Int64
	last    atomic.Int64 // unix nanoseconds of the last request begun or answered

	mu     sync.Mutex
	failed error  // the first request of the scripts that failed
	thrown string // the first exception a script threw
}

// fail remembers the first request the page's scripts needed and did not
// get: refused (another site, robots.txt, a private address), failed, or
// answered with an error status.
func (t *tab) fail(err error) {
	t.mu.Lock()
	if t.failed == nil {
		t.failed = err
	}
	t.mu.Unlock()
}

func (t *tab) failure() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed
}

func (t *tab) touch() { t.last.Store(time.Now().UnixNano()) }

func (t *tab) quiet(d time.Duration) bool {
	return t.pending.Load() == 0 && time.Since(time.Unix(0, t.last.Load())) >= d
}

// event runs in the tab's message loop: it must not block or call the
// browser, so each paused request is answered on a goroutine.
func (t *tab) event(ev any) {
	if e, ok := ev.(*cdpruntime.EventExceptionThrown); ok {
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg = d.Exception.Description
		}
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i] // the message, not the stack
		}
		t.mu.Lock()
		if t.thrown == "" {
			t.thrown = msg
		}
		t.mu.Unlock()
		return
	}
	if e, ok := ev.(*fetch.EventRequestPaused); ok {
		t.pending.Add(1)
		t.touch()
		go func() {
			defer func() { t.pending.Add(-1); t.touch() }()
			t.answer(e)
		}()
	}
}

// refused are the kinds of request a list never needs.
var refused = map[network.ResourceType]bool{
	network.ResourceTypeImage: true, network.ResourceTypeMedia: true, network.ResourceTypeFont: true,
	network.ResourceTypeStylesheet: true, network.ResourceTypeTextTrack: true, network.ResourceTypeManifest: true,
	network.ResourceTypePing: true, network.ResourceTypeCSPViolationReport: true, network.ResourceTypeWebSocket: true,
	network.ResourceTypeEventSource: true, network.ResourceTypeSignedExchange: true, network.ResourceTypePrefetch: true,
}

// needed are the kinds of request whose error answer leaves the list
// undrawn: the document, its scripts and their data requests.
var needed = map[network.ResourceType]bool{
	network.ResourceTypeDocument: true, network.ResourceTypeScript: true,
	network.ResourceTypeXHR: true, network.ResourceTypeFetch: true,
}

func (t *tab) answer(e *fetch.EventRequestPaused) {
	fail := func(reason network.ErrorReason) {
		chromedp.Call(t.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: reason})
	}
	if refused[e.ResourceType] || strings.HasSuffix(e.Request.URL, "/favicon.ico") {
		fail(network.ErrorReasonBlockedByClient)
		return
	}
	if e.ResourceType == network.ResourceTypeDocument && e.Request.URL == t.page {
		chromedp.Call(t.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID: e.RequestID, ResponseCode: 200, Body: t.body,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}},
		})
		return
	}
	req, err := request(t.ctx, e.Request)
	if err != nil {
		t.fail(fmt.Errorf("%s %s 未能发出：%w", e.Request.Method, e.Request.URL, err))
		fail(network.ErrorReasonFailed)
		return
	}
	resp, err := t.get(req)
	if err != nil {
		t.fail(fmt.Errorf("%s %s 未请求：%w", req.Method, req.URL, err))
		fail(network.ErrorReasonAccessDenied)
		return
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, t.max))
	if err != nil {
		t.fail(fmt.Errorf("%s %s 未读完：%w", req.Method, req.URL, err))
		fail(network.ErrorReasonFailed)
		return
	}
	if resp.StatusCode >= 400 && needed[e.ResourceType] {
		t.fail(fmt.Errorf("%s %s 返回 %s", req.Method, req.URL, resp.Status))
	}
	var hdr []*fetch.HeaderEntry
	for k, vs := range resp.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Length", "Content-Encoding", "Transfer-Encoding", "Set-Cookie", "Strict-Transport-Security":
			continue // the body is whole and plain; no state is kept
		}
		for _, v := range vs {
			hdr = append(hdr, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	chromedp.Call(t.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID: e.RequestID, ResponseCode: int64(resp.StatusCode), ResponseHeaders: hdr, Body: data,
	})
}

// request turns the browser's request into ours: method, URL, the headers
// a data endpoint may look at, and the body of a POST. The User-Agent is
// the transport's.
func request(ctx context.Context, r *network.Request) (*http.Request, error) {
	var body io.Reader
	if r.HasPostData {
		var sb strings.Builder
		for _, e := range r.PostDataEntries {
			sb.Write(e.Bytes)
		}
		body = strings.NewReader(sb.String())
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Headers {
		switch http.CanonicalHeaderKey(k) {
		case "Accept", "Accept-Language", "Content-Type", "X-Requested-With", "Referer":
			if s, ok := v.(string); ok {
				req.Header.Set(k, s)
			}
		}
	}
	return req, nil
}
