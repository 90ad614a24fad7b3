package link

import (
	"errors"
	"net/url"
	"testing"
)

// TestNormalizeAuthorityCover2: hosts, ports and userinfo as the WHATWG
// parser reads them for http(s).
func TestNormalizeAuthorityCover2(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		// IPv6 literals: kept, lower-cased; malformed ones are no link.
		{"http://[::1]:8080/a", "http://[::1]:8080/a"},
		{"http://[2001:DB8::1]/", "http://[2001:db8::1]/"},
		{"http://[::1]x/", ""},
		{"http://[::1/", ""},
		{"http://[]/", ""},
		{"http://[zz::1]/", ""},
		// Ports: the scheme's default dropped (also written with zeros),
		// others kept, out of range or signed refused, empty ignored.
		{"https://a.gov.cn:0443/", "https://a.gov.cn/"},
		{"http://a.gov.cn:080/", "http://a.gov.cn/"},
		{"http://a.gov.cn:443/", "http://a.gov.cn:443/"},
		{"https://a.gov.cn:80/", "https://a.gov.cn:80/"},
		{"http://a.gov.cn:08080/", "http://a.gov.cn:8080/"},
		{"http://a.gov.cn:/x", "http://a.gov.cn/x"},
		{"http://a.gov.cn:65535/", "http://a.gov.cn:65535/"},
		{"http://a.gov.cn:0/", "http://a.gov.cn:0/"},
		{"http://a.gov.cn:65536/", ""},
		{"http://a.gov.cn:+80/", ""},
		{"http://a.gov.cn:-1/", ""},
		{"http://a.gov.cn:8o/", ""},
		// Userinfo: percent-encoded, the last "@" ends it, empty dropped.
		{"http://user:pa ss@a.gov.cn/", "http://user:pa%20ss@a.gov.cn/"},
		{"http://us@er@a.gov.cn/", "http://us%40er@a.gov.cn/"},
		{"http://u:@a.gov.cn/", "http://u:@a.gov.cn/"},
		{"http://@a.gov.cn/", "http://a.gov.cn/"},
		// Hosts: percent-decoded, lower-cased, IDN to punycode, forbidden
		// code points refused.
		{"http://a%2Eb.gov.cn/", "http://a.b.gov.cn/"},
		{"http://A%2eB.GOV.cn/", "http://a.b.gov.cn/"},
		{"http://政务。中国/", "http://xn--zfr164b.xn--fiqs8s/"},
		{"http://ＡＢＣ.cn/", "http://abc.cn/"},
		{"http://a%zzb/", ""},
		{"http://a<b/", ""},
		{"http://a^b/", ""},
		{"http://a%20b/", ""},
		{"http://", ""},
		{"http://:80/", ""},
		{"http://u@/", ""},
		// Extra slashes after a special scheme are skipped.
		{"http:///a.gov.cn/x", "http://a.gov.cn/x"},
		{"http:\\\\a.gov.cn\\x", "http://a.gov.cn/x"},
		// No path: "/" before the query; the fragment dropped.
		{"http://a.gov.cn?x=1", "http://a.gov.cn/?x=1"},
		{"http://a.gov.cn#frag", "http://a.gov.cn/"},
		{"http://a.gov.cn?", "http://a.gov.cn/?"},
		// Not absolute http(s).
		{"a.gov.cn/x", ""},
		{"/x", ""},
		{"1http://a.gov.cn/", ""},
		{"ht~tp://a.gov.cn/", ""},
		{"http", ""},
		{"HtTpS://A.gov.cn", "https://a.gov.cn/"},
		{"web+x://a.gov.cn/", ""},
	} {
		if got := Normalize(c.raw); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}

// TestNormalizePathAndQueryCover2: dot segments (also percent-encoded),
// and what each component percent-encodes.
func TestNormalizePathAndQueryCover2(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"http://a.gov.cn/a/b/%2e%2E/c", "http://a.gov.cn/a/c"},
		{"http://a.gov.cn/a/b/.%2e/c", "http://a.gov.cn/a/c"},
		{"http://a.gov.cn/a/b/%2E./c", "http://a.gov.cn/a/c"},
		{"http://a.gov.cn/a/%2e/b", "http://a.gov.cn/a/b"},
		{"http://a.gov.cn/a/b/..", "http://a.gov.cn/a/"},
		{"http://a.gov.cn/a/b/.", "http://a.gov.cn/a/b/"},
		{"http://a.gov.cn/a/b/%2E", "http://a.gov.cn/a/b/"},
		{"http://a.gov.cn/../../x", "http://a.gov.cn/x"},
		{"http://a.gov.cn/..", "http://a.gov.cn/"},
		{"http://a.gov.cn/a/...", "http://a.gov.cn/a/..."},
		{"http://a.gov.cn/a/.b", "http://a.gov.cn/a/.b"},
		{"http://a.gov.cn//a//b", "http://a.gov.cn//a//b"},
		{"http://a.gov.cn/p`{}\"<>", "http://a.gov.cn/p%60%7B%7D%22%3C%3E"},
		{"http://a.gov.cn/a\x01b\x7fc", "http://a.gov.cn/a%01b%7Fc"},
		{"http://a.gov.cn/a|b'c", "http://a.gov.cn/a|b'c"},
		{"http://a.gov.cn/?a='b'&c=`{}`", "http://a.gov.cn/?a=%27b%27&c=`{}`"},
		{"http://a.gov.cn/?a=<b>\"", "http://a.gov.cn/?a=%3Cb%3E%22"},
		{"http://a.gov.cn/?a=b?c/d", "http://a.gov.cn/?a=b?c/d"},
		{"http://a.gov.cn/x;jsessionid=1", "http://a.gov.cn/x"},
		{"http://a.gov.cn/x;JSessionID=1;a=2/y", "http://a.gov.cn/x;a=2/y"},
		{"http://a.gov.cn/x;sid=1", "http://a.gov.cn/x;sid=1"},
	} {
		if got := Normalize(c.raw); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
}

// TestResolveStringRelativeCover2: every kind of relative reference.
func TestResolveStringRelativeCover2(t *testing.T) {
	const base = "http://a.gov.cn/x/y.html?q=1"
	for _, c := range []struct{ base, ref, want string }{
		{base, "http:", "http://a.gov.cn/x/y.html?q=1"},
		{base, "http:#frag", "http://a.gov.cn/x/y.html?q=1"},
		{base, "http:?p=2", "http://a.gov.cn/x/y.html?p=2"},
		{base, "http:/z", "http://a.gov.cn/z"},
		{base, "http://b.gov.cn", "http://b.gov.cn/"},
		{base, "https:a.html", "https://a.html/"},
		{base, "//b.gov.cn/z", "http://b.gov.cn/z"},
		{"https://a.gov.cn/x/", "//b.gov.cn:443/z", "https://b.gov.cn/z"},
		{base, "/p?x#y", "http://a.gov.cn/p?x"},
		{base, "\\p", "http://a.gov.cn/p"},
		{base, "?", "http://a.gov.cn/x/y.html?"},
		{base, "?a#b", "http://a.gov.cn/x/y.html?a"},
		{base, "z.html#a", "http://a.gov.cn/x/z.html"},
		{base, ".", "http://a.gov.cn/x/"},
		{base, "..", "http://a.gov.cn/"},
		{base, "../../../z", "http://a.gov.cn/z"},
		{base, "#a", ""},
		{base, "", ""},
		{"http://u:p@a.gov.cn:8080/d/e", "f", "http://u:p@a.gov.cn:8080/d/f"},
		{"http://u:p@a.gov.cn:8080/d/e", "?g", "http://u:p@a.gov.cn:8080/d/e?g"},
		{"http://a.gov.cn", "f", "http://a.gov.cn/f"},
		{"http://a.gov.cn/", "f", "http://a.gov.cn/f"},
		// The base itself is normalised.
		{"HTTP://A.GOV.CN:80/d/", "f", "http://a.gov.cn/d/f"},
		// A base that is no absolute http(s) URL resolves nothing.
		{"mailto:x@a.gov.cn", "f", ""},
		{"/d/e", "http://a.gov.cn/", ""},
		{"", "http://a.gov.cn/", ""},
		// A bad reference against a good base.
		{base, "http://bad host/", ""},
		{base, "//[::1/", ""},
		{base, "javascript:x", ""},
	} {
		if got := ResolveString(c.base, c.ref); got != c.want {
			t.Errorf("ResolveString(%q, %q) = %q, want %q", c.base, c.ref, got, c.want)
		}
	}
}

func TestNewBaseCover2(t *testing.T) {
	b, ok := NewBase("http://A.gov.cn/x/y.html")
	if !ok {
		t.Fatal("NewBase(http://A.gov.cn/x/y.html) not ok")
	}
	for _, c := range []struct{ ref, want string }{
		{"z.html", "http://a.gov.cn/x/z.html"},
		{"../w/", "http://a.gov.cn/w/"},
		{"//b.gov.cn", "http://b.gov.cn/"},
		{"#top", ""},
		{"mailto:x@a.gov.cn", ""},
		{"http://a.gov.cn:99999/", ""},
	} {
		if got := b.Resolve(c.ref); got != c.want {
			t.Errorf("Base.Resolve(%q) = %q, want %q", c.ref, got, c.want)
		}
	}
	for _, raw := range []string{"", "/x/y.html", "ftp://a.gov.cn/", "http://bad host/"} {
		b, ok := NewBase(raw)
		if ok {
			t.Errorf("NewBase(%q) ok", raw)
		}
		if got := b.Resolve("http://a.gov.cn/"); got != "" {
			t.Errorf("NewBase(%q).Resolve(absolute) = %q, want \"\"", raw, got)
		}
	}
	if got := (Base{}).Resolve("http://a.gov.cn/"); got != "" {
		t.Errorf("zero Base resolves %q", got)
	}
}

// TestResolveAgainstGoURLsCover2: a nil base, a request URL built with an
// opaque path, a base Go holds with a fragment.
func TestResolveAgainstGoURLsCover2(t *testing.T) {
	if got := Resolve(nil, "http://a.gov.cn/"); got != "" {
		t.Errorf("Resolve(nil, absolute) = %q, want \"\"", got)
	}
	u, err := Request("http://a.gov.cn/a%zz/b.html?q=1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Opaque != "/a%zz/b.html" {
		t.Fatalf("Request put the path %q in Opaque, want /a%%zz/b.html", u.Opaque)
	}
	for _, c := range []struct{ ref, want string }{
		{"c.html", "http://a.gov.cn/a%zz/c.html"},
		{"?x", "http://a.gov.cn/a%zz/b.html?x"},
		{"http:", "http://a.gov.cn/a%zz/b.html?q=1"},
		{"../d", "http://a.gov.cn/d"},
	} {
		if got := Resolve(u, c.ref); got != c.want {
			t.Errorf("Resolve(%s, %q) = %q, want %q", u, c.ref, got, c.want)
		}
	}
	// An opaque path with an empty forced query keeps its "?".
	u, err = Request("http://a.gov.cn/a%zz?")
	if err != nil {
		t.Fatal(err)
	}
	if !u.ForceQuery || u.RequestURI() != "/a%zz?" {
		t.Errorf("Request(…a%%zz?) ForceQuery %v, sends %q", u.ForceQuery, u.RequestURI())
	}
	if got := String(u); got != "http://a.gov.cn/a%zz?" {
		t.Errorf("String = %q, want http://a.gov.cn/a%%zz?", got)
	}
	if got := Resolve(u, "b"); got != "http://a.gov.cn/b" {
		t.Errorf("Resolve(%s, b) = %q", u, got)
	}
	// A Go URL with a fragment: the fragment is left off.
	g, _ := url.Parse("HTTP://A.gov.cn:80/p/q.html?z=1#sec")
	if got := String(g); got != "http://a.gov.cn/p/q.html?z=1" {
		t.Errorf("String(%s) = %q", g, got)
	}
	if got := Resolve(g, "r.html"); got != "http://a.gov.cn/p/r.html" {
		t.Errorf("Resolve(%s, r.html) = %q", g, got)
	}
	// String of what is no http(s) URL: Go's own form.
	f := &url.URL{Scheme: "ftp", Host: "x.gov.cn", Path: "/a b", Fragment: "f"}
	if got := String(f); got != "ftp://x.gov.cn/a%20b" {
		t.Errorf("String(ftp) = %q, want ftp://x.gov.cn/a%%20b", got)
	}
	if got := Resolve(f, "http://a.gov.cn/"); got != "" {
		t.Errorf("Resolve against an ftp base = %q, want \"\"", got)
	}
}

// TestRequestOpaqueCover2: where Go would escape otherwise, the path goes in
// Opaque; host, port, user and the unescaped Path are still filled in.
func TestRequestOpaqueCover2(t *testing.T) {
	u, err := Request("http://u:p%20w@A.gov.cn:8080/a%zz/%E5%B9%B4%4a%4A%3f%2f%4.pdf?q=1%")
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "http" || u.Host != "a.gov.cn:8080" || u.Hostname() != "a.gov.cn" || u.Port() != "8080" {
		t.Errorf("scheme %q host %q", u.Scheme, u.Host)
	}
	if u.User == nil || u.User.Username() != "u" {
		t.Errorf("user %v, want u", u.User)
	} else if pw, ok := u.User.Password(); !ok || pw != "p w" {
		t.Errorf("password %q %v, want \"p w\"", pw, ok)
	}
	if u.Opaque != "/a%zz/%E5%B9%B4%4a%4A%3f%2f%4.pdf" {
		t.Errorf("Opaque = %q", u.Opaque)
	}
	if u.Path != "/a%zz/年JJ?/%4.pdf" {
		t.Errorf("Path = %q, want /a%%zz/年JJ?/%%4.pdf", u.Path)
	}
	if u.RawQuery != "q=1%" || u.ForceQuery {
		t.Errorf("RawQuery %q ForceQuery %v", u.RawQuery, u.ForceQuery)
	}
	if got := u.RequestURI(); got != "/a%zz/%E5%B9%B4%4a%4A%3f%2f%4.pdf?q=1%" {
		t.Errorf("RequestURI = %q", got)
	}
	// Without port or user.
	u, err = Request("https://a.gov.cn/b|c%")
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "a.gov.cn" || u.User != nil || u.Path != "/b|c%" || u.RequestURI() != "/b|c%" {
		t.Errorf("Request(https://a.gov.cn/b|c%%) = host %q user %v path %q uri %q", u.Host, u.User, u.Path, u.RequestURI())
	}
	// Hex digits of every case are decoded in Path; broken escapes kept.
	for _, c := range []struct{ path, want string }{
		{"/%41%61%7a%7A%30%39%zz", "/Aazz09%zz"},
		{"/a%", "/a%"},
		{"/a%4", "/a%4"},
		{"/%g1%1g", "/%g1%1g"},
		{"/%e4%b8%ad%", "/中%"},
	} {
		u, err := Request("http://a.gov.cn" + c.path)
		if err != nil {
			t.Fatalf("Request(%q): %v", c.path, err)
		}
		if u.Path != c.want || u.RequestURI() != c.path {
			t.Errorf("Request(%q): Path %q (want %q), sends %q", c.path, u.Path, c.want, u.RequestURI())
		}
	}
}

func TestRequestErrorCover2(t *testing.T) {
	for _, raw := range []string{"mailto:a@b.cn", "", "/a", "http://bad host/"} {
		u, err := Request(raw)
		if err == nil || u != nil {
			t.Errorf("Request(%q) = %v, %v; want an error", raw, u, err)
			continue
		}
		var ue *url.Error
		if !errors.As(err, &ue) || ue.Op != "parse" || ue.URL != raw || ue.Err.Error() != "not an absolute http(s) URL" {
			t.Errorf("Request(%q) error %#v", raw, err)
		}
		want := `parse "` + raw + `": not an absolute http(s) URL`
		if err.Error() != want {
			t.Errorf("Request(%q) error %q, want %q", raw, err, want)
		}
		if _, err := Parse(raw); err == nil || err.Error() != want {
			t.Errorf("Parse(%q) error %v, want %q", raw, err, want)
		}
	}
}

// TestParseAcceptsWhatURLParseRefusesCover2.
func TestParseAcceptsWhatURLParseRefusesCover2(t *testing.T) {
	u, err := Parse("http://A.gov.cn/a%zz/list.jsp?sid=1&page=2")
	if err != nil {
		t.Fatal(err)
	}
	if u.Hostname() != "a.gov.cn" || u.Path != "/a%zz/list.jsp" || u.Query().Get("page") != "2" {
		t.Errorf("Parse = host %q path %q query %q", u.Hostname(), u.Path, u.RawQuery)
	}
	u, err = Parse("http://a.gov.cn/plain.html")
	if err != nil || u.Opaque != "" || u.Path != "/plain.html" || u.String() != "http://a.gov.cn/plain.html" {
		t.Errorf("Parse(plain) = %#v, %v", u, err)
	}
}

func TestPageLikeStringCover2(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want bool
	}{
		{"http://a.gov.cn/a%zz.pdf", false}, // url.Parse refuses it; Request reads it
		{"http://a.gov.cn/a%zz.html", true},
		{"http://a.gov.cn/doc.PDF", false},
		{"http://a.gov.cn/", true},
		{"%zz", true}, // unparsable: a page
	} {
		if got := PageLikeString(c.raw); got != c.want {
			t.Errorf("PageLikeString(%q) = %v, want %v", c.raw, got, c.want)
		}
	}
}
