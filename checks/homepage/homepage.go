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
	Doc: `Reports a homepage that does not open (rule unreachable: an error status, or not opened within
the 15 s inspectors allow), and a homepage not updated: its newest dated item is 14 days or more
before the check date (rule not-updated, error: 单项否决), or 10 days or more (rule update-warning,
warning: the monitoring vendors' early line). A homepage that shows no dates is judged by its stored
content history: unchanged for 14 days (10 for the warning) is not updated; on a site's first audit
there is no history yet and nothing is reported.`,
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
