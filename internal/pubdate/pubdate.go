// Package pubdate reads publication dates the way Chinese government sites
// write them: in meta tags, after labels (发布日期：), in list items, in CMS
// article URLs, in full-width digits and in Chinese numerals (the 成文日期 of
// official documents). It also finds the items and the other pages of a
// column's list page, so that a column's freshness can be judged as an
// inspector does: an item with no visible date counts as not updated. A
// list page's candidate blocks are told apart (the column's own list, the
// 最新发布 and 热点推荐 blocks beside it), and lists a script draws are read
// from the comment or the data they are drawn from, or marked unread.
//
// The package is pure: it reads strings and parsed documents only.
package pubdate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Source tells where a page's date was read.
type Source string

// The sources of a date, from the most to the least reliable for a page.
const (
	SourceMeta  Source = "meta"  // <meta name="PubDate"> and friends
	SourceLabel Source = "label" // 发布日期：… in the visible text
	SourceList  Source = "list"  // the date beside the item in its column list
	SourceURL   Source = "url"   // /t20201231_123.html, /art/2020/12/31/…
	SourceText  Source = "text"  // an unlabelled date right below the title
	SourceStamp Source = "stamp" // a CMS's stamp in a comment (<!-- 发布时间：… -->)
)

// Date is a publication date and where it came from.
type Date struct {
	// Time is in Asia/Shanghai, at midnight unless the page gave a time.
	Time   time.Time
	Source Source
	// Raw is the text the date was read from (meta value, matched text,
	// URL path part).
	Raw string
	// MonthOnly is set when only the month was known (a /202012/ URL
	// path): Time is then the 1st of that month.
	MonthOnly bool
	// Meta is the PubDate-style meta tag's date when the page shows
	// another one (Time), zero otherwise.
	Meta time.Time
}

// Found is one date found in a text by FindAll.
type Found struct {
	Time time.Time
	// Start and End are byte offsets of the date (and its time of day, if
	// any) in the text: text[Start:End] is what was read.
	Start, End int
}

// Location is Asia/Shanghai (a fixed UTC+8 zone if the system has no
// time-zone database). All times returned by the package are in it.
var Location = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}()

// Year bounds for dates in text. URLs use urlMinYear.
const (
	minYear = 1900
	maxYear = 2100
)

// Parse reads one date written in any of the usual formats: 2020-12-31,
// 2020-1-5, 2020/12/31, 2020.12.31, 2020年12月31日, 二〇二〇年十二月三十一日,
// with an optional time (10:20, 10:20:30, 10时20分), in ASCII or full-width
// characters, optionally inside one pair of brackets ([…], (…), 【…】, （…）).
// year is the context year for forms without one ([12-31], 12-31,
// 12月31日); with year 0 such forms fail. The whole string (spaces and the
// enclosing brackets aside) must be the date. A bare 20201231 is not taken:
// in text it is more often a number than a date (see FromURL and Meta).
func Parse(s string, year int) (time.Time, bool) {
	t := normalize(s)
	i, j := 0, len(t.r)
	for i < j && isSpace(t.r[i]) {
		i++
	}
	for j > i && isSpace(t.r[j-1]) {
		j--
	}
	if j-i >= 2 && closerOf(t.r[i]) != 0 && t.r[j-1] == closerOf(t.r[i]) {
		i++
		j--
		for i < j && isSpace(t.r[i]) {
			i++
		}
		for j > i && isSpace(t.r[j-1]) {
			j--
		}
	}
	if i >= j {
		return time.Time{}, false
	}
	m, ok := t.dateAt(i, year > 0, false)
	if !ok || m.end != j {
		return time.Time{}, false
	}
	if m.yearless {
		m.y = year
	}
	return m.time()
}

// FindAll returns every date in s, in order, with byte offsets. year is the
// context year for dates written without one (as in Parse); 0 skips them.
// Numbers that only look like dates are left alone: phone numbers
// (0571-87654321), 文号 (杭教发〔2020〕12号), ID numbers, version numbers
// (v2020.1.2), a year alone (2020年), a month alone (2020年12月), and bare
// eight-digit runs (20201231). Year-less month-day pairs must be written
// with two digits each (12-31, 01-05) unless bracketed ([1-5]).
func FindAll(s string, year int) []Found {
	t := normalize(s)
	var out []Found
	for _, m := range t.findAll(year > 0) {
		if m.yearless {
			m.y = year
		}
		tm, ok := m.time()
		if !ok {
			continue
		}
		out = append(out, Found{Time: tm, Start: t.pos(m.start), End: t.pos(m.end)})
	}
	return out
}

// Meta reads a PubDate-style meta value: "2020-12-31 10:20", "2020-12-31",
// "2020/12/31 10:20:30", "2020-12-31 10:20:30.0", "2020年12月31日",
// RFC 3339 ("2020-12-31T10:20:00+08:00", converted to Asia/Shanghai),
// and the compact forms "20201231" and "20201231102030".
func Meta(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 64 {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", time.RFC1123, time.RFC1123Z} {
		if tm, err := time.Parse(layout, v); err == nil {
			if tm.Year() < minYear || tm.Year() > maxYear {
				return time.Time{}, false
			}
			return tm.In(Location), true
		}
	}
	if tm, ok := Parse(v, 0); ok {
		return tm, true
	}
	if allDigits(v) && (len(v) == 8 || len(v) == 12 || len(v) == 14) {
		return compact(v)
	}
	return time.Time{}, false
}

// compact reads yyyyMMdd[HHmm[ss]].
func compact(v string) (time.Time, bool) {
	n := func(i, j int) int {
		x := 0
		for _, c := range v[i:j] {
			x = x*10 + int(c-'0')
		}
		return x
	}
	m := match{y: n(0, 4), m: n(4, 6), d: n(6, 8)}
	if len(v) >= 12 {
		m.hh, m.mi, m.hasTime = n(8, 10), n(10, 12), true
	}
	if len(v) == 14 {
		m.ss = n(12, 14)
	}
	return m.time()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ---- normalised text ----

// text is a string as normalised runes, with each rune's byte offset in the
// original string (off has one more entry: the string's length).
type text struct {
	r   []rune
	off []int32 // byte offset of each rune in the string, and its length
}

// pos is the byte offset in the string of rune i (i == len(r): the end).
func (t *text) pos(i int) int { return int(t.off[i]) }

// normalize folds s for the scanner. Offsets are 32-bit: a page is far
// below 2 GiB (crawl cuts bodies at MaxBody), and they are a third of
// what the dates of a page allocate.
func normalize(s string) text {
	n := utf8.RuneCountInString(s)
	t := text{r: make([]rune, n), off: make([]int32, n+1)}
	k := 0
	for i := 0; i < len(s); k++ {
		t.off[k] = int32(i)
		// Most of the text decodes in place: ASCII, and han3, which folds
		// to itself.
		if c := s[i]; c < utf8.RuneSelf {
			t.r[k] = fold(rune(c))
			i++
			continue
		} else if han3(s, i) {
			t.r[k] = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			i += 3
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		t.r[k] = fold(c)
		i += size
	}
	t.off[k] = int32(len(s))
	return t
}

// han3 reports a well-formed character of U+4000–U+9FFF at s[i]: lead byte
// E4–E9 (which have no overlong or surrogate forms) and two continuation
// bytes. Most of a Chinese text; fold keeps these as they are.
func han3(s string, i int) bool {
	c := s[i]
	return c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

// fold maps full-width and look-alike characters to the forms the scanner
// knows. Newlines stay newlines (Label keeps to one line for 来源 dates).
func fold(c rune) rune {
	switch {
	case c >= 0x4E00 && c <= 0x9FFF: // CJK ideographs, most of the text: none folds
		return c
	case c < 0x80:
		switch c {
		case '\t', '\r', '\f', '\v':
			return ' '
		}
		return c
	case c >= '０' && c <= '９':
		return c - '０' + '0'
	case c >= 'Ａ' && c <= 'Ｚ':
		return c - 'Ａ' + 'A'
	case c >= 'ａ' && c <= 'ｚ':
		return c - 'ａ' + 'a'
	}
	switch c {
	case 0x00A0, 0x3000, 0x2002, 0x2003, 0x2009, 0x200A, 0x200B, 0x202F, 0x205F, 0xFEFF, linkOpen, linkClose:
		return ' '
	case 0x2028, 0x2029, 0x0085:
		return '\n'
	case '－', '‐', '‑', '‒', '–', '−', '﹣':
		return '-'
	case '／':
		return '/'
	case '．':
		return '.'
	case '：', '﹕':
		return ':'
	case '［':
		return '['
	case '］':
		return ']'
	case '（', '﹙':
		return '('
	case '）', '﹚':
		return ')'
	case '〖':
		return '【'
	case '〗':
		return '】'
	}
	return c
}

func isSpace(c rune) bool { return c == ' ' || c == '\n' }

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

func isLetter(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isHan(c rune) bool {
	return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2FFFF || c == '〇'
}

// closerOf returns the bracket closing an opening one, or 0.
func closerOf(c rune) rune {
	switch c {
	case '[':
		return ']'
	case '(':
		return ')'
	case '【':
		return '】'
	case '〔':
		return '〕'
	case '<':
		return '>'
	case '《':
		return '》'
	case '「':
		return '」'
	}
	return 0
}

func (t *text) at(i int) rune {
	if i < 0 || i >= len(t.r) {
		return 0
	}
	return t.r[i]
}

// digits reads up to max ASCII digits at i. It fails (n = 0) if there are
// none or more than max.
func (t *text) digits(i, max int) (v, n int) {
	for i+n < len(t.r) && isDigit(t.r[i+n]) {
		if n == max {
			return 0, 0
		}
		v = v*10 + int(t.r[i+n]-'0')
		n++
	}
	return v, n
}

// spaces skips at most max blanks (not newlines) from i.
func (t *text) spaces(i, max int) int {
	for k := 0; k < max && i < len(t.r) && t.r[i] == ' '; k++ {
		i++
	}
	return i
}

// ---- date scanner ----

// match is a date read at rune indices [start, end).
type match struct {
	y, m, d    int
	hh, mi, ss int
	hasTime    bool
	yearless   bool
	start, end int
}

func (m match) time() (time.Time, bool) {
	if m.y < minYear || m.y > maxYear || m.m < 1 || m.m > 12 || m.d < 1 || m.d > daysIn(m.y, m.m) {
		return time.Time{}, false
	}
	if !m.hasTime {
		m.hh, m.mi, m.ss = 0, 0, 0
	}
	return time.Date(m.y, time.Month(m.m), m.d, m.hh, m.mi, m.ss, 0, Location), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// validMD reports whether month/day can exist in some year (Feb 29 does).
func validMD(m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(2000, m)
}

// findAll scans the whole text. Matches are valid calendar dates except
// that year-less ones are only checked for month/day.
func (t *text) findAll(md bool) []match {
	var out []match
	for i := 0; i < len(t.r); {
		c := t.r[i]
		if !isDigit(c) && !isCNDigit(c) {
			i++
			continue
		}
		if m, ok := t.dateAt(i, md, true); ok {
			if m.yearless || validDate(m) {
				out = append(out, m)
				i = m.end
				continue
			}
		}
		// Skip the rest of this run of digits: a date never starts inside
		// a number.
		i++
		for i < len(t.r) && (isDigit(t.r[i]) && isDigit(c) || isCNDigit(t.r[i]) && isCNDigit(c)) {
			i++
		}
	}
	return out
}

func validDate(m match) bool {
	_, ok := m.time()
	return ok
}

// dateAt reads a date starting exactly at rune i. md allows year-less
// month-day forms. inText applies the context checks used when scanning
// running text (what precedes and follows the date).
func (t *text) dateAt(i int, md, inText bool) (match, bool) {
	c := t.at(i)
	if isCNDigit(c) {
		return t.cnDateAt(i)
	}
	if !isDigit(c) || isDigit(t.at(i-1)) {
		return match{}, false
	}
	v, n := t.digits(i, 4)
	if n == 4 {
		if m, ok := t.ymdAt(i, v); ok {
			return m, true
		}
		return match{}, false
	}
	if md && n <= 2 {
		return t.mdAt(i, inText)
	}
	return match{}, false
}

// ymdAt reads yyyy-m-d, yyyy/m/d, yyyy.m.d and yyyy年m月d日 at i (the
// year's digits, value y, were read already).
func (t *text) ymdAt(i, y int) (match, bool) {
	if y < minYear || y > maxYear {
		return match{}, false
	}
	prev := t.at(i - 1)
	j := i + 4
	switch sep := t.at(j); sep {
	case '-', '/', '.':
		if sep == '.' && (isLetter(prev) || prev == '.') {
			return match{}, false // v2020.1.2, 1.2020.1.1
		}
		mo, n := t.digits(j+1, 2)
		if n == 0 || t.at(j+1+n) != sep {
			return match{}, false
		}
		k := j + 1 + n + 1
		d, n2 := t.digits(k, 2)
		if n2 == 0 {
			return match{}, false
		}
		k += n2
		if sep == '.' && t.at(k) == '.' && isDigit(t.at(k+1)) {
			return match{}, false // 2020.1.2.3
		}
		m := match{y: y, m: mo, d: d, start: i, end: k}
		if !validMD(mo, d) {
			return match{}, false
		}
		t.timeAfter(&m, true)
		return m, true
	}
	// 2020年12月31日, blanks allowed around the numbers.
	j = t.spaces(j, 2)
	if t.at(j) != '年' {
		return match{}, false
	}
	j = t.spaces(j+1, 2)
	mo, n := t.digits(j, 2)
	if n == 0 {
		return match{}, false
	}
	j = t.spaces(j+n, 2)
	if t.at(j) != '月' {
		return match{}, false
	}
	j = t.spaces(j+1, 2)
	d, n := t.digits(j, 2)
	if n == 0 {
		return match{}, false
	}
	j = t.spaces(j+n, 2)
	if t.at(j) != '日' && t.at(j) != '号' {
		return match{}, false
	}
	m := match{y: y, m: mo, d: d, start: i, end: j + 1}
	if !validMD(mo, d) {
		return match{}, false
	}
	t.timeAfter(&m, false)
	return m, true
}

// mdUnits are characters that make a preceding "12-15" a range or a count
// (12-15岁, 3-5日, 第1-2条) rather than a date.
const mdUnits = "岁条页号人名次个年元天日时分秒期届级班项件册米千万亿倍周月点栋楼室层款章节组批所家户座辆台张本篇道题"

// mdAt reads a year-less month-day at i: 12-31, 12/31, 12月31日, and the
// bracketed [1-5].
func (t *text) mdAt(i int, inText bool) (match, bool) {
	prev := t.at(i - 1)
	// 年12月 (a failed full date), 1.12-31, 10:12-31, 第12-15, -12-31
	// and /12/31 (part of a longer number).
	if prev == '年' || prev == '.' || prev == ':' || prev == '第' || prev == '-' || prev == '/' {
		return match{}, false
	}
	mo, n := t.digits(i, 2)
	j := i + n
	switch sep := t.at(j); sep {
	case '-', '/':
		d, n2 := t.digits(j+1, 2)
		if n2 == 0 {
			return match{}, false
		}
		k := j + 1 + n2
		next := t.at(k)
		if next == sep || next == '.' && isDigit(t.at(k+1)) || next == ':' || next == '%' || isLetter(next) || isLetter(prev) {
			return match{}, false
		}
		bracketed := closerOf(prev) != 0 && next == closerOf(prev)
		if !bracketed && inText {
			if n != 2 || n2 != 2 {
				return match{}, false
			}
			if inText && strings.ContainsRune(mdUnits, next) {
				return match{}, false
			}
		}
		if !validMD(mo, d) {
			return match{}, false
		}
		m := match{m: mo, d: d, yearless: true, start: i, end: k}
		t.timeAfter(&m, true)
		return m, true
	case '月':
		k := t.spaces(j+1, 1)
		d, n2 := t.digits(k, 2)
		if n2 == 0 {
			return match{}, false
		}
		k += n2
		if t.at(k) != '日' {
			return match{}, false
		}
		if !validMD(mo, d) {
			return match{}, false
		}
		m := match{m: mo, d: d, yearless: true, start: i, end: k + 1}
		t.timeAfter(&m, false)
		return m, true
	}
	return match{}, false
}

// timeAfter extends m with a time of day written after the date:
// " 10:20", " 10:20:30", "T10:20:30.000", " 10时20分", "10:20" right after
// 日. An impossible time (25:61) is left out of the match.
func (t *text) timeAfter(m *match, numeric bool) {
	j := t.spaces(m.end, 3)
	switch {
	case j > m.end:
	case numeric && t.at(j) == 'T' && isDigit(t.at(j+1)):
		j++
	case !numeric:
	default:
		return
	}
	hh, n := t.digits(j, 2)
	if n == 0 {
		return
	}
	k := j + n
	var mi, ss int
	switch t.at(k) {
	case ':':
		var n2 int
		mi, n2 = t.digits(k+1, 2)
		if n2 != 2 {
			return
		}
		k += 1 + n2
		if t.at(k) == ':' {
			s, n3 := t.digits(k+1, 2)
			if n3 == 2 {
				ss = s
				k += 1 + n3
				if t.at(k) == '.' && isDigit(t.at(k+1)) {
					k++
					for isDigit(t.at(k)) {
						k++
					}
				}
			}
		}
	case '时':
		var n2 int
		mi, n2 = t.digits(k+1, 2)
		if n2 == 0 || t.at(k+1+n2) != '分' {
			return
		}
		k += 1 + n2 + 1
		if s, n3 := t.digits(k, 2); n3 > 0 && t.at(k+n3) == '秒' {
			ss = s
			k += n3 + 1
		}
	default:
		return
	}
	if isDigit(t.at(k)) || hh > 23 || mi > 59 || ss > 59 {
		return
	}
	m.hh, m.mi, m.ss, m.hasTime, m.end = hh, mi, ss, true, k
}

// ---- Chinese numerals: 二〇二〇年十二月三十一日 ----

func isCNDigit(c rune) bool { return cnDigit(c) >= 0 && c != '十' }

func cnDigit(c rune) int {
	switch c {
	case '〇', '○', '◯', '零':
		return 0
	case '一':
		return 1
	case '二':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	case '十':
		return 10
	}
	return -1
}

// cnDateAt reads a date in Chinese numerals: a digit-by-digit year, then
// month and day in the usual 十 notation. Typists' Latin O and 0 for 〇
// are accepted inside the year after a first Chinese digit.
func (t *text) cnDateAt(i int) (match, bool) {
	if isCNDigit(t.at(i - 1)) {
		return match{}, false
	}
	y := 0
	j := i
	for k := 0; k < 4; k++ {
		c := t.at(j)
		d := cnDigit(c)
		if k > 0 && (c == 'O' || c == 'o' || c == '0') {
			d = 0
		}
		if d < 0 || d == 10 {
			return match{}, false
		}
		y = y*10 + d
		j++
	}
	j = t.spaces(j, 1)
	if t.at(j) != '年' {
		return match{}, false
	}
	mo, n := t.cnNumber(j + 1)
	if n == 0 {
		return match{}, false
	}
	j += 1 + n
	if t.at(j) != '月' {
		return match{}, false
	}
	d, n := t.cnNumber(j + 1)
	if n == 0 {
		return match{}, false
	}
	j += 1 + n
	if t.at(j) != '日' && t.at(j) != '号' {
		return match{}, false
	}
	m := match{y: y, m: mo, d: d, start: i, end: j + 1}
	if !validDate(m) {
		return match{}, false
	}
	return m, true
}

// cnNumber reads 1–39 written 一 … 九, 十, 十一, 二十, 二十一, 三十一 (also
// 〇一 as some documents write it).
func (t *text) cnNumber(i int) (v, n int) {
	a := cnDigit(t.at(i))
	switch {
	case a < 0:
		return 0, 0
	case a == 10: // 十, 十一 …
		if b := cnDigit(t.at(i + 1)); b >= 1 && b <= 9 {
			return 10 + b, 2
		}
		return 10, 1
	case a == 0: // 〇一
		if b := cnDigit(t.at(i + 1)); b >= 1 && b <= 9 {
			return b, 2
		}
		return 0, 0
	}
	if cnDigit(t.at(i+1)) == 10 { // 二十, 二十一
		if b := cnDigit(t.at(i + 2)); b >= 1 && b <= 9 {
			return a*10 + b, 3
		}
		return a * 10, 2
	}
	return a, 1
}
