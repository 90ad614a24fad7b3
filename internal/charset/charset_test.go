package charset

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Text used throughout: a typical notice heading of a municipal site.
const (
	csTitle  = "杭州市教育局 通知公告"
	csNotice = "关于做好2024年中小学招生入学工作的通知"
	// 镕 is in GBK but not in GB2312; 䶮 (U+4DAE) is at FE9F, a GBK code
	// that GB2312 lacks; 㐀 (U+3400, CJK extension A) and 𠀀 (U+20000,
	// outside the BMP) exist only in GB18030, as four-byte sequences.
	csRare = "朱镕基 刘䶮 㐀 𠀀"
)

func csEncode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

// csGBK returns s encoded in GB18030, which for GB2312/GBK characters is
// byte for byte what a GBK site serves.
func csGBK(t testing.TB, s string) []byte { return csEncode(t, simplifiedchinese.GB18030, s) }

// csPage builds a small HTML page around head and body text.
func csPage(head, body string) string {
	return "<!DOCTYPE html>\n<html><head>" + head + "<title>" + csTitle + "</title></head>\n" +
		"<body><h1>" + csTitle + "</h1><p>" + body + "</p></body></html>\n"
}

// TestCharsetFixtureBytes checks the encoder-made fixtures against GBK codes
// taken from the GB2312 code chart, so the tests do not only check x/text
// against itself.
func TestCharsetFixtureBytes(t *testing.T) {
	for s, want := range map[string][]byte{
		"中文":   {0xD6, 0xD0, 0xCE, 0xC4},
		"杭州":   {0xBA, 0xBC, 0xD6, 0xDD},
		"教育局":  {0xBD, 0xCC, 0xD3, 0xFD, 0xBE, 0xD6},
		"通知公告": {0xCD, 0xA8, 0xD6, 0xAA, 0xB9, 0xAB, 0xB8, 0xE6},
	} {
		if got := csGBK(t, s); !bytes.Equal(got, want) {
			t.Errorf("GBK(%s) = % X, want % X", s, got, want)
		}
	}
	// 㐀 and 𠀀 need four-byte GB18030 sequences, which x/text's GBK decoder
	// (what htmlindex returns for "gb2312" and "gbk") turns into U+FFFD: the
	// reason all GB labels are decoded with GB18030.
	for _, s := range []string{"㐀", "𠀀"} {
		b := csGBK(t, s)
		if len(b) != 4 {
			t.Fatalf("GB18030(%s) = % X, want a four-byte sequence", s, b)
		}
		viaGBK, _ := simplifiedchinese.GBK.NewDecoder().Bytes(b)
		if strings.Contains(string(viaGBK), s) {
			t.Errorf("x/text GBK decodes % X to %q; the GB18030 rule would be unnecessary", b, viaGBK)
		}
		if out, _, _ := DecodeHTML(b, "text/html; charset=gb2312"); string(out) != s {
			t.Errorf("DecodeHTML(% X, gb2312) = %q, want %q", b, out, s)
		}
	}
}

type csCase struct {
	name         string
	body         []byte
	contentType  string
	wantDeclared string
	wantUsed     string
	want         []string // substrings of the output
	wantFFFD     int      // exact number of U+FFFD in the output
	wantSame     bool     // output is the input slice itself (no copy)
	wantNoBOM    bool     // output does not start with U+FEFF
}

func csCases(t testing.TB) []csCase {
	gbkPage := func(head string) []byte { return csGBK(t, csPage(head, csNotice)) }
	utf8Page := func(head string) []byte { return []byte(csPage(head, csNotice)) }
	comment := "<!-- " + strings.Repeat("CMS template comment; ", 100) + " -->\n" // > 2 KiB
	if len(comment) < 2048 {
		t.Fatalf("comment is only %d bytes", len(comment))
	}
	script := "<script>var cfg = {" + strings.Repeat(`"k": "a < b > c", `, 300) + "};</script>\n" // > 5 KiB
	latin := []byte("<html><body><p>Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade \x80 10</p></body></html>")
	utf16le := func(bom unicode.BOMPolicy, s string) []byte {
		return csEncode(t, unicode.UTF16(unicode.LittleEndian, bom), s)
	}
	utf16be := func(bom unicode.BOMPolicy, s string) []byte {
		return csEncode(t, unicode.UTF16(unicode.BigEndian, bom), s)
	}
	// A UTF-8 page that embeds a GBK fragment (a server-side include).
	mixed := append([]byte(csPage("", strings.Repeat(csNotice, 5))), csGBK(t, "<footer>版权所有</footer>")...)
	// A UTF-8 page cut in the middle of its last character.
	full := []byte(csPage("", csNotice+"。"))
	truncated := full[:bytes.LastIndex(full, []byte("。"))+2]

	return []csCase{
		// Rule 2: the header.
		{name: "header gbk, nothing in body", body: gbkPage(""), contentType: "text/html; charset=GBK",
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle, csNotice}},
		{name: "header quoted gb2312, no space", body: gbkPage(""), contentType: `text/html;charset="gb2312"`,
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "header charset among other params", body: gbkPage(""), contentType: "text/html; q=1 ; Charset = cp936 ",
			wantDeclared: "cp936", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "header beats meta", body: gbkPage(`<meta charset="big5">`), contentType: "text/html; charset=gb2312",
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "header utf-8 ASCII body is returned as is", body: []byte("<p>hello</p>"), contentType: "text/html; charset=utf-8",
			wantDeclared: "utf-8", wantUsed: "utf-8", want: []string{"<p>hello</p>"}, wantSame: true},

		// Rule 3: <meta>.
		{name: `meta charset="gbk"`, body: gbkPage(`<meta charset="gbk">`),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle, csNotice}},
		{name: "meta charset unquoted upper case", body: gbkPage(`<META CHARSET=GB2312>`),
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta charset single quotes, spaces, self-closing", body: gbkPage(`<meta   charset = ' GBK ' />`),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta http-equiv content-type", body: gbkPage(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`),
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle, csNotice}},
		{name: "meta http-equiv reversed, upper case, unquoted", body: gbkPage(`<META CONTENT="text/html;CHARSET=GB2312" HTTP-EQUIV=content-type>`),
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta content with quoted charset", body: gbkPage(`<meta http-equiv='content-type' content='text/html; charset="x-gbk"'>`),
			wantDeclared: "x-gbk", wantUsed: "gb18030", want: []string{csTitle}},
		// Without http-equiv the content attribute does not count (WHATWG);
		// the sniffer still finds GB18030.
		{name: "meta content without http-equiv is ignored", body: gbkPage(`<meta content="text/html; charset=big5">`),
			wantDeclared: "", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta after 2 KiB comment", body: gbkPage(comment + `<meta charset="gb2312">`),
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta after 5 KiB script with < and >", body: gbkPage(script + `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle}},
		// Beyond 8 KiB the meta is not seen; the big5 label would be wrong
		// anyway, so the sniffer's gb18030 shows it was not used.
		{name: "meta beyond 8 KiB is not seen", body: gbkPage(strings.Repeat(comment, 4) + `<meta charset="big5">`),
			wantDeclared: "", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "commented-out meta is skipped", body: gbkPage(`<!-- <meta charset="big5"> --><meta charset="gbk">`),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta inside an attribute value is skipped", body: gbkPage(`<link title="<meta charset=big5>" href="/a.css"><meta charset="gbk">`),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "unknown meta label then a known one", body: gbkPage(`<meta charset="gb-foo"><meta charset="gbk">`),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "meta utf-16 means utf-8", body: utf8Page(`<meta charset="utf-16">`),
			wantDeclared: "utf-16", wantUsed: "utf-8", want: []string{csTitle}, wantSame: true},
		{name: "meta big5 via htmlindex", body: append([]byte(`<meta charset="big5"><p>`), csEncode(t, traditionalchinese.Big5, "臺北市政府 公告")...),
			wantDeclared: "big5", wantUsed: "big5", want: []string{"臺北市政府 公告"}},

		// Rule 4: nothing declared.
		{name: "nothing declared, GBK", body: gbkPage(""),
			wantDeclared: "", wantUsed: "gb18030", want: []string{csTitle, csNotice}},
		{name: "nothing declared, UTF-8", body: utf8Page(""),
			wantDeclared: "", wantUsed: "utf-8", want: []string{csTitle, csNotice}, wantSame: true},
		{name: "nothing declared, ASCII", body: []byte("<html><body>Hello</body></html>"), contentType: "text/html",
			wantDeclared: "", wantUsed: "utf-8", want: []string{"Hello"}, wantSame: true},
		{name: "nothing declared, Latin-1", body: latin,
			wantDeclared: "", wantUsed: "windows-1252", want: []string{"Café crème brûlée, naïve façade € 10"}},
		// Accented letters followed by letters parse as GBK double bytes
		// without errors; they are rejected because they fall outside the
		// GB2312 zone (only "öß" is inside it).
		{name: "nothing declared, German Latin-1", body: []byte("<p>M\xfcller Stra\xdfe Gr\xf6\xdfenverh\xe4ltnisse \xdcbung</p>"),
			wantDeclared: "", wantUsed: "windows-1252", want: []string{"Müller Straße Größenverhältnisse Übung"}},
		{name: "empty body", body: []byte{},
			wantDeclared: "", wantUsed: "utf-8"},

		// Rule 1: BOMs win over everything and are stripped.
		{name: "UTF-8 BOM beats header and meta", body: append([]byte("\xEF\xBB\xBF"), utf8Page(`<meta charset="gbk">`)...), contentType: "text/html; charset=gbk",
			wantDeclared: "utf-8", wantUsed: "utf-8", want: []string{csTitle}, wantSame: true, wantNoBOM: true},
		{name: "UTF-16LE BOM", body: utf16le(unicode.UseBOM, csPage(`<meta charset="gbk">`, csNotice)),
			wantDeclared: "utf-16le", wantUsed: "utf-16le", want: []string{csTitle, csNotice}, wantNoBOM: true},
		{name: "UTF-16BE BOM", body: utf16be(unicode.UseBOM, csPage("", csRare)), contentType: "text/html; charset=gbk",
			wantDeclared: "utf-16be", wantUsed: "utf-16be", want: []string{csTitle, csRare}, wantNoBOM: true},
		{name: "header utf-16le without BOM", body: utf16le(unicode.IgnoreBOM, csPage("", csNotice)), contentType: "text/html; charset=utf-16le",
			wantDeclared: "utf-16le", wantUsed: "utf-16le", want: []string{csTitle}},

		// Wrong declarations.
		{name: "header utf-8, body GBK", body: gbkPage(""), contentType: "text/html; charset=utf-8",
			wantDeclared: "utf-8", wantUsed: "gb18030", want: []string{csTitle, csNotice}},
		{name: "meta utf-8, body GBK", body: gbkPage(`<meta charset="UTF-8">`),
			wantDeclared: "utf-8", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "header gbk, body UTF-8", body: utf8Page(""), contentType: "text/html; charset=gbk",
			wantDeclared: "gbk", wantUsed: "utf-8", want: []string{csTitle, csNotice}, wantSame: true},
		{name: "meta gb2312 template, body UTF-8", body: utf8Page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`),
			wantDeclared: "gb2312", wantUsed: "utf-8", want: []string{csTitle}, wantSame: true},
		{name: "header gbk, ASCII body kept as is", body: []byte("<p>hello</p>"), contentType: "text/html; charset=gbk",
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{"<p>hello</p>"}, wantSame: true},
		{name: "header iso-8859-1 (server default), body GBK", body: gbkPage(`<meta charset="gb2312">`), contentType: "text/html; charset=ISO-8859-1",
			wantDeclared: "iso-8859-1", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "header iso-8859-1, body Latin-1", body: latin, contentType: "text/html; charset=iso-8859-1",
			wantDeclared: "iso-8859-1", wantUsed: "windows-1252", want: []string{"Café crème"}},
		{name: "header utf-16 without BOM, body UTF-8", body: utf8Page(""), contentType: "text/html; charset=utf-16",
			wantDeclared: "utf-16", wantUsed: "utf-8", want: []string{csTitle}, wantSame: true},

		// Characters beyond GB2312.
		{name: "rare characters, header gb2312", body: csGBK(t, csPage("", csRare)), contentType: "text/html; charset=gb2312",
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csRare}},
		{name: "rare characters, meta gbk", body: csGBK(t, csPage(`<meta charset="gbk">`, csRare)),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csRare}},
		{name: "rare characters, nothing declared", body: csGBK(t, csPage("", csRare)),
			wantDeclared: "", wantUsed: "gb18030", want: []string{csRare}},
		{name: "euro sign 0x80 in GBK", body: append(gbkPage(`<meta charset="gbk">`), 0x80),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{"€"}},

		// Undecodable bytes.
		{name: "GBK with invalid bytes", body: append(append(gbkPage(`<meta charset="gbk">`), 0xFF, 'x', 0x81, '<'), csGBK(t, "结束")...),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle, "\uFFFDx\uFFFD<结束"}, wantFFFD: 2},
		{name: "GBK with invalid bytes, nothing declared", body: append(append(gbkPage(""), 0xFF), csGBK(t, "结束")...),
			wantDeclared: "", wantUsed: "gb18030", want: []string{csTitle, "\uFFFD结束"}, wantFFFD: 1},
		{name: "GBK cut after a lead byte", body: append(gbkPage(`<meta charset="gbk">`), 0xD6),
			wantDeclared: "gbk", wantUsed: "gb18030", want: []string{csTitle}, wantFFFD: 1},
		{name: "UTF-8 with stray bytes", body: append([]byte(csPage(`<meta charset="utf-8">`, csNotice)), 0xFF, 0xE4, 0xB8, '!'),
			wantDeclared: "utf-8", wantUsed: "utf-8", want: []string{csTitle, "\uFFFD\uFFFD!"}, wantFFFD: 2},
		{name: "UTF-8 with a GBK include, nothing declared", body: mixed,
			// 版权所有 = B0E6 C8A8 CBF9 D3D0: one U+FFFD per maximal invalid
			// subpart, and C8 A8 happens to be valid UTF-8 (Ȩ).
			wantDeclared: "", wantUsed: "utf-8", want: []string{csNotice + csNotice, "<footer>\uFFFD\uFFFDȨ\uFFFD\uFFFD\uFFFD\uFFFD</footer>"}, wantFFFD: 6},
		{name: "UTF-8 cut in the last character", body: truncated,
			wantDeclared: "", wantUsed: "utf-8", want: []string{csNotice + "\uFFFD"}, wantFFFD: 1},
		{name: "header gbk, body UTF-8 cut in the last character", body: truncated, contentType: "text/html; charset=gbk",
			wantDeclared: "gbk", wantUsed: "utf-8", want: []string{csNotice + "\uFFFD"}, wantFFFD: 1},
		{name: "UTF-16LE BOM with odd length", body: append(utf16le(unicode.UseBOM, "通知"), 0x41),
			wantDeclared: "utf-16le", wantUsed: "utf-16le", want: []string{"通知\uFFFD"}, wantFFFD: 1},

		// Unknown and special labels.
		{name: "unknown header label, nothing else", body: gbkPage(""), contentType: "text/html; charset=x-unknown-cms",
			wantDeclared: "", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "unknown header label, meta known", body: gbkPage(`<meta charset="gb2312">`), contentType: "text/html; charset=foo",
			wantDeclared: "gb2312", wantUsed: "gb18030", want: []string{csTitle}},
		{name: "unknown meta label, UTF-8 body", body: utf8Page(`<meta charset="utf-9">`),
			wantDeclared: "", wantUsed: "utf-8", want: []string{csTitle}, wantSame: true},
		{name: "empty charset parameter", body: utf8Page(""), contentType: "text/html; charset=",
			wantDeclared: "", wantUsed: "utf-8", want: []string{csTitle}, wantSame: true},
		{name: "hz-gb-2312 is decoded, not replaced", body: csEncode(t, simplifiedchinese.HZGB2312, "<p>"+csTitle+"</p>"), contentType: "text/html; charset=HZ-GB-2312",
			wantDeclared: "hz-gb-2312", wantUsed: "hz-gb-2312", want: []string{csTitle}},
		{name: "iso-2022-kr is the replacement encoding", body: []byte("<p>\x1b$)Cabc</p>"), contentType: "text/html; charset=iso-2022-kr",
			wantDeclared: "iso-2022-kr", wantUsed: "replacement", want: []string{"\uFFFD"}, wantFFFD: 1},
	}
}

func TestCharsetDecodeHTML(t *testing.T) {
	for _, tc := range csCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			in := bytes.Clone(tc.body)
			out, declared, used := DecodeHTML(tc.body, tc.contentType)
			if !bytes.Equal(in, tc.body) {
				t.Fatal("DecodeHTML modified its input")
			}
			if declared != tc.wantDeclared || used != tc.wantUsed {
				t.Errorf("declared, used = %q, %q; want %q, %q", declared, used, tc.wantDeclared, tc.wantUsed)
			}
			if !utf8.Valid(out) {
				t.Errorf("output is not valid UTF-8: %q", out)
			}
			for _, w := range tc.want {
				if !bytes.Contains(out, []byte(w)) {
					t.Errorf("output lacks %q:\n%s", w, csHead(out))
				}
			}
			if n := bytes.Count(out, []byte("\uFFFD")); n != tc.wantFFFD {
				t.Errorf("output has %d U+FFFD, want %d:\n%s", n, tc.wantFFFD, csHead(out))
			}
			same := len(out) > 0 && len(tc.body) > 0 && &out[len(out)-1] == &tc.body[len(tc.body)-1]
			if same != tc.wantSame {
				t.Errorf("output aliases input = %v, want %v", same, tc.wantSame)
			}
			if tc.wantNoBOM && bytes.HasPrefix(out, []byte("\uFEFF")) {
				t.Error("BOM not stripped")
			}
		})
	}
}

func csHead(b []byte) string {
	if len(b) > 300 {
		b = b[:300]
	}
	return string(b)
}

// TestCharsetDecodeHTMLFullText checks whole outputs, not only substrings.
func TestCharsetDecodeHTMLFullText(t *testing.T) {
	page := csPage(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, csNotice+csRare)
	out, _, _ := DecodeHTML(csGBK(t, page), "")
	if string(out) != page {
		t.Errorf("GBK page decoded to\n%s\nwant\n%s", out, page)
	}
	out, _, _ = DecodeHTML(append([]byte{0xFE, 0xFF}, csEncode(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), page)...), "")
	if string(out) != page {
		t.Errorf("UTF-16BE page decoded to\n%s\nwant\n%s", out, page)
	}
}

func TestCharsetPrescanMeta(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{`<meta charset="gbk">`, "gbk"},
		{`<meta charset=gbk>`, "gbk"},
		{`<meta charset=gbk/>`, ""}, // unquoted value runs to '>': label "gbk/" is unknown
		{`<meta charset="gbk"/>`, "gbk"},
		{`<meta/charset="gbk">`, "gbk"},
		{"<meta\n\tcharset\n=\n'GB2312'\n>", "gb2312"},
		{`<meta name="x" charset="gbk" charset="big5">`, "gbk"}, // first of duplicates
		{`<meta http-equiv="content-type" content="text/html; charset=gbk">`, "gbk"},
		{`<meta content="text/html; charset=gbk" http-equiv="Content-Type">`, "gbk"},
		{`<meta http-equiv=Content-Type content=text/html;charset=gbk>`, "gbk"},
		{`<meta http-equiv="Content-Type" content="text/html; charset = 'gbk' ">`, "gbk"},
		{`<meta http-equiv="Content-Type" content="text/html; charsetgbk; charset=gb2312">`, "gb2312"},
		{`<meta http-equiv="Content-Type" content="text/html; charset='gbk">`, ""}, // unmatched quote
		{`<meta http-equiv="refresh" content="0; charset=gbk">`, ""},
		{`<meta content="text/html; charset=gbk">`, ""},
		{`<meta charset="x-user-defined">`, "x-user-defined"},
		{`<metacharset="gbk">`, ""},
		{`<meta charset="gbk"`, ""}, // cut inside the element
		{`<meta charset="gbk`, ""},
		{`<!--<meta charset="big5">--><meta charset="gbk">`, "gbk"},
		{`<!--><meta charset="gbk">`, "gbk"}, // "<!-->" is a complete comment
		{`<!-- -- <meta charset="big5"> -->`, ""},
		{`<!DOCTYPE html><?xml version="1.0" encoding="big5"?><meta charset="gbk">`, "gbk"},
		{`</p title="<meta charset=big5>"><meta charset="gbk">`, "gbk"},
		{`<a href='x>y' title="<meta charset=big5>"><meta charset=gbk>`, "gbk"},
		{`<script>document.write("<meta charset=gbk>")</script>`, "gbk"}, // as browsers' prescan
		{`<p>1 < 2 <meta charset="gbk">`, "gbk"},
		{`<MeTa ChArSeT="GbK">`, "gbk"},
		{`<meta charset="">`, ""},
		{`<meta charset="  ">`, ""},
		{`<meta charset="` + strings.Repeat("g", 100) + `">`, ""},
	} {
		label, enc := prescanMeta([]byte(tc.in))
		if label != tc.want {
			t.Errorf("prescanMeta(%q) = %q, want %q", tc.in, label, tc.want)
		}
		if (enc == nil) != (tc.want == "") {
			t.Errorf("prescanMeta(%q): encoding %v with label %q", tc.in, enc, label)
		}
	}
	// x-user-defined in a meta means windows-1252; utf-16 means utf-8.
	if _, enc := prescanMeta([]byte(`<meta charset="x-user-defined">`)); enc == nil || enc.name != "windows-1252" {
		t.Errorf("x-user-defined: got %v, want windows-1252", enc)
	}
	if _, enc := prescanMeta([]byte(`<meta charset="utf-16be">`)); enc != csUTF8 {
		t.Errorf("utf-16be: got %v, want utf-8", enc)
	}
}

func TestCharsetContentTypeHeader(t *testing.T) {
	for _, tc := range []struct{ in, label, used string }{
		{"text/html; charset=gbk", "gbk", "gb18030"},
		{"text/html;charset=GB2312", "gb2312", "gb18030"},
		{`text/html; charset="UTF-8"`, "utf-8", "utf-8"},
		{"text/html; charset='big5'", "big5", "big5"},
		{"text/html; format=flowed; charset=Shift_JIS", "shift_jis", "shift_jis"},
		{"text/html; charset = euc-kr ", "euc-kr", "euc-kr"},
		{"text/html; charset=iso-8859-2", "iso-8859-2", "iso-8859-2"},
		{"text/html; charset=latin1", "latin1", "windows-1252"},
		{"text/html; charset=chinese", "chinese", "gb18030"},
		{"text/html; charset=GB_2312-80", "gb_2312-80", "gb18030"},
		{"text/html; charset=csGB2312", "csgb2312", "gb18030"},
		{"text/html; charset=iso-ir-58", "iso-ir-58", "gb18030"},
		{"text/html; charset=gb18030", "gb18030", "gb18030"},
		{"text/html; xcharset=gbk", "", ""},
		{"text/html; charset", "", ""},
		{"text/html; charset=", "", ""},
		{"text/html; charset=nonsense", "", ""},
		{"text/html", "", ""},
		{"", "", ""},
	} {
		label, enc := charsetFromContentType(tc.in)
		used := ""
		if enc != nil {
			used = enc.name
		}
		if label != tc.label || used != tc.used {
			t.Errorf("charsetFromContentType(%q) = %q, %q; want %q, %q", tc.in, label, used, tc.label, tc.used)
		}
	}
}

// TestCharsetKnownLabelsMatchHTMLIndex keeps the fast label table honest:
// every label in it that htmlindex knows must mean what htmlindex says (GBK
// being read as GB18030, and HZ decoded instead of replaced, on purpose);
// the labels htmlindex does not know must be GB spellings.
func TestCharsetKnownLabelsMatchHTMLIndex(t *testing.T) {
	for label, k := range encLabels {
		if k.label != label {
			t.Errorf("encLabels[%q].label = %q", label, k.label)
		}
		if got, cs := csLabelFromBytes(append([]byte(" "), strings.ToUpper(label)+"\t"...)); got != label || cs != k.cs {
			t.Errorf("label %q with case and spaces resolves to %q, %v", label, got, cs)
		}
		enc, err := htmlindex.Get(label)
		if err != nil {
			if k.cs != csGB18030 {
				t.Errorf("label %q is unknown to htmlindex but mapped to %s", label, k.cs.name)
			}
			continue
		}
		name, _ := htmlindex.Name(enc)
		want := map[string]string{"gbk": "gb18030", "replacement": "hz-gb-2312"}[name]
		if want == "" {
			want = name
		}
		if k.cs.name != want {
			t.Errorf("label %q: htmlindex says %s, table says %s", label, name, k.cs.name)
		}
	}
}

func TestCharsetDecodeHTMLAllocs(t *testing.T) {
	utf8Body := []byte(csPage(`<meta charset="utf-8">`, csNotice))
	asciiBody := []byte(`<html><head><meta charset="gbk"></head><body>hello</body></html>`)
	for name, tc := range map[string]struct {
		body []byte
		ct   string
	}{
		"utf-8 meta":   {utf8Body, ""},
		"utf-8 header": {utf8Body, "text/html; charset=UTF-8"},
		"ascii gbk":    {asciiBody, ""},
	} {
		if n := testing.AllocsPerRun(100, func() { DecodeHTML(tc.body, tc.ct) }); n != 0 {
			t.Errorf("%s: %v allocations, want 0", name, n)
		}
	}
}

func FuzzDecodeHTML(f *testing.F) {
	for _, tc := range csCases(f) {
		f.Add(tc.body, tc.contentType)
	}
	f.Add([]byte("<meta charset=gbk>\xff\xfe\x81\x30\x81"), "")
	f.Add([]byte("\x84\x31\xa4\x39\x90\x30\x81\x30\xe3\x32\x9a\x36"), "text/html; charset=gb18030")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		in := bytes.Clone(body)
		out, declared, used := DecodeHTML(body, contentType)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 output %q (used %s)", out, used)
		}
		if !bytes.Equal(in, body) {
			t.Fatal("input modified")
		}
		if used == "" {
			t.Fatal("empty used")
		}
		if declared != strings.ToLower(declared) {
			t.Fatalf("declared %q is not lower case", declared)
		}
		// Valid UTF-8 without a BOM decoded as UTF-8 is returned unchanged.
		if used == "utf-8" && utf8.Valid(body) && !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) && !bytes.Equal(out, body) {
			t.Fatalf("valid UTF-8 changed: %q -> %q", body, out)
		}
	})
}

// csBenchPage returns a ~30 KB government-style page with its charset in a
// <meta> placed after a long comment, as CMS pages do.
func csBenchPage(meta string) string {
	var sb strings.Builder
	sb.WriteString("<!DOCTYPE html>\n<html>\n<head>\n<!-- " + strings.Repeat("站群系统模板 ", 60) + "-->\n")
	sb.WriteString(meta + "\n<title>" + csTitle + "</title>\n</head>\n<body>\n<ul class=\"list\">\n")
	for i := 0; sb.Len() < 30000; i++ {
		sb.WriteString(`<li><a href="/art/2024/5/` + string(rune('0'+i%10)) + `/art_1229_123456.html" target="_blank">` +
			csNotice + `（第` + string(rune('0'+i%10)) + `批）</a><span class="date">2024-05-` + string(rune('0'+i%3)) + "1</span></li>\n")
		sb.WriteString("<p>根据《中华人民共和国义务教育法》等法律法规，现将有关事项通知如下，请各区县认真贯彻执行。</p>\n")
	}
	sb.WriteString("</ul>\n</body>\n</html>\n")
	return sb.String()
}

func BenchmarkDecodeHTML(b *testing.B) {
	utf8Body := []byte(csBenchPage(`<meta charset="utf-8">`))
	gbkMeta := csGBK(b, csBenchPage(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`))
	gbkBare := csGBK(b, csBenchPage(""))
	for _, bc := range []struct {
		name, ct string
		body     []byte
	}{
		{"utf8-meta", "", utf8Body},
		{"utf8-undeclared", "text/html", []byte(csBenchPage(""))},
		{"utf8-declared-gbk", "text/html; charset=gbk", utf8Body},
		{"gbk-meta", "", gbkMeta},
		{"gbk-header", "text/html; charset=GBK", gbkMeta},
		{"gbk-undeclared", "", gbkBare},
		{"gbk-declared-utf8", "text/html; charset=utf-8", gbkBare},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.body)))
			b.ReportAllocs()
			for b.Loop() {
				DecodeHTML(bc.body, bc.ct)
			}
		})
	}
}
