// Package column reports 栏目 that inspectors count against a site:
// columns not updated within their window (栏目不更新) and columns that
// never carried content (空白栏目). Both are single-veto items when five
// (or ten) of them add up; each one also costs points.
package column

import (
	"fmt"
	"time"

	"govaudit/checks"
)

// Stale is the stale-column check.
var Stale = &checks.Check{
	ID:    "stale-column",
	Title: "栏目未按时更新",
	Doc: `Reports every column whose newest item is older than its class's window, counted back from the
check date (--as-of, default today): 动态要闻 2 weeks (rule stale-news), 通知公告/政策文件 6 months
(stale-notice), 人事/规划计划 1 year (stale-personnel); 专题 are exempt. Classes and windows come from
rules/columns.yaml; a site's configuration may rename, add, reclassify or exempt columns. Columns are
found from list pages (pages listing dated items, with their pagination), the ColumnName meta tag,
breadcrumbs (当前位置：首页 > …) and the text of links to them. Items with no visible date count as
not updated; dates after the check date do not make a column fresh (future-date reports them).
A column no class matches is not judged for staleness.`,
	Site:      stale,
	WholeSite: true,
}

// Empty is the empty-column check.
var Empty = &checks.Check{
	ID:    "empty-column",
	Title: "空白栏目",
	Doc: `Reports every column that carries no content: its list page says 暂无信息 (暂无数据, 暂无内容, …),
共0条, or shows an empty list, and lists nothing of its own — the blocks a site repeats on every
page (最新发布, 热点推荐, a sidebar's 通知公告) are its template, not the column's content, however
fresh their items. A list a page's script draws from data the page does not hold (an empty AJAX
container) is not judged: an info finding (rule list-unread) says so. Five empty columns fail a site (单项否决); monitoring vendors warn from three.
Exempt columns (专题, or exempted in the site's configuration) are not reported.`,
	Site:      empty,
	WholeSite: true,
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func stale(pass *checks.SitePass) {
	asOf := pass.Site.AsOf
	for _, c := range pass.Site.Columns {
		if c.Exempt || c.Empty || c.Window.IsZero() || c.Script == "unread" {
			continue
		}
		since := c.Window.Since(asOf)
		var newest *checks.Item
		for i := range c.Items {
			it := &c.Items[i]
			if !it.Date.IsZero() && !it.Date.After(endOfDay(asOf)) {
				newest = it
				break // items are newest first
			}
		}
		if newest != nil && !newest.Date.Before(since) {
			continue
		}
		f := checks.Finding{
			Check:    "stale-column",
			Severity: checks.Error,
			Page:     c.URL,
			Column:   c.Name,
			Rule:     "stale-" + c.Class,
			Subject:  c.URL,
			Veto:     []string{"stale-b"},
		}
		if c.Veto == "a" {
			f.Veto = []string{"stale-a", "stale-b"}
		}
		if newest == nil {
			f.Message = fmt.Sprintf("栏目“%s”（%s，应 %s 内更新）没有带发布日期的信息，按未更新计", c.Name, c.Label, c.Window)
			f.Evidence = fmt.Sprintf("共 %d 条信息，均无可见发布日期", len(c.Items))
		} else {
			f.Message = fmt.Sprintf("栏目“%s”（%s）超过 %s未更新：最新信息发布于 %s，检查日期 %s",
				c.Name, c.Label, c.Window, day(newest.Date), day(asOf))
			f.Evidence = fmt.Sprintf("最新：%s《%s》", day(newest.Date), newest.Title) + templateNote(c)
		}
		pass.Report(f)
	}
}

func empty(pass *checks.SitePass) {
	for _, c := range pass.Site.Columns {
		if c.Exempt {
			continue
		}
		if c.Script == "unread" {
			// Said once, so that a reader knows why the column has no
			// verdict; it is not counted against the site.
			pass.Report(checks.Finding{
				Check:    "empty-column",
				Severity: checks.Info,
				Page:     c.URL,
				Column:   c.Name,
				Rule:     "list-unread",
				Message:  fmt.Sprintf("栏目“%s”的信息列表由页面脚本加载（AJAX），页面源码中没有列表数据：未判断是否空白或超期，请人工查看", c.Name),
				Evidence: "列表容器为空，由脚本填充",
				Subject:  c.URL,
			})
			continue
		}
		if !c.Empty {
			continue
		}
		pass.Report(checks.Finding{
			Check:    "empty-column",
			Severity: checks.Error,
			Page:     c.URL,
			Column:   c.Name,
			Rule:     "empty-column",
			Message:  fmt.Sprintf("栏目“%s”为空白栏目：开设后没有发布任何信息", c.Name),
			Evidence: emptyEvidence(c),
			Subject:  c.URL,
			Veto:     []string{"empty-c"},
		})
	}
}

// emptyEvidence says what the list page shows.
func emptyEvidence(c *checks.Column) string {
	var e string
	switch c.EmptyCue {
	case "zero":
		e = "列表页显示“共0条”"
	case "blank":
		e = "列表页的信息列表为空"
	default:
		e = "列表页显示“暂无信息”"
	}
	return e + templateNote(c)
}

// templateNote says that blocks the whole site repeats were not counted.
func templateNote(c *checks.Column) string {
	if c.Template == 0 {
		return ""
	}
	return fmt.Sprintf("（列表页上另有 %d 个全站重复出现的板块，如最新发布、热点推荐，不计入本栏目）", c.Template)
}

// endOfDay is the last instant of t's day: an item dated on the check
// date is not in the future.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 0, t.Location())
}
