// Package personalinfo reports personal data published without
// de-identification: full resident ID numbers and mobile numbers, in page
// text and in the text of attachments (leaked 低保/资助 lists in
// spreadsheets and 公示名单 in PDFs are the most common real cases).
//
// govaudit must not itself spread what it finds: findings carry counts and
// masked examples only (see govaudit/internal/pii for the masking scheme),
// and every field a finding carries is passed through pii.Redact.
package personalinfo

import (
	"fmt"
	"strings"

	"govaudit/checks"
	"govaudit/internal/pii"
)

// ID is the check's ID.
const ID = "personal-info"

// Rule ids.
const (
	RuleIDNumber = "id-number"
	RuleMobile   = "mobile"
)

// examples is how many masked numbers a finding shows.
const examples = 3

// Check is the personal-info check.
var Check = &checks.Check{
	ID:    ID,
	Title: "个人信息未脱敏",
	Doc: `报告页面可见文字或附件文字（pdf、docx、xlsx、pptx、csv、txt）中完整的个人身份号码，每个页面（或附件）
每条规则一个问题，并写明找到的不同号码个数。规则（严重程度均为错误）：
  id-number  18 位居民身份证号码（GB 11643）：省级代码（11–15、21–23、31–37、41–46、50–54、61–65、
             71、81、82），1900 年至今天之间的真实出生日期，校验码正确（加权因子
             7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2，模 11 → 1 0 X 9 8 7 6 5 4 3 2），17 位数字 + X 也接受。
             15 位第一代号码（没有校验码）：大陆省级代码，地市部分 01–70 或 90，区县部分不为 00，
             真实出生日期 19YYMMDD，3 位顺序码——且不紧跟在 订单号、编号、流水号、准考证号 等之后
             （这类 15 位号码可能恰好是这种形式）。
  mobile     11 位数字 1[3-9]…，前面可带 +86/86，或写作 138-1234-5678。
号码只有独立出现时才算：不是更长数字串的一部分，不与字母或网址符号相连（文件名、查询字符串、
P0202610… 这样的序列号）。
不算问题的：已打码的号码（330106********1234、138****5678）、校验码错误或日期不可能的身份证号、办公
固定电话（0570-87654321）、网址中的号码。
证据最多显示 3 个示例，均已打码：身份证号保留前 4 位和后 2 位（3301************1X、3301*********23），
手机号保留前 3 位和后 2 位（138******78）。
PDF 的文字限 10 s 内读取；无法读取文字的 PDF（太慢、加密、损坏）给出提示 file-unread：其内容未检查。
扫描版 PDF 没有可读取的文字。`,
	Page: page,
	File: file,
}

func page(pass *checks.PagePass) {
	if pass.Page == nil || pass.Page.PageSummary == nil {
		return
	}
	for _, f := range Scan(pass.Page.Text, "页面") {
		f.Page = pii.Redact(pass.Page.URL)
		pass.Report(f)
	}
}

func file(pass *checks.FilePass) {
	for _, f := range Scan(pass.Text, "附件") {
		pass.Report(f) // the driver sets Page and Target
	}
}

// Scan returns the findings for a text (at most one per rule), with
// Check, Severity, Rule, Subject, Message and Evidence set. where names
// what the text is (页面, 附件) in the message.
func Scan(text, where string) []checks.Finding {
	if !digitRun(text, 11) {
		return nil // no ID or mobile number fits: most pages
	}
	type tally struct {
		seen     map[string]bool
		examples []string
	}
	found := map[pii.Kind]*tally{}
	for _, m := range pii.Find(text, true) {
		t := found[m.Kind]
		if t == nil {
			t = &tally{seen: map[string]bool{}}
			found[m.Kind] = t
		}
		if t.seen[m.Number] {
			continue
		}
		t.seen[m.Number] = true
		if len(t.examples) < examples {
			t.examples = append(t.examples, m.Masked())
		}
	}
	var out []checks.Finding
	for _, k := range []pii.Kind{pii.IDNumber, pii.Mobile} {
		t := found[k]
		if t == nil {
			continue
		}
		rule, noun := RuleIDNumber, "身份证号码"
		if k == pii.Mobile {
			rule, noun = RuleMobile, "手机号码"
		}
		ev := strings.Join(t.examples, "、")
		if len(t.seen) > len(t.examples) {
			ev += "等"
		}
		out = append(out, checks.Finding{
			Check:    ID,
			Severity: checks.Error,
			Rule:     rule,
			Subject:  rule,
			Message:  fmt.Sprintf("%s含 %d 个未脱敏的%s", where, len(t.seen), noun),
			Evidence: pii.Redact(ev),
		})
	}
	return out
}

// digitRun is a cheap first look for pii.Find: does text hold n digits
// (ASCII or full-width) in a row, allowing the separators numbers are
// written with (space, hyphen)? Every ID and mobile number does.
//
// A run of n digits spans at least n bytes, so every run that starts in
// text[p:p+n] covers byte p+n-1. When that byte can be in no run (runBreak:
// most bytes of Chinese text) no run starts there, and the look moves on n
// bytes at once; only where it might, the bytes are read one by one
// (digitRunAt). Most pages are thus read at about one byte in n.
func digitRun(text string, n int) bool {
	for p := 0; p+n <= len(text); {
		if runBreak[text[p+n-1]] {
			p += n
			continue
		}
		var ok bool
		if ok, p = digitRunAt(text, p, n); ok {
			return true
		}
	}
	return false
}

// digitRunAt reads text from p byte by byte while a run may be under way:
// it reports a run of n digits, or the position after the first byte that
// ends a run (no run of n starts before it). p may be inside a character:
// its trailing bytes then end no more than a run that cannot have started.
func digitRunAt(text string, p, n int) (bool, int) {
	run := 0
	for i := p; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9', c == 'X' || c == 'x':
			run++
		case c == 0xEF && i+2 < len(text) && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99: // ０–９
			run++
			i += 2
		case c == ' ' || c == '-' || c == '+':
		default: // this byte ends every run before it: skip again after it
			return false, i + 1
		}
		if run >= n {
			return true, 0
		}
	}
	return false, len(text)
}

// runBreak is true of the bytes no digit run can hold: not an ASCII digit,
// X, separator, nor a byte of a full-width digit (EF BC 90–99).
var runBreak = func() (t [256]bool) {
	for c := range t {
		t[c] = true
	}
	for _, c := range []byte("0123456789Xx -+\xEF\xBC") {
		t[c] = false
	}
	for c := 0x90; c <= 0x99; c++ {
		t[c] = false
	}
	return t
}()
