package visible

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const page = `<html><head><title> 关于 做好
通知 </title><style>.a{}</style><script>var x="不可见";</script></head>
<body><div>第一段&nbsp;&nbsp;文字</div><p>第二段　　文字<span style="display: none">隐藏</span></p>
<div hidden>也隐藏</div><noscript>无脚本</noscript><ul><li>甲</li><li>乙</li></ul>
</body></html>`

func TestText(t *testing.T) {
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	got := Text(root)
	want := "第一段 文字\n第二段 文字\n甲\n乙"
	if got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestFromBytes(t *testing.T) {
	title, text := FromBytes([]byte(page))
	if title != "关于 做好 通知" {
		t.Errorf("title = %q", title)
	}
	for _, hidden := range []string{"不可见", ".a{}", "无脚本"} {
		if strings.Contains(text, hidden) {
			t.Errorf("text %q contains %q", text, hidden)
		}
	}
	if !strings.Contains(text, "第二段 文字") {
		t.Errorf("text %q lacks the folded paragraph", text)
	}
	// A truncated document still yields what it has.
	title, _ = FromBytes([]byte("<html><head><title>页面不存在"))
	if title != "页面不存在" {
		t.Errorf("truncated title = %q", title)
	}
}

// Text costs its buffer and nothing more: the text is not copied out of it
// (a page's text was 3 % of all a crawl allocates, copied once more).
func TestTextAllocations(t *testing.T) {
	doc, err := html.Parse(strings.NewReader("<html><body><div>通知公告</div><p>关于 2026 年  招生工作的通知</p></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Text(doc); got != "通知公告\n关于 2026 年 招生工作的通知" {
		t.Fatalf("text %q", got)
	}
	if a := testing.AllocsPerRun(50, func() { Text(doc) }); a != 1 {
		t.Errorf("%.0f allocations, want 1 (the buffer)", a)
	}
}
