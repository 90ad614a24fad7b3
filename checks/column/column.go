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
	Doc: `报告最新一条信息早于所属类别更新时限的栏目，时限从检查日期（--as-of，默认今天）往前推算：动态要闻 2 周
（规则 stale-news），通知公告/政策文件 6 个月（stale-notice），人事/规划计划 1 年（stale-personnel）；专题
不考核。类别和时限来自 rules/columns.yaml；网站配置可以为栏目改名、增加栏目、改变类别或免于考核。栏目从
以下来源识别：列表页（列出带日期信息的页面，连同其分页）、ColumnName 元数据（meta 标签）、面包屑
（当前位置：首页 > …）以及指向栏目的链接文字。信息公开索引页（若干板块，各在标题下列出一个子栏目的最新
信息并有“更多”链接）本身不算栏目：每个板块代表其子栏目，读到子栏目自己的列表页时以列表页为准，否则按
板块判断并报告在索引页上。没有可见日期的信息按未更新计；晚于检查日期的日期不能让栏目算作已更新（由
future-date 报告）。不属于任何类别的栏目不判断是否超期。`,
	Site:      stale,
	Columns:   true,
	WholeSite: true,
	FromLists: true,
}

// Empty is the empty-column check.
var Empty = &checks.Check{
	ID:    "empty-column",
	Title: "空白栏目",
	Doc: `报告没有内容的栏目：列表页显示 暂无信息（暂无数据、暂无内容、…）、共0条，或列表为空，且没有列出任何本栏目
自己的信息——网站在每个页面重复出现的板块（最新发布、热点推荐、侧栏的通知公告）属于网站模板，不算栏目内容，
无论其中信息多新。由页面脚本根据页面中没有的数据绘制的列表（空的 AJAX 容器）不作判断：以提示（规则
list-unread）说明。信息公开索引页上某子栏目的板块没有信息（该页显示 暂无信息）而未读到该子栏目自己的
列表页时，报告在索引页上。空白栏目达五个即单项否决；监测厂商从三个起预警。
免于考核的栏目（专题，或在网站配置中免于考核的）不报告。`,
	Site:      empty,
	Columns:   true,
	WholeSite: true,
	FromLists: true,
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
			Page:     page(c),
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
			f.Evidence = fmt.Sprintf("共 %d 条信息，均无可见发布日期", len(c.Items)) + indexNote(c)
		} else {
			f.Message = fmt.Sprintf("栏目“%s”（%s）超过 %s未更新：最新信息发布于 %s，检查日期 %s",
				c.Name, c.Label, c.Window, day(newest.Date), day(asOf))
			f.Evidence = fmt.Sprintf("最新：%s《%s》", day(newest.Date), newest.Title) + indexNote(c) + templateNote(c)
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
			Page:     page(c),
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
	if c.Index != "" {
		e = "信息公开索引页上本栏目的板块没有列出信息，且该页显示“暂无信息”"
		switch c.EmptyCue {
		case "zero":
			e = "信息公开索引页上本栏目的板块没有列出信息，且该页显示“共0条”"
		case "blank":
			e = "信息公开索引页上本栏目的板块没有列出信息，且该页有空的信息列表"
		}
		e += indexNote(c)
	}
	return e + templateNote(c)
}

// page is where a column's findings point: its list page, or, for a
// column read only from an index page's block, that index page (the page
// a reader opens to see it, and the one a later run reads again).
func page(c *checks.Column) string {
	if c.Index != "" {
		return c.Index
	}
	return c.URL
}

// indexNote says that a column was read from an index page's block.
func indexNote(c *checks.Column) string {
	if c.Index == "" {
		return ""
	}
	return "（据索引页 " + c.Index + " 上的“" + c.Name + "”板块；未读到本栏目自己的列表页）"
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
