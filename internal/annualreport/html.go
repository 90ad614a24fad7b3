package annualreport

import (
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// ParseHTML reads a report page: its tables (rowspan and colspan expanded
// into a grid, so every row carries its group labels) and, for the quoted
// numbers, text (the page's visible text; the document's text if empty).
// When the page has no table 3, text is also read in the plain-text layout.
func ParseHTML(doc *goquery.Document, text string) *Report {
	r := &Report{}
	if text == "" {
		text = doc.Text()
	}
	var rows [][]string
	doc.Find("table").Each(func(_ int, t *goquery.Selection) {
		rows = append(rows, Grid(t)...)
		rows = append(rows, nil)
	})
	r.Requests, r.Reviews = ParseRows(rows)
	if r.Requests == nil || r.Reviews == nil {
		req, rev := ParseRows(TextRows(text))
		if r.Requests == nil {
			r.Requests = req
		}
		if r.Reviews == nil {
			r.Reviews = rev
		}
	}
	r.Quotes = Quotes(text)
	r.Year = periodYear(text)
	return r
}

const (
	maxSpan  = 100
	maxCols  = 200
	maxCells = 20000
)

// Grid expands one table into rows of cell texts: a cell with colspan n
// appears n times in its row, one with rowspan n in n rows. Rows of nested
// tables are not its rows.
func Grid(t *goquery.Selection) [][]string {
	type span struct {
		text string
		left int
	}
	var grid [][]string
	pending := map[int]*span{}
	total := 0
	t.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		if total > maxCells || !tr.Closest("table").IsSelection(t) {
			return
		}
		var row []string
		col := 0
		fill := func() {
			for col < maxCols {
				p := pending[col]
				if p == nil {
					return
				}
				row = append(row, p.text)
				if p.left--; p.left == 0 {
					delete(pending, col)
				}
				col++
			}
		}
		tr.ChildrenFiltered("td,th").Each(func(_ int, td *goquery.Selection) {
			fill()
			text := strings.Join(strings.Fields(td.Text()), " ")
			cs, rs := spanAttr(td, "colspan"), spanAttr(td, "rowspan")
			for range cs {
				if col >= maxCols {
					return
				}
				row = append(row, text)
				if rs > 1 {
					pending[col] = &span{text, rs - 1}
				}
				col++
			}
		})
		// Spans from earlier rows to the right of this row's last cell.
		for len(pending) > 0 && col < maxCols {
			if pending[col] == nil {
				more := false
				for c := range pending {
					if c > col {
						more = true
					}
				}
				if !more {
					break
				}
				row = append(row, "")
				col++
				continue
			}
			fill()
		}
		total += len(row)
		grid = append(grid, row)
	})
	return grid
}

func spanAttr(s *goquery.Selection, name string) int {
	v, ok := s.Attr(name)
	if !ok {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxSpan)
}
