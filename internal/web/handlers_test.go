package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"govaudit/internal/config"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// latest is the fixture's latest outcome as the store has it now.
func (e *testEnv) latest(t *testing.T) *outcome.Outcome {
	t.Helper()
	run, ok, err := e.st.Latest(fixtureKey)
	if err != nil || !ok {
		t.Fatalf("latest run: %v %v", ok, err)
	}
	o, err := e.st.Outcome(fixtureKey, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

var rowRE = regexp.MustCompile(`<tr id="f-([0-9a-f]+)" data-fingerprint="[0-9a-f]+" data-status="([a-z]+)"`)

// rows are the fingerprints listed on a site page, with their status.
func rows(body string) map[string]string {
	out := map[string]string{}
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func checkHeaders(t *testing.T, res *http.Response) {
	t.Helper()
	h := res.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") ||
		!strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Frame-Options %q, X-Content-Type-Options %q", h.Get("X-Frame-Options"), h.Get("X-Content-Type-Options"))
	}
}

func TestSitesPage(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Sites = append(o.Sites, config.MonitorSite{Site: &config.Site{URL: "https://www.example.gov.cn/", Name: "示例市政府"}})
	})
	o := e.latest(t)
	res, body := e.get(t, "/")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	checkHeaders(t, res)
	c := o.Count()
	for _, want := range []string{
		"蓝江县教育局", `href="/site/jyj.lanjiang.gov.cn"`, o.Run.StatusLabel(), fmt.Sprintf("%d 个页面", o.Run.Pages),
		`data-veto-level="fail"`, // the week's availability is past the veto line
		fmt.Sprintf(`data-label="错误" class="num">%d<`, c.Errors), fmt.Sprintf(`data-label="警告" class="num">%d<`, c.Warnings),
		fmt.Sprintf(`data-label="新增" class="num">%d<`, c.New),
		">8.9%<", "168 次探测", fixtureNow.Add(5 * time.Hour).In(shanghai).Format("2006-01-02 15:04"),
		"示例市政府", `href="/site/www.example.gov.cn"`, "尚未检查",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the sites page lacks %q", want)
		}
	}
	if strings.Contains(body, "检查进行中") {
		t.Error("a site shows as running before any run was started")
	}
	if strings.Contains(body, "<script") {
		t.Error("the page has a script")
	}
	if err := e.rec.RunNow(fixtureKey); err != nil {
		t.Fatal(err)
	}
	if _, body := e.get(t, "/"); strings.Count(body, "检查进行中") != 1 {
		t.Error("the running site is not marked 检查进行中")
	}
}

func TestSitePage(t *testing.T) {
	e := newEnv(t, nil)
	o := e.latest(t)
	res, body := e.get(t, e.path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", e.path, res.StatusCode, body)
	}
	checkHeaders(t, res)
	for _, l := range o.Standing {
		if !strings.Contains(body, `data-veto="`+l.ID+`"`) {
			t.Errorf("veto line %s is missing", l.ID)
		}
	}
	for _, want := range []string{
		`data-veto="homepage-available" class="fail"`, `<svg id="trend"`, `id="avail-week"`, "<b>8.9%</b>", "<b>12.5%</b>",
		"（15 / 168 次）", "（3 / 24 次）", e.path + "/report.xlsx", e.path + "/report.html", e.path + "/report.csv", e.path + "/report.json",
		`id="run-now"`, o.Run.ID.String(), "立即检查",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the site page lacks %q", want)
		}
	}
	if n := strings.Count(body, "<circle class=\"done\""); n != 4 {
		t.Errorf("%d trend dots, want 4 (two runs, two series)", n)
	}
	got := rows(body)
	if len(got) != len(o.Findings) {
		t.Errorf("%d rows, want all %d findings", len(got), len(o.Findings))
	}
	for _, f := range o.Findings {
		if got[f.Fingerprint] != string(f.Status) {
			t.Errorf("finding %s: row status %q, want %q", f.Fingerprint, got[f.Fingerprint], f.Status)
		}
	}
	// Each finding links to its page.
	if n := strings.Count(body, `class="page-link"`); n != len(o.Findings) {
		t.Errorf("%d page links, want %d", n, len(o.Findings))
	}
}

func TestFiltersNarrow(t *testing.T) {
	e := newEnv(t, nil)
	o := e.latest(t)
	// A column that has findings, to filter by.
	col := ""
	for _, f := range o.Findings {
		if f.Column != "" {
			col = f.Column
			break
		}
	}
	if col == "" {
		t.Fatal("no finding of the demo has a column")
	}
	for _, tc := range []struct {
		query string
		keep  func(outcome.Finding) bool
	}{
		{"check=dead-link", func(f outcome.Finding) bool { return f.Check == "dead-link" }},
		{"severity=warning", func(f outcome.Finding) bool { return f.Severity == "warning" }},
		{"status=new", func(f outcome.Finding) bool { return f.Status == outcome.New }},
		{"status=open", func(f outcome.Finding) bool { return f.Status == outcome.Open }},
		{"column=" + url.QueryEscape(col), func(f outcome.Finding) bool { return f.Column == col }},
		{"column=-", func(f outcome.Finding) bool { return f.Column == "" }},
		{"check=dead-link&severity=error&status=open", func(f outcome.Finding) bool {
			return f.Check == "dead-link" && f.Severity == "error" && f.Status == outcome.Open
		}},
		{"status=accepted", func(f outcome.Finding) bool { return false }},
	} {
		want := map[string]bool{}
		for _, f := range o.Findings {
			if tc.keep(f) {
				want[f.Fingerprint] = true
			}
		}
		res, body := e.get(t, e.path+"?"+tc.query)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tc.query, res.StatusCode)
			continue
		}
		got := rows(body)
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", tc.query, len(got), len(want))
		}
		for fp := range got {
			if !want[fp] {
				t.Errorf("%s: row %s should be filtered out", tc.query, fp)
			}
		}
		if len(want) > 0 && len(want) == len(o.Findings) {
			t.Errorf("%s: the filter keeps everything; pick one that narrows", tc.query)
		}
		if !strings.Contains(body, fmt.Sprintf("符合条件 %d 条（共 %d 条）", len(want), len(o.Findings))) {
			t.Errorf("%s: the count line is wrong", tc.query)
		}
	}
	for _, bad := range []string{"severity=fatal", "status=fixed"} {
		if res, _ := e.get(t, e.path+"?"+bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, res.StatusCode)
		}
	}
}

// firstNew is a new finding of the latest run.
func firstNew(t *testing.T, o *outcome.Outcome) outcome.Finding {
	t.Helper()
	for _, f := range o.Findings {
		if f.Status == outcome.New {
			return f
		}
	}
	t.Fatal("the latest run has no new finding")
	return outcome.Finding{}
}

func TestAcceptAndUnaccept(t *testing.T) {
	e := newEnv(t, nil)
	o := e.latest(t)
	f := firstNew(t, o)
	csrf := e.csrf(t)
	before := o.Count()

	// Refused forms write nothing.
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no reason", url.Values{"fingerprint": {f.Fingerprint}, "reason": {"  "}}, "请填写接受理由"},
		{"bad date", url.Values{"fingerprint": {f.Fingerprint}, "reason": {"x"}, "until": {"2026/12/31"}}, "有效期应为日期"},
		{"past date", url.Values{"fingerprint": {f.Fingerprint}, "reason": {"x"}, "until": {"2020-01-01"}}, "不能早于今天"},
		{"unknown finding", url.Values{"fingerprint": {"0123456789abcdef01234567"}, "reason": {"x"}}, "没有这个问题"},
		{"no fingerprint", url.Values{"reason": {"x"}}, "缺少问题识别码"},
	} {
		tc.form.Set("csrf", csrf)
		res, body := e.post(t, e.path+"/accept", tc.form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%s: status %d, want 400 saying %q", tc.name, res.StatusCode, tc.want)
		}
	}
	if acc, _ := e.st.Acceptances(fixtureKey); len(acc) != 0 {
		t.Fatalf("refused forms wrote acceptances: %v", acc)
	}

	until := fixtureNow.AddDate(0, 1, 0).In(shanghai).Format("2006-01-02")
	res, _ := e.post(t, e.path+"/accept", url.Values{"csrf": {csrf}, "fingerprint": {f.Fingerprint},
		"reason": {"该链接指向已撤销的文件，按规定保留原文"}, "until": {until}, "by": {"张三"}, "q": {"status=new&evil=1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: status %d, want 303", res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != e.path+"?status=new&done=accepted#f-"+f.Fingerprint {
		t.Errorf("accept redirects to %q", loc)
	}
	acc, err := e.st.Acceptances(fixtureKey)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := acc[f.Fingerprint]
	if !ok || a.Reason != "该链接指向已撤销的文件，按规定保留原文" || a.By != "张三" || a.Until.In(shanghai).Format("2006-01-02") != until || !a.At.Equal(fixtureNow) {
		t.Fatalf("stored acceptance: %+v", acc)
	}
	_, body := e.get(t, e.path+"?status=accepted&done=accepted")
	if got := rows(body); len(got) != 1 || got[f.Fingerprint] != "accepted" {
		t.Errorf("after accepting, the accepted rows are %v", got)
	}
	for _, want := range []string{"已接受该问题", "张三", "有效至 " + until, "撤销接受", "已接受</span>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page after accepting lacks %q", want)
		}
	}
	_, body = e.get(t, "/")
	after := before
	after.Errors--
	after.New--
	if f.Severity != "error" || !strings.Contains(body, fmt.Sprintf(`data-label="错误" class="num">%d<`, after.Errors)) ||
		!strings.Contains(body, fmt.Sprintf(`data-label="新增" class="num">%d<`, after.New)) {
		t.Errorf("the sites page does not count the accepted finding out (severity %s)", f.Severity)
	}

	res, _ = e.post(t, e.path+"/unaccept", url.Values{"csrf": {csrf}, "fingerprint": {f.Fingerprint}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unaccept: status %d, want 303", res.StatusCode)
	}
	if acc, _ := e.st.Acceptances(fixtureKey); len(acc) != 0 {
		t.Errorf("after unaccept the store still has %v", acc)
	}
	_, body = e.get(t, e.path)
	if got := rows(body)[f.Fingerprint]; got != "new" {
		t.Errorf("after unaccept the finding is %q, want new again", got)
	}
	res, body = e.post(t, e.path+"/unaccept", url.Values{"csrf": {csrf}, "fingerprint": {f.Fingerprint}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "未能撤销") {
		t.Errorf("unaccepting twice: status %d", res.StatusCode)
	}
}

// TestForgedPostsRefused: a POST without a matching Origin or Referer, or
// without the form's CSRF token, is refused with 403 and changes nothing.
func TestForgedPostsRefused(t *testing.T) {
	e := newEnv(t, nil)
	f := firstNew(t, e.latest(t))
	csrf := e.csrf(t)
	own := "http://" + loopback
	for _, tc := range []struct {
		name    string
		headers map[string]string
		csrf    string
	}{
		{"no origin, no referer", nil, csrf},
		{"other origin", map[string]string{"Origin": "http://evil.example"}, csrf},
		{"other port", map[string]string{"Origin": "http://127.0.0.1:9999"}, csrf},
		{"null origin", map[string]string{"Origin": "null"}, csrf},
		{"other referer", map[string]string{"Referer": "http://evil.example/page"}, csrf},
		{"cross-site fetch", map[string]string{"Origin": own, "Sec-Fetch-Site": "cross-site"}, csrf},
		{"same-site fetch", map[string]string{"Origin": own, "Sec-Fetch-Site": "same-site"}, csrf},
		{"no csrf token", map[string]string{"Origin": own}, ""},
		{"wrong csrf token", map[string]string{"Origin": own}, strings.Repeat("ab", 32)},
		{"garbled csrf token", map[string]string{"Origin": own}, "not hex"},
	} {
		for _, action := range []string{"accept", "unaccept", "run"} {
			form := url.Values{"fingerprint": {f.Fingerprint}, "reason": {"forged"}}
			if tc.csrf != "" {
				form.Set("csrf", tc.csrf)
			}
			req := httptest.NewRequest(http.MethodPost, e.path+"/"+action, strings.NewReader(form.Encode()))
			req.Host = loopback
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			res, body := e.do(t, req)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "请求被拒绝") {
				t.Errorf("%s, %s: status %d, want 403 请求被拒绝", tc.name, action, res.StatusCode)
			}
			checkHeaders(t, res)
		}
	}
	if acc, _ := e.st.Acceptances(fixtureKey); len(acc) != 0 {
		t.Errorf("forged posts wrote acceptances: %v", acc)
	}
	if calls := e.rec.Calls(); len(calls) != 0 {
		t.Errorf("forged posts started runs: %v", calls)
	}

	// The controls: a Referer of the dashboard's own (no Origin) with the
	// token is accepted, as is Sec-Fetch-Site: same-origin.
	form := url.Values{"csrf": {csrf}, "fingerprint": {f.Fingerprint}, "reason": {"ok"}}
	req := httptest.NewRequest(http.MethodPost, e.path+"/accept", strings.NewReader(form.Encode()))
	req.Host = loopback
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", own+e.path)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res, _ := e.do(t, req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a same-origin POST by Referer: status %d, want 303", res.StatusCode)
	}
}

// TestGetChangesNothing: the POST endpoints refuse GET.
func TestGetChangesNothing(t *testing.T) {
	e := newEnv(t, nil)
	f := firstNew(t, e.latest(t))
	for _, action := range []string{"accept?fingerprint=" + f.Fingerprint + "&reason=x", "unaccept?fingerprint=" + f.Fingerprint, "run"} {
		if res, _ := e.get(t, e.path+"/"+action); res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d", action, res.StatusCode)
		}
	}
	if acc, _ := e.st.Acceptances(fixtureKey); len(acc) != 0 || len(e.rec.Calls()) != 0 {
		t.Error("a GET changed something")
	}
}

func TestRunNow(t *testing.T) {
	e := newEnv(t, nil)
	csrf := e.csrf(t)
	res, _ := e.post(t, e.path+"/run", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != e.path+"?done=run" {
		t.Fatalf("run: status %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	if calls := e.rec.Calls(); len(calls) != 1 || calls[0] != fixtureKey {
		t.Fatalf("RunNow calls: %v", calls)
	}
	_, body := e.get(t, e.path+"?done=run")
	for _, want := range []string{"已开始检查", `id="running"`, `id="run-now" class="primary" disabled`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page after run now lacks %q", want)
		}
	}
	res, body = e.post(t, e.path+"/run", url.Values{"csrf": {csrf}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "无法开始检查") {
		t.Errorf("a second run now: status %d", res.StatusCode)
	}
	// Without RunNow there is no button and no endpoint.
	e2 := newEnv(t, func(o *Options) { o.RunNow = nil })
	if _, body := e2.get(t, e2.path); strings.Contains(body, `id="run-now"`) {
		t.Error("run-now button without RunNow")
	}
	if res, _ := e2.post(t, e2.path+"/run", url.Values{"csrf": {e2.csrf(t)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("run without RunNow: %d", res.StatusCode)
	}
}

func TestTokenRequired(t *testing.T) {
	const token = "s3cret-Token"
	e := newEnv(t, func(o *Options) { o.Token = token })
	get := func(path string, mod func(*http.Request)) *http.Response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = "dash.lanjiang.gov.cn" // with a token, any host name
		if mod != nil {
			mod(req)
		}
		res, _ := e.do(t, req)
		return res
	}
	for _, p := range []string{"/", e.path, e.path + "/report.json", "/metrics", "/nothing"} {
		res := get(p, nil)
		if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("GET %s without a token: %d", p, res.StatusCode)
		}
		checkHeaders(t, res)
		if res := get(p, func(r *http.Request) { r.Header.Set("Authorization", "Bearer wrong") }); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong token: %d", p, res.StatusCode)
		}
		if res := get(p, func(r *http.Request) { r.AddCookie(&http.Cookie{Name: sessionCookie, Value: "a.99999999999.00"}) }); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a forged cookie: %d", p, res.StatusCode)
		}
	}
	want := map[string]int{"/": 200, e.path: 200, e.path + "/report.json": 200, "/metrics": 200, "/nothing": 404}
	for p, code := range want {
		if res := get(p, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }); res.StatusCode != code {
			t.Errorf("GET %s with the token: %d, want %d", p, res.StatusCode, code)
		}
	}
	for _, p := range []string{cssPath, iconPath, "/login"} {
		if res := get(p, nil); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s (public) without a token: %d", p, res.StatusCode)
		}
	}

	// The login form: a wrong token is refused, the right one sets a
	// cookie that opens the dashboard.
	_, loginPage := e.get(t, "/login")
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(loginPage)
	if m == nil {
		t.Fatal("no CSRF field on the login form")
	}
	login := func(tok string) *http.Response {
		form := url.Values{"csrf": {m[1]}, "token": {tok}, "next": {e.path}}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Host = "dash.lanjiang.gov.cn"
		req.Header.Set("Origin", "https://dash.lanjiang.gov.cn")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, _ := e.do(t, req)
		return res
	}
	if res := login("wrong"); res.StatusCode != http.StatusUnauthorized || len(res.Cookies()) != 0 {
		t.Errorf("login with a wrong token: %d, cookies %v", res.StatusCode, res.Cookies())
	}
	res := login(token)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != e.path {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || strings.Contains(cookie.Value, token) {
		t.Fatalf("session cookie: %+v", cookie)
	}
	withCookie := func(r *http.Request) { r.AddCookie(cookie) }
	if res := get(e.path, withCookie); res.StatusCode != http.StatusOK {
		t.Errorf("GET with the session cookie: %d", res.StatusCode)
	}

	// A session's forms carry a CSRF token of their own: the login page's
	// (anonymous) token does not do for a logged-in visitor.
	post := func(csrf string) int {
		form := url.Values{"csrf": {csrf}}
		req := httptest.NewRequest(http.MethodPost, e.path+"/run", strings.NewReader(form.Encode()))
		req.Host = "dash.lanjiang.gov.cn"
		req.Header.Set("Origin", "https://dash.lanjiang.gov.cn")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		res, _ := e.do(t, req)
		return res.StatusCode
	}
	req := httptest.NewRequest(http.MethodGet, e.path, nil)
	req.Host = "dash.lanjiang.gov.cn"
	req.AddCookie(cookie)
	_, page := e.do(t, req)
	sm := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if sm == nil || sm[1] == m[1] {
		t.Fatalf("the session's CSRF token is the anonymous one")
	}
	if code := post(m[1]); code != http.StatusForbidden {
		t.Errorf("POST with the anonymous CSRF token in a session: %d, want 403", code)
	}
	if len(e.rec.Calls()) != 0 {
		t.Error("a refused POST started a run")
	}
	if code := post(sm[1]); code != http.StatusSeeOther || len(e.rec.Calls()) != 1 {
		t.Errorf("POST with the session's CSRF token: %d, calls %v", code, e.rec.Calls())
	}
}

// TestLoopbackHostOnlyWithoutToken: without a token, a request addressed to
// another host name (DNS rebinding) is refused.
func TestLoopbackHostOnlyWithoutToken(t *testing.T) {
	e := newEnv(t, nil)
	for host, code := range map[string]int{
		"127.0.0.1:8080": 200, "localhost:8080": 200, "[::1]:8080": 200, "localhost": 200,
		"evil.example:8080": 403, "192.168.1.5:8080": 403, "localhost.evil.example": 403,
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		if res, _ := e.do(t, req); res.StatusCode != code {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, code)
		}
	}
}

func TestDownloads(t *testing.T) {
	e := newEnv(t, nil)
	o := e.latest(t)
	f := firstNew(t, o)
	if err := e.st.Accept(fixtureKey, outcome.Acceptance{Fingerprint: f.Fingerprint, Reason: "测试", By: "t", At: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	for ext, ctype := range downloadTypes {
		res, body := e.get(t, e.path+"/report."+ext)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != ctype {
			t.Errorf("report.%s: %d %s", ext, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="govaudit-jyj.lanjiang.gov.cn-`+o.Run.ID.String()+"."+ext+`"`) {
			t.Errorf("report.%s: Content-Disposition %q", ext, cd)
		}
		switch ext {
		case "html":
			if !strings.Contains(body, "单项否决指标") || res.Header.Get("Content-Security-Policy") != reportCSP {
				t.Errorf("report.html: CSP %q", res.Header.Get("Content-Security-Policy"))
			}
		case "xlsx":
			if !strings.HasPrefix(body, "PK") {
				t.Error("report.xlsx is not a zip")
			}
		case "csv":
			if strings.Count(body, "\n") < len(o.Findings) {
				t.Errorf("report.csv has %d lines for %d findings", strings.Count(body, "\n"), len(o.Findings))
			}
		case "json":
			var doc struct {
				Run struct {
					ID string `json:"id"`
				} `json:"run"`
				Findings []struct {
					Fingerprint string `json:"fingerprint"`
					Status      string `json:"status"`
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatalf("report.json: %v", err)
			}
			if doc.Run.ID != o.Run.ID.String() || len(doc.Findings) != len(o.Findings) {
				t.Errorf("report.json: run %s with %d findings, want %s with %d", doc.Run.ID, len(doc.Findings), o.Run.ID, len(o.Findings))
			}
			for _, x := range doc.Findings {
				if x.Fingerprint == f.Fingerprint && x.Status != "accepted" {
					t.Errorf("report.json: the finding accepted since the run is %q", x.Status)
				}
			}
		}
	}
	for _, p := range []string{"/report.pdf", "/report.", "/report", "/other.json"} {
		if res, _ := e.get(t, e.path+p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t, nil)
	for _, p := range []string{"/site/nope", "/site/nope/report.json", "/nothing", "/site/"} {
		res, body := e.get(t, p)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
		checkHeaders(t, res)
		if !strings.Contains(body, "不存在") && !strings.Contains(body, "没有这个") {
			t.Errorf("GET %s: the 404 page says %q", p, body)
		}
	}
}

func TestCheckListen(t *testing.T) {
	for _, tc := range []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"localhost:8080", "", true},
		{"[::1]:8080", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.10:8080", "", false},
		{"[::]:8080", "  ", false},
		{"0.0.0.0:8080", "secret", true},
		{":8080", "secret", true},
	} {
		err := CheckListen(tc.addr, tc.token)
		if (err == nil) != tc.ok {
			t.Errorf("CheckListen(%q, %q) = %v, want ok %v", tc.addr, tc.token, err, tc.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "访问令牌") || !strings.Contains(err.Error(), "token")) {
			t.Errorf("CheckListen(%q): %v: want Chinese and English", tc.addr, err)
		}
	}
}

func TestSiteSlug(t *testing.T) {
	for key, want := range map[string][2]string{
		"http://jyj.lanjiang.gov.cn/":        {"jyj.lanjiang.gov.cn", "http~jyj.lanjiang.gov.cn"},
		"https://www.example.gov.cn/jyj/":    {"www.example.gov.cn~jyj", "https~www.example.gov.cn~jyj"},
		"https://www.example.gov.cn:8443/":   {"www.example.gov.cn:8443", "https~www.example.gov.cn:8443"},
		"https://example.gov.cn/a/b/c.html":  {"example.gov.cn~a~b~c.html", "https~example.gov.cn~a~b~c.html"},
		"https://example.gov.cn/%E6%95%99/":  {"example.gov.cn~%E6%95%99", "https~example.gov.cn~%E6%95%99"},
		"https://example.gov.cn/index?id=12": {"example.gov.cn~index~id=12", "https~example.gov.cn~index~id=12"},
	} {
		slug, alt := siteSlug(key)
		if slug != want[0] || alt != want[1] {
			t.Errorf("siteSlug(%q) = %q, %q; want %q, %q", key, slug, alt, want[0], want[1])
		}
	}
	// Two sites differing only in scheme get distinct pages; the same
	// site twice is an error.
	st, err := store.Open(filepath.Join(t.TempDir(), "empty.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := New(Options{Store: st, Logger: slog.New(slog.DiscardHandler), Sites: []config.MonitorSite{
		{Site: &config.Site{URL: "http://a.gov.cn/"}}, {Site: &config.Site{URL: "https://a.gov.cn/"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/site/a.gov.cn", "/site/https~a.gov.cn"} {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Host = loopback
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Errorf("GET %s: %d", p, w.Code)
		}
	}
	if _, err := New(Options{Store: st, Sites: []config.MonitorSite{
		{Site: &config.Site{URL: "http://a.gov.cn/"}}, {Site: &config.Site{URL: "http://a.gov.cn"}}}}); err == nil {
		t.Error("the same site twice: no error")
	}
	if _, err := New(Options{}); err == nil {
		t.Error("New without a store: no error")
	}
}
