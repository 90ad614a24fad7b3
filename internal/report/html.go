package report

import (
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
)

//go:embed templates/report.html.tmpl
var htmlFiles embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").ParseFS(htmlFiles, "templates/report.html.tmpl"))

// htmlBriefLimit caps the fixed and unverified lists: the report names that many
// of each and counts the rest.
const htmlBriefLimit = 100

// htmlOtherColumn heads the findings that belong to no 栏目.
const htmlOtherColumn = "其他（未归入栏目）"

// HTML writes one self-contained HTML page for the outcome.
//
// The page needs no network and no script: CSS and the trend chart (SVG)
// are inline, the fonts are the reader's own. The sections come in the
// order an office reads them: the run, the single-veto standing, the counts
// per check, the diff against the baseline, the trend, the findings by
// column and check, the accepted findings, then what was not examined.
// Only http and https URLs become links. The same outcome and options give
// the same bytes.
func HTML(w io.Writer, o *outcome.Outcome, opt Options) error {
	return htmlTemplate.Execute(w, newHTMLPage(o, opt))
}

// htmlPage is what the template shows, computed and ordered here so the
// template only lays it out.
type htmlPage struct {
	Site, SiteHref      string
	RunID               string
	Started, Finished   string
	AsOf                string
	Pages, Links        int
	Status, StatusClass string
	Partial             bool
	PartialReason       string

	Veto      []htmlVeto
	VetoFails int
	VetoWarns int

	Checks []htmlCount
	Total  htmlCount

	Diff htmlDiff

	Trend     *htmlTrend
	TrendRuns int

	Columns  []htmlColumn
	Listed   int // findings in the main list
	Pending  int
	Accepted []htmlFinding

	Blocked    []htmlTarget
	Private    []outcome.Target
	PartlyRead []outcome.Target
	Capped     []htmlCapped
	Skipped    outcome.Skipped
}

type htmlVeto struct {
	ID, Item, Detail   string
	Level, LevelClass  string
	Measure, Threshold string
}

type htmlCount struct {
	Title, ID               string
	Errors, Warnings, Infos int
	Pending, Accepted       int
}

type htmlDiff struct {
	First                        bool
	Baseline, BaselineID         string
	New, Open, Fixed, Unverified int
	FixedRows, UnverifiedRows    []htmlBrief
	FixedMore, UnverifiedMore    int
}

type htmlBrief struct {
	Fingerprint        string
	Check              string
	Severity, SevClass string
	Message            string
	Page, PageHref     string
	Target, TargetHref string
}

type htmlFinding struct {
	Fingerprint          string
	Severity, SevClass   string
	Status, StatusClass  string
	Message, Rule        string
	Evidence             string
	Target, TargetHref   string
	Page, PageHref       string
	Check, Column        string
	Reason, By, At, Till string
}

type htmlCheck struct {
	Title, ID string
	Rows      []htmlFinding
}

type htmlColumn struct {
	Name   string
	Other  bool
	Count  int
	Checks []htmlCheck
}

type htmlTarget struct {
	URL, Href string
	Status    string
	Detail    string
}

func newHTMLPage(o *outcome.Outcome, opt Options) *htmlPage {
	loc := opt.location()
	run := o.Run
	p := &htmlPage{
		Site:        run.Site,
		SiteHref:    link.Href(run.Site),
		RunID:       run.ID.String(),
		Started:     htmlStamp(run.Started, loc),
		Finished:    htmlStamp(run.Finished, loc),
		Pages:       run.Pages,
		Links:       run.Links,
		Status:      run.StatusLabel(),
		StatusClass: "pass",
		Partial:     run.Partial(),
		Skipped:     o.Skipped,
	}
	if !run.AsOf.IsZero() {
		p.AsOf = run.AsOf.In(loc).Format("2006-01-02")
	}
	if p.Partial {
		p.StatusClass = "warning"
		p.PartialReason = htmlPartialReason(run)
	}

	for _, l := range o.Standing {
		p.Veto = append(p.Veto, htmlVeto{
			ID: l.ID, Item: l.Item, Detail: l.Detail,
			Level: l.Level.Label(), LevelClass: htmlLevelClass(l.Level),
			Measure: htmlMeasure(l), Threshold: htmlThreshold(l),
		})
		switch l.Level {
		case outcome.Fail:
			p.VetoFails++
		case outcome.Warn:
			p.VetoWarns++
		}
	}

	p.Checks, p.Total = htmlCountChecks(o.Findings, opt)
	p.Diff = htmlNewDiff(o, opt, loc)
	p.Trend, p.TrendRuns = htmlNewTrend(opt.Trend, loc)
	p.Columns, p.Accepted = htmlGroup(o.Findings, opt, loc)
	for _, c := range p.Columns {
		p.Listed += c.Count
	}
	p.Pending = p.Total.Pending

	for _, b := range o.Blocked {
		status := "—"
		if b.Status != 0 {
			status = strconv.Itoa(b.Status)
		}
		p.Blocked = append(p.Blocked, htmlTarget{URL: b.URL, Href: link.Href(b.URL), Status: status, Detail: b.Detail})
	}
	p.Private, p.PartlyRead = o.Private, o.PartlyRead
	for id, n := range o.Capped {
		p.Capped = append(p.Capped, htmlCapped{Check: id, N: n})
	}
	sort.Slice(p.Capped, func(i, j int) bool { return p.Capped[i].Check < p.Capped[j].Check })
	return p
}

func htmlStamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

func htmlPartialReason(run outcome.Run) string {
	var why []string
	if run.Status != outcome.StatusComplete {
		why = append(why, "检查"+run.StatusLabel())
	}
	if run.Scope.Limited > 0 {
		var lim []string
		if run.Scope.MaxPages > 0 {
			lim = append(lim, fmt.Sprintf("最多 %d 个页面", run.Scope.MaxPages))
		}
		if run.Scope.MaxDepth > 0 {
			lim = append(lim, fmt.Sprintf("最深 %d 层", run.Scope.MaxDepth))
		}
		s := fmt.Sprintf("受抓取上限限制，%d 个页面未抓取", run.Scope.Limited)
		if len(lim) > 0 {
			s += "（" + strings.Join(lim, "，") + "）"
		}
		why = append(why, s)
	}
	return strings.Join(why, "；")
}

func htmlLevelClass(l outcome.Level) string {
	switch l {
	case outcome.Pass, outcome.Warn, outcome.Fail:
		return string(l)
	}
	return "unknown"
}

func htmlSevClass(s checks.Severity) string {
	switch s {
	case checks.Error, checks.Warning:
		return string(s)
	}
	return "info"
}

func htmlStatusClass(s outcome.FindingStatus) string {
	switch s {
	case outcome.New, outcome.Open, outcome.Pending, outcome.Accepted:
		return string(s)
	}
	return "other"
}

func htmlUnit(unit string) string {
	switch unit {
	case "days":
		return "天"
	case "columns":
		return "个栏目"
	case "failures":
		return "次"
	}
	return unit
}

// htmlMeasure is the value a veto line measured; htmlThreshold its warning and veto
// lines; both empty for a line judged without numbers.
func htmlMeasure(l outcome.VetoLine) string {
	if l.Level == outcome.Unknown || (l.Warn == 0 && l.Fail == 0) {
		return ""
	}
	return fmt.Sprintf("%d %s", l.Value, htmlUnit(l.Unit))
}

func htmlThreshold(l outcome.VetoLine) string {
	if l.Warn == 0 && l.Fail == 0 {
		return ""
	}
	var s []string
	if l.Warn > 0 {
		s = append(s, fmt.Sprintf("预警 ≥%d", l.Warn))
	}
	if l.Fail > 0 {
		s = append(s, fmt.Sprintf("否决 ≥%d", l.Fail))
	}
	return strings.Join(s, " · ")
}

// htmlCountChecks counts the findings of each check: counted ones by severity,
// pending and accepted apart; sorted by title, then ID.
func htmlCountChecks(fs []outcome.Finding, opt Options) ([]htmlCount, htmlCount) {
	byID := map[string]*htmlCount{}
	var total htmlCount
	for _, f := range fs {
		c := byID[f.Check]
		if c == nil {
			c = &htmlCount{Title: opt.title(f.Check), ID: f.Check}
			byID[f.Check] = c
		}
		for _, c := range []*htmlCount{c, &total} {
			switch {
			case f.Status == outcome.Accepted:
				c.Accepted++
			case f.Status == outcome.Pending:
				c.Pending++
			case f.Status.Counted():
				switch f.Severity {
				case checks.Error:
					c.Errors++
				case checks.Warning:
					c.Warnings++
				default:
					c.Infos++
				}
			}
		}
	}
	out := make([]htmlCount, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b htmlCount) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	return out, total
}

func htmlNewDiff(o *outcome.Outcome, opt Options, loc *time.Location) htmlDiff {
	c := o.Count()
	d := htmlDiff{New: c.New, Open: c.Open, Fixed: len(o.Fixed), Unverified: len(o.Unverified)}
	if o.Baseline == nil {
		d.First = true
	} else {
		d.Baseline = o.Baseline.Started.In(loc).Format("2006-01-02 15:04")
		d.BaselineID = o.Baseline.ID.String()
	}
	d.FixedRows, d.FixedMore = htmlBriefRows(o.Fixed, opt)
	d.UnverifiedRows, d.UnverifiedMore = htmlBriefRows(o.Unverified, opt)
	return d
}

func htmlBriefRows(fs []checks.Finding, opt Options) ([]htmlBrief, int) {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, htmlCompare)
	more := 0
	if len(fs) > htmlBriefLimit {
		more = len(fs) - htmlBriefLimit
		fs = fs[:htmlBriefLimit]
	}
	rows := make([]htmlBrief, 0, len(fs))
	for _, f := range fs {
		rows = append(rows, htmlBrief{
			Fingerprint: f.Fingerprint, Check: opt.title(f.Check),
			Severity: f.Severity.Label(), SevClass: htmlSevClass(f.Severity),
			Message: f.Message, Page: f.Page, PageHref: link.Href(f.Page),
			Target: f.Target, TargetHref: link.Href(f.Target),
		})
	}
	return rows, more
}

// htmlCompare orders findings for reading: the gravest first, then as
// checks.Less does, then by fingerprint so ties cannot depend on input order.
func htmlCompare(a, b checks.Finding) int {
	if r := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); r != 0 {
		return r
	}
	if checks.Less(a, b) {
		return -1
	}
	if checks.Less(b, a) {
		return 1
	}
	return cmp.Compare(a.Fingerprint, b.Fingerprint)
}

// htmlGroup groups the listed findings by column (named ones by name,
// the unnamed last) and then by check title; accepted ones go apart.
func htmlGroup(fs []outcome.Finding, opt Options, loc *time.Location) ([]htmlColumn, []htmlFinding) {
	sorted := slices.Clone(fs)
	slices.SortStableFunc(sorted, func(a, b outcome.Finding) int {
		if a.Column != b.Column {
			switch {
			case a.Column == "":
				return 1
			case b.Column == "":
				return -1
			}
			return cmp.Compare(a.Column, b.Column)
		}
		ta, tb := opt.title(a.Check), opt.title(b.Check)
		return cmp.Or(cmp.Compare(ta, tb), cmp.Compare(a.Check, b.Check), htmlCompare(a.Finding, b.Finding))
	})

	var cols []htmlColumn
	var accepted []htmlFinding
	for _, f := range sorted {
		row := htmlFinding{
			Fingerprint: f.Fingerprint,
			Severity:    f.Severity.Label(), SevClass: htmlSevClass(f.Severity),
			Status: f.Status.Label(), StatusClass: htmlStatusClass(f.Status),
			Message: f.Message, Rule: f.Rule, Evidence: f.Evidence,
			Target: f.Target, TargetHref: link.Href(f.Target),
			Page: f.Page, PageHref: link.Href(f.Page),
			Check: opt.title(f.Check), Column: f.Column,
		}
		if f.Status == outcome.Accepted {
			if a := f.Accepted; a != nil {
				row.Reason, row.By = a.Reason, a.By
				if !a.At.IsZero() {
					row.At = a.At.In(loc).Format("2006-01-02")
				}
				if !a.Until.IsZero() {
					row.Till = a.Until.In(loc).Format("2006-01-02")
				}
			}
			accepted = append(accepted, row)
			continue
		}
		name := f.Column
		if name == "" {
			name = htmlOtherColumn
		}
		if n := len(cols); n == 0 || cols[n-1].Name != name || cols[n-1].Other != (f.Column == "") {
			cols = append(cols, htmlColumn{Name: name, Other: f.Column == ""})
		}
		col := &cols[len(cols)-1]
		col.Count++
		if n := len(col.Checks); n == 0 || col.Checks[n-1].ID != f.Check {
			col.Checks = append(col.Checks, htmlCheck{Title: opt.title(f.Check), ID: f.Check})
		}
		g := &col.Checks[len(col.Checks)-1]
		g.Rows = append(g.Rows, row)
	}
	return cols, accepted
}

// The trend chart's geometry, in the SVG's own units.
const (
	htmlChartW      = 640
	htmlChartH      = 260
	htmlChartLeft   = 60
	htmlChartRight  = 34
	htmlChartTop    = 16
	htmlChartBottom = 44
	// htmlLabelGap is the room one "MM-DD" label needs on the x axis at
	// the largest font the page gives the chart (21 units on a phone).
	htmlLabelGap = 72
)

type htmlTrend struct {
	W, H                     int
	Desc                     string
	Left, Right, Top, Bottom string
	Tick                     string // the lower end of the x axis ticks
	YTicks                   []htmlTick
	XTicks                   []htmlTick
	Series                   []htmlSeries
}

type htmlTick struct {
	Pos   string // y (YTicks) or x (XTicks)
	Label string
}

type htmlSeries struct {
	Name, Class string
	Line        string // polyline points through the complete runs
	Dots        []htmlDot
}

type htmlDot struct {
	X, Y    string
	Partial bool
	Title   string
}

// htmlNewTrend draws the counted errors and warnings of each run. Runs
// still running, and runs stored before their counts were kept (no counts
// but findings), are left out: their zeros would be false. It returns nil
// when fewer than two runs remain, with the number that did.
func htmlNewTrend(runs []outcome.Run, loc *time.Location) (*htmlTrend, int) {
	var use []outcome.Run
	for _, r := range runs {
		if r.Status == outcome.StatusRunning {
			continue
		}
		if r.Counts == (outcome.Counts{}) && r.Findings > 0 {
			continue
		}
		use = append(use, r)
	}
	n := len(use)
	if n < 2 {
		return nil, n
	}
	maxV := 0
	for _, r := range use {
		maxV = max(maxV, r.Counts.Errors, r.Counts.Warnings)
	}
	step, top := htmlYScale(maxV)
	plotW := float64(htmlChartW - htmlChartLeft - htmlChartRight)
	plotH := float64(htmlChartH - htmlChartTop - htmlChartBottom)
	x := func(i int) float64 { return htmlChartLeft + plotW*float64(i)/float64(n-1) }
	y := func(v int) float64 { return htmlChartTop + plotH*(1-float64(v)/float64(top)) }

	c := &htmlTrend{
		W: htmlChartW, H: htmlChartH,
		Left: htmlNum(htmlChartLeft), Right: htmlNum(htmlChartW - htmlChartRight),
		Top: htmlNum(htmlChartTop), Bottom: htmlNum(htmlChartH - htmlChartBottom),
		Tick: htmlNum(htmlChartH - htmlChartBottom + 5),
	}
	for v := 0; v <= top; v += step {
		c.YTicks = append(c.YTicks, htmlTick{Pos: htmlNum(y(v)), Label: strconv.Itoa(v)})
	}
	// Label every k-th run, counted back from the newest, so labels never
	// overlap and the newest is always named.
	k := int(math.Ceil(float64(n) / math.Max(1, math.Floor(plotW/htmlLabelGap)+1)))
	for i := n - 1; i >= 0; i -= k {
		c.XTicks = append(c.XTicks, htmlTick{Pos: htmlNum(x(i)), Label: use[i].Started.In(loc).Format("01-02")})
	}
	slices.Reverse(c.XTicks)

	for _, s := range []struct {
		name, class string
		value       func(outcome.Counts) int
	}{
		{"错误", "error", func(c outcome.Counts) int { return c.Errors }},
		{"警告", "warning", func(c outcome.Counts) int { return c.Warnings }},
	} {
		cs := htmlSeries{Name: s.name, Class: s.class}
		var line []string
		for i, r := range use {
			v := s.value(r.Counts)
			px, py := htmlNum(x(i)), htmlNum(y(v))
			title := fmt.Sprintf("%s · %s %d 条", r.Started.In(loc).Format("2006-01-02 15:04"), s.name, v)
			if r.Partial() {
				title += "（未覆盖全站，" + r.StatusLabel() + "）"
			} else {
				line = append(line, px+","+py)
			}
			cs.Dots = append(cs.Dots, htmlDot{X: px, Y: py, Partial: r.Partial(), Title: title})
		}
		if len(line) > 1 {
			cs.Line = strings.Join(line, " ")
		}
		c.Series = append(c.Series, cs)
	}
	first, last := use[0], use[n-1]
	c.Desc = fmt.Sprintf("%s 至 %s 共 %d 次检查；最近一次错误 %d 条、警告 %d 条。",
		first.Started.In(loc).Format("2006-01-02"), last.Started.In(loc).Format("2006-01-02"), n,
		last.Counts.Errors, last.Counts.Warnings)
	return c, n
}

// htmlYScale picks a round tick step (1, 2 or 5 times a power of ten) giving at
// most five steps up to a top at or above maxV.
func htmlYScale(maxV int) (step, top int) {
	if maxV < 1 {
		return 1, 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * p
			if steps := (maxV + step - 1) / step; steps <= 5 {
				return step, steps * step
			}
		}
	}
}

func htmlNum(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// Chart is the trend chart as the HTML report draws it: an inline SVG of
// the counted errors and warnings of each run. The dashboard draws the same.
type Chart = htmlTrend

// TrendChart draws runs (oldest first); nil with fewer than two to draw.
func TrendChart(runs []outcome.Run, loc *time.Location) *Chart {
	c, _ := htmlNewTrend(runs, loc)
	return c
}

// htmlCapped is a check whose findings were not all listed.
type htmlCapped struct {
	Check string
	N     int
}
