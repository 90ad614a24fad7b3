// Package attachment reports document attachments that cannot be
// downloaded or do not open: what inspectors check as 附件能否正常下载.
package attachment

import (
	"path"

	"govaudit/checks"
	"govaudit/internal/link"
)

// Check is the broken-attachment check.
var Check = &checks.Check{
	ID:    "broken-attachment",
	Title: "附件无法正常下载或打开",
	Doc: `报告每个无法下载或无法打开的文档附件链接，同一页面上的同一附件只报告一次。附件指网址以文档扩展名结尾的
链接（.pdf、.ofd、.doc、.docx、.xls、.xlsx、.ppt、.pptx、.wps、.et、.dps、.rtf、.zip、.rar、.7z、.txt、
.csv），或服务器以文件形式返回的任何链接（Content-Disposition: attachment，如 download.jsp?id=3）。每个附件
每次检查用分段请求（Range GET）探测一次：读取开头 64 KiB，PDF 和 zip 类文件再读取末尾字节；服务器不支持
Range 时最多读到上限（默认 8 MiB），不再多读。
下载失败沿用 dead-link 的规则：http-<status>（4xx 为错误；5xx 经重试仍失败为警告）；dns-failure、
connection-refused、tls-error、redirect-loop、too-many-redirects、soft-404 为错误；timeout、network-error、
soft-404-redirect 为警告。能下载但打不开的文件为错误，规则名说明原因：html-instead-of-file（返回的是网页，
常为错误页或登录页，而不是文件）、empty-file（0 字节）、type-mismatch（内容或 Content-Type 与扩展名不符：
以 .doc 命名的 PNG、以 text/html 返回的 PDF；application/octet-stream 等通用下载类型视为相符）、
pdf-truncated（最后 1 KiB 中没有 %%EOF）、zip-corrupt（docx/xlsx/pptx/ofd/zip 没有可读的中央目录）。未能读到
末尾的（超过上限、类似网页的下载不支持 Range）不作判断。首页上的链接标注【首页】。拒绝自动访问的目标不报告。
这些目标不由 dead-link 报告。`,
	Site: run,
}

// Is says whether a target is an attachment, this check's and not
// dead-link's: its URL has a document extension, or the probe judged its
// answer as a file.
func Is(target string, s checks.LinkStatus) bool {
	return link.IsAttachmentString(target) || s.File != nil
}

func run(pass *checks.SitePass) {
	for p := range pass.Site.Pages.All() {
		reported := make(map[string]bool)
		for l := range p.AllLinks() {
			if reported[l.URL] {
				continue
			}
			s, ok := pass.Site.Link(l.URL)
			if !ok || !Is(l.URL, s) {
				continue
			}
			f := checks.Finding{Check: "broken-attachment", Page: p.URL, Target: l.URL, Evidence: evidence(l)}
			sev, failed := s.Failed()
			switch {
			case failed:
				f.Severity, f.Rule, f.Message = sev, s.Rule, "附件无法下载："+s.Detail
				f.Transient = s.Class == checks.Transient
			case s.Class == checks.OK && s.File != nil && s.File.Problem != "":
				f.Severity, f.Rule, f.Message = checks.Error, s.File.Problem, "附件无法正常打开："+s.File.Detail
			default:
				continue
			}
			if p.Home {
				f.Message = "【首页】" + f.Message
			}
			reported[l.URL] = true
			pass.Report(f)
		}
	}
}

// evidence is the link's text, or the file's name when the link has none
// (an icon).
func evidence(l checks.Link) string {
	if l.Text != "" {
		return l.Text
	}
	if u, err := link.ParseAny(l.URL); err == nil {
		if name := path.Base(u.Path); name != "/" && name != "." {
			return name
		}
	}
	return l.URL
}
