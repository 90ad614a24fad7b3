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
		Pages: checks.PagesOf([]*checks.PageSummary{
			{URL: "http://a.gov.cn/", Home: true, Links: []checks.Link{
				{URL: "http://a.gov.cn/404", Text: "旧栏目"},
				{URL: "http://a.gov.cn/404", Kind: checks.Image}, // same target twice: one finding
				{URL: "http://a.gov.cn/ok"}, {URL: "http://b.gov.cn/"}, {URL: "http://a.gov.cn/admin/x"},
				{URL: "http://a.gov.cn/unchecked"},
			}},
			{URL: "http://a.gov.cn/p.html", Links: []checks.Link{{URL: "http://a.gov.cn/slow", Text: "办事大厅"}}},
		}...),
		Link: func(u string) (checks.LinkStatus, bool) { s, ok := verdicts[u]; return s, ok },
	}
	var got []checks.Finding
	Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { got = append(got, f) }})
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(got), got)
	}
	if f := got[0]; f.Rule != "http-404" || f.Severity != checks.Error || f.Message != "【首页】链接无法打开：HTTP 404 页面不存在" || f.Evidence != "链接“旧栏目”" || f.Transient {
		t.Errorf("homepage finding = %+v", f)
	}
	if f := got[1]; f.Rule != "timeout" || f.Severity != checks.Warning || f.Page != "http://a.gov.cn/p.html" || !f.Transient {
		t.Errorf("transient finding = %+v", f)
	}
}

func TestCheckIsValid(t *testing.T) {
	if err := checks.Validate([]*checks.Check{Check}); err != nil {
		t.Fatal(err)
	}
}

// TestAttachmentsAreNotDeadLinks: attachment targets (by extension, or
// served as a file) are broken-attachment's.
func TestAttachmentsAreNotDeadLinks(t *testing.T) {
	verdicts := map[string]checks.LinkStatus{
		"http://a.gov.cn/files/404.pdf":     {Class: checks.Broken, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
		"http://a.gov.cn/files/a.XLSX":      {Class: checks.Transient, Rule: "timeout", Detail: "超时"},
		"http://a.gov.cn/download.jsp?id=3": {Class: checks.Broken, Rule: "soft-404", File: &checks.FileFacts{Attachment: true}},
		"http://a.gov.cn/download.jsp?id=4": {Class: checks.Broken, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
	}
	site := &checks.Site{
		Pages: checks.PagesOf([]*checks.PageSummary{{URL: "http://a.gov.cn/a.html", Links: []checks.Link{
			{URL: "http://a.gov.cn/files/404.pdf"}, {URL: "http://a.gov.cn/files/a.XLSX"},
			{URL: "http://a.gov.cn/download.jsp?id=3"}, {URL: "http://a.gov.cn/download.jsp?id=4"},
		}}}...),
		Link: func(u string) (checks.LinkStatus, bool) { s, ok := verdicts[u]; return s, ok },
	}
	var got []checks.Finding
	Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { got = append(got, f) }})
	// download.jsp?id=4 failed before any file came: a dead link.
	if len(got) != 1 || got[0].Target != "http://a.gov.cn/download.jsp?id=4" {
		t.Errorf("findings %+v, want only download.jsp?id=4", got)
	}
}
