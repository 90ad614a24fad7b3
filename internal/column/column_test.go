package column

import (
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/rules"
)

func d(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func TestBuild(t *testing.T) {
	const site = "http://jyj.lanjiang.gov.cn"
	pages := []*checks.PageSummary{
		{URL: site + "/", Home: true, Items: []checks.Item{{URL: site + "/a.html", Date: d("2026-11-20")}},
			Links: []checks.Link{{URL: site + "/xxgk/gzdt/index.html", Text: "工作动态"}, {URL: site + "/xxgk/ghjh/index.html", Text: "规划计划"}}},
		// a paginated column named by its meta tag
		{URL: site + "/xxgk/tzgg/index.html", ColumnName: "通知公告", Items: []checks.Item{{URL: site + "/t1.html", Title: "通知一", Date: d("2026-11-20")}}},
		{URL: site + "/xxgk/tzgg/index_1.html", ColumnName: "通知公告", Items: []checks.Item{{URL: site + "/t0.html", Title: "通知零", Date: d("2026-10-01")}, {URL: site + "/t1.html", Title: "通知一"}}},
		// named by the breadcrumb's last (plain-text) crumb
		{URL: site + "/xxgk/gzdt/index.html", Crumbs: []checks.Link{{URL: site + "/", Text: "首页"}, {Text: "工作动态"}},
			Items: []checks.Item{{URL: site + "/g.html", Date: d("2026-11-27")}}},
		// named by the links to it
		{URL: site + "/xxgk/ghjh/index.html", Title: "澜江市教育局", Items: []checks.Item{{URL: site + "/p.html", Date: d("2025-01-01")}}},
		// an empty column
		{URL: site + "/xxgk/zdxm/index.html", ColumnName: "重大建设项目", Empty: true},
		// an article with related links is no column
		{URL: site + "/t1.html", Date: d("2026-11-20"), DateSource: "meta", Items: []checks.Item{{URL: site + "/t0.html", Date: d("2026-10-01")}}},
		// a page of undated links (a section index) is no column
		{URL: site + "/xxgk/index.html", Items: []checks.Item{{URL: site + "/xxgk/tzgg/index.html"}}},
		// a 专题
		{URL: site + "/zt/index.html", ColumnName: "教育数字化转型专题", Items: []checks.Item{{URL: site + "/z.html", Date: d("2019-01-01")}}},
	}
	cols := Build(checks.PagesOf(pages...), rules.DefaultColumnClasses(), []Override{
		{URL: site + "/xxgk/ghjh/index.html", Name: "发展规划"},
		// the configuration adds a column the detection missed (no dates)
		{URL: site + "/xxgk/index.html", Name: "其他文件", Class: "notice"},
		// and names one that was never crawled: nothing to judge
		{URL: site + "/never/crawled.html", Name: "未抓取"},
	})
	got := map[string]*checks.Column{}
	for _, c := range cols {
		got[c.URL] = c
	}
	if len(cols) != 6 {
		for _, c := range cols {
			t.Logf("column %s %q", c.URL, c.Name)
		}
		t.Fatalf("got %d columns, want 6", len(cols))
	}
	tz := got[site+"/xxgk/tzgg/index.html"]
	if tz == nil || tz.Name != "通知公告" || tz.Source != "meta" || tz.Class != "notice" || len(tz.Pages) != 2 || len(tz.Items) != 2 {
		t.Fatalf("通知公告 = %+v", tz)
	}
	if tz.Items[0].Title != "通知一" || tz.Items[0].Date.IsZero() {
		t.Errorf("items not merged newest first with the dated copy kept: %+v", tz.Items)
	}
	if c := got[site+"/xxgk/gzdt/index.html"]; c.Name != "工作动态" || c.Source != "crumb" || c.Class != "news" || c.Window != (checks.Window{Days: 14}) {
		t.Errorf("工作动态 = %+v", c)
	}
	if c := got[site+"/xxgk/ghjh/index.html"]; c.Name != "发展规划" || c.Source != "config" || c.Class != "personnel" {
		t.Errorf("configured column = %+v", c)
	}
	if c := got[site+"/xxgk/zdxm/index.html"]; !c.Empty || c.Class != "" {
		t.Errorf("empty column = %+v", c)
	}
	if c := got[site+"/xxgk/index.html"]; c == nil || c.Name != "其他文件" || c.Class != "notice" || c.Source != "config" || len(c.Items) != 1 {
		t.Errorf("added column = %+v", c)
	}
	if c := got[site+"/zt/index.html"]; !c.Exempt {
		t.Errorf("专题 not exempt: %+v", c)
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"http://a.gov.cn/col/tzgg/index_3.html":       "http://a.gov.cn/col/tzgg/index.html",
		"http://a.gov.cn/list.jsp?cat=5&page=2":       "http://a.gov.cn/list.jsp?cat=5",
		"http://a.gov.cn/col/col1229/index.html":      "http://a.gov.cn/col/col1229/index.html",
		"http://a.gov.cn/art/2026/11/20/art_1_2.html": "http://a.gov.cn/art/2026/11/20/art_1_2.html",
		// a stray "%", which url.Parse refuses: the same first page
		"http://a.gov.cn/lm100%/index_3.html":              "http://a.gov.cn/lm100%/index.html",
		"http://a.gov.cn/lm100%/index.html":                "http://a.gov.cn/lm100%/index.html",
		"http://a.gov.cn/lm100%/list.jsp?page=2&cat=5#top": "http://a.gov.cn/lm100%/list.jsp?cat=5",
		"http://a.gov.cn/lm100%/list.jsp?pageNo=2":         "http://a.gov.cn/lm100%/list.jsp",
		"http://a.gov.cn/lm100%/list.jsp?z=1&a=2":          "http://a.gov.cn/lm100%/list.jsp?a=2&z=1",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%s) = %s, want %s", in, got, want)
		}
	}
}
