package checktest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"govaudit/checks"
	"govaudit/checks/checktest"
)

// rec2 is a testing.TB that keeps what Run reports.
type rec2 struct {
	testing.TB
	errs []string
}

func (r *rec2) Helper() {}

func (r *rec2) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *rec2) Fatalf(format string, args ...any) {
	r.TB.Fatalf("Run must not stop the test; it said: "+format, args...)
}

func write2(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run2(t *testing.T, dir string, c *checks.Check, opts ...checktest.Option) (*rec2, []checks.Finding) {
	t.Helper()
	r := &rec2{TB: t}
	out := checktest.Run(r, dir, c, opts...)
	return r, out
}

const head2 = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>通知_澜江市教育局</title></head>\n<body>\n"

// siteRecorder is a check whose Site function keeps the site it was given.
func siteRecorder(site **checks.Site) *checks.Check {
	return &checks.Check{ID: "rec", Site: func(p *checks.SitePass) { *site = p.Site }}
}

// TestOptionsCover2: Base (a slash added), Now and HomeChanged reach the
// site and the pages.
func TestOptionsCover2(t *testing.T) {
	dir := write2(t, map[string]string{
		"index.html":  head2 + "<a href=\"a.html\">甲</a>\n</body></html>\n",
		"a.html":      head2 + "<p>正文</p>\n</body></html>\n",
		"files/b.txt": "附件\n",
	})
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	changed := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	var site *checks.Site
	r, _ := run2(t, dir, siteRecorder(&site), checktest.Base("http://www.x.gov.cn/sub"), checktest.Now(now), checktest.HomeChanged(changed))
	if len(r.errs) != 0 {
		t.Fatalf("Run said %q", r.errs)
	}
	if site == nil {
		t.Fatal("Site not run")
	}
	if site.Start != "http://www.x.gov.cn/sub/" || !site.AsOf.Equal(now) || !site.HomeChanged.Equal(changed) {
		t.Errorf("Start %q AsOf %s HomeChanged %s", site.Start, site.AsOf, site.HomeChanged)
	}
	var urls []string
	for p := range site.Pages.All() {
		urls = append(urls, p.URL)
	}
	if site.Pages.Len() != 2 || len(urls) != 2 || urls[0] != "http://www.x.gov.cn/sub/a.html" || urls[1] != "http://www.x.gov.cn/sub/index.html" {
		t.Errorf("pages %q, want a.html then index.html under /sub/", urls)
	}
	if site.Home == nil || site.Home.URL != "http://www.x.gov.cn/sub/index.html" || !site.Home.Home {
		t.Errorf("Home = %+v", site.Home)
	}
	if s, ok := site.Link("http://www.x.gov.cn/sub/files/b.txt"); !ok || s.Status != 200 || s.Class != checks.OK {
		t.Errorf("attachment verdict %+v %v", s, ok)
	}
	// The defaults: DefaultBase and DefaultNow, no history.
	site = nil
	r, _ = run2(t, dir, siteRecorder(&site))
	if len(r.errs) != 0 || site == nil {
		t.Fatalf("Run said %q", r.errs)
	}
	if site.Start != "http://jyj.example.gov.cn/" || !site.AsOf.Equal(time.Date(2026, 11, 29, 4, 0, 0, 0, time.UTC)) || !site.HomeChanged.IsZero() {
		t.Errorf("defaults: Start %q AsOf %s HomeChanged %s", site.Start, site.AsOf, site.HomeChanged)
	}
	// NoSite: the Site function is not run.
	site = nil
	if r, _ = run2(t, dir, siteRecorder(&site), checktest.NoSite()); len(r.errs) != 0 || site != nil {
		t.Errorf("NoSite ran the Site function (errors %q)", r.errs)
	}
}

// TestProbeCommentsCover2: each form of probe comment sets the verdict it
// states; other links open, unknown targets are unknown.
func TestProbeCommentsCover2(t *testing.T) {
	home := head2 + `<a href="/old/">旧版</a><!-- probe url="/old/" status="404" -->
<a href="http://www.example.org/">友链</a><!-- probe url="http://www.example.org/" class="transient" rule="timeout" detail="15 秒内未打开" -->
<a href="/files/plan.doc">计划</a><!-- probe url="/files/plan.doc" problem="type-mismatch" detail="文件内容是 PNG 图片" -->
<a href="/busy/">忙</a><!-- probe url="/busy/" status="503" class="ok" -->
<a href="/deny/">拒</a><!-- probe url="/deny/" class="blocked" -->
<a href="/skip/">跳</a><!-- probe url="/skip/" class="skipped" detail="robots" -->
<a href="/plain/">普通</a>
</body></html>
`
	dir := write2(t, map[string]string{"index.html": home})
	var site *checks.Site
	r, _ := run2(t, dir, siteRecorder(&site))
	if len(r.errs) != 0 || site == nil {
		t.Fatalf("Run said %q", r.errs)
	}
	const b = "http://jyj.example.gov.cn"
	for _, c := range []struct {
		url    string
		status int
		class  checks.Class
		rule   string
		detail string
	}{
		{b + "/old/", 404, checks.Broken, "http-404", ""},
		{"http://www.example.org/", 200, checks.Transient, "timeout", "15 秒内未打开"},
		{b + "/files/plan.doc", 200, checks.OK, "", ""},
		{b + "/busy/", 503, checks.OK, "", ""},
		{b + "/deny/", 200, checks.Blocked, "", ""},
		{b + "/skip/", 200, checks.Skipped, "", "robots"},
		{b + "/plain/", 200, checks.OK, "", ""},
		{b + "/index.html", 200, checks.OK, "", ""},
	} {
		s, ok := site.Link(c.url)
		if !ok || s.URL != c.url || s.Status != c.status || s.Class != c.class {
			t.Errorf("Link(%s) = %+v, %v; want status %d class %v", c.url, s, ok, c.status, c.class)
			continue
		}
		if c.rule != "" && s.Rule != c.rule {
			t.Errorf("Link(%s) rule %q, want %q", c.url, s.Rule, c.rule)
		}
		if c.detail != "" && s.Detail != c.detail {
			t.Errorf("Link(%s) detail %q, want %q", c.url, s.Detail, c.detail)
		}
	}
	s, _ := site.Link(b + "/files/plan.doc")
	if s.File == nil || *s.File != (checks.FileFacts{Inspected: true, Length: -1, Problem: "type-mismatch", Detail: "文件内容是 PNG 图片"}) || s.Detail != "" {
		t.Errorf("problem verdict %+v (file %+v)", s, s.File)
	}
	// The URL key is canonical: the default port and a fragment do not matter.
	if s, ok := site.Link(b + ":80/old/#x"); !ok || s.Status != 404 {
		t.Errorf("Link(…:80/old/#x) = %+v, %v", s, ok)
	}
	if s, ok := site.Link(b + "/never-linked.html"); ok {
		t.Errorf("Link(never linked) = %+v, true; want unknown", s)
	}
}

// TestProbeCommentErrorsCover2: a bad probe comment is reported at its line,
// and Run then runs no check.
func TestProbeCommentErrorsCover2(t *testing.T) {
	for _, c := range []struct{ comment, want string }{
		{`<!-- probe "x" url="/a" -->`, `t.html:4: probe comment: unexpected "x"`},
		{`<!-- probe status="404" -->`, "t.html:4: probe comment: no url"},
		{`<!-- probe url="mailto:a@b.cn" -->`, `t.html:4: probe comment: url "mailto:a@b.cn" does not resolve`},
		{`<!-- probe url="/a" status="abc" -->`, `t.html:4: probe comment: status "abc"`},
		{`<!-- probe url="/a" code="1" -->`, `t.html:4: probe comment: unknown field "code" (url, status, class, rule, detail, problem)`},
		{`<!-- probe url="/a" class="dead" -->`, `t.html:4: probe comment: unknown class "dead" (ok, broken, transient, blocked, skipped)`},
		{`<!-- probe url=/a -->`, `t.html:4: probe comment: want a Go string literal at "/a"`},
		{`<!-- want rule="a" rule="b" -->`, "t.html:4: want comment: rule given twice"},
		{`<!-- want evidence="(" -->`, "t.html:4: want comment: evidence: error parsing regexp"},
		{`<!-- want column="[" -->`, "t.html:4: want comment: column: error parsing regexp"},
	} {
		dir := write2(t, map[string]string{"t.html": head2 + c.comment + "\n</body></html>\n"})
		called := false
		chk := &checks.Check{ID: "c", Page: func(*checks.PagePass) { called = true }}
		r, out := run2(t, dir, chk)
		if len(r.errs) != 1 || !strings.HasPrefix(r.errs[0], filepath.Join(dir, c.want)) {
			t.Errorf("%s: Run said %q, want %q", c.comment, r.errs, c.want)
		}
		if called || out != nil {
			t.Errorf("%s: the check ran (%v) or findings were returned (%v) after a bad fixture", c.comment, called, out)
		}
	}
	// Probe comments belong in pages only.
	dir := write2(t, map[string]string{"a.txt": "文字 <!-- probe url=\"/a\" status=\"404\" -->\n"})
	r, _ := run2(t, dir, &checks.Check{ID: "c", File: func(*checks.FilePass) {}})
	if len(r.errs) != 1 || r.errs[0] != filepath.Join(dir, "a.txt")+":1: a probe comment belongs in a page" {
		t.Errorf("probe in a txt: Run said %q", r.errs)
	}
}

// fieldCheck reports one finding with every field set on each page.
var fieldCheck = &checks.Check{ID: "fields", Page: func(p *checks.PagePass) {
	p.Report(checks.Finding{Check: "fields", Severity: checks.Warning, Page: p.Page.URL, Rule: "r1",
		Message: "消息甲", Evidence: "证据乙", Target: "http://t.gov.cn/x", Column: "栏目丙", Subject: "主体丁"})
}}

// TestWantFieldsCover2: each field of a want comment must match.
func TestWantFieldsCover2(t *testing.T) {
	for _, c := range []struct {
		comment string
		ok      bool
	}{
		{`<!-- want rule="r1" severity="warning" "消息甲" evidence="证据" target="t.gov.cn/x" column="栏目" subject="主体丁" -->`, true},
		{`<!-- want -->`, true},
		{`<!-- want rule="r2" -->`, false},
		{`<!-- want rule="r" -->`, false}, // rule is exact
		{`<!-- want severity="error" -->`, false},
		{`<!-- want "消息乙" -->`, false},
		{`<!-- want evidence="^乙" -->`, false},
		{`<!-- want target="u.gov" -->`, false},
		{`<!-- want column="栏目甲" -->`, false},
		{`<!-- want subject="主体甲" -->`, false},
	} {
		dir := write2(t, map[string]string{"t.html": head2 + "<p>x</p>" + c.comment + "\n</body></html>\n"})
		r, out := run2(t, dir, fieldCheck)
		if len(out) != 1 || out[0].Rule != "r1" {
			t.Errorf("%s: findings %+v", c.comment, out)
		}
		if c.ok && len(r.errs) != 0 {
			t.Errorf("%s: Run said %q, want it matched", c.comment, r.errs)
		}
		if !c.ok && (len(r.errs) != 2 || !strings.Contains(r.errs[0], "t.html:1: unexpected finding: "+
			`rule="r1" severity="warning" "消息甲" evidence="证据乙" target="http://t.gov.cn/x" column="栏目丙" subject="主体丁"`) ||
			!strings.Contains(r.errs[1], "t.html:4: missing finding: "+c.comment)) {
			t.Errorf("%s: Run said %q, want unexpected at line 1 and missing at line 4", c.comment, r.errs)
		}
	}
}

// TestNearestWantCover2: of the want comments that match, the one nearest
// the finding's line takes it, even when that leaves another finding
// without one.
func TestNearestWantCover2(t *testing.T) {
	page := head2 + // lines 1-3
		`<!-- want rule="w" -->` + "\n" + // 4: any finding
		"<p>甲甲甲</p>\n" + // 5: finding A
		"\n\n\n" + // 6-8
		`<!-- want evidence="甲甲甲" -->` + "\n" + // 9: only A
		"<p>乙乙乙</p>\n" + // 10: finding B
		"</body></html>\n"
	c := &checks.Check{ID: "near", Page: func(p *checks.PagePass) {
		// Reported B first: Run sorts them by subject, A first.
		p.Report(checks.Finding{Check: "near", Severity: checks.Info, Page: p.Page.URL, Rule: "w", Message: "m", Evidence: "乙乙乙", Subject: "b"})
		p.Report(checks.Finding{Check: "near", Severity: checks.Info, Page: p.Page.URL, Rule: "w", Message: "m", Evidence: "甲甲甲", Subject: "a"})
	}}
	dir := write2(t, map[string]string{"t.html": page})
	r, out := run2(t, dir, c)
	// A (subject a) sorts first and takes the comment at line 4 (1 away)
	// rather than line 9 (4 away); B then finds none.
	name := filepath.Join(dir, "t.html")
	want := []string{
		name + `:10: unexpected finding: rule="w" severity="info" "m" evidence="乙乙乙" subject="b"`,
		name + `:9: missing finding: <!-- want evidence="甲甲甲" -->`,
	}
	if strings.Join(r.errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("Run said\n%s\nwant\n%s", strings.Join(r.errs, "\n"), strings.Join(want, "\n"))
	}
	if len(out) != 2 || out[0].Subject != "a" || out[1].Subject != "b" {
		t.Errorf("findings %+v", out)
	}
	// Moved next to B, the generic comment takes B and the specific one A.
	page = strings.Replace(page, `<!-- want rule="w" -->`+"\n", "\n", 1)
	page = strings.Replace(page, "<p>乙乙乙</p>\n", "<p>乙乙乙</p>"+`<!-- want rule="w" -->`+"\n", 1)
	dir = write2(t, map[string]string{"t.html": page})
	if r, _ = run2(t, dir, c); len(r.errs) != 0 {
		t.Errorf("Run said %q", r.errs)
	}
}

// TestMalformedFindingFieldsCover2: every broken part of the contract is
// named, at the line the finding points at.
func TestMalformedFindingFieldsCover2(t *testing.T) {
	c := &checks.Check{ID: "bad", Page: func(p *checks.PagePass) {
		p.Report(checks.Finding{Check: "bad", Severity: "fatal", Page: "http://jyj.example.gov.cn/other.html", Subject: "正文内容"})
	}}
	dir := write2(t, map[string]string{"t.html": head2 + "<p>x</p>\n<p>正文内容</p><!-- want -->\n</body></html>\n"})
	r, _ := run2(t, dir, c)
	want := filepath.Join(dir, "t.html") + `:5: malformed finding (severity "fatal"; no rule; no message; Page is "http://jyj.example.gov.cn/other.html", not the page "http://jyj.example.gov.cn/t.html"): rule="" severity="fatal" "" subject="正文内容"`
	if len(r.errs) != 1 || r.errs[0] != want {
		t.Errorf("Run said %q\nwant %q", r.errs, want)
	}
}

// TestSiteFindingOffFixturesCover2: a Site finding on a URL no fixture has
// is unexpected, and a malformed one is placed by its URL.
func TestSiteFindingOffFixturesCover2(t *testing.T) {
	c := &checks.Check{ID: "s", Site: func(p *checks.SitePass) {
		p.Report(checks.Finding{Check: "s", Severity: checks.Error, Page: "http://else.gov.cn/x", Message: "m"})
	}}
	dir := write2(t, map[string]string{"a.html": head2 + "</body></html>\n"})
	r, out := run2(t, dir, c)
	want := []string{
		`http://else.gov.cn/x: malformed finding (no rule): rule="" severity="error" "m"`,
		dir + `: unexpected finding (Site, on http://else.gov.cn/x: no fixture has that URL): rule="" severity="error" "m"`,
	}
	if strings.Join(r.errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("Run said\n%s\nwant\n%s", strings.Join(r.errs, "\n"), strings.Join(want, "\n"))
	}
	if len(out) != 1 || out[0].Page != "http://else.gov.cn/x" {
		t.Errorf("findings %+v", out)
	}
}

// TestOrderCover2: Page and File findings come in fixture order (paths
// sorted), each fixture's sorted as checks.Less sorts, then Site findings;
// a File finding's Target is the attachment.
func TestOrderCover2(t *testing.T) {
	c := &checks.Check{ID: "o",
		Page: func(p *checks.PagePass) {
			for _, s := range []string{"b", "a"} {
				p.Report(checks.Finding{Check: "o", Severity: checks.Info, Page: p.Page.URL, Rule: "r", Message: "m", Subject: s})
			}
		},
		File: func(p *checks.FilePass) {
			p.Report(checks.Finding{Check: "o", Severity: checks.Info, Rule: "f", Message: "m", Target: "ignored"})
		},
		Site: func(p *checks.SitePass) {
			p.Report(checks.Finding{Check: "o", Severity: checks.Info, Page: "http://jyj.example.gov.cn/a.html", Rule: "s", Message: "m"})
		},
	}
	want := "<!-- want -->"
	dir := write2(t, map[string]string{
		"b.html":     head2 + want + want + "\n</body></html>\n",
		"a.html":     head2 + want + want + want + "\n</body></html>\n",
		"c/d.txt":    "文字" + want + "\n",
		"README.md":  "ignored",
		"c/e.bin":    "ignored",
		"z.htm":      head2 + want + want + "\n</body></html>\n",
		"y.SHTML":    head2 + want + want + "\n</body></html>\n",
		"c/list.csv": "a,b" + want + "\n",
	})
	r, out := run2(t, dir, c)
	if len(r.errs) != 0 {
		t.Fatalf("Run said %q", r.errs)
	}
	var got []string
	for _, f := range out {
		got = append(got, strings.TrimPrefix(f.Page+f.Target, "http://jyj.example.gov.cn/")+" "+f.Rule+" "+f.Subject)
	}
	wantOrder := []string{
		"a.html r a", "a.html r b",
		"b.html r a", "b.html r b",
		"c/d.txt f ", "c/list.csv f ",
		"y.SHTML r a", "y.SHTML r b",
		"z.htm r a", "z.htm r b",
		"a.html s ",
	}
	if strings.Join(got, "\n") != strings.Join(wantOrder, "\n") {
		t.Errorf("order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantOrder, "\n"))
	}
}

// TestLoadErrorsCover2: a missing directory and an attachment whose text
// cannot be read are reported, and Run returns nothing.
func TestLoadErrorsCover2(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none")
	r, out := run2(t, missing, fieldCheck)
	if len(r.errs) != 1 || !strings.HasPrefix(r.errs[0], missing+": lstat "+missing+": no such file") || out != nil {
		t.Errorf("missing dir: Run said %q, returned %v", r.errs, out)
	}
	dir := write2(t, map[string]string{"a.docx": "not a zip"})
	r, out = run2(t, dir, &checks.Check{ID: "f", File: func(*checks.FilePass) { t.Error("File ran on an unread attachment") }})
	if len(r.errs) != 1 || !strings.HasPrefix(r.errs[0], filepath.Join(dir, "a.docx")+": text not read: ") || out != nil {
		t.Errorf("bad docx: Run said %q, returned %v", r.errs, out)
	}
	// A sidecar's bad comment is reported at the sidecar's line.
	dir = write2(t, map[string]string{"a.docx": "not a zip", "a.docx.want": "\n<!-- want bogus=\"x\" -->\n"})
	r, _ = run2(t, dir, &checks.Check{ID: "f", File: func(*checks.FilePass) {}})
	if len(r.errs) == 0 || !strings.HasPrefix(r.errs[0], filepath.Join(dir, "a.docx.want")+`:2: want comment: unknown field "bogus"`) {
		t.Errorf("bad sidecar: Run said %q", r.errs)
	}
}

// TestSidecarWantCover2: a binary attachment's want comments are in its
// .want file, and its text is read as the driver reads it.
func TestSidecarWantCover2(t *testing.T) {
	x := excelize.NewFile()
	if err := x.SetCellValue("Sheet1", "A1", "中华人民共合国"); err != nil {
		t.Fatal(err)
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "r.xlsx"), buf.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "r.xlsx.want"), []byte("表格第一格\n<!-- want rule=\"typo\" target=`/r\\.xlsx$` -->\n"), 0o644)
	var text string
	c := &checks.Check{ID: "t", File: func(p *checks.FilePass) {
		text = p.Text
		if p.Ext != "xlsx" || p.URL != "http://jyj.example.gov.cn/r.xlsx" {
			t.Errorf("FilePass ext %q URL %q", p.Ext, p.URL)
		}
		if strings.Contains(p.Text, "中华人民共合国") {
			p.Report(checks.Finding{Check: "t", Severity: checks.Error, Rule: "typo", Message: "m"})
		}
	}}
	r, out := run2(t, dir, c)
	if len(r.errs) != 0 || len(out) != 1 || out[0].Target != "http://jyj.example.gov.cn/r.xlsx" {
		t.Errorf("Run said %q, findings %+v (text %q)", r.errs, out, text)
	}
	// Without the sidecar the finding is unexpected, placed on line 1.
	os.Remove(filepath.Join(dir, "r.xlsx.want"))
	r, _ = run2(t, dir, c)
	if len(r.errs) != 1 || !strings.HasPrefix(r.errs[0], filepath.Join(dir, "r.xlsx")+`:1: unexpected finding: rule="typo"`) {
		t.Errorf("no sidecar: Run said %q", r.errs)
	}
}

// TestSiteFindingOnStartURLCover2: the package documents that a Site
// finding whose Page is the start URL belongs to index.html (the
// homepage check reports on site.Start).
func TestSiteFindingOnStartURLCover2(t *testing.T) {
	c := &checks.Check{ID: "h", Site: func(p *checks.SitePass) {
		p.Report(checks.Finding{Check: "h", Severity: checks.Error, Page: p.Site.Start, Rule: "unreachable", Message: "首页无法访问"})
	}}
	dir := write2(t, map[string]string{"index.html": head2 + `<p>首页</p><!-- want rule="unreachable" -->` + "\n</body></html>\n"})
	r, _ := run2(t, dir, c)
	if len(r.errs) != 0 {
		t.Errorf("Run said %q, want the finding matched to index.html's want comment", r.errs)
	}
}
