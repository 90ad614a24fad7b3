package link

import (
	"net/url"
	"testing"
)

func TestResolve(t *testing.T) {
	base, _ := url.Parse("http://JYJ.Example.gov.cn:80/xxgk/tzgg/index.html")
	cases := []struct{ ref, want string }{
		{"a.html", "http://jyj.example.gov.cn/xxgk/tzgg/a.html"},
		{"../zcwj/", "http://jyj.example.gov.cn/xxgk/zcwj/"},
		{"/", "http://jyj.example.gov.cn/"},
		{"//www.example.gov.cn", "http://www.example.gov.cn/"},
		{"https://x.gov.cn:443/p?b=2&a=1#frag", "https://x.gov.cn/p?a=1&b=2"},
		{"art.jsp;jsessionid=ABC123?id=7", "http://jyj.example.gov.cn/xxgk/tzgg/art.jsp?id=7"},
		{"list.do?sid=99&page=2", "http://jyj.example.gov.cn/xxgk/tzgg/list.do?page=2"},
		{"  a.html  ", "http://jyj.example.gov.cn/xxgk/tzgg/a.html"},
		{"#top", ""},
		{"", ""},
		{"mailto:office@example.gov.cn", ""},
		{"tel:0571-87654321", ""},
		{"javascript:void(0)", ""},
		{"JavaScript:openWin('a')", ""},
		{"data:image/png;base64,iVBOR", ""},
		{"ftp://files.example.gov.cn/a.zip", ""},
	}
	for _, c := range cases {
		if got := Resolve(base, c.ref); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.ref, got, c.want)
		}
	}
}

func TestPageLike(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://a.gov.cn/":                   true,
		"http://a.gov.cn/col/col1229/":       true,
		"http://a.gov.cn/art/2020/1/1/a.HTM": true,
		"http://a.gov.cn/list.jsp?page=2":    true,
		"http://a.gov.cn/files/a.pdf":        false,
		"http://a.gov.cn/files/b.DOCX":       false,
		"http://a.gov.cn/img/logo.png":       false,
		"http://a.gov.cn/data.xlsx?x=1":      false,
	} {
		if got := PageLikeString(raw); got != want {
			t.Errorf("PageLikeString(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestIsAttachment(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://a.gov.cn/files/a.pdf":             true,
		"http://a.gov.cn/files/b.DOCX":            true,
		"http://a.gov.cn/data.xlsx?x=1":           true,
		"http://a.gov.cn/%E9%99%84%E4%BB%B6.wps":  true,
		"http://a.gov.cn/a.et":                    true,
		"http://a.gov.cn/a.dps":                   true,
		"http://a.gov.cn/a.ofd":                   true,
		"http://a.gov.cn/a.7z":                    true,
		"http://a.gov.cn/a.rar":                   true,
		"http://a.gov.cn/names.csv":               true,
		"http://a.gov.cn/readme.txt":              true,
		"http://a.gov.cn/":                        false,
		"http://a.gov.cn/art/a.html":              false,
		"http://a.gov.cn/download.jsp?id=3":       false,
		"http://a.gov.cn/download.jsp?file=a.pdf": false,
		"http://a.gov.cn/img/logo.png":            false,
		"http://a.gov.cn/css/main.css":            false,
		"http://a.gov.cn/pdf/":                    false,
		"http://a.gov.cn/a.pdf/view":              false,
		"http://a.gov.cn/a.pdf#page=2":            true,
		"://not a url":                            false,
	} {
		if got := IsAttachmentString(raw); got != want {
			t.Errorf("IsAttachmentString(%q) = %v, want %v", raw, got, want)
		}
	}
}

// TestAttachmentsAreNotPages: no extension is both, so every target is
// probed one way.
func TestAttachmentsAreNotPages(t *testing.T) {
	for ext := range attachmentExt {
		if pageExt[ext] {
			t.Errorf("%s is both a page and an attachment extension", ext)
		}
		u := &url.URL{Scheme: "http", Host: "a.gov.cn", Path: "/f/a" + ext}
		if PageLike(u) || !IsAttachment(u) {
			t.Errorf("%s: PageLike %v, IsAttachment %v", u, PageLike(u), IsAttachment(u))
		}
	}
}
