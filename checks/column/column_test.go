package column

import (
	"strings"
	"testing"
	"time"

	"govaudit/checks"
)

var cst = time.FixedZone("CST", 8*3600)

func date(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02", s, cst)
	return t
}

func findings(c *checks.Check, site *checks.Site) []checks.Finding {
	var out []checks.Finding
	c.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) { out = append(out, f) }})
	return out
}

func TestStale(t *testing.T) {
	news := checks.Window{Days: 14}
	col := func(name string, w checks.Window, items ...checks.Item) *checks.Column {
		return &checks.Column{Name: name, URL: "http://a.gov.cn/" + name, Class: "news", Label: "动态要闻", Window: w, Items: items}
	}
	site := &checks.Site{AsOf: date("2026-11-29"), Columns: []*checks.Column{
		col("fresh", news, checks.Item{Date: date("2026-11-15"), Title: "刚好两周"}),
		col("stale", news, checks.Item{Date: date("2026-11-14"), Title: "两周零一天"}),
		col("forged", news, checks.Item{Date: date("2027-01-01"), Title: "未来"}, checks.Item{Date: date("2026-10-01"), Title: "旧"}),
		col("undated", news, checks.Item{Title: "无日期"}),
		col("exempt", news),
		col("unclassified", checks.Window{}, checks.Item{Date: date("2020-01-01")}),
	}}
	site.Columns[4].Exempt = true
	got := findings(Stale, site)
	names := []string{}
	for _, f := range got {
		names = append(names, f.Column)
		if f.Rule != "stale-news" || f.Severity != checks.Error || f.Page == "" {
			t.Errorf("finding %+v", f)
		}
	}
	if strings.Join(names, " ") != "stale forged undated" {
		t.Fatalf("stale columns = %v, want stale forged undated", names)
	}
	if !strings.Contains(got[0].Message, "2026-11-14") || !strings.Contains(got[0].Message, "2 周") {
		t.Errorf("message lacks the newest date or window: %s", got[0].Message)
	}
	if !strings.Contains(got[2].Message, "没有带发布日期") {
		t.Errorf("undated message: %s", got[2].Message)
	}
}

func TestEmpty(t *testing.T) {
	site := &checks.Site{Columns: []*checks.Column{
		{Name: "重大建设项目", URL: "http://a.gov.cn/zdxm/", Empty: true},
		{Name: "专题", URL: "http://a.gov.cn/zt/", Empty: true, Exempt: true},
		{Name: "通知公告", URL: "http://a.gov.cn/tzgg/", Items: []checks.Item{{Title: "x"}}},
	}}
	got := findings(Empty, site)
	if len(got) != 1 || got[0].Column != "重大建设项目" || got[0].Rule != "empty-column" {
		t.Fatalf("empty = %+v", got)
	}
}

// A column whose list a script draws from data the page does not hold is
// judged neither empty nor stale; an info finding says why. The evidence
// of an empty column says what its page shows.
func TestUnreadAndCues(t *testing.T) {
	news := checks.Window{Days: 14}
	site := &checks.Site{AsOf: date("2026-11-29"), Columns: []*checks.Column{
		{Name: "招标公告", URL: "http://a.gov.cn/zbgg/", Script: "unread", Class: "news", Window: news},
		{Name: "行政执法", URL: "http://a.gov.cn/xzzf/", Empty: true, EmptyCue: "zero", Template: 2},
		{Name: "重大建设项目", URL: "http://a.gov.cn/zdxm/", Empty: true, EmptyCue: "blank"},
	}}
	if got := findings(Stale, site); len(got) != 0 {
		t.Errorf("stale = %+v", got)
	}
	got := findings(Empty, site)
	if len(got) != 3 {
		t.Fatalf("empty = %+v", got)
	}
	if got[0].Rule != "list-unread" || got[0].Severity != checks.Info || len(got[0].Veto) != 0 || !strings.Contains(got[0].Message, "脚本") {
		t.Errorf("unread finding %+v", got[0])
	}
	if !strings.Contains(got[1].Evidence, "共0条") || !strings.Contains(got[1].Evidence, "2 个全站重复出现的板块") {
		t.Errorf("zero evidence %q", got[1].Evidence)
	}
	if !strings.Contains(got[2].Evidence, "列表为空") {
		t.Errorf("blank evidence %q", got[2].Evidence)
	}
}

// A column read only from an index page's block is reported on that
// index page (where a reader sees it, and the page the next run reads
// again), under its own key, with evidence that says so.
func TestIndexColumn(t *testing.T) {
	const index = "http://a.gov.cn/xxgk/index.html"
	site := &checks.Site{AsOf: date("2026-07-01"), Columns: []*checks.Column{
		{Name: "通知公告", URL: "http://a.gov.cn/xxgk/tzgg/", Index: index, Pages: []string{index}, Source: "index",
			Class: "notice", Window: checks.Window{Months: 6}, Items: []checks.Item{{Title: "元旦放假", Date: date("2025-12-10")}}},
		{Name: "规划计划", URL: "http://a.gov.cn/xxgk/ghjh/", Index: index, Pages: []string{index}, Source: "index", Empty: true, EmptyCue: "marker"},
		{Name: "政策文件", URL: "http://a.gov.cn/xxgk/zcwj/", Class: "notice", Window: checks.Window{Months: 6}, Items: []checks.Item{{Title: "旧", Date: date("2025-01-01")}}},
	}}
	for _, f := range append(findings(Stale, site), findings(Empty, site)...) {
		if f.Column == "政策文件" {
			if f.Page != "http://a.gov.cn/xxgk/zcwj/" || strings.Contains(f.Evidence, "索引页") {
				t.Errorf("a column read from its own list page: %+v", f)
			}
			continue
		}
		if f.Page != index || f.Subject == index || !strings.Contains(f.Evidence, "索引页") || !strings.Contains(f.Evidence, f.Column) {
			t.Errorf("a column read from the index page: %+v", f)
		}
	}
	if got := findings(Empty, site); len(got) != 1 || got[0].Column != "规划计划" || !strings.Contains(got[0].Evidence, "暂无信息") {
		t.Errorf("empty = %+v", got)
	}
}
