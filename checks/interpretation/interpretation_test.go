package interpretation

import (
	"sort"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
)

var cst = time.FixedZone("CST", 8*3600)

func date(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

const host = "http://jyj.example.gov.cn"

// Navigation every article carries: links to the column list pages,
// among them the bare "政策解读" one.
var nav = []checks.Link{
	{URL: host + "/", Text: "首页"},
	{URL: host + "/xxgk/zcwj/index.html", Text: "政策文件"},
	{URL: host + "/xxgk/zcjd/index.html", Text: "政策解读"},
	{URL: host + "/xxgk/tzgg/index.html", Text: "通知公告"},
}

func crumbs(col, name string) []checks.Link {
	return []checks.Link{{URL: host + "/", Text: "首页"}, {URL: host + "/xxgk/" + col + "/index.html", Text: name}}
}

// doc is a numbered article in 政策文件.
func doc(path, title, no, day string, links ...checks.Link) *checks.PageSummary {
	p := &checks.PageSummary{URL: host + path, Title: title + " - 澜江市教育局", Date: date(day), DateSource: "meta",
		ColumnName: "政策文件", Crumbs: crumbs("zcwj", "政策文件"), Links: append(append([]checks.Link{}, nav...), links...)}
	if no != "" {
		p.DocNos = []string{no}
	}
	return p
}

// interp is an article in 政策解读.
func interp(path, title, day string, links ...checks.Link) *checks.PageSummary {
	return &checks.PageSummary{URL: host + path, Title: title + " - 澜江市教育局", Date: date(day), DateSource: "meta",
		ColumnName: "政策解读", Crumbs: crumbs("zcjd", "政策解读"), Links: append(append([]checks.Link{}, nav...), links...)}
}

func to(path, text string) checks.Link { return checks.Link{URL: host + path, Text: text} }

// site builds a site of the given articles plus the three column list
// pages; dead targets are Broken, every other target OK.
func mkSite(pages []*checks.PageSummary, dead ...string) *checks.Site {
	cols := []*checks.Column{
		{Name: "政策文件", URL: host + "/xxgk/zcwj/index.html", Class: "notice", Label: "通知公告/政策文件"},
		{Name: "政策解读", URL: host + "/xxgk/zcjd/index.html"},
		{Name: "通知公告", URL: host + "/xxgk/tzgg/index.html", Class: "notice", Label: "通知公告/政策文件"},
		{Name: "年度报告", URL: host + "/xxgk/ndbg/index.html", Class: "report"},
	}
	all := append([]*checks.PageSummary{}, pages...)
	for _, c := range cols {
		c.Pages = []string{c.URL}
		all = append(all, &checks.PageSummary{URL: c.URL, Title: c.Name, ColumnName: c.Name, Empty: true})
	}
	all = append(all, &checks.PageSummary{URL: host + "/", Home: true, Links: nav})
	sort.Slice(all, func(i, j int) bool { return all[i].URL < all[j].URL })
	broken := map[string]bool{}
	for _, d := range dead {
		broken[host+d] = true
	}
	return &checks.Site{Start: host + "/", Pages: checks.PagesOf(all...), Columns: cols, Link: func(u string) (checks.LinkStatus, bool) {
		if broken[u] {
			return checks.LinkStatus{URL: u, Status: 404, Class: checks.Broken, Rule: "http-404"}, true
		}
		return checks.LinkStatus{URL: u, Status: 200, Class: checks.OK}, true
	}}
}

func run1(c *checks.Check, s *checks.Site) []checks.Finding {
	var out []checks.Finding
	c.Site(&checks.SitePass{Site: s, Report: func(f checks.Finding) { out = append(out, f) }})
	return out
}

func TestCheck(t *testing.T) {
	const (
		docA   = "/xxgk/zcwj/202611/t20261120_1.html"
		interA = "/xxgk/zcjd/202611/t20261120_2.html"
		titleA = "澜江市教育局关于印发《澜江市课后服务管理办法》的通知"
		noA    = "澜教发〔2026〕30号"
	)
	tests := []struct {
		name  string
		site  *checks.Site
		check *checks.Check
		want  []string // "rule target" ("-" for none), in report order
	}{
		{
			name: "paired both ways (trap)",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", to(interA, "《澜江市课后服务管理办法》政策解读")),
				interp(interA, "《澜江市课后服务管理办法》政策解读", "2026-11-20", to(docA, titleA)),
			}),
		},
		{
			name: "only the interpretation links back (trap)",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20"),
				interp(interA, "一图读懂《澜江市课后服务管理办法》", "2026-11-20", to(docA, "原文链接")),
			}),
		},
		{
			name: "link whose text says 解读, target not crawled but alive",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", checks.Link{URL: "http://www.example.gov.cn/jd/1.html", Text: "相关解读：课后服务管理办法答记者问"}),
			}),
		},
		{
			name: "no interpretation",
			site: mkSite([]*checks.PageSummary{doc(docA, titleA, noA, "2026-11-20")}),
			want: []string{"no-interpretation -"},
		},
		{
			name: "the navigation's 政策解读 link pairs nothing",
			site: mkSite([]*checks.PageSummary{doc(docA, titleA, noA, "2026-11-20", to("/xxgk/zcjd/index.html", "政策解读"))}),
			want: []string{"no-interpretation -"},
		},
		{
			name: "notice without 文号 (trap)",
			site: mkSite([]*checks.PageSummary{{
				URL: host + "/xxgk/tzgg/202611/t20261119_3.html", Title: "关于2026年冬季校园安全检查的通知", Date: date("2026-11-19"),
				DateSource: "meta", ColumnName: "通知公告", Crumbs: crumbs("tzgg", "通知公告"), Links: nav,
			}}),
		},
		{
			name: "a notice that issues no policy, with its own 文号 (trap)",
			site: mkSite([]*checks.PageSummary{{
				URL: host + "/xxgk/tzgg/202611/t20261119_3.html", Title: "关于做好2026年冬季学校安全工作的通知", Date: date("2026-11-19"),
				DateSource: "meta", Crumbs: crumbs("tzgg", "通知公告"), Links: nav, DocNos: []string{"澜教办〔2026〕7号"},
			}}),
		},
		{
			name: "a notice issuing a policy, in 通知公告, is a document",
			site: mkSite([]*checks.PageSummary{{
				URL: host + "/xxgk/tzgg/202611/t20261119_3.html", Title: "关于印发《澜江市学校安全工作规程》的通知", Date: date("2026-11-19"),
				DateSource: "meta", Crumbs: crumbs("tzgg", "通知公告"), Links: nav, DocNos: []string{"澜教办〔2026〕7号"},
			}}),
			want: []string{"no-interpretation -"},
		},
		{
			name: "a draft for comments is no document (trap)",
			site: mkSite([]*checks.PageSummary{doc(docA, "关于公开征求《澜江市课后服务管理办法（征求意见稿）》意见的公告", noA, "2026-11-20")}),
		},
		{
			name: "numbered annual report is no document (trap)",
			site: mkSite([]*checks.PageSummary{{
				URL: host + "/xxgk/ndbg/202601/t20260128_4.html", Title: "2025年政府信息公开工作年度报告", Date: date("2026-01-28"),
				DateSource: "meta", ColumnName: "年度报告", Crumbs: crumbs("ndbg", "年度报告"), Links: nav, DocNos: []string{"国办公开办函〔2021〕30号"},
			}}),
		},
		{
			name: "interpretation citing the 文号 is no document (trap)",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", to(interA, "政策解读")),
				func() *checks.PageSummary {
					p := interp(interA, "《澜江市课后服务管理办法》政策问答", "2026-11-20")
					p.DocNos = []string{noA}
					return p
				}(),
			}),
		},
		{
			name: "dead interpretation link",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", to("/xxgk/zcjd/202611/t20261120_9.html", "《澜江市课后服务管理办法》解读")),
			}, "/xxgk/zcjd/202611/t20261120_9.html"),
			want: []string{"interpretation-dead " + host + "/xxgk/zcjd/202611/t20261120_9.html"},
		},
		{
			name: "dead link but the interpretation links back",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", to("/xxgk/zcjd/old.html", "图解：课后服务管理办法")),
				interp(interA, "图解：《澜江市课后服务管理办法》", "2026-11-20", to(docA, titleA)),
			}, "/xxgk/zcjd/old.html"),
			want: []string{"interpretation-dead " + host + "/xxgk/zcjd/old.html"},
		},
		{
			name: "2 working days across a weekend: on time",
			site: mkSite([]*checks.PageSummary{ // Friday → Tuesday
				doc(docA, titleA, noA, "2026-11-20", to(interA, "解读")),
				interp(interA, "《澜江市课后服务管理办法》解读", "2026-11-24"),
			}),
		},
		{
			name: "4 working days across a weekend: late",
			site: mkSite([]*checks.PageSummary{ // Friday → Thursday
				doc(docA, titleA, noA, "2026-11-20", to(interA, "解读")),
				interp(interA, "《澜江市课后服务管理办法》解读", "2026-11-26"),
			}),
			want: []string{"interpretation-late " + host + interA},
		},
		{
			name: "the earliest of two interpretations counts",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", to(interA, "解读")),
				interp(interA, "《澜江市课后服务管理办法》解读", "2026-11-26"),
				interp("/xxgk/zcjd/202611/t20261120_5.html", "图解《澜江市课后服务管理办法》", "2026-11-20", to(docA, "原文")),
			}),
		},
		{
			name:  "New(0): the next working day is late",
			check: New(0),
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20", to(interA, "解读")),
				interp(interA, "《澜江市课后服务管理办法》解读", "2026-11-23"),
			}),
			want: []string{"interpretation-late " + host + interA},
		},
		{
			name: "title names the document but no link either way",
			site: mkSite([]*checks.PageSummary{
				doc(docA, titleA, noA, "2026-11-20"),
				interp(interA, "《澜江市课后服务管理办法》政策解读", "2026-11-20"),
			}),
			want: []string{"interpretation-unlinked " + host + interA},
		},
		{
			name: "column from the list's items and crumbs, no ColumnName",
			site: func() *checks.Site {
				p := doc(docA, "澜江市教育局关于进一步规范招生入学工作的实施意见", noA, "2026-11-20")
				p.ColumnName, p.Crumbs = "", nil
				s := mkSite([]*checks.PageSummary{p,
					interp(interA, "《关于进一步规范招生入学工作的实施意见》解读", "2026-11-20")})
				s.Columns[0].Items = []checks.Item{{URL: host + docA}}
				return s
			}(),
			want: []string{"interpretation-unlinked " + host + interA},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.check
			if c == nil {
				c = Check
			}
			var got []string
			for _, f := range run1(c, tt.site) {
				target := f.Target
				if target == "" {
					target = "-"
				}
				got = append(got, f.Rule+" "+target)
				if f.Check != "missing-interpretation" || f.Message == "" || !strings.Contains(f.Evidence, "〔2026〕") {
					t.Errorf("finding %+v", f)
				}
				wantSev := checks.Error
				if f.Rule == "interpretation-late" || f.Rule == "interpretation-unlinked" {
					wantSev = checks.Warning
				}
				if f.Severity != wantSev {
					t.Errorf("%s: severity %s, want %s", f.Rule, f.Severity, wantSev)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestFindingText(t *testing.T) {
	s := mkSite([]*checks.PageSummary{
		doc("/a.html", "澜江市教育局关于印发《澜江市课后服务管理办法》的通知", "澜教发〔2026〕30号", "2026-11-20", to("/b.html", "解读")),
		interp("/b.html", "《澜江市课后服务管理办法》解读", "2026-11-26"),
	})
	f := run1(Check, s)
	if len(f) != 1 {
		t.Fatalf("findings: %+v", f)
	}
	if f[0].Evidence != "澜教发〔2026〕30号“澜江市教育局关于印发《澜江市课后服务管理办法》的通知”" {
		t.Errorf("evidence %q", f[0].Evidence)
	}
	for _, w := range []string{"4 个工作日", "2026-11-20", "2026-11-26", "3 个工作日"} {
		if !strings.Contains(f[0].Message, w) {
			t.Errorf("message %q lacks %q", f[0].Message, w)
		}
	}
	if f[0].Column != "政策文件" {
		t.Errorf("column %q", f[0].Column)
	}
}

func TestWorkingDaysAfter(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     int
	}{
		{"2026-11-20", "2026-11-20", 0}, // same day
		{"2026-11-20", "2026-11-22", 0}, // Friday → Sunday
		{"2026-11-20", "2026-11-23", 1},
		{"2026-11-20", "2026-11-24", 2},
		{"2026-11-20", "2026-11-26", 4},
		{"2026-11-16", "2026-11-23", 5}, // Monday → next Monday
		{"2026-11-20", "2026-11-18", 0}, // interpretation first
		// National Day 2026 (10-01 to 10-07 off; Sunday 9-20 and Saturday
		// 10-10 working days).
		{"2026-09-18", "2026-09-21", 2}, // Friday → Monday, the Sunday between works
		{"2026-09-30", "2026-10-08", 1}, // Wednesday → the Thursday after the holiday
		{"2026-10-09", "2026-10-12", 2}, // Friday → Monday, the Saturday between works
	} {
		if got := workingDaysAfter(date(tt.from), date(tt.to)); got != tt.want {
			t.Errorf("workingDaysAfter(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestIsNormative(t *testing.T) {
	for title, want := range map[string]bool{
		"澜江市教育局关于印发《澜江市课后服务管理办法》的通知":      true,
		"澜江市教育局关于进一步规范招生入学工作的实施意见":        true,
		"澜江市中小学校课后服务管理办法（试行）":             true,
		"澜江市学前教育资助实施细则（澜教发〔2026〕3号）":      true,
		"澜江市教育局关于印发2026年全市教育工作要点的通知":      true,
		"关于做好2026年冬季学校安全工作的通知":            false,
		"关于召开2026年全市教育工作会议的通知":            false,
		"关于转发国办发〔2025〕3号文件的通知":            false,
		"关于公开征求《澜江市课后服务管理办法（征求意见稿）》意见的公告": false,
		"《澜江市课后服务管理办法》政策解读":               false,
		"2025年政府信息公开工作年度报告":               false,
	} {
		if got := isNormative(title); got != want {
			t.Errorf("isNormative(%q) = %v, want %v", title, got, want)
		}
	}
}

func TestTitles(t *testing.T) {
	for in, want := range map[string]string{
		"《办法》解读 - 澜江市教育局": "《办法》解读",
		"标题_栏目_澜江市人民政府":   "标题_栏目",
		"关于印发《办法》的通知":     "关于印发《办法》的通知",
		"图解｜《办法》｜澜江市教育局":  "图解｜《办法》",
	} {
		if got := cleanTitle(in); got != want {
			t.Errorf("cleanTitle(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tt := range []struct {
		interp, doc string
		want        bool
	}{
		{"《澜江市课后服务管理办法》政策解读", "澜江市教育局关于印发《澜江市课后服务管理办法》的通知", true},
		{"《关于规范招生入学工作的实施意见》解读", "澜江市教育局关于规范招生入学工作的实施意见", true},
		{"《澜江市课后服务管理办法》政策解读", "澜江市教育局关于印发《澜江市课后服务收费办法》的通知", false},
		{"《管理办法》解读", "澜江市教育局关于印发《澜江市课后服务管理办法》的通知", false},
		{"政策解读", "关于印发《政策解读》的通知", false},
	} {
		if got := namesDocument(tt.interp, tt.doc); got != tt.want {
			t.Errorf("namesDocument(%q, %q) = %v", tt.interp, tt.doc, got)
		}
	}
}
