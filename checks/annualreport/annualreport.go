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
	Doc: `Finds 政府信息公开工作年度报告 pages (title "…YYYY年政府信息公开工作年度报告"; notices about
writing reports and 图解 are not reports) and reads table 3 (收到和处理政府信息公开申请情况) and
table 4 (行政复议、行政诉讼情况) from their HTML tables (rowspan/colspan expanded) or, when the page
has none, from the plain-text layout (one cell a line); both the 2019 and the 2021 format
(国办公开办函〔2021〕30号) are read. A report published as a PDF attachment (title in its first
lines) is read from the PDF's text: columns by where their header names stand, rows in the order
of the format, checked against the labels on their lines, which PDFs break over lines and
letter-space (三、本 年 度 办 理 结 果); a table whose labels disagree is not judged. Each violated 勾稽关系 is an error:
column-balance (per column 一 + 二 = 三(七)总计 + 四), row-total (总计 = the six applicant columns),
result-total (三(七)总计 = (一)…(六) with their sub-rows), review-total (table 4: 总计 = 维持 + 纠正 +
其他 + 尚未审结 per group), text-mismatch (a number the text states — 新收…件, 办结…件, 其中予以公开…件,
行政复议…件, …行政诉讼 — differs from the table). Messages name the row or column and both numbers.
missing-report (warning): after 31 January of the check date's year (the deadline for departments;
people's governments have until 31 March, 《政府信息公开条例》第五十条) no crawled page, and no item
of a list page, is the previous year's report. The department deadline is the default because
govaudit cannot tell a department's site from a government's.`,
	Page:      page,
	File:      file,
	Site:      site,
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
	for _, p := range s.Pages {
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
