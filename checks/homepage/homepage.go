// Package homepage reports the two homepage items of the single-veto list:
// a homepage that does not open, and a homepage with no new information for
// two weeks.
package homepage

import (
	"fmt"
	"time"

	"govaudit/checks"
)

// Days after which a homepage counts as not updated (veto), and after
// which monitoring vendors warn.
const (
	VetoDays = 14
	WarnDays = 10
)

// Check is the homepage check.
var Check = &checks.Check{
	ID:    "homepage",
	Title: "首页可用性与更新",
	Doc: `报告无法打开的首页（规则 unreachable：返回错误状态码，或在检查允许的 15 s 内未打开），以及未更新的首页：
最新一条带日期的信息早于检查日期 14 天或更久（规则 not-updated，错误：单项否决），或 10 天或更久（规则
update-warning，警告：监测厂商的预警线）。首页不显示日期时，按存储的内容历史判断：14 天未变化（警告为
10 天）即未更新；网站第一次检查时还没有历史，不报告。`,
	Site: run,
}

func run(pass *checks.SitePass) {
	site := pass.Site
	st := site.HomeStatus
	if st.Class != checks.OK && st.Class != checks.Skipped {
		pass.Report(checks.Finding{
			Check: "homepage", Severity: checks.Error, Page: site.Start, Rule: "unreachable",
			Message: "首页无法访问：" + st.Detail, Evidence: st.Rule,
		})
		return
	}
	if site.Home == nil {
		return
	}
	last, how := Updated(site)
	if last.IsZero() {
		return
	}
	days := int(dayOf(site.AsOf).Sub(dayOf(last)).Hours() / 24)
	f := checks.Finding{Check: "homepage", Page: site.Start, Evidence: how}
	switch {
	case days >= VetoDays:
		f.Severity, f.Rule = checks.Error, "not-updated"
		f.Message = fmt.Sprintf("首页 %d 天未更新（%s 起，检查日期 %s）：超过 2 周即单项否决", days, last.Format("2006-01-02"), site.AsOf.Format("2006-01-02"))
	case days >= WarnDays:
		f.Severity, f.Rule = checks.Warning, "update-warning"
		f.Message = fmt.Sprintf("首页已 %d 天未更新（%s 起）：再过 %d 天即达单项否决线", days, last.Format("2006-01-02"), VetoDays-days)
	default:
		return
	}
	pass.Report(f)
}

// Updated returns when the homepage last showed new information, and how
// that was learned: its newest dated item (not after the check date), or
// the stored content history when it shows no dates. Zero if unknown.
func Updated(site *checks.Site) (time.Time, string) {
	var newest time.Time
	limit := dayOf(site.AsOf).AddDate(0, 0, 1)
	for _, it := range site.Home.Items {
		if it.Date.Before(limit) && it.Date.After(newest) {
			newest = it.Date
		}
	}
	if !newest.IsZero() {
		return newest, "首页最新信息日期 " + newest.Format("2006-01-02")
	}
	if !site.HomeChanged.IsZero() {
		return site.HomeChanged, "首页无日期，按内容最后变化时间 " + site.HomeChanged.Format("2006-01-02") + " 判断"
	}
	return time.Time{}, ""
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
