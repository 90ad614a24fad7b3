// Package secrecy reports secrecy marks on published pages and attachments:
// a document marked 绝密★/机密★/秘密★ (GB/T 9704 places the mark top-left
// of page one), or 内部资料, 注意保密, 此件不公开, was never meant to be
// published. One published classified document fails a site.
package secrecy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"govaudit/checks"
	"govaudit/internal/match"
	"govaudit/internal/pii"
)

// ID is the check's ID.
const ID = "secrecy-mark"

// Rule ids.
const (
	RuleClassified = "classified-mark" // 绝密★, 机密★1年, 秘密★
	RuleInternal   = "internal-mark"   // 内部资料, 注意保密, 此件不公开
)

// Check is the secrecy-mark check.
var Check = &checks.Check{
	ID:    ID,
	Title: "涉密或内部标识",
	Doc: `报告页面可见文字或附件文字（pdf、docx、xlsx、pptx、csv、txt）中的密级标志，每个页面（或附件）每种标志
报告一次，并以所在行作为证据。规则（严重程度均为错误）：
  classified-mark  绝密、机密 或 秘密 后接 ★ 或 ☆（中间可有空格），可带保密期限（机密★1年、秘密★6个月、
                   绝密★长期）。有星号才构成密级标志：单独的 秘密（商业秘密、国家秘密、保守秘密）从不报告。
  internal-mark    此件不公开 出现在任何位置都报告；内部资料 和 注意保密 只在作为标志时报告：以它开头的
                   短行（最多 20 个字符：内部资料 / 内部资料 注意保存 / 注意保密），或括号中的该词
                   （【内部资料】、（内部资料））。正文中的用法（请各单位注意保密、内部资料性出版物准印证）
                   不报告。
加引号的标志（“秘密★”，如解释密级的文章中）不报告。`,
	Page: page,
	File: file,
}

func page(pass *checks.PagePass) {
	if pass.Page == nil || pass.Page.PageSummary == nil {
		return
	}
	for _, f := range Scan(pass.Page.Text) {
		f.Page = pii.Redact(pass.Page.URL)
		pass.Report(f)
	}
}

func file(pass *checks.FilePass) {
	for _, f := range Scan(pass.Text) {
		pass.Report(f)
	}
}

var (
	classified = regexp.MustCompile(`(绝密|机密|秘密)[ \t\x{3000}]*[★☆][ \t\x{3000}]*(?:([0-9０-９]+|[一二三四五六七八九十]+)[ \t\x{3000}]*(年|个月)|(长期))?`)
	bracketed  = regexp.MustCompile(`[【（(\[〔]\s*(内部资料|注意保密)\s*[】）)\]〕]`)
)

const shortLine = 20 // runes: a line this short that starts with a mark is the mark

// Scan returns the findings for a text: one per distinct mark, with Check,
// Severity, Rule, Subject, Message and Evidence set.
func Scan(text string) []checks.Finding {
	// Every mark holds a star or one of three phrases: most pages hold
	// none, and the regular expressions need not run on them.
	if !match.ContainsAny(text, "★", "☆", "内部资料", "注意保密", "此件不公开") {
		return nil
	}
	var out []checks.Finding
	seen := map[string]bool{}
	add := func(rule, mark, line string, at int) {
		if seen[rule+"\x00"+mark] {
			return
		}
		seen[rule+"\x00"+mark] = true
		msg := "发布的内容带有密级标志“" + mark + "”，涉密信息不得公开"
		if rule == RuleInternal {
			msg = "发布的内容带有“" + mark + "”标识，内部信息不应公开"
		}
		out = append(out, checks.Finding{
			Check:    ID,
			Severity: checks.Error,
			Rule:     rule,
			Subject:  mark,
			Message:  msg,
			Evidence: pii.Redact(around(line, at, 30)),
		})
	}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		var stars [][]int
		if strings.Contains(line, "★") || strings.Contains(line, "☆") {
			stars = classified.FindAllStringSubmatchIndex(line, -1)
		}
		for _, m := range stars {
			if quoted(line, m[0]) {
				continue
			}
			mark := line[m[2]:m[3]] + "★"
			switch {
			case m[4] >= 0:
				mark += normDigits(line[m[4]:m[5]]) + line[m[6]:m[7]]
			case m[8] >= 0:
				mark += "长期"
			}
			add(RuleClassified, mark, line, m[0])
		}
		if i := strings.Index(line, "此件不公开"); i >= 0 && !quoted(line, i) {
			add(RuleInternal, "此件不公开", line, i)
		}
		head := strings.TrimLeftFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune("【（([〔", r)
		})
		if utf8.RuneCountInString(head) <= shortLine {
			switch {
			case strings.HasPrefix(head, "内部资料") && !strings.HasPrefix(head, "内部资料性"):
				add(RuleInternal, "内部资料", line, len(line)-len(head))
				continue
			case strings.HasPrefix(head, "注意保密"):
				add(RuleInternal, "注意保密", line, len(line)-len(head))
				continue
			}
		}
		if !strings.Contains(line, "内部资料") && !strings.Contains(line, "注意保密") {
			continue
		}
		for _, m := range bracketed.FindAllStringSubmatchIndex(line, -1) {
			if !quoted(line, m[0]) {
				add(RuleInternal, line[m[2]:m[3]], line, m[0])
			}
		}
	}
	return out
}

// quoted says the text at i follows an opening quotation mark directly.
func quoted(line string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(line[:i])
	return strings.ContainsRune("“‘\"'「『《", r)
}

func normDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + r - '０'
		}
		return r
	}, s)
}

// around is up to n runes either side of byte offset at in line.
func around(line string, at, n int) string {
	start := at
	for k := 0; k < n && start > 0; k++ {
		_, w := utf8.DecodeLastRuneInString(line[:start])
		start -= w
	}
	end := at
	for k := 0; k < 2*n && end < len(line); k++ {
		_, w := utf8.DecodeRuneInString(line[end:])
		end += w
	}
	s := line[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(line) {
		s += "…"
	}
	return s
}
