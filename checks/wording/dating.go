package wording

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"govaudit/checks"
	"govaudit/internal/docno"
)

// A rule with a `from` date (an institution renamed in the 2018 or 2023
// reforms) applies to words written after that date. A page's text is not
// all written when the page was: a list item is as old as its date, the
// title of a document is as old as the document — a 2024 page listing 2021
// titles, or quoting 《…》 of a 2017 document, names bodies as they were
// named then. dater finds when the words around a match were written.

// dater dates the words of one page's text.
type dater struct {
	text  string
	page  time.Time     // the page's publication date; zero if unknown
	items []checks.Item // the page's dated list items
}

// date is when the words around text[start:end] were written: the year of
// the 文号 the match stands in; the year of the document a 《…》 quotation
// around it names (zero, unknown, when the quotation says none: a quoted
// title is no wording of this page); the date of the list item whose line
// it is on; the year of the 文号 that closes the title it is part of (a
// line 澜环发〔2021〕5号 follows without a sentence break); else the page's
// date.
func (d *dater) date(start, end int) time.Time {
	ls := strings.LastIndexByte(d.text[:start], '\n') + 1
	le := strings.IndexByte(d.text[end:], '\n')
	if le < 0 {
		le = len(d.text)
	} else {
		le += end
	}
	line := d.text[ls:le]
	s, e := start-ls, end-ls
	nos := docno.Find(line)
	for _, n := range nos {
		if s >= n.Start && e <= n.End {
			return yearStart(n.Year)
		}
	}
	if q0, q1, ok := quotation(line, s, e); ok {
		if y := quotedYear(line, nos, q0, q1); y > 0 {
			return yearStart(y)
		}
		return time.Time{}
	}
	if t, ok := d.itemDate(line); ok {
		return t
	}
	for _, n := range nos {
		if n.Start >= e && titleBefore(line[e:n.Start]) {
			return yearStart(n.Year)
		}
	}
	return d.page
}

// kindWords end a document's title.
var kindWords = []string{"通知", "意见", "办法", "决定", "规定", "批复", "函", "报告", "方案", "细则", "公告", "通报", "纪要", "规划", "要点", "条例", "规则", "措施", "请示", "命令", "令"}

// titleBefore says whether s, the words between a match and a 文号 on its
// line, close a document's title whose number the 文号 is: no sentence
// break, no 根据/按照 (the 文号 of a document this sentence cites), a kind
// word (通知, 意见, 办法 …) just before the number's bracket.
func titleBefore(s string) bool {
	if strings.ContainsAny(s, "，。；！？,;!?") {
		return false
	}
	for _, w := range []string{"根据", "按照", "依据", "依照", "贯彻", "落实", "执行", "参照"} {
		if strings.Contains(s, w) {
			return false
		}
	}
	t := strings.TrimRight(s, " 　（(［[【")
	for _, k := range kindWords {
		if strings.HasSuffix(t, k) {
			return true
		}
	}
	return false
}

func yearStart(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }

// quotation returns the bounds of the 《…》 around line[s:e]: q0 just after
// 《, q1 at 》.
func quotation(line string, s, e int) (q0, q1 int, ok bool) {
	open := strings.LastIndex(line[:s], "《")
	if open < 0 || strings.LastIndex(line[:s], "》") > open {
		return 0, 0, false
	}
	close := strings.Index(line[e:], "》")
	if close < 0 {
		return 0, 0, false
	}
	return open + len("《"), e + close, true
}

var yearWord = regexp.MustCompile(`((?:19|20)[0-9]{2})\s*年`)

// quotedYear is the year of the quoted document: the 文号 right after the
// quotation (《…》（澜环发〔2017〕5号）), a 〔year〕 or a "2017年" in it; 0 if none.
func quotedYear(line string, nos []docno.No, q0, q1 int) int {
	after := q1 + len("》")
	for _, n := range nos {
		if n.Start >= after && onlyBrackets(line[after:n.Start]) {
			return n.Year
		}
		if n.Start >= q0 && n.End <= q1 {
			return n.Year
		}
	}
	if m := yearWord.FindStringSubmatch(line[q0:q1]); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

func onlyBrackets(s string) bool {
	return utf8.RuneCountInString(s) <= 3 && strings.Trim(s, " 　（(［[【") == ""
}

// dateAtEnd is a list line's trailing date: 2021-05-12, [2021/05/12],
// 2021年5月12日.
var dateAtEnd = regexp.MustCompile(`((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?\s*[\]）)]?\s*$`)

// itemDate is the date of the list item the line shows: one of the page's
// dated items whose title the line contains, or a date closing a short line.
func (d *dater) itemDate(line string) (time.Time, bool) {
	for _, it := range d.items {
		title := strings.TrimSuffix(it.Title, "…")
		if it.Date.IsZero() || utf8.RuneCountInString(title) < 6 {
			continue
		}
		if strings.Contains(line, title) {
			return it.Date, true
		}
	}
	if utf8.RuneCountInString(line) > 120 {
		return time.Time{}, false
	}
	if m := dateAtEnd.FindStringSubmatch(line); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		dd, _ := strconv.Atoi(m[3])
		if mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 {
			return time.Date(y, time.Month(mo), dd, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}
