package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"

	"govaudit/internal/outcome"
)

// csvHeader is the CSV's header row.
var csvHeader = []string{
	"检查项", "检查项名称", "状态", "严重程度", "栏目", "页面", "目标", "规则", "问题说明", "证据", "识别码",
}

// utf8BOM tells spreadsheet programs the file is UTF-8.
const utf8BOM = "\uFEFF"

// CSV writes the findings as CSV: UTF-8 with a byte-order mark so spreadsheet programs read Chinese.
//
// One row per finding: this run's, then the baseline's fixed ones (已修复),
// then the unverified ones (未复查). Lines end in CRLF, as RFC 4180 and
// spreadsheet programs expect; a line break inside a cell is written as LF
// (a lone CR becomes LF too, so every cell reads back as written). A cell
// that a spreadsheet would take for a formula is prefixed with an apostrophe
// (see neutralise).
func CSV(w io.Writer, o *outcome.Outcome, opt Options) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	record := make([]string, len(csvHeader))
	for _, e := range entries(o) {
		f := e.f
		for i, v := range []string{
			f.Check, opt.title(f.Check), e.status, f.Severity.Label(), f.Column, f.Page,
			f.Target, f.Rule, f.Message, f.Evidence, f.Fingerprint,
		} {
			record[i] = csvCell(v)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvCell is v as a CSV cell: neutralised, with its line breaks as LF.
func csvCell(v string) string {
	v = neutralise(v)
	if strings.IndexByte(v, '\r') >= 0 {
		v = strings.ReplaceAll(v, "\r\n", "\n")
		v = strings.ReplaceAll(v, "\r", "\n")
	}
	return v
}

// neutralise guards against CSV formula injection, as OWASP recommends: a
// cell beginning with = + - @, a tab or a carriage return is prefixed with an
// apostrophe, so a spreadsheet shows it as text rather than running it. The
// findings quote page text written by third parties.
func neutralise(v string) string {
	if v != "" && strings.IndexByte("=+-@\t\r", v[0]) >= 0 {
		return "'" + v
	}
	return v
}
