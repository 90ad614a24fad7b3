package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
	"govaudit/internal/report"
)

// maxRows caps the findings a site page lists; the downloads have them all.
const maxRows = 500

// runView is a run as the pages show it.
type runView struct {
	ID, Status, StatusClass string
	Started, Finished, AsOf string
	Duration                string
	Pages, Links            int
	Errors, Warnings        int
	Partial                 bool
}

func (s *server) runView(r outcome.Run) runView {
	v := runView{ID: r.ID.String(), Status: r.StatusLabel(), StatusClass: "pass",
		Started: s.stamp(r.Started), Finished: s.stamp(r.Finished), Pages: r.Pages, Links: r.Links,
		Errors: r.Counts.Errors, Warnings: r.Counts.Warnings, Partial: r.Partial()}
	if !r.AsOf.IsZero() {
		v.AsOf = r.AsOf.In(s.loc).Format("2006-01-02")
	}
	if !r.Finished.IsZero() && !r.Started.IsZero() {
		v.Duration = duration(r.Finished.Sub(r.Started))
	}
	switch {
	case r.Status == outcome.StatusRunning:
		v.StatusClass = "info"
	case r.Status == outcome.StatusInterrupted:
		v.StatusClass = "fail"
	case r.Partial():
		v.StatusClass = "warning"
	}
	return v
}

func (s *server) stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(s.loc).Format("2006-01-02 15:04")
}

func duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d 秒", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d 分 %d 秒", int(d/time.Minute), int(d%time.Minute/time.Second))
	}
	return fmt.Sprintf("%d 小时 %d 分", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// availView is one availability figure.
type availView struct {
	Samples, Failures int
	Pct               string // "1.2%", "—" without samples
	Class             string // the veto level's class for the week, "" for the day
	Enough            bool
}

func newAvail(a outcome.Availability, week bool) availView {
	v := availView{Samples: a.Samples, Failures: a.Failures, Pct: "—", Enough: a.Enough()}
	if a.Samples > 0 {
		v.Pct = fmt.Sprintf("%.1f%%", a.FailurePct())
	}
	if week {
		v.Class = levelClass(a.Line().Level)
	}
	return v
}

func levelClass(l outcome.Level) string {
	switch l {
	case outcome.Pass, outcome.Warn, outcome.Fail:
		return string(l)
	}
	return "unknown"
}

// vetoSummary is a site's standing in one phrase.
type vetoSummary struct {
	Label, Class string
	Count        int
}

func newVetoSummary(lines []outcome.VetoLine) vetoSummary {
	w, n := worst(lines)
	v := vetoSummary{Label: w.Label(), Class: levelClass(w), Count: n}
	switch w {
	case outcome.Fail:
		v.Label = fmt.Sprintf("%d 项不合格", n)
	case outcome.Warn:
		v.Label = fmt.Sprintf("%d 项预警", n)
	case outcome.Unknown:
		v.Label = fmt.Sprintf("%d 项无法判断", n)
	case outcome.Pass:
		v.Label = "全部合格"
	}
	return v
}

// ---- the sites page ----

type indexRow struct {
	Name, URL, Href, Path string
	Run                   *runView
	Veto                  vetoSummary
	Counts                outcome.Counts
	Week                  availView
	Next                  string
	Running               bool
}

type indexPage struct {
	base
	Sites []indexRow
}

func (s *server) handleIndex(w http.ResponseWriter, r *http.Request) {
	p := indexPage{base: s.base(r, "网站检查控制台")}
	for _, st := range s.sites {
		ss, err := s.state(st)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		row := indexRow{Name: st.name, URL: st.key, Href: link.Href(st.cfg.URL), Path: st.path(),
			Veto: newVetoSummary(ss.Veto), Week: newAvail(ss.Week, true), Next: s.next(ss.Next), Running: ss.Running}
		if ss.Latest != nil {
			rv := s.runView(ss.Latest.Run)
			row.Run = &rv
			row.Counts = ss.Latest.Count()
		}
		p.Sites = append(p.Sites, row)
	}
	s.render(w, http.StatusOK, "index", p)
}

func (s *server) next(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return s.stamp(t)
}

// ---- the site page ----

// filter narrows a site page's findings; empty fields match everything.
type filter struct {
	Check, Column, Severity, Status string
}

// noColumn is the column filter's value for findings of no column.
const noColumn = "-"

func parseFilter(q url.Values) (filter, error) {
	f := filter{Check: q.Get("check"), Column: q.Get("column"), Severity: q.Get("severity"), Status: q.Get("status")}
	switch checks.Severity(f.Severity) {
	case "", checks.Error, checks.Warning, checks.Info:
	default:
		return f, fmt.Errorf("没有“%s”这个级别", f.Severity)
	}
	switch outcome.FindingStatus(f.Status) {
	case "", outcome.New, outcome.Open, outcome.Pending, outcome.Accepted:
	default:
		return f, fmt.Errorf("没有“%s”这个状态", f.Status)
	}
	return f, nil
}

func (f filter) match(x outcome.Finding) bool {
	col := x.Column
	if col == "" {
		col = noColumn
	}
	return (f.Check == "" || f.Check == x.Check) && (f.Column == "" || f.Column == col) &&
		(f.Severity == "" || f.Severity == string(x.Severity)) && (f.Status == "" || f.Status == string(x.Status))
}

func (f filter) Active() bool { return f != filter{} }

// query is the filter as a query string ("" when empty).
func (f filter) query() string {
	v := url.Values{}
	for k, x := range map[string]string{"check": f.Check, "column": f.Column, "severity": f.Severity, "status": f.Status} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

type option struct {
	Value, Label string
	Count        int
	Selected     bool
}

type findingRow struct {
	Fingerprint          string
	Severity, SevClass   string
	Status, StatusClass  string
	Check, CheckID       string
	Column               string
	Message, Evidence    string
	Rule                 string
	Target, TargetHref   string
	Page, PageHref       string
	Accepted             bool
	Configured           bool // accepted in the site's configuration file
	Reason, By, At, Till string
}

type vetoRow struct {
	ID, Item, Detail  string
	Level, LevelClass string
}

type sitePage struct {
	base
	Name, URL, Href, Path string
	CanRun, Running       bool
	Next                  string
	Run                   *runView
	Veto                  []vetoRow
	Summary               vetoSummary
	Week, Day             availView
	Counts                outcome.Counts
	Chart                 *report.Chart
	Runs                  int
	History               []runView

	Filter                         filter
	Query                          string
	Checks, Columns                []option
	Severities, Statuses           []option
	Rows                           []findingRow
	Matched, Total, Shown, Omitted int
	Downloads                      []download
}

type download struct{ Href, Label string }

// flashes are the messages a POST's redirect asks for (?done=…).
var flashes = map[string]string{
	"accepted":   "已接受该问题：它不再计入统计和结论，在“已接受”状态下列出。",
	"unaccepted": "已撤销接受：该问题恢复计入。",
	"run":        "已开始检查。检查需要一段时间，完成后刷新本页查看结果。",
}

func (s *server) handleSite(w http.ResponseWriter, r *http.Request) {
	st := s.siteByRequest(r)
	if st == nil {
		s.fail(w, r, http.StatusNotFound, "没有这个站点。")
		return
	}
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "筛选条件有误："+err.Error()+"。")
		return
	}
	s.renderSite(w, r, st, f, http.StatusOK, flashes[r.URL.Query().Get("done")], "")
}

// renderSite writes a site page: with status and errMsg when a POST was
// refused, so the visitor sees what they tried next to why.
func (s *server) renderSite(w http.ResponseWriter, r *http.Request, st *site, f filter, status int, flash, errMsg string) {
	ss, err := s.state(st)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	p := sitePage{base: s.base(r, st.name+" · 网站检查"), Name: st.name, URL: st.key, Href: link.Href(st.cfg.URL), Path: st.path(),
		CanRun: s.opt.RunNow != nil, Running: ss.Running, Next: s.next(ss.Next),
		Summary: newVetoSummary(ss.Veto), Week: newAvail(ss.Week, true), Day: newAvail(ss.Day, false),
		Chart: newChart(ss.Runs, s.loc), Runs: len(ss.Runs), Filter: f, Query: f.query()}
	p.Flash, p.Error, p.Crumb = flash, errMsg, st.name
	for _, l := range ss.Veto {
		p.Veto = append(p.Veto, vetoRow{ID: l.ID, Item: l.Item, Detail: l.Detail, Level: l.Level.Label(), LevelClass: levelClass(l.Level)})
	}
	for i := len(ss.Runs) - 1; i >= 0 && len(p.History) < 10; i-- {
		p.History = append(p.History, s.runView(ss.Runs[i]))
	}
	if o := ss.Latest; o != nil {
		rv := s.runView(o.Run)
		p.Run = &rv
		p.Counts = o.Count()
		p.Total = len(o.Findings)
		p.Checks, p.Columns, p.Severities, p.Statuses = s.options(o.Findings, f)
		fs := slices.Clone(o.Findings)
		slices.SortStableFunc(fs, compareFindings)
		for _, x := range fs {
			if !f.match(x) {
				continue
			}
			p.Matched++
			if len(p.Rows) < maxRows {
				p.Rows = append(p.Rows, s.findingRow(x))
			}
		}
		p.Shown, p.Omitted = len(p.Rows), p.Matched-len(p.Rows)
		base := st.path() + "/report."
		p.Downloads = []download{{base + "html", "网页报告（HTML）"}, {base + "xlsx", "台账（Excel）"},
			{base + "csv", "CSV"}, {base + "json", "JSON"}}
	}
	s.render(w, status, "site", p)
}

// compareFindings orders findings for reading: the gravest first, then as
// checks.Less does, then by fingerprint.
func compareFindings(a, b outcome.Finding) int {
	if r := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); r != 0 {
		return r
	}
	if checks.Less(a.Finding, b.Finding) {
		return -1
	}
	if checks.Less(b.Finding, a.Finding) {
		return 1
	}
	return cmp.Compare(a.Fingerprint, b.Fingerprint)
}

func (s *server) title(check string) string {
	if t := s.opt.Titles[check]; t != "" {
		return t
	}
	return check
}

func (s *server) findingRow(f outcome.Finding) findingRow {
	row := findingRow{Fingerprint: f.Fingerprint, Severity: f.Severity.Label(), SevClass: sevClass(f.Severity),
		Status: f.Status.Label(), StatusClass: statusClass(f.Status), Check: s.title(f.Check), CheckID: f.Check,
		Column: f.Column, Message: f.Message, Evidence: f.Evidence, Rule: f.Rule,
		Target: f.Target, TargetHref: link.Href(f.Target), Page: f.Page, PageHref: link.Href(f.Page)}
	if f.Status == outcome.Accepted && f.Accepted != nil {
		a := f.Accepted
		row.Accepted, row.Configured = true, a.Source == "config"
		row.Reason, row.By = a.Reason, a.By
		if !a.At.IsZero() {
			row.At = a.At.In(s.loc).Format("2006-01-02")
		}
		if !a.Until.IsZero() {
			row.Till = a.Until.In(s.loc).Format("2006-01-02")
		}
	}
	return row
}

func sevClass(s checks.Severity) string {
	switch s {
	case checks.Error, checks.Warning:
		return string(s)
	}
	return "info"
}

func statusClass(s outcome.FindingStatus) string {
	switch s {
	case outcome.New, outcome.Open, outcome.Pending, outcome.Accepted:
		return string(s)
	}
	return "other"
}

// options are the filter's choices, each with how many findings it has.
func (s *server) options(fs []outcome.Finding, f filter) (chk, col, sev, sta []option) {
	nCheck, nCol, nSev, nSta := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, x := range fs {
		nCheck[x.Check]++
		c := x.Column
		if c == "" {
			c = noColumn
		}
		nCol[c]++
		nSev[string(x.Severity)]++
		nSta[string(x.Status)]++
	}
	for id, n := range nCheck {
		chk = append(chk, option{Value: id, Label: s.title(id), Count: n, Selected: id == f.Check})
	}
	slices.SortFunc(chk, func(a, b option) int { return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Value, b.Value)) })
	for c, n := range nCol {
		label := c
		if c == noColumn {
			label = "其他（未归入栏目）"
		}
		col = append(col, option{Value: c, Label: label, Count: n, Selected: c == f.Column})
	}
	slices.SortFunc(col, func(a, b option) int {
		if (a.Value == noColumn) != (b.Value == noColumn) {
			if a.Value == noColumn {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Label, b.Label)
	})
	for _, v := range []checks.Severity{checks.Error, checks.Warning, checks.Info} {
		sev = append(sev, option{Value: string(v), Label: v.Label(), Count: nSev[string(v)], Selected: string(v) == f.Severity})
	}
	for _, v := range []outcome.FindingStatus{outcome.New, outcome.Open, outcome.Pending, outcome.Accepted} {
		sta = append(sta, option{Value: string(v), Label: v.Label(), Count: nSta[string(v)], Selected: string(v) == f.Status})
	}
	// A filter value no finding has stays selectable, so the form shows it.
	if f.Check != "" && nCheck[f.Check] == 0 {
		chk = append(chk, option{Value: f.Check, Label: s.title(f.Check), Selected: true})
	}
	if f.Column != "" && nCol[f.Column] == 0 {
		col = append(col, option{Value: f.Column, Label: strings.TrimSpace(f.Column), Selected: true})
	}
	return chk, col, sev, sta
}
