package pubdate

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite the item, page and pubdate lines of testdata/*.want from the current output")

// fixture is a page of testdata/ and what reading it must give, from its
// .want file:
//
//	# comment
//	url	<page URL>                   (required)
//	year	<context year>              (optional; 0 if absent)
//	empty                              (the page is an empty column)
//	page	<URL>                        (one line per Pagination URL, in order)
//	pubdate	<source>	<date>          (Page's answer; "pubdate	none" for none; not checked if absent)
//	<date>	<URL>	<title>              (one line per item, in order; date "-" when undated)
//
// Dates are written 2006-01-02, or 2006-01-02 15:04 when the time is not
// midnight. Pages named *.gbk.html are GBK-encoded and decoded first.
type fixture struct {
	url     string
	year    int
	empty   bool
	pages   []string
	pubdate string // "" not checked
	items   []string
	comment []string
}

func readWant(t *testing.T, path string) fixture {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		fields := strings.Split(line, "\t")
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			f.comment = append(f.comment, line)
		case fields[0] == "url" && len(fields) == 2:
			f.url = fields[1]
		case fields[0] == "year" && len(fields) == 2:
			f.year, err = strconv.Atoi(fields[1])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
		case line == "empty":
			f.empty = true
		case fields[0] == "page" && len(fields) == 2:
			f.pages = append(f.pages, fields[1])
		case fields[0] == "pubdate":
			f.pubdate = strings.Join(fields[1:], "\t")
		case len(fields) == 3:
			f.items = append(f.items, line)
		default:
			t.Fatalf("%s:%d: bad line %q", path, i+1, line)
		}
	}
	if f.url == "" {
		t.Fatalf("%s: no url line", path)
	}
	return f
}

func fmtDate(tm time.Time) string {
	if tm.IsZero() {
		return "-"
	}
	if tm.Hour() != 0 || tm.Minute() != 0 {
		return tm.Format("2006-01-02 15:04")
	}
	return tm.Format("2006-01-02")
}

func loadFixture(t testing.TB, path string) *goquery.Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gbk.html") {
		if bytes.Contains(b, []byte("杭")) || bytes.Contains(b, []byte("发布")) {
			t.Fatalf("%s: named .gbk.html but holds UTF-8", path)
		}
		b, err = simplifiedchinese.GBK.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestFixtures(t *testing.T) {
	pages, err := filepath.Glob("testdata/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(page), ".html"), ".gbk")
		t.Run(name, func(t *testing.T) {
			wantPath := strings.TrimSuffix(strings.TrimSuffix(page, ".html"), ".gbk") + ".want"
			want := readWant(t, wantPath)
			doc := loadFixture(t, page)

			items, empty := Items(doc, want.url, want.year)
			var gotItems []string
			for _, it := range items {
				if strings.ContainsAny(it.Title, "\t\n") || strings.ContainsAny(it.URL, "\t\n") {
					t.Errorf("item with tab or newline: %+v", it)
				}
				if !it.Date.IsZero() && it.Date.Location() != Location {
					t.Errorf("item date not in Asia/Shanghai: %+v", it)
				}
				if !it.Date.IsZero() && it.Raw == "" {
					t.Errorf("item with a date but no Raw: %+v", it)
				}
				gotItems = append(gotItems, fmtDate(it.Date)+"\t"+it.URL+"\t"+it.Title)
			}
			gotPages := Pagination(doc, want.url)
			gotPub := ""
			if want.pubdate != "" || *update {
				if d, ok := Page(doc, want.url); ok {
					gotPub = string(d.Source) + "\t" + fmtDate(d.Time)
					if d.MonthOnly {
						gotPub += "\tmonth"
					}
				} else {
					gotPub = "none"
				}
			}

			if *update {
				var b strings.Builder
				for _, c := range want.comment {
					fmt.Fprintln(&b, c)
				}
				fmt.Fprintf(&b, "url\t%s\n", want.url)
				if want.year != 0 {
					fmt.Fprintf(&b, "year\t%d\n", want.year)
				}
				if empty {
					fmt.Fprintln(&b, "empty")
				}
				for _, p := range gotPages {
					fmt.Fprintf(&b, "page\t%s\n", p)
				}
				fmt.Fprintf(&b, "pubdate\t%s\n", gotPub)
				for _, it := range gotItems {
					fmt.Fprintln(&b, it)
				}
				if err := os.WriteFile(wantPath, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}

			if empty != want.empty {
				t.Errorf("empty = %v, want %v", empty, want.empty)
			}
			diff(t, "items", gotItems, want.items)
			diff(t, "pages", gotPages, want.pages)
			if want.pubdate != "" && gotPub != want.pubdate {
				t.Errorf("Page = %q, want %q", gotPub, want.pubdate)
			}
		})
	}
}

func diff(t *testing.T, what string, got, want []string) {
	t.Helper()
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s[%d]:\n got  %q\n want %q", what, i, g, w)
		}
	}
}
