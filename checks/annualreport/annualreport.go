// Package annualreport checks 政府信息公开工作年度报告 pages: their tables'
// 勾稽关系 (domain.md §5) and that last year's report has been published.
// Parsing lives in internal/annualreport.
package annualreport

import (
	"fmt"
	"strings"
	"time"

	"govaudit/checks"
	parse "govaudit/internal/annualreport"
)

// ID is the check's id.
const ID = "annual-report"

// Check is the annual-report check.
var Check = &checks.Check{
	ID:    ID,
	Title: "政府信息公开工作年度报告数据不一致或未按时发布",
	Doc: `找出政府信息公开工作年度报告页面（标题为“…YYYY年政府信息公开工作年度报告”；关于编写报告的通知和图解不算
报告），读取其中的表 3（收到和处理政府信息公开申请情况）和表 4（行政复议、行政诉讼情况）：从 HTML 表格读取
（展开 rowspan/colspan），页面没有表格时从纯文本排版读取（每行一个单元格）；2019 和 2021 两种格式
（国办公开办函〔2021〕30号）都能读取。以 PDF 附件发布的报告（前几行为标题）从 PDF 的文本读取：按表头名称
所在位置确定列，按格式规定的顺序确定行，并与各行的标签核对（PDF 常把标签断行或在字间加空格，如
三、本 年 度 办 理 结 果）；标签对不上的表格不作判断。每一处违反勾稽关系为错误：column-balance（每一列
一 + 二 = 三(七)总计 + 四）、row-total（总计 = 六类申请人各列之和）、result-total（三(七)总计 =
(一)…(六) 及其分项）、review-total（表 4：每组 总计 = 维持 + 纠正 + 其他 + 尚未审结）、text-mismatch
（正文所述数字——新收…件、办结…件、其中予以公开…件、行政复议…件、…行政诉讼——与表格不一致）。问题说明中
写明所在行或列以及两个数字。
missing-report（警告）：检查日期所在年份的 1 月 31 日之后（部门的截止日期；人民政府可到 3 月 31 日，
《政府信息公开条例》第五十条），抓取到的页面和列表页条目中都没有上一年度的报告。默认按部门的截止日期判断，
因为 govaudit 无法区分部门网站和政府网站。`,
	Page:      page,
	File:      file,
	Site:      site,
	Columns:   true,
	WholeSite: true,
}

// file checks a report published as a PDF attachment.
func file(pass *checks.FilePass) {
	if pass.Ext != "pdf" {
		return
	}
	year, ok := parse.DetectText(pass.Text)
	if !ok {
		return
	}
	r := parse.ParseLayout(pass.Text)
	for _, pr := range r.Check() {
		pass.Report(checks.Finding{ // the driver sets Page and Target
			Check:    ID,
			Severity: checks.Error,
			Rule:     pr.Rule,
			Message:  fmt.Sprintf("%d年年度报告（PDF 附件）：%s", year, pr.Message),
			Evidence: pr.Evidence,
			Subject:  pr.Subject,
		})
	}
}

func page(pass *checks.PagePass) {
	p := pass.Page
	if p.Home || p.IsList() || p.Doc == nil {
		return
	}
	year, ok := parse.Detect(p.Title)
	if !ok {
		year, ok = parse.Detect(p.Doc.Find("h1").First().Text())
	}
	if !ok {
		return
	}
	r := parse.ParseHTML(p.Doc, p.Text)
	if r.Year == 0 {
		r.Year = year
	}
	for _, pr := range r.Check() {
		pass.Report(checks.Finding{
			Check:    ID,
			Severity: checks.Error,
			Page:     p.URL,
			Rule:     pr.Rule,
			Message:  fmt.Sprintf("%d年年度报告：%s", year, pr.Message),
			Evidence: pr.Evidence,
			Subject:  pr.Subject,
		})
	}
}

// Deadline is when last year's report is due for a department (31 January);
// governments have until 31 March.
func Deadline(year int, loc *time.Location) time.Time {
	return time.Date(year, time.January, 31, 23, 59, 59, 0, loc)
}

func site(pass *checks.SitePass) {
	s := pass.Site
	asOf := s.AsOf
	if asOf.IsZero() || !asOf.After(Deadline(asOf.Year(), asOf.Location())) {
		return
	}
	want := asOf.Year() - 1
	found := false
	seen := false
	for p := range s.Pages.All() {
		if y, ok := parse.Detect(p.Title); ok {
			seen = true
			found = found || y == want
		}
		for _, it := range p.Items {
			if y, ok := parse.Detect(it.Title); ok {
				seen = true
				found = found || y == want
			}
		}
	}
	if found {
		return
	}
	where := s.Start
	if col := reportColumn(s); col != "" {
		where = col
	}
	evidence := "网站上未找到任何政府信息公开工作年度报告"
	if seen {
		evidence = fmt.Sprintf("网站上有其他年度的年度报告，但没有%d年的", want)
	}
	pass.Report(checks.Finding{
		Check:    ID,
		Severity: checks.Warning,
		Page:     where,
		Rule:     "missing-report",
		Message: fmt.Sprintf("检查日期 %s 已过 1 月 31 日（部门）发布期限，未找到%d年政府信息公开工作年度报告（人民政府的期限为 3 月 31 日）",
			asOf.Format("2006-01-02"), want),
		Evidence: evidence,
		Subject:  fmt.Sprint(want),
	})
}

// reportColumn is the list page of the 年度报告 column, if any.
func reportColumn(s *checks.Site) string {
	for _, c := range s.Columns {
		if strings.Contains(c.Name, "年度报告") {
			return c.URL
		}
	}
	return ""
}
