package annualreport

import (
	"regexp"
	"strconv"
	"strings"
)

// Quotes reads the numbers a report's text states about requests and
// reviews, in the phrasing reports use (本年度新收政府信息公开申请28件，上年结转1件，
// 办结28件，其中予以公开11件，…；收到行政复议申请2件，发生2起行政诉讼案件). Only
// sentences about 申请 (or 复议/诉讼) are read, clause by clause; the first
// statement of each number counts. Numbers written in Chinese numerals and
// phrasings not listed here are not read.
func Quotes(text string) []Quote {
	var out []Quote
	seen := map[string]bool{}
	add := func(key, clause, num string) {
		if seen[key] {
			return
		}
		n, err := strconv.Atoi(num)
		if err != nil {
			return
		}
		seen[key] = true
		out = append(out, Quote{Key: key, N: n, Excerpt: clause})
	}
	for _, sentence := range sentenceSplit.Split(text, -1) {
		s := clean(sentence)
		if len(s) > 3000 {
			continue
		}
		request := strings.Contains(s, "申请")
		for _, clause := range clauseSplit.Split(s, -1) {
			if clause == "" {
				continue
			}
			switch {
			case strings.Contains(clause, "复议") && !strings.Contains(clause, "诉讼"):
				if m := reviewNum.FindStringSubmatch(clause); m != nil && len(anyNum.FindAllString(clause, -1)) == 1 {
					add("review", clause, m[1])
				}
				continue
			case strings.Contains(clause, "诉讼"):
				if m := suitNum.FindStringSubmatch(clause); m != nil && len(anyNum.FindAllString(clause, -1)) == 1 {
					add("suit", clause, firstNonEmpty(m[1:]))
				}
				continue
			}
			if !request {
				continue
			}
			for _, p := range quotePatterns {
				if m := p.re.FindStringSubmatch(clause); m != nil {
					add(p.key, clause, m[1])
					break
				}
			}
		}
	}
	return out
}

var (
	sentenceSplit = regexp.MustCompile(`[。；;\n]`)
	clauseSplit   = regexp.MustCompile(`[，,、：:（）()]`)
	anyNum        = regexp.MustCompile(`\d+`)
	reviewNum     = regexp.MustCompile(`行政复议(?:申请)?(?:案件)?(\d+)[件起个]`)
	suitNum       = regexp.MustCompile(`(?:发生|收到|提起)(\d+)[起件个][^\d]*行政诉讼|行政诉讼(?:案件)?(\d+)[起件个]`)
)

// Patterns are tried in order on each clause; the first match wins.
var quotePatterns = []struct {
	key string
	re  *regexp.Regexp
}{
	{"carried", regexp.MustCompile(`^(?:其中)?上年(?:度)?结转[^\d]{0,16}?(\d+)件`)},
	{"next", regexp.MustCompile(`^(?:其中)?结转下(?:一)?年度?[^\d]{0,10}?(\d+)件`)},
	{"new", regexp.MustCompile(`(?:新收|收到|受理)[^\d]{0,24}?申请(?:数量)?(?:共计|共)?(\d+)件`)},
	{"total", regexp.MustCompile(`办结[^\d]{0,24}?(\d+)件`)},
	{"partial", regexp.MustCompile(`^(?:其中)?部分公开(\d+)件`)},
	{"deny", regexp.MustCompile(`^(?:其中)?不予公开(\d+)件`)},
	{"open", regexp.MustCompile(`^(?:其中)?(?:予以公开|同意公开|全部公开)(\d+)件`)},
	{"unable", regexp.MustCompile(`^(?:其中)?无法提供(\d+)件`)},
	{"reject", regexp.MustCompile(`^(?:其中)?不予处理(\d+)件`)},
	{"other", regexp.MustCompile(`^(?:其中)?其他处理(\d+)件`)},
}

func firstNonEmpty(ss []string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
