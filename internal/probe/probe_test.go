package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/text/encoding/simplifiedchinese"

	"govaudit/checks"
	"govaudit/internal/transport"
	"govaudit/internal/visible"
)

// The prober is tested end to end against real loopback servers: httptest
// where a well-behaved HTTP server will do, raw listeners where the server
// must misbehave (never answer), a real UDP DNS server for the resolver path.
// Timing assertions are lower bounds, plus generous upper bounds that only
// catch hangs: the suite must pass under -race on a loaded 2-core machine.

// hang is the upper bound for "returns, does not hang".
const hang = 10 * time.Second

// stack returns the run's transport stack as the audit builds it: the base
// transport, wrapped by the User-Agent decorator.
func stack(t testing.TB, o transport.Options) http.RoundTripper {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	base := transport.New(o)
	t.Cleanup(base.CloseIdleConnections)
	return transport.WithUserAgent(base, transport.UserAgent)
}

// newProber fills in test-friendly defaults: a fresh transport stack, a
// short backoff, a 10 s timeout. Retries stay as given (0 means none).
func newProber(t testing.TB, opt Options) *Prober {
	t.Helper()
	if opt.Transport == nil {
		opt.Transport = stack(t, transport.Options{})
	}
	if opt.Backoff == 0 {
		opt.Backoff = 10 * time.Millisecond
	}
	if opt.Timeout == 0 {
		opt.Timeout = 10 * time.Second
	}
	return New(opt)
}

func checkURL(t testing.TB, p *Prober, u string) checks.LinkStatus {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*hang)
	defer cancel()
	return p.Check(ctx, u)
}

func expect(t testing.TB, got checks.LinkStatus, class checks.Class, rule string, status int) {
	t.Helper()
	if got.Class != class || got.Rule != rule || got.Status != status {
		t.Errorf("%s: got class=%v rule=%q status=%d (detail %q), want class=%v rule=%q status=%d",
			got.URL, got.Class, got.Rule, got.Status, got.Detail, class, rule, status)
	}
}

// request is what a server saw of one request.
type request struct {
	Method, Path, Range, UA string
}

// recorder records the requests a handler saw.
type recorder struct {
	mu   sync.Mutex
	reqs []request
}

func (r *recorder) wrap(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.reqs = append(r.reqs, request{req.Method, req.URL.Path, req.Header.Get("Range"), req.Header.Get("User-Agent")})
		r.mu.Unlock()
		h(w, req)
	}
}

func (r *recorder) all() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

func (r *recorder) count() int { return len(r.all()) }

func (r *recorder) methods() string {
	var m []string
	for _, q := range r.all() {
		m = append(m, q.Method)
	}
	return strings.Join(m, ",")
}

// serve starts an httptest server for h, recording requests.
func serve(t testing.TB, h http.HandlerFunc) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(rec.wrap(h))
	t.Cleanup(srv.Close)
	return srv, rec
}

func page(title, body string) string {
	return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
		"</title><script>var notFound = '页面不存在';</script></head><body>" + body + "</body></html>"
}

func writeHTML(w http.ResponseWriter, status int, html string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(html))
}

const okPage = `<div class="article"><h1>关于做好2024年政府信息公开工作的通知</h1><p>各区县人民政府，市政府各部门：现将有关事项通知如下。</p></div>`

// ---------------------------------------------------------------- statuses

func TestHTTPStatus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status int
		class  checks.Class
		rule   string
		reqs   int // requests the server must see (no retries but for 429/503)
	}{
		{"ok", 200, checks.OK, "", 1},
		{"not-found", 404, checks.Broken, "http-404", 1},
		{"gone", 410, checks.Broken, "http-410", 1},
		{"server-error", 500, checks.Transient, "http-500", 1},
		{"bad-gateway", 502, checks.Transient, "http-502", 1},
		{"forbidden", 403, checks.Blocked, "blocked", 1},
		{"unavailable", 503, checks.Transient, "http-503", 3},
		{"too-many-requests", 429, checks.Blocked, "blocked", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
				writeHTML(w, c.status, page("标题", okPage))
			})
			p := newProber(t, Options{Retries: 2})
			u := srv.URL + "/xxgk/tzgg/" + c.name + ".html"
			got := checkURL(t, p, u)
			expect(t, got, c.class, c.rule, c.status)
			if got.Class != checks.OK && got.Detail == "" {
				t.Errorf("%s: empty Detail", c.name)
			}
			if n := rec.count(); n != c.reqs {
				t.Errorf("%s: server saw %d requests (%s), want %d", c.name, n, rec.methods(), c.reqs)
			}
			for _, q := range rec.all() {
				if q.Method != http.MethodGet {
					t.Errorf("%s: page probed with %s, want GET", c.name, q.Method)
				}
				if q.UA != transport.UserAgent {
					t.Errorf("%s: User-Agent %q", c.name, q.UA)
				}
			}
		})
	}
}

func TestRetry503GivesUp(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, http.StatusServiceUnavailable, page("Service Unavailable", "busy"))
	})
	for _, retries := range []int{0, 1, 3} {
		p := newProber(t, Options{Retries: retries, Backoff: 5 * time.Millisecond})
		before := rec.count()
		got := checkURL(t, p, srv.URL+"/index.html")
		expect(t, got, checks.Transient, "http-503", 503)
		if n := rec.count() - before; n != retries+1 {
			t.Errorf("Retries=%d: server saw %d requests, want %d", retries, n, retries+1)
		}
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeHTML(w, http.StatusServiceUnavailable, page("维护中", "系统维护"))
			return
		}
		writeHTML(w, http.StatusOK, page("通知公告", okPage))
	})
	// A short Backoff: only Retry-After can make the prober wait a second.
	p := newProber(t, Options{Retries: 2, Backoff: 10 * time.Millisecond})
	start := time.Now()
	got := checkURL(t, p, srv.URL+"/col/col1229/index.html")
	elapsed := time.Since(start)
	expect(t, got, checks.OK, "", 200)
	if n := rec.count(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
	if elapsed < 900*time.Millisecond {
		t.Errorf("retried after %v; Retry-After: 1 asks for 1 s", elapsed)
	}
}

func TestRetryAfterCapped(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			writeHTML(w, http.StatusServiceUnavailable, page("维护中", "系统维护"))
			return
		}
		writeHTML(w, http.StatusOK, page("通知公告", okPage))
	})
	p := newProber(t, Options{Retries: 1, MaxRetryAfter: 200 * time.Millisecond})
	start := time.Now()
	got := checkURL(t, p, srv.URL+"/")
	elapsed := time.Since(start)
	expect(t, got, checks.OK, "", 200)
	if elapsed < 150*time.Millisecond {
		t.Errorf("retried after %v; MaxRetryAfter is 200ms", elapsed)
	}
	if elapsed > hang {
		t.Errorf("an hour's Retry-After was not capped: %v", elapsed)
	}
}

func TestTooManyRequestsRetriedThenBlocked(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, http.StatusTooManyRequests, page("429", "请求过于频繁"))
	})
	p := newProber(t, Options{Retries: 2})
	got := checkURL(t, p, srv.URL+"/art/2024/1/2/art_1229_1.html")
	expect(t, got, checks.Blocked, RuleBlocked, 429)
	if !strings.Contains(got.Detail, "429") {
		t.Errorf("detail %q does not mention 429", got.Detail)
	}
	if n := rec.count(); n != 3 {
		t.Errorf("server saw %d requests, want 3 (1 + 2 retries)", n)
	}
}

// ---------------------------------------------------------------- firewalls

func TestChallengePagesBlocked(t *testing.T) {
	t.Parallel()
	pages := map[string]string{
		"safedog-title": page("网站防火墙", `<div>您的请求带有不合法参数，已被网站管理员设置拦截！</div>`),
		"safedog-body":  page("提示", `<div>可能原因：您提交的内容包含危险的攻击请求</div><div>网站安全狗 www.safedog.cn</div>`),
		"cloudflare":    `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id="challenge-stage">Checking if the site connection is secure</div></body></html>`,
		"yunsuo":        page("提示", `<div>您的访问被拦截！</div><div>网站防火墙（云锁）检测到您的请求存在风险</div>`),
	}
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, http.StatusOK, pages[strings.TrimPrefix(r.URL.Path, "/")])
	})
	p := newProber(t, Options{})
	for name := range pages {
		expect(t, checkURL(t, p, srv.URL+"/"+name), checks.Blocked, RuleBlocked, 200)
	}
}

// ---------------------------------------------------------------- HEAD and GET

// TestFileHeadThenGet: files that are not document attachments (images,
// here) are probed with HEAD, then with a ranged GET where HEAD fails.
// (Until attachments got their own probe, this table used a .pdf.)
func TestFileHeadThenGet(t *testing.T) {
	t.Parallel()
	pdf := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	cases := []struct {
		name     string
		head     int // status for HEAD
		get      int // status for GET
		class    checks.Class
		rule     string
		status   int
		wantGets int
	}{
		{"head-ok", 200, 200, checks.OK, "", 200, 0},
		{"head-405", 405, 200, checks.OK, "", 200, 1},
		{"head-404-get-ok", 404, 200, checks.OK, "", 200, 1},
		{"head-501", 501, 206, checks.OK, "", 206, 1},
		{"head-403", 403, 200, checks.OK, "", 200, 1},
		{"empty-file-416", 405, 416, checks.OK, "", 416, 1},
		{"really-404", 404, 404, checks.Broken, "http-404", 404, 1},
		{"really-410", 410, 410, checks.Broken, "http-410", 410, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
				status := c.get
				if r.Method == http.MethodHead {
					status = c.head
				}
				if status < 300 {
					w.Header().Set("Content-Type", "image/png")
					w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
				}
				if status == http.StatusPartialContent {
					w.Header().Set("Content-Range", fmt.Sprintf("bytes 0-%d/%d", len(pdf)-1, len(pdf)))
				}
				w.WriteHeader(status)
				if r.Method == http.MethodGet && status < 300 {
					w.Write(pdf)
				}
			})
			p := newProber(t, Options{Retries: 2})
			u := srv.URL + "/picture/0/2024年预算公开.png"
			got := checkURL(t, p, u)
			expect(t, got, c.class, c.rule, c.status)
			if got.File != nil {
				t.Errorf("an image has file facts: %+v", got.File)
			}

			reqs := rec.all()
			if len(reqs) == 0 || reqs[0].Method != http.MethodHead {
				t.Fatalf("requests %s: the first must be HEAD", rec.methods())
			}
			gets := 0
			for _, q := range reqs[1:] {
				if q.Method != http.MethodGet {
					t.Errorf("after HEAD: %s", q.Method)
					continue
				}
				gets++
				if q.Range != "bytes=0-65535" {
					t.Errorf("GET of a file: Range %q, want bytes=0-65535", q.Range)
				}
			}
			if gets != c.wantGets {
				t.Errorf("requests %s: %d GETs, want %d", rec.methods(), gets, c.wantGets)
			}
		})
	}
}

func TestReadLimitSetsRange(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/msword")
		w.Write([]byte("\xd0\xcf\x11\xe0"))
	})
	p := newProber(t, Options{ReadLimit: 1024})
	expect(t, checkURL(t, p, srv.URL+"/a.doc"), checks.OK, "", 200)
	if reqs := rec.all(); len(reqs) != 1 || reqs[0].Method != http.MethodGet || reqs[0].Range != "bytes=0-1023" {
		t.Errorf("requests %+v, want one GET with Range bytes=0-1023", reqs)
	}
}

// ---------------------------------------------------------------- soft 404

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// longArticle is a real-looking article of more than 400 runes whose body
// mentions 404 and 找不到: not an error page.
func longArticle() string {
	var b strings.Builder
	b.WriteString(`<div class="article"><h1>关于进一步规范政府网站链接管理的通知</h1>`)
	para := `<p>近期，在政府网站普查中发现，部分单位网站存在链接失效、栏目长期不更新等问题。群众反映，点击部分附件时页面提示404错误，或者提示找不到该文件，影响了政务公开的质量和政府形象。各单位要高度重视，认真对照检查，及时整改到位。</p>`
	for range 5 {
		b.WriteString(para)
	}
	b.WriteString(`<p>联系人：市政府办公室政务公开科，电话：0571-87654321。</p></div>`)
	return b.String()
}

func TestSoft404(t *testing.T) {
	t.Parallel()
	article := longArticle()
	if _, text := visible.FromBytes([]byte(article)); utf8.RuneCountInString(text) <= shortPage {
		t.Fatalf("the article's visible text has only %d runes", utf8.RuneCountInString(text))
	}
	gbkShort := gbk(t, `<html><head><title>杭州市人民政府</title></head><body><div class="err">对不起，您访问的页面找不到了！</div><a href="/">返回首页</a></body></html>`)
	gbkMeta := gbk(t, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>信息不存在</title></head><body>返回首页</body></html>`)
	gbkArticle := gbk(t, `<html><head><title>关于进一步规范政府网站链接管理的通知</title></head><body>`+article+`</body></html>`)

	handlers := map[string]func(w http.ResponseWriter){
		"title": func(w http.ResponseWriter) {
			writeHTML(w, 200, page("页面不存在", `<a href="/">返回首页</a>`))
		},
		"title-english": func(w http.ResponseWriter) {
			writeHTML(w, 200, page("404 Not Found", `<center>nginx</center>`))
		},
		"short-body": func(w http.ResponseWriter) {
			writeHTML(w, 200, page("某某市人民政府门户网站", `<div>对不起，您访问的页面找不到了</div><a href="/">返回首页</a>`))
		},
		"long-article": func(w http.ResponseWriter) {
			writeHTML(w, 200, page("关于进一步规范政府网站链接管理的通知", article))
		},
		"gbk-header": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html; charset=gbk")
			w.Write(gbkShort)
		},
		"gbk-meta-only": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(gbkMeta)
		},
		"gbk-article": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html; charset=GBK")
			w.Write(gbkArticle)
		},
		// The error wording in a script, not in the visible text.
		"script-only": func(w http.ResponseWriter) {
			writeHTML(w, 200, page("首页", okPage))
		},
	}
	want := map[string]checks.LinkStatus{
		"title":         {Class: checks.Broken, Rule: RuleSoft404},
		"title-english": {Class: checks.Broken, Rule: RuleSoft404},
		"short-body":    {Class: checks.Broken, Rule: RuleSoft404},
		"long-article":  {Class: checks.OK},
		"gbk-header":    {Class: checks.Broken, Rule: RuleSoft404},
		"gbk-meta-only": {Class: checks.Broken, Rule: RuleSoft404},
		"gbk-article":   {Class: checks.OK},
		"script-only":   {Class: checks.OK},
	}
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		handlers[strings.Trim(r.URL.Path, "/")](w)
	})
	p := newProber(t, Options{})
	for name, w := range want {
		expect(t, checkURL(t, p, srv.URL+"/"+name+"/"), w.Class, w.Rule, 200)
	}
}

// ---------------------------------------------------------------- DNS

func TestDNSFailureHostsOnly(t *testing.T) {
	t.Parallel()
	p := newProber(t, Options{Transport: stack(t, transport.Options{HostsOnly: true})})
	for _, u := range []string{"http://nosuch.example.gov.cn/", "http://nosuch.example.gov.cn/files/a.pdf"} {
		got := checkURL(t, p, u)
		expect(t, got, checks.Broken, RuleDNS, 0)
		if got.Detail != "域名无法解析" {
			t.Errorf("detail %q", got.Detail)
		}
	}
}

// dnsServer answers every query on a loopback UDP port with rcode and no
// answers; it counts the queries.
func dnsServer(t testing.TB, rcode dnsmessage.RCode) (string, *atomic.Int32) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	queries := &atomic.Int32{}
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			queries.Add(1)
			b := dnsmessage.NewBuilder(nil, dnsmessage.Header{
				ID: h.ID, Response: true, Authoritative: true,
				RecursionDesired: h.RecursionDesired, RecursionAvailable: true, RCode: rcode,
			})
			if b.StartQuestions() != nil || b.Question(q) != nil {
				continue
			}
			msg, err := b.Finish()
			if err != nil {
				continue
			}
			pc.WriteTo(msg, from)
		}
	}()
	return pc.LocalAddr().String(), queries
}

// resolvingTransport is a plain transport whose dialer resolves names with
// Go's own resolver against the DNS server at dns.
func resolvingTransport(t testing.TB, dns string) http.RoundTripper {
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", dns)
	}}
	tr := &http.Transport{DialContext: (&net.Dialer{Resolver: r, Timeout: 5 * time.Second}).DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

func TestDNSFailureRealResolver(t *testing.T) {
	t.Parallel()
	t.Run("nxdomain", func(t *testing.T) {
		t.Parallel()
		dns, queries := dnsServer(t, dnsmessage.RCodeNameError)
		p := newProber(t, Options{Transport: resolvingTransport(t, dns)})
		got := checkURL(t, p, "http://nxdomain.example.gov.cn/xxgk/")
		expect(t, got, checks.Broken, RuleDNS, 0)
		if queries.Load() == 0 {
			t.Error("the DNS server saw no query: the real resolver path was not taken")
		}
	})
	t.Run("servfail", func(t *testing.T) {
		t.Parallel()
		dns, queries := dnsServer(t, dnsmessage.RCodeServerFailure)
		p := newProber(t, Options{Transport: resolvingTransport(t, dns)})
		got := checkURL(t, p, "http://servfail.example.gov.cn/xxgk/")
		// A SERVFAIL is a *net.DNSError with IsTemporary set: still
		// dns-failure. (Its class is Broken today; see the report.)
		if got.Rule != RuleDNS {
			t.Errorf("SERVFAIL: rule %q (class %v, detail %q), want %q", got.Rule, got.Class, got.Detail, RuleDNS)
		}
		if queries.Load() == 0 {
			t.Error("the DNS server saw no query")
		}
		t.Logf("SERVFAIL: class %v rule %q detail %q", got.Class, got.Rule, got.Detail)
	})
}

// ---------------------------------------------------------------- connections

func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := newProber(t, Options{Retries: 2})
	for _, u := range []string{"http://" + addr + "/", "http://" + addr + "/files/a.pdf"} {
		got := checkURL(t, p, u)
		expect(t, got, checks.Broken, RuleRefused, 0)
	}
}

// silentServer accepts connections, reads what comes and never answers.
func silentServer(t testing.TB) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := &atomic.Int32{}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() {
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String(), accepted
}

func TestTimeoutNoAnswer(t *testing.T) {
	t.Parallel()
	addr, accepted := silentServer(t)
	p := newProber(t, Options{Timeout: 300 * time.Millisecond, Retries: 1, Backoff: 50 * time.Millisecond})
	for _, u := range []string{"http://" + addr + "/index.html", "http://" + addr + "/files/a.pdf"} {
		before := accepted.Load()
		start := time.Now()
		got := checkURL(t, p, u)
		elapsed := time.Since(start)
		expect(t, got, checks.Transient, RuleTimeout, 0)
		if !strings.Contains(got.Detail, "已重试 1 次") {
			t.Errorf("detail %q does not say it retried once", got.Detail)
		}
		if elapsed < 600*time.Millisecond {
			t.Errorf("%s: gave up after %v, before two 300ms attempts", u, elapsed)
		}
		if elapsed > 5*time.Second {
			t.Errorf("%s: took %v with a 300ms timeout and 1 retry", u, elapsed)
		}
		// A HEAD that times out is not tried again with GET: one
		// connection per attempt.
		if n := accepted.Load() - before; n != 2 {
			t.Errorf("%s: %d connections, want 2 (1 + 1 retry)", u, n)
		}
	}
}

func TestTimeoutTricklingBody(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for range 4096 {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
			if _, err := w.Write([]byte{' '}); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	p := newProber(t, Options{Timeout: 300 * time.Millisecond})
	start := time.Now()
	got := checkURL(t, p, srv.URL+"/art/slow.html")
	elapsed := time.Since(start)
	expect(t, got, checks.Transient, RuleTimeout, 0)
	if elapsed > 5*time.Second {
		t.Errorf("a trickling body held the probe for %v", elapsed)
	}
}

// ---------------------------------------------------------------- TLS

// tlsServer starts an HTTPS server with cert (httptest's own if nil) that
// keeps its handshake errors out of the test log.
func tlsServer(t testing.TB, cert *tls.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("首页", okPage))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if cert != nil {
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestTLSUntrusted(t *testing.T) {
	t.Parallel()
	srv := tlsServer(t, nil)
	p := newProber(t, Options{Retries: 2})
	for _, u := range []string{srv.URL + "/", srv.URL + "/a.pdf"} {
		got := checkURL(t, p, u)
		expect(t, got, checks.Broken, RuleTLS, 0)
		if !strings.Contains(got.Detail, "不受信任") {
			t.Errorf("detail %q does not say untrusted", got.Detail)
		}
	}
}

// expiredCert makes a self-signed certificate for 127.0.0.1 that expired
// yesterday.
func expiredCert(t testing.TB) (tls.Certificate, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(2024),
		Subject:               pkix.Name{CommonName: "expired.example.gov.cn", Organization: []string{"某某市人民政府办公室"}},
		NotBefore:             now.Add(-365 * 24 * time.Hour),
		NotAfter:              now.Add(-24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"expired.example.gov.cn"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, leaf
}

func TestTLSExpired(t *testing.T) {
	t.Parallel()
	cert, leaf := expiredCert(t)
	srv := tlsServer(t, &cert)

	// Untrusted and expired: Go checks the leaf's validity period before
	// building chains, so expiry is what it reports.
	t.Run("untrusted", func(t *testing.T) {
		p := newProber(t, Options{})
		got := checkURL(t, p, srv.URL+"/")
		expect(t, got, checks.Broken, RuleTLS, 0)
		t.Logf("untrusted and expired: %q", got.Detail)
		if !strings.Contains(got.Detail, "过期") {
			t.Errorf("detail %q does not mention 过期", got.Detail)
		}
	})
	// Trusted (its own root) but expired.
	t.Run("trusted", func(t *testing.T) {
		roots := x509.NewCertPool()
		roots.AddCert(leaf)
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
		t.Cleanup(tr.CloseIdleConnections)
		p := newProber(t, Options{Transport: tr})
		got := checkURL(t, p, srv.URL+"/")
		expect(t, got, checks.Broken, RuleTLS, 0)
		if !strings.Contains(got.Detail, "证书已过期") {
			t.Errorf("detail %q does not say 证书已过期", got.Detail)
		}
	})
}

func TestTLSHostnameMismatch(t *testing.T) {
	t.Parallel()
	// A valid certificate for another name: httptest's own, trusted,
	// reached under a name it does not carry.
	srv := tlsServer(t, nil)
	addr := srv.Listener.Addr().String()
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	t.Cleanup(base.CloseIdleConnections)
	p := newProber(t, Options{Transport: base})
	got := checkURL(t, p, "https://www.example.gov.cn/")
	expect(t, got, checks.Broken, RuleTLS, 0)
	if !strings.Contains(got.Detail, "域名不符") {
		t.Errorf("detail %q does not say the name does not match", got.Detail)
	}
}

// ---------------------------------------------------------------- redirects

func TestRedirects(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	mux.HandleFunc("/self", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/self", http.StatusFound) })
	mux.HandleFunc("/chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		// /chain/N/ redirects N more times, then lands.
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusMovedPermanently)
			return
		}
		writeHTML(w, 200, page("首页", okPage))
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new/index.html#top", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/new/index.html", func(w http.ResponseWriter, r *http.Request) { writeHTML(w, 200, page("首页", okPage)) })
	mux.HandleFunc("/old.pdf", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "new.pdf", http.StatusFound) // relative
	})
	mux.HandleFunc("/new.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7"))
	})
	mux.HandleFunc("/moved-away", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/gone", http.StatusFound) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusNotFound) })
	mux.HandleFunc("/to-error-page", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/404.html", http.StatusFound)
	})
	mux.HandleFunc("/404.html", func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("页面不存在", `<a href="/">返回首页</a>`))
	})
	mux.HandleFunc("/files/missing.pdf", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/404.html", http.StatusFound)
	})
	mux.HandleFunc("/no-location", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusFound) })
	mux.HandleFunc("/bad-location", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://[::1%zz/")
		w.WriteHeader(http.StatusFound)
	})
	srv, rec := serve(t, mux.ServeHTTP)
	p := newProber(t, Options{})

	got := checkURL(t, p, srv.URL+"/a")
	expect(t, got, checks.Broken, RuleRedirectLoop, 0)
	expect(t, checkURL(t, p, srv.URL+"/self"), checks.Broken, RuleRedirectLoop, 0)
	expect(t, checkURL(t, p, srv.URL+"/chain/15"), checks.Broken, RuleTooManyRedirects, 0)
	expect(t, checkURL(t, p, srv.URL+"/chain/11"), checks.Broken, RuleTooManyRedirects, 0)
	// maxRedirects hops are followed.
	got = checkURL(t, p, srv.URL+fmt.Sprintf("/chain/%d", maxRedirects))
	expect(t, got, checks.OK, "", 200)
	if got.Final != srv.URL+"/chain/0" {
		t.Errorf("Final %q", got.Final)
	}

	got = checkURL(t, p, srv.URL+"/old")
	expect(t, got, checks.OK, "", 200)
	if want := srv.URL + "/new/index.html"; got.Final != want {
		t.Errorf("Final %q, want %q (fragment dropped)", got.Final, want)
	}
	got = checkURL(t, p, srv.URL+"/old.pdf")
	expect(t, got, checks.OK, "", 200)
	if want := srv.URL + "/new.pdf"; got.Final != want {
		t.Errorf("Final %q, want %q", got.Final, want)
	}
	got = checkURL(t, p, srv.URL+"/moved-away")
	expect(t, got, checks.Broken, "http-404", 404)
	if got.Final != srv.URL+"/gone" {
		t.Errorf("Final %q", got.Final)
	}
	got = checkURL(t, p, srv.URL+"/to-error-page")
	expect(t, got, checks.Broken, RuleSoft404, 200)
	if got.Final != srv.URL+"/404.html" {
		t.Errorf("Final %q", got.Final)
	}
	if got := checkURL(t, p, srv.URL+"/direct"); got.Final != "" {
		t.Errorf("no redirect, yet Final %q", got.Final)
	}

	got = checkURL(t, p, srv.URL+"/no-location")
	expect(t, got, checks.Broken, "http-302", 302)
	// net/http's Client parses Location itself and fails the request
	// before the prober sees the response: no panic, not OK.
	got = checkURL(t, p, srv.URL+"/bad-location")
	if got.Class == checks.OK {
		t.Errorf("unparsable Location: %+v", got)
	}
	t.Logf("unparsable Location: class %v rule %q detail %q", got.Class, got.Rule, got.Detail)

	// An attachment that redirects to the site's error page: the page
	// that answers is read.
	got = checkURL(t, p, srv.URL+"/files/missing.pdf")
	expect(t, got, checks.Broken, RuleSoft404, 200)
	if got.Final != srv.URL+"/404.html" {
		t.Errorf("Final %q", got.Final)
	}
	// …and one that lands on a file: one ranged GET a hop, never HEAD.
	for _, q := range rec.all() {
		if (q.Path == "/old.pdf" || q.Path == "/new.pdf") && (q.Method != http.MethodGet || q.Range != "bytes=0-65535") {
			t.Errorf("%s %s (Range %q): an attachment is fetched with a ranged GET", q.Method, q.Path, q.Range)
		}
	}
}

// ---------------------------------------------------------------- the queue

func TestSubmitWaitThrottled(t *testing.T) {
	t.Parallel()
	const n = 200
	var active, peak atomic.Int32
	var mu sync.Mutex
	count := map[string]int{}
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		a := active.Add(1)
		for {
			p := peak.Load()
			if a <= p || peak.CompareAndSwap(p, a) {
				break
			}
		}
		mu.Lock()
		count[r.Method+" "+r.URL.Path]++
		mu.Unlock()
		time.Sleep(time.Millisecond)
		// Leave before the response is written: the client cannot
		// start its next request on this host before this one is over.
		active.Add(-1)
		if strings.HasSuffix(r.URL.Path, ".pdf") {
			w.Header().Set("Content-Type", "application/pdf")
			return
		}
		writeHTML(w, 200, page("文章", okPage))
	})
	hosts := map[string]string{"www.example.gov.cn:80": srv.Listener.Addr().String()}
	base := transport.New(transport.Options{Timeout: 10 * time.Second, Hosts: hosts, HostsOnly: true})
	t.Cleanup(base.CloseIdleConnections)
	rt := transport.WithUserAgent(transport.NewThrottle(base, 0, 2), transport.UserAgent)
	p := newProber(t, Options{Transport: rt, Workers: 16})

	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("http://www.example.gov.cn/art/2024/%d/art_%d.html", i%12+1, i)
		if i%4 == 0 {
			urls[i] = fmt.Sprintf("http://www.example.gov.cn/files/%d.pdf", i)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p.Start(ctx)
	var submitters sync.WaitGroup
	for g := range 2 {
		submitters.Go(func() {
			for i := range urls {
				j := i
				if g == 1 {
					j = len(urls) - 1 - i // the other order
				}
				p.Submit(urls[j])
			}
		})
	}
	submitters.Wait()
	p.Wait()

	if got := len(slices.Collect(p.Each)); got != n {
		t.Errorf("%d results, want %d", got, n)
	}
	if got := p.Done(); got != n {
		t.Errorf("Done() = %d, want %d", got, n)
	}
	for _, u := range urls {
		s, ok := p.Result(u)
		if !ok {
			t.Errorf("no result for %s", u)
			continue
		}
		if s.URL != u || s.Class != checks.OK {
			t.Errorf("%s: %+v", u, s)
		}
	}
	if pk := peak.Load(); pk > 2 {
		t.Errorf("the server saw %d requests at once; the throttle allows 2", pk)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(count) != n {
		t.Errorf("the server saw %d distinct requests, want %d", len(count), n)
	}
	for k, c := range count {
		if c != 1 {
			t.Errorf("%s requested %d times", k, c)
		}
	}
}

func TestKnownPreventsProbe(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("首页", okPage))
	})
	p := newProber(t, Options{})
	cached := checks.LinkStatus{URL: srv.URL + "/cached.html", Class: checks.OK, Detail: "cached"}
	crawled := checks.LinkStatus{URL: srv.URL + "/crawled.html", Status: 404, Class: checks.Broken, Rule: "http-404"}
	p.Known(cached)
	p.Known(crawled)
	p.Known(checks.LinkStatus{URL: crawled.URL, Class: checks.OK}) // the first verdict stands

	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	p.Start(ctx)
	p.Submit(cached.URL)
	p.Submit(crawled.URL)
	p.Wait()
	if got, ok := p.Result(cached.URL); !ok || got != cached {
		t.Errorf("Result(cached) = %+v, %v", got, ok)
	}
	if got := checkURL(t, p, crawled.URL); got != crawled {
		t.Errorf("Check(crawled) = %+v, want the known %+v", got, crawled)
	}
	if n := rec.count(); n != 0 {
		t.Errorf("known URLs were probed: %d requests", n)
	}
	if _, ok := p.Result(srv.URL + "/never-submitted"); ok {
		t.Error("Result of an unknown URL")
	}
}

func TestCheckWithoutStart(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeHTML(w, 200, page("首页", okPage))
	})
	p := newProber(t, Options{})
	u := srv.URL + "/index.html"
	expect(t, checkURL(t, p, u), checks.OK, "", 200)
	expect(t, checkURL(t, p, u), checks.OK, "", 200) // cached
	if n := rec.count(); n != 1 {
		t.Errorf("%d requests for one URL checked twice", n)
	}
	if got, ok := p.Result(u); !ok || got.Class != checks.OK {
		t.Errorf("Result after Check: %+v, %v", got, ok)
	}
	if got := len(slices.Collect(p.Each)); got != 1 {
		t.Errorf("%d results", got)
	}
}

func TestCheckConcurrentSameURL(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeHTML(w, 200, page("首页", okPage))
	})
	p := newProber(t, Options{})
	u := srv.URL + "/slow.html"
	var wg sync.WaitGroup
	results := make([]checks.LinkStatus, 8)
	for i := range results {
		wg.Go(func() { results[i] = checkURL(t, p, u) })
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	for _, s := range results {
		expect(t, s, checks.OK, "", 200)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("%d requests for one URL checked 8 times at once", n)
	}
}

// slowServer answers nothing until the client goes away or the test ends;
// started receives each request's path.
func slowServer(t testing.TB) (*httptest.Server, chan string) {
	t.Helper()
	release := make(chan struct{})
	started := make(chan string, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case started <- r.URL.Path:
		default:
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: lets handlers end before Close waits
	return srv, started
}

func TestCancelDuringProbe(t *testing.T) {
	t.Parallel()
	srv, started := slowServer(t)
	p := newProber(t, Options{Timeout: time.Minute, Retries: 2, Workers: 1})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.Start(ctx)
	urls := []string{srv.URL + "/1.html", srv.URL + "/2.html", srv.URL + "/3.pdf"}
	for _, u := range urls {
		p.Submit(u)
	}
	select {
	case <-started:
	case <-time.After(hang):
		t.Fatal("the server never saw the probe")
	}
	cancel()
	done := make(chan struct{})
	start := time.Now()
	go func() { p.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(hang):
		t.Fatal("Wait did not return after the context was cancelled")
	}
	t.Logf("Wait returned %v after cancel", time.Since(start))
	for _, u := range urls {
		s, ok := p.Result(u)
		if !ok {
			t.Errorf("%s: no result after Wait", u)
		} else if s.Class == checks.OK {
			t.Errorf("%s: a cancelled probe is OK: %+v", u, s)
		}
	}
}

func TestCheckContextDeadline(t *testing.T) {
	t.Parallel()
	srv, _ := slowServer(t)
	p := newProber(t, Options{Timeout: time.Minute, Retries: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	got := p.Check(ctx, srv.URL+"/slow.html")
	if elapsed := time.Since(start); elapsed > hang {
		t.Errorf("Check outlived its context by far: %v", elapsed)
	}
	if got.Class == checks.OK {
		t.Errorf("a probe cut short by its context is OK: %+v", got)
	}
}

// ---------------------------------------------------------------- benchmark

func BenchmarkProbe(b *testing.B) {
	pdf := make([]byte, 4096)
	copy(pdf, "%PDF-1.4\n")
	html := page("关于做好2024年政府信息公开工作的通知", okPage)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".pdf") {
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
			if r.Method == http.MethodGet {
				w.Write(pdf)
			}
			return
		}
		writeHTML(w, 200, html)
	}))
	b.Cleanup(srv.Close)

	run := func(b *testing.B, target func(i int) string) {
		p := newProber(b, Options{})
		ctx := context.Background()
		i := 0
		for b.Loop() {
			if s := p.Check(ctx, target(i)); s.Class != checks.OK {
				b.Fatalf("%+v", s)
			}
			i++
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "probes/s")
	}
	b.Run("get-pdf", func(b *testing.B) {
		run(b, func(i int) string { return fmt.Sprintf("%s/files/%d.pdf", srv.URL, i) })
	})
	b.Run("get-html", func(b *testing.B) {
		run(b, func(i int) string { return fmt.Sprintf("%s/art/art_%d.html", srv.URL, i) })
	})
	b.Run("submit-mixed", func(b *testing.B) {
		// The queue: 32 workers, no throttle, half attachments, half pages.
		p := newProber(b, Options{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p.Start(ctx)
		b.ResetTimer()
		for i := range b.N {
			if i%2 == 0 {
				p.Submit(fmt.Sprintf("%s/files/%d.pdf", srv.URL, i))
			} else {
				p.Submit(fmt.Sprintf("%s/art/art_%d.html", srv.URL, i))
			}
		}
		p.Wait()
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "probes/s")
	})
}

// A second Check of a URL being probed waits for the first one's verdict
// rather than asking again; a waiter whose context ends leaves with that
// error, and the verdict still reaches those who stay.
func TestCheckWaitsForTheVerdictUnderWay(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-release
		http.NotFound(w, r)
	}))
	defer srv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	p := newProber(t, Options{})
	u := srv.URL + "/gone.html"
	first := make(chan checks.LinkStatus)
	go func() { first <- checkURL(t, p, u) }()
	for hits.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	if _, ok := p.Result(u); ok {
		t.Error("Result has a verdict while the probe is under way")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := p.Check(ctx, u); got.Class != checks.Transient || got.Rule != RuleNetwork || !strings.Contains(got.Detail, "canceled") {
		t.Errorf("a waiter whose context ended got %+v, want its context's error", got)
	}
	second := make(chan checks.LinkStatus)
	go func() { second <- checkURL(t, p, u) }()
	time.Sleep(20 * time.Millisecond) // let the second waiter wait
	close(release)
	a, b := <-first, <-second
	expect(t, a, checks.Broken, "http-404", 404)
	expect(t, b, checks.Broken, "http-404", 404)
	if n := hits.Load(); n != 1 {
		t.Errorf("server asked %d times, want once", n)
	}
	if got, ok := p.Result(u); !ok || got.Status != 404 {
		t.Errorf("Result after the probe = %+v, %v", got, ok)
	}
	if got := slices.Collect(p.Each); len(got) != 1 || got[0].Status != 404 {
		t.Errorf("Each = %+v, want the one verdict", got)
	}
}

// BenchmarkResult looks up the verdict on a link as the whole-site checks
// do, once for every link of every page: the URL as written is its key.
func BenchmarkResult(b *testing.B) {
	p := New(Options{})
	u := "http://jyj.lanjiang.gov.cn/xxgk/tzgg/202611/t20261127_4921001.html"
	p.Known(checks.LinkStatus{URL: u, Status: 200, Class: checks.OK})
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := p.Result(u); !ok {
			b.Fatal("no verdict")
		}
	}
}
