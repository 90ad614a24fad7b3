// Package audit runs one audit of one site — crawl, probe, checks, store,
// diff — for the command line and the daemon alike. It owns concurrency,
// cancellation and the order of results.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"govaudit/checks"
	"govaudit/internal/column"
	"govaudit/internal/crawl"
	"govaudit/internal/filetext"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
	"govaudit/internal/pagestore"
	"govaudit/internal/pii"
	"govaudit/internal/probe"
	"govaudit/internal/render"
	"govaudit/internal/store"
	"govaudit/internal/transport"
	"govaudit/rules"
)

// Config is everything one audit needs.
type Config struct {
	Site       string // store key; default: the canonical start URL
	Start      string
	ExtraHosts []string
	Checks     []*checks.Check

	MaxPages     int
	MaxDepth     int
	MaxBody      int64
	Rate         float64 // requests per second per host; 0: unlimited
	Parallel     int     // requests in flight per host
	Timeout      time.Duration
	IgnoreRobots bool
	UserAgent    string
	Retries      int
	Backoff      time.Duration
	// FileCap bounds what is read of an attachment whose server ignores
	// Range requests (0: the prober's default, 8 MiB).
	FileCap int64
	// ProbeCacheTTL: external targets seen working within it are not probed
	// again (0: always probe). Failures are never cached.
	ProbeCacheTTL time.Duration

	// Hosts and HostsOnly map host names to loopback addresses (demo, tests).
	Hosts     map[string]string
	HostsOnly bool
	// AllowPrivate lets links and redirects lead into loopback, private and
	// link-local (cloud metadata) addresses. Without it only the classes the
	// site itself lives in are visited; the others are listed as skipped.
	AllowPrivate bool
	// BareHost says Start was given without a scheme and got https://: if
	// https does not answer, http:// is tried before giving up.
	BareHost bool

	// Incremental makes the run an incremental night (see incremental.go):
	// list pages and new pages in full, a rotating slice of the other
	// known pages conditionally, the rest carried over. Cycle is the
	// rotation's goal (default 7 days); Budget bounds the page requests of
	// a night (0: what fits 30 minutes at Rate; unthrottled, no bound).
	Incremental bool
	Cycle       time.Duration
	Budget      int

	// Browser is the executable (Chromium) that runs the scripts of a
	// column page whose list a script draws from data the page does not
	// hold; "" leaves such lists unread (reported so).
	Browser string

	// SpillDir is where page and file checks' findings wait, masked, for
	// the end of the crawl, in a file unlinked at once (default
	// os.TempDir()); see findings.go.
	SpillDir string

	// AsOf is the check date: update windows are counted back from it
	// (inspectors count from a fixed day). Zero: today, by Now.
	AsOf time.Time
	// ColumnClasses classify columns (default: rules/columns.yaml);
	// Columns is what the site's configuration says of its columns.
	ColumnClasses []rules.ColumnClass
	Columns       []column.Override

	// Accepted are acceptances from the site's configuration, beside those
	// recorded in the history (govaudit accept).
	Accepted []outcome.Acceptance
	// Confirm is in how many consecutive baselines (this run included) a
	// transient failure must be seen before it counts (default 2; 1 counts
	// it at once).
	Confirm int

	Now      func() time.Time
	Progress func(Progress) // called about 5 times a second while running
}

// History is what an audit needs of the stored runs: the store implements
// it (internal/store), so the driver never sees bbolt.
type History interface {
	// BeginRun records a running run of site and returns it.
	BeginRun(site string, started time.Time) (outcome.Run, error)
	// BaselineFindings are the findings of the site's newest baseline
	// before the run `before`; ok is false if there is none.
	BaselineFindings(site string, before outcome.RunID) (outcome.Run, []outcome.Finding, bool, error)
	// Acceptances are the site's recorded acceptances by fingerprint.
	Acceptances(site string) (map[string]outcome.Acceptance, error)
	// Page is what was stored of a page in earlier runs.
	Page(site, url string) (store.PageRecord, bool, error)
	// ProbeCache, PutProbeCache and DeleteProbeCache keep external
	// targets seen working.
	ProbeCache(site string, notBefore time.Time) (map[string]time.Time, error)
	PutProbeCache(site string, ok map[string]time.Time) error
	DeleteProbeCache(site string, urls []string) error
	// Save stores the finished run's outcome whole.
	Save(o *outcome.Outcome, pages []store.PageRecord) error
}

// Progress is a live view of a run.
type Progress struct {
	Pages, Queued, Probed int64
	Failed                int64 // targets found broken so far (findings come at the end)
	Paused                int   // hosts paused now because they answered 429 or 503
	Elapsed               time.Duration
}

// ErrInterrupted is returned (with a partial outcome) when ctx was cancelled.
var ErrInterrupted = errors.New("audit interrupted")

// ErrHomepage is returned (with an outcome) when the start page does not open.
var ErrHomepage = errors.New("the homepage does not open")

// ErrNotCrawled is returned (with an outcome) when the homepage opens but the
// crawler could not fetch it: robots.txt forbids it or cannot be read.
var ErrNotCrawled = errors.New("no page could be crawled")

// ErrNotSaved wraps a failure to store a finished run: the outcome is
// returned all the same, so the report can still be printed.
var ErrNotSaved = errors.New("the run could not be saved")

// ErrBadStart is returned, before anything is stored, for a start URL that
// is not an http(s) URL.
var ErrBadStart = errors.New("not an http(s) URL")

// Run audits cfg.Start, stores the outcome in hist and returns it. A run that
// cannot start (a bad URL, a bad check list) leaves nothing in hist.
func Run(ctx context.Context, cfg Config, hist History) (*outcome.Outcome, error) {
	if err := checks.Validate(cfg.Checks); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AsOf.IsZero() {
		cfg.AsOf = Day(cfg.Now())
	}
	if cfg.ColumnClasses == nil {
		cfg.ColumnClasses = rules.DefaultColumnClasses()
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = transport.UserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 2
	}
	if cfg.Confirm <= 0 {
		cfg.Confirm = 2
	}
	// The start URL as a browser requests it: an IDN host (政府.中国) in
	// punycode, like every link to it, or the crawl would take its own
	// pages for another site's.
	if n := link.Normalize(cfg.Start); n != "" {
		cfg.Start = n
	}
	startURL, err := url.Parse(strings.TrimSpace(cfg.Start))
	if err != nil || (startURL.Scheme != "http" && startURL.Scheme != "https") || startURL.Host == "" {
		return nil, fmt.Errorf("start URL %q: %w", pii.Redact(cfg.Start), ErrBadStart)
	}
	if cfg.Site == "" {
		cfg.Site = link.Canonical(startURL)
	}
	cfg.Site = pii.Redact(cfg.Site)

	began := cfg.Now()
	a := &auditor{cfg: cfg, pages: pagestore.New(cfg.SpillDir), records: newPageRecords(),
		ran: map[string]bool{}, kept: newKeeper(maxPerSite), pageSpill: newSpill(cfg.SpillDir), fileSpill: newSpill(cfg.SpillDir)}
	defer a.pages.Close()
	defer a.pageSpill.close()
	defer a.fileSpill.close()
	base := transport.New(transport.Options{Timeout: cfg.Timeout, Hosts: cfg.Hosts, HostsOnly: cfg.HostsOnly,
		Allow: transport.Guard(siteAddrs(ctx, startURL, cfg), cfg.AllowPrivate)})
	a.throttle = transport.NewThrottle(transport.WithCounter(base, &a.requests), cfg.Rate, cfg.Parallel)
	rt := transport.WithUserAgent(a.throttle, cfg.UserAgent)
	defer base.CloseIdleConnections()

	var onFile func(string, string, []byte)
	for _, c := range cfg.Checks {
		if c.File != nil {
			onFile = a.file
		}
	}
	a.prober = probe.New(probe.Options{Transport: rt, Timeout: cfg.Timeout, Retries: cfg.Retries, Backoff: cfg.Backoff, FileCap: cfg.FileCap, OnFile: onFile,
		Workers: max(8, 4*cfg.Parallel)})
	var stored []store.PageRecord
	if cfg.Incremental {
		if cfg.Cycle <= 0 {
			cfg.Cycle = 7 * 24 * time.Hour
		}
		if pl, ok := hist.(interface {
			Pages(site string) ([]store.PageRecord, error)
		}); ok {
			if stored, err = pl.Pages(cfg.Site); err != nil {
				return nil, err
			}
		}
		// A night with no full run within the cycle is a full run: it
		// reads every page (so the store learns them all) and runs the
		// whole-site checks (annual report, interpretations), whose
		// findings incremental nights carry until then.
		if last, err := lastFull(hist, cfg.Site); err != nil {
			return nil, err
		} else if len(stored) == 0 || last.IsZero() || began.Sub(last) >= cfg.Cycle {
			cfg.Incremental = false
			stored = nil
		}
	}
	if cfg.Incremental {
		budget := cfg.Budget
		if budget <= 0 {
			budget = defaultBudget(cfg.Rate)
		}
		a.night = planNight(stored, budget)
		a.night.spent = a.requests.Load
		origin := startURL.Scheme + "://" + startURL.Host
		entries := sitemap(ctx, &http.Client{Transport: rt, Timeout: cfg.Timeout}, origin)
		// The crawl's own idea of the site's hosts decides what of the
		// sitemap is the site's.
		scope, err := crawl.New(crawl.Options{Start: cfg.Start, ExtraHosts: cfg.ExtraHosts, Transport: rt}, crawl.Handler{})
		if err != nil {
			return nil, err
		}
		a.night.fromSitemap = a.night.useSitemap(entries, func(u string) bool {
			p, err := link.Request(u)
			return err == nil && scope.InScope(p)
		})
		// Targets seen working within the cycle wait for their turn.
		cfg.ProbeCacheTTL = max(cfg.ProbeCacheTTL, cfg.Cycle)
	}
	a.cfg = cfg
	if cfg.ProbeCacheTTL > 0 {
		cached, err := hist.ProbeCache(cfg.Site, began.Add(-cfg.ProbeCacheTTL))
		if err != nil {
			return nil, err
		}
		for u := range cached {
			a.prober.Known(checks.LinkStatus{URL: u, Class: checks.OK, Detail: "cached"})
		}
	}
	run, err := hist.BeginRun(cfg.Site, began)
	if err != nil {
		return nil, err
	}
	run.AsOf = cfg.AsOf
	run.Scope = outcome.Scope{MaxPages: cfg.MaxPages, MaxDepth: cfg.MaxDepth, Incremental: cfg.Incremental}
	a.prober.Start(ctx)

	// Where does the homepage really live? example.gov.cn often redirects to
	// www.example.gov.cn or to https: crawl from where it lands.
	crawlStart := cfg.Start
	// The start URL is requested as given (browser-normalised), never in
	// its canonical form: a.homeURL, a.crawlHome and every page URL are
	// exact; the prober and the lookups below compare canonical keys.
	startExact := link.String(startURL)
	home := a.prober.Check(ctx, startExact)
	if cfg.BareHost && startURL.Scheme == "https" && home.Class != checks.OK && ctx.Err() == nil {
		// "jyj.example.gov.cn" was given without a scheme and https does
		// not answer: many government sites still serve http only.
		plain := *startURL
		plain.Scheme = "http"
		if h := a.prober.Check(ctx, link.String(&plain)); h.Class == checks.OK {
			startExact, home, cfg.Start = link.String(&plain), h, link.String(&plain)
			crawlStart = cfg.Start
		}
	}
	if home.Class == checks.OK && home.Final != "" {
		crawlStart = home.Final
	}

	var browser *render.Browser
	if cfg.Browser != "" {
		// Started on the first list a script draws; most sites have none.
		browser = render.New(render.Options{Path: cfg.Browser, Timeout: 2 * cfg.Timeout, MaxBody: cfg.MaxBody})
		defer browser.Close()
	}
	newCrawler := func(start string) (*crawl.Crawler, error) {
		opt := crawl.Options{
			Start: start, ExtraHosts: cfg.ExtraHosts, MaxPages: cfg.MaxPages, MaxDepth: cfg.MaxDepth,
			MaxBody: cfg.MaxBody, Workers: max(4, 2*cfg.Parallel), Timeout: cfg.Timeout,
			IgnoreRobots: cfg.IgnoreRobots, UserAgent: cfg.UserAgent, Transport: rt, Now: cfg.Now,
			Plan: a.plan(), Seeds: a.seeds(),
		}
		if browser != nil {
			opt.Render = browser.Render
		}
		return crawl.New(opt, crawl.Handler{Visit: a.visit, Target: a.prober.Submit, Skip: a.skip, Carry: a.carry})
	}
	crawler, err := newCrawler(crawlStart)
	if err != nil {
		// The homepage redirects somewhere no crawl can start (ftp:, say):
		// the site cannot be audited, and the run is stored as such.
		crawlStart = cfg.Start
		if crawler, err = newCrawler(cfg.Start); err != nil {
			return nil, err // cfg.Start was checked above: not reached
		}
		home = checks.LinkStatus{URL: startExact, Class: checks.Broken, Detail: "首页跳转到无法抓取的地址"}
		a.prober.Known(home)
	}
	a.crawler = crawler

	stopProgress := a.reportProgress(began)
	var crawlErr error
	if home.Class == checks.OK {
		_, crawlErr = crawler.Run(ctx)
	}
	a.prober.Wait()
	if browser != nil {
		browser.Close()
	}
	filetext.ClosePDF() // the PDF engine's memory, until a run needs it again
	stopProgress()

	interrupted := ctx.Err() != nil || crawlErr != nil
	a.homeURL = startExact
	if u, err := link.Parse(crawlStart); err == nil {
		a.crawlHome = link.String(u)
	}
	a.homeChanged = a.homeHistory(hist)
	stats := crawler.Progress()
	run.Scope.Limited = int(stats.Limited)
	var homeErr error
	if home, ok := a.prober.Result(startExact); !interrupted && ok && home.Class == checks.OK && a.pages.Len() == 0 {
		// The homepage opens, yet no page was crawled: robots.txt forbids
		// it, or robots.txt itself could not be fetched.
		homeErr = fmt.Errorf("%w: %s (%s)", ErrNotCrawled, pii.Redact(crawlStart), a.startWhy())
		interrupted = true
	} else if !interrupted && (!ok || home.Class != checks.OK) {
		// Without its homepage the site cannot be audited, and an empty
		// run must not become the baseline that "fixes" everything.
		detail := home.Detail
		if !ok {
			detail = "未能抓取"
		}
		homeErr = fmt.Errorf("%w: %s (%s)", ErrHomepage, pii.Redact(cfg.Start), detail)
		interrupted = true
	}
	run.Status = outcome.StatusComplete
	if interrupted {
		run.Status = outcome.StatusInterrupted
		run.Note = "用户中断"
		switch {
		case errors.Is(homeErr, ErrHomepage):
			run.Note = "首页无法打开"
		case homeErr != nil:
			run.Note = "未能抓取任何页面"
		}
	}
	o, err := a.finish(ctx, run)
	if err != nil {
		return nil, err
	}
	o.Run.Finished = cfg.Now()
	o.Run.Pages = a.pages.Len()
	o.Run.Links = int(a.links.Load())
	if err := a.compare(hist, o); err != nil {
		return nil, err
	}
	a.availability(hist, o)
	if a.night != nil {
		tonight := map[string]bool{}
		a.mu.Lock()
		for id := range int32(a.records.Len()) {
			tonight[link.Key(a.records.url(id))] = true
		}
		a.mu.Unlock()
		a.night.cycle(stored, tonight, run.Started, int(cfg.Cycle/(24*time.Hour)), o)
		o.Cycle.NotModified = a.notModified
		o.Cycle.Carried = int(stats.Carried)
		o.Cycle.Requests = int(a.requests.Load())
	}
	for _, p := range a.throttle.Pauses() {
		o.Paused = append(o.Paused, outcome.Pause{Host: p.Host, Pauses: p.Pauses, WaitedSeconds: int(p.Waited.Round(time.Second) / time.Second)})
	}
	o.Run.Counts = o.Count()
	o.Run.Findings = len(o.Findings)
	// The one exit for personal data: whatever a page, URL, link text or
	// attachment held, nothing leaves the driver unmasked.
	pii.RedactValue(o)
	records := a.pageRecords()
	pii.RedactValue(records)
	if err := hist.Save(o, records); err != nil {
		return o, fmt.Errorf("%w: %v", ErrNotSaved, err)
	}
	if !interrupted {
		if err := a.updateProbeCache(hist); err != nil {
			return o, fmt.Errorf("%w: probe cache: %v", ErrNotSaved, err)
		}
	}
	if homeErr != nil {
		return o, homeErr
	}
	if interrupted {
		return o, ErrInterrupted
	}
	return o, nil
}

// runSite builds the site's columns (site.Columns) and runs the checks'
// Site functions, side by side, as many at once as the process has cores:
// each reads every page summary and most links on its own, and one after
// another they were a single-core tail of a run (2.2 s after a
// 20,000-page crawl). The checks that do not read the columns run while
// they are built; the others, after. Each check reports from its own
// goroutine; what is kept does not depend on the order checks report in
// (the keeper keeps, per check, the least copy of each finding). A panic
// in a check or the build is raised again here, on the caller's goroutine,
// once the others have finished, as if they had run there one by one (the
// command turns it into an error message, not a crash).
func runSite(due []*checks.Check, site *checks.Site, build func() []*checks.Column, report func(checks.Finding)) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var once sync.Once
	var panicked any
	start := func(f func()) {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					once.Do(func() { panicked = v })
				}
				<-sem
			}()
			f()
		})
	}
	var cols []*checks.Column
	built := make(chan struct{})
	start(func() {
		defer close(built)
		cols = build()
	})
	for _, c := range due {
		if !c.Columns {
			start(func() { c.Site(&checks.SitePass{Site: site, Report: report}) })
		}
	}
	<-built
	// The checks running now never read Columns (Check.Columns).
	site.Columns = cols
	for _, c := range due {
		if c.Columns {
			start(func() { c.Site(&checks.SitePass{Site: site, Report: report}) })
		}
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// skipCause is why a URL was neither crawled nor probed.
type skipCause uint8

const (
	skipTrap skipCause = iota
	skipRobots
)

type auditor struct {
	cfg         Config
	homeURL     string    // the start URL, exact
	crawlHome   string    // where the homepage landed, exact
	homeChanged time.Time // last change of the homepage's content, from the store
	throttle    *transport.Throttle
	crawler     *crawl.Crawler
	prober      *probe.Prober

	mu        sync.Mutex
	pages     *pagestore.Store // the summaries the whole-site checks read (under mu)
	records   *pageRecords     // this run's page fingerprints (under mu)
	kept      *keeper          // the findings the report lists, and counts of the rest (under mu)
	skippedBy []skipCause
	// findings of Page and File hooks, settled in finish (see findings.go)
	pageSpill, fileSpill *spill
	firstWhy             string // the first skip or fetch error: why a crawl found nothing
	partlyRead           []outcome.Target
	night                *night          // an incremental run's plan; nil for a full run
	notModified          int             // pages answering 304
	ran                  map[string]bool // Site checks run (by ID)
	requests             atomic.Int64    // HTTP requests sent, all kinds
	capped               map[string]bool // check|page key: more findings than maxPerPage
	links                atomic.Int64
}

// reportPage keeps a page check's findings on one page apart: text
// repeated on many pages (header, footer, navigation) is reported once, at
// the end. They are masked before they are spilled.
func (a *auditor) reportPage(batch []checks.Finding) {
	pii.RedactValue(&batch)
	a.pageSpill.add(batch)
}

// reportFile keeps a file check's findings on one attachment until the
// pages linking the file are known.
func (a *auditor) reportFile(batch []checks.Finding) {
	pii.RedactValue(&batch)
	a.fileSpill.add(batch)
}

// maxFileText bounds the text read from one attachment.
const maxFileText = 4 << 20

// file runs the File hooks on an attachment's text. An attachment whose text
// could not be read — a PDF abandoned after filetext.PDFTimeout, too large,
// encrypted or damaged — gets a note: an info finding that its content (or
// what was not read of it) was not checked.
func (a *auditor) file(u, ext string, data []byte) {
	text, err := filetext.Read(ext, data, maxFileText)
	if err != nil && !errors.Is(err, filetext.ErrNotRead) {
		a.unread(u, err, text != "")
	}
	if text == "" {
		return
	}
	for _, c := range a.cfg.Checks {
		if c.File != nil {
			var pc pageCap
			c.File(&checks.FilePass{URL: u, Ext: ext, Text: text, Report: func(f checks.Finding) {
				f.Target = u
				pc.add(f)
			}})
			if pc.flush(a.reportFile) {
				a.markCapped(c.ID, u)
			}
		}
	}
}

// unread notes an attachment whose text could not be read, under
// personal-info (what an unread 公示名单 hides) or else the first check
// that reads files.
func (a *auditor) unread(u string, err error, partly bool) {
	id := ""
	for _, c := range a.cfg.Checks {
		if c.File != nil && (id == "" || c.ID == "personal-info") {
			id = c.ID
		}
	}
	if id == "" {
		return
	}
	msg := "附件内容未能读取，其中的个人信息、密级标志等未检查"
	if partly {
		msg = "附件内容未能读完，未读部分中的个人信息、密级标志等未检查"
	}
	a.reportFile([]checks.Finding{{Check: id, Severity: checks.Info, Rule: "file-unread", Subject: "file-unread", Target: u,
		Message: msg, Evidence: err.Error()}})
}

func (a *auditor) report(f checks.Finding) {
	// Redact before the fingerprint, so not even a hash of a number is kept.
	pii.RedactValue(&f)
	if f.Fingerprint == "" {
		f.Fingerprint = checks.Fingerprint(f)
	}
	a.mu.Lock()
	a.kept.add(f)
	a.mu.Unlock()
}

// visit is the crawl's callback for every fetched page URL.
func (a *auditor) visit(v *crawl.Visit) {
	switch {
	case v.NotModified:
		// Unchanged since last read (an incremental night's slice): it
		// opens, its findings are carried, its record is verified now.
		a.prober.Known(checks.LinkStatus{URL: v.URL, Class: checks.OK, Status: v.Status, Detail: "未修改（304）"})
		a.mu.Lock()
		if r, ok := a.night.known[link.Key(v.URL)]; ok {
			r.LastSeen = time.Time{}
			a.records.put(v.URL, r)
		}
		a.notModified++
		a.mu.Unlock()
	case v.Page != nil:
		p := v.Page
		if v.Truncated || p.Flattened {
			a.partly(v, p.Flattened)
		}
		if v.RenderErr != nil {
			a.partlyReadAs(outcome.Target{URL: v.URL, Status: v.Status,
				Detail: "栏目列表由脚本加载，用浏览器运行页面脚本后仍未读到：" + v.RenderErr.Error()})
		}
		for _, c := range a.cfg.Checks {
			if c.Page != nil {
				var pc pageCap
				c.Page(&checks.PagePass{Page: p, Report: pc.add})
				if pc.flush(a.reportPage) {
					a.markCapped(c.ID, p.URL)
				}
			}
		}
		s := probe.FromStatus(v.URL, v.Status, p.Title, p.Text)
		s.Final = v.Final
		a.prober.Known(s)
		hash := sha256.Sum256(p.Body)
		a.links.Add(int64(len(p.Links)))
		a.mu.Lock()
		// The summary goes to a file until the whole-site checks read it
		// (internal/pagestore); its links are numbered in one table, as
		// navigation repeats them on every page.
		sum := *p.PageSummary
		if !sum.Home && !sum.IsList() {
			// An article's "related" links or dates in its text are no
			// column's items: nothing reads them, so they are not kept.
			sum.Items = nil
		}
		a.pages.Add(&sum)
		a.records.put(p.URL, store.PageRecord{URL: p.URL, Hash: hex.EncodeToString(hash[:12]), ETag: v.ETag, LastModified: v.LastModified,
			List: sum.Home || sum.IsList()})
		a.mu.Unlock()
	case v.Err != nil || v.Status >= 500 || v.Status == 403 || v.Status == 429:
		// Transient or refusing: the prober retries and judges.
		if v.Err != nil {
			a.mu.Lock()
			if a.firstWhy == "" {
				a.firstWhy = v.Err.Error()
			}
			a.mu.Unlock()
		}
		a.prober.Submit(v.URL)
	case v.Status >= 200 && v.Status < 300:
		// A page-like URL that answered with a file (download.jsp?id=3):
		// the prober reads its first and last bytes as an attachment's.
		a.prober.Submit(v.URL)
	default:
		s := probe.FromStatus(v.URL, v.Status, "", "")
		s.Final = v.Final
		a.prober.Known(s)
	}
}

// Caps on what one check lists: on one page or attachment, and on the
// site. A hostile or badly broken site (a typo in a template repeated 200
// times a page, a 公示名单 of 10,000 ID numbers) gives a bounded report
// that says how much more there is: the last finding listed on a page says
// "另有 N 处同类问题未列出", and the outcome counts per check what the
// site cap left out. The veto lines are measured before either cap.
const (
	maxPerPage = 20
	maxPerSite = 2000
)

// pageCap collects one check's findings on one page or attachment.
type pageCap struct {
	kept []checks.Finding
	more int
}

func (c *pageCap) add(f checks.Finding) {
	if len(c.kept) < maxPerPage {
		c.kept = append(c.kept, f)
		return
	}
	c.more++
}

// flush reports what was kept, together, and says whether some were left
// out.
func (c *pageCap) flush(report func([]checks.Finding)) bool {
	if c.more > 0 {
		last := &c.kept[len(c.kept)-1]
		last.More = c.more
		last.Message += fmt.Sprintf("（本页另有 %d 处同类问题未列出）", c.more)
	}
	report(c.kept)
	return c.more > 0
}

func (a *auditor) markCapped(check, url string) {
	a.mu.Lock()
	if a.capped == nil {
		a.capped = map[string]bool{}
	}
	a.capped[check+"|"+link.Key(pii.Redact(url))] = true
	a.mu.Unlock()
}

// partly records a page read only in part: cut at the size cap (what lies
// beyond was not checked), or nested too deep for the HTML parser and read
// flattened (all its text and links, not its layout).
func (a *auditor) partly(v *crawl.Visit, flattened bool) {
	t := outcome.Target{URL: v.URL, Status: v.Status}
	switch {
	case v.Truncated && flattened:
		t.Detail = fmt.Sprintf("页面超过 %s，只读取了前 %s；且标签嵌套超过 512 层，已去掉内层版式后读取", mib(a.maxBody()), mib(a.maxBody()))
	case v.Truncated:
		t.Detail = fmt.Sprintf("页面超过 %s，只读取了前 %s，其后内容未检查", mib(a.maxBody()), mib(a.maxBody()))
	default:
		t.Detail = "标签嵌套超过 512 层（浏览器能显示，解析器会放弃），已去掉内层版式后读取全部文字和链接"
	}
	a.partlyReadAs(t)
}

// partlyReadAs lists a page read only in part, and why.
func (a *auditor) partlyReadAs(t outcome.Target) {
	a.mu.Lock()
	a.partlyRead = append(a.partlyRead, t)
	a.mu.Unlock()
}

func (a *auditor) maxBody() int64 {
	if a.cfg.MaxBody > 0 {
		return a.cfg.MaxBody
	}
	return 10 << 20
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

func (a *auditor) skip(u, reason string) {
	a.prober.Known(checks.LinkStatus{URL: u, Class: checks.Skipped, Detail: reason})
	a.mu.Lock()
	why := skipTrap
	if strings.Contains(reason, "robots") {
		why = skipRobots
	}
	a.skippedBy = append(a.skippedBy, why)
	if a.firstWhy == "" {
		a.firstWhy = reason
	}
	a.mu.Unlock()
}

// startWhy says why the start page was not crawled, with what to do.
func (a *auditor) startWhy() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	why := a.firstWhy
	if why == "" {
		why = "robots.txt could not be read"
	}
	return why + "; for your own site, --ignore-robots crawls it anyway"
}

func (a *auditor) reportProgress(began time.Time) (stop func()) {
	if a.cfg.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				a.cfg.Progress(a.progress(began))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		a.cfg.Progress(a.progress(began))
	}
}

func (a *auditor) progress(began time.Time) Progress {
	p := a.crawler.Progress()
	paused := 0
	now := time.Now()
	for _, h := range a.throttle.Pauses() {
		if h.Until.After(now) {
			paused++
		}
	}
	return Progress{Pages: p.Pages, Queued: p.Queued, Probed: a.prober.Done(), Failed: a.prober.Failed(),
		Paused: paused, Elapsed: time.Since(began)}
}

// finish runs the site checks on the crawl's summaries and the link
// verdicts and gathers the outcome: findings (not yet compared with the
// baseline), columns, standing, blocked and skipped targets.
func (a *auditor) finish(ctx context.Context, run outcome.Run) (*outcome.Outcome, error) {
	// The prober's verdicts, with what the redirect rules change. A page
	// may write a URL another way (parameters in another order) than the
	// one probed: the prober finds its verdict by canonical key, and the
	// verdict carries the URL the overrides are keyed by.
	overrides := redirectSoft404s(a.prober.Each, a.prober.Result)
	override := func(s checks.LinkStatus) checks.LinkStatus {
		if o, ok := overrides[s.URL]; ok {
			return o
		}
		return s
	}
	verdict := func(u string) (checks.LinkStatus, bool) {
		s, ok := a.prober.Result(u)
		return override(s), ok
	}
	verdicts := func(yield func(checks.LinkStatus) bool) {
		for s := range a.prober.Each {
			if !yield(override(s)) {
				return
			}
		}
	}
	site := &checks.Site{Start: a.homeURL, AsOf: a.cfg.AsOf, HomeChanged: a.homeChanged, Pages: a.pages.Pages()}
	site.Home = site.Pages.Get(a.crawlHome)
	site.HomeStatus, _ = verdict(a.homeURL)
	site.Link = verdict
	build := func() []*checks.Column { return column.Build(site.Pages, a.cfg.ColumnClasses, a.cfg.Columns) }
	whole := !run.Partial()
	var due []*checks.Check
	if ctx.Err() == nil {
		for _, c := range a.cfg.Checks {
			if c.Site != nil && (!c.WholeSite || whole && (a.night == nil || c.FromLists)) {
				due = append(due, c)
				a.ran[c.ID] = true
			}
		}
	}
	runSite(due, site, build, a.report)
	if err := aggregateRepeats(a.pageSpill.each, a.homeURL, a.report); err != nil {
		return nil, fmt.Errorf("读回页面检查结果的临时文件失败：%w", err)
	}
	linking := linkingPages{pages: site.Pages}
	if err := a.fileSpill.each(func(f checks.Finding) {
		if f.Page = linking.of(f.Target); f.Page == "" {
			f.Page = f.Target
		}
		a.report(f)
	}); err != nil {
		return nil, fmt.Errorf("读回附件检查结果的临时文件失败：%w", err)
	}
	o := &outcome.Outcome{Run: run}
	kept, capped := a.kept.result()
	for _, f := range kept {
		o.Findings = append(o.Findings, outcome.Finding{Finding: f})
	}
	o.Capped = capped
	o.Standing = standing(site, a.kept.veto, whole)
	o.Columns = columns(site.Columns, a.cfg.AsOf)
	for _, s := range a.skippedBy {
		switch s {
		case skipRobots:
			o.Skipped.Robots++
		default:
			o.Skipped.Traps++
		}
	}
	o.Skipped.Limit = run.Scope.Limited
	for s := range verdicts {
		// Blocked targets that some crawled page links to, however it
		// writes them.
		if s.Class == checks.Blocked && linking.of(s.URL) != "" {
			o.Blocked = append(o.Blocked, outcome.Target{URL: s.URL, Status: s.Status, Detail: s.Detail})
		}
	}
	sort.Slice(o.Blocked, func(i, j int) bool { return o.Blocked[i].URL < o.Blocked[j].URL })
	for s := range verdicts {
		if s.Class == checks.Skipped && s.Rule == probe.RulePrivate {
			o.Private = append(o.Private, outcome.Target{URL: s.URL, Detail: s.Detail})
		}
	}
	sort.Slice(o.Private, func(i, j int) bool { return o.Private[i].URL < o.Private[j].URL })
	o.Skipped.Private = len(o.Private)
	o.PartlyRead = append([]outcome.Target(nil), a.partlyRead...)
	sort.Slice(o.PartlyRead, func(i, j int) bool { return o.PartlyRead[i].URL < o.PartlyRead[j].URL })
	o.Skipped.PartlyRead = len(o.PartlyRead)
	if err := site.Pages.Err(); err != nil {
		// The checks saw part of the site: their verdicts are not saved.
		return nil, err
	}
	return o, nil
}

// columns are the site's columns as the outcome keeps them.
func columns(cs []*checks.Column, asOf time.Time) []outcome.Column {
	out := make([]outcome.Column, 0, len(cs))
	for _, c := range cs {
		oc := outcome.Column{Name: c.Name, URL: c.URL, Source: c.Source, Class: c.Class, Label: c.Label,
			Exempt: c.Exempt, Empty: c.Empty, Items: len(c.Items)}
		if !c.Window.IsZero() {
			oc.Window = c.Window.String()
			oc.WindowDays = int(Day(asOf).Sub(Day(c.Window.Since(asOf))).Hours()/24 + 0.5)
		}
		if len(c.Items) > 0 && !c.Items[0].Date.IsZero() {
			oc.Newest = c.Items[0].Date.Format("2006-01-02")
		}
		out = append(out, oc)
	}
	return out
}

func (a *auditor) pageRecords() []store.PageRecord {
	return a.records.sorted()
}

// compare sets each finding's status against the site's newest baseline
// and its acceptances, and lists the baseline's findings that were fixed or
// not re-examined. A partial run fixes nothing: what it did not see again
// stays open (unverified). A complete run fixes a finding only when the
// page it is about was crawled again.
func (a *auditor) compare(hist History, o *outcome.Outcome) error {
	accepted, err := hist.Acceptances(a.cfg.Site)
	if err != nil {
		return err
	}
	for _, acc := range a.cfg.Accepted {
		if _, ok := accepted[acc.Fingerprint]; !ok {
			acc.Source = "config"
			accepted[acc.Fingerprint] = acc
		}
	}
	prevRun, prev, ok, err := hist.BaselineFindings(a.cfg.Site, o.Run.ID)
	if err != nil {
		return err
	}
	before := map[string]outcome.Finding{}
	if ok {
		o.Baseline = &prevRun
		for _, f := range prev {
			before[f.Fingerprint] = f
		}
	}
	for i := range o.Findings {
		f := &o.Findings[i]
		f.Seen = 1
		f.Status = outcome.New
		f.Verified = o.Run.Started
		if old, was := before[f.Fingerprint]; was {
			f.Status = outcome.Open
			f.Seen = max(old.Seen, 1) + 1
			delete(before, f.Fingerprint)
		}
		if f.Transient && f.Seen < a.cfg.Confirm {
			f.Status = outcome.Pending
		}
		if acc, ok := accepted[f.Fingerprint]; ok && acc.Active(a.cfg.AsOf) {
			f.Status = outcome.Accepted
			f.Accepted = &acc
		}
	}
	// Pages are compared by canonical key: a baseline stored before pages
	// were kept as written holds canonical URLs.
	examined := make(map[string]bool, a.pages.Len())
	for u := range a.pages.URLs {
		examined[link.Key(pii.Redact(u))] = true
	}
	gone := make([]outcome.Finding, 0, len(before))
	for _, f := range before {
		gone = append(gone, f)
	}
	sort.Slice(gone, func(i, j int) bool { return checks.Less(gone[i].Finding, gone[j].Finding) })
	carried := false
	for _, f := range gone {
		if a.night != nil && (!a.checkRan(f.Check) || !examined[link.Key(f.Page)]) {
			// An incremental night did not look again: the finding
			// stands, as last verified.
			f.Status = outcome.Open
			if f.Transient && f.Seen < a.cfg.Confirm {
				f.Status = outcome.Pending
			}
			if acc, ok := accepted[f.Fingerprint]; ok && acc.Active(a.cfg.AsOf) {
				f.Status, f.Accepted = outcome.Accepted, &acc
			} else {
				f.Accepted = nil
			}
			if f.Verified.IsZero() {
				f.Verified = prevRun.Started
			}
			o.Findings = append(o.Findings, f)
			carried = true
			continue
		}
		// A finding not listed because its check said too much on its
		// page or on the site may still be there: not fixed.
		capped := o.Capped[f.Check] > 0 || a.capped[f.Check+"|"+link.Key(f.Page)] ||
			(f.Target != "" && a.capped[f.Check+"|"+link.Key(f.Target)])
		if !o.Run.Partial() && !capped && examined[link.Key(f.Page)] {
			o.Fixed = append(o.Fixed, f.Finding)
		} else {
			o.Unverified = append(o.Unverified, f.Finding)
		}
	}
	if carried {
		sort.SliceStable(o.Findings, func(i, j int) bool { return checks.Less(o.Findings[i].Finding, o.Findings[j].Finding) })
	}
	return nil
}

// checkRan says whether a check ran on this run's pages: Page and File
// checks always do; a Site check unless an incremental night left it for a
// full run.
func (a *auditor) checkRan(id string) bool {
	for _, c := range a.cfg.Checks {
		if c.ID == id {
			return c.Site == nil || a.ran[id]
		}
	}
	return false
}

// seeds are the pages an incremental night re-verifies.
func (a *auditor) seeds() []string {
	if a.night == nil {
		return nil
	}
	return a.night.seeds
}

// plan is the crawl's Plan on an incremental night, nil otherwise.
func (a *auditor) plan() func(string) crawl.Plan {
	if a.night == nil {
		return nil
	}
	return a.night.plan
}

// carry notes a page an incremental night leaves for later. It opened when
// it was last read (only pages read whole are stored), so links to it are
// not broken.
func (a *auditor) carry(u string) {
	a.prober.Known(checks.LinkStatus{URL: u, Class: checks.OK, Detail: "上次核实时可打开（本次增量检查未重新读取）"})
}

// sampled is the part of a history that keeps the daemon's availability
// samples (the store does).
type sampled interface {
	Samples(site string, from, to time.Time) ([]outcome.Sample, error)
}

// availability adds the homepage's availability before the run, as the
// daemon sampled it, to the outcome and to its standing. A site audited only
// on demand has no samples and no such line.
func (a *auditor) availability(hist History, o *outcome.Outcome) {
	h, ok := hist.(sampled)
	if !ok {
		return
	}
	to := o.Run.Started
	from := to.AddDate(0, 0, -7)
	smp, err := h.Samples(a.cfg.Site, from, to)
	if err != nil || len(smp) == 0 {
		return
	}
	week, day := outcome.Measure(smp, from, to), outcome.Measure(smp, to.Add(-24*time.Hour), to)
	o.Week, o.Day = &week, &day
	o.Standing = append(o.Standing, week.Line())
}

// updateProbeCache remembers external targets that work and forgets those
// that do not. A URL holding personal data is never stored.
func (a *auditor) updateProbeCache(hist History) error {
	if a.cfg.ProbeCacheTTL <= 0 {
		return nil
	}
	ok := map[string]time.Time{}
	var bad []string
	now := a.cfg.Now()
	for s := range a.prober.Each {
		u, err := url.Parse(s.URL)
		// Attachments are never cached: their bytes are judged every run.
		if err != nil || a.crawler.InScope(u) || s.Detail == "cached" || s.File != nil || link.IsAttachment(u) || pii.Redact(s.URL) != s.URL {
			continue
		}
		if s.Class == checks.OK {
			ok[s.URL] = now
		} else {
			bad = append(bad, s.URL)
		}
	}
	if err := hist.PutProbeCache(a.cfg.Site, ok); err != nil {
		return err
	}
	return hist.DeleteProbeCache(a.cfg.Site, bad)
}

// Day is t's calendar day in Asia/Shanghai, at midnight.
func Day(t time.Time) time.Time {
	t = t.In(shanghai)
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shanghai)
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// homeHistory returns when the homepage's content last changed, from the
// stored page fingerprints and this run's hash; zero if there is no
// history yet.
func (a *auditor) homeHistory(hist History) time.Time {
	a.mu.Lock()
	cur, crawled := a.records.get(a.crawlHome)
	a.mu.Unlock()
	if !crawled {
		return time.Time{}
	}
	prev, ok, err := hist.Page(a.cfg.Site, pii.Redact(a.crawlHome))
	if err != nil || !ok {
		return time.Time{}
	}
	if prev.Hash != cur.Hash {
		return a.cfg.AsOf // changed since the last run
	}
	return prev.Changed
}

// siteAddrs are the addresses the audited site lives at: its host map
// entry, the address written in its URL, or what DNS says (within the
// timeout). Nothing, if it cannot be resolved: the homepage then fails.
func siteAddrs(ctx context.Context, u *url.URL, cfg Config) []netip.Addr {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	if to, ok := cfg.Hosts[net.JoinHostPort(host, port)]; ok {
		if ap, err := netip.ParseAddrPort(to); err == nil {
			return []netip.Addr{ap.Addr()}
		}
		host, _, _ = net.SplitHostPort(to)
	} else if cfg.HostsOnly {
		return nil
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	addrs, _ := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	return addrs
}

// lastFull is when the site's newest complete full run (not incremental,
// not limited) started; zero if there is none or the history cannot tell.
func lastFull(hist History, site string) (time.Time, error) {
	rl, ok := hist.(interface {
		Runs(site string) ([]outcome.Run, error)
	})
	if !ok {
		return time.Time{}, nil
	}
	runs, err := rl.Runs(site)
	if err != nil {
		return time.Time{}, err
	}
	var last time.Time
	for _, r := range runs {
		if r.IsBaseline() && !r.Scope.Incremental && r.Started.After(last) {
			last = r.Started
		}
	}
	return last, nil
}
