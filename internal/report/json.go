// Package report renders an audit's results for people (text, grouped, in
// Chinese) and programs (JSON, the stable contract of design.md). It reads
// results; it never crawls.
package report

import (
	"encoding/json"
	"io"
	"time"

	"govaudit/checks"
	"govaudit/internal/audit"
)

type jsonRun struct {
	ID       string `json:"id"`
	Started  string `json:"started"`
	Finished string `json:"finished"`
	Status   string `json:"status"`
	Pages    int    `json:"pages"`
	Links    int    `json:"links"`
}

type jsonDiff struct {
	Previous string `json:"previous"` // run id compared with, "" on a first run
	New      int    `json:"new"`
	Fixed    int    `json:"fixed"`
	Open     int    `json:"open"`
}

type jsonBlocked struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

type jsonColumn struct {
	Name   string `json:"name"`
	URL    string `json:"url"`
	Source string `json:"source"`
	Class  string `json:"class"`
	Window string `json:"window"`
	Exempt bool   `json:"exempt"`
	Empty  bool   `json:"empty"`
	Items  int    `json:"items"`
	Newest string `json:"newest"`
}

type jsonReport struct {
	Site     string           `json:"site"`
	Run      jsonRun          `json:"run"`
	Findings []checks.Finding `json:"findings"`
	AsOf     string           `json:"as_of"`
	Standing []audit.VetoLine `json:"standing"`
	Columns  []jsonColumn     `json:"columns"`
	Diff     jsonDiff         `json:"diff"`
	Fixed    []checks.Finding `json:"fixed"`
	Blocked  []jsonBlocked    `json:"blocked"`
}

// JSON writes one object: site, run, findings (sorted) as design.md fixes
// them, plus the diff counts, the fixed findings and the blocked targets.
func JSON(w io.Writer, r *audit.Result) error {
	out := jsonReport{
		Site: r.Run.Site,
		Run: jsonRun{
			ID:       r.Run.ID.String(),
			Started:  r.Run.Started.In(shanghai()).Format(time.RFC3339),
			Finished: r.Run.Finished.In(shanghai()).Format(time.RFC3339),
			Status:   string(r.Run.Status),
			Pages:    r.Run.Pages,
			Links:    r.Run.Links,
		},
		Findings: r.Findings,
		Diff:     jsonDiff{New: len(r.Diff.New), Fixed: len(r.Diff.Fixed), Open: len(r.Diff.Open)},
		Fixed:    r.Diff.Fixed,
		Blocked:  []jsonBlocked{},
		Standing: r.Standing,
	}
	if !r.AsOf.IsZero() {
		out.AsOf = r.AsOf.In(shanghai()).Format("2006-01-02")
	}
	out.Columns = []jsonColumn{}
	for _, c := range r.Columns {
		jc := jsonColumn{Name: c.Name, URL: c.URL, Source: c.Source, Class: c.Class, Exempt: c.Exempt, Empty: c.Empty, Items: len(c.Items)}
		if !c.Window.IsZero() {
			jc.Window = c.Window.String()
		}
		if len(c.Items) > 0 && !c.Items[0].Date.IsZero() {
			jc.Newest = c.Items[0].Date.Format("2006-01-02")
		}
		out.Columns = append(out.Columns, jc)
	}
	if out.Standing == nil {
		out.Standing = []audit.VetoLine{}
	}
	if out.Findings == nil {
		out.Findings = []checks.Finding{}
	}
	if out.Fixed == nil {
		out.Fixed = []checks.Finding{}
	}
	if r.Previous != nil {
		out.Diff.Previous = r.Previous.ID.String()
	}
	for _, b := range r.Blocked {
		out.Blocked = append(out.Blocked, jsonBlocked{URL: b.URL, Status: b.Status, Detail: b.Detail})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
