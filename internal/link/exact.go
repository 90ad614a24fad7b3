package link

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// A link is fetched, stored and reported exactly as the page wrote it,
// resolved against the page (or its <base href>) with only the
// normalisation a browser applies (the WHATWG URL Standard, for http and
// https): leading and trailing blanks and control characters dropped, tabs
// and newlines removed, backslashes read as slashes, dot segments resolved,
// spaces, control characters and non-ASCII percent-encoded, scheme and host
// lower-cased, IDN hosts in punycode, the default port dropped, the fragment
// (never sent) and a ";jsessionid=" path parameter (see dropSession) left
// off. Query parameters keep their order and a stray "%" stays as written: `search.jsp?infotypeId=A01&area=330100` is not
// `search.jsp?area=330100&infotypeId=A01`, which may be another request to
// the server and is a URL the webmaster cannot find in the CMS.
// Canonical (and Key) are only for telling whether two links are the same.

// parts is an absolute http(s) URL after the WHATWG parser: every field is
// as it will be serialised.
type parts struct {
	scheme   string   // "http" or "https"
	user     string   // userinfo, percent-encoded, without "@"
	host     string   // ASCII host, lower-case; IPv6 in brackets
	port     string   // "" for the scheme's default
	path     []string // segments, percent-encoded
	query    string   // without "?"
	hasQuery bool
}

func (p *parts) String() string {
	var b strings.Builder
	p.writeOrigin(&b)
	b.WriteString(p.pathString())
	if p.hasQuery {
		b.WriteByte('?')
		b.WriteString(p.query)
	}
	return b.String()
}

// writeOrigin writes scheme, user, host and port: "http://x.gov.cn:8080".
func (p *parts) writeOrigin(b *strings.Builder) {
	b.WriteString(p.scheme)
	b.WriteString("://")
	if p.user != "" {
		b.WriteString(p.user)
		b.WriteByte('@')
	}
	b.WriteString(p.host)
	if p.port != "" {
		b.WriteByte(':')
		b.WriteString(p.port)
	}
}

func (p *parts) pathString() string {
	if len(p.path) == 0 {
		return "/"
	}
	return "/" + strings.Join(p.path, "/")
}

// cleanInput drops leading and trailing C0 controls and spaces and removes
// every tab and newline, as browsers do before parsing.
func cleanInput(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

func isSlash(c byte) bool { return c == '/' || c == '\\' }

// schemeOf returns the scheme of s (lower-cased) and the rest after ':', or
// ok false when s does not start with one.
func schemeOf(s string) (scheme, rest string, ok bool) {
	if s == "" || !isAlpha(s[0]) {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.':
		case c == ':':
			return strings.ToLower(s[:i]), s[i+1:], true
		default:
			return "", s, false
		}
	}
	return "", s, false
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func special(scheme string) bool { return scheme == "http" || scheme == "https" }

// parseRef resolves ref against base (nil: ref must be absolute) and
// returns the result, or ok false when it is no http(s) link: empty,
// fragment-only, another scheme (mailto:, javascript:, data:, ftp: …), or
// unparsable (a bad host or port).
func parseRef(base *parts, ref string) (*parts, bool) {
	s := cleanInput(ref)
	if s == "" || s[0] == '#' {
		return nil, false
	}
	if scheme, rest, ok := schemeOf(s); ok {
		if !special(scheme) {
			return nil, false
		}
		if base != nil && base.scheme == scheme && !(len(rest) >= 2 && isSlash(rest[0]) && isSlash(rest[1])) {
			// "http:page.html" against an http page is relative to it.
			return relative(base, rest)
		}
		return authority(scheme, strings.TrimLeft(rest, "/\\"))
	}
	if base == nil {
		return nil, false
	}
	return relative(base, s)
}

// relative resolves a reference without scheme against base.
func relative(base *parts, s string) (*parts, bool) {
	if len(s) >= 2 && isSlash(s[0]) && isSlash(s[1]) {
		return authority(base.scheme, strings.TrimLeft(s, "/\\"))
	}
	p := &parts{scheme: base.scheme, user: base.user, host: base.host, port: base.port}
	switch {
	case s == "":
		p.path, p.query, p.hasQuery = base.path, base.query, base.hasQuery
		return p, true
	case s[0] == '#':
		p.path, p.query, p.hasQuery = base.path, base.query, base.hasQuery
		return p, true
	case s[0] == '?':
		p.path = base.path
		p.setQuery(s[1:])
		return p, true
	case isSlash(s[0]):
		p.setPathQuery(nil, s[1:])
		return p, true
	}
	var dir []string
	if n := len(base.path); n > 0 {
		dir = append(dir, base.path[:n-1]...)
	}
	p.setPathQuery(dir, s)
	return p, true
}

// authority parses "host[:port][/path][?query][#fragment]" after the slashes.
func authority(scheme, s string) (*parts, bool) {
	end := strings.IndexAny(s, "/\\?#")
	if end < 0 {
		end = len(s)
	}
	auth, rest := s[:end], s[end:]
	p := &parts{scheme: scheme}
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		name, pass, hasPass := strings.Cut(auth[:at], ":")
		p.user = encode(name, userinfoSet)
		if hasPass {
			p.user += ":" + encode(pass, userinfoSet)
		}
		auth = auth[at+1:]
	}
	host, port := auth, ""
	if strings.HasPrefix(host, "[") {
		i := strings.IndexByte(host, ']')
		if i < 0 {
			return nil, false
		}
		host, port = host[:i+1], host[i+1:]
		if port != "" && port[0] != ':' {
			return nil, false
		}
		port = strings.TrimPrefix(port, ":")
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i+1:]
	}
	h, ok := hostName(host)
	if !ok {
		return nil, false
	}
	p.host = h
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 0 || n > 65535 || strings.Trim(port, "0123456789") != "" {
			return nil, false
		}
		if !(scheme == "http" && n == 80 || scheme == "https" && n == 443) {
			p.port = strconv.Itoa(n)
		}
	}
	switch {
	case rest == "":
		p.path = nil
	case rest[0] == '?' || rest[0] == '#':
		p.setPathQuery(nil, rest)
	default:
		p.setPathQuery(nil, rest[1:])
	}
	return p, true
}

// profile maps host names as browsers do (UTS #46, non-transitional, no
// STD3 rules, no DNS length check).
var profile = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.StrictDomainName(false),
	idna.CheckHyphens(false), idna.VerifyDNSLength(false), idna.BidiRule())

// hostName percent-decodes, maps and checks a host; IPv6 literals are
// lower-cased as they are.
func hostName(h string) (string, bool) {
	if h == "" {
		return "", false
	}
	if h[0] == '[' {
		inner := h[1 : len(h)-1]
		if inner == "" || strings.Trim(strings.ToLower(inner), "0123456789abcdef:.") != "" {
			return "", false
		}
		return strings.ToLower(h), true
	}
	if strings.IndexByte(h, '%') >= 0 {
		if d, err := url.PathUnescape(h); err == nil {
			h = d
		}
	}
	ascii := true
	for i := 0; i < len(h); i++ {
		if h[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		h = strings.ToLower(h)
	} else {
		a, err := profile.ToASCII(h)
		if err != nil || a == "" {
			return "", false
		}
		h = a
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("#%/:<>?@[\\]^|", c) >= 0 {
			return "", false
		}
	}
	return h, true
}

// setPathQuery appends the path of s (up to "?" or "#") to the segments
// in dir, resolving dot segments, and sets the query.
func (p *parts) setPathQuery(dir []string, s string) {
	pathEnd := strings.IndexAny(s, "?#")
	if pathEnd < 0 {
		pathEnd = len(s)
	}
	segs := append([]string(nil), dir...)
	raw := s[:pathEnd]
	for {
		i := strings.IndexAny(raw, "/\\")
		seg, last := raw, i < 0
		if !last {
			seg, raw = raw[:i], raw[i+1:]
		}
		switch {
		case isDoubleDot(seg):
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			if last {
				segs = append(segs, "")
			}
		case isSingleDot(seg):
			if last {
				segs = append(segs, "")
			}
		default:
			segs = append(segs, encode(dropSession(seg), pathSet))
		}
		if last {
			break
		}
	}
	p.path = segs
	p.query, p.hasQuery = "", false
	if pathEnd < len(s) && s[pathEnd] == '?' {
		p.setQuery(s[pathEnd+1:])
	}
}

func (p *parts) setQuery(s string) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	p.query, p.hasQuery = encode(s, querySet), true
}

// dropSession removes a ";jsessionid=…" path parameter. It is no part of
// the document's address: a Java server's URL rewriting adds it to links
// when a visitor refuses cookies, the server strips it before it serves the
// request, and the CMS never stores it — the one thing of the link as
// written that is dropped.
func dropSession(seg string) string {
	i := strings.Index(strings.ToLower(seg), ";jsessionid=")
	if i < 0 {
		return seg
	}
	j := strings.IndexByte(seg[i+1:], ';')
	if j < 0 {
		return seg[:i]
	}
	return seg[:i] + seg[i+1+j:]
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// Percent-encode sets of the URL Standard: C0 controls, space and
// everything above "~" always; then per component.
const (
	pathSet     = "\"#<>?`{}"
	querySet    = "\"#<>'"
	userinfoSet = "\"#<>?`{}/:;=@[\\]^|"
)

// encode percent-encodes the bytes of s that are in set, below "!" or
// above "~" (non-ASCII as its UTF-8 bytes). A "%" stays as written.
func encode(s, set string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if mustEncode(s[i], set) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if mustEncode(c, set) {
			b = append(b, '%', hex[c>>4], hex[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func mustEncode(c byte, set string) bool {
	return c <= ' ' || c > '~' || strings.IndexByte(set, c) >= 0
}

// fromURL reads a *url.URL (the page's final URL, a <base>) into parts.
func fromURL(u *url.URL) (*parts, bool) {
	if u == nil {
		return nil, false
	}
	return parseRef(nil, stringOf(u))
}

// stringOf is String without the normalisation (fromURL does it).
func stringOf(u *url.URL) string {
	if strings.HasPrefix(u.Opaque, "/") && !strings.HasPrefix(u.Opaque, "//") {
		s := u.Scheme + "://" + u.Host + u.Opaque
		if u.ForceQuery || u.RawQuery != "" {
			s += "?" + u.RawQuery
		}
		return s
	}
	c := *u
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}

// String is the exact form of a Go URL (a page's final URL, a request's):
// normalised as a browser would, a URL built by Request (an origin-form path
// in Opaque) read with that path, the fragment left off.
func String(u *url.URL) string {
	s := stringOf(u)
	if n := Normalize(s); n != "" {
		return n
	}
	return s
}

// Resolve turns an attribute value into an absolute http(s) URL against
// base, exactly as a browser requests it (see above). It returns "" for
// what is not a link to check: empty values, fragment-only links, mailto:,
// tel:, javascript:, data: and other schemes, and links whose host or port
// cannot be parsed.
func Resolve(base *url.URL, ref string) string {
	b, ok := fromURL(base)
	if !ok {
		return ""
	}
	p, ok := parseRef(b, ref)
	if !ok {
		return ""
	}
	return p.String()
}

// ResolveString is Resolve with the base given as a URL string (an exact
// URL, or anything a browser would accept).
func ResolveString(base, ref string) string {
	b, ok := parseRef(nil, base)
	if !ok {
		return ""
	}
	p, ok := parseRef(b, ref)
	if !ok {
		return ""
	}
	return p.String()
}

// A Base resolves many references against one URL, parsed once.
type Base struct {
	p *parts
	// The base serialised, for plain references (see plain): its
	// scheme, user, host and port ("http://x.gov.cn"); its path; and
	// that path up to its last slash.
	origin, path, dir string
}

// NewBase parses an absolute http(s) URL to resolve against; ok is false if
// it is none.
func NewBase(base string) (b Base, ok bool) {
	p, ok := parseRef(nil, base)
	if !ok {
		return Base{}, false
	}
	var origin strings.Builder
	p.writeOrigin(&origin)
	path := p.pathString()
	return Base{p: p, origin: origin.String(), path: path, dir: path[:strings.LastIndexByte(path, '/')+1]}, true
}

// Resolve is ResolveString against the base.
func (b Base) Resolve(ref string) string {
	if b.p == nil {
		return ""
	}
	if r, ok := b.plain(ref); ok {
		return r
	}
	p, ok := parseRef(b.p, ref)
	if !ok {
		return ""
	}
	return p.String()
}

// Normalize is the exact form of an absolute http(s) URL as a browser
// would request it, or "" if it is not one.
func Normalize(raw string) string {
	p, ok := parseRef(nil, raw)
	if !ok {
		return ""
	}
	return p.String()
}

// Request returns the *url.URL that net/http sends exactly as the exact
// URL reads: where Go would escape the path differently (a stray "%", a
// "|"), the path goes in Opaque, so the request line carries it as
// written. Its Path holds the path unescaped as far as it can be, for
// resolving relative redirects.
func Request(exact string) (*url.URL, error) {
	p, ok := parseRef(nil, exact)
	if !ok {
		return nil, &url.Error{Op: "parse", URL: exact, Err: errNotHTTP}
	}
	path := p.pathString()
	if u, err := url.Parse(p.String()); err == nil && u.EscapedPath() == path {
		return u, nil
	}
	u := &url.URL{Scheme: p.scheme, Host: p.host, Opaque: path, RawQuery: p.query, ForceQuery: p.hasQuery && p.query == ""}
	if p.port != "" {
		u.Host += ":" + p.port
	}
	if p.user != "" {
		if ui, err := url.Parse("http://" + p.user + "@x/"); err == nil {
			u.User = ui.User
		}
	}
	u.Path = lenientUnescape(path)
	return u, nil
}

type parseError string

func (e parseError) Error() string { return string(e) }

const errNotHTTP = parseError("not an absolute http(s) URL")

// lenientUnescape decodes the valid %XX escapes of s and keeps the others.
func lenientUnescape(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// Parse is Request for callers that only read the URL's parts (host,
// path, query): it accepts every exact URL, also those url.Parse refuses.
func Parse(exact string) (*url.URL, error) { return Request(exact) }

// Key is the canonical form of a URL string, for telling whether two links
// are the same (de-duplication, fingerprints): link.Canonical of it, or the
// string itself when it does not parse as an absolute URL. Never fetch or
// show a key.
func Key(raw string) string {
	if plainKey(raw) {
		return raw
	}
	return slowKey(raw)
}

// slowKey is Key by its definition: parse, then Canonical.
func slowKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return raw
	}
	if k := Canonical(u); k != raw {
		return k
	}
	return raw // most URLs are their own key: keep one copy of the string
}

// plainKey says whether raw is already its own key without parsing it:
// http(s), a lower-case host of letters, digits, dots and hyphens, a port
// only if it is not the scheme's default, and a path of unreserved
// characters and slashes with no query or fragment. Most links of a
// government site read like that (/xxgk/2024/t20240101_123.html), and
// Canonical would give them back unchanged; anything else goes the slow
// way.
func plainKey(raw string) bool {
	rest, ok := strings.CutPrefix(raw, "http://")
	def := "80"
	if !ok {
		if rest, ok = strings.CutPrefix(raw, "https://"); !ok {
			return false
		}
		def = "443"
	}
	i := 0
	for i < len(rest) && (rest[i] >= 'a' && rest[i] <= 'z' || rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == '-') {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(rest) && rest[i] == ':' {
		j := i + 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == i+1 || rest[i+1:j] == def {
			return false
		}
		i = j
	}
	if i == len(rest) || rest[i] != '/' {
		return false
	}
	for _, c := range []byte(rest[i:]) {
		if !plainPath[c] {
			return false
		}
	}
	return true
}

// plainPath holds the bytes a path may have for plainKey: unreserved
// characters and "/".
var plainPath = byteSet(unreserved + "/")

// unreserved are the characters no URL parser escapes (RFC 3986).
const unreserved = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"

func byteSet(s string) (t [256]bool) {
	for _, c := range []byte(s) {
		t[c] = true
	}
	return t
}

// plain resolves, by joining strings, a reference that the WHATWG parser
// would take as it is: a path (absolute, or relative to the base's
// directory after any leading "./" and "../") or a query, of letters,
// digits and "-._~/=&?" only, with no other "." or ".." segment. Most
// links of a page read so; for those ok is true and the result is what
// parseRef gives. Anything else (a scheme, "//", an escape, a blank, a
// backslash, a fragment) is left to parseRef.
func (b Base) plain(ref string) (string, bool) {
	// Leading "./" and "../" (TRS writes every link so) step in the
	// base's directory.
	dir := b.dir
	for {
		if rest, ok := strings.CutPrefix(ref, "./"); ok {
			ref = rest
		} else if rest, ok := strings.CutPrefix(ref, "../"); ok {
			ref = rest
			if len(dir) > 1 {
				dir = dir[:strings.LastIndexByte(dir[:len(dir)-1], '/')+1]
			}
		} else {
			break
		}
		switch {
		case ref == "": // "./", "../"
			return b.origin + dir, true
		case ref[0] == '/' || ref[0] == '?': // ".//x", "./?x": the parser's
			return "", false
		}
	}
	if ref == "" {
		return "", false
	}
	q := len(ref) // where the query starts
	seg := 0      // where the current path segment starts
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if !plainRef[c] {
			return "", false
		}
		if i < q && (c == '/' || c == '?') {
			if dotSegment(ref[seg:i]) {
				return "", false
			}
			seg = i + 1
			if c == '?' {
				q = i
			}
		}
	}
	if q == len(ref) && dotSegment(ref[seg:]) {
		return "", false
	}
	switch ref[0] {
	case '/':
		if len(ref) > 1 && ref[1] == '/' {
			return "", false
		}
		return b.origin + ref, true
	case '?':
		return b.origin + b.path + ref, true
	}
	return b.origin + dir + ref, true
}

func dotSegment(s string) bool { return s == "." || s == ".." }

// plainRef holds the bytes of a plain reference: unreserved characters,
// "/", and the "?", "=" and "&" of a query.
var plainRef = byteSet(unreserved + "/?=&")
