package demo

import (
	"fmt"
	"net/http"
)

// Hosts of the demo. Every host in webHosts is served on one plain-HTTP
// listener (port 80 in URLs), switched on the Host header.
const (
	mainHost    = "jyj.lanjiang.gov.cn"  // the audited site
	invalidHost = "www.old-site.invalid" // never in Hosts: DNS failure
	refusedHost = "zsks.lanjiang.gov.cn" // Hosts points at a closed port
	tlsHost     = "zwfw.lanjiang.gov.cn" // https with an expired certificate
)

var webHosts = []string{
	mainHost,
	"www.lanjiang.gov.cn",      // city portal: 301 trap, 502
	"www.zhejiang-demo.gov.cn", // province: 403 trap, 429 trap, soft 404
	"www.moe-demo.gov.cn",      // ministry: HEAD 405, GET 200
	"data.lanjiang.gov.cn",     // open-data platform behind a WAF challenge (云锁)
	"rsj.lanjiang.gov.cn",      // human resources bureau behind a WAF challenge (安全狗)
	"tjj.lanjiang.gov.cn",      // statistics bureau: 503 with Retry-After once, then 200
	"zxft.lanjiang.gov.cn",     // online interviews: 503 for ever
	"wsbs.lanjiang.gov.cn",     // online service hall: never answers
	"beian.miit.gov.cn",        // footer: ICP record
	"www.beian.gov.cn",         // footer: public-security record
	"bszs.conac.cn",            // footer: 党政机关网站标识
	"dcs.conac.cn",             // footer: badge image
}

// Planted ids whose repair is not a matter of what a URL answers.
const (
	idDNS     = "old-site-dns"        // adds invalidHost to Hosts
	idRefused = "exam-site-refused"   // points refusedHost at the web listener
	idTLS     = "service-tls-expired" // tlsHost switches to a certificate from RootCAs
)

// An answer is what the site does for one URL.
type answer func(s *Site, w http.ResponseWriter, r *http.Request)

// special maps "host/path" (or "host/*": every path of a host) to its
// answer; exact paths win over "/*". Anything not here is served from
// site/<host>/. Query strings and ;jsessionid= path parameters are ignored.
var special = specials()

// plantedIDs holds every id that planted() guards (checked against want.txt
// by the tests).
var plantedIDs = map[string]bool{}

func specials() map[string]answer {
	m := map[string]answer{
		// ---- planted: see want.txt ----
		mainHost + "/xxgk/zdly/index.html":                           planted(status(404), "home-dead-link"),
		mainHost + "/xxgk/tzgg/202609/t20260915_5011873.html":        planted(status(404), "deleted-notice-from-gzdt", "deleted-notice-from-tzgg"),
		mainHost + "/xxgk/gzdt/202611/W020261118512345678903.jpg":    planted(status(404), "image-404"),
		mainHost + "/xxgk/tzgg/202610/P020261012384756102938.pdf":    planted(status(404), "attachment-404"),
		mainHost + "/xxgk/ghjh/201601/t20160118_1003001.html":        planted(status(404), "gbk-meta-dead-link"),
		mainHost + "/xxgk/jgzn/ldxx_2019.html":                       planted(status(404), "gbk-undeclared-dead-link"),
		mainHost + "/zt/xyaq/content/xyaq_2019.html":                 planted(status(404), "base-href-dead-link"),
		mainHost + "/xxgk/zcwj/202401/t20240110_4800121.html":        planted(status(410), "withdrawn-policy-410"),
		mainHost + "/xxgk/zcjd/202611/t20261118_5012413.html":        planted(status(404), "interpretation-404", "interp-dead-food-safety"),
		mainHost + "/hdjl/zxzx/list.jsp":                             planted(status(500), "consult-list-500"),
		"www.lanjiang.gov.cn/col/col1502/index.html":                 planted(status(502), "portal-catalog-502"),
		"zxft.lanjiang.gov.cn/*":                                     planted(status(503), "interview-503"),
		invalidHost + "/*":                                           planted(status(404), idDNS),
		refusedHost + "/*":                                           planted(status(404), idRefused),
		"wsbs.lanjiang.gov.cn/*":                                     planted(hang, "service-hall-timeout"),
		tlsHost + "/*":                                               planted(serveFile, idTLS),
		mainHost + "/zt/jyszh/index.jhtml":                           planted(redirect(302, "/zt/jyszh/index.shtml"), "topic-redirect-loop"),
		mainHost + "/zt/jyszh/index.shtml":                           planted(redirect(302, "/zt/jyszh/index.jhtml"), "topic-redirect-loop"),
		mainHost + "/xxgk/tzgg/202605/t20260506_4960021.html":        planted(serveFile, "insite-soft-404"),
		"www.zhejiang-demo.gov.cn/art/2025/3/1/art_1229_581234.html": planted(serveFile, "external-soft-404"),
		mainHost + "/xxgk/gzdt/202603/t20260302_4910001.html":        planted(redirect(302, "/error.html"), "deleted-redirect-gzdt-a"),
		mainHost + "/xxgk/gzdt/202603/t20260315_4910002.html":        planted(redirect(302, "/error.html"), "deleted-redirect-gzdt-b"),
		mainHost + "/xxgk/rsxx/202604/t20260410_4920003.html":        planted(redirect(302, "/error.html"), "deleted-redirect-rsxx"),
		mainHost + "/xxgk/tzgg/202603/t20260320_4930004.html":        planted(redirect(302, "/error.html"), "deleted-redirect-tzgg"),

		// ---- planted: attachments that download but do not open (attachments.go) ----
		attachmentDir + "P020261015384756100021.pdf":  planted(systemMessagePage, "attachment-html-page"),
		attachmentDir + "P020261015384756100022.docx": planted(fileOnce(contentType(".docx"), func() []byte { return nil }), "attachment-empty-docx"),
		attachmentDir + "P020261015384756100023.pdf":  planted(fileOnce(contentType(".pdf"), truncatedPDF), "attachment-truncated-pdf"),
		attachmentDir + "P020261015384756100024.xlsx": planted(fileOnce(contentType(".xlsx"), cutXLSX), "attachment-corrupt-xlsx"),
		attachmentDir + "P020261015384756100025.doc":  planted(fileOnce(contentType(".doc"), pngAsDoc), "attachment-png-as-doc"),
		portalDownload: planted(portalDownloadAnswer, "portal-download-corrupt-zip"),

		// ---- traps: must not be reported (see the head of want.txt) ----
		"www.zhejiang-demo.gov.cn/col/col1545735/index.html": status(403),               // trap: blocked, not broken
		"www.zhejiang-demo.gov.cn/jrobot/search.do":          tooManyRequests,           // trap: 429 for ever
		"data.lanjiang.gov.cn/*":                             fileAt("/challenge.html"), // trap: WAF challenge
		"rsj.lanjiang.gov.cn/*":                              fileAt("/waf.html"),       // trap: WAF challenge
		"tjj.lanjiang.gov.cn/col/col1229/index.html":         unavailableOnce,           // trap: 503 + Retry-After: 1, then 200
		"www.moe-demo.gov.cn/*":                              headNotAllowed,            // trap: HEAD 405, GET 200
		"www.lanjiang.gov.cn/zwgk/":                          redirect(301, "/col/col1229/index.html"),
		mainHost + "/xxgk/zfxxgkzn/index.html":               redirect(301, "/xxgk/gkzn/index.html"),
		mainHost + "/index.htm":                              redirect(301, "/"),
		mainHost + "/default.html":                           redirect(301, "/"),
		mainHost + "/index.shtml":                            redirect(301, "/"),
		mainHost + "/calendar/":                              calendar,                                   // trap: endless (calendar.go)
		attachmentDir + "P020261015384756100027.pdf":         wholeFile(contentType(".pdf"), officesPDF), // trap: no Range support
	}
	// A chain of 15 distinct redirects, r01 → r02 → … → r15 → a working page.
	for i := 1; i <= 15; i++ {
		to := fmt.Sprintf("/zt/jyfz/r%02d.html", i+1)
		if i == 15 {
			to = "/zt/ssjh/index.html"
		}
		m[fmt.Sprintf("%s/zt/jyfz/r%02d.html", mainHost, i)] = planted(redirect(301, to), "topic-redirect-chain")
	}
	return m
}

// planted guards a planted problem: once any of ids is repaired, the URL
// serves a working page instead.
func planted(a answer, ids ...string) answer {
	for _, id := range ids {
		plantedIDs[id] = true
	}
	return func(s *Site, w http.ResponseWriter, r *http.Request) {
		if s.repaired(ids...) {
			serveRepaired(s, w, r)
			return
		}
		a(s, w, r)
	}
}

// status answers code with an nginx-style error page.
func status(code int) answer {
	return func(s *Site, w http.ResponseWriter, r *http.Request) {
		errorPage(w, code)
	}
}

func errorPage(w http.ResponseWriter, code int) {
	text := fmt.Sprintf("%d %s", code, http.StatusText(code))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", text, text)
}

func redirect(code int, to string) answer {
	return func(s *Site, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, code)
	}
}

// fileAt serves the file at path on the same host, whatever was asked.
func fileAt(path string) answer {
	return func(s *Site, w http.ResponseWriter, r *http.Request) {
		serveName(s, w, r, hostOf(r), path)
	}
}

func serveFile(s *Site, w http.ResponseWriter, r *http.Request) {
	serveName(s, w, r, hostOf(r), cleanPath(r))
}

// hang holds the request until the client gives up or the site closes,
// never answering.
func hang(s *Site, w http.ResponseWriter, r *http.Request) {
	s.hanging.Add(1)
	defer s.hanging.Add(-1)
	select {
	case <-r.Context().Done():
	case <-s.done:
	}
	panic(http.ErrAbortHandler) // drop the connection without a response
}

func tooManyRequests(s *Site, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "1")
	errorPage(w, http.StatusTooManyRequests)
}

// unavailableOnce answers 503 with Retry-After: 1 the first time a URL is
// asked for (whatever the method), then serves it normally.
func unavailableOnce(s *Site, w http.ResponseWriter, r *http.Request) {
	if s.firstTime(hostOf(r) + cleanPath(r)) {
		w.Header().Set("Retry-After", "1")
		errorPage(w, http.StatusServiceUnavailable)
		return
	}
	serveFile(s, w, r)
}

func headNotAllowed(s *Site, w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		w.Header().Set("Allow", "GET, POST")
		errorPage(w, http.StatusMethodNotAllowed)
		return
	}
	serveFile(s, w, r)
}
