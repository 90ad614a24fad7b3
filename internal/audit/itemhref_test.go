package audit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/column"
	"govaudit/internal/audit"
)

// TestColumnItemsReadAsLinked: a 工作动态 column whose newest item links
// with a tab, a backslash or a stray "%" in its href (browsers follow
// all three, and so does the crawler) is fresh. The list reader once read
// hrefs with url.Parse, dropped the first and last of them, and judged the
// column by its older items: a false stale-news veto.
func TestColumnItemsReadAsLinked(t *testing.T) {
	asOf := time.Date(2026, 11, 30, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, href := range []string{"/xxgk/gzdt/a&#9;1.html", `\xxgk\gzdt\a1.html`, "/xxgk/gzdt/100%.html"} {
		t.Run(href, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				switch r.URL.Path {
				case "/":
					fmt.Fprint(w, `<html><head><title>某市教育局</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/xxgk/gzdt/index.html">工作动态</a></div></body></html>`)
				case "/xxgk/gzdt/index.html":
					fmt.Fprintf(w, `<html><head><title>工作动态</title><meta name="ColumnName" content="工作动态"></head><body>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/gzdt/index.html">工作动态</a></div>
<div class="list"><h2>工作动态</h2><ul>
<li><a href="%s">市教育局召开冬季校园安全工作会议</a><span>2026-11-27</span></li>
<li><a href="/xxgk/gzdt/a2.html">市教育局开展教师节慰问活动</a><span>2026-09-10</span></li>
</ul><div class="page">共2条 第1/1页</div></div></body></html>`, href)
				case "/xxgk/gzdt/a1.html", "/xxgk/gzdt/a2.html":
					fmt.Fprint(w, `<html><head><title>动态</title></head><body><h1>动态</h1><p>发布日期：2026-11-27</p></body></html>`)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			o := privateRun(t, audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{column.Stale, column.Empty},
				Timeout: 5 * time.Second, IgnoreRobots: true, Confirm: 1, AsOf: asOf})
			var got []string
			for _, f := range o.Findings {
				got = append(got, f.Rule+" "+f.Column+" "+strings.TrimPrefix(f.Page, srv.URL))
			}
			if len(got) != 0 {
				t.Errorf("findings %v, want none: the column's newest item is of 2026-11-27", got)
			}
			cols := 0
			for _, c := range o.Columns {
				if c.Name == "工作动态" {
					cols++
				}
			}
			if cols != 1 {
				t.Fatalf("columns %+v: want 工作动态 read", o.Columns)
			}
		})
	}
}
