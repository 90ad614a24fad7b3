package checks

import (
	"fmt"
	"time"

	"github.com/PuerkitoBio/goquery"
)

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

// Page is what a page check sees: one fetched HTML page, its summary and
// its parsed DOM. The DOM, body and text are dropped after the page checks
// have run; the summary is kept for the site checks.
type Page struct {
	*PageSummary
	Final   string // after redirects
	Status  int
	Charset string
	Text    string // visible text, blocks on their own lines
	Doc     *goquery.Document
	Body    []byte // UTF-8
	// Flattened says the page nested elements deeper than the HTML parser
	// allows and was read with its innermost boxes removed: its text and
	// links are all there, its layout is not.
	Flattened bool
}

// PageSummary is the compact record of a page kept for site checks.
type PageSummary struct {
	URL   string
	Title string
	Depth int
	Home  bool
	// Links are unique by URL and kind, in document order. A summary the
	// whole-site checks read back from where the driver kept it
	// (SummaryCodec) numbers them in a table instead: Links is then nil and
	// AllLinks reads them; whole-site checks always use AllLinks.
	Links   []Link
	linkIDs []uint32
	linkTab *LinkTable

	Date       time.Time // publication date, zero if none was found
	DateSource string    // where Date came from: meta, label, url
	ColumnName string    // the ColumnName meta tag
	Crumbs     []Link    // the breadcrumb trail (当前位置：首页 > …), in order
	Items      []Item    // the dated (or undated) entries of a list page
	Empty      bool      // the page says 暂无信息 and lists nothing
	Pagination []string  // the other pages of the same list
	DocNos     []string  // the page's own issuing numbers (文号: title, under the heading, 文号 field), canonical form; cited ones are not

	// How a list page was read (see internal/pubdate.Lists). Items above is
	// the page's own list as the page alone shows it; the column builder
	// may choose another of Lists once it has learnt the site's template.
	Lists   []List   // candidate lists (the page's own and the blocks beside it), kept for list pages only
	Own     int      // index in Lists of the page's own list as the page alone shows it; -1 (or out of range) if none
	Blocks  []uint64 // fingerprints of every candidate list, kept for every page: template learning
	NoItems string   // the page says its own list is empty: "marker" (暂无信息), "zero" (共0条), "blank" (an empty list container); "" otherwise
	Script  string   // the own list is drawn by a script: "comment", "json", "datastore", "browser" (read from there, or after the scripts ran in Chromium) or "unread"; "" for plain HTML
	Records int      // the record count the page states (共N条, createPageHTML's total), 0 if none (共0条 sets NoItems)
	Search  bool     // a site-search result page: list-like, but no column
}

// List is one candidate list of a page: a block of like items with what
// a reader sees around it. A headed block that lists nothing (its heading
// and 更多 link over 暂无信息) is a List of no Items, after the others;
// it is never the page's Own, and its Fingerprint is the page's own.
type List struct {
	Items       []Item
	Fingerprint uint64 // hash of the items' URLs and titles: the same block on many pages is template
	Heading     string // the heading above the block ("最新发布", the column's name), "" if none
	Pager       bool   // the pagination or record count (共N条, 第1/N页) follows the block
	HeadingHit  bool   // the heading names the page's column
	Side        bool   // sidebar cues: <aside>, side/hot/latest/related classes, 最新/热点/推荐 headings
	Source      string // "html", "comment" (rows inside an HTML comment), "json" (a script's data), "datastore" (Hanweb), "browser" (drawn by the page's scripts in Chromium)
	More        string // where the block's 更多>> link leads (in its title bar or right after its items), absolute; "" if it shows none
}

// IsList says whether a page is a column's list page: it says 暂无信息, or
// it lists at least one dated item and is not itself an article (an article
// carries its own publication date from a meta tag or a 发布日期 label; its
// "related articles", or a date in its text, make no column). The homepage
// is no column either.
func (p *PageSummary) IsList() bool {
	if p.Home {
		return false
	}
	if p.Empty {
		return true
	}
	if p.DateSource == "meta" || p.DateSource == "label" {
		return false
	}
	for _, it := range p.Items {
		if !it.Date.IsZero() {
			return true
		}
	}
	return false
}

// Item is one entry of a list page: a link, its title and its date (zero
// when the list shows none; inspectors count such an item as not updated).
type Item struct {
	URL   string
	Title string
	Date  time.Time
}

// Column is a 栏目 of the site, found from its list pages, breadcrumbs,
// navigation and the ColumnName meta tag, or named in the site's
// configuration.
type Column struct {
	Name   string
	URL    string   // its first list page
	Pages  []string // every list page of it (pagination)
	Source string   // how it was found: meta, crumb, nav, title, config, index (a block's heading on an index page)
	Class  string   // class id from rules/columns.yaml, "" if none matched
	Label  string   // the class's Chinese name
	Window Window   // how fresh its newest item must be; zero: not judged
	Exempt bool     // 专题 and columns the site exempts
	Veto   string   // the class's veto line ("a": 动态要闻, 通知公告/政策文件), or ""
	Items  []Item   // newest first; undated items last
	Empty  bool     // never carried content (暂无信息, or no items at all)
	// Script says how the column's list was read when a script draws it:
	// "comment", "json", "datastore", "browser", or "unread" when it could not be
	// read from the page as served (an AJAX container): such a column is
	// judged neither empty nor stale.
	Script string
	// EmptyCue says why an empty column reads empty: "marker" (暂无信息),
	// "zero" (共0条), "blank" (an empty list container).
	EmptyCue string
	// Template counts the blocks set aside on its list pages because they
	// repeat across the site (最新发布, 热点推荐 …).
	Template int
	// Index is the index page (a 政府信息公开 overview showing several
	// sub-columns' blocks) the column was read from when none of its own
	// list pages was: its items, or its emptiness, are its block's there,
	// and findings point to that page. "" for a column read from its own
	// list pages.
	Index string
}

// Window is an update window counted back from the check date, in
// calendar units as the inspection rules state them.
type Window struct {
	Days, Months, Years int
}

// IsZero says the column has no update window.
func (w Window) IsZero() bool { return w.Days == 0 && w.Months == 0 && w.Years == 0 }

// Since returns the start of the window ending at asOf. Months and years
// are counted as a person counts them on a calendar: six months before 31
// August is 28 (or 29) February, the month's last day, not 3 March, where
// time.AddDate's normalisation would land, three days short.
func (w Window) Since(asOf time.Time) time.Time {
	y, m, d := asOf.Date()
	first := time.Date(y-w.Years, m-time.Month(w.Months), 1, 0, 0, 0, 0, asOf.Location())
	last := first.AddDate(0, 1, -1).Day()
	hh, mm, ss := asOf.Clock()
	start := time.Date(first.Year(), first.Month(), min(d, last), hh, mm, ss, asOf.Nanosecond(), asOf.Location())
	return start.AddDate(0, 0, -w.Days)
}

// String is the window in Chinese: "2 周", "6 个月", "1 年".
func (w Window) String() string {
	switch {
	case w.Years > 0 && w.Months == 0 && w.Days == 0:
		return fmt.Sprintf("%d 年", w.Years)
	case w.Months > 0 && w.Years == 0 && w.Days == 0:
		return fmt.Sprintf("%d 个月", w.Months)
	case w.Days > 0 && w.Days%7 == 0 && w.Years == 0 && w.Months == 0:
		return fmt.Sprintf("%d 周", w.Days/7)
	case w.IsZero():
		return "不限"
	}
	return fmt.Sprintf("%d 年 %d 个月 %d 天", w.Years, w.Months, w.Days)
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
	// File is what the probe learned of a file's bytes (attachments), nil
	// for pages and for targets whose bytes were not looked at.
	File *FileFacts
}

// Failed says whether the target fails to open, and how an inspector
// weighs it: definitely broken is an error, failing now (timeouts, 5xx
// after retries) a warning. Blocked and skipped targets have not failed.
func (s LinkStatus) Failed() (Severity, bool) {
	switch s.Class {
	case Broken:
		return Error, true
	case Transient:
		return Warning, true
	}
	return "", false
}

// FileFacts describe a file target: what the server said and what its
// first and last bytes show. Problem is empty when nothing is wrong or
// nothing could be judged.
type FileFacts struct {
	ContentType string
	Length      int64  // -1 when unknown
	Attachment  bool   // served with Content-Disposition: attachment
	Inspected   bool   // the bytes were read and judged
	Problem     string // rule id: "html-instead-of-file", "empty-file", "type-mismatch", "pdf-truncated", "zip-corrupt", …
	Detail      string // Chinese, for the report
}

// Site is what a site check sees after the crawl.
type Site struct {
	Start string
	AsOf  time.Time // the check date: windows are counted back from it
	Pages *Pages    // in URL order
	// Home is the homepage's summary, nil if it was not crawled; HomeStatus
	// the verdict on it. HomeChanged is when the homepage's content last
	// changed according to the stored history (zero if unknown).
	Home        *PageSummary
	HomeStatus  LinkStatus
	HomeChanged time.Time
	Columns     []*Column // sorted by URL
	// Link returns the verdict on a target; ok is false if it was not checked.
	Link func(url string) (LinkStatus, bool)
}

// PagePass is handed to a check's Page function.
type PagePass struct {
	Page   *Page
	Report func(Finding)
}

// FilePass is handed to a check's File function: one attachment and the
// text read from it. A finding reported here needs no Page: the driver sets
// it to the first page (by URL) that links to the attachment, and Target to
// the attachment.
type FilePass struct {
	URL    string // the attachment
	Ext    string // its kind, from the extension or the answer: "docx", "xlsx", "csv", "txt", …
	Text   string // its text, UTF-8; cells of a sheet separated by tabs, rows by newlines
	Report func(Finding)
}

// SitePass is handed to a check's Site function.
type SitePass struct {
	Site   *Site
	Report func(Finding)
}
