// Package interpretation reports policy documents published without a
// policy interpretation (政策解读): inspectors pair each 政策文件 with its 解读
// and expect the two pages to link to each other and to be released
// together (同步起草、同步审签、同步发布).
package interpretation

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/rules"
)

// DefaultWorkingDays is how many working days an interpretation may follow
// its document before it counts as late (some cities allow 3; Guangzhou asks
// for the same day).
const DefaultWorkingDays = 3

// Check is the missing-interpretation check with the default allowance.
var Check = New(DefaultWorkingDays)

// New returns the missing-interpretation check that lets an interpretation
// follow its document by at most workingDays working days (China's
// calendar: public holidays off, make-up working days on, from
// rules/holidays.yaml; Monday to Friday in years it does not record); a
// negative value is taken as 0.
func New(workingDays int) *checks.Check {
	if workingDays < 0 {
		workingDays = 0
	}
	return &checks.Check{
		ID:    "missing-interpretation",
		Title: "政策文件缺少解读",
		Doc: fmt.Sprintf(`报告没有可打开的政策解读（政策解读）的政策文件。
政策文件指：有自己文号的文章页（文号如 杭教发〔2020〕12号，出现在标题中、紧接标题下方单独一行，或在带标签
的字段中——文号：、发文字号：、索引号表格中的文号一行），属于规范性文件（标题以 规定、办法、意见、方案、
细则、规则、条例、措施、准则、规范、纲要、规划 或 要点 结尾，或是印发这类文件的通知或决定：关于印发…的通知；
征求意见稿不算），且属于政策类栏目：类别为 notice 的栏目（通知公告/政策文件），或名为 政策文件、规范性文件、
政府文件、通知公告、文件…的栏目；栏目取 ColumnName 元数据、列表中链接到该页的栏目，或面包屑的最后一级。
正文中的文号（根据…〔2025〕33号…，按照《…》（…〔2024〕5号）要求）、侧栏或其他文件列表中的文号只是引用：
引用其他文件的通知不是政策文件，不印发政策的通知（关于召开…会议的通知）和其他栏目中的页面（引用
国办公开办函〔2021〕30号 的年度报告）也不是。问题说明中写明使该页被认定为政策文件的文号。解读页指标题含
解读、图解、政策问答、一图读懂 或 答记者问，或位于名为 …解读 的栏目中的页面；解读页本身不算政策文件。
文件与解读只要任一方链接到另一方即为配对：文件链接到解读页，或有链接文字为 解读/图解/政策问答/一图读懂/
答记者问 的链接（导航栏指向政策解读栏目的链接不算）；或解读页链接到文件（原文链接）。规则：
no-interpretation（错误）：没有任何解读与文件配对；interpretation-dead（错误）：文件的解读链接无法打开
（探测发现失效），且没有其他解读与之配对；interpretation-unlinked（警告）：双方互无链接，但有解读页在标题中
点名该文件（《名称》与文件的《名称》相同，或与文件标题从“关于”起的部分相同）：两个页面应互相链接；
interpretation-late（警告）：最早的可打开的解读比文件晚超过 %d 个工作日才发布（从文件日期的次日起算，
按国务院办公厅公布的法定节假日和调休上班日计算，见 rules/holidays.yaml；未收录的年份按周一至周五计算；
只在两个日期都已知时判断）。`, workingDays),
		Site:      func(pass *checks.SitePass) { run(pass, workingDays) },
		Columns:   true,
		WholeSite: true,
	}
}

// titleWords mark an interpretation in a page title or a link's text.
var titleWords = []string{"解读", "图解", "政策问答", "一图读懂", "答记者问"}

// policyWords name the columns whose numbered pages are policy documents.
var policyWords = []string{"政策文件", "规范性文件", "政府文件", "通知公告", "文件"}

// bareLabels are link texts that name the interpretation column rather
// than one interpretation (navigation).
var bareLabels = map[string]bool{
	"解读": true, "政策解读": true, "图解": true, "政策图解": true, "图解政策": true, "文字解读": true,
	"图文解读": true, "视频解读": true, "政策问答": true, "一图读懂": true, "解读回应": true, "政策解读回应": true,
}

// navPages: a bare-label link seen on this many pages or more is navigation.
const navPages = 5

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isBare(text string) bool {
	t := strings.Trim(text, " 　【】[]（）()：:·>》«»<")
	return bareLabels[t]
}

func isPolicyName(name string) bool {
	return name != "" && hasAny(name, policyWords) && !strings.Contains(name, "解读")
}

type site struct {
	*checks.Site
	byURL    map[string]string         // canonical URL → the crawled page's URL
	listish  map[string]bool           // canonical URLs of the homepage and list pages
	colPages map[string]*checks.Column // list page URL → column
	colItems map[string]*checks.Column // item URL → column
	linkedBy map[string]int            // target → number of pages linking to it
}

// index learns the site's columns; see pass for what it learns of the
// pages.
func index(s *checks.Site) *site {
	x := &site{Site: s, byURL: map[string]string{}, listish: map[string]bool{}, colPages: map[string]*checks.Column{},
		colItems: map[string]*checks.Column{}, linkedBy: map[string]int{}}
	for _, c := range s.Columns {
		x.colPages[checks.CanonicalURL(c.URL)] = c
		for _, u := range c.Pages {
			x.colPages[checks.CanonicalURL(u)] = c
		}
		for _, it := range c.Items {
			if u := checks.CanonicalURL(it.URL); x.colItems[u] == nil {
				x.colItems[u] = c
			}
		}
	}
	return x
}

// learn notes what the document loop asks of any page by its URL, so the
// pages themselves need not stay in memory: which are crawled, which are
// the homepage or list pages, and how many pages link each target.
func (x *site) learn(p *checks.PageSummary) {
	u := checks.CanonicalURL(p.URL)
	x.byURL[u] = p.URL
	if p.Home || p.IsList() {
		x.listish[u] = true
	}
	seen := map[string]bool{}
	for l := range p.AllLinks() {
		u := checks.CanonicalURL(l.URL)
		if !seen[u] {
			seen[u] = true
			x.linkedBy[u]++
		}
	}
}

// column returns the page's column, if the site knows it, and the names it
// goes by (ColumnName meta, the column's name, the last breadcrumb).
func (x *site) column(p *checks.PageSummary) (*checks.Column, []string) {
	var names []string
	if p.ColumnName != "" {
		names = append(names, p.ColumnName)
	}
	c := x.colItems[checks.CanonicalURL(p.URL)]
	if c == nil {
		for i := len(p.Crumbs) - 1; i >= 0 && c == nil; i-- {
			c = x.colPages[checks.CanonicalURL(p.Crumbs[i].URL)]
		}
	}
	if c == nil && p.ColumnName != "" {
		for _, col := range x.Columns {
			if col.Name == p.ColumnName {
				c = col
				break
			}
		}
	}
	if c != nil {
		names = append(names, c.Name)
	}
	if n := len(p.Crumbs); n > 0 {
		names = append(names, p.Crumbs[n-1].Text)
	}
	return c, names
}

// isInterpretation: the title says 解读/图解/…, or the page stands in an
// interpretation column.
func (x *site) isInterpretation(p *checks.PageSummary) bool {
	if p.Home || p.IsList() {
		return false
	}
	if hasAny(cleanTitle(p.Title), titleWords) {
		return true
	}
	_, names := x.column(p)
	for _, n := range names {
		if strings.Contains(n, "解读") {
			return true
		}
	}
	return false
}

// normativeEnds are the kinds of document that make policy, as the title
// ends.
var normativeEnds = []string{"规定", "办法", "意见", "方案", "细则", "规则", "条例", "措施", "准则", "规范", "纲要", "规划", "要点"}

// issuingWords make a notice or decision one that issues a policy.
var issuingWords = []string{"印发", "发布", "颁布", "出台"}

// draftWords mark a draft or a call for comments: no policy yet.
var draftWords = []string{"征求意见", "草案", "讨论稿", "送审稿"}

// isNormative says whether a document's title is of a normative kind: it
// ends in 规定, 办法, 意见, 方案, 细则 … (brackets such as （试行） or its 文号
// aside), or it is a notice or decision that issues one (关于印发《…》的通知).
func isNormative(title string) bool {
	if hasAny(title, draftWords) || strings.Contains(title, "解读") {
		return false
	}
	t := strings.TrimSpace(title)
	for {
		trimmed := strings.TrimRight(t, " 　")
		for _, pair := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}} {
			if strings.HasSuffix(trimmed, pair[1]) {
				if i := strings.LastIndex(trimmed, pair[0]); i > 0 {
					trimmed = trimmed[:i]
				}
			}
		}
		if trimmed == t {
			break
		}
		t = trimmed
	}
	for _, e := range normativeEnds {
		if strings.HasSuffix(t, e) {
			return true
		}
	}
	if strings.HasSuffix(t, "通知") || strings.HasSuffix(t, "决定") || strings.HasSuffix(t, "公告") || strings.HasSuffix(t, "令") {
		return hasAny(t, issuingWords)
	}
	return false
}

// isDocument: an article with its own 文号, of a normative kind, in a
// policy-kind column.
func (x *site) isDocument(p *checks.PageSummary) (bool, string) {
	if len(p.DocNos) == 0 || p.Home || p.IsList() || !isNormative(cleanTitle(p.Title)) {
		return false, ""
	}
	c, names := x.column(p)
	colName := ""
	if len(names) > 0 {
		colName = names[0]
	}
	if c != nil {
		colName = c.Name
		if c.Class == "notice" && !strings.Contains(c.Name, "解读") {
			return true, colName
		}
	}
	for _, n := range names {
		if isPolicyName(n) {
			return true, colName
		}
	}
	return false, ""
}

// cleanTitle drops the site name that follows the article title in
// <title> ("… - 澜江市教育局", "…_澜江市人民政府", "…｜…"): the text
// before the last separator.
func cleanTitle(t string) string {
	t = strings.TrimSpace(t)
	last := -1
	for _, sep := range []string{" - ", " – ", " — ", "－", "_", "|", "｜"} {
		if i := strings.LastIndex(t, sep); i > last {
			last = i
		}
	}
	if last > 0 {
		t = strings.TrimSpace(t[:last])
	}
	return t
}

// bookNames returns the names in 《》 in s.
func bookNames(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "《")
		if i < 0 {
			return out
		}
		s = s[i+len("《"):]
		j := strings.Index(s, "》")
		if j < 0 {
			return out
		}
		if n := strings.TrimSpace(s[:j]); n != "" {
			out = append(out, n)
		}
		s = s[j+len("》"):]
	}
}

// namesDocument says whether an interpretation's title names the document:
// a 《name》 in it equals a 《name》 in the document's title, the whole
// title, or the title from its 关于 on.
func namesDocument(interpTitle, docTitle string) bool {
	docNames := bookNames(docTitle)
	for _, n := range bookNames(interpTitle) {
		if n == docTitle || (strings.HasPrefix(n, "关于") && strings.HasSuffix(docTitle, n)) {
			return true
		}
		for _, d := range docNames {
			if n == d {
				return true
			}
		}
	}
	return false
}

// workingDaysAfter counts the working days after from's day up to and
// including to's day (0 when to is on or before from's day), on China's
// calendar of public holidays and make-up working days.
func workingDaysAfter(from, to time.Time) int {
	return rules.Holidays().WorkingDaysAfter(from, to)
}

func day(t time.Time) string { return t.Format("2006-01-02") }

type partner struct {
	url  string
	page *checks.PageSummary // nil when not crawled (off-site, say)
}

func run(pass *checks.SitePass, workingDays int) {
	x := index(pass.Site)
	interp := map[string]*checks.PageSummary{} // canonical URL → interpretation page
	var interps []*checks.PageSummary
	type doc struct {
		p      *checks.PageSummary
		column string
	}
	var docs []doc
	isDoc := map[string]bool{}
	// One pass over the pages: only interpretations and documents stay.
	for p := range pass.Site.Pages.All() {
		x.learn(p)
		if x.isInterpretation(p) {
			interp[checks.CanonicalURL(p.URL)] = p
			interps = append(interps, p)
			continue
		}
		if ok, col := x.isDocument(p); ok {
			docs = append(docs, doc{p, col})
			isDoc[checks.CanonicalURL(p.URL)] = true
		}
	}
	back := map[string][]*checks.PageSummary{} // document → interpretations linking to it
	for _, i := range interps {
		seen := map[string]bool{}
		for l := range i.AllLinks() {
			u := checks.CanonicalURL(l.URL)
			if l.Kind == checks.Anchor && isDoc[u] && !seen[u] {
				seen[u] = true
				back[u] = append(back[u], i)
			}
		}
	}
	broken := func(u string) bool {
		if pass.Site.Link == nil {
			return false
		}
		s, ok := pass.Site.Link(u)
		return ok && s.Class == checks.Broken
	}

	for _, d := range docs {
		self := checks.CanonicalURL(d.p.URL)
		title := cleanTitle(d.p.Title)
		evidence := d.p.DocNos[0] + "“" + title + "”"
		finding := func(sev checks.Severity, rule, target, msg string) checks.Finding {
			return checks.Finding{Check: "missing-interpretation", Severity: sev, Page: d.p.URL, Target: target,
				Column: d.column, Rule: rule, Message: msg, Evidence: evidence}
		}
		var alive []partner
		var dead []checks.Link
		seen := map[string]bool{self: true}
		for l := range d.p.AllLinks() {
			u := checks.CanonicalURL(l.URL)
			if l.Kind != checks.Anchor || seen[u] {
				continue
			}
			t := interp[u]
			if t == nil {
				// Not a known interpretation page: only a link that says so.
				if !hasAny(l.Text, titleWords) || x.colPages[u] != nil || isDoc[u] ||
					x.listish[u] || (isBare(l.Text) && x.linkedBy[u] >= navPages) {
					continue
				}
				if crawled, ok := x.byURL[u]; ok {
					t = pass.Site.Pages.Get(crawled)
				}
			}
			seen[u] = true
			if broken(l.URL) {
				dead = append(dead, l)
				continue
			}
			alive = append(alive, partner{u, t})
		}
		for _, i := range back[self] {
			u := checks.CanonicalURL(i.URL)
			if seen[u] || broken(i.URL) {
				continue
			}
			seen[u] = true
			alive = append(alive, partner{u, i})
		}
		for _, l := range dead {
			pass.Report(finding(checks.Error, "interpretation-dead", l.URL,
				fmt.Sprintf("政策文件（文号 %s）的解读链接无法打开：“%s”", d.p.DocNos[0], l.Text)))
		}
		if len(alive) == 0 {
			if len(dead) > 0 {
				continue
			}
			var named []*checks.PageSummary
			for _, i := range interps {
				if namesDocument(cleanTitle(i.Title), title) {
					named = append(named, i)
				}
			}
			if len(named) > 0 {
				sort.Slice(named, func(a, b int) bool { return named[a].URL < named[b].URL })
				pass.Report(finding(checks.Warning, "interpretation-unlinked", named[0].URL,
					fmt.Sprintf("政策文件（文号 %s）与其解读《%s》未互相链接：文件页和解读页应相互提供链接", d.p.DocNos[0], cleanTitle(named[0].Title))))
				continue
			}
			pass.Report(finding(checks.Error, "no-interpretation", "",
				fmt.Sprintf("政策文件（文号 %s）未发布政策解读：文件页没有解读链接，也没有解读页链接到它", d.p.DocNos[0])))
			continue
		}
		if d.p.Date.IsZero() {
			continue
		}
		var first *checks.PageSummary
		for _, a := range alive {
			if a.page == nil || a.page.Date.IsZero() {
				first = nil // a partner of unknown date may have been on time
				break
			}
			if first == nil || a.page.Date.Before(first.Date) {
				first = a.page
			}
		}
		if first == nil {
			continue
		}
		if n := workingDaysAfter(d.p.Date, first.Date); n > workingDays {
			f := finding(checks.Warning, "interpretation-late", first.URL,
				fmt.Sprintf("政策解读晚于政策文件（文号 %s）%d 个工作日发布（文件 %s，解读 %s；应同步发布，至迟 %d 个工作日内，节假日不计、调休上班日计入）",
					d.p.DocNos[0], n, day(d.p.Date), day(first.Date), workingDays))
			pass.Report(f)
		}
	}
}
