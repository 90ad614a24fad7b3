package report

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
)

var wantCSVHeader = []string{"检查项", "检查项名称", "状态", "严重程度", "栏目", "页面", "目标", "规则", "问题说明", "证据", "识别码"}

func renderCSV(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := CSV(&buf, ledgerOutcome(), Options{Titles: ledgerTitles}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCSVRoundTrip: the CSV reads back, field for field, as the rows below,
// spelled out by hand: findings, then fixed, then unverified.
func TestCSVRoundTrip(t *testing.T) {
	out := renderCSV(t)
	if !bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 byte-order mark: % x", out[:min(len(out), 3)])
	}
	r := csv.NewReader(bytes.NewReader(out[3:]))
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	o := ledgerOutcome()
	home := "https://www.example.gov.cn/"
	want := [][]string{
		wantCSVHeader,
		{"dead-link", "链接无法打开", "新增", "错误", "首页", home, "https://www.example.gov.cn/old/doc.pdf", "http-404",
			"【首页】链接无法打开：HTTP 404 页面不存在", "链接“2019年工作报告”", "fp-dead-new"},
		{"dead-link", "链接无法打开", "未修复", "错误", "政策文件", longPage, "mailto:xxgk@example.gov.cn", "http-410",
			o.Findings[1].Message, "", "fp-dead-open"},
		{"dead-link", "链接无法打开", "待确认", "警告", "", quotePage, "http://slow.example.gov.cn/", "timeout",
			"链接无法打开：超时", "", "fp-dead-pending"},
		{"stale-column", "栏目不更新", "未修复", "错误", "通知公告", "https://www.example.gov.cn/tzgg/", tooLongURL, "stale-notice",
			msgQuoted, "最新一条：2024-08-01 关于……的通知", "fp-stale-open"},
		// Cells a spreadsheet would run as formulas get an apostrophe.
		{"typo", "错别字/敏感词[疑似]", "已接受", "警告", "'@动态要闻", "https://www.example.gov.cn/zwdt/1.html", "", "sensitive",
			"'" + msgFormula, "'+86 10 1234 5678", "fp-typo-accepted"},
		// CRLF inside a cell reads back as LF.
		{"typo", "错别字/敏感词[疑似]", "新增", "提示", "", "（站外）", "", "typo",
			"疑似错别字：“既使”应为“即使”", "'-既使如此\n仍需", "fp-typo-new"},
		{"dead-link", "链接无法打开", "已修复", "错误", "", "https://www.example.gov.cn/b.html", "https://www.example.gov.cn/b.pdf", "http-404",
			"链接无法打开：HTTP 404", "", "fp-dead-fixed"},
		{"empty-column", "empty-column", "已修复", "错误", "人事信息", "https://www.example.gov.cn/rsxx/", "", "empty",
			"空白栏目：没有任何信息", "", "fp-empty-fixed"},
		{"stale-column", "栏目不更新", "未复查", "错误", "政策文件", "https://www.example.gov.cn/zcwj/", "", "stale-policy",
			"栏目超过 6 个月未更新", "", "fp-stale-unverified"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("record %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

// TestCSVLineEnds: every line, inside a cell too, ends in CRLF; no lone CR
// survives.
func TestCSVLineEnds(t *testing.T) {
	out := renderCSV(t)
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("the last line does not end in CRLF")
	}
	if !bytes.HasPrefix(out[3:], []byte("检查项,检查项名称,状态,严重程度,栏目,页面,目标,规则,问题说明,证据,识别码\r\n")) {
		t.Errorf("header line = %q", out[3:min(len(out), 140)])
	}
	for i, b := range out {
		if b == '\n' && (i == 0 || out[i-1] != '\r') {
			t.Fatalf("bare LF at byte %d", i)
		}
		if b == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			t.Fatalf("lone CR at byte %d", i)
		}
	}
	if n := bytes.Count(out, []byte("\r\n")); n != 10+2 { // 10 records, 2 line breaks inside cells
		t.Errorf("%d CRLFs, want 12", n)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":           "'=1+1",
		"+86":            "'+86",
		"-2":             "'-2",
		"@SUM(A1)":       "'@SUM(A1)",
		"\tx":            "'\tx",
		"\rx":            "'\rx",
		"":               "",
		"a=b":            "a=b",
		"普通文本":           "普通文本",
		"'already":       "'already",
		" =HYPERLINK()":  " =HYPERLINK()",
		"http://a.gov/b": "http://a.gov/b",
	} {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
	if got := csvCell("\r=x\r\ny\rz"); got != "'\n=x\ny\nz" {
		t.Errorf("csvCell = %q", got)
	}
}
