package deadlink

import (
	"testing"

	"govaudit/checks"
)

func TestDeadLink(t *testing.T) {
	verdicts := map[string]checks.LinkStatus{
		"http://a.gov.cn/404":     {Class: checks.Broken, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
		"http://a.gov.cn/slow":    {Class: checks.Transient, Rule: "timeout", Detail: "超时"},
		"http://a.gov.cn/ok":      {Class: checks.OK},
		"http://b.gov.cn/":        {Class: checks.Blocked, Rule: "blocked"},
		"http://a.gov.cn/admin/x": {Class: checks.Skipped},
	}
	site := &checks.Site{
		Pages: []*checks.PageSummary{
			{URL: "http://a.gov.cn/", Home: true, Links: []checks.Link{
				{URL: "http://a.gov.cn/404", Text: "旧栏目"},
				{URL: "http://a.gov.cn/404", Kind: checks.Image}, // same target twice: one finding
				{URL: "http://a.gov.cn/ok"}, {URL: "http://b.gov.cn/"}, {URL: "http://a.gov.cn/admin/x"},
				{URL: "http://a.gov.cn/unchecked"},
			}},
			{URL: "http://a.gov.cn/p.html", Links: []checks.Link{{URL: "http://a.gov.cn/slow", Text: "办事大厅"}}},
		},
		Link: func(u string) (checks.LinkStatus, bool) { s, ok := verdicts[u]; return s, ok },
	}
	var got []checks.Finding
	Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { got = append(got, f) }})
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(got), got)
	}
	if f := got[0]; f.Rule != "http-404" || f.Severity != checks.Error || f.Message != "【首页】链接无法打开：HTTP 404 页面不存在" || f.Evidence != "链接“旧栏目”" {
		t.Errorf("homepage finding = %+v", f)
	}
	if f := got[1]; f.Rule != "timeout" || f.Severity != checks.Warning || f.Page != "http://a.gov.cn/p.html" {
		t.Errorf("transient finding = %+v", f)
	}
}

func TestCheckIsValid(t *testing.T) {
	if err := checks.Validate([]*checks.Check{Check}); err != nil {
		t.Fatal(err)
	}
}
