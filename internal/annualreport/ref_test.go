package annualreport

import (
	"os"
	"strings"
	"testing"
)

// referencePath is a copy of shared/reference/'s real report (杭州市教育局,
// 2020), kept here so the tests run wherever the repository is cloned.
const referencePath = "testdata/hangzhou-education-2020-disclosure-report.txt"

func readReference(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("reference report: %v", err)
	}
	return string(b)
}

func TestReferenceParsesAndIsConsistent(t *testing.T) {
	r := ParseText(readReference(t))
	t.Logf("parsed:\n%s", r)
	if r.Year != 2020 {
		t.Errorf("year %d, want 2020", r.Year)
	}
	if r.Requests == nil || r.Reviews == nil {
		t.Fatalf("tables not found:\n%s", r)
	}
	want := map[string][NCols]int{
		"new":      {23, 0, 0, 0, 0, 0, 23},
		"carried":  {0, 0, 0, 0, 0, 0, 0},
		"open":     {7, 0, 0, 0, 0, 0, 7},
		"partial":  {0, 0, 0, 0, 0, 0, 0},
		"deny.5":   {1, 0, 0, 0, 0, 0, 1},
		"unable.1": {11, 0, 0, 0, 0, 0, 11},
		"unable.2": {1, 0, 0, 0, 0, 0, 1},
		"reject.1": {2, 0, 0, 0, 0, 0, 2},
		"reject.5": {0, 0, 0, 0, 0, 0, 0},
		"other":    {1, 0, 0, 0, 0, 0, 1},
		"total":    {23, 0, 0, 0, 0, 0, 23},
		"next":     {0, 0, 0, 0, 0, 0, 0},
	}
	for k, v := range want {
		if got, ok := r.Requests.Rows[k]; !ok || got != v {
			t.Errorf("row %s = %v (present %v), want %v\n%s", k, got, ok, v, r)
		}
	}
	if n := len(r.Requests.Order); n != 23 {
		t.Errorf("%d rows of table 3, want 23: %v", n, r.Requests.Order)
	}
	if got, want := r.Reviews.Groups, [3][5]int{{2, 0, 0, 0, 2}, {0, 0, 0, 1, 1}, {0, 0, 0, 1, 1}}; got != want {
		t.Errorf("table 4 = %v, want %v", got, want)
	}
	quotes := map[string]int{}
	for _, q := range r.Quotes {
		quotes[q.Key] = q.N
	}
	wantQ := map[string]int{"total": 23, "open": 7, "deny": 1, "unable": 12, "reject": 2, "other": 1, "review": 2, "suit": 2}
	for k, v := range wantQ {
		if quotes[k] != v {
			t.Errorf("quote %s = %d, want %d (all: %v)", k, quotes[k], v, quotes)
		}
	}
	if len(quotes) != len(wantQ) {
		t.Errorf("quotes %v, want %v", quotes, wantQ)
	}
	if p := r.Check(); len(p) != 0 {
		t.Errorf("reference report reported inconsistent:\n%v\nparsed:\n%s", p, r)
	}
}

// The reference with one number changed: 上年结转 of 自然人 0 → 2 (the
// 总计 column still says 0).
func TestReferenceOneNumberChanged(t *testing.T) {
	text := readReference(t)
	old := "二、上年结转政府信息公开申请数量\n\t0\n"
	if !strings.Contains(text, old) {
		t.Fatal("reference layout changed")
	}
	r := ParseText(strings.Replace(text, old, "二、上年结转政府信息公开申请数量\n\t2\n", 1))
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
		t.Errorf("problems %v, want %v", got, want)
	}
}
