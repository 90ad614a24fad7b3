package annualreport

import (
	"os"
	"strings"
	"testing"

	"govaudit/internal/filetext"
)

// pdfText is the text govaudit reads of a testdata PDF: the reference report
// rendered by LibreOffice (testdata/mkpdf), laid out by filetext.
func pdfText(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	text, err := filetext.Read("pdf", b, 4<<20)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return text
}

// The reference report published as a PDF reads as its text layout does
// (ref_test.go): same tables, same quotes, consistent.
func TestReferencePDF(t *testing.T) {
	text := pdfText(t, "hangzhou-education-2020.pdf")
	for _, broken := range []string{"三、本年度办理", "（三）不予", "5.要求行政机关确认或重新出具已"} {
		if !strings.Contains(text, broken) {
			t.Errorf("the PDF's layout no longer breaks %q over lines: the test reads less than it claims", broken)
		}
	}
	got := ParseLayout(text)
	want := ParseText(readReference(t))
	if got.String() != want.String() {
		t.Errorf("PDF read as\n%s\nwant (as the text layout)\n%s\ntext:\n%s", got, want, text)
	}
	if p := got.Check(); len(p) != 0 {
		t.Errorf("reference PDF reported inconsistent: %v", p)
	}
}

// The PDF of a copy with 上年结转 of 自然人 changed from 0 to 2.
func TestReferencePDFOneNumberChanged(t *testing.T) {
	r := ParseLayout(pdfText(t, "hangzhou-education-2020-changed.pdf"))
	if r.Year != 2020 {
		t.Errorf("year %d", r.Year)
	}
	got := map[string]string{}
	for _, p := range r.Check() {
		got[p.Rule+" "+p.Subject] = p.Message
	}
	want := map[string]string{
		"column-balance 自然人": "表三“自然人”列：本年新收 23 + 上年结转 2 = 25，但办理结果总计 23 + 结转下年度 0 = 23",
		"row-total carried":  "表三“二、上年结转”行：六类申请人 2 + 0 + 0 + 0 + 0 + 0 = 2，但总计列为 0",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v, want %v\n%s", got, want, r)
	}
}

// Letter-spaced labels and headers (cells with distributed alignment) read
// as the plain ones.
func TestLayoutLetterSpaced(t *testing.T) {
	text := pdfText(t, "hangzhou-education-2020.pdf")
	// Each replacement takes the positions of the spaces after it, as a
	// cell's distributed text stays in its cell.
	for _, r := range []struct{ old, new string }{
		{"自然人", "自 然 人"},
		{"一、本年新收政府信息公开申请数量", "一、本 年 新 收政府信息公开申请数量"},
		{"三、本年度办理", "三、本 年 度 办 理"},
		{"1.属于国家秘密", "1 . 属 于 国 家 秘 密"},
	} {
		grow := strings.Repeat(" ", strings.Count(r.new, " "))
		if !strings.Contains(text, r.old+grow) {
			t.Fatalf("layout changed: no %q", r.old+grow)
		}
		text = strings.Replace(text, r.old+grow, r.new, 1)
	}
	got, want := ParseLayout(text), ParseText(readReference(t))
	if got.String() != want.String() {
		t.Errorf("read as\n%s\nwant\n%s", got, want)
	}
}

// A table whose labels contradict the row order is not read rather than
// read wrong; text that is no report reads as nothing.
func TestLayoutRefuses(t *testing.T) {
	text := pdfText(t, "hangzhou-education-2020.pdf")
	swapped := strings.Replace(text, "2.重复申请", "7.重复申请", 1)
	if r := ParseLayout(swapped); r.Requests != nil {
		t.Errorf("contradicting labels read:\n%s", r)
	}
	dropped := strings.Replace(text, "四、结转下年度继续办理", "", 1)
	if r := ParseLayout(dropped); r.Requests != nil && len(r.Check()) != 0 {
		t.Errorf("a table without its last row reported: %v", r.Check())
	}
	for _, s := range []string{"", "\f\n", "一、本年新收 1 2 3\n行政复议\n1 2", strings.Repeat("1 ", 10000)} {
		r := ParseLayout(s)
		if r.Requests != nil || r.Reviews != nil || len(r.Check()) != 0 {
			t.Errorf("ParseLayout(%.40q) read %s", s, r)
		}
	}
}
