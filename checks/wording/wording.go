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
		Doc: `Matches every page's visible text (not scripts, styles or hidden elements) against the
wording rules (rules/wording/*.yaml, extended or disabled per site): 严重表述错误 such as
中华人民共合国 or 扫黑险恶 (error), 新华社 usage rules (中港, 台湾 as a 国家, 中华民国 calendar,
一带一路战略, 中共XX省省委), outdated institution names after the 2018 and 2023 reforms (warning) —
only in words written on or after the rule's date: the date of the list item the match stands in,
the year of the document whose title or 文号 it is part of (《…》 of a 2017 document, a listed
title followed by 〔2021〕…号, a 文号), else the page's date; a name in a quoted title of unknown
date is no finding — and common 错别字 (warning). Literal rules run
in one Aho–Corasick pass, a few regular expressions separately; a match covered by one of its rule's
exceptions (a longer correct word) is dropped. Text-bearing attachments (docx, xlsx, csv, txt) are
read too, without the dated rules (an attachment carries no publication date). One finding per rule and matched text on a page; the
rule is the rule's id, the evidence the sentence around the first match. Text repeated on every page
(header, footer) is reported once for the site by the driver.`,
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
