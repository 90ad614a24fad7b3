// Package link holds what govaudit knows about URLs: their exact form (what
// a browser requests, fetched and reported as the page wrote it), their
// canonical form (only for de-duplication and fingerprints, never fetched
// or shown), which links are worth checking, and which targets are pages
// rather than files.
package link

import (
	"net/url"
	"path"
	"sort"
	"strings"
)

// sessionParams are query keys that carry a session, not content.
var sessionParams = map[string]bool{
	"jsessionid": true, "phpsessid": true, "sid": true, "sessionid": true, "session_id": true,
	"aspsessionid": true, "cfid": true, "cftoken": true,
}

// Canonical returns the form of an absolute http(s) URL used to tell
// whether two links point at the same thing (a key: never fetch or show
// it): scheme and host lower-cased,
// default port and fragment dropped, empty path made "/", ";jsessionid=…"
// path parameters and session query keys removed, query keys sorted.
// A URL only Request or ParseAny reads (a stray "%": its path in Opaque)
// is its own key, as Key has it: its exact string.
func Canonical(u *url.URL) string {
	if u.Opaque != "" && u.Host != "" {
		return String(u)
	}
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	host := strings.ToLower(c.Host)
	if (c.Scheme == "http" && strings.HasSuffix(host, ":80")) || (c.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	c.Host = host
	c.Fragment, c.RawFragment = "", ""
	c.User = nil
	if i := strings.Index(strings.ToLower(c.Path), ";jsessionid="); i >= 0 {
		c.Path = c.Path[:i]
		c.RawPath = ""
	}
	if c.Path == "" {
		c.Path = "/"
	}
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			if sessionParams[strings.ToLower(k)] {
				q.Del(k)
			}
		}
		c.RawQuery = encodeSorted(q)
	}
	c.ForceQuery = false
	return c.String()
}

func encodeSorted(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// pageExt lists the extensions of targets that are pages, not files.
var pageExt = map[string]bool{
	"": true, ".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".jsp": true, ".jspx": true,
	".php": true, ".asp": true, ".aspx": true, ".do": true, ".action": true, ".cgi": true,
}

// PageLike says whether a URL looks like an HTML page rather than a file:
// no extension, or one of the usual page extensions.
func PageLike(u *url.URL) bool {
	return pageExt[strings.ToLower(path.Ext(u.Path))]
}

// PageLikeString is PageLike for a URL string; unparsable URLs count as pages.
func PageLikeString(raw string) bool {
	u, err := ParseAny(raw)
	return err != nil || PageLike(u)
}

// ParseAny parses a URL string, relative or absolute, for reading its
// parts: url.Parse, or for an exact URL it refuses (a stray "%" in the
// path, which browsers send as written) Request, whose Opaque holds the
// path as written and Path the path unescaped as far as it can be.
func ParseAny(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		if e, err2 := Request(raw); err2 == nil {
			return e, nil
		}
	}
	return u, err
}

// Href is raw when it is an absolute http or https URL (also one url.Parse
// refuses, with a stray "%", which browsers follow as written), and ""
// otherwise, so that no other scheme (javascript:, data:, file:) becomes a
// live link in a report, a mail or the dashboard.
func Href(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := ParseAny(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return raw
	}
	return ""
}

// attachmentExt lists the extensions of document attachments: files a
// reader downloads and opens (office documents, PDF and OFD, archives,
// plain text and tables). None of them is page-like.
var attachmentExt = map[string]bool{
	".pdf": true, ".ofd": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".wps": true, ".et": true, ".dps": true, ".rtf": true,
	".zip": true, ".rar": true, ".7z": true,
	".txt": true, ".csv": true,
}

// IsAttachment says whether a URL names a document attachment by its
// extension (.pdf, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .wps, .et, .dps,
// .rtf, .ofd, .zip, .rar, .7z, .txt, .csv; any case). A download script
// (download.jsp?id=3) is not one by its URL: only its answer
// (Content-Disposition: attachment) tells.
func IsAttachment(u *url.URL) bool {
	return attachmentExt[strings.ToLower(path.Ext(u.Path))]
}

// IsAttachmentString is IsAttachment for a URL string; unparsable URLs are
// not attachments.
func IsAttachmentString(raw string) bool {
	if plainlyNotAttachment(raw) {
		return false
	}
	u, err := ParseAny(raw)
	return err == nil && IsAttachment(u)
}

// plainlyNotAttachment says from raw's bytes alone that it names no
// attachment: the last segment of its path (before any ? or #) has no
// attachment extension, and nothing that parsing could change (an escape,
// a space or control character, a backslash). Most links of a page are
// settled so, without a parse: the check runs on every link.
func plainlyNotAttachment(raw string) bool {
	end := len(raw)
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		end = i
	}
	seg := raw[strings.LastIndexByte(raw[:end], '/')+1 : end]
	dot := -1
	for i := 0; i < len(seg); i++ {
		switch c := seg[i]; {
		case c <= ' ' || c == 0x7f || c == '%' || c == '\\':
			return false
		case c == '.':
			dot = i
		}
	}
	return dot < 0 || !attachmentExt[strings.ToLower(seg[dot:])]
}
