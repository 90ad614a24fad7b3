package checktest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govaudit/checks"
	"govaudit/checks/checktest"
)

// recorder is a testing.TB that keeps what Run reports instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.TB.Fatalf("Run must not stop the test; it said: "+format, args...)
}

// typo is a small check: 中华人民共合国 in a page's or an attachment's
// text, and every link that does not open.
var typo = &checks.Check{
	ID:    "typo",
	Title: "错别字",
	Doc:   "test check",
	Page: func(pass *checks.PagePass) {
		for _, f := range scan(pass.Page.Text) {
			f.Page = pass.Page.URL
			pass.Report(f)
		}
	},
	File: func(pass *checks.FilePass) {
		for _, f := range scan(pass.Text) {
			pass.Report(f)
		}
	},
	Site: func(pass *checks.SitePass) {
		for p := range pass.Site.Pages.All() {
			for l := range p.AllLinks() {
				s, ok := pass.Site.Link(l.URL)
				if sev, failed := s.Failed(); ok && failed {
					pass.Report(checks.Finding{Check: "typo", Severity: sev, Page: p.URL, Target: l.URL,
						Rule: s.Rule, Message: "链接无法打开：" + s.Detail, Evidence: l.Text})
				}
			}
		}
	},
}

func scan(text string) []checks.Finding {
	var out []checks.Finding
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "中华人民共合国") {
			out = append(out, checks.Finding{Check: "typo", Severity: checks.Error, Rule: "gongheguo",
				Message: "“中华人民共合国”应为“中华人民共和国”", Evidence: strings.TrimSpace(line), Subject: "中华人民共合国"})
		}
	}
	return out
}

// write lays out a fixture directory.
func write(t *testing.T, files map[string]string) string {
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

const head = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于开展宪法宣传周活动的通知_澜江市教育局</title>
<meta name="PubDate" content="2026-11-20 09:30"></head>
<body>
`

// page is an article whose line 6 holds the typo.
const page = head + `<h1>关于开展宪法宣传周活动的通知</h1>
<p>深入学习宣传《中华人民共合国宪法》，弘扬宪法精神。</p><!-- want rule="gongheguo" severity="error" "应为“中华人民共和国”" subject="共合国" -->
<p>各学校要高度重视。</p>
</body></html>
`

func run(t *testing.T, files map[string]string, c *checks.Check, opts ...checktest.Option) (*recorder, string) {
	t.Helper()
	dir := write(t, files)
	r := &recorder{TB: t}
	checktest.Run(r, dir, c, opts...)
	return r, dir
}

func pageOnly() *checks.Check {
	c := *typo
	c.Site = nil
	return &c
}

func TestExpected(t *testing.T) {
	r, _ := run(t, map[string]string{"xxgk/tzgg/t1.html": page}, pageOnly())
	if len(r.errors) > 0 {
		t.Errorf("every finding is expected, yet Run said:\n%s", strings.Join(r.errors, "\n"))
	}
}

// A want comment no finding takes is reported at its own line.
func TestMissing(t *testing.T) {
	fixed := strings.Replace(page, "《中华人民共合国宪法》", "《中华人民共和国宪法》", 1)
	r, dir := run(t, map[string]string{"xxgk/tzgg/t1.html": fixed}, pageOnly())
	want := filepath.Join(dir, "xxgk", "tzgg", "t1.html") + `:6: missing finding: <!-- want rule="gongheguo"`
	if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], want) {
		t.Errorf("Run said %q, want one error starting %q", r.errors, want)
	}
}

// A finding no want comment expects is reported at the line holding its
// subject, in want-comment form.
func TestUnexpected(t *testing.T) {
	extra := strings.Replace(page, "<p>各学校要高度重视。</p>", "<p>各学校要高度重视，学习中华人民共合国宪法。</p>", 1)
	r, dir := run(t, map[string]string{"xxgk/tzgg/t1.html": extra}, pageOnly())
	want := filepath.Join(dir, "xxgk", "tzgg", "t1.html") + `:7: unexpected finding: rule="gongheguo" severity="error"`
	if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], want) {
		t.Errorf("Run said %q, want one error starting %q", r.errors, want)
	}
}

// A want comment whose fields do not all match is not the finding's: the
// finding is unexpected and the comment missing.
func TestMismatch(t *testing.T) {
	wrong := strings.Replace(page, `severity="error"`, `severity="warning"`, 1)
	r, _ := run(t, map[string]string{"t1.html": wrong}, pageOnly())
	if len(r.errors) != 2 || !strings.Contains(r.errors[0], ":6: unexpected finding") || !strings.Contains(r.errors[1], ":6: missing finding") {
		t.Errorf("Run said %q, want an unexpected finding and a missing one at line 6", r.errors)
	}
}

// A page with no want comments must be silent.
func TestSilentPage(t *testing.T) {
	bare := strings.Replace(page, `<!-- want rule="gongheguo" severity="error" "应为“中华人民共和国”" subject="共合国" -->`, "", 1)
	r, _ := run(t, map[string]string{"t1.html": bare}, pageOnly())
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "t1.html:6: unexpected finding") {
		t.Errorf("Run said %q, want one unexpected finding at line 6", r.errors)
	}
}

func TestMalformedWant(t *testing.T) {
	for _, comment := range []string{
		`<!-- want rule=gongheguo -->`,               // not a string literal
		`<!-- want severity="fatal" -->`,             // no such severity
		`<!-- want "a" "b" -->`,                      // two findings in one comment
		`<!-- want message="应为" -->`,                 // no such field
		`<!-- want rule="gongheguo" "(unclosed" -->`, // bad regexp
		`<!-- want target="list\.csv$" -->`,          // a backslash in "…": write `…`
	} {
		r, _ := run(t, map[string]string{"t1.html": head + comment + "\n</body></html>\n"}, pageOnly())
		if len(r.errors) == 0 || !strings.Contains(r.errors[0], "t1.html:5: want comment") {
			t.Errorf("%s: Run said %q, want a complaint about the comment at line 5", comment, r.errors)
		}
	}
}

// A finding that breaks the contract fails even when expected.
func TestMalformedFinding(t *testing.T) {
	c := pageOnly()
	c.Page = func(pass *checks.PagePass) {
		pass.Report(checks.Finding{Check: "other", Severity: checks.Error, Page: pass.Page.URL, Rule: "gongheguo",
			Message: "“中华人民共合国”应为“中华人民共和国”", Subject: "中华人民共合国"})
	}
	r, _ := run(t, map[string]string{"t1.html": page}, c)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], `malformed finding (Check is "other", not "typo")`) {
		t.Errorf("Run said %q, want one malformed finding", r.errors)
	}
}

// An attachment's want comments are cut out of its text before the check
// reads it, and File findings get the attachment as their target.
func TestAttachment(t *testing.T) {
	csv := "序号,单位,备注\n1,澜江市第一中学,中华人民共合国成立纪念日活动 <!-- want rule=\"gongheguo\" evidence=\"^1\\t澜江市第一中学\" target=`/files/list\\.csv$` -->\n2,澜江市第二中学,无\n"
	r, _ := run(t, map[string]string{"files/list.csv": csv, "files/notes.txt": "只是说明。\n<!-- want \"无此发现\" -->\n"}, pageOnly())
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "notes.txt:2: missing finding") {
		t.Errorf("Run said %q, want the csv's finding matched and the txt's want missing", r.errors)
	}
}

// Site functions see the fixture pages as a site, with the probe verdicts
// the pages state; a finding points at the line of its target's link.
func TestSite(t *testing.T) {
	home := `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>澜江市教育局</title></head>
<body>
<a href="/xxgk/tzgg/t1.html">关于开展宪法宣传周活动的通知</a>
<a href="/old/index.html">旧版网站</a><!-- probe url="/old/index.html" status="404" --><!-- want rule="http-404" target="/old/index.html$" -->
<a href="http://www.example.org/">友情链接</a><!-- probe url="http://www.example.org/" class="transient" rule="timeout" detail="15 秒内未打开" -->
</body></html>
`
	r, dir := run(t, map[string]string{"index.html": home, "xxgk/tzgg/t1.html": page}, typo)
	want := filepath.Join(dir, "index.html") + `:6: unexpected finding: rule="timeout" severity="warning" "链接无法打开：15 秒内未打开"`
	if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], want) {
		t.Errorf("Run said %q, want one error starting %q", r.errors, want)
	}
	// NoSite leaves the Site function out.
	r, _ = run(t, map[string]string{"xxgk/tzgg/t1.html": page, "index.html": strings.ReplaceAll(home, `<!-- want rule="http-404" target="/old/index.html$" -->`, "")}, typo, checktest.NoSite())
	if len(r.errors) != 0 {
		t.Errorf("NoSite: Run said %q", r.errors)
	}
}

func TestNoFixtures(t *testing.T) {
	r, _ := run(t, map[string]string{"README.md": "nothing here"}, typo)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "no fixtures") {
		t.Errorf("Run said %q, want no fixtures", r.errors)
	}
}
