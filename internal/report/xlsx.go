package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

// summarySheet is the first sheet of the workbook.
const summarySheet = "汇总"

// Status labels of baseline findings that are not findings of this run.
const (
	labelFixed      = "已修复"
	labelUnverified = "未复查"
)

// ledgerHeader is the header row of every check sheet. The office fills in
// 整改情况 and 整改责任人.
var ledgerHeader = []string{
	"序号", "状态", "严重程度", "栏目", "页面", "目标", "规则",
	"问题说明", "证据", "识别码", "整改情况", "整改责任人", "接受理由",
}

// Columns of ledgerHeader, 0-based.
const (
	colNo = iota
	colStatus
	colSeverity
	colColumn
	colPage
	colTarget
	colRule
	colMessage
	colEvidence
	colFingerprint
	colRemedy
	colOwner
	colReason
)

// Column widths, in Excel's units (a Latin digit; a Chinese character is 2).
const (
	maxColWidth = 60 // long columns (页面, 问题说明, …) wrap beyond this
	minColWidth = 6
	// maxRowLines caps the estimated height of a row of wrapped text.
	maxRowLines = 12
	lineHeight  = 15.0 // points per line of the default 11-point font
	// maxFormulaText is Excel's limit on a text value in a formula.
	maxFormulaText = 255
)

// entry is one row of the ledger: a finding and how it stands.
type entry struct {
	f      checks.Finding
	status string // Chinese label
	reason string // why it was accepted, for 已接受
}

// entries lists the outcome's findings in report order: this run's findings,
// then the baseline's fixed ones (已修复), then the unverified ones (未复查).
func entries(o *outcome.Outcome) []entry {
	es := make([]entry, 0, len(o.Findings)+len(o.Fixed)+len(o.Unverified))
	for _, f := range o.Findings {
		e := entry{f: f.Finding, status: f.Status.Label()}
		if f.Accepted != nil {
			e.reason = f.Accepted.Reason
		}
		es = append(es, e)
	}
	for _, f := range o.Fixed {
		es = append(es, entry{f: f, status: labelFixed})
	}
	for _, f := range o.Unverified {
		es = append(es, entry{f: f, status: labelUnverified})
	}
	return es
}

// checkGroup is the entries of one check, in entries order.
type checkGroup struct {
	check   string
	entries []entry
}

// groupByCheck groups entries by check, the checks in the order they first
// appear (o.Findings, then o.Fixed, then o.Unverified).
func groupByCheck(es []entry) []checkGroup {
	var groups []checkGroup
	index := map[string]int{}
	for _, e := range es {
		i, ok := index[e.f.Check]
		if !ok {
			i = len(groups)
			index[e.f.Check] = i
			groups = append(groups, checkGroup{check: e.f.Check})
		}
		groups[i].entries = append(groups[i].entries, e)
	}
	return groups
}

// XLSX writes the outcome as an Excel workbook: the 整改台账 a disclosure office passes around.
func XLSX(w io.Writer, o *outcome.Outcome, opt Options) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName(f.GetSheetName(0), summarySheet); err != nil {
		return err
	}
	loc := opt.location()
	props := &excelize.DocProperties{
		Title:   "政府网站检查整改台账 · " + o.Run.Site,
		Subject: "检查编号 " + o.Run.ID.String(),
		Creator: "govaudit",
	}
	// The run's own times, not the clock's, so the same outcome gives the
	// same document properties.
	if !o.Run.Started.IsZero() {
		props.Created = o.Run.Started.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if !o.Run.Finished.IsZero() {
		props.Modified = o.Run.Finished.UTC().Format(time.RFC3339)
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	if err := writeSummary(f, st, o, opt, loc); err != nil {
		return err
	}
	if err := printSetup(f, summarySheet, "portrait", false); err != nil {
		return err
	}
	names := newSheetNamer(summarySheet)
	for _, g := range groupByCheck(entries(o)) {
		name := names.name(opt.title(g.check), g.check)
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("工作表 %q: %w", name, err)
		}
		if err := writeCheckSheet(f, st, name, g.entries); err != nil {
			return fmt.Errorf("工作表 %q: %w", name, err)
		}
	}
	// The summary, created first, is the active sheet. (SetActiveSheet would
	// parse every streamed sheet back into memory.)
	_, err = f.WriteTo(w)
	return err
}

// styles are the workbook's cell styles.
type styles struct {
	title, section, header, body, wrap, link, warn, label int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	thin := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1},
		{Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1},
		{Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	for _, d := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.section, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    thin,
		}},
		{&s.body, excelize.Style{Alignment: top, Border: thin}},
		{&s.wrap, excelize.Style{Alignment: wrapTop, Border: thin}},
		{&s.link, excelize.Style{
			Font:      &excelize.Font{Color: "0563C1", Underline: "single"},
			Alignment: wrapTop,
			Border:    thin,
		}},
		{&s.warn, excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: wrapTop}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
	} {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, err
		}
		*d.id = id
	}
	return s, nil
}

// wrapped says which columns of a check sheet wrap their text.
var wrapped = map[int]bool{
	colColumn: true, colPage: true, colTarget: true, colRule: true,
	colMessage: true, colEvidence: true, colRemedy: true, colReason: true,
}

// ledgerRow is one entry's cells as text, in ledgerHeader order.
func ledgerRow(n int, e entry) []string {
	row := make([]string, len(ledgerHeader))
	row[colNo] = strconv.Itoa(n)
	row[colStatus] = e.status
	row[colSeverity] = e.f.Severity.Label()
	row[colColumn] = e.f.Column
	row[colPage] = e.f.Page
	row[colTarget] = e.f.Target
	row[colRule] = e.f.Rule
	row[colMessage] = e.f.Message
	row[colEvidence] = e.f.Evidence
	row[colFingerprint] = e.f.Fingerprint
	row[colReason] = e.reason
	return row
}

// writeCheckSheet writes one check's entries as a table with a frozen,
// filtered header row, streaming the rows.
func writeCheckSheet(f *excelize.File, st styles, sheet string, es []entry) error {
	rows := make([][]string, len(es))
	for i, e := range es {
		rows[i] = ledgerRow(i+1, e)
	}
	widths := columnWidths(ledgerHeader, rows)
	// Room for the office's own entries.
	widths[colRemedy] = max(widths[colRemedy], 30)
	widths[colOwner] = max(widths[colOwner], 14)

	// Before the stream writer, which writes the sheet properties first.
	if err := printSetup(f, sheet, "landscape", true); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(headerPanes()); err != nil {
		return err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	header := make([]any, len(ledgerHeader))
	for i, h := range ledgerHeader {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	cells := make([]any, len(ledgerHeader))
	for i, row := range rows {
		r := i + 2
		for c, v := range row {
			style := st.body
			if wrapped[c] {
				style = st.wrap
			}
			cell := excelize.Cell{StyleID: style, Value: v}
			switch c {
			case colNo:
				cell.Value = i + 1
			case colPage, colTarget:
				if formula := hyperlinkFormula(v); formula != "" {
					cell.StyleID, cell.Formula = st.link, formula
				}
			}
			cells[c] = cell
		}
		var opts []excelize.RowOpts
		if n := rowLines(row, widths); n > 1 {
			opts = append(opts, excelize.RowOpts{Height: lineHeight*float64(n) + 3})
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, cells, opts...); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(ledgerHeader), len(rows)+1)
	// The stream writer writes the worksheet's autofilter when it flushes,
	// so it is set before.
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	return sw.Flush()
}

// printSetup prints the sheet on A4 in the given orientation, one page
// wide, with the header row repeated on every page when header is set.
func printSetup(f *excelize.File, sheet, orientation string, header bool) error {
	fit, a4, wide, tall := true, 9, 1, 0
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	if !header {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet,
	})
}

// headerPanes freezes the first row.
func headerPanes() *excelize.Panes {
	return &excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}
}

// hyperlinkFormula is an Excel HYPERLINK formula that opens u, when u is an
// http(s) URL Excel can hold in a formula, or "". The page URLs are links
// through the HYPERLINK function rather than the worksheet's hyperlink
// list: excelize adds each of those in time linear in the links already
// there, so a sheet of 10,000 findings would take seconds. The URL is a
// text literal with its quotes doubled, so whatever a page links to stays
// text.
func hyperlinkFormula(u string) string {
	if !isWebURL(u) || utf16Len(u) > maxFormulaText {
		return ""
	}
	return `HYPERLINK("` + strings.ReplaceAll(u, `"`, `""`) + `")`
}

// isWebURL says whether s is an http or https URL (without white space or
// control characters).
func isWebURL(s string) bool {
	l := strings.ToLower(s)
	return (strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")) && len(s) > len("http://") &&
		!strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// utf16Len is the length of s in UTF-16 code units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// textWidth is the display width of s's longest line, a Chinese (wide)
// character counting 2.
func textWidth(s string) int {
	widest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			widest, n = max(widest, n), 0
		case r < utf8.RuneSelf:
			n++
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return max(widest, n)
}

// columnWidths sizes each column to its widest cell, within
// [minColWidth, maxColWidth].
func columnWidths(header []string, rows [][]string) []float64 {
	ws := make([]int, len(header))
	for i, h := range header {
		ws[i] = textWidth(h)
	}
	for _, row := range rows {
		for i, v := range row {
			if i < len(ws) {
				ws[i] = max(ws[i], textWidth(v))
			}
		}
	}
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i] = float64(min(max(w+2, minColWidth), maxColWidth))
	}
	return out
}

// rowLines estimates how many lines the row's tallest cell wraps to.
func rowLines(row []string, widths []float64) int {
	lines := 1
	for c, v := range row {
		if v == "" || c >= len(widths) {
			continue
		}
		room := max(int(widths[c])-2, 1)
		n := 0
		for line := range strings.SplitSeq(v, "\n") {
			n += max(1, (textWidth(line)+room-1)/room)
		}
		lines = max(lines, n)
	}
	return min(lines, maxRowLines)
}

// sheetNamer turns check titles into sheet names Excel accepts, each used
// once.
type sheetNamer struct{ used map[string]bool }

func newSheetNamer(taken ...string) *sheetNamer {
	// History is reserved by Excel.
	n := &sheetNamer{used: map[string]bool{"history": true}}
	for _, t := range taken {
		n.used[strings.ToLower(t)] = true
	}
	return n
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 units.
const maxSheetName = 31

// name is title as a sheet name: forbidden characters replaced, cut to
// Excel's length, and numbered if another sheet has it (Excel compares sheet
// names without case). An empty title falls back to the check's ID.
func (n *sheetNamer) name(title, check string) string {
	base := cleanSheetName(title)
	if base == "" {
		base = cleanSheetName(check)
	}
	if base == "" {
		base = "检查项"
	}
	name := base
	for i := 2; n.used[strings.ToLower(name)]; i++ {
		suffix := "(" + strconv.Itoa(i) + ")"
		name = truncateUTF16(base, maxSheetName-len(suffix)) + suffix
	}
	n.used[strings.ToLower(name)] = true
	return name
}

// cleanSheetName replaces the characters Excel forbids in a sheet name and
// apostrophes, drops control characters, and cuts the name to Excel's
// length.
func cleanSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			return '_'
		case r == '\'':
			// Excel forbids one at either end, and references to the
			// sheet (its autofilter's) would need it doubled.
			return '’'
		case r < ' ' || r == 0x7f:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(truncateUTF16(strings.TrimSpace(s), maxSheetName))
}

// truncateUTF16 cuts s to at most n UTF-16 code units, on a rune boundary.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > n {
			return s[:i]
		}
		units += u
	}
	return s
}

// vetoUnits are VetoLine.Unit in Chinese.
var vetoUnits = map[string]string{"days": "天", "columns": "个", "failures": "次"}

func vetoAmount(n int, unit string) string {
	if u, ok := vetoUnits[unit]; ok {
		return strconv.Itoa(n) + " " + u
	}
	if unit == "" {
		return strconv.Itoa(n)
	}
	return strconv.Itoa(n) + " " + unit
}

// summary builds the summary sheet row by row.
type summary struct {
	f      *excelize.File
	st     styles
	row    int
	widths map[int]int // column (1-based) → widest text
}

// put writes one row from column A, each value with the style at its index
// (0: none; a shorter styles slice repeats its last style).
func (s *summary) put(values []any, styleIDs ...int) error {
	s.row++
	for i, v := range values {
		ref, _ := excelize.CoordinatesToCellName(i+1, s.row)
		if v == nil {
			continue
		}
		if err := s.f.SetCellValue(summarySheet, ref, v); err != nil {
			return err
		}
		if len(styleIDs) > 0 {
			id := styleIDs[min(i, len(styleIDs)-1)]
			if id != 0 {
				if err := s.f.SetCellStyle(summarySheet, ref, ref, id); err != nil {
					return err
				}
			}
		}
		if str, ok := v.(string); ok && len(values) > 1 {
			s.widths[i+1] = max(s.widths[i+1], textWidth(str))
		} else if !ok {
			s.widths[i+1] = max(s.widths[i+1], len(fmt.Sprint(v)))
		}
	}
	return nil
}

func (s *summary) blank() { s.row++ }

// table writes a header row and the rows under it, in the table styles.
func (s *summary) table(header []string, rows [][]any) error {
	h := make([]any, len(header))
	for i, v := range header {
		h[i] = v
	}
	if err := s.put(h, s.st.header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := s.put(r, s.st.wrap); err != nil {
			return err
		}
	}
	return nil
}

func formatTime(t time.Time, loc *time.Location, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(layout)
}

// partialNote says why a partial run's results are incomplete.
func partialNote(r outcome.Run) string {
	if r.Status == outcome.StatusComplete && r.Scope.Limited > 0 {
		return fmt.Sprintf("本次检查受抓取上限限制，有 %d 个页面未检查：结果不完整，不作为下次检查的对比基准。", r.Scope.Limited)
	}
	return "本次检查未完成（" + r.StatusLabel() + "）：结果不完整，不作为下次检查的对比基准。"
}

// writeSummary fills the summary sheet: the run, the veto lines, the counts
// per check, the diff against the baseline and the site's past runs.
func writeSummary(f *excelize.File, st styles, o *outcome.Outcome, opt Options, loc *time.Location) error {
	s := &summary{f: f, st: st, widths: map[int]int{}}
	run := o.Run
	if err := s.put([]any{"政府网站检查整改台账 · " + run.Site}, st.title); err != nil {
		return err
	}
	s.blank()
	kv := [][2]string{
		{"站点", run.Site},
		{"检查编号", run.ID.String()},
		{"开始时间", formatTime(run.Started, loc, "2006-01-02 15:04")},
		{"结束时间", formatTime(run.Finished, loc, "2006-01-02 15:04")},
		{"检查日期", formatTime(run.AsOf, loc, "2006-01-02")},
		{"检查状态", run.StatusLabel()},
	}
	for _, p := range kv {
		if err := s.put([]any{p[0], p[1]}, st.label, 0); err != nil {
			return err
		}
	}
	if run.Partial() {
		if err := s.put([]any{"注意", partialNote(run)}, st.label, st.warn); err != nil {
			return err
		}
	}
	for _, p := range []struct {
		k string
		v int
	}{{"页面数", run.Pages}, {"链接数", run.Links}} {
		if err := s.put([]any{p.k, p.v}, st.label, 0); err != nil {
			return err
		}
	}

	s.blank()
	if err := s.put([]any{"单项否决指标（国办秘函〔2019〕19号）"}, st.section); err != nil {
		return err
	}
	if len(o.Standing) == 0 {
		if err := s.put([]any{"本次检查未评估单项否决指标"}); err != nil {
			return err
		}
	} else {
		var rows [][]any
		for _, l := range o.Standing {
			value := vetoAmount(l.Value, l.Unit)
			if l.Level == outcome.Unknown {
				value = "—"
			}
			rows = append(rows, []any{l.Item, value, vetoAmount(l.Warn, l.Unit), vetoAmount(l.Fail, l.Unit), l.Level.Label(), l.Detail})
		}
		if err := s.table([]string{"指标", "数值", "预警线", "否决线", "结论", "说明"}, rows); err != nil {
			return err
		}
	}

	s.blank()
	if err := s.put([]any{"各检查项问题数（错误、警告、提示只计新增和未修复的问题）"}, st.section); err != nil {
		return err
	}
	type tally struct{ errors, warnings, infos, pending, accepted int }
	var order []string
	tallies := map[string]*tally{}
	var total tally
	for _, fd := range o.Findings {
		t := tallies[fd.Check]
		if t == nil {
			t = &tally{}
			tallies[fd.Check] = t
			order = append(order, fd.Check)
		}
		for _, t := range []*tally{t, &total} {
			switch {
			case fd.Status == outcome.Pending:
				t.pending++
			case fd.Status == outcome.Accepted:
				t.accepted++
			case !fd.Status.Counted():
			case fd.Severity == checks.Error:
				t.errors++
			case fd.Severity == checks.Warning:
				t.warnings++
			default:
				t.infos++
			}
		}
	}
	var rows [][]any
	for _, c := range order {
		t := tallies[c]
		rows = append(rows, []any{opt.title(c), t.errors, t.warnings, t.infos, t.pending, t.accepted})
	}
	rows = append(rows, []any{"合计", total.errors, total.warnings, total.infos, total.pending, total.accepted})
	if err := s.table([]string{"检查项", "错误", "警告", "提示", "待确认", "已接受"}, rows); err != nil {
		return err
	}

	s.blank()
	if err := s.put([]any{"与上次检查对比"}, st.section); err != nil {
		return err
	}
	c := o.Count()
	baseline := "首次检查"
	if o.Baseline != nil {
		baseline = o.Baseline.ID.String()
		if d := formatTime(o.Baseline.Started, loc, "2006-01-02 15:04"); d != "" {
			baseline += "（" + d + "）"
		}
	}
	if err := s.table([]string{"对比基准", "新增", "未修复", "已修复", "未复查"},
		[][]any{{baseline, c.New, c.Open, c.Fixed, c.Unverified}}); err != nil {
		return err
	}

	if len(opt.Trend) > 0 {
		s.blank()
		if err := s.put([]any{"历次检查"}, st.section); err != nil {
			return err
		}
		var rows [][]any
		for _, r := range opt.Trend {
			rows = append(rows, []any{r.ID.String(), formatTime(r.Started, loc, "2006-01-02 15:04"), r.StatusLabel(),
				r.Counts.Errors, r.Counts.Warnings, r.Counts.Infos, r.Counts.New, r.Counts.Fixed})
		}
		if err := s.table([]string{"检查编号", "开始时间", "检查状态", "错误", "警告", "提示", "新增", "已修复"}, rows); err != nil {
			return err
		}
	}

	for col, w := range s.widths {
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColWidth(summarySheet, name, name, float64(min(max(w+2, 8), maxColWidth))); err != nil {
			return err
		}
	}
	return nil
}
