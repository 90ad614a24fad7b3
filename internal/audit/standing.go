package audit

import (
	"fmt"

	"govaudit/checks"
	"govaudit/checks/homepage"
	"govaudit/internal/outcome"
)

// The veto lines (domain.md §1) and the vendors' earlier warnings.
const (
	vetoStaleA, warnStaleA     = 5, 3  // 动态要闻 + 通知公告/政策文件 not updated
	vetoStaleAll, warnStaleAll = 10, 7 // columns that should update but have not ("more than 6")
	vetoEmpty, warnEmpty       = 5, 3  // blank columns ("more than 2")
)

// standing measures the site against the veto lines this run can judge.
// Column lines count the distinct findings that name them
// (checks.Finding.Veto), n by line, before any cap; on a crawl that saw
// part of the site they cannot be judged.
func standing(site *checks.Site, n map[string]int, whole bool) []outcome.VetoLine {
	lines := []outcome.VetoLine{homeReach(site), homeUpdate(site)}
	for _, l := range []outcome.VetoLine{
		count(outcome.VetoStaleA, "栏目不更新：动态要闻超 2 周、通知公告/政策文件超 6 个月未更新的栏目数", n[outcome.VetoStaleA], warnStaleA, vetoStaleA),
		count(outcome.VetoStaleB, "栏目不更新：应更新而长期未更新的栏目总数", n[outcome.VetoStaleB], warnStaleAll, vetoStaleAll),
		count(outcome.VetoEmptyC, "空白栏目数", n[outcome.VetoEmptyC], warnEmpty, vetoEmpty),
	} {
		if !whole {
			l.Value, l.Level, l.Detail = 0, outcome.Unknown, "本次检查未覆盖全站，栏目无法判断"
		}
		lines = append(lines, l)
	}
	return lines
}

func count(id, item string, n, warn, fail int) outcome.VetoLine {
	l := outcome.VetoLine{ID: id, Item: item, Value: n, Warn: warn, Fail: fail, Unit: "columns", Level: outcome.Pass}
	switch {
	case n >= fail:
		l.Level = outcome.Fail
	case n >= warn:
		l.Level = outcome.Warn
	}
	l.Detail = fmt.Sprintf("%d 个（预警线 %d，否决线 %d）", n, warn, fail)
	return l
}

func homeReach(site *checks.Site) outcome.VetoLine {
	l := outcome.VetoLine{ID: outcome.VetoHomepageOpen, Item: "首页可用性（本次检查）", Warn: 1, Fail: 1, Unit: "failures",
		Level: outcome.Pass, Detail: "首页可以打开"}
	if s := site.HomeStatus; s.Class != checks.OK {
		l.Value, l.Level, l.Detail = 1, outcome.Fail, "首页无法打开："+s.Detail+"（单项否决以一周内 20 次以上探测的失败率计，超过 5% 否决）"
	}
	return l
}

func homeUpdate(site *checks.Site) outcome.VetoLine {
	l := outcome.VetoLine{ID: outcome.VetoHomepageUpdated, Item: "首页更新：距最近一次更新的天数", Warn: homepage.WarnDays,
		Fail: homepage.VetoDays, Unit: "days"}
	if site.Home == nil {
		l.Level, l.Detail = outcome.Unknown, "首页未抓取到"
		return l
	}
	last, how := homepage.Updated(site)
	if last.IsZero() {
		l.Level, l.Detail = outcome.Unknown, "首页没有可见日期，也还没有内容变化的历史记录（再检查一次后可判断）"
		return l
	}
	l.Value = int(Day(site.AsOf).Sub(Day(last)).Hours() / 24)
	l.Level = outcome.Pass
	switch {
	case l.Value >= l.Fail:
		l.Level = outcome.Fail
	case l.Value >= l.Warn:
		l.Level = outcome.Warn
	}
	l.Detail = fmt.Sprintf("%d 天（%s；预警线 %d 天，否决线 %d 天）", l.Value, how, l.Warn, l.Fail)
	return l
}
