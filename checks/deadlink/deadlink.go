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
	Doc: `Reports every link, image, frame and embedded object whose target does not open, once per
broken target per page. The rule names the cause: http-<status> (4xx: error; 5xx after retries:
warning), dns-failure, connection-refused, tls-error, redirect-loop, too-many-redirects,
soft-404 (a 200 page whose title or short body says 页面不存在/404/找不到/not found): errors;
timeout (not opened within 15 s after retries), network-error, soft-404-redirect (three or more
different URLs redirected onto one page): warnings. Links on the homepage are marked 【首页】,
as inspectors weigh them more. Targets that refuse automated visitors (403, a firewall's
challenge page, 429 after retries) are not reported as broken: reports list them for a manual look.
Document attachments (by extension, or served as a file) are broken-attachment's, not reported here.`,
	Site: run,
}

func run(pass *checks.SitePass) {
	for _, p := range pass.Site.Pages {
		reported := make(map[string]bool)
		for _, l := range p.Links {
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
