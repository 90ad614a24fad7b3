package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

// The messages whose spelling the renderers must keep or neutralise.
const (
	msgQuoted  = "栏目“通知公告”超过 6 个月未更新, 最近一次更新为 \"2024-08-01\"\n请尽快更新"
	msgFormula = `=HYPERLINK("http://evil.example/","点击领取补贴")`
	quotePage  = `https://www.example.gov.cn/a.html?q="x"`
	longPage   = "https://www.example.gov.cn/xxgk/zcwj/gfxwj/2024/0801/一个很长很长的路径名称/index_20240801_000123.html"
)

// tooLongURL is longer than Excel lets a formula's text be.
var tooLongURL = "https://www.example.gov.cn/search?q=" + strings.Repeat("政务公开", 60)

var ledgerTitles = map[string]string{
	"dead-link":    "链接无法打开",
	"stale-column": "栏目不更新",
	"typo":         "错别字/敏感词[疑似]",
	// empty-column has no title: its sheet falls back to the ID.
}

// ledgerOutcome is a run with several checks, every status, fixed and
// unverified findings, and messages a spreadsheet could misread.
func ledgerOutcome() *outcome.Outcome {
	started := time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC) // 10:00 in Beijing
	base := outcome.Run{ID: outcome.RunID(started.Add(-7 * 24 * time.Hour).UnixNano()), Site: "www.example.gov.cn",
		Started: started.Add(-7 * 24 * time.Hour), Status: outcome.StatusComplete}
	f := func(check string, sev checks.Severity, page, target, column, rule, msg, evidence, fp string) checks.Finding {
		return checks.Finding{Check: check, Severity: sev, Page: page, Target: target, Column: column, Rule: rule,
			Message: msg, Evidence: evidence, Fingerprint: fp}
	}
	home := "https://www.example.gov.cn/"
	return &outcome.Outcome{
		Run: outcome.Run{
			ID: outcome.RunID(started.UnixNano()), Site: "www.example.gov.cn", Started: started,
			Finished: started.Add(25*time.Minute + 30*time.Second), Status: outcome.StatusComplete,
			Pages: 340, Links: 5120, Findings: 6, AsOf: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
			Scope: outcome.Scope{MaxPages: 340, Limited: 12},
		},
		Baseline: &base,
		Findings: []outcome.Finding{
			{Finding: f("dead-link", checks.Error, home, "https://www.example.gov.cn/old/doc.pdf", "首页", "http-404",
				"【首页】链接无法打开：HTTP 404 页面不存在", "链接“2019年工作报告”", "fp-dead-new"), Status: outcome.New},
			{Finding: f("dead-link", checks.Error, longPage, "mailto:xxgk@example.gov.cn", "政策文件", "http-410",
				"链接无法打开：HTTP 410 已删除"+strings.Repeat("，请核实后删除或更新该链接", 8), "", "fp-dead-open"), Status: outcome.Open},
			{Finding: f("dead-link", checks.Warning, quotePage, "http://slow.example.gov.cn/", "", "timeout",
				"链接无法打开：超时", "", "fp-dead-pending"), Status: outcome.Pending},
			{Finding: f("stale-column", checks.Error, "https://www.example.gov.cn/tzgg/", tooLongURL, "通知公告", "stale-notice",
				msgQuoted, "最新一条：2024-08-01 关于……的通知", "fp-stale-open"), Status: outcome.Open},
			{Finding: f("typo", checks.Warning, "https://www.example.gov.cn/zwdt/1.html", "", "@动态要闻", "sensitive",
				msgFormula, "+86 10 1234 5678", "fp-typo-accepted"), Status: outcome.Accepted,
				Accepted: &outcome.Acceptance{Fingerprint: "fp-typo-accepted", Reason: "系引用上级文件原文，不宜改动", By: "张三",
					At: started.Add(-48 * time.Hour), Source: "store"}},
			{Finding: f("typo", checks.Info, "（站外）", "", "", "typo", "疑似错别字：“既使”应为“即使”",
				"-既使如此\r\n仍需", "fp-typo-new"), Status: outcome.New},
		},
		Fixed: []checks.Finding{
			f("dead-link", checks.Error, "https://www.example.gov.cn/b.html", "https://www.example.gov.cn/b.pdf", "", "http-404",
				"链接无法打开：HTTP 404", "", "fp-dead-fixed"),
			f("empty-column", checks.Error, "https://www.example.gov.cn/rsxx/", "", "人事信息", "empty",
				"空白栏目：没有任何信息", "", "fp-empty-fixed"),
		},
		Unverified: []checks.Finding{
			f("stale-column", checks.Error, "https://www.example.gov.cn/zcwj/", "", "政策文件", "stale-policy",
				"栏目超过 6 个月未更新", "", "fp-stale-unverified"),
		},
		Standing: []outcome.VetoLine{
			{ID: outcome.VetoHomepageOpen, Item: "首页可用性（本次检查）", Value: 0, Warn: 1, Fail: 1, Unit: "failures",
				Level: outcome.Pass, Detail: "首页可以打开"},
			{ID: outcome.VetoHomepageUpdated, Item: "首页更新：距最近一次更新的天数", Value: 10, Warn: 7, Fail: 14, Unit: "days",
				Level: outcome.Warn, Detail: "10 天（可见日期；预警线 7 天，否决线 14 天）"},
			{ID: outcome.VetoStaleA, Item: "栏目不更新：动态要闻、通知公告/政策文件超期未更新的栏目数", Warn: 3, Fail: 5, Unit: "columns",
				Level: outcome.Unknown, Detail: "未识别出应考核的栏目"},
			{ID: outcome.VetoEmptyC, Item: "空白栏目数", Value: 5, Warn: 3, Fail: 5, Unit: "columns",
				Level: outcome.Fail, Detail: "5 个（预警线 3，否决线 5）"},
		},
	}
}

// wantRow is what a check sheet must say of one finding.
type wantRow struct {
	sheet, status, severity, page, message, reason string
}

// ledgerWant is every finding of ledgerOutcome by fingerprint, spelled out
// rather than derived with the code under test.
var ledgerWant = map[string]wantRow{
	"fp-dead-new":         {"链接无法打开", "新增", "错误", "https://www.example.gov.cn/", "【首页】链接无法打开：HTTP 404 页面不存在", ""},
	"fp-dead-open":        {"链接无法打开", "未修复", "错误", longPage, "", ""},
	"fp-dead-pending":     {"链接无法打开", "待确认", "警告", quotePage, "链接无法打开：超时", ""},
	"fp-dead-fixed":       {"链接无法打开", "已修复", "错误", "https://www.example.gov.cn/b.html", "链接无法打开：HTTP 404", ""},
	"fp-stale-open":       {"栏目不更新", "未修复", "错误", "https://www.example.gov.cn/tzgg/", msgQuoted, ""},
	"fp-stale-unverified": {"栏目不更新", "未复查", "错误", "https://www.example.gov.cn/zcwj/", "栏目超过 6 个月未更新", ""},
	"fp-typo-accepted":    {"错别字_敏感词_疑似_", "已接受", "警告", "https://www.example.gov.cn/zwdt/1.html", msgFormula, "系引用上级文件原文，不宜改动"},
	"fp-typo-new":         {"错别字_敏感词_疑似_", "新增", "提示", "（站外）", "疑似错别字：“既使”应为“即使”", ""},
	"fp-empty-fixed":      {"empty-column", "已修复", "错误", "https://www.example.gov.cn/rsxx/", "空白栏目：没有任何信息", ""},
}

var wantLedgerHeader = []string{"序号", "状态", "严重程度", "栏目", "页面", "目标", "规则", "问题说明", "证据", "识别码", "整改情况", "整改责任人", "接受理由"}

func renderXLSX(t testing.TB, o *outcome.Outcome, opt Options) ([]byte, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := XLSX(&buf, o, opt); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return buf.Bytes(), f
}

// padded is a row as GetRows gives it (trailing empty cells dropped) with
// every header column present.
func padded(row []string, n int) []string {
	for len(row) < n {
		row = append(row, "")
	}
	return row
}

func TestXLSXSheetsAndRows(t *testing.T) {
	_, f := renderXLSX(t, ledgerOutcome(), Options{Titles: ledgerTitles})
	wantSheets := []string{"汇总", "链接无法打开", "栏目不更新", "错别字_敏感词_疑似_", "empty-column"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
		t.Fatalf("sheets = %q, want %q", got, wantSheets)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet = %d, want the summary (0)", f.GetActiveSheetIndex())
	}
	seen := map[string]string{} // fingerprint → sheet
	perSheet := map[string]int{}
	for _, w := range ledgerWant {
		perSheet[w.sheet]++
	}
	for _, sheet := range wantSheets[1:] {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rows[0], wantLedgerHeader) {
			t.Errorf("%s: header = %q, want %q", sheet, rows[0], wantLedgerHeader)
		}
		if len(rows)-1 != perSheet[sheet] {
			t.Errorf("%s: %d rows, want %d", sheet, len(rows)-1, perSheet[sheet])
		}
		for i, row := range rows[1:] {
			row = padded(row, len(wantLedgerHeader))
			if row[0] != fmt.Sprint(i+1) {
				t.Errorf("%s row %d: 序号 = %q", sheet, i+2, row[0])
			}
			fp := row[9]
			w, ok := ledgerWant[fp]
			if !ok {
				t.Errorf("%s row %d: unexpected fingerprint %q", sheet, i+2, fp)
				continue
			}
			if prev, dup := seen[fp]; dup {
				t.Errorf("%s listed in %s and %s", fp, prev, sheet)
			}
			seen[fp] = sheet
			if w.sheet != sheet {
				t.Errorf("%s is in sheet %s, want %s", fp, sheet, w.sheet)
			}
			if row[1] != w.status || row[2] != w.severity || row[4] != w.page {
				t.Errorf("%s: 状态/严重程度/页面 = %q/%q/%q, want %q/%q/%q", fp, row[1], row[2], row[4], w.status, w.severity, w.page)
			}
			if w.message != "" && row[7] != w.message {
				t.Errorf("%s: 问题说明 = %q, want %q", fp, row[7], w.message)
			}
			if row[10] != "" || row[11] != "" {
				t.Errorf("%s: 整改情况/整改责任人 = %q/%q, want both empty for the office", fp, row[10], row[11])
			}
			if row[12] != w.reason {
				t.Errorf("%s: 接受理由 = %q, want %q", fp, row[12], w.reason)
			}
		}
	}
	for fp := range ledgerWant {
		if seen[fp] == "" {
			t.Errorf("finding %s is in no sheet", fp)
		}
	}
	// The rows of a sheet keep the outcome's order: findings, fixed, unverified.
	rows, _ := f.GetRows("链接无法打开")
	var order []string
	for _, r := range rows[1:] {
		order = append(order, r[9])
	}
	if want := []string{"fp-dead-new", "fp-dead-open", "fp-dead-pending", "fp-dead-fixed"}; !reflect.DeepEqual(order, want) {
		t.Errorf("row order = %q, want %q", order, want)
	}
	// Column, target, rule and evidence land in their own columns.
	row := padded(rows[1], 13)
	if row[3] != "首页" || row[5] != "https://www.example.gov.cn/old/doc.pdf" || row[6] != "http-404" || row[8] != "链接“2019年工作报告”" {
		t.Errorf("first dead-link row = %q", row)
	}
}

// TestXLSXTextStaysText: a message that looks like a formula is stored as a
// string, not a formula.
func TestXLSXTextStaysText(t *testing.T) {
	_, f := renderXLSX(t, ledgerOutcome(), Options{Titles: ledgerTitles})
	sheet := "错别字_敏感词_疑似_"
	rows, _ := f.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 9 && r[9] == "fp-typo-accepted" {
			ref := fmt.Sprintf("H%d", i+1)
			if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
				t.Errorf("%s holds formula %q", ref, formula)
			}
			if v, _ := f.GetCellValue(sheet, ref); v != msgFormula {
				t.Errorf("%s = %q, want %q", ref, v, msgFormula)
			}
			return
		}
	}
	t.Fatal("accepted finding not found")
}

func TestXLSXHeaderFrozenFilteredStyled(t *testing.T) {
	raw, f := renderXLSX(t, ledgerOutcome(), Options{Titles: ledgerTitles})
	wantFilter := map[string]string{ // sheet → autofilter range
		"链接无法打开": "$A$1:$M$5", "栏目不更新": "$A$1:$M$3", "错别字_敏感词_疑似_": "$A$1:$M$3", "empty-column": "$A$1:$M$2",
	}
	filters, titles := map[string]string{}, map[string]string{}
	for _, dn := range f.GetDefinedName() {
		switch dn.Name {
		case "_xlnm._FilterDatabase":
			filters[dn.Scope] = dn.RefersTo
		case "_xlnm.Print_Titles":
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for sheet, ref := range wantFilter {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes = %+v, want the first row frozen", sheet, p)
		}
		if want := "'" + sheet + "'!" + ref; filters[sheet] != want {
			t.Errorf("%s: filter database = %q, want %q", sheet, filters[sheet], want)
		}
		// Printed: landscape, one page wide, the header on every page.
		if want := "'" + sheet + "'!$1:$1"; titles[sheet] != want {
			t.Errorf("%s: print titles = %q, want %q", sheet, titles[sheet], want)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s: page layout = %+v", sheet, pl)
		}
		if sp, _ := f.GetSheetProps(sheet); sp.FitToPage == nil || !*sp.FitToPage {
			t.Errorf("%s: not fitted to the page", sheet)
		}
		id, _ := f.GetCellStyle(sheet, "A1")
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold || st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
			t.Errorf("%s: header style = font %+v fill %+v, want bold and filled", sheet, st.Font, st.Fill)
		}
		id, _ = f.GetCellStyle(sheet, "H2")
		if st, _ := f.GetStyle(id); st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("%s: 问题说明 does not wrap", sheet)
		}
	}
	if p, _ := f.GetPanes("汇总"); p.Freeze {
		t.Error("the summary sheet has frozen panes")
	}
	// The worksheets themselves carry the filters (not only the names).
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	re := regexp.MustCompile(`<autoFilter ref="([$A-Z0-9:]+)"`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range re.FindAllSubmatch(b, -1) {
			got = append(got, string(m[1]))
		}
	}
	slices.Sort(got)
	want := []string{"$A$1:$M$2", "$A$1:$M$3", "$A$1:$M$3", "$A$1:$M$5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("autoFilter elements = %q, want %q", got, want)
	}
}

func TestXLSXLinksAndWidths(t *testing.T) {
	_, f := renderXLSX(t, ledgerOutcome(), Options{Titles: ledgerTitles})
	sheet := "链接无法打开"
	for _, c := range []struct {
		sheet, cell, value, formula string
	}{
		{sheet, "E2", "https://www.example.gov.cn/", `HYPERLINK("https://www.example.gov.cn/")`},
		{sheet, "F2", "https://www.example.gov.cn/old/doc.pdf", `HYPERLINK("https://www.example.gov.cn/old/doc.pdf")`},
		{sheet, "E3", longPage, `HYPERLINK("` + longPage + `")`},
		{sheet, "F3", "mailto:xxgk@example.gov.cn", ""}, // not a web page
		// A quote in a URL is doubled: the literal cannot be closed early.
		{sheet, "E4", quotePage, `HYPERLINK("https://www.example.gov.cn/a.html?q=""x""")`},
		{sheet, "H2", "【首页】链接无法打开：HTTP 404 页面不存在", ""}, // not a URL column
		// Longer than a formula's text may be: plain text.
		{"栏目不更新", "F2", tooLongURL, ""},
		{"错别字_敏感词_疑似_", "E3", "（站外）", ""},
	} {
		formula, err := f.GetCellFormula(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if formula != c.formula {
			t.Errorf("%s!%s: formula = %q, want %q", c.sheet, c.cell, formula, c.formula)
		}
		if v, _ := f.GetCellValue(c.sheet, c.cell); v != c.value {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, v, c.value)
		}
		id, _ := f.GetCellStyle(c.sheet, c.cell)
		st, _ := f.GetStyle(id)
		if linked := st.Font != nil && st.Font.Underline == "single"; linked != (c.formula != "") {
			t.Errorf("%s!%s: underlined = %v, want %v", c.sheet, c.cell, linked, c.formula != "")
		}
	}
	width := func(col string) float64 {
		w, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	// 状态: "未修复" is 3 Chinese characters = 6, plus 2 of margin.
	if w := width("B"); w != 8 {
		t.Errorf("状态 width = %v, want 8", w)
	}
	// 整改情况 and 整改责任人 are empty, with room to write in.
	if w := width("K"); w != 30 {
		t.Errorf("整改情况 width = %v, want 30", w)
	}
	if w := width("L"); w != 14 {
		t.Errorf("整改责任人 width = %v, want 14", w)
	}
	// 页面 and 问题说明 hold longer text than the cap.
	if w := width("E"); w != 60 {
		t.Errorf("页面 width = %v, want the cap 60", w)
	}
	if w := width("H"); w != 60 {
		t.Errorf("问题说明 width = %v, want the cap 60", w)
	}
	// The long message wraps to several lines: its row is taller.
	if h, _ := f.GetRowHeight(sheet, 3); h <= 15 {
		t.Errorf("row 3 height = %v, want several lines", h)
	}
	if h, _ := f.GetRowHeight(sheet, 2); h > 15 {
		t.Errorf("row 2 height = %v, want one line", h)
	}
}

func TestXLSXSummary(t *testing.T) {
	o := ledgerOutcome()
	trend := []outcome.Run{*o.Baseline, o.Run}
	trend[0].Counts = outcome.Counts{Errors: 7, Warnings: 2, New: 9}
	_, f := renderXLSX(t, o, Options{Titles: ledgerTitles, Trend: trend})
	rows, err := f.GetRows("汇总")
	if err != nil {
		t.Fatal(err)
	}
	find := func(first string) []string {
		for _, r := range rows {
			if len(r) > 0 && r[0] == first {
				return padded(r, 8)
			}
		}
		t.Errorf("summary has no row %q", first)
		return make([]string, 8)
	}
	for k, v := range map[string]string{
		"站点": "www.example.gov.cn", "检查编号": o.Run.ID.String(),
		"开始时间": "2025-03-01 10:00", "结束时间": "2025-03-01 10:25", "检查日期": "2025-03-01",
		"检查状态": "部分完成（受抓取上限限制）", "页面数": "340", "链接数": "5120",
	} {
		if got := find(k)[1]; got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := find("注意")[1]; !strings.Contains(got, "12 个页面未检查") {
		t.Errorf("partial warning = %q", got)
	}
	if got := find("指标"); !reflect.DeepEqual(got[:6], []string{"指标", "数值", "预警线", "否决线", "结论", "说明"}) {
		t.Errorf("veto header = %q", got)
	}
	for _, want := range [][]string{
		{"首页可用性（本次检查）", "0 次", "1 次", "1 次", "合格", "首页可以打开"},
		{"首页更新：距最近一次更新的天数", "10 天", "7 天", "14 天", "预警", "10 天（可见日期；预警线 7 天，否决线 14 天）"},
		{"空白栏目数", "5 个", "3 个", "5 个", "不合格", "5 个（预警线 3，否决线 5）"},
		// Not judged: no value to show.
		{"栏目不更新：动态要闻、通知公告/政策文件超期未更新的栏目数", "—", "3 个", "5 个", "无法判断", "未识别出应考核的栏目"},
	} {
		if got := find(want[0])[:6]; !reflect.DeepEqual(got, want) {
			t.Errorf("veto line = %q, want %q", got, want)
		}
	}
	if got := find("检查项")[:6]; !reflect.DeepEqual(got, []string{"检查项", "错误", "警告", "提示", "待确认", "已接受"}) {
		t.Errorf("count header = %q", got)
	}
	// Counted: new and open only; pending and accepted apart.
	for _, want := range [][]string{
		{"链接无法打开", "2", "0", "0", "1", "0"},
		{"栏目不更新", "1", "0", "0", "0", "0"},
		{"错别字/敏感词[疑似]", "0", "0", "1", "0", "1"},
		{"合计", "3", "0", "1", "1", "1"},
	} {
		if got := find(want[0])[:6]; !reflect.DeepEqual(got, want) {
			t.Errorf("counts = %q, want %q", got, want)
		}
	}
	// empty-column has only a fixed finding: no count row.
	for _, r := range rows {
		if len(r) > 0 && r[0] == "empty-column" {
			t.Error("a check without findings of this run has a count row")
		}
	}
	if got := find("对比基准")[:5]; !reflect.DeepEqual(got, []string{"对比基准", "新增", "未修复", "已修复", "未复查"}) {
		t.Errorf("diff header = %q", got)
	}
	wantDiff := []string{o.Baseline.ID.String() + "（2025-02-22 10:00）", "2", "2", "2", "1"}
	if got := find(wantDiff[0])[:5]; !reflect.DeepEqual(got, wantDiff) {
		t.Errorf("diff = %q, want %q", got, wantDiff)
	}
	if got := find(o.Baseline.ID.String()); got[2] != "完成" || got[3] != "7" || got[6] != "9" {
		t.Errorf("trend row = %q", got)
	}

	// A first, complete run: 首次检查, no warning line.
	o.Baseline, o.Run.Scope.Limited = nil, 0
	_, f = renderXLSX(t, o, Options{Titles: ledgerTitles, Location: time.UTC})
	rows, _ = f.GetRows("汇总")
	if got := find("首次检查"); got[1] != "2" {
		t.Errorf("first run diff = %q", got)
	}
	if got := find("开始时间")[1]; got != "2025-03-01 02:00" {
		t.Errorf("开始时间 in UTC = %q", got)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == "注意" {
			t.Errorf("complete run warns: %q", r)
		}
	}
}

// TestXLSXDeterministic: the same outcome gives the same cells, whatever the
// order of map iteration.
func TestXLSXDeterministic(t *testing.T) {
	cells := func() [][][]string {
		_, f := renderXLSX(t, ledgerOutcome(), Options{Titles: ledgerTitles})
		var all [][][]string
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, rows)
		}
		return all
	}
	first := cells()
	for range 5 {
		if got := cells(); !reflect.DeepEqual(got, first) {
			t.Fatal("two renderings of one outcome differ")
		}
	}
}

func TestXLSXEmptyOutcome(t *testing.T) {
	o := ledgerOutcome()
	o.Findings, o.Fixed, o.Unverified, o.Standing = nil, nil, nil, nil
	_, f := renderXLSX(t, o, Options{})
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"汇总"}) {
		t.Errorf("sheets = %q, want only the summary", got)
	}
}

func TestSheetNamer(t *testing.T) {
	n := newSheetNamer("汇总")
	long := strings.Repeat("很", 40)
	for _, c := range []struct{ title, check, want string }{
		{"链接无法打开", "dead-link", "链接无法打开"},
		{"链接无法打开", "dead-link-2", "链接无法打开(2)"},
		{"汇总", "summary", "汇总(2)"},
		{"a/b\\c:d*e?f[g]", "x", "a_b_c_d_e_f_g_"},
		{"", "stale-column", "stale-column"},
		{"STALE-COLUMN", "y", "STALE-COLUMN(2)"}, // Excel ignores case
		{"'引号'", "q", "’引号’"},
		{"O'Brien", "o", "O’Brien"},
		{long, "l", strings.Repeat("很", 31)},
		{long, "l2", strings.Repeat("很", 28) + "(2)"},
		{"History", "h", "History(2)"},
		{"\x00\x01", "ctl", "ctl"},
	} {
		got := n.name(c.title, c.check)
		if got != c.want {
			t.Errorf("name(%q, %q) = %q, want %q", c.title, c.check, got, c.want)
		}
		if len([]rune(got)) > 31 {
			t.Errorf("%q is longer than 31", got)
		}
	}
}

func TestTextWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "未修复": 6, "a，b": 4, "第一行\n长一点的第二行": 14, "ｆｕｌｌ": 8} {
		if got := textWidth(s); got != want {
			t.Errorf("textWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// bigOutcome has n findings, most of them in one check.
func bigOutcome(n int) *outcome.Outcome {
	o := ledgerOutcome()
	o.Findings = o.Findings[:0]
	checksIDs := []string{"dead-link", "dead-link", "dead-link", "stale-column", "typo"}
	statuses := []outcome.FindingStatus{outcome.New, outcome.Open, outcome.Open, outcome.Pending}
	for i := range n {
		o.Findings = append(o.Findings, outcome.Finding{Finding: checks.Finding{
			Check: checksIDs[i%len(checksIDs)], Severity: checks.Error,
			Page:   fmt.Sprintf("https://www.example.gov.cn/xxgk/%d/index.html", i/20),
			Target: fmt.Sprintf("https://www.example.gov.cn/files/%d.pdf", i),
			Column: "政策文件", Rule: "http-404",
			Message:  fmt.Sprintf("【政策文件】链接无法打开：HTTP 404 页面不存在（第 %d 条）", i),
			Evidence: "链接“关于印发……的通知”", Fingerprint: fmt.Sprintf("%024x", i),
		}, Status: statuses[i%len(statuses)]})
	}
	slices.SortStableFunc(o.Findings, func(a, b outcome.Finding) int { return strings.Compare(a.Check, b.Check) })
	return o
}

// TestXLSX10k: a run of 10,000 findings fills its sheets whole. It reads
// the worksheet XML itself: excelize takes seconds to load a sheet this big.
func TestXLSX10k(t *testing.T) {
	if testing.Short() {
		t.Skip("large workbook")
	}
	o := bigOutcome(10000)
	var buf bytes.Buffer
	if err := XLSX(&buf, o, Options{Titles: ledgerTitles}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rowCounts := map[int]int{} // rows → sheets with that many
	var dead []byte
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Contains(b, []byte("<autoFilter ")) {
			continue // the summary
		}
		n := bytes.Count(b, []byte("<row "))
		rowCounts[n]++
		if n == 6002 {
			dead = b
		}
	}
	// With their headers: dead-link (6,000 and the fixture's fixed one),
	// stale-column (2,000 and the unverified one), typo (2,000), empty-column
	// (the fixed one).
	if want := map[int]int{6002: 1, 2002: 1, 2001: 1, 2: 1}; !reflect.DeepEqual(rowCounts, want) {
		t.Errorf("sheets by row count = %v, want %v", rowCounts, want)
	}
	last := o.Findings[5999]
	for _, want := range []string{
		`<c r="A6001" s="`,
		`<c r="J6001" s="`, last.Fingerprint,
		`<c r="F6001" s="`, `<f>HYPERLINK(&#34;` + last.Target + `&#34;)</f><v>` + last.Target + `</v>`,
		`<c r="J6002" s="`, "fp-dead-fixed",
	} {
		if !bytes.Contains(dead, []byte(want)) {
			t.Errorf("the dead-link sheet lacks %q", want)
		}
	}
}

func BenchmarkXLSX10k(b *testing.B) {
	o := bigOutcome(10000)
	opt := Options{Titles: ledgerTitles}
	b.ReportAllocs()
	for b.Loop() {
		if err := XLSX(io.Discard, o, opt); err != nil {
			b.Fatal(err)
		}
	}
}
