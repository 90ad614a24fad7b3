// Package report renders a stored run's outcome for people (text, html,
// xlsx, csv; in Chinese) and programs (JSON, the stable contract of
// design.md). It reads outcomes; it never crawls and never imports the
// driver.
package report

import (
	"encoding/json"
	"io"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

type jsonRun struct {
	ID       string        `json:"id"`
	Started  string        `json:"started"`
	Finished string        `json:"finished"`
	Status   string        `json:"status"`
	Partial  bool          `json:"partial"`
	Baseline bool          `json:"baseline"`
	Note     string        `json:"note,omitempty"`
	AsOf     string        `json:"as_of"`
	Pages    int           `json:"pages"`
	Links    int           `json:"links"`
	Scope    outcome.Scope `json:"scope"`
}

type jsonDiff struct {
	Previous   string `json:"previous"` // the baseline's run id, "" on a first run
	New        int    `json:"new"`
	Open       int    `json:"open"`
	Fixed      int    `json:"fixed"`
	Pending    int    `json:"pending"`
	Accepted   int    `json:"accepted"`
	Unverified int    `json:"unverified"`
}

type jsonTotals struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

type jsonSkipped struct {
	outcome.Skipped
	Blocked int `json:"blocked"`
}

type jsonReport struct {
	Schema     int                `json:"schema"`
	Site       string             `json:"site"`
	Run        jsonRun            `json:"run"`
	Findings   []outcome.Finding  `json:"findings"`
	AsOf       string             `json:"as_of"`
	Totals     jsonTotals         `json:"totals"`
	Standing   []outcome.VetoLine `json:"standing"`
	Columns    []outcome.Column   `json:"columns"`
	Diff       jsonDiff           `json:"diff"`
	Fixed      []checks.Finding   `json:"fixed"`
	Unverified []checks.Finding   `json:"unverified"`
	Blocked    []outcome.Target   `json:"blocked"`
	Private    []outcome.Target   `json:"private"`
	PartlyRead []outcome.Target   `json:"partly_read"`
	Capped     map[string]int     `json:"capped"`
	Cycle      *outcome.Cycle     `json:"cycle,omitempty"`
	Skipped    jsonSkipped        `json:"skipped"`
	Paused     []outcome.Pause    `json:"paused"`
}

// JSON writes the outcome as one object, contract v1 (README, "JSON
// output"): schema, site, run, findings (sorted, each with its status),
// totals of counted findings, the veto-line standing by stable id, the
// columns, the diff against the baseline with the fixed and unverified
// findings, and the blocked and skipped targets.
func JSON(w io.Writer, o *outcome.Outcome) error {
	loc := shanghai()
	c := o.Count()
	out := jsonReport{
		Schema: outcome.Schema,
		Site:   o.Run.Site,
		Run: jsonRun{
			ID:       o.Run.ID.String(),
			Started:  o.Run.Started.In(loc).Format(time.RFC3339),
			Finished: o.Run.Finished.In(loc).Format(time.RFC3339),
			Status:   string(o.Run.Status),
			Partial:  o.Run.Partial(),
			Baseline: o.Run.IsBaseline(),
			Note:     o.Run.Note,
			Pages:    o.Run.Pages,
			Links:    o.Run.Links,
			Scope:    o.Run.Scope,
		},
		Findings:   nonNil(o.Findings),
		Totals:     jsonTotals{Errors: c.Errors, Warnings: c.Warnings, Infos: c.Infos},
		Standing:   nonNil(o.Standing),
		Columns:    nonNil(o.Columns),
		Diff:       jsonDiff{New: c.New, Open: c.Open, Fixed: c.Fixed, Pending: c.Pending, Accepted: c.Accepted, Unverified: c.Unverified},
		Fixed:      nonNil(o.Fixed),
		Unverified: nonNil(o.Unverified),
		Blocked:    nonNil(o.Blocked),
		Private:    nonNil(o.Private),
		PartlyRead: nonNil(o.PartlyRead),
		Capped:     o.Capped,
		Cycle:      o.Cycle,
		Skipped:    jsonSkipped{Skipped: o.Skipped, Blocked: len(o.Blocked)},
		Paused:     nonNil(o.Paused),
	}
	if !o.Run.AsOf.IsZero() {
		out.AsOf = o.Run.AsOf.In(loc).Format("2006-01-02")
		out.Run.AsOf = out.AsOf
	}
	if out.Capped == nil {
		out.Capped = map[string]int{}
	}
	if o.Baseline != nil {
		out.Diff.Previous = o.Baseline.ID.String()
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
