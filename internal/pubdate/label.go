package pubdate

import "time"

// Label tiers: the first date after a tier-1 label wins, then tier 2, then
// tier 3.
const (
	tierPublish  = 1 // 发布日期, 发布时间, 公开日期 …: the publication date itself
	tierGeneric  = 2 // 日期, 时间, 更新时间, 信息来源 lines
	tierIssue    = 3 // 发文日期, 生成日期: in 信息公开 tables often the page's date, sometimes the document's
	tierDocument = 4 // 成文日期, 印发日期, 签发日期: the document's, not the page's
)

type label struct {
	text []rune
	tier int
	// bare labels (日期, 时间) only count when no Han character is glued in
	// front of them: 截止日期, 报名时间, 会议时间 are not page dates.
	bare bool
	// source: a 来源 line; the date may follow the source's name on the
	// same line without a label of its own.
	source bool
}

var labels = func() map[rune][]label {
	m := map[rune][]label{}
	add := func(tier int, bare, source bool, names ...string) {
		for _, n := range names {
			r := []rune(n)
			m[r[0]] = append(m[r[0]], label{text: r, tier: tier, bare: bare, source: source})
		}
	}
	add(tierPublish, false, false, "发布日期", "发布时间", "发布于", "发表时间", "发表日期", "公布日期", "公布时间",
		"公开日期", "公开时间", "发稿时间", "刊发时间", "刊发日期", "上线时间")
	add(tierGeneric, false, false, "更新时间", "更新日期", "上传时间", "上传日期", "录入时间", "信息时间", "稿件日期")
	add(tierGeneric, true, false, "日期", "时间")
	add(tierGeneric, false, true, "来源")
	add(tierIssue, false, false, "发文日期", "发文时间", "生成日期")
	add(tierDocument, false, false, "成文日期", "成文时间", "印发日期", "签发日期", "制发日期")
	// Longest first, so that 发布日期 is tried before 发布.
	for k, ls := range m {
		for i := 1; i < len(ls); i++ {
			for j := i; j > 0 && len(ls[j].text) > len(ls[j-1].text); j-- {
				ls[j], ls[j-1] = ls[j-1], ls[j]
			}
		}
		m[k] = ls
	}
	return m
}()

// labelHint rules out, by one load, most runes that begin no label:
// labelHint[r%len] is set for each label's first rune (a few others share
// a slot; the map decides).
var labelHint = func() (h [1024]bool) {
	for r := range labels {
		h[r%rune(len(h))] = true
	}
	return h
}()

// labelsOf returns the labels that begin with r, longest first, or nil.
func labelsOf(r rune) []label {
	if !labelHint[r%rune(len(labelHint))] {
		return nil
	}
	return labels[r]
}

// Label finds a date introduced by a label in page text: 发布日期：,
// 发布时间：, 发文日期：, 成文日期：, 日期：, 时间：, 更新时间：, [发布日期]…,
// 【发布时间】…, and 信息来源/来源 lines ("来源：市教育局 2020-12-31").
// Colons, blanks, brackets and full-width forms may sit between label and
// date. It returns the first date after a publication label (发布, 公开,
// 公布, 发表); failing that the first after a generic one (日期, 时间,
// 更新时间, a 来源 line); failing that the first document date (成文日期,
// 发文日期, 印发日期). Bare 日期/时间 glued to another word (截止日期,
// 报名时间) are not labels. Only dates with a year count.
func Label(text string) (time.Time, bool) {
	t := normalize(text)
	m, ok := t.label()
	if !ok {
		return time.Time{}, false
	}
	return m.time()
}

// label returns the best labelled date of t.
func (t *text) label() (match, bool) {
	var best match
	bestTier := 0
	for i := 0; i < len(t.r); i++ {
		for _, l := range labelsOf(t.r[i]) {
			if bestTier != 0 && l.tier >= bestTier {
				continue
			}
			if !t.hasAt(i, l.text) {
				continue
			}
			if l.bare && isHan(t.at(i-1)) {
				continue
			}
			j := i + len(l.text)
			var m match
			var found bool
			if l.source {
				m, found = t.sourceDate(j)
			} else {
				m, found = t.dateAfterLabel(j)
			}
			if !found {
				continue
			}
			best, bestTier = m, l.tier
			if bestTier == tierPublish {
				return best, true
			}
			break
		}
	}
	return best, bestTier != 0
}

func (t *text) hasAt(i int, s []rune) bool {
	if i+len(s) > len(t.r) {
		return false
	}
	for k, c := range s {
		if t.r[i+k] != c {
			return false
		}
	}
	return true
}

// dateAfterLabel reads "：2020-12-31", "】2020-12-31", ": [2020-12-31]",
// "  2020年12月31日" after a label ending at j.
func (t *text) dateAfterLabel(j int) (match, bool) {
	j = t.blanks(j, 4)
	if c := t.at(j); c == ']' || c == '】' || c == ')' {
		j = t.blanks(j+1, 4)
	}
	if c := t.at(j); c == ':' || c == '为' || c == '是' {
		j++
	}
	j = t.blanks(j, 8)
	if closerOf(t.at(j)) != 0 {
		j = t.blanks(j+1, 4)
	}
	m, ok := t.dateAt(j, false, true)
	if !ok || m.yearless || !validDate(m) {
		return match{}, false
	}
	return m, true
}

// sourceDate reads the first dated part of a 来源 line: "来源：市教育局
// 2020-12-31". Another label on the line (发布时间：…) is left to the label
// scan; a date is taken only within 60 characters and on the same line.
func (t *text) sourceDate(j int) (match, bool) {
	for k := j; k < len(t.r) && k < j+60; k++ {
		c := t.r[k]
		if c == '\n' {
			break
		}
		if isDigit(c) || isCNDigit(c) {
			if m, ok := t.dateAt(k, false, true); ok && !m.yearless && validDate(m) {
				return m, true
			}
			for k+1 < len(t.r) && isDigit(t.r[k+1]) {
				k++
			}
		}
	}
	return match{}, false
}

// blanks skips at most max spaces, newlines included.
func (t *text) blanks(i, max int) int {
	for k := 0; k < max && i < len(t.r) && isSpace(t.r[i]); k++ {
		i++
	}
	return i
}

// labelled is one labelled date of a text: its tier and the rune offset
// of its label.
type labelled struct {
	match
	tier int
	at   int
}

// labels returns every labelled date of t, in order, at most one per
// label occurrence (the longest label that reads a date).
func (t *text) labels() []labelled {
	var out []labelled
	for i := 0; i < len(t.r); i++ {
		for _, l := range labelsOf(t.r[i]) {
			if !t.hasAt(i, l.text) || l.bare && isHan(t.at(i-1)) {
				continue
			}
			j := i + len(l.text)
			var m match
			var found bool
			if l.source {
				m, found = t.sourceDate(j)
			} else {
				m, found = t.dateAfterLabel(j)
			}
			if !found {
				continue
			}
			out = append(out, labelled{match: m, tier: l.tier, at: i})
			i = j - 1
			break
		}
	}
	return out
}
