package pubdate

import (
	"strings"
	"testing"
)

// TestItemURLsAsBrowsersRead: an item's URL is the one a browser (and the
// crawler) requests for its href. url.Parse dropped the first two items
// below — a stray "%" and a tab — so a column lost its newest items, and
// read the backslashes as part of a file name.
func TestItemURLsAsBrowsersRead(t *testing.T) {
	page := `<html><body><div class="list"><ul>
<li><a href="/xxgk/100%.html">关于公布2026年教师资格认定结果的公告</a><span>2026-11-20</span></li>
<li><a href="/xxgk/a	4.html">关于印发教育系统节能工作方案的通知</a><span>2026-11-18</span></li>
<li><a href="..\xxgk\a3.html">关于做好冬季学校安全工作的通知</a><span>2026-11-15</span></li>
<li><a href=" a5.html?id=1&amp;b=中 ">关于2026年学校体育工作的通知</a><span>2026-11-12</span></li>
<li><a href="HTTP://EDU.Example.gov.cn:80/xxgk/a6.html#top">关于开展2026年义务教育招生工作的通知</a><span>2026-11-10</span></li>
</ul></div></body></html>`
	lp := lists(t, page, "http://edu.example.gov.cn/xxgk/index.html")
	if lp.Own < 0 {
		t.Fatalf("no own list: %+v", lp)
	}
	var got []string
	for _, it := range lp.Lists[lp.Own].Items {
		got = append(got, it.URL)
	}
	want := []string{
		"http://edu.example.gov.cn/xxgk/100%.html",
		"http://edu.example.gov.cn/xxgk/a4.html",
		"http://edu.example.gov.cn/xxgk/a3.html",
		"http://edu.example.gov.cn/xxgk/a5.html?id=1&b=%E4%B8%AD",
		"http://edu.example.gov.cn/xxgk/a6.html",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("item URLs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBaseResolve: what resolves, against which base, and what leads
// nowhere.
func TestBaseResolve(t *testing.T) {
	const page = "http://x.gov.cn/a/b/index.html"
	for _, c := range []struct{ doc, href, want string }{
		{``, "c.html", "http://x.gov.cn/a/b/c.html"},
		{``, "../c.html", "http://x.gov.cn/a/c.html"},
		{``, "//y.gov.cn/c.html", "http://y.gov.cn/c.html"},
		{``, "#top", ""},
		{``, " ", ""},
		{``, "javascript:void(0)", ""},
		{``, "JavaScript:show(1)", ""},
		{``, "mailto:xxgk@x.gov.cn", ""},
		{``, "tel:0571-12345", ""},
		{``, "data:text/html,x", ""},
		{``, "ftp://x.gov.cn/c.pdf", ""},
		// The first <base> with an href counts; a relative one resolves
		// against the page.
		{`<base target="_blank"><base href="/cms/"><base href="http://z.gov.cn/">`, "c.html", "http://x.gov.cn/cms/c.html"},
		{`<base href="http://z.gov.cn/p/">`, "c.html", "http://z.gov.cn/p/c.html"},
		{`<base href="javascript:x">`, "c.html", "http://x.gov.cn/a/b/c.html"},
	} {
		root := mustParse(t, "<html><head>"+c.doc+"</head><body></body></html>")
		if got := baseOf(root, page).resolve(c.href); got != c.want {
			t.Errorf("%s: resolve(%q) = %q, want %q", c.doc, c.href, got, c.want)
		}
	}
	// Without an absolute page URL (the API allows none), hrefs resolve
	// as far as they can.
	root := mustParse(t, "<html><body></body></html>")
	for href, want := range map[string]string{"c.html": "/c.html", "/a/c.html": "/a/c.html", "javascript:x": "", "http://x.gov.cn/c": "http://x.gov.cn/c"} {
		if got := baseOf(root, "").resolve(href); got != want {
			t.Errorf("no page URL: resolve(%q) = %q, want %q", href, got, want)
		}
	}
	// There too, the first <base> with an href counts.
	root = mustParse(t, `<html><head><base target="_top"><base href=""><base href="/cms/"></head></html>`)
	if got := baseOf(root, "").resolve("c.html"); got != "/cms/c.html" {
		t.Errorf("no page URL, <base href=/cms/>: resolve(c.html) = %q", got)
	}
}

// TestPageURLPathQuery: the path and query in which a list's year is
// looked for, as the URL is written, also with a stray "%" (url.Parse
// refuses it; browsers send it as is); never the host.
func TestPageURLPathQuery(t *testing.T) {
	for in, want := range map[string]string{
		"http://x2025.gov.cn/2024/list.html?y=2023": "/2024/list.html?y=2023",
		"http://x.gov.cn/zt2025%/list.html":         "/zt2025%/list.html?",
		"http://x.gov.cn/%E4%B8%93%E9%A2%98/2024/":  "/%E4%B8%93%E9%A2%98/2024/?",
	} {
		if got := pageURLPathQuery(in); got != want {
			t.Errorf("pageURLPathQuery(%s) = %q, want %q", in, got, want)
		}
	}
}
