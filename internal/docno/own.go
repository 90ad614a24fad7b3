package docno

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"govaudit/internal/match"
)

// Place says where a document's own issuing number stands.
type Place string

const (
	InTitle    Place = "title"   // in the page title: "关于…的通知（澜教发〔2026〕3号）"
	UnderTitle Place = "heading" // on a line of its own right under (or over) the heading
	InField    Place = "field"   // in a labelled field: 文号：…, 发文字号：…, an 索引号 table's 文号 row
)

// OwnNo is an issuing number that is the document's own, and where it
// stands. Start and End are offsets in the title (InTitle) or the text.
type OwnNo struct {
	No
	Place Place
}

// Own returns the issuing numbers that belong to the document itself, in
// order: in its title (at the start or the end of it, not quoted: 关于转发
// 国办发〔2020〕1号文件的通知 cites another), on a line of its own right under
// (or just over) the heading — the line of the text that repeats the title —
// or in a labelled field anywhere (文号：, 发文字号：, 文　　号 in a table, the
// value in the next cell). Numbers in running text (根据…〔2025〕33号…,
// 按照《…》（…〔2024〕5号）要求), in sidebars and in lists of other documents are
// citations, not the document's own. title is the page's <title>; text
// its visible text, blocks on their own lines.
func Own(title, text string) []OwnNo {
	var out []OwnNo
	seen := map[string]bool{}
	add := func(n No, p Place) {
		if !seen[n.Canonical] {
			seen[n.Canonical] = true
			out = append(out, OwnNo{n, p})
		}
	}
	t := cleanTitle(title)
	for _, n := range Find(t) {
		if onlyFrame(t[:n.Start]) || onlyFrame(t[n.End:]) {
			add(n, InTitle)
		}
	}
	lines := splitLines(text)
	var heads []int
	headsDone := false
	for i, l := range lines {
		// Every 文号 ends in 号: a line without one holds none (most lines
		// of most pages; this check took 5 % of a crawl's CPU).
		if !match.Contains(l.s, "号") {
			continue
		}
		if ns, ok := labelled(l.s); ok {
			for _, n := range ns {
				n.Start, n.End = n.Start+l.off, n.End+l.off
				add(n, InField)
			}
			continue
		}
		n, ok := standalone(l.s)
		if !ok {
			continue
		}
		n.Start, n.End = n.Start+l.off, n.End+l.off
		switch {
		case i > 0 && isLabel(lines[i-1].s):
			add(n, InField)
		case nearHeading(func() []int {
			if !headsDone {
				heads, headsDone = headings(lines, t), true
			}
			return heads
		}(), lines, i):
			add(n, UnderTitle)
		}
	}
	return out
}

// line is one non-empty line of text and its offset.
type line struct {
	s   string
	off int
}

func splitLines(text string) []line {
	var out []line
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		raw := text[off : off+end]
		if s := strings.TrimSpace(raw); s != "" {
			lead := strings.Index(raw, s)
			out = append(out, line{s, off + lead})
		}
		off += end + 1
	}
	return out
}

// titleSeps separate the article title from the site name in <title>.
var titleSeps = []string{" - ", " – ", " — ", "－", "_", "|", "｜"}

// cleanTitle drops the site name that follows the article title.
func cleanTitle(t string) string {
	t = strings.TrimSpace(t)
	last := -1
	for _, sep := range titleSeps {
		if i := strings.LastIndex(t, sep); i > last {
			last = i
		}
	}
	if last > 0 {
		t = strings.TrimSpace(t[:last])
	}
	return t
}

// frame is what may stand around a number on its own: blanks, brackets
// and colons.
func isFrame(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("()（）[]［］【】〔〕<>《》:：", r)
}

func onlyFrame(s string) bool {
	for _, r := range s {
		if !isFrame(r) {
			return false
		}
	}
	return true
}

// standalone reads a line that is one issuing number and nothing else
// (brackets aside).
func standalone(s string) (No, bool) {
	if utf8.RuneCountInString(s) > 40 {
		return No{}, false
	}
	ns := Find(s)
	if len(ns) != 1 {
		return No{}, false
	}
	n := ns[0]
	return n, onlyFrame(s[:n.Start]) && onlyFrame(s[n.End:])
}

// Labels of the issuing-number field. 字号 alone is the font-size switch
// (字号：大 中 小) on most article pages, not a label.
var (
	labelWord = `(?:文[\s\p{Zs}]*号|发[\s\p{Zs}]*文[\s\p{Zs}]*字[\s\p{Zs}]*号|发文文号|发文编号|文件字号|文件编号)`
	labelOnly = regexp.MustCompile(`^[\[【［]?[\s\p{Zs}]*` + labelWord + `[\s\p{Zs}]*[\]】］]?[\s\p{Zs}]*[:：]?[\s\p{Zs}]*$`)
	labelHead = regexp.MustCompile(`[\[【［]?` + labelWord + `[\s\p{Zs}]*[\]】］]?[\s\p{Zs}]*[:：]?[\s\p{Zs}]*`)
)

func isLabel(s string) bool { return labelOnly.MatchString(s) }

// labelled reads the numbers that directly follow a label on the line
// (索引号：…　文号：澜教发〔2026〕9号　发布日期：…). ok is false when the line has
// no label followed by a number.
func labelled(s string) ([]No, bool) {
	if utf8.RuneCountInString(s) > 120 {
		return nil, false
	}
	var out []No
	for _, m := range labelHead.FindAllStringIndex(s, -1) {
		if m[0] > 0 {
			// A label starts a field: after a blank, a bracket or a
			// separator, never inside a word (公文号, 发文号召).
			r, _ := utf8.DecodeLastRuneInString(s[:m[0]])
			if !isFrame(r) && !strings.ContainsRune("|｜;；,，、", r) {
				continue
			}
		}
		for _, n := range Find(s[m[1]:]) {
			if n.Start == 0 {
				n.Start, n.End = n.Start+m[1], n.End+m[1]
				n.Raw = s[n.Start:n.End]
				out = append(out, n)
			}
			break
		}
	}
	return out, len(out) > 0
}

// headings returns the indexes of the lines that repeat the title (the
// article's heading, and often the last crumb of the breadcrumb).
func headings(lines []line, title string) []int {
	t := squeeze(title)
	if utf8.RuneCountInString(t) < 4 {
		return nil
	}
	// The title may carry the number itself: match without it.
	bare := t
	for _, n := range Find(t) {
		bare = strings.Replace(bare, n.Raw, "", 1)
	}
	bare = strings.TrimFunc(bare, isFrame)
	var out []int
	for i, l := range lines {
		s := squeeze(l.s)
		if s == t || s == bare || (bare != "" && strings.HasSuffix(s, bare) && utf8.RuneCountInString(s) <= utf8.RuneCountInString(bare)+30) {
			out = append(out, i)
			continue
		}
		// A heading cut short or split: most of the title.
		if n := utf8.RuneCountInString(s); n >= 8 && n*10 >= utf8.RuneCountInString(bare)*7 && strings.Contains(bare, s) {
			out = append(out, i)
		}
	}
	return out
}

// squeeze drops every blank.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Around a heading, the lines that may carry the number: two above (in a
// formal layout, under the 发文机关标志 "…文件") and eight below (the number,
// or the information table, before the body starts).
const (
	above = 2
	below = 8
)

// nearHeading says whether line i stands right under or over a heading,
// with no paragraph of body text in between.
func nearHeading(heads []int, lines []line, i int) bool {
	for _, h := range heads {
		// Over the heading only in a formal layout, under the issuer's
		// mark (澜江市教育局文件): a sidebar may end just over a heading.
		if i < h && h-i <= above && i > 0 && strings.HasSuffix(lines[i-1].s, "文件") {
			return true
		}
		if i > h && i-h <= below {
			body := false
			for j := h + 1; j < i; j++ {
				if utf8.RuneCountInString(lines[j].s) > 60 {
					body = true
					break
				}
			}
			if !body {
				return true
			}
		}
	}
	return false
}
