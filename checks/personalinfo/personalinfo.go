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
	Doc: `Reports full personal identifiers in a page's visible text or in an attachment's text
(pdf, docx, xlsx, pptx, csv, txt), one finding per page (or attachment) per rule with the number of
distinct identifiers found. Rules (severity error):
  id-number  18-digit resident ID numbers (GB 11643): a province code (11–15, 21–23, 31–37,
             41–46, 50–54, 61–65, 71, 81, 82), a real birth date from 1900 to today, the right
             check digit (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11 → 1 0 X 9 8 7 6 5 4 3 2),
             17 digits + X accepted. 15-digit first-generation numbers (no check digit): a mainland
             province code, a prefecture part 01–70 or 90, a county part other than 00, a real
             birth date 19YYMMDD, 3 sequence digits — and not after 订单号, 编号, 流水号, 准考证号
             and the like, whose 15-digit numbers can take that shape.
  mobile     11 digits 1[3-9]…, optionally +86/86 before them, or written 138-1234-5678.
A number counts only when it stands alone: not part of a longer run of digits, not glued to
letters or URL punctuation (file names, query strings, serial numbers like P0202610…).
Not findings: masked numbers (330106********1234, 138****5678), ID numbers with a wrong check
digit or an impossible date, office landlines (0570-87654321), numbers in URLs.
Evidence shows at most 3 examples, masked: ID numbers keep their first 4 and last 2 characters
(3301************1X, 3301*********23), mobiles their first 3 and last 2 digits (138******78).
A PDF's text is read within 10 s; one whose text cannot be read (too slow, encrypted, damaged)
gets an info finding file-unread: its content was not checked. Scanned PDFs have no text to read.`,
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
func digitRun(text string, n int) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9', c == 'X' || c == 'x':
			run++
		case c == 0xEF && i+2 < len(text) && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99: // ０–９
			run++
			i += 2
		case c == ' ' || c == '-' || c == '+':
		default:
			run = 0
		}
		if run >= n {
			return true
		}
	}
	return false
}
