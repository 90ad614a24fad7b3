package audit_test

// The hostile-site suite: real loopback servers that misbehave the way
// broken or booby-trapped sites do (redirect loops, endless calendars, huge
// and compressed-bomb bodies, trickling and silent servers, broken
// encodings, expired certificates, link floods). Every case must end with
// findings or a clean stop: never a hang, a crash or unbounded memory.
//
// The cases that assert on memory (TestHostileBigPage, TestHostileGzipBomb)
// do not call t.Parallel: the heap is sampled process-wide, and Go runs
// sequential tests before the parallel ones, so they run alone.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/internal/audit"
	"govaudit/internal/outcome"
	"govaudit/internal/probe"
	"govaudit/internal/store"
)

const (
	hostileTimeout = 2 * time.Second
	hostileRetries = 1
	// hostileDeadline is the "no hang" guard: Run gets a context with this
	// deadline, and the test fails outright if Run has not returned a little
	// after it.
	hostileDeadline = 60 * time.Second
	hostileMaxBody  = 2 << 20
	// hostileHeapLimit is how far the sampled HeapInuse may rise above the
	// baseline in the memory cases (the hostile bodies are 50 MB and 1 GiB;
	// the aim is under 1 GB): 96 MiB. HeapInuse counts garbage not
	// yet collected, and GOGC=100 lets the heap reach twice what is live:
	// the gzip bombs peak at 20–35 MB in a plain test run, and were seen at
	// 48.4 MB under the race detector, which tripped the former 48 MiB bound
	// without anything having changed. An unbounded read of one bomb would
	// still cost a gigabyte.
	hostileHeapLimit = 96 << 20
)

// hostileConfig is the suite's audit configuration for start.
// hostileParallel is the --parallel of the hostile runs: 4, or what
// GOVAUDIT_HOSTILE_PARALLEL says (the issue asks for 64 too:
// GOVAUDIT_HOSTILE_PARALLEL=64 go test ./internal/audit -run Hostile).
func hostileParallel() int {
	if n, err := strconv.Atoi(os.Getenv("GOVAUDIT_HOSTILE_PARALLEL")); err == nil && n > 0 {
		return n
	}
	return 4
}

func hostileConfig(start string) audit.Config {
	return audit.Config{
		Start:    start,
		Checks:   []*checks.Check{deadlink.Check},
		Rate:     0,
		Parallel: hostileParallel(),
		Timeout:  hostileTimeout,
		Retries:  hostileRetries,
		Backoff:  50 * time.Millisecond,
		MaxBody:  hostileMaxBody,
	}
}

// hostileOutcome is what one audit of a hostile site came to.
type hostileOutcome struct {
	res      *outcome.Outcome
	err      error
	elapsed  time.Duration
	heapPeak uint64 // HeapInuse peak above the baseline taken before the run
}

// hostileRun audits cfg.Start into a fresh store, sampling the heap every
// 10 ms, and fails the test if Run does not return in time.
func hostileRun(t *testing.T, cfg audit.Config) hostileOutcome {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "hostile.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
	defer cancel()

	heap := hostileWatchHeap()
	type ret struct {
		res *outcome.Outcome
		err error
	}
	done := make(chan ret, 1)
	began := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				// Recovered so the report names the case; a panic in a
				// goroutine Run starts still crashes the binary.
				done <- ret{err: fmt.Errorf("Run panicked: %v", p)}
			}
		}()
		res, err := audit.Run(ctx, cfg, st)
		done <- ret{res, err}
	}()
	var r ret
	select {
	case r = <-done:
	case <-time.After(hostileDeadline + 15*time.Second):
		heap.stop()
		t.Fatalf("audit of %s hung: Run did not return %v after its context's deadline", cfg.Start, 15*time.Second)
	}
	out := hostileOutcome{res: r.res, err: r.err, elapsed: time.Since(began), heapPeak: heap.stop()}
	if ctx.Err() != nil {
		t.Fatalf("audit of %s ran into the %v no-hang deadline (returned after %v, err %v)",
			cfg.Start, hostileDeadline, out.elapsed, r.err)
	}
	if r.err != nil && strings.Contains(r.err.Error(), "panicked") {
		t.Fatal(r.err)
	}
	return out
}

// hostileHeap samples HeapInuse in the background.
type hostileHeap struct {
	base     uint64
	peak     atomic.Uint64
	done     chan struct{}
	finished chan struct{}
}

func hostileWatchHeap() *hostileHeap {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h := &hostileHeap{base: ms.HeapInuse, done: make(chan struct{}), finished: make(chan struct{})}
	h.peak.Store(ms.HeapInuse)
	go func() {
		defer close(h.finished)
		var ms runtime.MemStats
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.done:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > h.peak.Load() {
				h.peak.Store(ms.HeapInuse)
			}
		}
	}()
	return h
}

// stop ends the sampling and returns the peak above the baseline.
func (h *hostileHeap) stop() uint64 {
	select {
	case <-h.done:
	default:
		close(h.done)
	}
	<-h.finished
	if p := h.peak.Load(); p > h.base {
		return p - h.base
	}
	return 0
}

func hostileMB(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// hostileCounter counts a server's requests by key.
type hostileCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *hostileCounter) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[key]++
}

func (c *hostileCounter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func (c *hostileCounter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum := 0
	for _, v := range c.n {
		sum += v
	}
	return sum
}

func (c *hostileCounter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(c.n)
}

// hostileServer starts a loopback server that is closed when the test ends;
// its handlers should watch r.Context() and stop, which closes them.
func hostileServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// hostileFind returns the finding with check dead-link on page for target.
func hostileFind(res *outcome.Outcome, page, target string) (checks.Finding, bool) {
	if res == nil {
		return checks.Finding{}, false
	}
	for _, f := range res.Findings {
		if f.Check == "dead-link" && f.Page == page && f.Target == target {
			return f.Finding, true
		}
	}
	return checks.Finding{}, false
}

// hostileExpect asserts a dead-link finding on page for target with rule and severity.
func hostileExpect(t *testing.T, res *outcome.Outcome, page, target, rule string, sev checks.Severity) {
	t.Helper()
	f, ok := hostileFind(res, page, target)
	if !ok {
		t.Errorf("no dead-link finding on %s for %s (want rule %s); findings:\n%s", page, target, rule, hostileList(res))
		return
	}
	if f.Rule != rule || f.Severity != sev {
		t.Errorf("finding on %s for %s: rule %s, severity %s; want %s, %s (%s)", page, target, f.Rule, f.Severity, rule, sev, f.Message)
	}
}

func hostileList(res *outcome.Outcome) string {
	if res == nil {
		return "  (no result)"
	}
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "  %s %s %s → %s [%s] %s\n", f.Check, f.Severity, f.Page, f.Target, f.Rule, f.Message)
	}
	if b.Len() == 0 {
		return "  (none)"
	}
	return b.String()
}

// hostileMustFinish fails unless the run came to a result without error.
func hostileMustFinish(t *testing.T, out hostileOutcome) *outcome.Outcome {
	t.Helper()
	if out.err != nil || out.res == nil {
		t.Fatalf("Run: %v (result %v)", out.err, out.res != nil)
	}
	return out.res
}

func hostilePage(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>%s
<p>临江市人民政府办公室主办，本页面用于测试网站检查工具。为深入贯彻落实政府信息公开条例，进一步做好政务公开工作。</p></body></html>`, title, body)
}

// hostileSleep waits d or until the request is gone; it reports false in the latter case.
func hostileSleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// Case 1: redirect loops on in-site pages linked from the homepage: a
// two-step loop and a page that redirects to itself.
func TestHostileRedirectLoop(t *testing.T) {
	t.Parallel()
	var n hostileCounter
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			n.add("home")
			hostilePage(w, "临江市人民政府", `<a href="/loop/a.html">政策文件</a> <a href="/self.html">领导信箱</a> <a href="/ok.html">机构概况</a>`)
		case "/loop/a.html":
			n.add("loop")
			http.Redirect(w, r, "/loop/b.html", http.StatusFound)
		case "/loop/b.html":
			n.add("loop")
			http.Redirect(w, r, "/loop/a.html", http.StatusMovedPermanently)
		case "/self.html":
			n.add("loop")
			http.Redirect(w, r, "/self.html", http.StatusFound)
		case "/ok.html":
			n.add("ok")
			hostilePage(w, "机构概况", "")
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	home := srv.URL + "/"
	hostileExpect(t, res, home, srv.URL+"/loop/a.html", probe.RuleRedirectLoop, checks.Error)
	hostileExpect(t, res, home, srv.URL+"/self.html", probe.RuleRedirectLoop, checks.Error)
	if f, ok := hostileFind(res, home, srv.URL+"/ok.html"); ok {
		t.Errorf("working page reported: %+v", f)
	}
	if got := n.get("loop"); got > 60 {
		t.Errorf("%d requests to the looping pages, want a bounded few", got)
	}
	t.Logf("requests %v; %d findings; peak heap +%s; %v", &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
}

// Case 2: endless calendars, in query form (/calendar?month=YYYY-MM) and
// path form (/cal/YYYY/MM/), each page linking to the previous and next
// month forever.
func TestHostileEndlessCalendar(t *testing.T) {
	t.Parallel()
	var n hostileCounter
	month := func(y, m, delta int) (int, int) {
		k := y*12 + (m - 1) + delta
		return k / 12, k%12 + 1
	}
	calendar := func(w http.ResponseWriter, y, m int, href func(y, m int) string) {
		py, pm := month(y, m, -1)
		ny, nm := month(y, m, +1)
		hostilePage(w, fmt.Sprintf("领导活动日历 %d年%d月", y, m), fmt.Sprintf(
			`<h1>%d年%d月</h1><a href="%s">上一月</a> <a href="%s">下一月</a> <a href="/">首页</a>`,
			y, m, href(py, pm), href(ny, nm)))
	}
	qHref := func(y, m int) string { return fmt.Sprintf("/calendar?month=%04d-%02d", y, m) }
	pHref := func(y, m int) string { return fmt.Sprintf("/cal/%04d/%02d/", y, m) }
	now := time.Now()
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var y, m int
		switch {
		case r.URL.Path == "/":
			n.add("home")
			hostilePage(w, "临江市人民政府", fmt.Sprintf(`<a href="%s">活动日历</a> <a href="%s">日程安排</a>`,
				qHref(now.Year(), int(now.Month())), pHref(now.Year(), int(now.Month()))))
		case r.URL.Path == "/calendar":
			n.add("calendar-query")
			if _, err := fmt.Sscanf(r.URL.Query().Get("month"), "%d-%d", &y, &m); err != nil || m < 1 || m > 12 {
				http.NotFound(w, r)
				return
			}
			calendar(w, y, m, qHref)
		case strings.HasPrefix(r.URL.Path, "/cal/"):
			n.add("calendar-path")
			if _, err := fmt.Sscanf(r.URL.Path, "/cal/%d/%d/", &y, &m); err != nil || m < 1 || m > 12 {
				http.NotFound(w, r)
				return
			}
			calendar(w, y, m, pHref)
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	q, p := n.get("calendar-query"), n.get("calendar-path")
	if q+p >= 300 {
		t.Errorf("fetched %d calendar pages (query form %d, path form %d), want < 300", q+p, q, p)
	}
	if q < 12 || p < 12 {
		t.Errorf("fetched %d and %d calendar pages: the calendars were not crawled at all", q, p)
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings on a working calendar:\n%s", hostileList(res))
	}
	t.Logf("requests %v (calendar pages %d); %d pages, %d skipped; peak heap +%s; %v",
		&n, q+p, res.Run.Pages, res.Skipped.Total(), hostileMB(out.heapPeak), out.elapsed)
}

// hostileFiller is article text for generated pages.
const hostileFiller = "<p>为深入贯彻落实党的二十大精神，进一步推进政务公开标准化规范化建设，根据省政府办公厅工作部署，结合我市实际，现就做好有关工作通知如下。各区、县（市）人民政府要高度重视，加强组织领导，确保各项工作落到实处。</p>\n"

// hostileStream writes head, then filler until total bytes are written or
// the client goes away.
func hostileStream(w http.ResponseWriter, r *http.Request, head string, filler []byte, total int) {
	n, _ := io.WriteString(w, head)
	for n < total {
		if r.Context().Err() != nil {
			return
		}
		k, err := w.Write(filler)
		n += k
		if err != nil {
			return
		}
	}
}

// Case 3: a 50 MB homepage streamed on the fly (links near its start), and a
// 50 MB attachment whose server refuses HEAD and ignores Range.
func TestHostileBigPage(t *testing.T) {
	const size = 50 << 20
	filler := bytes.Repeat([]byte(hostileFiller), 64)
	var n hostileCounter
	var served atomic.Int64
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			n.add("big-page")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			hostileStream(w, r, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>临江市人民政府</title></head><body>
<a href="/after.html">政务公开</a> <a href="/gone-big.html">失效链接</a> <a href="/big.pdf">附件</a>`, filler, size)
		case "/big.pdf":
			n.add("big-file")
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			w.Header().Set("Content-Type", "application/pdf")
			hostileStream(w, r, "%PDF-1.4\n", filler, size)
		case "/after.html":
			n.add("after")
			hostilePage(w, "政务公开", "")
		default:
			n.add("other")
			http.NotFound(w, r)
		}
		served.Add(1)
	}))
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	home := srv.URL + "/"
	hostileExpect(t, res, home, srv.URL+"/gone-big.html", "http-404", checks.Error)
	for _, ok := range []string{"/after.html", "/big.pdf"} {
		if f, found := hostileFind(res, home, srv.URL+ok); found {
			t.Errorf("working target reported: %+v", f)
		}
	}
	if n.get("after") == 0 {
		t.Error("the page linked from the 50 MB page was not crawled")
	}
	if out.heapPeak > hostileHeapLimit {
		t.Errorf("peak heap %s above the baseline, want < %s (MaxBody %s, page 50 MB)",
			hostileMB(out.heapPeak), hostileMB(hostileHeapLimit), hostileMB(hostileMaxBody))
	}
	t.Logf("requests %v; %d findings; peak heap +%s; %v", &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
}

// Case 4: servers that trickle one byte a second, in the body after prompt
// headers and in the status line itself.
func TestHostileTrickle(t *testing.T) {
	t.Parallel()
	var n hostileCounter
	stop := make(chan struct{})
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			n.add("home")
			hostilePage(w, "临江市人民政府", `<a href="/trickle-body.html">通知公告</a> <a href="/trickle-head.html">政策解读</a>`)
		case "/trickle-body.html":
			n.add("trickle")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			for _, c := range []byte("<html><head><title>通知公告</title></head><body>" + hostileFiller) {
				if _, err := w.Write([]byte{c}); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				if !hostileSleep(r, time.Second) {
					return
				}
			}
		case "/trickle-head.html":
			n.add("trickle")
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			buf.Flush()
			for _, c := range []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>") {
				if _, err := conn.Write([]byte{c}); err != nil {
					return
				}
				select {
				case <-stop:
					return
				case <-time.After(time.Second):
				}
			}
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() { close(stop) }) // runs before srv.Close
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	home := srv.URL + "/"
	hostileExpect(t, res, home, srv.URL+"/trickle-body.html", probe.RuleTimeout, checks.Warning)
	hostileExpect(t, res, home, srv.URL+"/trickle-head.html", probe.RuleTimeout, checks.Warning)
	// The crawler's fetch and the prober's two attempts, each cut at Timeout.
	if limit := 2*hostileTimeout*(hostileRetries+1) + 5*time.Second; out.elapsed > limit {
		t.Errorf("took %v, want < %v", out.elapsed, limit)
	}
	t.Logf("requests %v; %d findings; peak heap +%s; %v", &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
}

// hostileGzipMember compresses b into one gzip member; members concatenate
// into one valid gzip stream.
func hostileGzipMember(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Case 5: gzip bombs: Content-Encoding: gzip bodies of about 1 MB that
// inflate to 1 GiB (a head member with links, then 1,024 members of 1 MiB
// of zeros or HTML each, about 1 KB apiece: the client needs only a few KB
// of them to reach MaxBody). Served as a page, as an attachment (HEAD
// refused), as an error page and as the body of a redirect loop.
func TestHostileGzipBomb(t *testing.T) {
	zeros := hostileGzipMember(t, make([]byte, 1<<20))
	html := hostileGzipMember(t, bytes.Repeat([]byte(hostileFiller), (1<<20)/len(hostileFiller)))
	// The first bomb links to the second, so the two are not read at once.
	head := hostileGzipMember(t, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策文件</title></head><body>
<a href="/gone-bomb.html">失效链接</a> <a href="/after.html">政务公开</a> <a href="/bomb-html.html">政策解读</a><div>`))
	var n hostileCounter
	bomb := func(w http.ResponseWriter, r *http.Request, status int, member []byte) {
		w.Header().Set("Content-Encoding", "gzip")
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.WriteHeader(status)
		if r.Method == http.MethodHead {
			return
		}
		if _, err := w.Write(head); err != nil {
			return
		}
		for range 1024 {
			if r.Context().Err() != nil {
				return
			}
			if _, err := w.Write(member); err != nil {
				return
			}
		}
	}
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			n.add("home")
			hostilePage(w, "临江市人民政府", `<a href="/bomb.html">政策文件</a> <a href="/bomb.zip">附件下载</a> <a href="/bomb-404.html">旧栏目</a> <a href="/bomb-loop.html">领导信箱</a>`)
		case "/bomb.html":
			n.add("bomb")
			bomb(w, r, http.StatusOK, zeros)
		case "/bomb-html.html":
			n.add("bomb")
			bomb(w, r, http.StatusOK, html)
		case "/bomb.zip":
			n.add("bomb")
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			w.Header().Set("Content-Type", "application/zip")
			bomb(w, r, http.StatusOK, zeros)
		case "/bomb-404.html":
			n.add("bomb")
			bomb(w, r, http.StatusNotFound, zeros)
		case "/bomb-loop.html":
			n.add("bomb")
			w.Header().Set("Location", "/bomb-loop.html")
			bomb(w, r, http.StatusFound, zeros)
		case "/after.html":
			n.add("after")
			hostilePage(w, "政务公开", "")
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	home := srv.URL + "/"
	hostileExpect(t, res, srv.URL+"/bomb.html", srv.URL+"/gone-bomb.html", "http-404", checks.Error)
	hostileExpect(t, res, home, srv.URL+"/bomb-404.html", "http-404", checks.Error)
	hostileExpect(t, res, home, srv.URL+"/bomb-loop.html", probe.RuleRedirectLoop, checks.Error)
	for _, ok := range []string{"/bomb.html", "/bomb-html.html", "/bomb.zip", "/after.html"} {
		for _, f := range res.Findings {
			if f.Target == srv.URL+ok {
				t.Errorf("working target reported: %+v", f)
			}
		}
	}
	if n.get("after") == 0 {
		t.Error("the page linked from the bomb was not crawled")
	}
	if out.heapPeak > hostileHeapLimit {
		t.Errorf("peak heap %s above the baseline, want < %s (MaxBody %s, bombs inflate to 1 GiB)",
			hostileMB(out.heapPeak), hostileMB(hostileHeapLimit), hostileMB(hostileMaxBody))
	}
	t.Logf("bomb: %d KB on the wire for 1 GiB; requests %v; %d findings; peak heap +%s; %v",
		(len(head)+1024*len(zeros))>>10, &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
}

// Case 6: invalid byte sequences in pages declared UTF-8, GBK (header and
// <meta>) and UTF-16: the pages are parsed and their dead links reported.
func TestHostileBadEncoding(t *testing.T) {
	t.Parallel()
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Invalid UTF-8: stray continuation and 0xFF/0xFE bytes, a lead byte
	// without its tail, an encoded surrogate, an overlong slash, a
	// truncated four-byte sequence at the very end.
	badUTF8 := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知\xff\xfe公告\xc3\x28</title></head><body>" +
		"<p>政务\x80\xbf公开\xed\xa0\x80\xc0\xaf</p><a href=\"/gone-utf8.html\">失效\xe6\x94链接</a>" +
		"<a href=\"/gone-\xff\xc3.html\">乱码\xf8\x88\x80\x80\x80地址</a><a href=\"/ok.html\">正常</a></body></html>\xf0\x9f\x98"
	// Invalid GBK: a lead byte followed by a space, bare 0x80 and 0xFF, a
	// truncated four-byte GB18030 sequence, a lone lead byte at the end.
	badGBK := gbk("<!DOCTYPE html><html><head><title>政策解读") + "\x81\x20\x80\xff" + gbk("</title></head><body><p>政务公开") +
		"\x81\x30\x81" + gbk("</p><a href=\"/gone-gbk.html\">失效链接") + "\xfe\x7f" + gbk("</a><a href=\"/ok.html\">正常</a></body></html>") + "\x81"
	// GBK declared only in a <meta> after a long comment.
	metaGBK := gbk("<!DOCTYPE html><html><head><!-- "+strings.Repeat("模板注释 ", 600)+" -->"+
		"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>机构概况") + "\xa1\x20\xff\x30" +
		gbk("</title></head><body><a href=\"/gone-meta.html\">失效链接</a></body></html>") + "\xa1"
	// UTF-16LE declared in the header with an unpaired surrogate and an odd
	// number of bytes.
	var u16 bytes.Buffer
	for _, c := range "<html><head><title>utf16</title></head><body><a href=\"/gone-utf16.html\">x</a>" {
		u16.WriteByte(byte(c))
		u16.WriteByte(byte(c >> 8))
	}
	u16.WriteString("\x00\xd8A\x00</\x00b\x00o\x00d\x00y\x00>\x00\x00")

	pages := map[string]struct{ ct, body string }{
		"/bad-utf8.html":  {"text/html; charset=utf-8", badUTF8},
		"/bad-gbk.html":   {"text/html; charset=gbk", badGBK},
		"/meta-gbk.html":  {"text/html", metaGBK},
		"/bad-utf16.html": {"text/html; charset=utf-16le", u16.String()},
	}
	var n hostileCounter
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := pages[r.URL.Path]; ok {
			n.add("bad")
			w.Header().Set("Content-Type", p.ct)
			io.WriteString(w, p.body)
			return
		}
		switch r.URL.Path {
		case "/":
			n.add("home")
			hostilePage(w, "临江市人民政府", `<a href="/bad-utf8.html">通知公告</a> <a href="/bad-gbk.html">政策解读</a>
<a href="/meta-gbk.html">机构概况</a> <a href="/bad-utf16.html">English</a>`)
		case "/ok.html":
			n.add("ok")
			hostilePage(w, "正常页面", "")
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	for page, target := range map[string]string{
		"/bad-utf8.html":  "/gone-utf8.html",
		"/bad-gbk.html":   "/gone-gbk.html",
		"/meta-gbk.html":  "/gone-meta.html",
		"/bad-utf16.html": "/gone-utf16.html",
	} {
		hostileExpect(t, res, srv.URL+page, srv.URL+target, "http-404", checks.Error)
	}
	// The href with raw invalid bytes still resolves to some in-site URL
	// that is reported (its bytes become U+FFFD or are percent-encoded).
	var garbled bool
	for _, f := range res.Findings {
		if f.Page == srv.URL+"/bad-utf8.html" && strings.HasPrefix(f.Target, srv.URL+"/gone-") && f.Target != srv.URL+"/gone-utf8.html" {
			garbled = true
		}
	}
	if !garbled {
		t.Errorf("the link with invalid bytes in its href was not reported:\n%s", hostileList(res))
	}
	if res.Run.Pages < 6 {
		t.Errorf("crawled %d pages, want the homepage, 4 bad pages and ok.html", res.Run.Pages)
	}
	t.Logf("requests %v; %d pages; %d findings; peak heap +%s; %v", &n, res.Run.Pages, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
}

// hostileExpiredCert is a self-signed certificate for 127.0.0.1 that
// expired a year ago.
func hostileExpiredCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(2019),
		Subject:               pkix.Name{CommonName: "expired.lanjiang.gov.cn", Organization: []string{"临江市人民政府"}},
		NotBefore:             time.Now().AddDate(-2, 0, 0),
		NotAfter:              time.Now().AddDate(-1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost", "expired.lanjiang.gov.cn"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// Case 7: an https site with an expired self-signed certificate, linked from
// a homepage and audited as the start URL itself.
func TestHostileExpiredTLS(t *testing.T) {
	t.Parallel()
	var n hostileCounter
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.add("tls")
		hostilePage(w, "过期证书网站", `<a href="/a.html">a</a>`)
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake errors
	tlsSrv.TLS = &tls.Config{Certificates: []tls.Certificate{hostileExpiredCert(t)}}
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)

	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			n.add("home")
			hostilePage(w, "临江市人民政府", fmt.Sprintf(`<a href="%s/">市政务服务网</a> <a href="%s/doc.html">办事指南</a>`, tlsSrv.URL, tlsSrv.URL))
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))

	t.Run("linked", func(t *testing.T) {
		t.Parallel()
		out := hostileRun(t, hostileConfig(srv.URL+"/"))
		res := hostileMustFinish(t, out)
		hostileExpect(t, res, srv.URL+"/", tlsSrv.URL+"/", probe.RuleTLS, checks.Error)
		hostileExpect(t, res, srv.URL+"/", tlsSrv.URL+"/doc.html", probe.RuleTLS, checks.Error)
		if f, ok := hostileFind(res, srv.URL+"/", tlsSrv.URL+"/"); ok && !strings.Contains(f.Message, "过期") {
			t.Logf("note: the message does not say the certificate expired: %s", f.Message)
		}
		t.Logf("requests %v; %d findings; peak heap +%s; %v", &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
	})
	t.Run("start", func(t *testing.T) {
		t.Parallel()
		out := hostileRun(t, hostileConfig(tlsSrv.URL+"/"))
		if limit := 2*hostileTimeout*(hostileRetries+1) + 5*time.Second; out.elapsed > limit {
			t.Errorf("took %v, want < %v", out.elapsed, limit)
		}
		pages := -1
		if out.res != nil {
			pages = out.res.Run.Pages
		}
		t.Logf("Run returned err=%v, %d pages, in %v; peak heap +%s", out.err, pages, out.elapsed, hostileMB(out.heapPeak))
	})
	t.Cleanup(func() { // after the parallel subtests
		if got := n.get("tls"); got != 0 {
			t.Errorf("%d requests got past the expired certificate", got)
		}
	})
}

// Case 8: a page with 20,000 links to distinct, non-existent search result
// pages (/search?q=N&sort=M with the parameters in varying orders).
func TestHostileQueryFlood(t *testing.T) {
	t.Parallel()
	const links = 20000
	var home bytes.Buffer
	sorts := []string{"date", "title", "hits"}
	for i := range links {
		s := sorts[i%len(sorts)]
		switch i % 4 {
		case 0:
			fmt.Fprintf(&home, `<a href="/search?q=%d&amp;sort=%s">%d</a>`, i, s, i)
		case 1:
			fmt.Fprintf(&home, `<a href="/search?sort=%s&amp;q=%d">%d</a>`, s, i, i)
		case 2:
			fmt.Fprintf(&home, `<a href="/search?page=1&amp;q=%d&amp;sort=%s">%d</a>`, i, s, i)
		default:
			fmt.Fprintf(&home, `<a href="search?sort=%s&amp;page=2&amp;q=%d&amp;sid=%d">%d</a>`, s, i, i, i)
		}
		home.WriteByte('\n')
	}
	var n hostileCounter
	srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			n.add("home")
			hostilePage(w, "临江市人民政府 站内搜索", home.String())
		case "/search":
			n.add("search")
			http.NotFound(w, r)
		default:
			n.add("other")
			http.NotFound(w, r)
		}
	}))
	out := hostileRun(t, hostileConfig(srv.URL+"/"))
	res := hostileMustFinish(t, out)
	const bound = 200 // crawl.Options.MaxQueryVariants' default
	if got := n.get("search"); got > bound {
		t.Errorf("%d requests to /search, want at most the query-variant bound %d", got, bound)
	} else if got == 0 {
		t.Error("no request to /search at all")
	}
	if res.Skipped.Traps < links-bound {
		t.Errorf("%d URLs skipped as traps, want at least %d", res.Skipped.Traps, links-bound)
	}
	if len(res.Findings) > bound {
		t.Errorf("%d findings, want at most %d", len(res.Findings), bound)
	}
	t.Logf("requests %v; %d findings, %d skipped; peak heap +%s; %v", &n, len(res.Findings), res.Skipped.Total(), hostileMB(out.heapPeak), out.elapsed)
}

// Case 9: a server that answers every request, robots.txt and the start URL
// included, with a redirect to a new random URL on the same host; and the
// same trap linked from an ordinary homepage.
func TestHostileRandomRedirects(t *testing.T) {
	t.Parallel()
	random := func(n *hostileCounter) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			n.add("redirect")
			var b [8]byte
			rand.Read(b[:])
			http.Redirect(w, r, fmt.Sprintf("/r/%x", b), http.StatusFound)
		}
	}
	t.Run("everything", func(t *testing.T) {
		t.Parallel()
		var n hostileCounter
		srv := hostileServer(t, random(&n))
		out := hostileRun(t, hostileConfig(srv.URL+"/"))
		// The homepage never opens: a clean stop says so.
		if out.res == nil || !errors.Is(out.err, audit.ErrHomepage) {
			t.Fatalf("Run: %v (result %v), want %v", out.err, out.res != nil, audit.ErrHomepage)
		}
		res := out.res
		if got := n.total(); got > 100 {
			t.Errorf("%d requests, want a bounded few", got)
		}
		t.Logf("requests %v; %d findings; peak heap +%s; %v", &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
	})
	t.Run("linked", func(t *testing.T) {
		t.Parallel()
		var n hostileCounter
		redirect := random(&n)
		srv := hostileServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/":
				n.add("home")
				hostilePage(w, "临江市人民政府", `<a href="/r/start">在线办事</a>`)
			case "/robots.txt":
				n.add("robots")
				http.NotFound(w, r)
			default:
				redirect(w, r)
			}
		}))
		out := hostileRun(t, hostileConfig(srv.URL+"/"))
		res := hostileMustFinish(t, out)
		hostileExpect(t, res, srv.URL+"/", srv.URL+"/r/start", probe.RuleTooManyRedirects, checks.Error)
		if got := n.total(); got > 100 {
			t.Errorf("%d requests, want a bounded few", got)
		}
		t.Logf("requests %v; %d findings; peak heap +%s; %v", &n, len(res.Findings), hostileMB(out.heapPeak), out.elapsed)
	})
}

// Case 10: a start URL whose server accepts connections and never answers.
func TestHostileSilentServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		n     atomic.Int64
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go io.Copy(io.Discard, c) // read the request, never answer
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	out := hostileRun(t, hostileConfig("http://"+ln.Addr().String()+"/"))
	limit := 2*hostileTimeout*(hostileRetries+1) + 4*time.Second
	if out.elapsed > limit {
		t.Errorf("Run took %v, want < %v", out.elapsed, limit)
	}
	pages, findings := -1, -1
	if out.res != nil {
		pages, findings = out.res.Run.Pages, len(out.res.Findings)
	}
	t.Logf("Run returned err=%v, %d pages, %d findings; %d connections; peak heap +%s; %v",
		out.err, pages, findings, n.Load(), hostileMB(out.heapPeak), out.elapsed)
}
