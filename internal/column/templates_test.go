package column_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	checkcolumn "govaudit/checks/column"
	"govaudit/internal/column"
	"govaudit/internal/crawl"
	"govaudit/rules"
)

// asOf is the check date of the template fixtures.
var asOf = time.Date(2026, 7, 1, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// want is what a fixture page says of itself, in its first line:
//
//	<!-- want url=… column=… verdict=fresh|stale-column|empty-column|unread|none items=N newest=2006-01-02 first="…" -->
type want struct {
	url, column, verdict, newest, first string
	items                               int
}

var reWant = regexp.MustCompile(`^<!-- want (.*?) -->`)
var reField = regexp.MustCompile(`(\w+)=("[^"]*"|\S+)`)

func readWant(t *testing.T, path string, body []byte) want {
	t.Helper()
	m := reWant.FindSubmatch(body)
	if m == nil {
		t.Fatalf("%s: no want line", path)
	}
	var w want
	readFields(t, path, string(m[1]), &w, nil)
	return w
}

// readFields fills w from a want (or sub) line's fields; extra takes a
// field want has not (nil: none is allowed) and says whether it knew it.
func readFields(t *testing.T, path, line string, w *want, extra func(key, v string) bool) {
	t.Helper()
	for _, f := range reField.FindAllStringSubmatch(line, -1) {
		v := strings.Trim(f[2], `"`)
		switch f[1] {
		case "url":
			w.url = v
		case "column":
			w.column = v
		case "verdict":
			w.verdict = v
		case "newest":
			w.newest = v
		case "first":
			w.first = v
		case "items":
			w.items, _ = strconv.Atoi(v)
		default:
			if extra == nil || !extra(f[1], v) {
				t.Fatalf("%s: unknown field %s", path, f[1])
			}
		}
	}
}

// site is a set of pages read as the crawl reads them, with their columns
// built and judged as the audit does.
type site struct {
	pages    []*checks.PageSummary
	columns  []*checks.Column
	findings map[string][]checks.Finding // by page URL
}

func judge(pages []*checks.PageSummary, now time.Time) site {
	sort.Slice(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
	s := site{pages: pages, findings: map[string][]checks.Finding{}}
	kept := checks.PagesOf(pages...)
	s.columns = column.Build(kept, rules.DefaultColumnClasses(), nil)
	cs := &checks.Site{AsOf: now, Pages: kept, Columns: s.columns}
	for _, c := range []*checks.Check{checkcolumn.Stale, checkcolumn.Empty} {
		c.Site(&checks.SitePass{Site: cs, Report: func(f checks.Finding) {
			s.findings[f.Page] = append(s.findings[f.Page], f)
		}})
	}
	return s
}

func describe(t *testing.T, body []byte, raw string, now time.Time) *checks.PageSummary {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := crawl.Describe(body, u, now)
	if p == nil {
		t.Fatalf("%s: not read", raw)
	}
	return p.PageSummary
}

func (s site) column(u string) *checks.Column {
	k := column.Key(u)
	for _, c := range s.columns {
		if c.URL == k {
			return c
		}
	}
	return nil
}

// verdict is what the column checks say of a column: its findings' check
// (error severity), "unread" for the info finding of a script-drawn list,
// "fresh" for none.
func (s site) verdict(u string) string {
	v := "fresh"
	for _, f := range s.findings[column.Key(u)] {
		switch {
		case f.Rule == "list-unread":
			v = "unread"
		case f.Severity == checks.Error:
			return f.Check
		}
	}
	return v
}

func newest(items []checks.Item) (string, string) {
	for _, it := range items {
		if !it.Date.IsZero() {
			return it.Date.Format("2006-01-02"), it.Title
		}
	}
	return "", ""
}

// TestTemplates reads the column pages of testdata/templates — twelve
// templates in the shapes of TRS WCM, TRS table lists, Hanweb JCMS
// datastores, old 大汉 tables, 开普云 JSON lists, rows kept in a comment,
// old ASP tables, 拓尔思 div rows, 信息公开 catalogue tables, <dl> lists, a
// list with no cue at all, and an AJAX list — each page with 最新发布 /
// 热点推荐 blocks of fresh items beside its own list, a fresh, a stale and
// an empty column in each. Every page's column must have the list, newest
// date and verdict written in its first line.
func TestTemplates(t *testing.T) {
	dirs, err := filepath.Glob("testdata/templates/*")
	if err != nil || len(dirs) < 10 {
		t.Fatalf("%d templates: %v", len(dirs), err)
	}
	pagesRight, pagesAll, localWrong := 0, 0, 0
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
			var pages []*checks.PageSummary
			wants := map[string]want{}
			kinds := map[string]bool{}
			for _, f := range files {
				body, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				w := readWant(t, f, body)
				wants[f] = w
				kinds[w.verdict] = true
				pages = append(pages, describe(t, body, w.url, asOf))
			}
			for _, k := range []string{"fresh", "stale-column", "empty-column"} {
				if !kinds[k] {
					t.Errorf("no %s page", k)
				}
			}
			s := judge(pages, asOf)
			for _, f := range files {
				w := wants[f]
				pagesAll++
				name := filepath.Base(f)
				c := s.column(w.url)
				if w.verdict == "none" {
					if c != nil {
						t.Errorf("%s: column %q, want none", name, c.Name)
					}
					continue
				}
				if c == nil {
					t.Errorf("%s: no column", name)
					continue
				}
				ok := true
				if c.Name != w.column {
					t.Errorf("%s: column %q, want %q", name, c.Name, w.column)
					ok = false
				}
				if len(c.Items) != w.items {
					t.Errorf("%s: %d items, want %d", name, len(c.Items), w.items)
					ok = false
				}
				if nd, first := newest(c.Items); nd != w.newest || first != w.first {
					t.Errorf("%s: newest %s %q, want %s %q", name, nd, first, w.newest, w.first)
					ok = false
				}
				if v := s.verdict(w.url); v != w.verdict {
					t.Errorf("%s: verdict %s, want %s (findings %+v)", name, v, w.verdict, s.findings[column.Key(w.url)])
					ok = false
				}
				if ok {
					pagesRight++
				}
				// What the page alone would have said, without the
				// site's template: counted, to show what learning it buys.
				for _, p := range pages {
					if p.URL != column.Key(w.url) {
						continue
					}
					local, _ := newest(p.Items)
					if (w.verdict == "empty-column") != p.Empty || local != w.newest {
						localWrong++
					}
				}
			}
		})
	}
	t.Logf("template pages: %d of %d right; read page by page, without the site's template, %d would be wrong", pagesRight, pagesAll, localWrong)
}
