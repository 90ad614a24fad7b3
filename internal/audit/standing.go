package audit

import (
	"fmt"

	"govaudit/checks"
	"govaudit/checks/homepage"
	"govaudit/rules"
)

// Level is where a site stands on one veto line.
type Level string

const (
	Pass    Level = "pass"    // 合格
	Warn    Level = "warning" // 预警: past the monitoring vendors' early line
	Fail    Level = "fail"    // 不合格: at or past the veto line
	Unknown Level = "unknown" // 无法判断
)

// Label is the level in Chinese.
func (l Level) Label() string {
	return map[Level]string{Pass: "合格", Warn: "预警", Fail: "不合格", Unknown: "无法判断"}[l]
}

// VetoLine is the site's standing against one single-veto item of
// 国办秘函〔2019〕19号: the value measured, the vendors' warning line and
// the veto line (both "at or above").
type VetoLine struct {
	Item   string `json:"item"`
	Value  int    `json:"value"`
	Warn   int    `json:"warn"`
	Fail   int    `json:"fail"`
	Level  Level  `json:"level"`
	Detail string `json:"detail"`
}

// The veto lines (domain.md §1) and the vendors' earlier warnings.
const (
	vetoStaleA, warnStaleA     = 5, 3  // 动态要闻 + 通知公告/政策文件 not updated
	vetoStaleAll, warnStaleAll = 10, 7 // columns that should update but have not ("more than 6")
	vetoEmpty, warnEmpty       = 5, 3  // blank columns ("more than 2")
)

// standing measures the site against the veto lines this run can judge.
func standing(site *checks.Site, findings []checks.Finding, classes []rules.ColumnClass) []VetoLine {
	vetoA := map[string]bool{}
	for _, c := range classes {
		if c.Veto == "a" {
			vetoA["stale-"+c.ID] = true
		}
	}
	var staleA, staleAll, empty int
	for _, f := range findings {
		switch f.Check {
		case "stale-column":
			staleAll++
			if vetoA[f.Rule] {
				staleA++
			}
		case "empty-column":
			empty++
		}
	}
	lines := []VetoLine{homeReach(site), homeUpdate(site)}
	lines = append(lines,
		count("栏目不更新：动态要闻超 2 周、通知公告/政策文件超 6 个月未更新的栏目数", staleA, warnStaleA, vetoStaleA),
		count("栏目不更新：应更新而长期未更新的栏目总数", staleAll, warnStaleAll, vetoStaleAll),
		count("空白栏目数", empty, warnEmpty, vetoEmpty),
	)
	return lines
}

func count(item string, n, warn, fail int) VetoLine {
	l := VetoLine{Item: item, Value: n, Warn: warn, Fail: fail, Level: Pass}
	switch {
	case n >= fail:
		l.Level = Fail
	case n >= warn:
		l.Level = Warn
	}
	l.Detail = fmt.Sprintf("%d 个（预警线 %d，否决线 %d）", n, warn, fail)
	return l
}

func homeReach(site *checks.Site) VetoLine {
	l := VetoLine{Item: "首页可用性（本次检查）", Warn: 1, Fail: 1, Level: Pass, Detail: "首页可以打开"}
	if s := site.HomeStatus; s.Class != checks.OK {
		l.Value, l.Level, l.Detail = 1, Fail, "首页无法打开："+s.Detail+"（单项否决以一周内 20 次以上探测的失败率计，超过 5% 否决）"
	}
	return l
}

func homeUpdate(site *checks.Site) VetoLine {
	l := VetoLine{Item: "首页更新：距最近一次更新的天数", Warn: homepage.WarnDays, Fail: homepage.VetoDays}
	if site.Home == nil {
		l.Level, l.Detail = Unknown, "首页未抓取到"
		return l
	}
	last, how := homepage.Updated(site)
	if last.IsZero() {
		l.Level, l.Detail = Unknown, "首页没有可见日期，也还没有内容变化的历史记录（再检查一次后可判断）"
		return l
	}
	l.Value = int(Day(site.AsOf).Sub(Day(last)).Hours() / 24)
	l.Level = Pass
	switch {
	case l.Value >= l.Fail:
		l.Level = Fail
	case l.Value >= l.Warn:
		l.Level = Warn
	}
	l.Detail = fmt.Sprintf("%d 天（%s；预警线 %d 天，否决线 %d 天）", l.Value, how, l.Warn, l.Fail)
	return l
}
