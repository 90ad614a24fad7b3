// Package docno finds the issuing numbers (文号) of official documents in
// text: 杭教发〔2020〕12号, 浙政办发[2021]5号, 国办秘函（2019）19号.
//
// A 文号 is an issuer code of Han characters, the year in brackets and a
// sequence number followed by 号 (GB/T 9704: the year goes in 〔〕; sites
// also write [], (), （）, ［］ and 【】, which are accepted and normalised).
// The package is pure and safe for concurrent use.
package docno

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// No is one issuing number found in a text.
type No struct {
	Raw       string // as written: "浙政办发[2021]5号"
	Canonical string // issuer〔year〕seq号 with ASCII digits: "浙政办发〔2021〕5号"
	Issuer    string // "浙政办发"
	Year      int    // 2021
	Seq       int    // 5
	// Start and End are byte offsets of Raw in the text.
	Start, End int
}

// Bounds of the parts of a 文号.
const (
	minIssuer = 1
	maxIssuer = 10
	minYear   = 1949
	maxYear   = 2100
	maxSeq    = 4 // digits
)

// lead are words that run into an issuer code in running text and are cut
// off the front ("根据国发〔2020〕1号", "关于转发浙政办发〔2021〕5号"). None of
// them starts or occurs in a real issuer code.
var lead = []string{
	"贯彻落实", "关于", "根据", "按照", "依据", "依照", "参照", "对照", "结合", "贯彻", "落实", "执行",
	"印发", "转发", "下发", "详见", "参见", "文件", "通知", "精神", "要求", "规定", "办法", "意见",
	"和", "及", "与", "或", "的", "了", "在", "由", "为", "以", "按", "据", "即", "见", "是", "将",
	"对", "于", "从", "向", "把", "被", "等", "并",
}

// Find returns the issuing numbers in text, in order: an issuer of 1–10
// Han characters, an opening bracket (〔 [ ( （ ［ 【 ﹝ 〖), a year
// 1949–2100, a closing bracket, an optional 第, a sequence of 1–4 digits
// and 号 (0号 is not a number). Full-width digits are read; blanks may stand between the parts
// (not inside the issuer). Words that run into the issuer in prose
// (根据, 关于, 印发, 转发, 和, 的 …) are cut off. A year in brackets without
// issuer or 号 (〔2020〕, (2020)), 第12号, and dates are not 文号.
func Find(text string) []No {
	var out []No
	floor := 0 // the end of the previous number: issuers do not reach back past it
	for i := 0; i < len(text); {
		c, size := utf8.DecodeRuneInString(text[i:])
		if closeOf(c) == 0 {
			i += size
			continue
		}
		if n, ok := at(text, floor, i); ok {
			out = append(out, n)
			i, floor = n.End, n.End
			continue
		}
		i += size
	}
	return out
}

// at reads a 文号 whose bracket opens at byte i; its issuer starts at or
// after floor.
func at(text string, floor, i int) (No, bool) {
	// Issuer: the Han run before the bracket (blanks between allowed).
	end := i
	for end > floor {
		c, size := utf8.DecodeLastRuneInString(text[:end])
		if c != ' ' && c != '\u00a0' && c != '\u3000' {
			break
		}
		end -= size
	}
	start := end
	for start > floor {
		c, size := utf8.DecodeLastRuneInString(text[:start])
		if !isHan(c) {
			break
		}
		start -= size
	}
	issuer := text[start:end]
	if issuer == "" {
		return No{}, false
	}
	issuer, start = trimIssuer(issuer, start)
	for _, w := range lead {
		if issuer == w {
			return No{}, false
		}
	}
	if n := utf8.RuneCountInString(issuer); n < minIssuer || n > maxIssuer {
		return No{}, false
	}
	j := i + len(string(mustRune(text, i)))
	j = blanks(text, j)
	year, j, nd := number(text, j, 4)
	if nd != 4 || year < minYear || year > maxYear {
		return No{}, false
	}
	j = blanks(text, j)
	c, size := utf8.DecodeRuneInString(text[j:])
	if !isClose(c) {
		return No{}, false
	}
	j = blanks(text, j+size)
	if strings.HasPrefix(text[j:], "第") {
		j = blanks(text, j+len("第"))
	}
	seq, j, ns := number(text, j, maxSeq)
	if ns == 0 || seq == 0 {
		return No{}, false
	}
	j = blanks(text, j)
	if !strings.HasPrefix(text[j:], "号") {
		return No{}, false
	}
	j += len("号")
	return No{
		Raw:       text[start:j],
		Canonical: issuer + "〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(seq) + "号",
		Issuer:    issuer,
		Year:      year,
		Seq:       seq,
		Start:     start,
		End:       j,
	}, true
}

// trimIssuer keeps the last 10 characters of a long Han run and cuts
// leading prose words off it.
func trimIssuer(s string, start int) (string, int) {
	for utf8.RuneCountInString(s) > maxIssuer {
		_, size := utf8.DecodeRuneInString(s)
		s, start = s[size:], start+size
	}
	for {
		cut := -1
		for _, w := range lead {
			if k := strings.LastIndex(s, w); k >= 0 && k+len(w) > cut && k+len(w) < len(s) {
				cut = k + len(w)
			}
		}
		if cut < 0 {
			return s, start
		}
		s, start = s[cut:], start+cut
	}
}

func mustRune(s string, i int) rune {
	c, _ := utf8.DecodeRuneInString(s[i:])
	return c
}

// number reads up to max digits (ASCII or full-width) at byte i. n is 0
// when there are none or more than max.
func number(s string, i, max int) (v, j, n int) {
	j = i
	for j < len(s) {
		c, size := utf8.DecodeRuneInString(s[j:])
		d := -1
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= '０' && c <= '９':
			d = int(c - '０')
		}
		if d < 0 {
			break
		}
		if n == max {
			return 0, i, 0
		}
		v, j, n = v*10+d, j+size, n+1
	}
	return v, j, n
}

// blanks skips spaces (ASCII, no-break, ideographic) at byte i.
func blanks(s string, i int) int {
	for i < len(s) {
		c, size := utf8.DecodeRuneInString(s[i:])
		if c != ' ' && c != '\u00a0' && c != '\u3000' && c != '\t' {
			break
		}
		i += size
	}
	return i
}

// closeOf returns the closing bracket of an accepted opening one, or 0.
func closeOf(c rune) rune {
	switch c {
	case '〔':
		return '〕'
	case '[':
		return ']'
	case '(':
		return ')'
	case '（':
		return '）'
	case '［':
		return '］'
	case '【':
		return '】'
	case '﹝':
		return '﹞'
	case '〖':
		return '〗'
	}
	return 0
}

// isClose accepts any closing bracket: mismatched pairs (〔2020]) are a
// typing slip, still the same document.
func isClose(c rune) bool {
	switch c {
	case '〕', ']', ')', '）', '］', '】', '﹞', '〗':
		return true
	}
	return false
}

func isHan(c rune) bool {
	return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2FFFF
}
