package attachment_test

import (
	"reflect"
	"testing"

	"govaudit/checks"
	"govaudit/checks/attachment"
	"govaudit/checks/deadlink"
)

func TestBrokenAttachment(t *testing.T) {
	file := func(problem, detail string) *checks.FileFacts {
		return &checks.FileFacts{ContentType: "application/pdf", Length: 1024, Inspected: true, Problem: problem, Detail: detail}
	}
	verdicts := map[string]checks.LinkStatus{
		"http://a.gov.cn/files/404.pdf":    {Class: checks.Broken, Status: 404, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
		"http://a.gov.cn/files/slow.docx":  {Class: checks.Transient, Rule: "timeout", Detail: "15s 内未打开（已重试 2 次）"},
		"http://a.gov.cn/files/html.pdf":   {Class: checks.OK, Status: 200, File: file("html-instead-of-file", "附件内容为网页（可能是错误页），无法作为 PDF 打开")},
		"http://a.gov.cn/files/empty.docx": {Class: checks.OK, Status: 200, File: file("empty-file", "附件为空文件（0 字节），无法作为 Word 文档打开")},
		"http://a.gov.cn/files/ok.pdf":     {Class: checks.OK, Status: 206, File: file("", "")},
		// an icon link to a file whose name holds a stray "%" (sent as
		// written; url.Parse refuses it)
		"http://a.gov.cn/files/%E5%90%8D%E5%8D%95100%.pdf": {Class: checks.Broken, Status: 404, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
		"http://a.gov.cn/files/cached.xlsx":                {Class: checks.OK, Detail: "cached"}, // no facts: not judged
		"http://a.gov.cn/download.jsp?id=3":                {Class: checks.OK, Status: 200, File: &checks.FileFacts{Attachment: true, Inspected: true, Problem: "zip-corrupt", Detail: "ZIP 压缩包结构损坏"}},
		"http://a.gov.cn/download.jsp?id=4":                {Class: checks.OK, Status: 200, File: &checks.FileFacts{Attachment: true, Inspected: true}},
		"http://waf.gov.cn/a.pdf":                          {Class: checks.Blocked, Rule: "blocked", File: file("html-instead-of-file", "网页")},
		"http://a.gov.cn/admin/a.pdf":                      {Class: checks.Skipped},
		"http://a.gov.cn/404.html":                         {Class: checks.Broken, Status: 404, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
		"http://a.gov.cn/images/missing.png":               {Class: checks.Broken, Status: 404, Rule: "http-404", Detail: "HTTP 404 页面不存在"},
	}
	site := &checks.Site{
		Pages: checks.PagesOf([]*checks.PageSummary{
			{URL: "http://a.gov.cn/", Home: true, Links: []checks.Link{
				{URL: "http://a.gov.cn/files/404.pdf", Text: "2026年部门预算"},
				{URL: "http://a.gov.cn/files/404.pdf", Kind: checks.Embed}, // same target twice: one finding
				{URL: "http://a.gov.cn/files/%E5%90%8D%E5%8D%95100%.pdf"},
				{URL: "http://a.gov.cn/files/ok.pdf", Text: "ok"},
				{URL: "http://a.gov.cn/404.html", Text: "旧栏目"},
				{URL: "http://a.gov.cn/images/missing.png"},
			}},
			{URL: "http://a.gov.cn/art/1.html", Links: []checks.Link{
				{URL: "http://a.gov.cn/files/slow.docx", Text: "报名表"},
				{URL: "http://a.gov.cn/files/html.pdf", Text: "实施办法"},
				{URL: "http://a.gov.cn/files/empty.docx"},
				{URL: "http://a.gov.cn/files/cached.xlsx", Text: "名单"},
				{URL: "http://a.gov.cn/download.jsp?id=3", Text: "招生计划（压缩包）"},
				{URL: "http://a.gov.cn/download.jsp?id=4", Text: "ok"},
				{URL: "http://waf.gov.cn/a.pdf", Text: "waf"},
				{URL: "http://a.gov.cn/admin/a.pdf", Text: "skipped"},
				{URL: "http://a.gov.cn/files/unchecked.pdf", Text: "unchecked"},
			}},
		}...),
		Link: func(u string) (checks.LinkStatus, bool) { s, ok := verdicts[u]; return s, ok },
	}
	var got []checks.Finding
	attachment.Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { got = append(got, f) }})
	want := []checks.Finding{
		{Check: "broken-attachment", Severity: checks.Error, Page: "http://a.gov.cn/", Target: "http://a.gov.cn/files/404.pdf", Rule: "http-404",
			Message: "【首页】附件无法下载：HTTP 404 页面不存在", Evidence: "2026年部门预算"},
		{Check: "broken-attachment", Severity: checks.Error, Page: "http://a.gov.cn/", Target: "http://a.gov.cn/files/%E5%90%8D%E5%8D%95100%.pdf", Rule: "http-404",
			Message: "【首页】附件无法下载：HTTP 404 页面不存在", Evidence: "名单100%.pdf"},
		{Check: "broken-attachment", Severity: checks.Warning, Page: "http://a.gov.cn/art/1.html", Target: "http://a.gov.cn/files/slow.docx", Rule: "timeout",
			Message: "附件无法下载：15s 内未打开（已重试 2 次）", Evidence: "报名表", Transient: true},
		{Check: "broken-attachment", Severity: checks.Error, Page: "http://a.gov.cn/art/1.html", Target: "http://a.gov.cn/files/html.pdf", Rule: "html-instead-of-file",
			Message: "附件无法正常打开：附件内容为网页（可能是错误页），无法作为 PDF 打开", Evidence: "实施办法"},
		{Check: "broken-attachment", Severity: checks.Error, Page: "http://a.gov.cn/art/1.html", Target: "http://a.gov.cn/files/empty.docx", Rule: "empty-file",
			Message: "附件无法正常打开：附件为空文件（0 字节），无法作为 Word 文档打开", Evidence: "empty.docx"},
		{Check: "broken-attachment", Severity: checks.Error, Page: "http://a.gov.cn/art/1.html", Target: "http://a.gov.cn/download.jsp?id=3", Rule: "zip-corrupt",
			Message: "附件无法正常打开：ZIP 压缩包结构损坏", Evidence: "招生计划（压缩包）"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("finding %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}

	// dead-link reports the page and the image, never an attachment: no
	// target is reported twice.
	var dead []checks.Finding
	deadlink.Check.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { dead = append(dead, f) }})
	if len(dead) != 2 || dead[0].Target != "http://a.gov.cn/404.html" || dead[1].Target != "http://a.gov.cn/images/missing.png" {
		t.Errorf("dead-link findings %+v, want the page and the image only", dead)
	}
}

func TestIs(t *testing.T) {
	for _, c := range []struct {
		url  string
		s    checks.LinkStatus
		want bool
	}{
		{"http://a.gov.cn/a.PDF", checks.LinkStatus{}, true},
		{"http://a.gov.cn/a.docx", checks.LinkStatus{Class: checks.Broken}, true},
		{"http://a.gov.cn/download.jsp?id=3", checks.LinkStatus{File: &checks.FileFacts{Attachment: true}}, true},
		{"http://a.gov.cn/download.jsp?id=3", checks.LinkStatus{Class: checks.Broken}, false},
		{"http://a.gov.cn/a.html", checks.LinkStatus{}, false},
		{"http://a.gov.cn/logo.png", checks.LinkStatus{}, false},
	} {
		if got := attachment.Is(c.url, c.s); got != c.want {
			t.Errorf("Is(%s, %+v) = %v", c.url, c.s, got)
		}
	}
}

func TestCheckIsValid(t *testing.T) {
	if err := checks.Validate([]*checks.Check{attachment.Check, deadlink.Check}); err != nil {
		t.Fatal(err)
	}
}
