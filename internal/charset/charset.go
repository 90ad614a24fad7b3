// Package charset decodes HTML bodies to UTF-8, whatever they declare.
package charset

// Character-set detection and decoding for crawled HTML.
//
// Chinese government sites very often serve GBK/GB2312 pages whose charset is
// declared only in a <meta> placed after several KiB of comments and scripts,
// not declared at all, or declared wrongly (a CMS template that says gb2312
// around UTF-8 content, a server default of utf-8 or iso-8859-1 around GBK
// content). colly and golang.org/x/net/html/charset get these wrong (see
// design.md, "Known pitfalls"), so the crawler decodes bodies itself with
// DecodeHTML before anything parses them.
//
// Precedence (as in the WHATWG "encoding sniffing algorithm", with a larger
// prescan window and the byte-level heuristics documented on chooseCharset):
//
//  1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE) wins and is stripped;
//  2. the charset parameter of the Content-Type header;
//  3. <meta charset> / <meta http-equiv=Content-Type content="...; charset=">
//     within the first metaScanLimit bytes;
//  4. nothing (usable) declared: UTF-8 if the bytes are UTF-8, else GB18030 if
//     they look like GB18030, else windows-1252.
//
// Every label of the GB2312/GBK/GB18030 family decodes with GB18030, which is
// a strict superset: x/text's htmlindex maps "gb2312" to its GBK decoder, which
// turns the four-byte GB18030 sequences (CJK extension A such as 䶮, etc.) into
// U+FFFD. Other labels are resolved with golang.org/x/text/encoding/htmlindex;
// an unknown label counts as not declared.

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// metaScanLimit is how much of the body is prescanned for a <meta> charset.
// Browsers and x/net/html/charset look at 1,024 bytes only; CMS pages put long
// comments, inline scripts and styles before the <meta>.
const metaScanLimit = 8 << 10

// htmlEncoding is an encoding the decoder knows how to apply.
type htmlEncoding struct {
	name string            // canonical name, reported as DecodeHTML's used
	enc  encoding.Encoding // nil for UTF-8
	// asciiCompat: bytes 0x00-0x7F always decode to themselves, so a pure
	// ASCII body decodes to itself (false for UTF-16, ISO-2022-JP, HZ and the
	// WHATWG "replacement" encoding).
	asciiCompat bool
}

var (
	csUTF8    = &htmlEncoding{name: "utf-8", asciiCompat: true}
	csGB18030 = &htmlEncoding{name: "gb18030", enc: simplifiedchinese.GB18030, asciiCompat: true}
	csWin1252 = &htmlEncoding{name: "windows-1252", enc: charmap.Windows1252, asciiCompat: true}
	csUTF16LE = &htmlEncoding{name: "utf-16le", enc: unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}
	csUTF16BE = &htmlEncoding{name: "utf-16be", enc: unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}
	// HZ-GB-2312 is mapped to "replacement" by WHATWG (one U+FFFD for the
	// whole document); old Chinese pages do use it, so decode it for real.
	csHZ = &htmlEncoding{name: "hz-gb-2312", enc: simplifiedchinese.HZGB2312}
)

// encLabel is a label resolved without htmlindex.
type encLabel struct {
	label string // the lower-cased label itself, returned as declared
	cs    *htmlEncoding
}

// encLabels resolves the common labels without touching htmlindex and
// without allocating.
var encLabels = func() map[string]encLabel {
	m := map[string]encLabel{}
	add := func(cs *htmlEncoding, labels ...string) {
		for _, l := range labels {
			m[l] = encLabel{label: l, cs: cs}
		}
	}
	add(csGB18030,
		// WHATWG labels of gbk and gb18030.
		"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80",
		"gbk", "iso-ir-58", "x-gbk", "gb18030",
		// Non-WHATWG spellings seen on Chinese sites and in server configs.
		"cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "gb-2312", "gb2312-80",
		"gb_18030", "gb-18030", "x-gb18030")
	add(csUTF8, "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
		"x-unicode20utf8")
	add(csWin1252, "windows-1252", "iso-8859-1", "latin1", "l1", "ascii", "us-ascii",
		"cp1252", "cp819", "csisolatin1", "ibm819", "iso-ir-100", "iso8859-1", "iso88591",
		"iso_8859-1", "iso_8859-1:1987", "x-cp1252", "ansi_x3.4-1968")
	add(csUTF16LE, "utf-16", "utf-16le", "unicode", "ucs-2", "csunicode",
		"iso-10646-ucs-2", "unicodefeff")
	add(csUTF16BE, "utf-16be", "unicodefffe")
	add(csHZ, "hz-gb-2312")
	return m
}()

// DecodeHTML converts an HTML body to UTF-8. contentType is the response's
// Content-Type header (may be empty).
//
// declared is the charset label the page declared (header, BOM or <meta>),
// lower-cased, "" if none (an unknown label counts as none); used is the
// canonical name of the encoding actually used for decoding ("utf-8",
// "gb18030", "big5", "windows-1252", ...). used differs from the encoding
// declared when a heuristic of chooseCharset overrode a wrong declaration.
//
// It never fails and never panics: undecodable bytes become U+FFFD. When the
// body needs no conversion (UTF-8, or pure ASCII in an ASCII-compatible
// encoding) out is body itself, not a copy; otherwise out is a new slice.
func DecodeHTML(body []byte, contentType string) (out []byte, declared, used string) {
	// Rule 1: a BOM wins and is stripped.
	switch {
	case len(body) >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF:
		return decodeUTF8(body[3:]), "utf-8", "utf-8"
	case len(body) >= 2 && body[0] == 0xFF && body[1] == 0xFE:
		return csTranscode(csUTF16LE.enc, body[2:]), "utf-16le", "utf-16le"
	case len(body) >= 2 && body[0] == 0xFE && body[1] == 0xFF:
		return csTranscode(csUTF16BE.enc, body[2:]), "utf-16be", "utf-16be"
	}

	// Rule 2: the Content-Type header; rule 3: <meta> in the prefix.
	declared, cs := charsetFromContentType(contentType)
	if cs == nil {
		prefix := body
		if len(prefix) > metaScanLimit {
			prefix = prefix[:metaScanLimit]
		}
		declared, cs = prescanMeta(prefix)
	}

	// One utf8.Valid pass. A multi-byte sequence cut off at the very end
	// (colly's MaxBodySize truncates silently) does not make a body non-UTF-8.
	cut := len(body) - incompleteUTF8Tail(body)
	validUTF8 := utf8.Valid(body[:cut])

	cs = chooseCharset(body[:cut], cs, validUTF8)
	switch {
	case cs == csUTF8:
		if validUTF8 && cut == len(body) {
			return body, declared, cs.name
		}
		return decodeUTF8(body), declared, cs.name
	case cs.asciiCompat && validUTF8 && cut == len(body) && csIsASCII(body):
		return body, declared, cs.name
	}
	return csTranscode(cs.enc, body), declared, cs.name
}

// chooseCharset applies rule 4 and the wrong-declaration heuristics. cs is
// the declared encoding (nil if none); body excludes an incomplete UTF-8
// sequence at its end; validUTF8 reports whether body is valid UTF-8.
//
// The signals, strongest first:
//   - Valid UTF-8 with real multi-byte content is overwhelmingly UTF-8: GBK
//     text is valid UTF-8 only by accident, and the accident does not survive
//     more than a couple of characters (hasUTF8Evidence).
//   - Invalid UTF-8 that is mostly UTF-8 (few errors per valid multi-byte
//     rune, nearlyUTF8) is damaged UTF-8 (e.g. a GBK fragment included in a
//     UTF-8 page); GBK text gives several UTF-8 errors per accidental rune.
//   - Bytes that parse as GB18030 with (almost) no errors and whose
//     double-byte pairs mostly lie in the GB2312 zone (looksGB18030) are
//     Chinese. Latin-1 text fails this: accented letters sit next to ASCII.
//     UTF-8 CJK read as GBK mostly falls outside the zone as well.
func chooseCharset(body []byte, cs *htmlEncoding, validUTF8 bool) *htmlEncoding {
	switch {
	case cs == nil:
		// Rule 4, nothing declared.
		if validUTF8 || nearlyUTF8(body) {
			return csUTF8
		}
		if looksGB18030(body) {
			return csGB18030
		}
		return csWin1252

	case cs == csUTF8:
		// Heuristic A: declared UTF-8 (typically a server or framework
		// default) but the bytes are not UTF-8, not even damaged UTF-8, and
		// read cleanly as GB18030: the page is GBK. declared stays "utf-8".
		if !validUTF8 && !nearlyUTF8(body) && looksGB18030(body) {
			return csGB18030
		}
		return csUTF8

	case cs == csUTF16LE || cs == csUTF16BE:
		// Heuristic B: UTF-16 declared without a BOM, but the body is valid
		// UTF-8 without a single NUL byte. HTML in UTF-16 has a NUL in every
		// ASCII character, so the declaration is wrong.
		if validUTF8 && bytes.IndexByte(body, 0) < 0 {
			return csUTF8
		}
		return cs

	case cs.asciiCompat:
		// Heuristic C: a legacy encoding (gb2312/gbk, big5, windows-1252,
		// ...) is declared, typically by a CMS template, but the bytes are
		// valid UTF-8 with at least two CJK characters' worth of multi-byte
		// content: the content is UTF-8. Whether the bytes also parse as
		// GB18030 is not consulted: UTF-8 CJK text nearly always does
		// (that is how 涓枃-style mojibake comes about), while GBK text
		// almost never is valid UTF-8. A pure ASCII body keeps the declared
		// encoding: it decodes to itself either way.
		if validUTF8 && hasUTF8Evidence(body) {
			return csUTF8
		}
		// Heuristic D: windows-1252 or one of its aliases (iso-8859-1,
		// us-ascii, ...) declared, usually a web server default such as
		// Apache's AddDefaultCharset, but the bytes read cleanly as GB18030.
		if cs == csWin1252 && !validUTF8 && !nearlyUTF8(body) && looksGB18030(body) {
			return csGB18030
		}
		return cs
	}
	return cs
}

// hasUTF8Evidence reports whether valid UTF-8 b holds at least four
// continuation bytes: two CJK characters, or four two-byte runes. A GBK body
// is valid UTF-8 only by accident; two GBK characters can form at most two
// two-byte runes or one four-byte rune (at most three continuation bytes), and
// each further accidental rune is unlikely (roughly one in seven per
// character). Stops at the fourth.
func hasUTF8Evidence(b []byte) bool {
	i := csFirstNonASCII(b)
	n := 0
	for ; i < len(b); i++ {
		if b[i]&0xC0 == 0x80 {
			if n++; n >= 4 {
				return true
			}
		}
	}
	return false
}

// nearlyUTF8 reports whether invalid UTF-8 b is mostly UTF-8: at most one
// invalid sequence per four valid multi-byte runes. Read as UTF-8, GBK text
// gives about six invalid sequences per accidental rune. Stops early once the
// answer is clearly no.
func nearlyUTF8(b []byte) bool {
	multi, invalid := 0, 0
	for i := csFirstNonASCII(b); i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
			i += maximalSubpart(b[i:])
			if invalid > 32 && invalid > multi {
				return false
			}
			continue
		}
		multi++
		i += size
	}
	return invalid*4 <= multi
}

// looksGB18030 reports whether b reads as GB18030 text: at least one
// multi-byte character, at most one invalid sequence per eight multi-byte
// characters (pages get damaged: truncation, pasted windows-1252 quotes), and
// at least half of the double-byte characters inside the GB2312 zone (both
// bytes 0xA1-0xFE), where everyday Chinese text lives. A lead byte cut off at
// the end of b is not counted. The byte ranges follow x/text's GB18030
// decoder; unassigned double-byte codes are not looked up. Stops early once
// the answer is clearly no, or after gbSample multi-byte characters.
func looksGB18030(b []byte) bool {
	double, four, zone, invalid := 0, 0, 0, 0
	n := len(b)
	for i := csFirstNonASCII(b); i < n; {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80: // € in CP936 and GB18030 (WHATWG); neutral.
			i++
			continue
		case c == 0xFF:
			invalid++
			i++
		case i+1 >= n:
			i = n // truncated lead byte at the end
			continue
		default:
			c1 := b[i+1]
			switch {
			case c1 >= 0x40 && c1 <= 0xFE && c1 != 0x7F:
				double++
				if c >= 0xA1 && c1 >= 0xA1 {
					zone++
				}
				i += 2
			case c1 >= 0x30 && c1 <= 0x39:
				if i+3 >= n {
					i = n // truncated four-byte sequence at the end
					continue
				}
				c2, c3 := b[i+2], b[i+3]
				if c2 >= 0x81 && c2 <= 0xFE && c3 >= 0x30 && c3 <= 0x39 {
					lin := ((int(c-0x81)*10+int(c1-0x30))*126+int(c2-0x81))*10 + int(c3-0x30)
					if lin < 39420 || (lin >= 189000 && lin < 189000+0x100000) {
						four++
						i += 4
						continue
					}
				}
				invalid++
				i++
			default:
				invalid++
				i++ // the trail byte is reprocessed, as the decoder does
			}
		}
		if invalid > 32 && invalid*4 > double+four {
			return false
		}
		if double+four >= gbSample {
			break
		}
	}
	multi := double + four
	return multi > 0 && invalid*8 <= multi && zone*2 >= double
}

// gbSample is the number of multi-byte characters after which looksGB18030
// has seen enough: a 30 KB Chinese page has about 10,000 of them.
const gbSample = 2048

// decodeUTF8 returns b if it is valid UTF-8, else a copy in which every
// maximal invalid subpart (WHATWG/Unicode "substitution of maximal subparts",
// as browsers do) is replaced by U+FFFD.
func decodeUTF8(b []byte) []byte {
	i := csFirstNonASCII(b)
	if utf8.Valid(b[i:]) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	start := 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			i += size
			continue
		}
		out = append(out, b[start:i]...)
		out = append(out, "\uFFFD"...)
		i += maximalSubpart(b[i:])
		start = i
	}
	return append(out, b[start:]...)
}

// maximalSubpart returns the length of the invalid sequence at the start of
// b, which utf8.DecodeRune has rejected: the lead byte plus the continuation
// bytes that could still have completed it.
func maximalSubpart(b []byte) int {
	c := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		need = 3
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return 1
	}
	n := 1
	if n < len(b) && b[n] >= lo && b[n] <= hi {
		n++
		for n <= need && n < len(b) && b[n]&0xC0 == 0x80 {
			n++
		}
	}
	if n > need { // cannot happen for a rejected sequence; stay safe
		n = need
	}
	return n
}

// incompleteUTF8Tail returns the length (0-3) of a UTF-8 sequence cut off at
// the end of b: a lead byte and fewer continuation bytes than it needs.
func incompleteUTF8Tail(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		switch {
		case c < utf8.RuneSelf:
			return 0
		case c >= 0xC0:
			if utf8.FullRune(b[len(b)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}

// csFirstNonASCII returns the index of the first byte >= 0x80, or len(b).
func csFirstNonASCII(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

func csIsASCII(b []byte) bool { return csFirstNonASCII(b) == len(b) }

// csTranscode decodes src with enc into a new UTF-8 slice. x/text decoders
// replace undecodable input with U+FFFD and report no errors other than a
// short destination.
func csTranscode(enc encoding.Encoding, src []byte) []byte {
	// GBK/GB18030 Chinese text grows by half (2 bytes -> 3); ASCII not at all.
	dst := make([]byte, len(src)+len(src)/2+16)
	t := enc.NewDecoder()
	nDst := 0
	for {
		nd, ns, err := t.Transform(dst[nDst:], src, true)
		nDst += nd
		src = src[ns:]
		switch err {
		case nil:
			return dst[:nDst]
		case transform.ErrShortDst:
			grown := make([]byte, 2*len(dst)+16)
			copy(grown, dst[:nDst])
			dst = grown
		default: // not expected from x/text decoders; never loop forever
			dst = append(dst[:nDst], "\uFFFD"...)
			return dst
		}
	}
}

// charsetFromContentType returns the charset parameter of a Content-Type
// header value, lower-cased, and its encoding; ("", nil) if there is none or
// its label is unknown. It does not allocate for the known labels.
func charsetFromContentType(ct string) (string, *htmlEncoding) {
	for ct != "" {
		var param string
		if i := strings.IndexByte(ct, ';'); i >= 0 {
			param, ct = ct[:i], ct[i+1:]
		} else {
			param, ct = ct, ""
		}
		eq := strings.IndexByte(param, '=')
		if eq < 0 {
			continue
		}
		if !csEqualFold(csTrimSpace(param[:eq]), "charset") {
			continue
		}
		v := csTrimSpace(param[eq+1:])
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		return csLabelFromString(v)
	}
	return "", nil
}

// csLabelFromString and csLabelFromBytes resolve an encoding label (surrounding
// ASCII whitespace and case ignored). They return the label lower-cased and
// its encoding, or ("", nil) if the label is unknown. Known labels (see
// encLabels) cost no allocation.
func csLabelFromString(raw string) (string, *htmlEncoding) {
	var buf [csMaxLabelLen]byte
	label := csTrimSpace(raw)
	if len(label) > len(buf) {
		return "", nil
	}
	return csLookupLower(buf[:copy(buf[:], label)])
}

func csLabelFromBytes(raw []byte) (string, *htmlEncoding) {
	var buf [csMaxLabelLen]byte
	label := bytes.TrimLeft(bytes.TrimRight(raw, csSpace), csSpace)
	if len(label) > len(buf) {
		return "", nil
	}
	return csLookupLower(buf[:copy(buf[:], label)])
}

// csMaxLabelLen bounds the labels looked up; the longest WHATWG label has 19
// bytes.
const csMaxLabelLen = 40

// csLookupLower lower-cases label in place and resolves it.
func csLookupLower(label []byte) (string, *htmlEncoding) {
	if len(label) == 0 {
		return "", nil
	}
	for i, c := range label {
		if c >= 'A' && c <= 'Z' {
			label[i] = c + ('a' - 'A')
		}
	}
	if k, ok := encLabels[string(label)]; ok {
		return k.label, k.cs
	}
	lower := string(label)
	enc, err := htmlindex.Get(lower)
	if err != nil || enc == nil {
		return "", nil
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return "", nil
	}
	switch name {
	case "gbk", "gb18030":
		return lower, csGB18030
	case "utf-8":
		return lower, csUTF8
	}
	return lower, &htmlEncoding{
		name:        name,
		enc:         enc,
		asciiCompat: name != "iso-2022-jp" && name != "replacement",
	}
}

const csSpace = "\t\n\f\r "

func csTrimSpace(s string) string {
	for s != "" && strings.IndexByte(csSpace, s[0]) >= 0 {
		s = s[1:]
	}
	for s != "" && strings.IndexByte(csSpace, s[len(s)-1]) >= 0 {
		s = s[:len(s)-1]
	}
	return s
}

func csIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// csLower folds an ASCII letter to lower case.
func csLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// csEqualFold reports whether b equals the lower-case ASCII string lower,
// ignoring ASCII case.
func csEqualFold[T string | []byte](b T, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		if csLower(b[i]) != lower[i] {
			return false
		}
	}
	return true
}

// prescanMeta looks for a charset declared by a <meta> element in prefix,
// following the WHATWG "prescan a byte stream to determine its encoding"
// algorithm (comments, end tags, <!DOCTYPE>, <?...> and the attributes of
// other tags are skipped, so a quoted ">" or a commented-out <meta> does not
// confuse it), over metaScanLimit bytes instead of 1,024. Attribute names and
// values are matched case-insensitively; quotes are optional. A <meta> whose
// label is unknown is ignored and the scan goes on. As in browsers, a <meta>
// declaring UTF-16 means UTF-8 (a page read as ASCII cannot be UTF-16) and
// x-user-defined means windows-1252. It does not allocate for known labels.
func prescanMeta(b []byte) (string, *htmlEncoding) {
	for pos := 0; ; {
		i := bytes.IndexByte(b[pos:], '<')
		if i < 0 {
			return "", nil
		}
		pos += i
		rest := b[pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			// Skip to the first "-->"; its dashes may be those of "<!--".
			j := bytes.Index(rest[2:], []byte("-->"))
			if j < 0 {
				return "", nil
			}
			pos += 2 + j + 3
		case len(rest) > 5 && csEqualFold(rest[:5], "<meta") && (csIsSpace(rest[5]) || rest[5] == '/'):
			label, enc, next, ok := csMetaCharset(b, pos+6)
			if !ok {
				return "", nil
			}
			if enc != nil {
				return label, enc
			}
			pos = next
		case len(rest) > 1 && (csIsLetter(rest[1]) || rest[1] == '/' && len(rest) > 2 && csIsLetter(rest[2])):
			// A start or end tag: skip its name, then its attributes.
			j := pos + 1
			for j < len(b) && !csIsSpace(b[j]) && b[j] != '>' {
				j++
			}
			for {
				_, _, next, st := csGetAttr(b, j)
				if st == csAttrEOF {
					return "", nil
				}
				j = next
				if st == csAttrNone {
					break
				}
			}
			pos = j
		case len(rest) > 1 && (rest[1] == '!' || rest[1] == '/' || rest[1] == '?'):
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return "", nil
			}
			pos += j + 1
		default:
			pos++
		}
	}
}

// csMetaCharset processes the attributes of a <meta> element starting at
// pos (just after "<meta"). It returns the declared label and encoding (nil
// if this element declares no usable charset), the position after the
// element's attributes, and ok=false if the input ended inside the element.
func csMetaCharset(b []byte, pos int) (label string, enc *htmlEncoding, next int, ok bool) {
	var seenHTTPEquiv, seenContent, seenCharset bool
	gotPragma := false
	needPragma := 0 // 0: null, 1: false, 2: true
	charsetSet := false
	for {
		name, value, n, st := csGetAttr(b, pos)
		if st == csAttrEOF {
			return "", nil, n, false
		}
		pos = n
		if st == csAttrNone {
			break
		}
		switch {
		case csEqualFold(name, "http-equiv"):
			if seenHTTPEquiv {
				continue
			}
			seenHTTPEquiv = true
			if csEqualFold(value, "content-type") {
				gotPragma = true
			}
		case csEqualFold(name, "content"):
			if seenContent {
				continue
			}
			seenContent = true
			if charsetSet {
				continue
			}
			if raw, found := csCharsetFromContent(value); found {
				if l, e := csLabelFromBytes(raw); e != nil {
					label, enc, charsetSet, needPragma = l, e, true, 2
				}
			}
		case csEqualFold(name, "charset"):
			if seenCharset {
				continue
			}
			seenCharset = true
			label, enc = csLabelFromBytes(value) // nil for an unknown label
			charsetSet, needPragma = true, 1
		}
	}
	if needPragma == 0 || needPragma == 2 && !gotPragma || enc == nil {
		return "", nil, pos, true
	}
	switch enc {
	case csUTF16LE, csUTF16BE:
		enc = csUTF8
	}
	if enc.name == "x-user-defined" {
		enc = csWin1252
	}
	return label, enc, pos, true
}

// csCharsetFromContent extracts the charset label from the value of a meta
// content attribute ("text/html; charset=gb2312"), per the WHATWG algorithm
// for extracting a character encoding from a meta element.
func csCharsetFromContent(s []byte) ([]byte, bool) {
	for i := 0; ; {
		j := csIndexFold(s[i:], "charset")
		if j < 0 {
			return nil, false
		}
		i += j + len("charset")
		for i < len(s) && csIsSpace(s[i]) {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			continue
		}
		i++
		for i < len(s) && csIsSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return nil, false
		}
		if q := s[i]; q == '"' || q == '\'' {
			k := bytes.IndexByte(s[i+1:], q)
			if k < 0 {
				return nil, false
			}
			return s[i+1 : i+1+k], true
		}
		k := i
		for k < len(s) && !csIsSpace(s[k]) && s[k] != ';' {
			k++
		}
		return s[i:k], true
	}
}

// csIndexFold returns the index of the first ASCII-case-insensitive match of
// lower (lower-case ASCII) in s, or -1.
func csIndexFold(s []byte, lower string) int {
	for i := 0; i+len(lower) <= len(s); i++ {
		if csLower(s[i]) == lower[0] && csEqualFold(s[i:i+len(lower)], lower) {
			return i
		}
	}
	return -1
}

// Outcomes of csGetAttr.
const (
	csAttrFound = iota // an attribute was read
	csAttrNone         // no more attributes: '>' reached (position at it)
	csAttrEOF          // the input ended
)

// csGetAttr implements the WHATWG "get an attribute" algorithm at pos. name
// and value are sub-slices of b in their original case (compare them with
// csEqualFold). It returns the position after the attribute.
func csGetAttr(b []byte, pos int) (name, value []byte, next, status int) {
	// Skip whitespace and slashes.
	for pos < len(b) && (csIsSpace(b[pos]) || b[pos] == '/') {
		pos++
	}
	if pos >= len(b) {
		return nil, nil, pos, csAttrEOF
	}
	if b[pos] == '>' {
		return nil, nil, pos + 1, csAttrNone
	}
	// Name: up to '=' (not as its first byte), whitespace, '/' or '>'.
	start := pos
	for ; ; pos++ {
		if pos >= len(b) {
			return nil, nil, pos, csAttrEOF
		}
		if c := b[pos]; c == '=' && pos > start || csIsSpace(c) || c == '/' || c == '>' {
			break
		}
	}
	name = b[start:pos]
	switch c := b[pos]; {
	case c == '/' || c == '>':
		return name, nil, pos, csAttrFound
	case csIsSpace(c):
		// Spaces, then '=' or an attribute without a value.
		for pos < len(b) && csIsSpace(b[pos]) {
			pos++
		}
		if pos >= len(b) {
			return nil, nil, pos, csAttrEOF
		}
		if b[pos] != '=' {
			return name, nil, pos, csAttrFound
		}
	}
	pos++ // past '='
	for pos < len(b) && csIsSpace(b[pos]) {
		pos++
	}
	if pos >= len(b) {
		return nil, nil, pos, csAttrEOF
	}
	switch q := b[pos]; q {
	case '"', '\'':
		k := bytes.IndexByte(b[pos+1:], q)
		if k < 0 {
			return nil, nil, len(b), csAttrEOF
		}
		return name, b[pos+1 : pos+1+k], pos + 1 + k + 1, csAttrFound
	case '>':
		return name, nil, pos, csAttrFound
	}
	start = pos
	for pos < len(b) && !csIsSpace(b[pos]) && b[pos] != '>' {
		pos++
	}
	if pos >= len(b) {
		return nil, nil, pos, csAttrEOF
	}
	return name, b[start:pos], pos, csAttrFound
}

func csIsLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
