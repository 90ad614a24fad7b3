package report

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser test opens the HTML report in headless Chromium, the way an
// office opens the file it was mailed, and looks at the page as rendered.
//
// It finds the browser in $CHROME_PATH or as chromium, chromium-browser or
// google-chrome on PATH; without one it skips, unless $CI is set (then a
// missing browser fails the test: .ci/run installs it).
//
// To look at the page yourself, set GOVAUDIT_SCREENSHOT to a PNG path: the
// test writes a full-page screenshot at desktop width there, and one at phone
// width next to it with "-phone" before the extension:
//
//	GOVAUDIT_SCREENSHOT=/tmp/report.png go test -run HTMLInChromium ./internal/report/

// chromePath is the browser to run, or "" if there is none.
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

// pageProblems collects what a page reports as wrong: console errors,
// uncaught exceptions and browser log errors (a resource that failed to
// load, say).
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
		if ev.Entry.Level != cdplog.EntryLevelError {
			return
		}
		s = fmt.Sprintf("log error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
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

// renderedPage is what the test reads back from the DOM.
type renderedPage struct {
	Lang        string             `json:"lang"`
	VetoHeading bool               `json:"vetoHeading"`
	VetoRows    map[string]box     `json:"vetoRows"`
	Trend       *box               `json:"trend"`
	Fingerprint []string           `json:"fingerprints"`
	JSLinks     int                `json:"jsLinks"`
	Scripts     int                `json:"scripts"`
	InnerWidth  int                `json:"innerWidth"`
	BodyScroll  int                `json:"bodyScroll"`
	DocScroll   int                `json:"docScroll"`
	FontSizes   map[string]float64 `json:"fontSizes"`
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
	const veto = document.getElementById("veto");
	const rows = {};
	for (const tr of document.querySelectorAll("tr[data-veto]")) rows[tr.dataset.veto] = rect(tr);
	const svg = document.querySelector("svg#trend");
	// Font sizes in CSS pixels as shown; the chart's text scales with
	// the chart.
	const sizes = {};
	for (const sel of ["body", "td", "th", ".note", "h4"]) {
		const el = document.querySelector(sel);
		if (el) sizes[sel] = parseFloat(getComputedStyle(el).fontSize);
	}
	if (svg) {
		const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		for (const t of svg.querySelectorAll("text")) {
			sizes["svg#trend text"] = Math.min(sizes["svg#trend text"] ?? 1e9, parseFloat(getComputedStyle(t).fontSize) * scale);
		}
	}
	return {
		lang: document.documentElement.lang,
		vetoHeading: !!veto && veto.innerText.includes("单项否决指标") && rect(veto).visible,
		vetoRows: rows,
		trend: svg ? rect(svg) : null,
		fingerprints: [...document.querySelectorAll("[data-fingerprint]")].map(e => e.dataset.fingerprint),
		jsLinks: [...document.querySelectorAll("a[href]")].filter(a => !/^(https?:|#)/i.test(a.getAttribute("href"))).length,
		scripts: document.scripts.length,
		innerWidth: window.innerWidth,
		bodyScroll: document.body.scrollWidth,
		docScroll: document.documentElement.scrollWidth,
		fontSizes: sizes,
	};
})()`

func TestHTMLInChromium(t *testing.T) {
	bin := chromePath()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not installed")
		}
		t.Skip("no chromium, chromium-browser or google-chrome on PATH and no $CHROME_PATH")
	}

	o, opt := htmlSample()
	var buf bytes.Buffer
	if err := HTML(&buf, o, opt); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "报告.html")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: file}).String()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	problems := &pageProblems{}
	if err := chromedp.Listen(bctx, problems.listen); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}

	var want []string
	for _, f := range o.Findings {
		want = append(want, f.Fingerprint)
	}
	slices.Sort(want)

	for _, view := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 900, false},
		{"phone", 375, 812, true},
	} {
		t.Run(view.name, func(t *testing.T) {
			var vopts []chromedp.EmulateViewportOption
			if view.mobile {
				vopts = append(vopts, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			}
			if err := chromedp.Do(bctx,
				chromedp.EmulateViewport(view.width, view.height, vopts...),
				chromedp.Navigate(pageURL),
			); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(bctx, chromedp.Evaluate[renderedPage](readPageJS))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: inner width %d, body scroll width %d, font sizes %v", view.name, got.InnerWidth, got.BodyScroll, got.FontSizes)

			if got.Lang != "zh-CN" {
				t.Errorf("lang = %q", got.Lang)
			}
			if !got.VetoHeading {
				t.Error("单项否决指标 is not visible")
			}
			for _, l := range o.Standing {
				if b, ok := got.VetoRows[l.ID]; !ok || !b.Visible {
					t.Errorf("veto row %s: %+v (present %v)", l.ID, b, ok)
				}
			}
			if len(got.VetoRows) != len(o.Standing) {
				t.Errorf("%d veto rows, want %d", len(got.VetoRows), len(o.Standing))
			}
			if got.Trend == nil || !got.Trend.Visible || got.Trend.W < 200 || got.Trend.H < 80 {
				t.Errorf("svg#trend: %+v", got.Trend)
			}
			fps := slices.Sorted(slices.Values(got.Fingerprint))
			if !slices.Equal(fps, want) {
				t.Errorf("fingerprints in the DOM = %v, want %v", fps, want)
			}
			if got.JSLinks != 0 || got.Scripts != 0 {
				t.Errorf("%d links that are neither web nor in-page, %d scripts", got.JSLinks, got.Scripts)
			}
			if int64(got.InnerWidth) != view.width {
				t.Errorf("viewport is %d wide, want %d", got.InnerWidth, view.width)
			}
			// Wide tables scroll inside their wrappers; the page itself
			// must not.
			if limit := int(view.width) + 25; got.BodyScroll > limit || got.DocScroll > limit {
				t.Errorf("page scrolls sideways: body %d, document %d wide in a %d viewport", got.BodyScroll, got.DocScroll, view.width)
			}
			if len(got.FontSizes) != 6 {
				t.Errorf("font sizes of %d selectors, want 6: %v", len(got.FontSizes), got.FontSizes)
			}
			for sel, px := range got.FontSizes {
				if px < 11 {
					t.Errorf("%s is %.1fpx: too small to read", sel, px)
				}
			}

			if path := os.Getenv("GOVAUDIT_SCREENSHOT"); path != "" {
				if view.mobile {
					ext := filepath.Ext(path)
					path = strings.TrimSuffix(path, ext) + "-phone" + ext
				}
				png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot: %s", path)
			}

			// Let late events arrive, then fail on any.
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => setTimeout(() => r(true), 50)))`, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatal(err)
			}
			for _, p := range problems.take() {
				t.Errorf("page reported: %s", p)
			}
		})
	}

	// The listener does catch what it is meant to catch.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`console.error("probe"); setTimeout(() => { throw new Error("probe") }, 0)`)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var seen []string
	for time.Now().Before(deadline) && len(seen) < 2 {
		seen = append(seen, problems.take()...)
		time.Sleep(20 * time.Millisecond)
	}
	if len(seen) < 2 || !strings.Contains(seen[0], "probe") {
		t.Errorf("the problem listener missed a console error and an exception: %q", seen)
	}
}
