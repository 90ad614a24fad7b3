package pubdate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// dateCase is one article and the day a reader takes as its publication
// date ("none": the page shows none).
type dateCase struct {
	name, url, want, note string
}

// articleDate is what Page gives for a page, as a day or "none".
func articleDate(t *testing.T, body []byte, pageURL string) (string, Date) {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	d, ok := PageNode(root, pageURL)
	if !ok {
		return "none", d
	}
	return d.Time.Format("2006-01-02"), d
}

// TestArticleDates reads every article of testdata/articles (written in
// the shapes of TRS, 拓尔思, Hanweb/大汉, 开普云, old ASP and 信息公开
// templates, with their traps: sidebars with newer dates before the
// title, footers' 版权 years, related-articles lists, an older document's
// 印发日期 in the body, regenerated PubDate metas) and compares the date
// with the one written beside it in want.txt.
func TestArticleDates(t *testing.T) {
	b, err := os.ReadFile("testdata/articles/want.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cases []dateCase
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 4)
		if len(f) != 4 {
			t.Fatalf("want.txt:%d: want 4 tab-separated fields", i+1)
		}
		cases = append(cases, dateCase{f[0], f[1], f[2], strings.TrimPrefix(f[3], "# ")})
	}
	files, _ := filepath.Glob("testdata/articles/*.html")
	if len(files) != len(cases) {
		t.Errorf("%d pages, %d lines in want.txt", len(files), len(cases))
	}
	if len(cases) < 50 {
		t.Errorf("only %d cases", len(cases))
	}
	right := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata/articles", c.name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			got, d := articleDate(t, body, c.url)
			if got != c.want {
				t.Errorf("date %s (%s %q), want %s: %s", got, d.Source, d.Raw, c.want, c.note)
				return
			}
			right++
		})
	}
	t.Logf("article dates: %d of %d right (%.1f%%)", right, len(cases), 100*float64(right)/float64(len(cases)))
}
