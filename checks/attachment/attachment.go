// Package attachment reports document attachments that cannot be
// downloaded or do not open: what inspectors check as 附件能否正常下载.
package attachment

import (
	"net/url"
	"path"

	"govaudit/checks"
	"govaudit/internal/link"
)

// Check is the broken-attachment check.
var Check = &checks.Check{
	ID:    "broken-attachment",
	Title: "附件无法正常下载或打开",
	Doc: `Reports every link to a document attachment that cannot be downloaded or does not open, once
per attachment per page. An attachment is a link whose URL ends in a document extension (.pdf, .ofd,
.doc, .docx, .xls, .xlsx, .ppt, .pptx, .wps, .et, .dps, .rtf, .zip, .rar, .7z, .txt, .csv), or any link
whose answer is a file (Content-Disposition: attachment, as download.jsp?id=3 sends). Each is probed
once per run with ranged GETs: the first 64 KiB, and for PDF and zip-based files the last bytes;
a server that ignores Range is read up to a cap (8 MiB by default) and no further.
Download failures keep dead-link's rules: http-<status> (4xx: error; 5xx after retries: warning),
dns-failure, connection-refused, tls-error, redirect-loop, too-many-redirects, soft-404 (errors),
timeout, network-error, soft-404-redirect (warnings). A file that downloads but does not open is an
error, its rule naming the cause: html-instead-of-file (a web page, often an error or login page,
served in place of the file), empty-file (0 bytes), type-mismatch (content or Content-Type not what
the extension promises: a PNG named .doc, a PDF served as text/html; generic download types such as
application/octet-stream are accepted), pdf-truncated (no %%EOF in the last 1 KiB), zip-corrupt (a
docx/xlsx/pptx/ofd/zip without a readable central directory). Ends that could not be read (over the
cap, no Range support for a page-like download) are not judged. Links on the homepage are marked
【首页】. Targets that refuse automated visitors are not reported. These targets are not dead-link's.`,
	Site: run,
}

// Is says whether a target is an attachment, this check's and not
// dead-link's: its URL has a document extension, or the probe judged its
// answer as a file.
func Is(target string, s checks.LinkStatus) bool {
	return link.IsAttachmentString(target) || s.File != nil
}

func run(pass *checks.SitePass) {
	for _, p := range pass.Site.Pages {
		reported := make(map[string]bool)
		for _, l := range p.Links {
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
	if u, err := url.Parse(l.URL); err == nil {
		if name := path.Base(u.Path); name != "/" && name != "." {
			return name
		}
	}
	return l.URL
}
