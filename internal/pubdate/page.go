package pubdate

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metaNames ranks the meta tags that carry a publication date (name,
// property or itemprop; case-insensitive). Lower is preferred.
var metaNames = map[string]int{
	"pubdate":                0, // 《政府网站发展指引》: PubDate, YYYY-MM-DD HH:MM
	"publishdate":            1,
	"firstpublishedtime":     2,
	"article:published_time": 3,
	"og:published_time":      4,
	"og:release_date":        4,
	"datepublished":          5,
	"publish_date":           5,
	"publishtime":            5,
	"pubtime":                5,
	"dc.date.issued":         6,
	"dcterms.issued":         6,
}

// textWindow is how far after the title Page looks for an unlabelled date.
const textWindow = 240

// labelWindow is how much text Page reads for a 发布日期 label: the label
// sits under the title, not at the end of a long article.
const labelWindow = 8 << 10

// Page picks a page's publication date: the meta tags (PubDate,
// publishdate, firstpublishedtime, article:published_time …), then a
// labelled date in the visible text (see Label; footers and navigation are
// left out), then a day-precise date in the page URL (see FromURL), then an
// unlabelled date just below the page's <h1> (Source "text"), then a
// month-only URL date (MonthOnly set). ok is false when none is found.
// pageURL may be empty; doc.Url is then used.
func Page(doc *goquery.Document, pageURL string) (Date, bool) {
	if doc == nil || len(doc.Nodes) == 0 {
		return Date{}, false
	}
	if pageURL == "" && doc.Url != nil {
		pageURL = doc.Url.String()
	}
	return PageNode(doc.Nodes[0], pageURL)
}

// PageNode is Page on an x/net/html tree.
func PageNode(root *html.Node, pageURL string) (Date, bool) {
	if root == nil {
		return Date{}, false
	}
	if d, ok := metaDate(root); ok {
		return d, true
	}
	b := body(root)
	h1 := find(b, atom.H1)
	tb := textBuilder{skip: footerOnly, mark: h1, at: -1, after: max(labelWindow, 3*textWindow)}
	if h1 == nil {
		tb.limit = labelWindow // without a title, only the start is read
	}
	tb.walk(b)
	txt := tb.b.String()
	// Labels stand near the title: read the text from the <h1> on, or the
	// start of the page, not all of a long page.
	lt := txt
	if tb.at >= 0 {
		lt = txt[tb.at:]
	}
	if len(lt) > labelWindow {
		lt = lt[:labelWindow]
	}
	t := normalize(lt)
	if m, ok := t.label(); ok {
		if tm, ok := m.time(); ok {
			return Date{Time: tm, Source: SourceLabel, Raw: lt[t.off[m.start]:t.off[m.end]]}, true
		}
	}
	if tb.at > 0 {
		// No label after the title: the label may come before it.
		head := txt[:min(tb.at, labelWindow)]
		t := normalize(head)
		if m, ok := t.label(); ok {
			if tm, ok := m.time(); ok {
				return Date{Time: tm, Source: SourceLabel, Raw: head[t.off[m.start]:t.off[m.end]]}, true
			}
		}
	}
	urlT, day, urlOK := FromURL(pageURL)
	if urlOK && day {
		return Date{Time: urlT, Source: SourceURL, Raw: urlPath(pageURL)}, true
	}
	if tb.at >= 0 {
		win := txt[tb.at:]
		if len(win) > textWindow*3 {
			win = win[:textWindow*3]
		}
		if f := FindAll(win, 0); len(f) > 0 {
			return Date{Time: f[0].Time, Source: SourceText, Raw: win[f[0].Start:f[0].End]}, true
		}
	}
	if urlOK {
		return Date{Time: urlT, Source: SourceURL, Raw: urlPath(pageURL), MonthOnly: true}, true
	}
	return Date{}, false
}

// metaDate reads the best-ranked dated meta tag. Meta tags belong in
// <head>, but CMS templates drop them anywhere: the whole tree is read.
func metaDate(root *html.Node) (Date, bool) {
	var best Date
	bestRank := len(metaNames) + 1
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			for _, key := range []string{"name", "property", "itemprop"} {
				rank, ok := metaNames[strings.ToLower(strings.TrimSpace(attr(n, key)))]
				if !ok || rank >= bestRank {
					continue
				}
				v := attr(n, "content")
				if v == "" {
					v = attr(n, "value")
				}
				if tm, ok := Meta(v); ok {
					best, bestRank = Date{Time: tm, Source: SourceMeta, Raw: strings.TrimSpace(v)}, rank
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return best, bestRank <= len(metaNames)
}
