package annualreport

import (
	"fmt"
	"strconv"
	"strings"
)

// A Problem is one violated consistency rule (勾稽关系).
type Problem struct {
	Rule     string // column-balance, row-total, result-total, review-total, text-mismatch
	Subject  string // which column, row, group or quote: distinguishes problems of one rule
	Message  string // Chinese, naming the row or column and both numbers
	Evidence string // the numbers
}

// Rules lists the rule ids Check reports.
var Rules = []string{"column-balance", "row-total", "result-total", "review-total", "text-mismatch"}

// Check verifies the consistency rules of domain.md §5 on what was read:
//
//   - column-balance: in every column of table 3, 一 + 二 = 三(七)总计 + 四;
//   - row-total: in every row of table 3, 总计 = the six applicant columns;
//   - result-total: in every column, 三(七)总计 = (一)…(六) with their sub-rows;
//   - review-total: in each group of table 4, 总计 = 维持 + 纠正 + 其他 + 尚未审结;
//   - text-mismatch: a number the text states equals the table's.
//
// A rule whose rows are missing from the table is not judged.
func (r *Report) Check() []Problem {
	var out []Problem
	if q := r.Requests; q != nil {
		out = append(out, q.columnBalance()...)
		out = append(out, q.rowTotals()...)
		out = append(out, q.resultTotals()...)
	}
	if v := r.Reviews; v != nil {
		for g, cells := range v.Groups {
			sum := cells[0] + cells[1] + cells[2] + cells[3]
			if sum != cells[4] {
				out = append(out, Problem{
					Rule: "review-total", Subject: GroupNames[g],
					Message: fmt.Sprintf("表四“%s”：结果维持 %d + 结果纠正 %d + 其他结果 %d + 尚未审结 %d = %d，但总计为 %d",
						GroupNames[g], cells[0], cells[1], cells[2], cells[3], sum, cells[4]),
					Evidence: fmt.Sprintf("%s：%s", GroupNames[g], joinInts(cells[:], " / ")),
				})
			}
		}
	}
	for _, qt := range r.Quotes {
		table, label, ok := r.tableValue(qt.Key)
		if !ok || table == qt.N {
			continue
		}
		out = append(out, Problem{
			Rule: "text-mismatch", Subject: qt.Key,
			Message:  fmt.Sprintf("正文“%s”为 %d，但%s为 %d", qt.Excerpt, qt.N, label, table),
			Evidence: fmt.Sprintf("正文 %d ≠ 表格 %d", qt.N, table),
		})
	}
	return out
}

// tableValue is the table's number for a quote key, and where it stands.
func (r *Report) tableValue(key string) (int, string, bool) {
	switch key {
	case "review":
		if r.Reviews == nil {
			return 0, "", false
		}
		return r.Reviews.Groups[ReviewGroup][4], "表四“行政复议”总计", true
	case "suit":
		if r.Reviews == nil {
			return 0, "", false
		}
		g := r.Reviews.Groups
		return g[SuitDirect][4] + g[SuitAfter][4], fmt.Sprintf("表四行政诉讼总计（%d + %d）", g[SuitDirect][4], g[SuitAfter][4]), true
	}
	q := r.Requests
	if q == nil {
		return 0, "", false
	}
	switch key {
	case "new", "carried", "next", "total":
		if !q.Has(key) {
			return 0, "", false
		}
		return q.Rows[key][Total], fmt.Sprintf("表三“%s”行“总计”列", RowLabel(key)), true
	}
	v, ok := q.group(key)
	if !ok {
		return 0, "", false
	}
	return v[Total], fmt.Sprintf("表三“%s”“总计”列", RowLabel(key)), true
}

// group is a result group's numbers: the sum of its sub-rows, or its own row.
func (q *Requests) group(key string) ([NCols]int, bool) {
	var sum [NCols]int
	found := false
	for _, k := range q.Order {
		if strings.HasPrefix(k, key+".") {
			found = true
			for c := range NCols {
				sum[c] += q.Rows[k][c]
			}
		}
	}
	if found {
		return sum, true
	}
	v, ok := q.Rows[key]
	return v, ok
}

func (q *Requests) columnBalance() []Problem {
	if !q.Has("new") || !q.Has("total") {
		return nil
	}
	var out []Problem
	nw, cr, tt, nx := q.Rows["new"], q.Rows["carried"], q.Rows["total"], q.Rows["next"]
	for c := range NCols {
		in, done := nw[c]+cr[c], tt[c]+nx[c]
		if in == done {
			continue
		}
		out = append(out, Problem{
			Rule: "column-balance", Subject: ColumnNames[c],
			Message: fmt.Sprintf("表三“%s”列：本年新收 %d + 上年结转 %d = %d，但办理结果总计 %d + 结转下年度 %d = %d",
				ColumnNames[c], nw[c], cr[c], in, tt[c], nx[c], done),
			Evidence: fmt.Sprintf("一 %d，二 %d，三(七) %d，四 %d", nw[c], cr[c], tt[c], nx[c]),
		})
	}
	return out
}

func (q *Requests) rowTotals() []Problem {
	var out []Problem
	for _, k := range q.Order {
		v := q.Rows[k]
		sum := 0
		for c := range Total {
			sum += v[c]
		}
		if sum == v[Total] {
			continue
		}
		out = append(out, Problem{
			Rule: "row-total", Subject: k,
			Message: fmt.Sprintf("表三“%s”行：六类申请人 %s = %d，但总计列为 %d",
				RowLabel(k), joinInts(v[:Total], " + "), sum, v[Total]),
			Evidence: fmt.Sprintf("%s：%s", RowLabel(k), joinInts(v[:], " / ")),
		})
	}
	return out
}

func (q *Requests) resultTotals() []Problem {
	if !q.Has("total") {
		return nil
	}
	parts := make([][NCols]int, 0, len(groups))
	for _, g := range groups {
		v, _ := q.group(g)
		parts = append(parts, v)
	}
	var out []Problem
	tt := q.Rows["total"]
	for c := range NCols {
		sum := 0
		nums := make([]int, len(parts))
		for i, p := range parts {
			nums[i] = p[c]
			sum += p[c]
		}
		if sum == tt[c] {
			continue
		}
		out = append(out, Problem{
			Rule: "result-total", Subject: ColumnNames[c],
			Message: fmt.Sprintf("表三“%s”列：办理结果（一）至（六）%s = %d，但（七）总计为 %d",
				ColumnNames[c], joinInts(nums, " + "), sum, tt[c]),
			Evidence: fmt.Sprintf("（一）至（六）：%s；（七）：%d", joinInts(nums, " / "), tt[c]),
		})
	}
	return out
}

func joinInts(v []int, sep string) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, sep)
}

// String prints what was read, for tests and `govaudit page`.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "year %d\n", r.Year)
	if q := r.Requests; q != nil {
		for _, k := range q.Order {
			fmt.Fprintf(&b, "  %-10s %v\n", k, q.Rows[k])
		}
	} else {
		b.WriteString("  no table 3\n")
	}
	if v := r.Reviews; v != nil {
		for g, cells := range v.Groups {
			fmt.Fprintf(&b, "  %s %v\n", GroupNames[g], cells)
		}
	} else {
		b.WriteString("  no table 4\n")
	}
	for _, qt := range r.Quotes {
		fmt.Fprintf(&b, "  quote %s=%d (%s)\n", qt.Key, qt.N, qt.Excerpt)
	}
	return b.String()
}
