package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"govaudit/internal/outcome"
)

// The browser test drives the dashboard in headless Chromium, served by
// httptest over a copy of the fixture store: the pages load with no console
// error and no Content-Security-Policy violation, the veto standing and the
// trend chart render, the filter form narrows the findings, the accept form
// and the run-now button work when clicked, and a page of another origin
// that posts to the dashboard changes nothing.
//
// It finds the browser in $CHROME_PATH or as chromium, chromium-browser or
// google-chrome on PATH; without one it skips, unless $CI is set (then a
// missing browser fails the test).
//
// To look at the site page, set GOVAUDIT_SCREENSHOT to a PNG path: the test
// writes a full-page screenshot at desktop width there and one at phone
// width with "-phone" before the extension:
//
//	GOVAUDIT_SCREENSHOT=/tmp/dashboard.png go test -run InChromium ./internal/web/

func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageProblems collects what pages report as wrong: console errors,
// uncaught exceptions, browser log errors (a resource that failed to load, a
// CSP violation) and, through a script DevTools adds to every document,
// securitypolicyviolation events.
type pageProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *pageProblems) listen(ev any) {
	var s string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var args []string
		for _, a := range ev.Args {
			if len(a.Value) > 0 {
				args = append(args, string(a.Value))
			} else {
				args = append(args, a.Description)
			}
		}
		s = "console.error: " + strings.Join(args, " ")
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		s = "exception: " + d.Text
		if d.Exception != nil {
			s += " " + d.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.EntryLevelError && ev.Entry.Source != cdplog.EntrySourceSecurity {
			return
		}
		s = fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	p.mu.Lock()
	p.list = append(p.list, s)
	p.mu.Unlock()
}

func (p *pageProblems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.list
	p.list = nil
	return l
}

// cspWatch reports every CSP violation of a document as a console error.
const cspWatch = `document.addEventListener("securitypolicyviolation", e =>
	console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "inline")));`

type dashboardPage struct {
	Lang       string         `json:"lang"`
	VetoRows   map[string]box `json:"vetoRows"`
	Summary    string         `json:"summary"`
	Trend      *box           `json:"trend"`
	Dots       int            `json:"dots"`
	Rows       int            `json:"rows"`
	Scripts    int            `json:"scripts"`
	BarColor   string         `json:"barColor"`
	InnerWidth int            `json:"innerWidth"`
	DocScroll  int            `json:"docScroll"`
	MinFont    float64        `json:"minFont"`
}

type box struct {
	W       float64 `json:"w"`
	H       float64 `json:"h"`
	Visible bool    `json:"visible"`
}

const readPageJS = `(() => {
	const rect = el => {
		const r = el.getBoundingClientRect();
		const s = getComputedStyle(el);
		return {w: r.width, h: r.height, visible: s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0};
	};
	const rows = {};
	for (const tr of document.querySelectorAll("tr[data-veto]")) rows[tr.dataset.veto] = rect(tr);
	const svg = document.querySelector("svg#trend");
	let minFont = 1e9;
	for (const el of document.querySelectorAll("td, th, .note, p, label, button, summary")) {
		if (rect(el).visible) minFont = Math.min(minFont, parseFloat(getComputedStyle(el).fontSize));
	}
	const bar = document.querySelector("header.bar");
	return {
		lang: document.documentElement.lang,
		vetoRows: rows,
		summary: (document.getElementById("veto-summary") || {}).innerText || "",
		trend: svg ? rect(svg) : null,
		dots: svg ? svg.querySelectorAll("circle").length : 0,
		rows: document.querySelectorAll("tr[data-fingerprint]").length,
		scripts: document.scripts.length,
		barColor: bar ? getComputedStyle(bar).backgroundColor : "",
		innerWidth: window.innerWidth,
		docScroll: document.documentElement.scrollWidth,
		minFont: minFont,
	};
})()`

func TestDashboardInChromium(t *testing.T) {
	bin := chromePath()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not installed")
		}
		t.Skip("no chromium, chromium-browser or google-chrome on PATH and no $CHROME_PATH")
	}
	e := newEnv(t, nil)
	o := e.latest(t)
	dash := httptest.NewServer(e.h)
	defer dash.Close()
	site := dash.URL + e.path

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	problems := &pageProblems{}
	if err := chromedp.Listen(bctx, problems.listen); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	if _, err := chromedp.Call(bctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	// settle lets late events arrive; clean fails the test on any problem.
	settle := func() {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	clean := func(what string) {
		t.Helper()
		settle()
		for _, p := range problems.take() {
			t.Errorf("%s: page reported: %s", what, p)
		}
	}
	read := func() dashboardPage {
		t.Helper()
		p, err := chromedp.Run(bctx, chromedp.Evaluate[dashboardPage](readPageJS))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	navigate := func(u string) {
		t.Helper()
		res, err := chromedp.Run(bctx, chromedp.NavigateResponse(u))
		if err != nil {
			t.Fatalf("navigate %s: %v", u, err)
		}
		if res.Status != http.StatusOK {
			t.Fatalf("navigate %s: status %d", u, res.Status)
		}
	}
	// click clicks and waits for the page it loads; it returns its status.
	click := func(sel string) int64 {
		t.Helper()
		res, err := chromedp.RunResponse(bctx, chromedp.Click(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
		return res.Status
	}
	count := func(expr string) int {
		t.Helper()
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	shoot := func(suffix string) {
		t.Helper()
		path := os.Getenv("GOVAUDIT_SCREENSHOT")
		if path == "" {
			return
		}
		ext := filepath.Ext(path)
		path = strings.TrimSuffix(path, ext) + suffix + ext
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	// The watchers catch what they are meant to catch: a page under the
	// dashboard's CSP with an inline script and an inline style.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", pageCSP)
		fmt.Fprint(w, `<!DOCTYPE html><p style="color:red">x</p><script>console.log(1)</script>`)
	}))
	defer bad.Close()
	navigate(bad.URL)
	settle()
	if got := problems.take(); len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), "script-src") {
		t.Fatalf("the CSP violations of a bad page went unnoticed: %q", got)
	}

	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	// The sites page.
	navigate(dash.URL + "/")
	p := read()
	if p.Lang != "zh-CN" || p.Scripts != 0 || p.BarColor != "rgb(31, 35, 40)" {
		t.Errorf("sites page: lang %q, %d scripts, bar colour %q (the style sheet must load)", p.Lang, p.Scripts, p.BarColor)
	}
	if n := count(`document.querySelectorAll("tr[data-site] [data-veto-level=fail]").length`); n != 1 {
		t.Errorf("sites page: %d failing veto badges, want 1", n)
	}
	clean("sites page")

	// The site page: veto lines, the chart, every finding.
	navigate(site)
	p = read()
	for _, l := range append(o.Standing, outcome.VetoLine{ID: outcome.VetoHomepageAvailable}) {
		if b, ok := p.VetoRows[l.ID]; !ok || !b.Visible {
			t.Errorf("veto row %s: %+v (present %v)", l.ID, b, ok)
		}
	}
	if !strings.Contains(p.Summary, "不合格") {
		t.Errorf("veto summary %q, want 不合格", p.Summary)
	}
	if p.Trend == nil || !p.Trend.Visible || p.Trend.W < 300 || p.Trend.H < 100 || p.Dots != 4 {
		t.Errorf("trend chart: %+v with %d dots", p.Trend, p.Dots)
	}
	if p.Rows != len(o.Findings) || p.Scripts != 0 {
		t.Errorf("%d rows (want %d), %d scripts", p.Rows, len(o.Findings), p.Scripts)
	}
	if p.DocScroll > p.InnerWidth+25 || p.MinFont < 12 {
		t.Errorf("desktop: scroll width %d in %d, smallest font %.1fpx", p.DocScroll, p.InnerWidth, p.MinFont)
	}
	shoot("")
	clean("site page")

	// Filters: by URL, then through the form.
	wantBy := func(keep func(outcome.Finding) bool) int {
		n := 0
		for _, f := range o.Findings {
			if keep(f) {
				n++
			}
		}
		return n
	}
	navigate(site + "?severity=warning")
	if got, want := read().Rows, wantBy(func(f outcome.Finding) bool { return f.Severity == "warning" }); got != want || want == 0 {
		t.Errorf("?severity=warning: %d rows, want %d", got, want)
	}
	navigate(site)
	if err := chromedp.Do(bctx, chromedp.SetValue(chromedp.CSS(`select[name=status]`), "new"),
		chromedp.SetValue(chromedp.CSS(`select[name=check]`), "dead-link")); err != nil {
		t.Fatal(err)
	}
	if st := click("#filter-apply"); st != http.StatusOK {
		t.Fatalf("filter: status %d", st)
	}
	want := wantBy(func(f outcome.Finding) bool { return f.Status == outcome.New && f.Check == "dead-link" })
	if got := read().Rows; got != want {
		t.Errorf("filtered by the form (new dead links): %d rows, want %d", got, want)
	}
	loc, _ := chromedp.Run(bctx, chromedp.Location())
	if !strings.Contains(loc, "status=new") || !strings.Contains(loc, "check=dead-link") {
		t.Errorf("the filter form went to %s", loc)
	}
	clean("filtered site page")

	// Accept a finding in the browser.
	f := firstNew(t, o)
	navigate(site)
	row := "#f-" + f.Fingerprint
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(row+" summary")),
		chromedp.SendKeys(chromedp.CSS("#reason-"+f.Fingerprint), "栏目调整，原文件已按规定撤销"),
	); err != nil {
		t.Fatal(err)
	}
	if st := click(row + " form.accept-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("accept: landed with status %d", st)
	}
	status, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(row+" .status")))
	if err != nil {
		t.Fatal(err)
	}
	if status != "已接受" {
		t.Errorf("after accepting in the browser the finding shows %q", status)
	}
	if n := count(`document.querySelectorAll("#flash").length`); n != 1 {
		t.Error("no confirmation after accepting")
	}
	if acc, _ := e.st.Acceptances(fixtureKey); acc[f.Fingerprint].Reason != "栏目调整，原文件已按规定撤销" || len(acc) != 1 {
		t.Errorf("the store's acceptances: %v", acc)
	}
	navigate(site + "?status=accepted")
	shoot("-accepted")
	clean("accept")

	// Run now.
	if st := click("#run-now"); st != http.StatusOK {
		t.Fatalf("run now: landed with status %d", st)
	}
	if calls := e.rec.Calls(); len(calls) != 1 || calls[0] != fixtureKey {
		t.Errorf("RunNow calls after the click: %v", calls)
	}
	if n := count(`document.querySelectorAll("#running").length + document.querySelectorAll("#run-now:disabled").length`); n != 2 {
		t.Error("the page does not show the run in progress")
	}
	clean("run now")

	// A page of another origin posts to the dashboard, with the right
	// CSRF token even: the form and a fetch are refused, nothing changes.
	token := e.csrf(t)
	var victim outcome.Finding
	for _, x := range o.Findings {
		if x.Status == outcome.New && x.Fingerprint != f.Fingerprint {
			victim = x
			break
		}
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/form":
			fmt.Fprintf(w, `<!DOCTYPE html><form id="f" method="post" action="%s/accept">
<input name="csrf" value="%s"><input name="fingerprint" value="%s"><input name="reason" value="forged">
</form><script>document.getElementById("f").submit()</script>`, html.EscapeString(site), token, victim.Fingerprint)
		case "/fetch":
			fmt.Fprintf(w, `<!DOCTYPE html><title>waiting</title><script>
fetch(%q, {method: "POST", mode: "no-cors", credentials: "include",
  body: new URLSearchParams({csrf: %q})}).finally(() => { document.title = "done" })
</script>`, site+"/run", token)
		}
	}))
	defer evil.Close()
	res, err := chromedp.RunResponse(bctx, chromedp.Navigate(evil.URL+"/form"))
	if err != nil {
		t.Fatal(err)
	}
	// The form's submission navigates to the dashboard's answer.
	if err := chromedp.Do(bctx, chromedp.WaitVisible(chromedp.CSS("p.message"))); err != nil {
		t.Fatalf("after the forged form (first response %d): %v", res.Status, err)
	}
	msg, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("p.message")))
	if !strings.Contains(msg, "请求被拒绝") {
		t.Errorf("the forged form got %q", msg)
	}
	navigate(evil.URL + "/fetch")
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.title === "done"`)); err != nil {
		t.Fatal(err)
	}
	if acc, _ := e.st.Acceptances(fixtureKey); len(acc) != 1 || acc[victim.Fingerprint].Reason != "" {
		t.Errorf("a forged post changed the acceptances: %v", acc)
	}
	if calls := e.rec.Calls(); len(calls) != 1 {
		t.Errorf("a forged post started a run: %v", calls)
	}
	problems.take() // the refusals are logged as failed loads

	// The phone.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	navigate(site)
	p = read()
	if p.InnerWidth != 375 || p.DocScroll > 375+25 || p.MinFont < 11 {
		t.Errorf("phone: inner width %d, scroll width %d, smallest font %.1fpx", p.InnerWidth, p.DocScroll, p.MinFont)
	}
	if p.Trend == nil || !p.Trend.Visible {
		t.Errorf("phone: trend %+v", p.Trend)
	}
	shoot("-phone")
	navigate(dash.URL + "/")
	if p := read(); p.DocScroll > 375+25 {
		t.Errorf("phone: the sites page scrolls sideways (%d)", p.DocScroll)
	}
	shoot("-phone-sites")
	clean("phone")
}
