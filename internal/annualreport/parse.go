// Package annualreport reads 政府信息公开工作年度报告 (annual government
// information disclosure reports): it recognises a report and its year, and
// reads table 3 (收到和处理政府信息公开申请情况), table 4 (政府信息公开行政复议、
// 行政诉讼情况) and the numbers the text quotes, from HTML tables (rowspan
// and colspan expanded) or from the plain-text layout in which portals export
// reports (one cell a line, indented by a tab; rows separated by blank lines).
//
// Both the 2019 format (国办公开办函〔2019〕60号: (六)其他处理 is one row)
// and the 2021 format (国办公开办函〔2021〕30号: (六)其他处理 has three
// sub-rows) are read; rows are recognised by their labels (一、二、（一）…
// 1. 2. …), not by position, so missing, merged or re-ordered rows do not
// shift numbers. Check verifies the 勾稽关系 of domain.md §5.
//
// The package is pure: no I/O; it never panics on any input (fuzzed).
package annualreport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Table 3 columns.
const (
	Natural  = iota // 自然人
	Business        // 商业企业
	Research        // 科研机构
	Welfare         // 社会公益组织
	Legal           // 法律服务机构
	OtherOrg        // 其他
	Total           // 总计
	NCols
)

// ColumnNames are the Chinese headings of table 3's columns.
var ColumnNames = [NCols]string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

// Row keys of table 3: "new" 一、本年新收, "carried" 二、上年结转, "open"
// (一)予以公开, "partial" (二)部分公开, "deny" (三)不予公开 with "deny.1"…
// "deny.8", "unable" (四)无法提供 with "unable.1"…, "reject" (五)不予处理
// with "reject.1"…, "other" (六)其他处理 with "other.1"… (2021 format),
// "total" (七)总计, "next" 四、结转下年度继续办理. A group key ("deny") holds
// numbers only when the report gives the group as one row.
var groups = []string{"open", "partial", "deny", "unable", "reject", "other"}

// RowLabel is the Chinese name of a row key, for messages.
func RowLabel(key string) string {
	base, n, _ := strings.Cut(key, ".")
	name := map[string]string{
		"new": "一、本年新收", "carried": "二、上年结转", "open": "（一）予以公开",
		"partial": "（二）部分公开", "deny": "（三）不予公开", "unable": "（四）无法提供",
		"reject": "（五）不予处理", "other": "（六）其他处理", "total": "（七）总计",
		"next": "四、结转下年度继续办理",
	}[base]
	if name == "" {
		name = base
	}
	if n != "" {
		name += " 第" + n + "项"
	}
	return name
}

// Requests is table 3.
type Requests struct {
	Rows  map[string][NCols]int
	Order []string // keys in table order
}

// Has says whether the table has the row.
func (r *Requests) Has(key string) bool { _, ok := r.Rows[key]; return ok }

// Review group indexes of table 4.
const (
	ReviewGroup = iota // 行政复议
	SuitDirect         // 行政诉讼 未经复议直接起诉
	SuitAfter          // 行政诉讼 复议后起诉
)

// GroupNames names table 4's groups.
var GroupNames = [3]string{"行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"}

// ResultNames names the five cells of a table 4 group.
var ResultNames = [5]string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}

// Reviews is table 4: three groups of 维持, 纠正, 其他, 尚未审结, 总计.
type Reviews struct {
	Groups [3][5]int
}

// Quote keys: the table 3 row keys (new, carried, total, open, partial,
// deny, unable, reject, other, next) and "review" (行政复议 total) and "suit"
// (行政诉讼 total of both groups).

// A Quote is a number the report's text states.
type Quote struct {
	Key     string
	N       int
	Excerpt string // the clause it was read from
}

// Report is what was read of one annual report.
type Report struct {
	Year     int // the year reported on; 0 if unknown
	Requests *Requests
	Reviews  *Reviews
	Quotes   []Quote
}

var (
	reportTitle = regexp.MustCompile(`((?:19|20)\d{2})\s*年度?[^\d年]{0,12}?政府信息公开(?:工作)?年度?报告`)
	notReport   = regexp.MustCompile(`关于|通知|印发|编制|格式|解读|图解|一图|目录|的函`)
)

// Detect says whether a title (or the first lines of a text) names a 政府信息
// 公开工作年度报告, and of which year. Notices about writing reports
// (关于做好…年度报告编制工作的通知) and interpretations are not reports.
func Detect(title string) (year int, ok bool) {
	s := strings.Join(strings.Fields(title), "")
	m := reportTitle.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, false
	}
	if notReport.MatchString(s[:m[1]]) {
		return 0, false
	}
	y, _ := strconv.Atoi(s[m[2]:m[3]])
	return y, true
}

// DetectText tries Detect on a text's first lines joined (a plain-text report
// breaks its title over two lines).
func DetectText(text string) (int, bool) {
	var head []string
	n := 0
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		head = append(head, line)
		if n++; n == 4 {
			break
		}
	}
	for i := 1; i <= len(head); i++ {
		if y, ok := Detect(strings.Join(head[:i], "")); ok {
			return y, true
		}
	}
	return 0, false
}

// ParseRows reads tables given as rows of cell texts (a grid with spans
// already expanded, or the plain-text layout's blocks). Rows of table 3 are
// found by their labels wherever they stand; table 4 is the first row of
// exactly 15 number cells after a row that names 行政复议.
func ParseRows(rows [][]string) (*Requests, *Reviews) {
	var req *Requests
	var rev *Reviews
	st := &rowState{}
	sawReview := false
	for _, cells := range rows {
		if rev == nil && sawReview {
			if v, ok := numbers(cells, 15); ok && len(cells) == 15 {
				rev = &Reviews{}
				for i := range 15 {
					rev.Groups[i/5][i%5] = v[i]
				}
				continue
			}
		}
		for _, c := range cells {
			if strings.Contains(c, "行政复议") {
				sawReview = true
			}
		}
		key, vals, ok := st.row(cells)
		if !ok {
			continue
		}
		if req == nil {
			req = &Requests{Rows: map[string][NCols]int{}}
		}
		if _, dup := req.Rows[key]; dup {
			continue // the first table wins
		}
		req.Rows[key] = vals
		req.Order = append(req.Order, key)
	}
	return req, rev
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if clean(c) != "" {
			out = append(out, c)
		}
	}
	return out
}

// rowState carries the table 3 context across rows: the plain-text layout
// leaves a rowspan's label only on its first row.
type rowState struct {
	started, done bool
	group         string // deny, unable, reject, other: the group whose numbered items follow
}

var (
	topLabel = regexp.MustCompile(`^([一二三四])[、.．]`)
	subLabel = regexp.MustCompile(`^[（(]([一二三四五六七])[）)]`)
	itemNo   = regexp.MustCompile(`^(\d{1,2})\s*[.．、)）]`)
)

var subKeys = map[string]string{"一": "open", "二": "partial", "三": "deny", "四": "unable", "五": "reject", "六": "other", "七": "total"}
var subWords = map[string]string{"open": "予以公开", "partial": "部分公开", "deny": "不予公开", "unable": "无法提供", "reject": "不予处理", "other": "其他处理", "total": "总计"}

// row classifies one row: its key and its seven numbers.
func (st *rowState) row(cells []string) (string, [NCols]int, bool) {
	var zero [NCols]int
	if st.done || len(cells) < NCols+1 {
		return "", zero, false
	}
	vals, ok := numbers(cells, NCols)
	if !ok {
		return "", zero, false
	}
	labels := nonEmpty(cells[:len(cells)-NCols])
	if len(labels) == 0 {
		return "", zero, false
	}
	key, item := "", ""
	for _, l := range labels {
		l = clean(l)
		switch {
		case topLabel.MatchString(l) || sectionOf(l) != "":
			// "" for the rowspan label of section 三 (办理结果) and others.
			key = sectionOf(l)
			st.group, item = "", ""
		case subLabel.MatchString(l):
			k := subKeys[subLabel.FindStringSubmatch(l)[1]]
			if !strings.Contains(l, subWords[k]) {
				return "", zero, false
			}
			key, item = k, ""
			st.group = k
		case itemNo.MatchString(l):
			item = itemNo.FindStringSubmatch(l)[1]
		}
	}
	if key == "" && item != "" && st.started {
		key = st.group
	}
	if key == "" {
		return "", zero, false
	}
	if key == "new" {
		st.started = true
	}
	if !st.started {
		return "", zero, false
	}
	if item != "" && (key == "deny" || key == "unable" || key == "reject" || key == "other") {
		key += "." + item
	}
	if key == "next" {
		st.done = true
	}
	return key, arr(vals), true
}

// numbers reads the last n cells as numbers (empty = 0).
func numbers(cells []string, n int) ([]int, bool) {
	if len(cells) < n {
		return nil, false
	}
	out := make([]int, n)
	for i, c := range cells[len(cells)-n:] {
		v, ok := number(c)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func arr(v []int) (a [NCols]int) { copy(a[:], v); return a }

// number reads a count: digits (half- or full-width); an empty cell, or
// -, —, /, 无 count as 0.
func number(s string) (int, bool) {
	s = clean(s)
	switch s {
	case "", "-", "—", "－", "/", "／", "无", "0件":
		return 0, true
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "件"), "个")
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			v = v*10 + int(r-'0')
		case r >= '０' && r <= '９':
			v = v*10 + int(r-'０')
		default:
			return 0, false
		}
	}
	return v, true
}

// clean trims a cell and drops all white space inside it (including the
// ideographic space and NBSP).
func clean(s string) string {
	if s == "" {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\u200b' {
			return -1
		}
		return r
	}, s)
}

// TextRows splits the plain-text layout into rows: blocks separated by blank
// lines, one cell a line. Lines holding only a tab are empty cells; a line
// holding only spaces or nothing ends a block.
func TextRows(text string) [][]string {
	var rows [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			rows = append(rows, cur)
			cur = nil
		}
	}
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(line) == "" && !strings.Contains(line, "\t") {
			flush()
			continue
		}
		cur = append(cur, strings.TrimSpace(line))
	}
	flush()
	return rows
}

// ParseText reads a report in the plain-text layout.
func ParseText(text string) *Report {
	r := &Report{}
	r.Year, _ = DetectText(text)
	if r.Year == 0 {
		r.Year = periodYear(text)
	}
	rows := TextRows(text)
	for i := range rows {
		rows[i] = fixCells(rows[i])
	}
	r.Requests, r.Reviews = ParseRows(rows)
	r.Quotes = Quotes(text)
	return r
}

// fixCells keeps the cells as they are; a hook for layouts that put a row's
// numbers on one line separated by tabs.
func fixCells(cells []string) []string {
	if len(cells) == 1 && strings.Count(cells[0], "\t") >= NCols {
		return strings.Split(cells[0], "\t")
	}
	return cells
}

var period = regexp.MustCompile(`统计期限为?((?:19|20)\d{2})年`)

func periodYear(text string) int {
	if m := period.FindStringSubmatch(text); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// sectionOf names the top-level row of table 3 a label stands for: new
// (本年新收), carried (上年结转), next (结转下年度), or "".
func sectionOf(label string) string {
	switch {
	case strings.Contains(label, "本年新收"):
		return "new"
	case strings.Contains(label, "上年结转"):
		return "carried"
	case strings.Contains(label, "结转下年度"):
		return "next"
	}
	return ""
}
