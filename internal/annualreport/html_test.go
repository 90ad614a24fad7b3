package annualreport

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"govaudit/internal/charset"
)

func loadHTML(t testing.TB, name string) (*goquery.Document, string) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return docOf(t, b)
}

func docOf(t testing.TB, b []byte) (*goquery.Document, string) {
	t.Helper()
	utf8, _, _ := charset.DecodeHTML(b, "text/html")
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(utf8))
	if err != nil {
		t.Fatal(err)
	}
	return doc, doc.Find("title").Text()
}

func check2021(t *testing.T, name string) {
	doc, title := loadHTML(t, name)
	if y, ok := Detect(title); !ok || y != 2025 {
		t.Errorf("Detect(%q) = %d, %v", title, y, ok)
	}
	r := ParseHTML(doc, "")
	if r.Requests == nil || r.Reviews == nil {
		t.Fatalf("tables not found:\n%s", r)
	}
	if r.Year != 2025 {
		t.Errorf("year %d", r.Year)
	}
	want := map[string][NCols]int{
		"new":      {40, 3, 0, 1, 2, 0, 46},
		"carried":  {2, 1, 0, 0, 0, 0, 3},
		"deny.4":   {2, 0, 0, 0, 0, 0, 2},
		"unable.1": {10, 1, 0, 1, 0, 0, 12},
		"other.3":  {2, 1, 0, 0, 0, 0, 3},
		"total":    {40, 3, 0, 1, 1, 0, 45},
		"next":     {2, 1, 0, 0, 1, 0, 4},
	}
	for k, v := range want {
		if got := r.Requests.Rows[k]; got != v {
			t.Errorf("row %s = %v, want %v\n%s", k, got, v, r)
		}
	}
	if n := len(r.Requests.Order); n != 25 {
		t.Errorf("%d rows, want 25 (2021 format): %v", n, r.Requests.Order)
	}
	if got, want := r.Reviews.Groups, [3][5]int{{2, 1, 0, 1, 4}, {1, 0, 0, 1, 2}, {}}; got != want {
		t.Errorf("table 4 %v, want %v", got, want)
	}
	if len(r.Quotes) != 12 {
		t.Errorf("%d quotes, want 12:\n%s", len(r.Quotes), r)
	}
	if p := r.Check(); len(p) != 0 {
		t.Errorf("consistent report reported:\n%v\n%s", p, r)
	}
}

func TestHTML2021(t *testing.T)    { check2021(t, "report-2021.html") }
func TestHTML2021GBK(t *testing.T) { check2021(t, "report-2021-gbk.html") }

// One table number and one text number wrong.
func TestHTML2021Inconsistent(t *testing.T) {
	b, err := os.ReadFile("testdata/report-2021.html")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	// 予以公开 of 自然人 15 → 16.
	s = strings.Replace(s, "（一）予以公开</td><td>15</td>", "（一）予以公开</td><td>16</td>", 1)
	s = strings.Replace(s, "无法提供14件", "无法提供13件", 1)
	doc, _ := docOf(t, []byte(s))
	r := ParseHTML(doc, "")
	got := map[string]string{}
	for _, p := range r.Check() {
		got[p.Rule+" "+p.Subject] = p.Message
	}
	want := map[string]string{
		"row-total open":       "表三“（一）予以公开”行：六类申请人 16 + 1 + 0 + 0 + 1 + 0 = 18，但总计列为 17",
		"result-total 自然人":     "表三“自然人”列：办理结果（一）至（六）16 + 3 + 3 + 12 + 4 + 3 = 41，但（七）总计为 40",
		"text-mismatch unable": "正文“无法提供13件”为 13，但表三“（四）无法提供”“总计”列为 14",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q\nwant %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v", got)
	}
}

func TestDetect(t *testing.T) {
	for title, want := range map[string]int{
		"澜江市教育局2025年政府信息公开工作年度报告 - 澜江市教育局": 2025,
		"杭州市教育局2020年政府信息公开年度报告":            2020,
		"澜江市人民政府2024年度政府信息公开工作年度报告":        2024,
		"关于做好2025年政府信息公开工作年度报告编制工作的通知":     0,
		"图解：澜江市教育局2025年政府信息公开工作年度报告":       0,
		"年度报告 - 澜江市教育局":                    0,
		"2025年工作总结":                        0,
	} {
		if y, ok := Detect(title); y != want || ok != (want != 0) {
			t.Errorf("Detect(%q) = %d, %v; want %d", title, y, ok, want)
		}
	}
	if y, ok := DetectText(readReference(t)); !ok || y != 2020 {
		t.Errorf("DetectText(reference) = %d, %v", y, ok)
	}
}

func TestGridSpans(t *testing.T) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(`<table>
<tr><td rowspan="2" colspan="2">a</td><td>b</td></tr>
<tr><td>c</td></tr>
<tr><td>d</td><td colspan="2">e<table><tr><td>nested</td></tr></table></td></tr>
<tr><td colspan="0" rowspan="x">f</td><td rowspan="999999">g</td></tr></table>`))
	if err != nil {
		t.Fatal(err)
	}
	got := Grid(doc.Find("table").First())
	want := [][]string{{"a", "a", "b"}, {"a", "a", "c"}, {"d", "enested", "enested"}, {"f", "g"}}
	if len(got) != len(want) {
		t.Fatalf("grid %q", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readReference(f))
	b, _ := os.ReadFile("testdata/report-2021.html")
	f.Add(string(b))
	f.Add("<table><tr><td rowspan=3 colspan=9>一、本年新收</td><td>1</td></tr></table>")
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseText(s)
		_ = r.Check()
		_ = r.String()
		_ = ParseLayout(s).Check()
		Detect(s)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
		if err != nil {
			return
		}
		r = ParseHTML(doc, "")
		_ = r.Check()
	})
}
