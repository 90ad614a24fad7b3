package annualreport

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"govaudit/checks"
	"govaudit/internal/filetext"
)

func runPage(t *testing.T, html, url string) []checks.Finding {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader([]byte(html)))
	if err != nil {
		t.Fatal(err)
	}
	p := &checks.Page{
		PageSummary: &checks.PageSummary{URL: url, Title: doc.Find("title").Text(), DateSource: "label"},
		Doc:         doc,
		Text:        doc.Find("body").Text(),
	}
	var got []checks.Finding
	Check.Page(&checks.PagePass{Page: p, Report: func(f checks.Finding) { got = append(got, f) }})
	return got
}

func fixture(t *testing.T) string {
	b, err := os.ReadFile("../../internal/annualreport/testdata/report-2021.html")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConsistentReportNoFinding(t *testing.T) {
	if got := runPage(t, fixture(t), "http://x.gov.cn/ndbg/1.html"); len(got) != 0 {
		t.Errorf("findings on a consistent report: %+v", got)
	}
}

func TestInconsistentReport(t *testing.T) {
	s := fixture(t)
	s = strings.Replace(s, "一、本年新收政府信息公开申请数量</td><td>40</td>", "一、本年新收政府信息公开申请数量</td><td>41</td>", 1)
	s = strings.Replace(s, "办结45件", "办结44件", 1)
	s = strings.Replace(s, `<td>2</td><td>1</td><td>0</td><td>1</td><td>4</td>`, `<td>2</td><td>1</td><td>0</td><td>1</td><td>5</td>`, 1)
	got := map[string]checks.Finding{}
	for _, f := range runPage(t, s, "http://x.gov.cn/ndbg/1.html") {
		if f.Check != ID || f.Severity != checks.Error || f.Page != "http://x.gov.cn/ndbg/1.html" {
			t.Errorf("bad finding %+v", f)
		}
		got[f.Rule+" "+f.Subject] = f
	}
	want := map[string]string{
		"column-balance 自然人":   "2025年年度报告：表三“自然人”列：本年新收 41 + 上年结转 2 = 43，但办理结果总计 40 + 结转下年度 2 = 42",
		"row-total new":        "2025年年度报告：表三“一、本年新收”行：六类申请人 41 + 3 + 0 + 1 + 2 + 0 = 47，但总计列为 46",
		"text-mismatch total":  "2025年年度报告：正文“办结44件”为 44，但表三“（七）总计”行“总计”列为 45",
		"review-total 行政复议":    "2025年年度报告：表四“行政复议”：结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 1 = 4，但总计为 5",
		"text-mismatch review": "2025年年度报告：正文“本年度收到政府信息公开行政复议申请4件”为 4，但表四“行政复议”总计为 5",
	}
	for k, v := range want {
		if got[k].Message != v {
			t.Errorf("%s:\n got %q\nwant %q", k, got[k].Message, v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d findings, want %d: %v", len(got), len(want), got)
	}
}

func TestNotAReport(t *testing.T) {
	s := strings.Replace(fixture(t), "<title>澜江市江滨区教育局2025年政府信息公开工作年度报告", "<title>关于做好2025年政府信息公开工作年度报告编制工作的通知", 1)
	s = strings.Replace(s, "<h1>澜江市江滨区教育局2025年", "<h1>关于2025年", 1)
	s = strings.Replace(s, "<td>40</td>", "<td>99</td>", -1)
	if got := runPage(t, s, "http://x.gov.cn/tzgg/1.html"); len(got) != 0 {
		t.Errorf("a notice checked as a report: %+v", got)
	}
}

func TestMissingReport(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	pages := func(titles ...string) []*checks.PageSummary {
		var ps []*checks.PageSummary
		for i, title := range titles {
			ps = append(ps, &checks.PageSummary{URL: "http://x.gov.cn/" + string(rune('a'+i)), Title: title})
		}
		return ps
	}
	list := &checks.PageSummary{URL: "http://x.gov.cn/ndbg/", Title: "年度报告", Items: []checks.Item{{Title: "某局2025年政府信息公开工作年度报告"}}}
	for _, tc := range []struct {
		name  string
		asOf  string
		pages []*checks.PageSummary
		want  bool
	}{
		{"before deadline", "2026-01-31", pages("首页"), false},
		{"after deadline none", "2026-02-01", pages("首页"), true},
		{"only older", "2026-11-29", pages("某局2024年政府信息公开工作年度报告"), true},
		{"page present", "2026-11-29", pages("某局2025年政府信息公开工作年度报告 - 某局"), false},
		{"listed only", "2026-11-29", []*checks.PageSummary{list}, false},
		{"notice is no report", "2026-03-01", pages("关于做好2025年政府信息公开工作年度报告编制工作的通知"), true},
	} {
		var got []checks.Finding
		Check.Site(&checks.SitePass{
			Site:   &checks.Site{Start: "http://x.gov.cn/", AsOf: day(tc.asOf), Pages: checks.PagesOf(tc.pages...)},
			Report: func(f checks.Finding) { got = append(got, f) },
		})
		if (len(got) > 0) != tc.want {
			t.Errorf("%s: %+v", tc.name, got)
			continue
		}
		if tc.want && (got[0].Rule != "missing-report" || got[0].Severity != checks.Warning || !strings.Contains(got[0].Message, "2025年") || !strings.Contains(got[0].Message, "3 月 31 日")) {
			t.Errorf("%s: %+v", tc.name, got[0])
		}
	}
}

func TestValid(t *testing.T) {
	if err := checks.Validate([]*checks.Check{Check}); err != nil {
		t.Fatal(err)
	}
}

func runFile(t *testing.T, pdf string) []checks.Finding {
	t.Helper()
	b, err := os.ReadFile("../../internal/annualreport/testdata/" + pdf)
	if err != nil {
		t.Fatal(err)
	}
	text, err := filetext.Read("pdf", b, 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	var got []checks.Finding
	Check.File(&checks.FilePass{URL: "http://x.gov.cn/ndbg/P020210129.pdf", Ext: "pdf", Text: text,
		Report: func(f checks.Finding) { got = append(got, f) }})
	return got
}

// A report published only as a PDF (the reference report, rendered by
// internal/annualreport/testdata/mkpdf) is read and checked.
func TestPDFReport(t *testing.T) {
	if got := runFile(t, "hangzhou-education-2020.pdf"); len(got) != 0 {
		t.Errorf("consistent PDF report: %+v", got)
	}
	got := map[string]string{}
	for _, f := range runFile(t, "hangzhou-education-2020-changed.pdf") {
		if f.Check != ID || f.Severity != checks.Error {
			t.Errorf("finding %+v", f)
		}
		got[f.Rule+" "+f.Subject] = f.Message
	}
	want := map[string]string{
		"column-balance 自然人": "2020年年度报告（PDF 附件）：表三“自然人”列：本年新收 23 + 上年结转 2 = 25，但办理结果总计 23 + 结转下年度 0 = 23",
		"row-total carried":  "2020年年度报告（PDF 附件）：表三“二、上年结转”行：六类申请人 2 + 0 + 0 + 0 + 0 + 0 = 2，但总计列为 0",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v", got)
	}
}
