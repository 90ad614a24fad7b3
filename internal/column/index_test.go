package column_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"govaudit/checks"
	"govaudit/internal/column"
)

// subWant is what an index page says of one sub-column it shows, in a
// line of its own after its want line:
//
//	<!-- sub url=KEY column=… verdict=fresh|stale-column|empty-column items=N newest=2006-01-02 first="…" page=URL -->
//
// url is the column's key, page the page its findings point to: the
// sub-column's own list page when it was read, else the index page.
type subWant struct {
	want
	page string
}

var reSub = regexp.MustCompile(`(?m)^<!-- sub (.*?) -->`)

func readSubs(t *testing.T, path string, body []byte) []subWant {
	t.Helper()
	var out []subWant
	for _, m := range reSub.FindAllSubmatch(body, -1) {
		var w subWant
		readFields(t, path, string(m[1]), &w.want, func(key, v string) bool {
			if key == "page" {
				w.page = v
			}
			return key == "page"
		})
		out = append(out, w)
	}
	return out
}

// readSite reads a fixture site: its pages as the crawl reads them, each
// page's want line and the sub lines of its index pages.
func readSite(t *testing.T, dir string) (pages []*checks.PageSummary, wants map[string]want, subs []subWant) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	if len(files) == 0 {
		t.Fatalf("%s: no pages", dir)
	}
	wants = map[string]want{}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := readWant(t, f, body)
		wants[filepath.Base(f)] = w
		subs = append(subs, readSubs(t, f, body)...)
		pages = append(pages, describe(t, body, w.url, asOf))
	}
	return pages, wants, subs
}

// TestIndex reads the sites of testdata/index, each with a 政府信息公开
// index page showing four sub-columns' blocks (each under its heading,
// with a 更多 link), one of them empty (暂无信息) and one stale, beside the
// own list pages of some of the sub-columns and an ordinary column page,
// all in a government template (navigation, breadcrumb, 最新发布 and
// 热点推荐 sidebar, footer). The index page makes no column of its own;
// each block is its sub-column, keyed by its 更多 link; a sub-column whose
// own list page was read is judged from it, one that was not from its
// block, with findings on the index page.
func TestIndex(t *testing.T) {
	dirs, err := filepath.Glob("testdata/index/*")
	if err != nil || len(dirs) < 2 {
		t.Fatalf("%d index sites: %v", len(dirs), err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			pages, wants, subs := readSite(t, dir)
			if len(subs) < 4 {
				t.Fatalf("%d sub-columns described, want an index page of four at least", len(subs))
			}
			s := judge(pages, asOf)
			expected := map[string]bool{}
			kinds := map[string]bool{}
			for name, w := range wants {
				if w.verdict == "none" {
					if c := s.column(w.url); c != nil {
						t.Errorf("%s: column %q at the index page, want none", name, c.Name)
					}
					continue
				}
				expected[column.Key(w.url)] = true
				checkColumn(t, s, name, w, column.Key(w.url))
			}
			for _, w := range subs {
				kinds[w.verdict] = true
				expected[w.url] = true
				name := "sub " + w.column
				c := checkColumn(t, s, name, w.want, w.url)
				if c == nil {
					continue
				}
				// Read from the index page alone, or from its own list.
				if own := w.page == w.url || w.page == column.Key(w.url); own != (c.Index == "") || (!own && c.Index != w.page) {
					t.Errorf("%s: Index %q, want findings on %s", name, c.Index, w.page)
				}
				if c.Index != "" && (c.Source != "index" || len(c.Pages) != 1 || c.Pages[0] != c.Index) {
					t.Errorf("%s: read from the index page, but source %s, pages %v", name, c.Source, c.Pages)
				}
			}
			for _, k := range []string{"fresh", "stale-column", "empty-column"} {
				if !kinds[k] {
					t.Errorf("no %s sub-column", k)
				}
			}
			for _, c := range s.columns {
				if !expected[c.URL] {
					t.Errorf("unexpected column %s %q (%d items)", c.URL, c.Name, len(c.Items))
				}
			}
		})
	}
}

// checkColumn compares the column at key with a want line.
func checkColumn(t *testing.T, s site, name string, w want, key string) *checks.Column {
	t.Helper()
	var c *checks.Column
	for _, x := range s.columns {
		if x.URL == key {
			c = x
		}
	}
	if c == nil {
		var got []string
		for _, x := range s.columns {
			got = append(got, x.URL+" "+x.Name)
		}
		t.Errorf("%s: no column %s (columns: %s)", name, key, strings.Join(got, "; "))
		return nil
	}
	if c.Name != w.column {
		t.Errorf("%s: column %q, want %q", name, c.Name, w.column)
	}
	if len(c.Items) != w.items {
		t.Errorf("%s: %d items, want %d", name, len(c.Items), w.items)
	}
	if nd, first := newest(c.Items); nd != w.newest || first != w.first {
		t.Errorf("%s: newest %s %q, want %s %q", name, nd, first, w.newest, w.first)
	}
	if (w.verdict == "empty-column") != c.Empty {
		t.Errorf("%s: empty %v, want verdict %s", name, c.Empty, w.verdict)
	}
	page := column.Key(w.url)
	if c.Index != "" {
		page = c.Index
	}
	if v := verdictOf(s.findings[page], c.Name); v != w.verdict {
		t.Errorf("%s: verdict %s, want %s (findings on %s: %+v)", name, v, w.verdict, page, s.findings[page])
	}
	return c
}

// verdictOf is what the column checks say of one column among the
// findings on a page (an index page carries several columns' findings).
func verdictOf(fs []checks.Finding, col string) string {
	for _, f := range fs {
		if f.Column == col && f.Severity == checks.Error {
			return f.Check
		}
	}
	return "fresh"
}

// TestNotIndex: no list page of the template fixtures, nor any page of
// the corpus of real pages, nor an ordinary column page of the index
// fixtures (its own list with a 最新发布 / 热点推荐 sidebar, an 图片新闻 or
// 通知公告 box with a 更多 link beside it) is an index page — read alone,
// without the site's template, as `govaudit page` reads it, or with its
// site. The index fixtures' index pages are, alone too.
func TestNotIndex(t *testing.T) {
	type fixture struct {
		file, url, column string
		index             bool
	}
	sites := map[string][]fixture{}
	dirs, _ := filepath.Glob("testdata/templates/*")
	idx, _ := filepath.Glob("testdata/index/*")
	for _, dir := range append(dirs, idx...) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		for _, f := range files {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			w := readWant(t, f, body)
			sites[dir] = append(sites[dir], fixture{f, w.url, w.column, len(readSubs(t, f, body)) > 0})
		}
	}
	for _, c := range corpus {
		raw := c.url
		if raw == "" {
			raw = "http://unknown.gov.cn/" + c.file + ".html"
		}
		f := filepath.Join(corpusDir, c.file+".html")
		if _, err := os.Stat(f); err == nil {
			sites[c.file] = []fixture{{f, raw, c.column, false}}
		}
	}
	indexes := 0
	for name, fs := range sites {
		var pages []*checks.PageSummary
		for _, f := range fs {
			body, _ := os.ReadFile(f.file)
			p := describe(t, body, f.url, asOf)
			pages = append(pages, p)
			subs := column.Template{}.Subs(p)
			if f.index {
				indexes++
				if len(subs) < 4 {
					t.Errorf("%s: read alone, %d sub-columns, want 4", f.file, len(subs))
				}
				continue
			}
			if subs != nil {
				t.Errorf("%s: read alone as an index of %d", f.file, len(subs))
			}
			// Alone, it is the one column it is.
			if f.column != "" {
				cols := column.Build(checks.PagesOf(p), nil, nil)
				if len(cols) != 1 || cols[0].URL != column.Key(f.url) || cols[0].Index != "" {
					t.Errorf("%s: read alone, %d columns", f.file, len(cols))
				}
			}
		}
		tm := column.Learn(checks.PagesOf(pages...))
		for i, p := range pages {
			if subs := tm.Subs(p); (subs != nil) != fs[i].index {
				t.Errorf("%s: %s with its site: %d sub-columns", name, fs[i].file, len(subs))
			}
		}
	}
	if indexes < 2 {
		t.Errorf("%d index pages among the fixtures", indexes)
	}
}
