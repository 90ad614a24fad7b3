package pubdate

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Keys of a list's item objects in a script's data, most telling first
// (compared without case).
var (
	jsonTitleKeys = []string{"title", "showtitle", "doctitle", "articletitle", "infotitle", "subject", "bt"}
	jsonDateKeys  = []string{"pubdate", "publishdate", "publishtime", "pubtime", "pub_date", "publish_date",
		"publishedtime", "docreltime", "releasedate", "fbrq", "fbsj", "infodate", "docdate", "showtime",
		"createdate", "createtime", "inputtime", "crtime", "writetime", "date", "time"}
	jsonURLKeys = []string{"url", "urls", "pcurl", "docpuburl", "docurl", "linkurl", "weburl", "infourl", "htmlurl",
		"pageurl", "link", "href", "path"}
)

// maxJSONArrays bounds the arrays tried in one script.
const maxJSONArrays = 64

var reTag = regexp.MustCompile(`<[^>]*>`)

// jsonLists reads arrays of items a script holds as data and draws the
// list from (var listData = {articleList: [{"title": …, "pubDate": …,
// "urls": …}]}): each JSON array of objects with a title and a date
// written as a date (not a number: channel trees carry epoch times) is a
// candidate list read from the script.
func (l *lister) jsonLists(n *html.Node, src string) {
	if !strings.Contains(src, `[{"`) {
		return
	}
	tried := 0
	for off := 0; tried < maxJSONArrays; {
		i := strings.Index(src[off:], `[{"`)
		if i < 0 {
			return
		}
		i += off
		tried++
		dec := json.NewDecoder(strings.NewReader(src[i:]))
		var arr []map[string]any
		if err := dec.Decode(&arr); err != nil {
			off = i + 3
			continue
		}
		off = i + int(dec.InputOffset())
		g := l.jsonGroup(arr, src[max(0, i-60):i])
		if g == nil {
			continue
		}
		g.anchor = n
		l.synthetic++
		g.sig = "json|" + strings.Repeat("#", l.synthetic)
		l.order = append(l.order, g)
	}
}

// jsonGroup turns decoded item objects into a ready group, or nil when
// they are not dated items.
func (l *lister) jsonGroup(arr []map[string]any, before string) *group {
	g := &group{ready: true, source: SourceJSON}
	for _, obj := range arr {
		low := make(map[string]any, len(obj))
		for k, v := range obj {
			low[strings.ToLower(k)] = v
		}
		title := jsonString(low, jsonTitleKeys)
		title = cleanTitle(reTag.ReplaceAllString(title, ""))
		if title == "" {
			continue
		}
		it := item{Item: Item{Title: title}}
		if u := jsonURL(low); u != "" {
			it.URL = l.base.resolve(u)
		}
		if d := jsonString(low, jsonDateKeys); d != "" {
			if tm, ok := Meta(d); ok {
				it.Date, it.Raw = tm, d
			}
		}
		g.items = append(g.items, it)
	}
	g.count()
	if g.dated == 0 || g.dated*2 < len(g.items) {
		return nil
	}
	low := strings.ToLower(before)
	for _, w := range []string{"hot", "rank", "recommend", "latest", "side", "related", "tuijian"} {
		if strings.Contains(low, w) {
			g.side = true
		}
	}
	return g
}

// jsonString is the first non-empty string among keys.
func jsonString(obj map[string]any, keys []string) string {
	for _, k := range keys {
		if s, ok := obj[k].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// jsonURL is an item's link: a string, or a JSON object written in a
// string ({"pc": "/col/…"}) whose "pc" (or first) value is taken.
func jsonURL(obj map[string]any) string {
	u := jsonString(obj, jsonURLKeys)
	if !strings.HasPrefix(u, "{") {
		if utf8.RuneCountInString(u) > 2000 {
			return ""
		}
		return u
	}
	var m map[string]any
	if json.Unmarshal([]byte(u), &m) != nil {
		return ""
	}
	if s, ok := m["pc"].(string); ok {
		return s
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}
