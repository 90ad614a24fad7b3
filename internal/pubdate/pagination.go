package pubdate

import (
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	exact "govaudit/internal/link"
)

// maxPages bounds the pages Pagination returns (createPageHTML counts,
// ranges between a 下一页 and a 尾页 link).
const maxPages = 1000

// pageWords are the texts of paging links.
var pageWords = map[string]bool{
	"下一页": true, "下页": true, "后页": true, "后一页": true, "尾页": true, "末页": true, "最后一页": true,
	"上一页": true, "上页": true, "前页": true, "前一页": true, "首页": true, "第一页": true,
	">": true, ">>": true, "<": true, "<<": true, "›": true, "»": true, "‹": true, "«": true,
	"next": true, "prev": true, "previous": true, "last": true, "first": true,
}

// pageParams are query parameters that number the pages of a list.
var pageParams = map[string]bool{
	"page": true, "pagenum": true, "pageno": true, "pageindex": true, "currentpage": true,
	"curpage": true, "p": true, "pn": true, "page_no": true, "pagenumber": true, "cpage": true,
	"pg": true, "pi": true, "pageid": true, "page_num": true,
}

var (
	reCreatePage = regexp.MustCompile(`(\bfunction\s+)?\bcreatePageHTML\s*\(([^()]*)\)`)
	reJSVar      = regexp.MustCompile(`\b([A-Za-z_$][\w$]*)\s*=\s*("[^"\n]*"|'[^'\n]*'|\d+)`)
)

// Pagination returns the URLs of the other pages of the same list, current
// page excluded: the index.html, index_1.html … index_{n-1}.html that TRS's
// createPageHTML(n, current, "index", "html") call writes (also the
// createPageHTML('page_div', n, current, 'index', 'html', total) form and
// arguments held in variables), links to index_N pages of the same
// directory, links that differ from the page only in a page-number
// parameter (?page=2, &pageNum=2, pageNo, currentPage …), and
// 下一页/尾页/上一页 links. Numbered pages between the lowest and highest
// seen are filled in (a 下一页 to ?page=2 and a 尾页 to ?page=10 give
// pages 2–10). At most 1000 URLs are returned.
func Pagination(doc *goquery.Document, pageURL string) []string {
	if doc == nil || len(doc.Nodes) == 0 {
		return nil
	}
	if pageURL == "" && doc.Url != nil {
		pageURL = doc.Url.String()
	}
	return PaginationNode(doc.Nodes[0], pageURL)
}

// pageSeries is the pages of one numbering scheme.
type pageSeries struct {
	tmpl func(n int) string
	nums map[int]bool
}

// PaginationNode is Pagination on an x/net/html tree.
func PaginationNode(root *html.Node, pageURL string) []string {
	if root == nil {
		return nil
	}
	base := baseOf(root, pageURL)
	cur, err := exact.ParseAny(strings.TrimSpace(pageURL))
	if err != nil {
		cur = &url.URL{}
	}
	curKey := pageKey(cur)
	var out []string
	seen := map[string]bool{curKey: true}
	add := func(u string) {
		if len(out) >= maxPages {
			return
		}
		pu, err := exact.ParseAny(u)
		if err != nil {
			return
		}
		if k := pageKey(pu); !seen[k] {
			seen[k] = true
			out = append(out, u)
		}
	}

	// TRS createPageHTML.
	var scripts strings.Builder
	var anchors []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script:
				if n.FirstChild != nil {
					scripts.WriteString(n.FirstChild.Data)
					scripts.WriteByte('\n')
				}
				return
			case atom.A:
				anchors = append(anchors, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, u := range createPageHTML(scripts.String(), base) {
		add(u)
	}

	// Links.
	var series []*pageSeries
	byKey := map[string]*pageSeries{}
	var words []string
	_, curFile := path.Split(cur.Path)
	for _, a := range anchors {
		text := strings.ToLower(strings.ReplaceAll(collapse(visibleText(a, nil)), " ", ""))
		text = strings.Trim(text, "[]【】()")
		href := attr(a, "href")
		if !pageWords[text] && !allDigits(text) && !mayBeSibling(href, curFile) {
			continue // neither a paging word nor a page of this list: not worth resolving
		}
		u := base.resolve(href)
		if u == "" {
			continue
		}
		pu, err := exact.ParseAny(u)
		if err != nil || cur.Host != "" && !strings.EqualFold(pu.Host, cur.Host) {
			continue
		}
		if key, tmpl, n, ok := sameList(cur, pu, false); ok {
			s := byKey[key]
			if s == nil {
				s = &pageSeries{tmpl: tmpl, nums: map[int]bool{}}
				byKey[key] = s
				series = append(series, s)
				if ck, _, cn, ok := sameList(cur, cur, strings.HasPrefix(key, "query|")); ok && ck == key {
					s.nums[cn] = true
				}
			}
			s.nums[n] = true
			continue
		}
		if word := pageWords[text]; word && text != "首页" && text != "first" || (word || allDigits(text)) && inPager(a) {
			words = append(words, u)
		}
	}
	for _, s := range series {
		nums := make([]int, 0, len(s.nums))
		for n := range s.nums {
			nums = append(nums, n)
		}
		sort.Ints(nums)
		lo, hi := nums[0], nums[len(nums)-1]
		if hi-lo >= maxPages {
			hi = lo + maxPages - 1
		}
		for n := lo; n <= hi; n++ {
			add(s.tmpl(n))
		}
	}
	for _, u := range words {
		add(u)
	}
	return out
}

// mayBeSibling is a look at an href as written, without resolving it:
// could it be a numbered page of the list whose page is named curFile
// (sameList)? A static page must end in a file of the same series
// (sameSeries); a query-numbered page needs a query. An href with an
// escape is left to the full parse.
func mayBeSibling(href, curFile string) bool {
	href = strings.TrimSpace(href)
	if strings.ContainsAny(href, "?%") {
		return true
	}
	if i := strings.IndexByte(href, '#'); i >= 0 {
		href = href[:i]
	}
	return sameSeries(href[strings.LastIndexByte(href, '/')+1:], curFile)
}

// sameSeries reports whether the file ufile is a page of the static series
// the page named cfile belongs to: index_2.html beside index.html (the same
// stem and extension), or an index/default page beside a directory (cfile
// "").
func sameSeries(ufile, cfile string) bool {
	ustem, _, uext := splitPage(ufile)
	if ustem == "" {
		return false
	}
	if cfile == "" {
		return ustem == "index" || ustem == "default"
	}
	cstem, _, cext := splitPage(cfile)
	return ustem == cstem && strings.EqualFold(uext, cext)
}

// inPager reports a link inside a paging bar (class or id with page,
// pager, pagination, fenye …), looking four levels up.
func inPager(n *html.Node) bool {
	for p, k := n.Parent, 0; p != nil && k < 4; p, k = p.Parent, k+1 {
		for _, a := range p.Attr {
			if a.Key != "class" && a.Key != "id" {
				continue
			}
			for tok := range tokens(a.Val) {
				if strings.Contains(tok, "page") || strings.Contains(tok, "paging") || strings.Contains(tok, "fenye") ||
					tok == "fy" || tok == "pg" || tok == "pages" {
					return true
				}
			}
		}
	}
	return false
}

// exactPath is u's path as written: its Opaque for a URL only
// link.ParseAny reads (a stray "%"), else its escaped path.
func exactPath(u *url.URL) string {
	if u.Opaque != "" {
		return u.Opaque
	}
	return u.EscapedPath()
}

// origin is the scheme and host a URL of u's site starts with.
func origin(u *url.URL) string {
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme + ":")
	}
	if u.Host != "" {
		b.WriteString("//" + u.Host)
	}
	return b.String()
}

// indexless is a path with a directory's index page (index.html,
// default.aspx …) read as the directory.
func indexless(p string) string {
	dir, file := path.Split(p)
	switch strings.ToLower(file) {
	case "index.html", "index.htm", "index.shtml", "index.jhtml", "index.jsp", "index.php", "default.html", "default.htm", "default.aspx":
		p = dir
	}
	if p == "" {
		p = "/"
	}
	return p
}

// pageKey is a URL as compared for identity: no fragment, and a directory
// equal to its index page.
func pageKey(u *url.URL) string {
	k := strings.ToLower(origin(u)) + indexless(exactPath(u))
	if u.RawQuery != "" || u.ForceQuery {
		k += "?" + u.RawQuery
	}
	return k
}

// sameList reports whether u is a numbered page of the list cur is a page
// of: index_N.html beside index.html, or the same path and query but for a
// page-number parameter. key names the numbering scheme, tmpl writes page
// n of it, and n is u's page number (0 for a bare index.html).
func sameList(cur, u *url.URL, queryOnly bool) (key string, tmpl func(int) string, n int, ok bool) {
	if !strings.EqualFold(cur.Host, u.Host) {
		return "", nil, 0, false
	}
	cdir, cfile := path.Split(cur.Path)
	udir, ufile := path.Split(u.Path)
	if cdir == udir && u.RawQuery == cur.RawQuery && ufile != "" && !queryOnly {
		// Static pages: index.html, index_1.html, index_2.html.
		if !sameSeries(ufile, cfile) {
			return "", nil, 0, false
		}
		ustem, un, uext := splitPage(ufile)
		// The directory as written (a stray "%" stays one); the file
		// escaped as Go writes a path.
		p := exactPath(u)
		start, q := origin(u)+p[:strings.LastIndexByte(p, '/')+1], ""
		if u.RawQuery != "" {
			q = "?" + u.RawQuery
		}
		tmpl = func(n int) string {
			f := ustem + "." + uext
			if n > 0 {
				f = ustem + "_" + strconv.Itoa(n) + "." + uext
			}
			return start + (&url.URL{Path: f}).EscapedPath() + q
		}
		return "static|" + udir + ustem + "." + uext, tmpl, un, true
	}
	if u.Path != cur.Path && indexless(u.Path) != indexless(cur.Path) {
		return "", nil, 0, false
	}
	// Query pages: the same parameters but one page number.
	uq := splitQuery(u.RawQuery)
	cq := splitQuery(cur.RawQuery)
	pk := ""
	for _, kv := range uq {
		if pageParams[strings.ToLower(kv[0])] && allDigits(kv[1]) && len(kv[1]) <= 5 {
			pk = kv[0]
			n, _ = strconv.Atoi(kv[1])
			break
		}
	}
	if pk == "" || !sameExcept(uq, cq, pk) {
		return "", nil, 0, false
	}
	p := exactPath(u)
	start := origin(u) + p
	tmpl = func(n int) string {
		parts := make([]string, 0, len(uq))
		for _, kv := range uq {
			v := kv[1]
			if kv[0] == pk {
				v = strconv.Itoa(n)
			}
			parts = append(parts, kv[0]+"="+v)
		}
		return start + "?" + strings.Join(parts, "&")
	}
	return "query|" + p + "|" + pk, tmpl, n, true
}

// splitPage splits "index_2.html" into index, 2, html and "index.html"
// into index, 0, html.
func splitPage(file string) (stem string, n int, ext string) {
	i := strings.LastIndexByte(file, '.')
	if i <= 0 {
		return "", 0, ""
	}
	stem, ext = file[:i], file[i+1:]
	if u := strings.LastIndexByte(stem, '_'); u > 0 && len(stem)-u-1 <= 5 && allDigits(stem[u+1:]) {
		n, _ = strconv.Atoi(stem[u+1:])
		stem = stem[:u]
	}
	return stem, n, ext
}

func splitQuery(q string) [][2]string {
	var out [][2]string
	for _, p := range strings.Split(q, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		out = append(out, [2]string{k, v})
	}
	return out
}

// sameExcept reports whether two queries hold the same parameters apart
// from skip (which cur may lack).
func sameExcept(u, cur [][2]string, skip string) bool {
	m := map[string]string{}
	for _, kv := range cur {
		if kv[0] != skip {
			m[kv[0]] = kv[1]
		}
	}
	count := 0
	for _, kv := range u {
		if kv[0] == skip {
			continue
		}
		if v, ok := m[kv[0]]; !ok || v != kv[1] {
			return false
		}
		count++
	}
	return count == len(m)
}

// createPageHTML reads TRS paging calls in script text and lists the pages
// they write, current page excluded.
func createPageHTML(src string, base base) []string {
	if !strings.Contains(src, "createPageHTML") {
		return nil
	}
	var vars map[string]string // read when a call passes variables
	lookup := func(name string) (string, bool) {
		if vars == nil {
			vars = map[string]string{}
			for _, m := range reJSVar.FindAllStringSubmatch(src, -1) {
				if _, ok := vars[m[1]]; !ok {
					vars[m[1]] = m[2]
				}
			}
		}
		v, ok := vars[name]
		return v, ok
	}
	var out []string
	for _, m := range reCreatePage.FindAllStringSubmatch(src, -1) {
		if m[1] != "" { // the function's own definition
			continue
		}
		var nums []int
		var strs []string
		ok := true
		for _, a := range strings.Split(m[2], ",") {
			a = strings.TrimSpace(a)
			if a != "" && (a[0] == '_' || a[0] == '$' || isLetter(rune(a[0]))) {
				if v, found := lookup(a); found {
					a = v
				}
			}
			switch {
			case len(a) >= 2 && (a[0] == '"' || a[0] == '\'') && a[len(a)-1] == a[0]:
				strs = append(strs, a[1:len(a)-1])
			case allDigits(a) && len(a) <= 7:
				n, _ := strconv.Atoi(a)
				nums = append(nums, n)
			default:
				ok = false
			}
		}
		if !ok || len(nums) < 2 || len(strs) < 2 {
			continue
		}
		count, current := nums[0], nums[1]
		prefix, suffix := strs[len(strs)-2], strs[len(strs)-1]
		if prefix == "" || suffix == "" || strings.ContainsAny(prefix+suffix, "/?#\\") {
			continue
		}
		if count > maxPages {
			count = maxPages
		}
		for p := 0; p < count; p++ {
			if p == current {
				continue
			}
			f := prefix + "." + suffix
			if p > 0 {
				f = prefix + "_" + strconv.Itoa(p) + "." + suffix
			}
			if u := base.resolve(f); u != "" {
				out = append(out, u)
			}
		}
	}
	return out
}
