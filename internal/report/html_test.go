package report

import (
	"bytes"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

const htmlSite = "https://jyj.lanjiang.gov.cn/"

// htmlTitles are the Chinese titles of the checks in htmlSample.
var htmlTitles = map[string]string{
	"dead-link":              "链接无法打开",
	"broken-attachment":      "附件无法打开",
	"banned-wording":         "严重表述错误",
	"personal-info":          "个人信息泄露",
	"stale-column":           "栏目不更新",
	"missing-interpretation": "缺少政策解读",
	"secrecy-mark":           "涉密标识",
	"homepage":               "首页检查",
}

// htmlSample is a run of a bureau's site with findings of every status, in
// named columns and in none, a finding whose message carries a script and one
// whose page is a javascript: URL, fixed and unverified findings, the five
// veto lines and a trend of five runs, one of them partial.
func htmlSample() (*outcome.Outcome, Options) {
	started := time.Date(2026, 11, 29, 6, 28, 23, 0, time.UTC) // 14:28:23 in Shanghai
	page := func(p string) string { return htmlSite + p }
	find := func(check string, sev checks.Severity, status outcome.FindingStatus, column, pg, target, rule, msg, ev, fp string) outcome.Finding {
		return outcome.Finding{Finding: checks.Finding{Check: check, Severity: sev, Page: pg, Target: target, Column: column,
			Rule: rule, Message: msg, Evidence: ev, Fingerprint: fp}, Status: status}
	}
	findings := []outcome.Finding{
		find("banned-wording", checks.Error, outcome.New, "工作动态", page("gzdt/2026/1120.html"), "", "leader-order",
			"严重表述错误：<script>alert(1)</script>", "……<script>alert(1)</script>……", "fp-wording-script"),
		find("broken-attachment", checks.Error, outcome.New, "政策文件", page("zcwj/2026/1101.html"), page("zcwj/files/附件1.docx"),
			"magic-mismatch", "附件无法正常打开：扩展名为 .docx，实际内容为 HTML 错误页", "附件“2026年秋季招生方案.docx”", "fp-attach-new"),
		find("dead-link", checks.Error, outcome.Open, "通知公告", page("tzgg/index.html"), page("tzgg/2026/old.html"),
			"http-404", "链接无法打开：HTTP 404 页面不存在", "链接“关于2026年秋季招生工作的通知”", "fp-dead-open"),
		find("dead-link", checks.Warning, outcome.Pending, "通知公告", page("tzgg/index.html"), "http://slow.lanjiang.gov.cn/",
			"timeout", "链接无法打开：连接超时（15 秒）", "链接“市政务服务网”", "fp-dead-pending"),
		find("homepage", checks.Error, outcome.New, "", htmlSite, "", "not-updated",
			"首页 16 天未更新（预警 10 天，否决 14 天）", "最新信息：2026-11-13《市教育局召开冬季安全工作会议》", "fp-homepage"),
		find("missing-interpretation", checks.Info, outcome.New, "政策文件", page("zcwj/2026/1015.html"), "", "no-interpretation",
			"政策文件未关联政策解读", "《澜江市中小学课后服务管理办法》", "fp-interp-info"),
		find("personal-info", checks.Warning, outcome.New, "", "javascript:alert('page')", "", "id-number",
			"疑似公开个人身份证号码", "身份证号 330106********1234", "fp-pii-js"),
		find("secrecy-mark", checks.Warning, outcome.Accepted, "政策文件", page("zcwj/2019/0301.html"), "", "secret-mark",
			"页面含“秘密”字样", "“秘密★1年”", "fp-accepted"),
		find("stale-column", checks.Warning, outcome.Open, "工作动态", page("gzdt/"), "", "news-14d",
			"栏目“工作动态”已 23 天未更新（时限 2 周）", "最新一条：2026-11-06", "fp-stale-open"),
	}
	findings[7].Accepted = &outcome.Acceptance{Fingerprint: "fp-accepted", Reason: "该文件已于2024年解密，按规定公开",
		By: "办公室 王明", At: time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC), Until: time.Date(2027, 3, 31, 0, 0, 0, 0, shanghai()),
		Source: "store"}

	baseline := outcome.Run{ID: outcome.RunID(started.Add(-7 * 24 * time.Hour).UnixNano()), Site: htmlSite,
		Started: started.Add(-7 * 24 * time.Hour), Status: outcome.StatusComplete}
	o := &outcome.Outcome{
		Run: outcome.Run{ID: outcome.RunID(started.UnixNano()), Site: htmlSite, Started: started,
			Finished: started.Add(3*time.Minute + 8*time.Second), Status: outcome.StatusComplete, Pages: 812, Links: 20411,
			Findings: 9, AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, shanghai())},
		Baseline: &baseline,
		Findings: findings,
		Fixed: []checks.Finding{
			{Check: "dead-link", Severity: checks.Error, Page: page("bsfw/"), Target: page("bsfw/old-guide.pdf"), Rule: "http-404",
				Message: "链接无法打开：HTTP 404 页面不存在", Fingerprint: "fp-fixed-1"},
			{Check: "stale-column", Severity: checks.Warning, Page: page("rsxx/"), Rule: "personnel-1y",
				Message: "栏目“人事信息”已 400 天未更新（时限 1 年）", Fingerprint: "fp-fixed-2"},
		},
		Unverified: []checks.Finding{
			{Check: "dead-link", Severity: checks.Error, Page: page("xxgk/2018/list_9.html"), Target: page("xxgk/2018/a.html"),
				Rule: "http-404", Message: "链接无法打开：HTTP 404 页面不存在", Fingerprint: "fp-unverified-1"},
		},
		Standing: []outcome.VetoLine{
			{ID: outcome.VetoHomepageOpen, Item: "站点无法访问（首页能否打开）", Unit: "failures", Level: outcome.Pass,
				Detail: "本次检查首页正常打开（HTTP 200，用时 0.8 秒）"},
			{ID: outcome.VetoHomepageUpdated, Item: "首页不更新", Value: 16, Warn: 10, Fail: 14, Unit: "days", Level: outcome.Fail,
				Detail: "首页最新信息发布于 2026-11-13，已 16 天未更新"},
			{ID: outcome.VetoStaleA, Item: "栏目不更新（动态要闻 2 周 + 通知公告/政策文件 6 个月）", Value: 3, Warn: 3, Fail: 5,
				Unit: "columns", Level: outcome.Warn, Detail: "工作动态、部门动态、通知公告 超期未更新"},
			{ID: outcome.VetoStaleB, Item: "栏目长期不更新", Value: 4, Warn: 7, Fail: 10, Unit: "columns", Level: outcome.Pass,
				Detail: "4 个栏目超过更新时限"},
			{ID: outcome.VetoEmptyC, Item: "空白栏目", Warn: 3, Fail: 5, Unit: "columns", Level: outcome.Unknown,
				Detail: "未能识别栏目结构，无法判断空白栏目"},
		},
		Blocked: []outcome.Target{{URL: "https://www.zjzwfw.gov.cn/", Status: 403, Detail: "目标站点拒绝自动访问（HTTP 403）"}},
		Skipped: outcome.Skipped{Robots: 12, Traps: 3, Limit: 0},
	}

	day := func(d int) time.Time { return time.Date(2026, 11, d, 2, 0, 0, 0, time.UTC) }
	trend := []outcome.Run{
		{ID: 1, Started: day(1), Status: outcome.StatusComplete, Counts: outcome.Counts{Errors: 9, Warnings: 14}},
		{ID: 2, Started: day(8), Status: outcome.StatusComplete, Counts: outcome.Counts{Errors: 7, Warnings: 12}},
		{ID: 3, Started: day(15), Status: outcome.StatusInterrupted, Note: "首页无法打开", Counts: outcome.Counts{Errors: 1, Warnings: 0}},
		{ID: 4, Started: day(22), Status: outcome.StatusComplete, Counts: outcome.Counts{Errors: 5, Warnings: 4}},
		{ID: 5, Started: started, Status: outcome.StatusComplete, Counts: o.Count()},
	}
	return o, Options{Titles: htmlTitles, Trend: trend}
}

// escapeHTML is s as html/template writes it in text.
func escapeHTML(s string) string {
	var b strings.Builder
	if err := template.Must(template.New("").Parse("{{.}}")).Execute(&b, s); err != nil {
		panic(err)
	}
	return b.String()
}

func renderHTML(t *testing.T, o *outcome.Outcome, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, o, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// rowOf is the table row that carries the attribute attr="value".
func rowOf(t *testing.T, html, attr, value string) string {
	t.Helper()
	start := strings.Index(html, "<tr "+attr+`="`+value+`"`)
	if start < 0 {
		t.Fatalf("no row with %s=%q", attr, value)
	}
	end := strings.Index(html[start:], "</tr>")
	return html[start : start+end]
}

// section is the text of <section id="id"> up to the next top-level one.
func section(t *testing.T, html, id string) string {
	t.Helper()
	start := strings.Index(html, `<section id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no section %q", id)
	}
	rest := html[start+1:]
	end := len(rest)
	if i := strings.Index(rest, "\n<section id="); i >= 0 {
		end = i
	}
	return html[start : start+1+end]
}

func TestHTMLHeader(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	for _, want := range []string{
		`<html lang="zh-CN">`,
		`<meta charset="utf-8">`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<a href="https://jyj.lanjiang.gov.cn/">https://jyj.lanjiang.gov.cn/</a>`,
		"<code>" + o.Run.ID.String() + "</code>",
		"2026-11-29 14:28:23", // started, in Shanghai
		"2026-11-29 14:31:31", // finished
		"<dd>2026-11-29</dd>", // check date
		"<dd>812 个</dd>",
		"<dd>20411 条</dd>",
		`<span class="badge pass">完成</span>`,
		"@media print",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("header lacks %q", want)
		}
	}
	if strings.Contains(out, `id="partial"`) {
		t.Error("a complete run is reported as partial")
	}

	// Another location moves the times.
	opt.Location = time.UTC
	if out := renderHTML(t, o, opt); !strings.Contains(out, "2026-11-29 06:28:23") {
		t.Error("Options.Location is not used for the start time")
	}
}

func TestHTMLPartialRunWarns(t *testing.T) {
	o, opt := htmlSample()
	o.Run.Scope = outcome.Scope{MaxPages: 500, Limited: 312}
	out := renderHTML(t, o, opt)
	box := out[strings.Index(out, `<div class="alert warning" role="alert" id="partial">`):]
	box = box[:strings.Index(box, "</div>")]
	for _, want := range []string{"本次检查未覆盖全站", "不作为对比基准", "312 个页面未抓取", "最多 500 个页面"} {
		if !strings.Contains(box, want) {
			t.Errorf("partial-run warning lacks %q: %s", want, box)
		}
	}
	if !strings.Contains(out, `<span class="badge warning">部分完成（受抓取上限限制）</span>`) {
		t.Error("the run status is not marked partial")
	}

	o.Run.Scope = outcome.Scope{}
	o.Run.Status, o.Run.Note = outcome.StatusInterrupted, "首页无法打开"
	if out := renderHTML(t, o, opt); !strings.Contains(out, "本次检查未覆盖全站") || !strings.Contains(out, "中断（首页无法打开）") {
		t.Error("an interrupted run is not warned about with its note")
	}
}

// TestHTMLSectionOrder: the veto standing comes first, then counts, diff,
// trend, findings, the accepted ones and what was not examined.
func TestHTMLSectionOrder(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	last := -1
	for _, mark := range []string{
		"<h1>", `<section id="veto">`, "单项否决指标（国办秘函〔2019〕19号）", `<section id="counts">`, `<section id="diff">`,
		`<svg id="trend"`, `<section id="findings">`, `<section id="accepted">`, `<section id="unchecked">`,
	} {
		i := strings.Index(out, mark)
		if i < 0 {
			t.Fatalf("missing %q", mark)
		}
		if i < last {
			t.Errorf("%q comes too early", mark)
		}
		last = i
	}
}

func TestHTMLVetoStanding(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	wantClass := map[string]string{
		outcome.VetoHomepageOpen: "pass", outcome.VetoHomepageUpdated: "fail", outcome.VetoStaleA: "warning",
		outcome.VetoStaleB: "pass", outcome.VetoEmptyC: "unknown",
	}
	prev := -1
	for _, l := range o.Standing {
		row := rowOf(t, out, "data-veto", l.ID)
		if i := strings.Index(out, row); i < prev {
			t.Errorf("veto line %s is out of order", l.ID)
		} else {
			prev = i
		}
		cls := wantClass[l.ID]
		if !strings.Contains(row, `class="`+cls+`"`) || !strings.Contains(row, `<span class="badge `+cls+`">`+l.Level.Label()+"</span>") {
			t.Errorf("veto line %s: want level %s (%s) in %s", l.ID, cls, l.Level.Label(), row)
		}
		if !strings.Contains(row, `<td data-label="指标">`+escapeHTML(l.Item)+"</td>") || !strings.Contains(row, `<td data-label="说明">`+escapeHTML(l.Detail)+"</td>") {
			t.Errorf("veto line %s lacks its item or detail: %s", l.ID, row)
		}
	}
	if row := rowOf(t, out, "data-veto", outcome.VetoHomepageUpdated); !strings.Contains(row, "16 天") || !strings.Contains(row, "否决 ≥14") {
		t.Errorf("homepage-updated row lacks its value and line: %s", row)
	}
	if !strings.Contains(section(t, out, "veto"), "有 1 项达到单项否决线") {
		t.Error("the failing veto line is not announced")
	}
}

func TestHTMLCountsPerCheck(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	cells := regexp.MustCompile(`<td class="num">(\d+)</td>`)
	counts := func(row string) string {
		var s []string
		for _, m := range cells.FindAllStringSubmatch(row, -1) {
			s = append(s, m[1])
		}
		return strings.Join(s, " ")
	}
	// errors warnings infos pending accepted
	for check, want := range map[string]string{
		"dead-link":              "1 0 0 1 0",
		"secrecy-mark":           "0 0 0 0 1",
		"missing-interpretation": "0 0 1 0 0",
		"stale-column":           "0 1 0 0 0",
		"personal-info":          "0 1 0 0 0",
	} {
		row := rowOf(t, out, "data-check", check)
		if got := counts(row); got != want {
			t.Errorf("%s counts = %s, want %s", check, got, want)
		}
		if !strings.Contains(row, "<td>"+htmlTitles[check]+"</td>") {
			t.Errorf("%s row lacks its title: %s", check, row)
		}
	}
	total := out[strings.Index(out, `<tr class="total">`):]
	total = total[:strings.Index(total, "</tr>")]
	if got := counts(total); got != "4 2 1 1 1" {
		t.Errorf("total counts = %s, want 4 2 1 1 1", got)
	}
	// Checks are ordered by title.
	if strings.Index(out, `data-check="stale-column"`) > strings.Index(out, `data-check="dead-link"`) {
		t.Error("栏目不更新 should sort before 链接无法打开")
	}
}

func TestHTMLDiff(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	diff := section(t, out, "diff")
	for _, want := range []string{
		"<b>5</b><span>新增</span>", "<b>2</b><span>未修复</span>", "<b>2</b><span>已修复</span>", "<b>1</b><span>未复查</span>",
		"对比基准：2026-11-22 14:28 开始的检查", o.Baseline.ID.String(),
	} {
		if !strings.Contains(diff, want) {
			t.Errorf("diff lacks %q", want)
		}
	}
	for _, fp := range []string{"fp-fixed-1", "fp-fixed-2"} {
		if !strings.Contains(diff, `data-fixed="`+fp+`"`) {
			t.Errorf("fixed finding %s not listed", fp)
		}
	}
	if !strings.Contains(rowOf(t, diff, "data-unverified", "fp-unverified-1"), "xxgk/2018/list_9.html") {
		t.Error("unverified finding not listed with its page")
	}
	if strings.Contains(diff, "首次检查") {
		t.Error("a run with a baseline is called the first")
	}

	o.Baseline, o.Fixed, o.Unverified = nil, nil, nil
	if first := section(t, renderHTML(t, o, opt), "diff"); !strings.Contains(first, "首次检查") || strings.Contains(first, "<h3>") {
		t.Errorf("first run: want 首次检查 and no lists, got %s", first)
	}
}

func TestHTMLFindingsGrouped(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	main := section(t, out, "findings")
	for _, f := range o.Findings {
		n := strings.Count(out, `data-fingerprint="`+f.Fingerprint+`"`)
		if n != 1 {
			t.Errorf("finding %s appears %d times, want once", f.Fingerprint, n)
		}
		if f.Status == outcome.Accepted {
			continue
		}
		row := rowOf(t, main, "data-fingerprint", f.Fingerprint)
		for _, want := range []string{
			`<span class="badge ` + string(f.Severity) + `">` + f.Severity.Label() + "</span>",
			`<span class="badge ` + string(f.Status) + `">` + f.Status.Label() + "</span>",
			"<code>" + f.Rule + "</code>",
		} {
			if !strings.Contains(row, want) {
				t.Errorf("finding %s lacks %q: %s", f.Fingerprint, want, row)
			}
		}
	}
	if row := rowOf(t, main, "data-fingerprint", "fp-dead-pending"); !strings.Contains(row, "待确认") {
		t.Errorf("pending finding not marked 待确认: %s", row)
	}
	row := rowOf(t, main, "data-fingerprint", "fp-dead-open")
	for _, want := range []string{
		"链接无法打开：HTTP 404 页面不存在", "链接“关于2026年秋季招生工作的通知”",
		`<a href="https://jyj.lanjiang.gov.cn/tzgg/2026/old.html">`, `<a href="https://jyj.lanjiang.gov.cn/tzgg/index.html">`,
	} {
		if !strings.Contains(row, want) {
			t.Errorf("dead-link row lacks %q: %s", want, row)
		}
	}

	// Columns in name order, the unnamed last; checks by title within.
	order := []string{
		"<h3>工作动态", "<h4>严重表述错误", "fp-wording-script", "<h4>栏目不更新", "fp-stale-open",
		"<h3>政策文件", "<h4>缺少政策解读", "fp-interp-info", "<h4>附件无法打开", "fp-attach-new",
		"<h3>通知公告", "<h4>链接无法打开", "fp-dead-open", "fp-dead-pending",
		"<h3>其他（未归入栏目）", "<h4>个人信息泄露", "fp-pii-js", "<h4>首页检查", "fp-homepage",
	}
	last := -1
	for _, mark := range order {
		i := strings.Index(main, mark)
		if i < 0 {
			t.Fatalf("findings lack %q", mark)
		}
		if i < last {
			t.Errorf("%q is out of order", mark)
		}
		last = i
	}
	if n := strings.Count(main, "<h3>其他（未归入栏目）"); n != 1 {
		t.Errorf("%d unnamed-column groups, want 1", n)
	}
	if n := strings.Count(main, "<h4>链接无法打开"); n != 1 {
		t.Errorf("%d dead-link groups in 通知公告, want 1", n)
	}
}

func TestHTMLAcceptedApart(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	if strings.Contains(section(t, out, "findings"), "fp-accepted") {
		t.Error("the accepted finding is in the main list")
	}
	row := rowOf(t, section(t, out, "accepted"), "data-fingerprint", "fp-accepted")
	for _, want := range []string{"页面含“秘密”字样", "该文件已于2024年解密，按规定公开", "办公室 王明", "2026-10-08", "2027-03-31", "涉密标识", "政策文件"} {
		if !strings.Contains(row, want) {
			t.Errorf("accepted row lacks %q: %s", want, row)
		}
	}

	o.Findings[7].Accepted.Until = time.Time{}
	if row := rowOf(t, renderHTML(t, o, opt), "data-fingerprint", "fp-accepted"); !strings.Contains(row, "长期") {
		t.Errorf("an open-ended acceptance is not shown as 长期: %s", row)
	}
	o.Findings = slices.Delete(o.Findings, 7, 8)
	if out := renderHTML(t, o, opt); strings.Contains(out, `id="accepted"`) {
		t.Error("an empty accepted section is shown")
	}
}

func TestHTMLUnchecked(t *testing.T) {
	o, opt := htmlSample()
	un := section(t, renderHTML(t, o, opt), "unchecked")
	for _, want := range []string{
		`<a href="https://www.zjzwfw.gov.cn/">https://www.zjzwfw.gov.cn/</a>`, `<td data-label="状态码" class="num">403</td>`, "目标站点拒绝自动访问（HTTP 403）",
		"需人工核实", `<td>robots.txt 禁止抓取</td><td class="num">12</td>`, `爬虫陷阱（日历、无穷查询参数、重复路径）</td><td class="num">3</td>`,
		`跳过的地址<span class="count">15 个</span>`,
	} {
		if !strings.Contains(un, want) {
			t.Errorf("unchecked section lacks %q", want)
		}
	}
}

// TestHTMLSelfContained: nothing is fetched when the page opens.
func TestHTMLSelfContained(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "<link", "@import", "url(", "<iframe", "<img", "@font-face"} {
		if strings.Contains(lower, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	remote := regexp.MustCompile(`(?i)\b(src|srcset|href|xlink:href|action|data)\s*=\s*["']?\s*(https?:)?//`)
	for _, m := range remote.FindAllString(out, -1) {
		if !strings.HasPrefix(strings.ToLower(m), "href=") {
			t.Errorf("remote resource: %s", m)
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	if strings.Contains(out, "<script>alert(1)") {
		t.Error("a message is written unescaped")
	}
	row := rowOf(t, out, "data-fingerprint", "fp-wording-script")
	if strings.Count(row, "&lt;script&gt;alert(1)&lt;/script&gt;") != 2 {
		t.Errorf("message and evidence not escaped as text: %s", row)
	}
}

func TestHTMLLinksOnlyWeb(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	lower := strings.ToLower(out)
	for _, bad := range []string{`href="javascript`, `href="#zgotmplz"`, "href=javascript"} {
		if strings.Contains(lower, bad) {
			t.Errorf("output contains %s", bad)
		}
	}
	row := rowOf(t, out, "data-fingerprint", "fp-pii-js")
	if strings.Contains(row, "<a ") {
		t.Errorf("a javascript: page became a link: %s", row)
	}
	if !strings.Contains(row, "javascript:alert(&#39;page&#39;)") {
		t.Errorf("the javascript: page is not shown as text: %s", row)
	}
}

func TestHTMLDeterministic(t *testing.T) {
	o, opt := htmlSample()
	first := renderHTML(t, o, opt)
	for range 5 {
		if again := renderHTML(t, o, opt); again != first {
			t.Fatal("two renders of one outcome differ")
		}
	}
	// The order findings arrive in does not matter either.
	slices.Reverse(o.Findings)
	slices.Reverse(o.Fixed)
	if renderHTML(t, o, opt) != first {
		t.Error("the output depends on the order of the findings")
	}
}

func TestHTMLTrend(t *testing.T) {
	o, opt := htmlSample()
	out := renderHTML(t, o, opt)
	trend := section(t, out, "trend-section")
	if !strings.Contains(trend, `<svg id="trend"`) || !strings.Contains(trend, `<title id="trend-title">`) {
		t.Fatal("no trend chart with a title")
	}
	// Two series (errors, warnings), five runs each; the interrupted run
	// is hollow in both.
	if n := strings.Count(trend, `<circle class="done"`); n != 8 {
		t.Errorf("%d filled points, want 8", n)
	}
	if n := strings.Count(trend, `<circle class="partial"`); n != 2 {
		t.Errorf("%d hollow points, want 2", n)
	}
	for _, want := range []string{">11-01</text>", ">11-08</text>", ">11-15</text>", ">11-22</text>", ">11-29</text>",
		"<title>2026-11-15 10:00 · 错误 1 条（未覆盖全站，中断（首页无法打开））</title>",
		"<title>2026-11-29 14:28 · 警告 2 条</title>", "<title>2026-11-01 10:00 · 错误 9 条</title>"} {
		if !strings.Contains(trend, want) {
			t.Errorf("trend lacks %q", want)
		}
	}
	// The line joins only the four complete runs.
	lines := regexp.MustCompile(`<polyline points="([^"]*)"`).FindAllStringSubmatch(trend, -1)
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	for _, l := range lines {
		if n := len(strings.Fields(l[1])); n != 4 {
			t.Errorf("line through %d points, want 4: %s", n, l[1])
		}
	}
	// The y axis reaches the largest count (14 warnings) on a round tick.
	if !strings.Contains(trend, `text-anchor="end">15</text>`) || strings.Contains(trend, `text-anchor="end">20</text>`) {
		t.Error("y axis should top out at 15")
	}

	for _, n := range []int{0, 1} {
		opt.Trend = opt.Trend[:n]
		out := renderHTML(t, o, opt)
		if !strings.Contains(out, "检查记录不足，暂无趋势") || strings.Contains(out, "<svg id=\"trend\"") {
			t.Errorf("%d runs: want the 暂无趋势 note and no chart", n)
		}
	}
}

func TestHTMLTrendLabelsDoNotCrowd(t *testing.T) {
	var runs []outcome.Run
	start := time.Date(2025, 1, 6, 2, 0, 0, 0, time.UTC)
	for i := range 52 {
		runs = append(runs, outcome.Run{ID: outcome.RunID(i + 1), Started: start.AddDate(0, 0, 7*i),
			Status: outcome.StatusComplete, Counts: outcome.Counts{Errors: i % 7, Warnings: 40 - i%9}})
	}
	c, n := htmlNewTrend(runs, time.UTC)
	if c == nil || n != 52 {
		t.Fatalf("no chart for %d runs", n)
	}
	if len(c.XTicks) > 12 || len(c.XTicks) < 5 {
		t.Errorf("%d date labels for 52 runs", len(c.XTicks))
	}
	if c.XTicks[len(c.XTicks)-1].Label != runs[51].Started.Format("01-02") {
		t.Error("the newest run is not labelled")
	}
	for i := 1; i < len(c.XTicks); i++ {
		a, _ := strconv.ParseFloat(c.XTicks[i-1].Pos, 64)
		b, _ := strconv.ParseFloat(c.XTicks[i].Pos, 64)
		if b-a < htmlLabelGap {
			t.Errorf("labels %s and %s only %.1f apart", c.XTicks[i-1].Label, c.XTicks[i].Label, b-a)
		}
	}
}

func TestHTMLYScale(t *testing.T) {
	for _, c := range []struct{ max, step, top int }{
		{0, 1, 1}, {1, 1, 1}, {5, 1, 5}, {6, 2, 6}, {14, 5, 15}, {25, 5, 25}, {26, 10, 30}, {101, 50, 150}, {999, 200, 1000},
	} {
		if step, top := htmlYScale(c.max); step != c.step || top != c.top {
			t.Errorf("htmlYScale(%d) = %d, %d; want %d, %d", c.max, step, top, c.step, c.top)
		}
	}
}

func TestHTMLBriefListsAreCapped(t *testing.T) {
	o, opt := htmlSample()
	o.Fixed = nil
	for i := range htmlBriefLimit + 5 {
		o.Fixed = append(o.Fixed, checks.Finding{Check: "dead-link", Severity: checks.Error,
			Page: htmlSite + "p/" + strconv.Itoa(1000+i) + ".html", Fingerprint: "fixed-" + strconv.Itoa(1000+i)})
	}
	diff := section(t, renderHTML(t, o, opt), "diff")
	if n := strings.Count(diff, "data-fixed="); n != htmlBriefLimit {
		t.Errorf("%d fixed rows, want %d", n, htmlBriefLimit)
	}
	if !strings.Contains(diff, "另有 5 项已修复") || !strings.Contains(diff, "<b>105</b><span>已修复</span>") {
		t.Error("the rest of the fixed findings are not counted")
	}
	if !strings.Contains(diff, `data-fixed="fixed-1099"`) || strings.Contains(diff, `data-fixed="fixed-1100"`) {
		t.Error("the list does not keep the first findings in order")
	}
}
