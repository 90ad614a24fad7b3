// Package wording is the banned-wording check: 严重表述错误, 新华社 usage
// rules, outdated institution names and common 错别字 in a page's visible
// text, matched with the compiled wording rules (rules/wording/*.yaml).
package wording

import (
	"strings"
	"time"
	"unicode/utf8"

	"govaudit/checks"
	"govaudit/rules"
)

// ID is the check's ID.
const ID = "banned-wording"

// Check is banned-wording with the default rules.
var Check = New(rules.DefaultWording())

// New returns the banned-wording check for a compiled rule set (compiled
// once; the check only matches).
func New(rs *rules.Wording) *checks.Check {
	return &checks.Check{
		ID:    ID,
		Title: "错误表述与错别字",
		Doc: `将每个页面的可见文字（不含脚本、样式和隐藏元素）与表述规则（rules/wording/*.yaml，可按网站扩展或停用）
比对：严重表述错误，如 中华人民共合国 或 扫黑险恶（错误）；新华社用语规范（中港、把台湾称为国家、中华民国
纪年、一带一路战略、中共XX省省委）、2018 和 2023 年机构改革后的旧机构名称（警告）——只检查写于规则日期
当天或之后的文字：依次按匹配所在列表条目的日期、所属文件（以其标题或文号出现：2017 年文件的《…》、列表中
后接 〔2021〕…号 的标题、文号）的年份，否则按页面日期；日期未知的引号标题中的名称不算问题——以及常见
错别字（警告）。字面规则用一次 Aho–Corasick 扫描完成，少数正则表达式单独匹配；被所属规则的例外（更长的
正确词语）覆盖的匹配会被舍弃。含文字的附件（docx、xlsx、csv、txt）也会读取，但不使用带日期的规则（附件
没有发布日期）。同一页面上每条规则、每个匹配文字一个问题；规则名为规则的 id，证据为第一处匹配所在的句子。
每个页面都重复的文字（页头、页脚）由检查程序按全站只报告一次。`,
		Page: func(pass *checks.PagePass) { run(rs, pass) },
		File: func(pass *checks.FilePass) { runFile(rs, pass) },
	}
}

// runFile matches an attachment's text. An attachment carries no
// publication date, so rules that apply only from a date are skipped.
func runFile(rs *rules.Wording, pass *checks.FilePass) {
	seen := map[[2]string]bool{}
	for _, h := range rs.Find(pass.Text, time.Time{}) {
		k := [2]string{h.Rule.ID, h.Text}
		if seen[k] {
			continue
		}
		seen[k] = true
		pass.Report(checks.Finding{
			Check:    ID,
			Severity: checks.Severity(h.Rule.Level),
			Rule:     h.Rule.ID,
			Subject:  h.Text,
			Message:  "附件中：" + h.Rule.Describe(h.Text),
			Evidence: Evidence(pass.Text, h.Start, h.End),
		})
	}
}

func run(rs *rules.Wording, pass *checks.PagePass) {
	p := pass.Page
	text := p.Text
	d := &dater{text: text, page: p.Date}
	for _, it := range p.Items {
		if !it.Date.IsZero() {
			d.items = append(d.items, it)
		}
	}
	seen := map[[2]string]bool{}
	for _, h := range rs.FindDated(text, d.date) {
		k := [2]string{h.Rule.ID, h.Text}
		if seen[k] {
			continue
		}
		seen[k] = true
		pass.Report(checks.Finding{
			Check:    ID,
			Severity: checks.Severity(h.Rule.Level),
			Page:     p.URL,
			Rule:     h.Rule.ID,
			Subject:  h.Text,
			Message:  h.Rule.Describe(h.Text),
			Evidence: Evidence(text, h.Start, h.End),
		})
	}
}

// maxEvidence is the most runes of evidence, the match included.
const maxEvidence = 60

// Evidence is the sentence around text[start:end]: cut at 。！？；, a line
// break or (English) sentence ends, at most maxEvidence runes with the
// match kept whole, trimmed; "…" marks a cut inside a sentence. It depends
// only on the sentence, so the same sentence on many pages gives the same
// evidence.
func Evidence(text string, start, end int) string {
	lo := start
	for lo > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:lo])
		if isStop(r) {
			break
		}
		lo -= n
	}
	hi := end
	for hi < len(text) {
		r, n := utf8.DecodeRuneInString(text[hi:])
		hi += n
		if isStop(r) {
			if r == '\n' {
				hi -= n
			}
			break
		}
	}
	before, match, after := []rune(text[lo:start]), text[start:end], []rune(text[end:hi])
	room := maxEvidence - utf8.RuneCountInString(match)
	if room < 0 {
		room = 0
	}
	// Share the room: half before, the rest after, unused room moves over.
	nb, na := len(before), len(after)
	if nb+na > room {
		half := room / 2
		switch {
		case nb <= half:
			na = room - nb
		case na <= room-half:
			nb = room - na
		default:
			nb, na = half, room-half
		}
	}
	var b strings.Builder
	if nb < len(before) {
		b.WriteString("…")
	}
	b.WriteString(strings.TrimLeft(string(before[len(before)-nb:]), " \t\r\u3000"))
	b.WriteString(match)
	b.WriteString(strings.TrimRight(string(after[:na]), " \t\r\u3000"))
	if na < len(after) {
		b.WriteString("…")
	}
	return b.String()
}

func isStop(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '\n', '!', '?', ';':
		return true
	}
	return false
}
