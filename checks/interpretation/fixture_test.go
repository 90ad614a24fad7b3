package interpretation_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/interpretation"
	"govaudit/internal/column"
	"govaudit/internal/crawl"
	"govaudit/rules"
)

// wantRe reads an expectation written in a fixture, as analysistest reads
// `// want "…"`: <!-- want "rule" "text the message must contain" … -->.
var (
	wantRe   = regexp.MustCompile(`<!--\s*want((?:\s+"[^"]*")+)\s*-->`)
	quotedRe = regexp.MustCompile(`"([^"]*)"`)
)

// TestFixtures runs the check on each page in testdata — real-shaped
// article layouts (TRS, 开普云) with navigation and sidebars — read the way
// the crawler reads it, and compares the findings with the page's want
// comments: none means the page must be silent.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse("http://jyj.example.gov.cn/xxgk/fixture/" + filepath.Base(file))
			p := crawl.Describe(body, u, now)
			if p == nil {
				t.Fatal("page not read")
			}
			pages := []*checks.PageSummary{p.PageSummary}
			// The rest of the site: other articles carrying the same
			// navigation, so a bare 政策解读 link reads as navigation.
			for i := range 5 {
				pages = append(pages, &checks.PageSummary{URL: "http://jyj.example.gov.cn/other/" + string(rune('a'+i)) + ".html",
					Title: "其他文章", Date: now, DateSource: "meta", Links: p.Links})
			}
			kept := checks.PagesOf(pages...)
			site := &checks.Site{Start: "http://jyj.example.gov.cn/", Pages: kept, AsOf: now,
				Columns: column.Build(kept, rules.DefaultColumnClasses(), nil),
				Link: func(u string) (checks.LinkStatus, bool) {
					return checks.LinkStatus{URL: u, Status: 200, Class: checks.OK}, true
				}}
			var got []checks.Finding
			interpretation.Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { got = append(got, f) }})

			var want [][]string
			for _, m := range wantRe.FindAllStringSubmatch(string(body), -1) {
				var parts []string
				for _, q := range quotedRe.FindAllStringSubmatch(m[1], -1) {
					parts = append(parts, q[1])
				}
				want = append(want, parts)
			}
			if len(got) != len(want) {
				t.Fatalf("%d findings, want %d: %+v (own 文号 read: %q)", len(got), len(want), got, p.DocNos)
			}
			for i, w := range want {
				f := got[i]
				if f.Rule != w[0] {
					t.Errorf("finding %d: rule %q, want %q", i, f.Rule, w[0])
				}
				for _, text := range w[1:] {
					if !strings.Contains(f.Message, text) {
						t.Errorf("finding %d: message %q lacks %q", i, f.Message, text)
					}
				}
			}
		})
	}
}
