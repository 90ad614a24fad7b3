package interpretation

import (
	"testing"

	"govaudit/checks"
)

// TestColumnByMetaNameMutation: a policy document with no breadcrumbs is
// placed by its ColumnName meta tag (《政府网站发展指引》 page-level
// identity) in the column of that name, 政策文件 — not in a column of
// another name such as 政策解读 — so an unpaired one is still reported.
func TestColumnByMetaNameMutation(t *testing.T) {
	const (
		docA   = "/xxgk/zcwj/202611/t20261120_1.html"
		titleA = "澜江市教育局关于印发《澜江市课后服务管理办法》的通知"
		noA    = "澜教发〔2026〕30号"
	)
	p := doc(docA, titleA, noA, "2026-11-20")
	p.Crumbs = nil
	got := run1(Check, mkSite([]*checks.PageSummary{p}))
	if len(got) != 1 || got[0].Rule != "no-interpretation" {
		t.Errorf("findings %+v, want one no-interpretation", got)
	}
}
