// Package pii finds personal identifiers in text — resident ID numbers
// (18-digit GB 11643 ones and the 15-digit first-generation ones) and
// mainland mobile numbers — and masks them so that govaudit never spreads
// the data it finds.
//
// Masking scheme (documented in checks/personalinfo too):
//
//	ID number     first 4 digits (province and city) and last 2 (the last
//	              sequence digit and the check digit) kept, the 12 between
//	              replaced by '*': 3301************1X. The county, the whole
//	              birth date and most of the sequence number are hidden (about
//	              3·10^7 candidates per number even with the check digit), so
//	              the number cannot be recovered from the mask. A 15-digit
//	              number likewise keeps its first 4 and last 2 digits, the 9
//	              between masked: 3301*********23 (county, birth date and the
//	              first sequence digit hidden: about 3·10^7 candidates too).
//	Mobile        first 3 digits (the carrier prefix) and last 2 kept, the 6
//	              between replaced by '*': 138******78 (10^6 candidates).
//
// The common de-identification of web pages (330106********1234, 138****5678)
// is weaker than this on purpose: a report is copied and mailed around.
package pii

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is what a number is.
type Kind uint8

const (
	IDNumber Kind = iota + 1 // resident ID number: 18 digits, or 15 (first generation)
	Mobile                   // 11-digit mainland mobile number
)

// A Match is one identifier found in a text.
type Match struct {
	Kind       Kind
	Start, End int    // byte offsets of the number in the text (separators included)
	Number     string // the digits (ASCII, 'X' upper-case), separators removed
}

// Masked is the match's number masked (see the package comment).
func (m Match) Masked() string { return Mask(m.Kind, m.Number) }

// Mask masks a normalised number of kind k.
func Mask(k Kind, number string) string {
	switch k {
	case IDNumber:
		if len(number) == 18 || len(number) == 15 {
			return number[:4] + strings.Repeat("*", len(number)-6) + number[len(number)-2:]
		}
	case Mobile:
		if len(number) == 11 {
			return number[:3] + strings.Repeat("*", 6) + number[9:]
		}
	}
	return strings.Repeat("*", len(number))
}

// provinces are the first two digits of GB 11643 numbers (GB/T 2260).
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true,
}

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkDigits = "10X98765432"

// CheckDigit is the GB 11643 check character of the first 17 digits.
func CheckDigit(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * weights[i]
	}
	return checkDigits[sum%11]
}

// ValidID says whether s (18 characters, digits and a final 'X') is a
// plausible resident ID number: a known province code, a real birth date
// between 1900-01-01 and today, and the right check digit.
func ValidID(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
	}
	if (last < '0' || last > '9') && last != 'X' {
		return false
	}
	if !provinces[s[:2]] {
		return false
	}
	y := atoi(s[6:10])
	m := atoi(s[10:12])
	d := atoi(s[12:14])
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if date.Day() != d || date.Month() != time.Month(m) || date.After(time.Now().AddDate(0, 0, 1)) {
		return false
	}
	return CheckDigit(s) == last
}

// ValidID15 says whether s (15 ASCII digits) is a plausible first-generation
// resident ID number (issued until 1999, in use until 2013): a region code
// of a mainland province with a prefecture part 01–70 or 90 and a county part
// other than 00 (GB/T 2260), a real birth date 19YYMMDD, and a 3-digit
// sequence number (there is no check digit).
func ValidID15(s string) bool {
	if len(s) != 15 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	if p := s[:2]; !provinces[p] || p == "71" || p == "81" || p == "82" {
		return false // Taiwan, Hong Kong and Macao had no such numbers
	}
	if city := atoi(s[2:4]); city < 1 || city > 70 && city != 90 {
		return false
	}
	if s[4:6] == "00" {
		return false
	}
	y, m, d := 1900+atoi(s[6:8]), atoi(s[8:10]), atoi(s[10:12])
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return date.Day() == d && date.Month() == time.Month(m)
}

// serialWords are what stands before numbers that are not ID numbers (with
// 号, 码 or 号码 after them: 订单号, 编码, 流水号, 准考证号): a 15-digit
// order, waybill or account number can look like a first-generation ID
// number, which has no check digit to tell them apart.
var serialWords = []string{"单", "编", "流水", "交易", "账", "帐", "账户", "卡", "票", "序列", "序", "批次", "批",
	"合同", "快递", "条", "准考证", "考", "考生", "学", "工", "证书", "登记", "案", "订单", "No", "NO", "no"}

// serialBefore says whether the number starting at i follows one of
// serialWords (with a colon, space or # between).
func serialBefore(s string, i int) bool {
	j := i
	for k := 0; k < 4 && j > 0; k++ {
		r, w := utf8.DecodeLastRuneInString(s[:j])
		if !strings.ContainsRune(" \t:：#＃.．　", r) {
			break
		}
		j -= w
	}
	head := s[max(0, j-15):j]
	for _, end := range []string{"号码", "号", "码"} {
		if strings.HasSuffix(head, end) {
			head = strings.TrimSuffix(head, end)
			break
		}
	}
	for _, w := range serialWords {
		if strings.HasSuffix(head, w) {
			return true
		}
	}
	return false
}

// ValidMobile says whether s (11 ASCII digits) looks like a mainland mobile
// number: 1, then 3–9.
func ValidMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// digit returns the value of an ASCII or full-width digit at s[i], and its
// width in bytes; ok is false if there is none.
func digit(s string, i int) (byte, int, bool) {
	if i >= len(s) {
		return 0, 0, false
	}
	if c := s[i]; c >= '0' && c <= '9' {
		return c, 1, true
	}
	if c := s[i]; c < utf8.RuneSelf {
		return 0, 0, false
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r >= '０' && r <= '９' {
		return byte('0' + r - '０'), w, true
	}
	return 0, 0, false
}

// run is a maximal run of digits.
type run struct {
	start, end int
	digits     string
}

// runAt reads the maximal digit run starting at i.
func runAt(s string, i int) run {
	var b []byte
	j := i
	for {
		c, w, ok := digit(s, j)
		if !ok {
			break
		}
		b = append(b, c)
		j += w
	}
	return run{i, j, string(b)}
}

// Find returns the ID numbers and mobile numbers in text, in order. A number
// counts only when it is not part of a longer run of digits, nor glued to
// letters or URL punctuation (file names, query strings, serial numbers); a
// mobile may carry a +86/86 prefix and be written 3-4-4 with hyphens. Masked numbers (with * or other letters inside) never match.
// A 15-digit ID number does not count after 订单号, 编号, 流水号 and the
// like (serialWords).
// strict=false also finds numbers inside URLs and identifiers (for Redact),
// 15-digit ones after those words included.
func Find(text string, strict bool) []Match {
	var out []Match
	i := 0
	for i < len(text) {
		_, w, ok := digit(text, i)
		if !ok {
			i++
			continue
		}
		// a run must not continue one: digits before i were consumed.
		r := runAt(text, i)
		m, end, found := classify(text, r, strict)
		if found {
			out = append(out, m)
			i = end
			continue
		}
		if r.end > i {
			i = r.end
		} else {
			i += w
		}
	}
	return out
}

func classify(text string, r run, strict bool) (Match, int, bool) {
	switch n := len(r.digits); {
	case n == 17:
		// 17 digits and X
		if r.end < len(text) && (text[r.end] == 'X' || text[r.end] == 'x') {
			end := r.end + 1
			num := r.digits + "X"
			if ValidID(num) && (!strict || (cleanBefore(text, r.start) && cleanAfter(text, end))) {
				return Match{IDNumber, r.start, end, num}, end, true
			}
		}
	case n == 18:
		if ValidID(r.digits) && (!strict || (cleanBefore(text, r.start) && cleanAfter(text, r.end))) {
			return Match{IDNumber, r.start, r.end, r.digits}, r.end, true
		}
	case n == 15:
		if ValidID15(r.digits) && (!strict || (cleanBefore(text, r.start) && cleanAfter(text, r.end) && !serialBefore(text, r.start))) {
			return Match{IDNumber, r.start, r.end, r.digits}, r.end, true
		}
	case n == 11:
		if ValidMobile(r.digits) && (!strict || (cleanBefore(text, r.start) && cleanAfter(text, r.end))) {
			return Match{Mobile, r.start, r.end, r.digits}, r.end, true
		}
	case n == 13 && strings.HasPrefix(r.digits, "86"):
		if ValidMobile(r.digits[2:]) && (!strict || (cleanBefore(text, r.start) && cleanAfter(text, r.end))) {
			return Match{Mobile, r.start, r.end, r.digits[2:]}, r.end, true
		}
	case n == 3 && r.digits[0] == '1':
		// 138-1234-5678, 138 1234 5678
		if m, end, ok := spaced(text, r); ok && (!strict || (cleanBefore(text, r.start) && cleanAfter(text, end))) {
			return m, end, true
		}
	}
	return Match{}, 0, false
}

// spaced reads a mobile written 3-4-4 with hyphens (138-1234-5678)
// starting at r. Spaces are not accepted: table cells joined by spaces
// (150 1234 5678) would match.
func spaced(text string, r run) (Match, int, bool) {
	if r.end >= len(text) {
		return Match{}, 0, false
	}
	sep := text[r.end]
	if sep != '-' {
		return Match{}, 0, false
	}
	r2 := runAt(text, r.end+1)
	if len(r2.digits) != 4 || r2.end >= len(text) || text[r2.end] != sep {
		return Match{}, 0, false
	}
	r3 := runAt(text, r2.end+1)
	if len(r3.digits) != 4 {
		return Match{}, 0, false
	}
	num := r.digits + r2.digits + r3.digits
	if !ValidMobile(num) {
		return Match{}, 0, false
	}
	return Match{Mobile, r.start, r3.end, num}, r3.end, true
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// cleanBefore says the number starting at i is not the tail of a file
// name, URL, identifier or longer hyphenated/dotted number.
func cleanBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	switch {
	case isASCIIAlnum(c), c == '_', c == '/', c == '=', c == '@', c == '#', c == '%', c == '&', c == '?', c == '\\':
		return false
	case c == '-':
		// "+86-138…" and "86-138…" carry a country prefix; "0570-1…" and
		// "A-138…" are longer numbers or codes
		if i >= 3 && s[i-3:i-1] == "86" && (i == 3 || s[i-4] == '+' || !isASCIIAlnum(s[i-4])) {
			return true
		}
		return i < 2 || !isASCIIAlnum(s[i-2])
	case c == '.':
		return i < 2 || !isASCIIAlnum(s[i-2])
	}
	return true
}

// cleanAfter says the number ending at i is not the head of a file name,
// URL path, identifier or longer number.
func cleanAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	c := s[i]
	switch {
	case isASCIIAlnum(c), c == '_', c == '/', c == '=', c == '@', c == '#', c == '%', c == '&', c == '?', c == '\\':
		return false
	case c == '.' || c == '-':
		return i+1 >= len(s) || !isASCIIAlnum(s[i+1])
	}
	if _, _, ok := digit(s, i); ok { // a full-width digit after ASCII ones
		return false
	}
	return true
}

// Redact returns s with every ID number and mobile number in it masked,
// wherever it stands (URLs and identifiers included). It is the last line of
// defence for anything a check puts into a finding.
func Redact(s string) string {
	ms := Find(s, false)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.Start])
		b.WriteString(m.Masked())
		last = m.End
	}
	b.WriteString(s[last:])
	return b.String()
}
