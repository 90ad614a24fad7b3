package checks

import "github.com/PuerkitoBio/goquery"

// LinkKind says which element a link came from.
type LinkKind uint8

const (
	Anchor LinkKind = iota // <a href>, <area href>
	Frame                  // <iframe src>, <frame src>
	Image                  // <img src>
	Embed                  // <embed src>, <object data>
)

func (k LinkKind) String() string {
	switch k {
	case Anchor:
		return "a"
	case Frame:
		return "frame"
	case Image:
		return "img"
	case Embed:
		return "embed"
	}
	return "?"
}

// A Link is one outgoing reference of a page, resolved to an absolute URL.
type Link struct {
	URL  string
	Text string // anchor text or alt text, trimmed, at most 80 runes
	Kind LinkKind
}

// Page is what a page check sees: one fetched HTML page and its parsed DOM.
// The DOM is dropped after the page checks have run.
type Page struct {
	URL     string // as requested (canonical form)
	Final   string // after redirects
	Status  int
	Title   string
	Depth   int
	Home    bool // the start page
	Charset string
	Links   []Link
	Text    string // visible text, blocks on their own lines
	Doc     *goquery.Document
	Body    []byte // UTF-8
}

// PageSummary is the compact record of a page kept for site checks.
type PageSummary struct {
	URL   string
	Title string
	Depth int
	Home  bool
	Links []Link // unique by URL and kind, in document order
}

// Class sorts link verdicts.
type Class uint8

const (
	OK        Class = iota // the target opens
	Broken                 // definitely broken: an inspector counts it
	Transient              // failed now, may be temporary (timeout, 5xx after retries)
	Blocked                // the target refused an automated visitor (403, challenge page, 429)
	Skipped                // not checked (robots.txt, crawler trap, limit)
)

func (c Class) String() string {
	return [...]string{"ok", "broken", "transient", "blocked", "skipped"}[c]
}

// LinkStatus is the verdict on one link target.
type LinkStatus struct {
	URL    string
	Final  string // after redirects, if any
	Status int    // last HTTP status, 0 if none
	Class  Class
	Rule   string // the cause: "http-404", "dns-failure", "soft-404", …
	Detail string // human detail (Chinese), e.g. "连接被拒绝"
}

// Site is what a site check sees after the crawl.
type Site struct {
	Start string
	Pages []*PageSummary // sorted by URL
	// Link returns the verdict on a target; ok is false if it was not checked.
	Link func(url string) (LinkStatus, bool)
}

// PagePass is handed to a check's Page function.
type PagePass struct {
	Page   *Page
	Report func(Finding)
}

// SitePass is handed to a check's Site function.
type SitePass struct {
	Site   *Site
	Report func(Finding)
}
