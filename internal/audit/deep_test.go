package audit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/internal/audit"
)

// A list page nested deeper than the HTML parser allows (600 levels) keeps
// its 600 links and its dead link; the run lists the page as read through
// the fallback. A page cut at the size cap is listed too.
func TestDeepAndHugePagesAreReadAndMarked(t *testing.T) {
	var list strings.Builder
	list.WriteString(`<html><head><meta charset="utf-8"><title>通知公告</title></head><body>` + strings.Repeat("<div>", 600) + "<ul>")
	for i := range 600 {
		fmt.Fprintf(&list, `<li><a href="/tzgg/%d.html">第%d号通知</a><span>2026-11-%02d</span></li>`, i, i, i%28+1)
	}
	list.WriteString(`<li><a href="/tzgg/gone.html">已删除的通知</a></li></ul>` + strings.Repeat("</div>", 600) + "</body></html>")
	huge := `<html><body><a href="/tzgg/huge-gone.html">大页面里的链接</a>` + strings.Repeat("<p>政务公开</p>", 20000) + `<a href="/tzgg/after-cut.html">截断之后</a></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			w.Write([]byte(`<html><body><a href="/tzgg/">通知公告</a> <a href="/big.html">专题</a></body></html>`))
		case "/tzgg/":
			w.Write([]byte(list.String()))
		case "/big.html":
			w.Write([]byte(huge))
		case "/tzgg/gone.html", "/tzgg/huge-gone.html":
			http.NotFound(w, r)
		default:
			w.Write([]byte(`<html><body>正文</body></html>`))
		}
	}))
	defer srv.Close()
	res := privateRun(t, audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 5 * time.Second,
		MaxBody: 64 << 10})
	if res.Run.Pages != 603 {
		t.Errorf("pages %d, want 603 (home, list, big, 600 notices)", res.Run.Pages)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, strings.TrimPrefix(f.Page, srv.URL)+" → "+strings.TrimPrefix(f.Target, srv.URL))
	}
	if strings.Join(got, "; ") != "/big.html → /tzgg/huge-gone.html; /tzgg/ → /tzgg/gone.html" {
		t.Errorf("findings %v", got)
	}
	if len(res.PartlyRead) != 2 || res.Skipped.PartlyRead != 2 {
		t.Fatalf("partly read %+v, want /big.html and /tzgg/", res.PartlyRead)
	}
	if p := res.PartlyRead[0]; p.URL != srv.URL+"/big.html" || !strings.Contains(p.Detail, "64 KB") {
		t.Errorf("partly read[0] = %+v, want /big.html cut at 64 KB", p)
	}
	if p := res.PartlyRead[1]; p.URL != srv.URL+"/tzgg/" || !strings.Contains(p.Detail, "512 层") {
		t.Errorf("partly read[1] = %+v, want /tzgg/ read flattened", p)
	}
	if !res.Run.IsBaseline() {
		t.Error("a complete crawl with partly read pages is still a baseline")
	}
}
