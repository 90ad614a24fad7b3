// Package probe checks link targets — in-site or external, pages or
// attachments — with plain net/http: GET for pages (their text tells a soft
// 404); ranged GETs for document attachments, whose first and last bytes
// are judged (internal/filetype); HEAD for other files (images, styles),
// then GET where HEAD is refused. Reads are bounded; retries with backoff
// only for timeouts, 429 and 503; every URL at most once per run.
package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"govaudit/checks"
	"govaudit/internal/charset"
	"govaudit/internal/link"
	"govaudit/internal/visible"
)

const maxRedirects = 10

// Options configure a Prober.
type Options struct {
	// Transport sends the requests: the run's throttled, User-Agent-setting
	// transport. Redirects are followed by the prober itself.
	Transport http.RoundTripper
	// Timeout bounds one request, body included (default 15 s: the
	// inspectors' limit).
	Timeout time.Duration
	// Retries for timeouts, 429 and 503 (0: none); Backoff is the first
	// wait, doubled each time (default 1 s). Retry-After is honoured up to
	// MaxRetryAfter (default 10 s).
	Retries       int
	Backoff       time.Duration
	MaxRetryAfter time.Duration
	// Workers probing at once across all hosts (default 32); the per-host
	// limit is the transport's.
	Workers int
	// ReadLimit bounds the bytes read of a body (default 64 KiB): a page,
	// or the head of an attachment (asked for with Range: bytes=0-N).
	ReadLimit int64
	// FileCap bounds the bytes read of an attachment served whole by a
	// server that ignores Range (default DefaultFileCap). A file larger
	// than that is judged by its head only.
	FileCap int64

	// OnFile, if set, receives the whole bytes (at most FileCap) of every
	// text-bearing attachment (pdf, docx, xlsx, pptx, csv, txt) that opens, for
	// checks that read what files say. Called from the probing goroutines.
	OnFile func(url, ext string, data []byte)
}

// DefaultFileCap is FileCap's default: 8 MiB.
const DefaultFileCap = 8 << 20

// A Prober checks URLs, each once; it is safe for concurrent use.
type Prober struct {
	opt    Options
	client *http.Client

	mu sync.Mutex
	// results are keyed by link.Key: a URL written two ways (parameters in
	// another order, a session id) is probed once, as first written; every
	// verdict carries that exact URL.
	results verdicts
	queue   chan queued
	wg      sync.WaitGroup
	started bool
	done    atomic.Int64
	failed  atomic.Int64
}

// A queued URL is one Submit has given a slot, to be probed.
type queued struct {
	url string
	id  int32
}

// finish records the verdict of slot id and wakes whoever waits for it.
func (p *Prober) finish(id int32, s checks.LinkStatus) {
	p.mu.Lock()
	p.results.set(id, s)
	if ch := p.results.waits[id]; ch != nil {
		close(ch)
		delete(p.results.waits, id)
	}
	p.mu.Unlock()
}

// New returns a Prober; Start launches its workers for Submit.
func New(opt Options) *Prober {
	if opt.Timeout <= 0 {
		opt.Timeout = 15 * time.Second
	}
	if opt.Retries < 0 {
		opt.Retries = 0
	}
	if opt.Backoff <= 0 {
		opt.Backoff = time.Second
	}
	if opt.MaxRetryAfter <= 0 {
		opt.MaxRetryAfter = 10 * time.Second
	}
	if opt.Workers <= 0 {
		opt.Workers = 32
	}
	if opt.ReadLimit <= 0 {
		opt.ReadLimit = 64 << 10
	}
	if opt.FileCap <= 0 {
		opt.FileCap = DefaultFileCap
	}
	if opt.Transport == nil {
		opt.Transport = http.DefaultTransport
	}
	jar := newJar()
	return &Prober{
		opt: opt,
		client: &http.Client{
			Transport:     opt.Transport,
			Timeout:       opt.Timeout,
			Jar:           jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		results: newVerdicts(),
	}
}

// Start launches the workers that serve Submit; they stop when ctx ends or
// after Wait.
func (p *Prober) Start(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started {
		return
	}
	p.started = true
	p.queue = make(chan queued, 1024)
	queue := p.queue // Wait sets p.queue to nil: never read the field unlocked
	for range p.opt.Workers {
		go func() {
			for q := range queue {
				p.run(ctx, q)
				p.wg.Done()
			}
		}()
	}
}

// Known records a verdict reached elsewhere (the crawler's own fetch, or a
// success cached from an earlier run), so the URL is not probed again.
func (p *Prober) Known(s checks.LinkStatus) {
	k := link.Key(s.URL)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.results.find(k) >= 0 {
		return
	}
	p.results.set(p.results.add(k), s)
}

// Submit queues u for probing unless it is known already. It may block
// while the queue is full. Start must have been called.
func (p *Prober) Submit(u string) {
	k := link.Key(u)
	p.mu.Lock()
	if p.results.find(k) >= 0 {
		p.mu.Unlock()
		return
	}
	id := p.results.add(k)
	p.wg.Add(1)
	queue := p.queue
	p.mu.Unlock()
	// Submitting from a worker-independent goroutine keeps a full queue
	// from blocking the crawler for long.
	queue <- queued{u, id}
}

// Wait blocks until every submitted URL has a verdict, then stops the workers.
func (p *Prober) Wait() {
	p.wg.Wait()
	p.mu.Lock()
	if p.queue != nil {
		close(p.queue)
		p.queue = nil
	}
	p.mu.Unlock()
}

// Result returns the verdict on u (or on the same URL written another
// way), if it has one.
func (p *Prober) Result(u string) (checks.LinkStatus, bool) {
	// Most URLs are their own key, and a key is its own key: looking the
	// URL up as written first spares the parse that link.Key costs (the
	// whole-site checks ask about every link of every page).
	if s, ready, known := p.lookup(u); known {
		return s, ready
	}
	s, ready, _ := p.lookup(link.Key(u))
	return s, ready
}

// lookup returns the entry under key k: its verdict, whether it is reached,
// and whether the entry exists.
func (p *Prober) lookup(k string) (s checks.LinkStatus, ready, known bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.results.find(k)
	if id < 0 {
		return checks.LinkStatus{}, false, false
	}
	s, ready = p.results.status(id)
	return s, ready, true
}

// Each yields every verdict reached so far, in the order the URLs were
// first submitted or made known, without
// copying them all at once (a run of 100,000 pages has some 300,000).
func (p *Prober) Each(yield func(checks.LinkStatus) bool) {
	p.mu.Lock()
	n := int32(len(p.results.slots))
	p.mu.Unlock()
	for id := range n {
		p.mu.Lock()
		s, ready := p.results.status(id)
		p.mu.Unlock()
		if ready && !yield(s) {
			return
		}
	}
}

// Check probes u now (or returns its verdict if it has one): for callers
// outside a run, such as tests and `govaudit page`.
func (p *Prober) Check(ctx context.Context, u string) checks.LinkStatus {
	k := link.Key(u)
	p.mu.Lock()
	id := p.results.find(k)
	if id < 0 {
		id = p.results.add(k)
		p.mu.Unlock()
		s := p.probe(ctx, u)
		p.finish(id, s)
		return s
	}
	if s, ready := p.results.status(id); ready {
		p.mu.Unlock()
		return s
	}
	wait := p.results.waits[id]
	if wait == nil {
		if p.results.waits == nil {
			p.results.waits = map[int32]chan struct{}{}
		}
		wait = make(chan struct{})
		p.results.waits[id] = wait
	}
	p.mu.Unlock()
	select {
	case <-wait:
		p.mu.Lock()
		defer p.mu.Unlock()
		s, _ := p.results.status(id)
		return s
	case <-ctx.Done():
		return FromError(u, ctx.Err())
	}
}

func (p *Prober) run(ctx context.Context, q queued) {
	s := p.probe(ctx, q.url)
	p.finish(q.id, s)
	p.done.Add(1)
	if s.Class == checks.Broken || s.Class == checks.Transient {
		p.failed.Add(1)
	}
}

// Done returns how many probes have finished.
func (p *Prober) Done() int64 { return p.done.Load() }

// Failed returns how many finished probes found a broken or failing target.
func (p *Prober) Failed() int64 { return p.failed.Load() }

// probe reaches a verdict on u, retrying transient failures.
func (p *Prober) probe(ctx context.Context, u string) checks.LinkStatus {
	var s checks.LinkStatus
	for attempt := 0; ; attempt++ {
		var retryAfter time.Duration
		s, retryAfter = p.once(ctx, u)
		if !retryable(s) || attempt >= p.opt.Retries || ctx.Err() != nil {
			break
		}
		wait := p.opt.Backoff << attempt
		if retryAfter > 0 {
			wait = min(retryAfter, p.opt.MaxRetryAfter)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return s
		case <-t.C:
		}
	}
	if s.Rule == RuleTimeout {
		s.Detail = fmt.Sprintf("%s 内未打开（已重试 %d 次）", p.opt.Timeout, p.opt.Retries)
	}
	if s.Status == http.StatusTooManyRequests {
		s.Class, s.Rule, s.Detail = checks.Blocked, RuleBlocked, "目标站点限流（HTTP 429，重试后仍被拒绝）"
	}
	return s
}

// once makes one attempt: ranged GETs for attachments (their bytes are
// judged), HEAD for other targets whose body is not needed, GET for pages
// (their text tells a soft 404) and where HEAD is refused.
func (p *Prober) once(ctx context.Context, u string) (checks.LinkStatus, time.Duration) {
	if link.IsAttachmentString(u) {
		return p.follow(ctx, http.MethodGet, u)
	}
	method := http.MethodGet
	if !pageLike(u) {
		method = http.MethodHead
	}
	s, ra := p.follow(ctx, method, u)
	if method == http.MethodHead && s.Class == checks.OK && s.Final != "" && pageLike(s.Final) {
		// A file redirected to a page (the site's error page, say): only
		// the page's text tells whether the file is still there.
		return p.follow(ctx, http.MethodGet, u)
	}
	if method == http.MethodHead && s.Class != checks.OK && s.Rule != RuleDNS && s.Rule != RuleRefused &&
		s.Rule != RuleTLS && s.Rule != RuleTimeout && s.Rule != RuleRedirectLoop && s.Rule != RuleTooManyRedirects {
		// Many servers refuse or mishandle HEAD (405, 501, 403, even 404):
		// only a GET may call a target broken.
		return p.follow(ctx, http.MethodGet, u)
	}
	return s, ra
}

// follow sends method to u, follows redirects by hand and judges the
// answer.
func (p *Prober) follow(ctx context.Context, method, u string) (checks.LinkStatus, time.Duration) {
	resp, cur, failed := p.send(ctx, method, u)
	if resp == nil {
		return failed, 0
	}
	s := p.answer(ctx, method, u, cur, resp)
	if cur != u {
		s.Final = cur
	}
	return s, retryAfter(resp.Header.Get("Retry-After"))
}

// send sends method to u and follows redirects by hand, so loops and long
// chains are told apart from other failures. It returns the last answer,
// its body unread, and the URL that gave it; or, when no answer came, the
// verdict.
func (p *Prober) send(ctx context.Context, method, u string) (*http.Response, string, checks.LinkStatus) {
	seen := map[string]int{}
	setCookie := false // the last redirect set a cookie
	cur := u
	for hop := 0; ; hop++ {
		// A URL may come round once more after setting a cookie (load
		// balancers and session gates do that); otherwise a revisit is a loop.
		if n := seen[cur]; n >= 2 || (n == 1 && !setCookie) {
			return nil, cur, FromError(u, errRedirectLoop)
		}
		if hop > maxRedirects {
			return nil, cur, FromError(u, errTooManyRedirects)
		}
		seen[cur]++
		req, err := newRequest(ctx, method, cur)
		if err != nil {
			return nil, cur, checks.LinkStatus{URL: u, Class: checks.Broken, Rule: RuleNetwork, Detail: "无效地址"}
		}
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
		if method == http.MethodGet && !pageLike(cur) {
			// Files: the head only (the tail, if needed, comes later).
			req.Header.Set("Range", "bytes=0-"+strconv.FormatInt(p.opt.ReadLimit-1, 10))
		}
		resp, err := p.client.Do(req)
		if err != nil {
			return nil, cur, FromError(u, err)
		}
		if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
			setCookie = len(resp.Header.Values("Set-Cookie")) > 0
			drain(resp)
			// Location is read as a browser reads it, and followed as written.
			if next := link.ResolveString(cur, loc); next != "" {
				cur = next
				continue
			}
			next, err := resp.Request.URL.Parse(loc)
			if err != nil {
				return nil, cur, checks.LinkStatus{URL: u, Status: resp.StatusCode, Class: checks.Broken, Rule: RuleNetwork, Detail: "重定向地址无效"}
			}
			next.Fragment = ""
			cur = next.String()
			continue
		}
		return resp, cur, checks.LinkStatus{}
	}
}

// answer judges the last answer to method on u (from cur) and closes its
// body. A document — an attachment by its extension, or an answer that
// says it is a file (Content-Disposition: attachment, a document type) —
// has its bytes judged; a page its text.
func (p *Prober) answer(ctx context.Context, method, u, cur string, resp *http.Response) checks.LinkStatus {
	ct := resp.Header.Get("Content-Type")
	if method == http.MethodGet {
		if f, ok := p.asFile(u, cur, resp); ok {
			return p.file(ctx, u, cur, resp, f)
		}
	}
	var title, text string
	if method == http.MethodGet && isHTML(ct) {
		body, err := io.ReadAll(io.LimitReader(resp.Body, p.opt.ReadLimit))
		if err != nil && isTimeout(err) {
			// Headers came, the page did not (a server trickling
			// bytes): it did not open in time.
			resp.Body.Close()
			return FromError(u, err)
		}
		title, text = visible.FromBytes(decodeBody(body, ct))
	}
	drain(resp)
	s := FromStatus(u, resp.StatusCode, title, text)
	if resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && method == http.MethodGet {
		// A server that answers a range it cannot satisfy (an empty
		// file, say) still served the file.
		s = checks.LinkStatus{URL: u, Status: resp.StatusCode}
	}
	return s
}

// drain reads a little of what is left so the connection can be reused,
// then closes the body.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func isHTML(ct string) bool {
	ct = strings.ToLower(ct)
	return ct == "" || strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml")
}

func pageLike(raw string) bool { return link.PageLikeString(raw) }

// newRequest builds a request that sends u exactly as written (link.Request);
// a URL that is no exact http(s) URL goes the usual way (and fails there).
func newRequest(ctx context.Context, method, u string) (*http.Request, error) {
	exact, err := link.Request(u)
	if err != nil {
		return http.NewRequestWithContext(ctx, method, u, nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://placeholder/", nil)
	if err != nil {
		return nil, err
	}
	req.URL, req.Host = exact, exact.Host
	return req, nil
}

func newJar() http.CookieJar {
	jar, _ := cookiejar.New(nil)
	return jar
}

// decodeBody converts an HTML prefix to UTF-8.
func decodeBody(b []byte, contentType string) []byte {
	out, _, _ := charset.DecodeHTML(b, contentType)
	return out
}
