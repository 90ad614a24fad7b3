package visible

import (
	"fmt"
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

// The buffer is sized once, whatever the page: many blocks, folded
// spaces of every kind, a script and nested lists. A page whose text is
// mostly hidden gets a second, exact buffer instead of holding the big one.
func TestTextOneBuffer(t *testing.T) {
	var page strings.Builder
	page.WriteString("<html><head><title>t</title><script>var x = 1;</script></head><body><div>")
	for i := range 300 {
		fmt.Fprintf(&page, "<p>第%d条\u00a0\u00a0通知\u3000公告 \t\n</p><ul><li>a</li><li><br></li></ul><table><tr><td>1</td><td></td></tr></table>", i)
	}
	page.WriteString("</div></body></html>")
	doc, err := html.Parse(strings.NewReader(page.String()))
	if err != nil {
		t.Fatal(err)
	}
	text := Text(doc)
	if !strings.HasPrefix(text, "第0条 通知 公告\na\n1\n第1条") || strings.Contains(text, "var x") {
		t.Fatalf("text %.80q", text)
	}
	if a := testing.AllocsPerRun(20, func() { Text(doc) }); a != 1 {
		t.Errorf("%.0f allocations for a long page, want 1", a)
	}

	// No space to fold and a newline at each end of every block: the
	// bound's two bytes a block are all needed.
	dense, err := html.Parse(strings.NewReader("<body>" + strings.Repeat("<div>a<p>b</p>c</div>", 300) + "</body>"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Text(dense); got != strings.TrimSpace(strings.Repeat("a\nb\nc\n", 300)) {
		t.Fatalf("dense page: %.40q", got)
	}
	if a := testing.AllocsPerRun(20, func() { Text(dense) }); a != 1 {
		t.Errorf("%.0f allocations for a page of blocks, want 1", a)
	}

	hidden, err := html.Parse(strings.NewReader(`<body><div style="display:none">` + strings.Repeat("隐藏菜单 ", 5000) + `</div><p>正文</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	if got := Text(hidden); got != "正文" {
		t.Fatalf("mostly hidden page: %q", got)
	}
	if a := testing.AllocsPerRun(20, func() { Text(hidden) }); a != 2 {
		t.Errorf("%.0f allocations for a mostly hidden page, want 2 (the bound, the exact copy)", a)
	}
}

// TestStyleHides pins what hides an element, in the spellings CMS templates
// write, and what does not.
func TestStyleHides(t *testing.T) {
	for style, want := range map[string]bool{
		"display:none":                          true,
		"DISPLAY: NONE":                         true,
		"color:red; display : none !important":  true,
		"display:\tnone":                        true,
		"visibility:hidden":                     true,
		"Visibility :\nHidden":                  true,
		"width:10px;display:none":               true,
		"ddisplay:none":                         true, // substring, as before
		"display:block":                         false,
		"display:non":                           false,
		"visibility:visible":                    false,
		"overflow:hidden":                       false,
		"display:inline; visibility:hiddenness": true, // substring, as before
		"":                                      false,
		"d":                                     false,
		"display:nonE":                          true,
		"display;none":                          false,
	} {
		if got := StyleHides(style); got != want {
			t.Errorf("StyleHides(%q) = %v, want %v", style, got, want)
		}
	}
	if a := testing.AllocsPerRun(10, func() { StyleHides("COLOR:RED; DISPLAY : NONE") }); a != 0 {
		t.Errorf("%.0f allocations, want 0", a)
	}
}

// TestFold pins what is white space: ASCII blanks (form feed too), the
// no-break space and the ideographic space, each run one space.
func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"x\fy\rz\tw\n v":       "x y z w v",
		"a\u00a0\u00a0b":       "a b",
		"。\u3000，":             "。 ，",
		"  前后  ":               "前后 ",
		"\u00a1\u3001\xe3\x80": "\u00a1\u3001\xe3\x80", // look-alike bytes are text
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// foldByByte is appendFolded's definition, a byte at a time: white space
// (ASCII, U+00A0, U+3000) folds to one space, none at the start.
func foldByByte(s string) string {
	var b []byte
	prevSpace := true
	for i := 0; i < len(s); {
		if w := spaceWidth(s, i); w > 0 {
			if !prevSpace {
				b = append(b, ' ')
				prevSpace = true
			}
			i += w
			continue
		}
		b = append(b, s[i])
		prevSpace = false
		i++
	}
	return string(b)
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"为深入贯彻 \u3000落实。", "a\u00a0\u00a0b\t\n c", "\xe3\x80", "\xc2", "。\u3000，", "x\fy\rz\tw"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fold(s), foldByByte(s); got != want {
			t.Fatalf("fold(%q) = %q, byte by byte %q", s, got, want)
		}
	})
}

// BenchmarkFold folds 1 MB of Chinese prose with its punctuation.
func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("为深入贯彻落实党的二十大精神，进一步推进教育高质量发展。各区、县（市）教育局要高度重视 2026年\n", 1<<20/140)
	t := textBuf{b: make([]byte, 0, len(text))} // Text sizes its buffer once
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		t.b = t.b[:0]
		appendFolded(&t, text)
	}
}
