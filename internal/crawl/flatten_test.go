package crawl

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func nested(depth int, inner string) string {
	return "<!DOCTYPE html><html><head><title>通知公告</title></head><body>" +
		strings.Repeat("<div>", depth) + inner + strings.Repeat("</div>", depth) +
		`<p class="footer">版权所有 <a href="/about.html">关于我们</a></p></body></html>`
}

// The parser gives up beyond 512 open elements; such a page is read
// flattened, with every link and all its text, and marked so. Pages at the
// fallback's own bound are read as they are.
func TestDeeplyNestedPageIsReadFlattened(t *testing.T) {
	base, _ := url.Parse("http://www.example.gov.cn/tzgg/")
	var links strings.Builder
	for i := range 600 {
		links.WriteString(`<li><a href="/tzgg/` + strings.Repeat("x", i%3+1) + `.html">关于开展第` + strings.Repeat("一", 1) + `次检查的通知</a></li>`)
	}
	for _, tc := range []struct {
		depth     int
		flattened bool
	}{
		{100, false}, {maxNesting - 5, false}, {520, true}, {600, true}, {20000, true},
	} {
		p := Describe([]byte(nested(tc.depth, `<ul>`+links.String()+`</ul><span>暂无更多</span>`)), base, time.Time{})
		if p == nil {
			t.Fatalf("depth %d: page not read", tc.depth)
		}
		if p.Flattened != tc.flattened {
			t.Errorf("depth %d: Flattened %v, want %v", tc.depth, p.Flattened, tc.flattened)
		}
		// Three distinct list links and the footer's: nothing lost.
		if len(p.Links) != 4 || p.Links[3].URL != "http://www.example.gov.cn/about.html" {
			t.Errorf("depth %d: links %v", tc.depth, p.Links)
		}
		if !strings.Contains(p.Text, "暂无更多") || !strings.Contains(p.Text, "版权所有") || p.Title != "通知公告" {
			t.Errorf("depth %d: text lost: title %q, text %.80q", tc.depth, p.Title, p.Text)
		}
	}
}

func TestFlattenKeepsLinksAndDropsBoxesOnly(t *testing.T) {
	in := strings.Repeat("<font>", maxNesting+10) + `<a href="/a.html">甲</a><img src="/b.png">乙` + strings.Repeat("</font>", maxNesting+10)
	out := string(flatten([]byte(in)))
	if got := strings.Count(out, "<font>"); got != maxNesting {
		t.Errorf("%d <font> kept, want %d", got, maxNesting)
	}
	if got := strings.Count(out, "</font>"); got != maxNesting {
		t.Errorf("%d </font> kept, want %d (their matching end tags dropped with them)", got, maxNesting)
	}
	for _, s := range []string{`<a href="/a.html">甲</a>`, `<img src="/b.png">`, "乙"} {
		if !strings.Contains(out, s) {
			t.Errorf("%s lost", s)
		}
	}
}
