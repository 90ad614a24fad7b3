// Package futuredate reports publication dates after the check date:
// forged publication dates (伪造发布日期) are a single-veto item, and a
// future date also makes a stale column look fresh.
package futuredate

import (
	"fmt"
	"time"

	"govaudit/checks"
)

// Check is the future-date check.
var Check = &checks.Check{
	ID:    "future-date",
	Title: "发布日期晚于检查日期",
	Doc: `报告发布日期（PubDate 元数据、“发布日期”标注或网址中的日期）晚于检查日期（--as-of，默认今天）的页面，
以及列表页和首页中日期晚于检查日期的条目。检查人员把伪造发布日期作为单项否决项
（国办秘函〔2019〕19号 严重问题）。`,
	Site: run,
}

func run(pass *checks.SitePass) {
	asOf := pass.Site.AsOf
	y, m, d := asOf.Date()
	limit := time.Date(y, m, d, 23, 59, 59, 0, asOf.Location())
	for p := range pass.Site.Pages.All() {
		if p.Date.After(limit) {
			pass.Report(checks.Finding{
				Check: "future-date", Severity: checks.Error, Page: p.URL, Rule: "future-date",
				Message:  fmt.Sprintf("页面发布日期 %s 晚于检查日期 %s", p.Date.Format("2006-01-02"), asOf.Format("2006-01-02")),
				Evidence: fmt.Sprintf("日期来源：%s", sourceLabel(p.DateSource)),
			})
		}
		if !p.IsList() && !p.Home {
			continue // dates in an article's text are not publication dates
		}
		for _, it := range p.Items {
			if it.Date.After(limit) {
				pass.Report(checks.Finding{
					Check: "future-date", Severity: checks.Error, Page: p.URL, Target: it.URL, Rule: "future-date",
					Message:  fmt.Sprintf("列表中的信息日期 %s 晚于检查日期 %s", it.Date.Format("2006-01-02"), asOf.Format("2006-01-02")),
					Evidence: fmt.Sprintf("《%s》", it.Title),
				})
			}
		}
	}
}

func sourceLabel(s string) string {
	switch s {
	case "meta":
		return "PubDate 元数据"
	case "label":
		return "页面“发布日期”"
	case "url":
		return "网址中的日期"
	}
	return s
}
