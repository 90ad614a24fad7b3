// mkpdf renders the reference report (hangzhou-education-2020-disclosure-
// report.txt, the plain-text layout of a real report) as the PDF a portal
// publishes: paragraphs, and its tables with their merged cells rebuilt, in
// a CJK font, converted by LibreOffice. It writes the HTML it renders and,
// with -changed, a copy with one number changed (上年结转, 自然人: 0 → 2);
// with -tables, only the title and sections 三 and 四 (the tables), which
// makes a smaller file.
//
//	go run ./testdata/mkpdf -out testdata/hangzhou-education-2020.pdf
//	go run ./testdata/mkpdf -changed -tables -out testdata/hangzhou-education-2020-changed.pdf
//
// It needs soffice (Debian: libreoffice-writer-nogui) and fonts-noto-cjk;
// the tests read the PDFs it wrote, not this program.
package main

import (
	"flag"
	"fmt"
	"html"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	in := flag.String("in", "testdata/hangzhou-education-2020-disclosure-report.txt", "the reference text")
	out := flag.String("out", "testdata/hangzhou-education-2020.pdf", "the PDF to write")
	changed := flag.Bool("changed", false, "change 上年结转 of 自然人 from 0 to 2")
	tables := flag.Bool("tables", false, "keep only the title and sections 三 and 四")
	flag.Parse()
	b, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	text := string(b)
	if *changed {
		old := "二、上年结转政府信息公开申请数量\n\t0\n"
		if !strings.Contains(text, old) {
			log.Fatal("reference layout changed")
		}
		text = strings.Replace(text, old, "二、上年结转政府信息公开申请数量\n\t2\n", 1)
	}
	if *tables {
		lines := strings.Split(text, "\n")
		from, to := -1, -1
		for i, l := range lines {
			switch {
			case strings.HasPrefix(l, "三、收到和处理政府信息公开申请情况"):
				from = i
			case strings.HasPrefix(l, "五、"):
				to = i
			}
		}
		if from < 0 || to < from {
			log.Fatal("reference layout changed")
		}
		text = strings.Join(append(lines[:3:3], lines[from:to]...), "\n")
	}
	page := render(text)
	dir, err := os.MkdirTemp("", "mkpdf")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "report.html")
	if err := os.WriteFile(src, []byte(page), 0o644); err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", dir, src)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "report.pdf"))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, pdf, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d bytes\n", *out, len(pdf))
}

const head = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>杭州市教育局2020年政府信息公开年度报告</title>
<style>
body { font-family: "Noto Serif CJK SC"; font-size: 10.5pt }
table { border-collapse: collapse; width: 100% }
td { border: 1px solid #000; font-size: 9pt; text-align: center; vertical-align: middle; padding: 1pt }
td.l { text-align: left }
</style></head><body>
`

// render turns the plain-text layout into HTML: lines without a leading tab
// are paragraphs; blocks of tab-indented lines (one cell a line, rows
// separated by blank lines) are table rows.
func render(text string) string {
	var b strings.Builder
	b.WriteString(head)
	var rows [][]string
	var cur []string
	flushRow := func() {
		if cur != nil {
			rows = append(rows, cur)
			cur = nil
		}
	}
	flushTable := func() {
		flushRow()
		if len(rows) > 0 {
			table(&b, rows)
			rows = nil
		}
	}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "\t"):
			cur = append(cur, strings.TrimSpace(line))
		case strings.TrimSpace(line) == "":
			flushRow()
		default:
			flushTable()
			style := ""
			if i < 3 {
				style = ` style="text-align:center;font-size:16pt"`
			}
			fmt.Fprintf(&b, "<p%s>%s</p>\n", style, html.EscapeString(strings.TrimSpace(line)))
		}
	}
	flushTable()
	b.WriteString("</body></html>\n")
	return b.String()
}

// table writes one table: table 3 and table 4 of the disclosure report
// with their standard headers and merged cells, any other as it comes.
func table(b *strings.Builder, rows [][]string) {
	switch {
	case strings.Contains(rows[0][0], "收到和处理政府信息公开申请情况"):
		requests(b, rows)
	case strings.Contains(rows[0][0], "行政复议、行政诉讼情况"):
		reviews(b, rows)
	default:
		plain(b, rows)
	}
}

func cell(b *strings.Builder, text string, attrs string) {
	fmt.Fprintf(b, "<td%s>%s</td>", attrs, html.EscapeString(text))
}

func plain(b *strings.Builder, rows [][]string) {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	b.WriteString(`<table border="1" cellspacing="0" cellpadding="2">` + "\n")
	for _, r := range rows {
		b.WriteString("<tr>")
		for i, c := range r {
			attrs := ` class="l"`
			if i == len(r)-1 && len(r) < n {
				attrs += fmt.Sprintf(` colspan="%d"`, n-len(r)+1)
			}
			cell(b, c, attrs)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n")
}

// requests writes table 3: the header of the 2019 format, then rows of
// label cells and seven numbers; an empty label cell continues the cell
// above it (a rowspan), the last label of a row spans the label columns
// left.
func requests(b *strings.Builder, rows [][]string) {
	const labels = 3
	b.WriteString(`<table border="1" cellspacing="0" cellpadding="2">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
`)
	var data [][]string
	for _, r := range rows {
		if len(r) > 7 && r[len(r)-8] != "" || len(r) > 8 {
			data = append(data, r)
		}
	}
	// grid of label cells: grid[i][c] is the text of row i's column c, ""
	// for a continuation.
	grid := make([][labels]string, len(data))
	span := make([][labels]int, len(data))
	for i, r := range data {
		ls := r[:len(r)-7]
		for c := range ls {
			if c < len(ls)-1 {
				grid[i][c] = ls[c]
			} else {
				grid[i][c] = ls[c]
				span[i][c] = labels - c
			}
			if c < len(ls)-1 {
				span[i][c] = 1
			}
		}
	}
	for i, r := range data {
		b.WriteString("<tr>")
		ls := r[:len(r)-7]
		for c := range ls {
			if ls[c] == "" {
				continue // covered by the cell above
			}
			rs := 1
			for j := i + 1; j < len(data) && len(data[j])-7 > c && data[j][c] == ""; j++ {
				rs++
			}
			attrs := ` class="l"`
			if span[i][c] > 1 {
				attrs += fmt.Sprintf(` colspan="%d"`, span[i][c])
			}
			if rs > 1 {
				attrs += fmt.Sprintf(` rowspan="%d"`, rs)
			}
			cell(b, ls[c], attrs)
		}
		for _, n := range r[len(r)-7:] {
			cell(b, n, "")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n")
}

// reviews writes table 4: its standard header and the row of 15 numbers.
func reviews(b *strings.Builder, rows [][]string) {
	b.WriteString(`<table border="1" cellspacing="0" cellpadding="2">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
`)
	last := rows[len(rows)-1]
	b.WriteString("<tr>")
	for _, n := range last {
		cell(b, n, "")
	}
	b.WriteString("</tr>\n</table>\n")
}
