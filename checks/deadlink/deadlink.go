// Package deadlink reports links that do not open: the first thing an
// inspector counts, on the homepage and on every other page.
package deadlink

import (
	"govaudit/checks"
	"govaudit/checks/attachment"
)

// Check is the dead-link check.
var Check = &checks.Check{
	ID:    "dead-link",
	Title: "链接无法打开",
	Doc: `报告目标无法打开的每个链接、图片、框架（frame）和嵌入对象，同一页面上的同一失效目标只报告一次。
规则名说明原因：http-<status>（4xx 为错误；5xx 经重试仍失败为警告）；以下为错误：dns-failure、
connection-refused、tls-error、redirect-loop、too-many-redirects、soft-404（返回 200，但标题或简短正文
显示 页面不存在/404/找不到/not found）；以下为警告：timeout（重试后 15 s 内仍未打开）、network-error、
soft-404-redirect（三个或更多不同网址被重定向到同一页面）。首页上的链接标注【首页】，因为检查人员更看重
首页。拒绝自动访问的目标（403、防火墙的验证页、重试后仍为 429）不作为失效报告：报告中单独列出，供人工查看。
文档附件（按扩展名判断，或以文件形式返回）归 broken-attachment 检查，不在此报告。`,
	Site: run,
}

func run(pass *checks.SitePass) {
	for p := range pass.Site.Pages.All() {
		reported := make(map[string]bool)
		for l := range p.AllLinks() {
			if reported[l.URL] {
				continue
			}
			s, ok := pass.Site.Link(l.URL)
			if !ok || attachment.Is(l.URL, s) {
				continue
			}
			sev, failed := s.Failed()
			if !failed {
				continue
			}
			reported[l.URL] = true
			msg := "链接无法打开：" + s.Detail
			if p.Home {
				msg = "【首页】" + msg
			}
			pass.Report(checks.Finding{
				Check:     "dead-link",
				Severity:  sev,
				Page:      p.URL,
				Target:    l.URL,
				Rule:      s.Rule,
				Message:   msg,
				Evidence:  evidence(l),
				Transient: s.Class == checks.Transient,
			})
		}
	}
}

func evidence(l checks.Link) string {
	kind := map[checks.LinkKind]string{checks.Anchor: "链接", checks.Frame: "框架", checks.Image: "图片", checks.Embed: "嵌入对象"}[l.Kind]
	if l.Text == "" {
		return kind
	}
	return kind + "“" + l.Text + "”"
}
