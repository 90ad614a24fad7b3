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
		// Exact: the parameters keep their order; only the fragment (never
		// sent), the default port and a Java session id in the path go.
		{"https://x.gov.cn:443/p?b=2&a=1#frag", "https://x.gov.cn/p?b=2&a=1"},
		{"search.jsp?infotypeId=A01&area=330100", "http://jyj.example.gov.cn/xxgk/tzgg/search.jsp?infotypeId=A01&area=330100"},
		{"art.jsp;jsessionid=ABC123?id=7", "http://jyj.example.gov.cn/xxgk/tzgg/art.jsp?id=7"},
		{"a.jsp;JSESSIONID=X;v=2?sid=1", "http://jyj.example.gov.cn/xxgk/tzgg/a.jsp;v=2?sid=1"},
		{"list.do?sid=99&page=2", "http://jyj.example.gov.cn/xxgk/tzgg/list.do?sid=99&page=2"},
		{"  a.html  ", "http://jyj.example.gov.cn/xxgk/tzgg/a.html"},
		// What browsers do with what pages really contain.
		{"a\tb.html", "http://jyj.example.gov.cn/xxgk/tzgg/ab.html"},
		{"/xxgk/\nzcwj/index.html", "http://jyj.example.gov.cn/xxgk/zcwj/index.html"},
		{"..\\zcwj\\a.html", "http://jyj.example.gov.cn/xxgk/zcwj/a.html"},
		{"\\\\www.example.gov.cn\\a.html", "http://www.example.gov.cn/a.html"},
		{"a%zz.html?q=100%", "http://jyj.example.gov.cn/xxgk/tzgg/a%zz.html?q=100%"},
		{"年度 报告.pdf", "http://jyj.example.gov.cn/xxgk/tzgg/%E5%B9%B4%E5%BA%A6%20%E6%8A%A5%E5%91%8A.pdf"},
		{"search.jsp?kw=通知 公告&a=\"1\"", "http://jyj.example.gov.cn/xxgk/tzgg/search.jsp?kw=%E9%80%9A%E7%9F%A5%20%E5%85%AC%E5%91%8A&a=%221%22"},
		{"a%e4%b8%ad.html", "http://jyj.example.gov.cn/xxgk/tzgg/a%e4%b8%ad.html"},
		{"http://政务.中国/", "http://xn--zfr164b.xn--fiqs8s/"},
		{"HTTP://WWW.Example.GOV.cn:8080/A.html", "http://www.example.gov.cn:8080/A.html"},
		{"http:a.html", "http://jyj.example.gov.cn/xxgk/tzgg/a.html"},
		{"https:www.example.gov.cn/a", "https://www.example.gov.cn/a"},
		{"./b/../c/./d.html", "http://jyj.example.gov.cn/xxgk/tzgg/c/d.html"},
		{"/a/..", "http://jyj.example.gov.cn/"},
		{"?page=2", "http://jyj.example.gov.cn/xxgk/tzgg/index.html?page=2"},
		{"a.html?", "http://jyj.example.gov.cn/xxgk/tzgg/a.html?"},
		{"#top", ""},
		{"", ""},
		{" \t\n", ""},
		{"mailto:office@example.gov.cn", ""},
		{"tel:0571-87654321", ""},
		{"javascript:void(0)", ""},
		{"JavaScript:openWin('a')", ""},
		{"data:image/png;base64,iVBOR", ""},
		{"ftp://files.example.gov.cn/a.zip", ""},
		{"http://bad host/", ""},
		{"http://a.gov.cn:99999/", ""},
	}
	for _, c := range cases {
		if got := Resolve(base, c.ref); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.ref, got, c.want)
		}
	}
}

// TestExactIsStable: resolving an exact URL again changes nothing.
func TestExactIsStable(t *testing.T) {
	for _, raw := range []string{
		"http://a.gov.cn/search.jsp?infotypeId=A01&area=330100",
		"http://a.gov.cn/a%zz.html?q=100%",
		"http://a.gov.cn/%E5%B9%B4%E5%BA%A6%20%E6%8A%A5%E5%91%8A.pdf",
		"http://a.gov.cn/a|b^c.html",
		"https://u:p@a.gov.cn:8443/x;v=1?b=2&a=1",
	} {
		if got := Normalize(raw); got != raw {
			t.Errorf("Normalize(%q) = %q", raw, got)
		}
		if got := ResolveString("http://b.gov.cn/x/y.html", raw); got != raw {
			t.Errorf("ResolveString(…, %q) = %q", raw, got)
		}
	}
}

// TestRequestSendsExactly: the request line carries the path and query as
// the exact URL has them, also where Go would escape them otherwise.
func TestRequestSendsExactly(t *testing.T) {
	for _, c := range []struct{ exact, uri string }{
		{"http://a.gov.cn/search.jsp?infotypeId=A01&area=330100", "/search.jsp?infotypeId=A01&area=330100"},
		{"http://a.gov.cn/a%zz.html?q=100%", "/a%zz.html?q=100%"},
		{"http://a.gov.cn/a|b.html", "/a|b.html"},
		{"http://a.gov.cn/%E5%B9%B4.pdf", "/%E5%B9%B4.pdf"},
		{"http://a.gov.cn/a.html?", "/a.html?"},
		{"http://a.gov.cn", "/"},
	} {
		u, err := Request(c.exact)
		if err != nil {
			t.Fatalf("Request(%q): %v", c.exact, err)
		}
		if got := u.RequestURI(); got != c.uri || u.Host != "a.gov.cn" {
			t.Errorf("Request(%q) sends %q to %q, want %q", c.exact, got, u.Host, c.uri)
		}
		if got := String(u); got != Normalize(c.exact) {
			t.Errorf("String(Request(%q)) = %q", c.exact, got)
		}
	}
	if _, err := Request("mailto:a@b.cn"); err == nil {
		t.Error("Request(mailto:) is no error")
	}
}

// TestKey: links that differ only in what Canonical ignores share a key;
// the key of an existing URL is what Canonical always gave (fingerprints).
func TestKey(t *testing.T) {
	a := Key("http://a.gov.cn/search.jsp?infotypeId=A01&area=330100")
	b := Key("http://A.gov.cn:80/search.jsp?area=330100&infotypeId=A01#x")
	if a != b || a != "http://a.gov.cn/search.jsp?area=330100&infotypeId=A01" {
		t.Errorf("keys %q, %q", a, b)
	}
	base, _ := url.Parse("http://a.gov.cn/xxgk/index.html")
	for _, ref := range []string{"a b.html?x=中 文&y=1", "年报.pdf", "../p?b=2&a=1&sid=3", "art.jsp;jsessionid=X?id=7"} {
		old, _ := base.Parse(ref)
		if got, want := Key(Resolve(base, ref)), Canonical(old); got != want {
			t.Errorf("Key(Resolve(%q)) = %q, Canonical was %q", ref, got, want)
		}
	}
	if got := Key("http://a.gov.cn/a%zz"); got != "http://a.gov.cn/a%zz" {
		t.Errorf("Key of an unparsable URL = %q", got)
	}
	// A key is its own key: the prober looks a URL up as written before
	// paying for its key.
	for _, raw := range []string{a, b, "HTTP://A.gov.cn:80", "http://a.gov.cn/x?", "http://a.gov.cn/p;jsessionid=AB?id=1&JSESSIONID=2",
		"http://a.gov.cn/a b.html?x=中 文&y=1", "http://a.gov.cn/%E5%B9%B4%E6%8A%A5.pdf", "http://a.gov.cn/q?a=1;b=2&c=%zz", "https://u:p@a.gov.cn:443/#f"} {
		if k := Key(raw); Key(k) != k {
			t.Errorf("Key(%q) = %q, whose own key is %q", raw, k, Key(k))
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

// The byte test that spares the parse agrees with the parse on every
// shape a link takes: escapes, controls, backslashes, queries, fragments,
// dot segments, hosts with dots, opaque and relative references.
func TestPlainlyNotAttachmentAgrees(t *testing.T) {
	parts := []string{"http://a.gov.cn", "https://x.pdf", "/", "files", "a.pdf", "b.PDF", "c.html", "d.", ".docx",
		"?", "#", "id=1", "x.pdf", "%2F", "%E9%99%84", "%zz", "\\", " ", "\t", "\n", "..", ".", "javascript:", "mailto:a@b.pdf", "a:b", "pd%66", "%2epdf"}
	var n int
	var gen func(prefix string, depth int)
	gen = func(prefix string, depth int) {
		n++
		slow := false
		if u, err := ParseAny(prefix); err == nil {
			slow = IsAttachment(u)
		}
		if IsAttachmentString(prefix) != slow {
			t.Errorf("IsAttachmentString(%q) = %v, the parse says %v", prefix, !slow, slow)
		}
		if depth == 0 {
			return
		}
		for _, p := range parts {
			gen(prefix+p, depth-1)
		}
	}
	gen("", 4)
	t.Logf("%d links compared", n)
}

func FuzzIsAttachmentString(f *testing.F) {
	for _, s := range []string{"http://a.gov.cn/files/a.pdf", "/a.pdf\n", "a.pdf/..", "x%2Fa.pdf", "http://h/a.PDF ", "a\\b.doc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		slow := false
		if u, err := ParseAny(raw); err == nil {
			slow = IsAttachment(u)
		}
		if got := IsAttachmentString(raw); got != slow {
			t.Errorf("IsAttachmentString(%q) = %v, the parse says %v", raw, got, slow)
		}
	})
}

// TestPlainKey: the URLs Key returns without parsing, and the ones at the
// edge of that set, whose key differs or may differ from the string.
func TestPlainKey(t *testing.T) {
	for raw, plain := range map[string]bool{
		"http://www.hangzhou.gov.cn/art/2024/1/1/art_1229_1.html": true,
		"https://edu.hangzhou.gov.cn/":                            true,
		"http://127.0.0.1:8799/xxgk/index.html":                   true,
		"https://a.gov.cn:8443/a_b-c.~d/":                         true,
		"http://a.gov.cn":                                         false, // Canonical adds "/"
		"http://a.gov.cn:80/":                                     false, // default port
		"https://a.gov.cn:443/":                                   false,
		"http://a.gov.cn:/":                                       false,
		"http://A.gov.cn/":                                        false, // upper-case host
		"HTTP://a.gov.cn/":                                        false,
		"http://a.gov.cn/x?id=1":                                  false, // query
		"http://a.gov.cn/x?y":                                     false, // its key is x?y=
		"http://a.gov.cn/x#top":                                   false,
		"http://a.gov.cn/x;jsessionid=1":                          false,
		"http://a.gov.cn/%E6%95%99":                               false,
		"http://u@a.gov.cn/":                                      false,
		"http://[::1]/":                                           false,
		"ftp://a.gov.cn/":                                         false,
		"http:///x":                                               false,
	} {
		if got := plainKey(raw); got != plain {
			t.Errorf("plainKey(%q) = %v, want %v", raw, got, plain)
		}
		if plain {
			if k := slowKey(raw); k != raw {
				t.Errorf("plainKey(%q) but its key is %q", raw, k)
			}
		}
	}
}

// FuzzPlainKey: whatever plainKey passes, the slow way keys to itself.
func FuzzPlainKey(f *testing.F) {
	for _, s := range []string{"http://a.gov.cn/x", "https://a.gov.cn:8443/", "http://a.gov.cn:080/", "http://a-.b/./../x//y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if plainKey(raw) && slowKey(raw) != raw {
			t.Errorf("plainKey(%q) but its key is %q", raw, slowKey(raw))
		}
		if Key(raw) != slowKey(raw) {
			t.Errorf("Key(%q) = %q, slowKey %q", raw, Key(raw), slowKey(raw))
		}
	})
}

func BenchmarkKey(b *testing.B) {
	urls := []string{
		"http://www.hangzhou.gov.cn/art/2024/1/1/art_1229_1.html",
		"https://edu.hangzhou.gov.cn/xxgk/zcwj/index_2.html",
		"http://a.gov.cn/search.jsp?infotypeId=A01&area=330100",
	}
	for b.Loop() {
		for _, u := range urls {
			Key(u)
		}
	}
}

// TestPlainRef: references joined as strings, and the ones beside them
// that must go through the parser. Each result is the parser's.
func TestPlainRef(t *testing.T) {
	b, _ := NewBase("http://u:p@x.gov.cn:8080/a/b/index.html?q=1")
	for _, c := range []struct {
		ref, want string
		plain     bool
	}{
		{"c.html", "http://u:p@x.gov.cn:8080/a/b/c.html", true},
		{"/c/d.html", "http://u:p@x.gov.cn:8080/c/d.html", true},
		{"?page=2&x=", "http://u:p@x.gov.cn:8080/a/b/index.html?page=2&x=", true},
		{"c/?a=../b", "http://u:p@x.gov.cn:8080/a/b/c/?a=../b", true}, // dots in the query are no segment
		{"c.html?", "http://u:p@x.gov.cn:8080/a/b/c.html?", true},
		{"../c.html", "http://u:p@x.gov.cn:8080/a/c.html", true},
		{"./c.html", "http://u:p@x.gov.cn:8080/a/b/c.html", true},
		{"./../.././../c.html", "http://u:p@x.gov.cn:8080/c.html", true}, // no higher than the root
		{"../", "http://u:p@x.gov.cn:8080/a/", true},
		{"./", "http://u:p@x.gov.cn:8080/a/b/", true},
		{".//c", "http://u:p@x.gov.cn:8080/a/b//c", false},
		{"./?x", "http://u:p@x.gov.cn:8080/a/b/?x", false},
		{"../c/../d", "http://u:p@x.gov.cn:8080/a/d", false},
		{"c/..", "http://u:p@x.gov.cn:8080/a/b/", false},
		{"c/.?x", "http://u:p@x.gov.cn:8080/a/b/c/?x", false},
		{".", "http://u:p@x.gov.cn:8080/a/b/", false},
		{"//y.gov.cn/c", "http://y.gov.cn/c", false},
		{"c.html#top", "http://u:p@x.gov.cn:8080/a/b/c.html", false},
		{"c d.html", "http://u:p@x.gov.cn:8080/a/b/c%20d.html", false},
		{"c\\d.html", "http://u:p@x.gov.cn:8080/a/b/c/d.html", false},
		{"http:c.html", "http://u:p@x.gov.cn:8080/a/b/c.html", false},
		{"c;jsessionid=1", "http://u:p@x.gov.cn:8080/a/b/c", false},
		{"", "", false},
	} {
		_, plain := b.plain(c.ref)
		if plain != c.plain {
			t.Errorf("plain(%q) = %v, want %v", c.ref, plain, c.plain)
		}
		if got := b.Resolve(c.ref); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.ref, got, c.want)
		}
	}
	for base, want := range map[string]string{
		"https://x.gov.cn":         "https://x.gov.cn/c.html",
		"http://x.gov.cn/a/":       "http://x.gov.cn/a/c.html",
		"http://[::1]:8799/a/b":    "http://[::1]:8799/a/c.html",
		"http://X.GOV.CN:80/a?q#f": "http://x.gov.cn/c.html",
	} {
		b, _ := NewBase(base)
		if got := b.Resolve("c.html"); got != want {
			t.Errorf("against %s: %q, want %q", base, got, want)
		}
	}
}

// FuzzPlainRef: a reference joined as strings resolves as the parser
// resolves it, against bases of every shape.
func FuzzPlainRef(f *testing.F) {
	for _, s := range []string{"c.html", "/a/b?x=1&y", "?p=2", "../c", "a/./b", "//h/x", "a..b/c.", "~x/-y_z", "./../x/", "../../../../", ".././?"} {
		f.Add(s)
	}
	bases := []string{"http://x.gov.cn", "https://x.gov.cn/", "http://x.gov.cn/a/b/index.html?q=1", "http://u:p@x.gov.cn:8080/a/b/",
		"http://[::1]:8799/a", "http://x.gov.cn/%E6%95%99/a.html", "http://x.gov.cn/a//b/"}
	f.Fuzz(func(t *testing.T, ref string) {
		for _, base := range bases {
			b, _ := NewBase(base)
			got, ok := b.plain(ref)
			if !ok {
				continue
			}
			p, pok := parseRef(b.p, ref)
			if !pok {
				t.Errorf("against %s, plain(%q) = %q; the parser refuses it", base, ref, got)
			} else if want := p.String(); got != want {
				t.Errorf("against %s, plain(%q) = %q; the parser gives %q", base, ref, got, want)
			}
		}
	})
}

// TestHref: only absolute http(s) URLs become live links in reports, mails
// and the dashboard, also one with a stray "%" (url.Parse refuses it;
// browsers follow it as written).
func TestHref(t *testing.T) {
	for raw, want := range map[string]string{
		"https://a.gov.cn/x?y=1": "https://a.gov.cn/x?y=1", "HTTP://a.gov.cn/": "HTTP://a.gov.cn/", " http://a.gov.cn/ ": "http://a.gov.cn/",
		"http://a.gov.cn/files/%E5%90%8D%E5%8D%95100%.pdf": "http://a.gov.cn/files/%E5%90%8D%E5%8D%95100%.pdf",
		"JavaScript:alert(1)":                              "", "javascript://a.gov.cn/%0Aalert(1)": "", "data:text/html,x": "", "//a.gov.cn/": "",
		"/relative.html": "", "ftp://a.gov.cn/": "", "file:///etc/passwd": "", "http:///nohost": "", "javascript:100%": "",
	} {
		if got := Href(raw); got != want {
			t.Errorf("Href(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestCanonicalOfRequest: a URL url.Parse refuses, read by Request (its
// path in Opaque), keys as Key keys its string, host and all; url.URL's
// String alone would write it without its host.
func TestCanonicalOfRequest(t *testing.T) {
	for _, raw := range []string{"http://a.gov.cn/lm100%/x.html?b=1&a=2", "https://a.gov.cn/%zz"} {
		u, err := Request(raw)
		if err != nil || u.Opaque == "" {
			t.Fatalf("Request(%s) = %+v, %v: want the path in Opaque", raw, u, err)
		}
		if got, want := Canonical(u), Key(raw); got != want || got != raw {
			t.Errorf("Canonical(Request(%s)) = %s, want %s (Key)", raw, got, want)
		}
	}
}
