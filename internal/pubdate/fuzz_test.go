package pubdate

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/simplifiedchinese"

	exact "govaudit/internal/link"
)

// checkTime fails on a time the package must never return.
func checkTime(t *testing.T, what, in string, tm interface {
	Year() int
	IsZero() bool
}) {
	t.Helper()
	if tm.IsZero() || tm.Year() < minYear || tm.Year() > maxYear {
		t.Fatalf("%s(%q) gave %v", what, in, tm)
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in, c.year)
	}
	for _, c := range findAllCases {
		f.Add(c.in, c.year)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		tm, ok := Parse(s, year)
		if !ok {
			return
		}
		checkTime(t, "Parse", s, tm)
		if tm.Location() != Location {
			t.Fatalf("Parse(%q) location %v", s, tm.Location())
		}
		if m, ok := Meta(s); ok && !m.Equal(tm) {
			t.Fatalf("Meta(%q) = %v, Parse = %v", s, m, tm)
		}
	})
}

func FuzzFindAll(f *testing.F) {
	for _, c := range findAllCases {
		f.Add(c.in, c.year)
	}
	for _, c := range parseCases {
		f.Add(c.in, c.year)
	}
	for _, c := range labelCases {
		f.Add(c.in, 2020)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		bound := map[int]bool{len(s): true} // offsets where a character starts
		for i := range s {
			bound[i] = true
		}
		prev := 0
		for _, fd := range FindAll(s, year) {
			if fd.Start < prev || fd.End <= fd.Start || fd.End > len(s) {
				t.Fatalf("FindAll(%q): bad span %d:%d after %d", s, fd.Start, fd.End, prev)
			}
			if !bound[fd.Start] || !bound[fd.End] {
				t.Fatalf("FindAll(%q): span %d:%d splits a character", s, fd.Start, fd.End)
			}
			prev = fd.End
			checkTime(t, "FindAll", s, fd.Time)
			// What FindAll found, Parse reads the same.
			if tm, ok := Parse(s[fd.Start:fd.End], year); !ok || !tm.Equal(fd.Time) {
				t.Fatalf("FindAll(%q) found %q = %v, Parse gives %v, %v", s, s[fd.Start:fd.End], fd.Time, tm, ok)
			}
		}
	})
}

func FuzzLabel(f *testing.F) {
	for _, c := range labelCases {
		f.Add(c.in)
	}
	for _, c := range findAllCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tm, ok := Label(s); ok {
			checkTime(t, "Label", s, tm)
		}
	})
}

// itemsSeeds are the fixture pages (decoded) and small layouts.
func itemsSeeds(f *testing.F) []string {
	seeds := []string{
		`<ul><li><a href="a.html">关于做好2021年元旦春节期间校园安全工作的通知</a><span>2020-12-31</span></li></ul>`,
		`<ul><li>[11-27] <a href="/x?id=1">市教育局召开会议</a></li><li><a href="#">更多</a></li></ul>`,
		`<table><tr><th>标题</th><th>发布日期</th></tr><tr><td><a href="t20201231_1.html">标题一二三四五六七八九十</a></td><td>2020-12-31</td></tr></table>`,
		`<div class="list"><script type="text/xml"><datastore><recordset><record><![CDATA[<tr><td><a href="/art/2020/12/31/art_1_2.html">x</a></td><td>2020-12-31</td></tr>]]></record></recordset></datastore></script></div>`,
		`<script type="text/xml"><datastore><totalrecord>0</totalrecord></datastore></script><p>暂无信息</p>`,
		`<base href="http://h/x/"><dl><dt><a href="b">标题标题标题标题标题</a></dt><dd>【2020-12-29】</dd></dl><script>createPageHTML(3,0,"index","html")</script>`,
		`<div class="page"><a href="?page=2">下一页</a><a href="?page=99999">尾页</a></div>`,
		`<script>createPageHTML('page_div', 99999999, 0, 'index', 'html', 5)</script>`,
		`<li><li><li><a href=x>`,
	}
	pages, _ := filepath.Glob("testdata/*.html")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if strings.HasSuffix(p, ".gbk.html") {
			b, _ = simplifiedchinese.GBK.NewDecoder().Bytes(b)
		}
		seeds = append(seeds, string(b))
	}
	return seeds
}

func FuzzItems(f *testing.F) {
	for _, s := range itemsSeeds(f) {
		f.Add(s, "http://edu.hangzhou.gov.cn/jyxw/gzdt/index.html", 2020)
	}
	f.Fuzz(func(t *testing.T, page, pageURL string, year int) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			return
		}
		items, empty := Items(doc, pageURL, year)
		if empty && len(items) > 0 {
			t.Fatalf("empty page with %d items", len(items))
		}
		// On a page with an absolute URL, item and page URLs are exact: as
		// a browser requests them (a stray "%" kept, which url.Parse
		// refuses). Without one, they resolve as url.Parse reads them.
		absolute := exact.Normalize(strings.TrimSpace(pageURL)) != ""
		valid := func(what, u string) {
			if absolute {
				if exact.Normalize(u) != u {
					t.Fatalf("%s URL %q is not exact (%q)", what, u, exact.Normalize(u))
				}
			} else if _, err := url.Parse(u); err != nil {
				t.Fatalf("%s URL %q: %v", what, u, err)
			}
		}
		for _, it := range items {
			if it.URL == "" {
				t.Fatalf("item without URL: %+v", it)
			}
			valid("item", it.URL)
			if !it.Date.IsZero() {
				checkTime(t, "Items", page, it.Date)
				if it.Raw == "" {
					t.Fatalf("dated item without Raw: %+v", it)
				}
			}
		}
		pages := Pagination(doc, pageURL)
		if len(pages) > maxPages {
			t.Fatalf("%d pages", len(pages))
		}
		seen := map[string]bool{}
		for _, u := range pages {
			if seen[u] {
				t.Fatalf("page %q twice", u)
			}
			seen[u] = true
		}
		if d, ok := Page(doc, pageURL); ok {
			checkTime(t, "Page", page, d.Time)
		}
	})
}
