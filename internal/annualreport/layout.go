package annualreport

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// ParseLayout reads a report from the text of its PDF as govaudit/internal/
// filetext lays it out: one line of text per line of the page, cells apart
// by spaces so that a table's columns stay at about the same position from
// line to line (a CJK character takes two positions, a digit one), an empty
// cell leaving only spaces. Labels come broken as the PDF shows them — over
// several lines of their cell (三、本年度办理 / 结果), letter-spaced
// (三、本 年 度 办 理 结 果), a merged cell's label on the line of one of the
// rows it spans — so rows are not recognised by their labels as in
// ParseRows:
//
//   - the columns of table 3 are where its header names (自然人 … 总计)
//     stand, of table 4 where its five result names stand three times;
//     each number is read into the column it stands under, an empty cell
//     is 0;
//   - a line holding numbers under the columns, and nothing else there, is
//     a row; table 3 has the 23 rows of the 2019 format or the 25 of the
//     2021 format, in their order (国办公开办函〔2019〕60号, 〔2021〕30号);
//   - the labels on each row's line, spaces removed, must agree with the
//     row the order gives it (本年新收, 上年结转, 予以公开, 部分公开, the
//     item number 1.–8., 其他处理, 总计, 结转下年度): a table that does not
//     is not read (nil), rather than read wrong.
//
// The text's numbers are quoted from its paragraphs, lines joined.
func ParseLayout(text string) *Report {
	r := &Report{}
	r.Year, _ = DetectText(text)
	lines := strings.Split(text, "\n")
	if len(lines) > maxLayoutLines {
		lines = lines[:maxLayoutLines]
	}
	skip := make([]bool, len(lines))
	var end int
	r.Requests, end = layoutRequests(lines, skip)
	r.Reviews = layoutReviews(lines, end, skip)
	joined := unwrap(lines, skip)
	r.Quotes = Quotes(joined)
	if r.Year == 0 {
		r.Year = periodYear(joined)
	}
	return r
}

const maxLayoutLines = 20000

// unwrap joins the lines of paragraphs (those not skipped): a line that
// reaches the right margin (the widest line's end, give or take a few
// characters) goes on in the next; a shorter one ends its paragraph.
func unwrap(lines []string, skip []bool) string {
	widths := make([]int, len(lines))
	margin := 0
	for i, l := range lines {
		if skip[i] {
			continue
		}
		for _, t := range tokens(l) {
			widths[i] = t.end
		}
		margin = max(margin, widths[i])
	}
	var b strings.Builder
	for i, l := range lines {
		if skip[i] {
			continue
		}
		b.WriteString(strings.TrimSpace(l))
		if widths[i] < margin-6 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// A token is a run of non-space text on a layout line, with the positions
// it takes: [start, end).
type token struct {
	text       string
	start, end int
}

func (t token) centre() float64 { return float64(t.start+t.end) / 2 }

// runeWidth is how many positions a rune takes in the layout (as
// filetext.Width).
func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// tokens splits a layout line at spaces.
func tokens(line string) []token {
	var out []token
	pos := 0
	cur := -1 // start of the current token in bytes
	var start int
	for i, r := range line {
		if r == ' ' || r == '\t' || r == '\u3000' || r == '\f' || r == '\u00a0' {
			if cur >= 0 {
				out = append(out, token{line[cur:i], start, pos})
				cur = -1
			}
			if r == '\t' {
				pos = (pos/8 + 1) * 8
			} else {
				pos += runeWidth(r)
			}
			continue
		}
		if cur < 0 {
			cur, start = i, pos
		}
		pos += runeWidth(r)
	}
	if cur >= 0 {
		out = append(out, token{line[cur:], start, pos})
	}
	return out
}

// words are a line's tokens with letter-spaced text joined: single wide
// characters one position apart (自 然 人, as a cell with distributed
// alignment lays out) make one word.
func words(line string) []token {
	var out []token
	spaced := false // the last word is letter-spaced characters joined
	for _, t := range tokens(line) {
		if n := len(out); n > 0 && wideRune(t) && (spaced || wideRune(out[n-1])) && t.start-out[n-1].end <= 1 {
			out[n-1].text += t.text
			out[n-1].end = t.end
			spaced = true
			continue
		}
		out = append(out, t)
		spaced = false
	}
	return out
}

// wideRune says whether a token is one wide character.
func wideRune(t token) bool {
	r, n := utf8.DecodeRuneInString(t.text)
	return n == len(t.text) && runeWidth(r) == 2
}

// isValue says whether a token is a table number (or a sign for none).
func isValue(s string) bool {
	_, ok := number(s)
	return ok && s != ""
}

// grid is a table's columns: their centres, left to right.
type grid []float64

// column is the column a token stands under; -1 if it stands in none
// (left of the first, or between two and far from both).
func (g grid) column(t token) int {
	c := t.centre()
	best, dist := -1, 0.0
	for i, x := range g {
		d := c - x
		if d < 0 {
			d = -d
		}
		if best < 0 || d < dist {
			best, dist = i, d
		}
	}
	if best < 0 {
		return -1
	}
	half := g.spacing(best) / 2
	if dist > half+1 {
		return -1
	}
	return best
}

// spacing is the distance from column i to its nearest neighbour.
func (g grid) spacing(i int) float64 {
	s := -1.0
	if i > 0 {
		s = g[i] - g[i-1]
	}
	if i+1 < len(g) && (s < 0 || g[i+1]-g[i] < s) {
		s = g[i+1] - g[i]
	}
	return s
}

// left is where the label area ends: half a column before the first.
func (g grid) left() float64 { return g[0] - g.spacing(0)/2 }

// values reads a line's numbers into the grid's columns: the label is what
// stands before the first number right of the label area. ok is false when
// something other than a number follows a number, when no number stands
// right of the label area, or when two numbers fall in one column.
func (g grid) values(line string) (vals []int, label string, ok bool) {
	vals = make([]int, len(g))
	filled := make([]bool, len(g))
	var labels []string
	n := 0
	for _, t := range tokens(line) {
		if n == 0 && (t.centre() < g.left() || !isValue(t.text)) {
			// the label, which may reach a little into the first column
			labels = append(labels, t.text)
			continue
		}
		if !isValue(t.text) {
			return nil, "", false
		}
		col := g.column(t)
		if col < 0 || filled[col] {
			return nil, "", false
		}
		v, _ := number(t.text)
		vals[col], filled[col] = v, true
		n++
	}
	return vals, clean(strings.Join(labels, "")), n > 0
}

// headerGrid finds the columns named by names (each found as a token that
// is the name or, broken over lines, its beginning of two or more
// characters) in lines[from:to], repeated times over; nil unless all are
// found, left to right in the order of names.
func headerGrid(lines []string, from, to int, names []string, repeated int) grid {
	type hit struct {
		x    float64
		name int // index in names; -1 if the token begins more than one
	}
	var hits []hit
	for i := max(from, 0); i < to && i < len(lines); i++ {
		for _, t := range words(lines[i]) {
			if utf8.RuneCountInString(t.text) < 2 {
				continue
			}
			which := -1
			for k, n := range names {
				if strings.HasPrefix(n, t.text) {
					if which >= 0 {
						which = -2
						break
					}
					which = k
				}
			}
			if which == -1 {
				continue
			}
			hits = append(hits, hit{t.centre(), max(which, -1)})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].x < hits[b].x })
	var g grid
	var named []int
	for _, h := range hits {
		if len(g) > 0 && h.x-g[len(g)-1] <= 1.5 {
			if named[len(named)-1] < 0 {
				named[len(named)-1] = h.name
			}
			continue // the same column, on another line
		}
		g = append(g, h.x)
		named = append(named, h.name)
	}
	if len(g) != len(names)*repeated {
		return nil
	}
	for i, k := range named {
		if k >= 0 && k != i%len(names) {
			return nil
		}
	}
	return g
}

var (
	requestNames = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}
	reviewNames  = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
)

// Row orders of table 3.
var (
	rows2019 = rowKeys(false)
	rows2021 = rowKeys(true)
)

func rowKeys(format2021 bool) []string {
	keys := []string{"new", "carried", "open", "partial"}
	items := func(g string, n int) {
		for i := 1; i <= n; i++ {
			keys = append(keys, g+"."+string(rune('0'+i)))
		}
	}
	items("deny", 8)
	items("unable", 3)
	items("reject", 5)
	if format2021 {
		items("other", 3)
	} else {
		keys = append(keys, "other")
	}
	return append(keys, "total", "next")
}

var itemMark = regexp.MustCompile(`(?:^|[^\d.])(\d{1,2})[.．、]`)

// agrees says whether a row's label (spaces removed) may be the row key:
// nothing in it names another row. known is whether it names the row.
func agrees(key, label string) (ok, known bool) {
	base, item, _ := strings.Cut(key, ".")
	says := sectionOf(label)
	switch {
	case says != "":
	case strings.Contains(label, "予以公开"):
		says = "open"
	case strings.Contains(label, "部分公开"):
		says = "partial"
	case strings.Contains(label, "总计"):
		says = "total"
	}
	if says != "" {
		return says == base, true
	}
	if m := itemMark.FindStringSubmatch(label); m != nil {
		return m[1] == item, true
	}
	if strings.Contains(label, "其他处理") && item == "" {
		return base == "other", true
	}
	return true, false
}

// layoutRequests reads table 3 and marks its lines in skip; end is the
// line after it (0 if there is none).
func layoutRequests(lines []string, skip []bool) (*Requests, int) {
	first := -1
	for i, l := range lines {
		if strings.Contains(clean(l), "本年新收") {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, 0
	}
	g := headerGrid(lines, first-10, first, requestNames, 1)
	if g == nil {
		// No header found: a row with all seven numbers gives the columns.
		for i := first; i < len(lines) && i < first+60 && g == nil; i++ {
			ts := tokens(lines[i])
			if len(ts) >= NCols+1 {
				vs := ts[len(ts)-NCols:]
				ok := true
				for _, t := range vs {
					ok = ok && isValue(t.text)
				}
				if ok {
					for _, t := range vs {
						g = append(g, t.centre())
					}
				}
			}
		}
		if g == nil {
			return nil, 0
		}
	}
	type row struct {
		vals  []int
		label string
	}
	var rows []row
	end := first
	for i := first; i < len(lines) && len(rows) <= len(rows2021); i++ {
		c := clean(lines[i])
		if strings.Contains(c, "行政复议") || strings.Contains(c, "行政诉讼") {
			break
		}
		vals, label, ok := g.values(lines[i])
		if ok {
			rows = append(rows, row{vals, label})
			end = i + 1
			if strings.Contains(label, "结转下年度") {
				break
			}
		}
	}
	var keys []string
	switch len(rows) {
	case len(rows2019):
		keys = rows2019
	case len(rows2021):
		keys = rows2021
	default:
		return nil, 0
	}
	known := 0
	for i, r := range rows {
		ok, k := agrees(keys[i], r.label)
		if !ok {
			return nil, 0
		}
		if k {
			known++
		}
	}
	if known < len(rows)/2 {
		return nil, 0
	}
	q := &Requests{Rows: map[string][NCols]int{}}
	for i, r := range rows {
		q.Rows[keys[i]] = arr(r.vals)
		q.Order = append(q.Order, keys[i])
	}
	top := first
	for i := first - 1; i >= max(first-10, 0); i-- {
		c := clean(lines[i])
		if strings.Contains(c, "申请人情况") || strings.Contains(c, "自然人") || strings.Contains(c, "勾稽") || strings.Contains(c, "商业企业") {
			top = i
		}
	}
	for i := top; i < end; i++ {
		skip[i] = true
	}
	return q, end
}

// layoutReviews reads table 4, the first row of numbers after a line
// naming 行政复议 (from line from on), and marks its lines in skip.
func layoutReviews(lines []string, from int, skip []bool) *Reviews {
	head := -1
	for i := from; i < len(lines); i++ {
		if strings.Contains(clean(lines[i]), "行政复议") {
			head = i
			break
		}
	}
	if head < 0 {
		return nil
	}
	for i := head + 1; i < len(lines) && i <= head+12; i++ {
		ts := tokens(lines[i])
		if len(ts) == 0 {
			continue
		}
		all := true
		for _, t := range ts {
			all = all && isValue(t.text)
		}
		if !all {
			continue
		}
		g := headerGrid(lines, head, i, reviewNames, 3)
		var vals []int
		if g != nil {
			v, label, ok := g.values(lines[i])
			if !ok || label != "" {
				return nil
			}
			vals = v
		} else if len(ts) == 15 {
			for _, t := range ts {
				v, _ := number(t.text)
				vals = append(vals, v)
			}
		} else {
			return nil
		}
		rev := &Reviews{}
		for k := range 15 {
			rev.Groups[k/5][k%5] = vals[k]
		}
		for k := head; k <= i; k++ {
			skip[k] = true
		}
		return rev
	}
	return nil
}
