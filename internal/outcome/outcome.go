// Package outcome is what one audit run leaves behind, whole: the run record
// (scope, limits, completeness, check date), the findings with their status,
// the diff against the run's baseline, the site's standing against the
// single-veto lines, the columns, and the targets that were blocked or
// skipped. The driver (internal/audit) produces an Outcome, the store saves
// and loads it whole, and every renderer (text, json, html, xlsx, csv,
// e-mail, dashboard) takes it from the store. It imports no driver, store
// or renderer.
package outcome

import (
	"time"

	"govaudit/checks"
)

// Schema is the version of the JSON contract ("schema" in every JSON report).
const Schema = 1

// Outcome is one run and what it found.
type Outcome struct {
	Run Run
	// Baseline is the run this one was compared with: the site's newest
	// baseline before it (see Run.IsBaseline); nil on a first run.
	Baseline *Run
	// Findings are this run's findings, sorted with checks.Less, each with
	// its status against the baseline and the site's acceptances.
	Findings []Finding
	// Fixed are baseline findings whose page or target was examined again
	// in this run and no longer shows the problem (the baseline's copy).
	Fixed []checks.Finding
	// Unverified are baseline findings whose page this run did not reach
	// (a limit, an interruption, a page gone from the crawl): still open,
	// 未复查, neither fixed nor confirmed.
	Unverified []checks.Finding
	Standing   []VetoLine
	Columns    []Column
	Blocked    []Target // refused an automated visitor: to look at by hand
	// Private are linked targets (or redirects) into loopback, private or
	// link-local addresses, not visited (see --allow-private).
	Private []Target `json:",omitempty"`
	// PartlyRead are pages read only in part (cut at the size cap) or
	// through the parser's fallback (nested too deep): listed, not skipped.
	PartlyRead []Target `json:",omitempty"`
	// Capped counts, per check, findings not listed because the check
	// reported more than the driver lists for one site (2,000).
	Capped map[string]int `json:",omitempty"`
	// Cycle is set on incremental runs.
	Cycle   *Cycle `json:",omitempty"`
	Skipped Skipped
	// Week and Day are the homepage's availability over the 7 days and the
	// day before the run, from the daemon's samples; nil without samples.
	// The week's figure is also a veto line (homepage-available).
	Week, Day *Availability
	// Paused are the hosts that refused the crawler (429, 503) and were
	// paused as a whole, as Retry-After asked.
	Paused []Pause
}

// A Pause is how often and how long the run held off a refusing host.
type Pause struct {
	Host          string `json:"host"`
	Pauses        int    `json:"pauses"`
	WaitedSeconds int    `json:"waited_seconds"`
}

// A Finding is a checks.Finding with its status in this run.
type Finding struct {
	checks.Finding
	Status FindingStatus `json:"status"`
	// Accepted is the site's acceptance of the finding, when Status is
	// StatusAccepted.
	Accepted *Acceptance `json:"accepted,omitempty"`
	// Seen is in how many consecutive baselines, this run included, the
	// finding has stood: a transient failure counts from Config.Confirm on.
	Seen int `json:"seen,omitempty"`
	// Verified is when the finding was last checked: the run's start for
	// what the run found, earlier for what an incremental run carried over
	// from a page it did not read again.
	Verified time.Time `json:"verified,omitzero"`
}

// Cycle is an incremental run's rotation: every known page is read again
// within Days, as far as the nightly budget allows.
type Cycle struct {
	Days        int       `json:"days"`         // the configured cycle
	Budget      int       `json:"budget"`       // requests a night, all kinds (0: no bound)
	Pages       int       `json:"pages"`        // known pages after tonight
	Verified    int       `json:"verified"`     // of them, read within the last Days days
	Oldest      time.Time `json:"oldest"`       // the oldest verification
	Lists       int       `json:"lists"`        // list pages read in full tonight
	Slice       int       `json:"slice"`        // known pages re-verified tonight (conditionally), within the budget
	New         int       `json:"new"`          // pages read for the first time tonight
	NotModified int       `json:"not_modified"` // of the slice, answered 304
	Sitemap     int       `json:"sitemap"`      // pages sitemap.xml said changed (or new): read in full
	Carried     int       `json:"carried"`      // pages left for another night
	Requests    int       `json:"requests"`     // HTTP requests made tonight, all kinds
	// Nights is how many nights the budget needs to read every known page
	// once (0: the budget does not even cover the list pages).
	Nights int `json:"nights"`
}

// FindingStatus says how a finding of a run stands against its baseline.
type FindingStatus string

const (
	New  FindingStatus = "new"  // not in the baseline
	Open FindingStatus = "open" // in the baseline too
	// Pending: a transient failure (timeout, 5xx) not yet seen in enough
	// consecutive baselines to be counted; listed as 待确认.
	Pending FindingStatus = "pending"
	// Accepted: the site accepted it (govaudit accept); listed apart.
	Accepted FindingStatus = "accepted"
)

// Label is the status in Chinese.
func (s FindingStatus) Label() string {
	switch s {
	case New:
		return "新增"
	case Open:
		return "未修复"
	case Pending:
		return "待确认"
	case Accepted:
		return "已接受"
	}
	return string(s)
}

// Counted says whether a finding of this status counts: in the exit code,
// the totals and the e-mail. Pending and accepted findings do not.
func (s FindingStatus) Counted() bool { return s == New || s == Open }

// An Acceptance records that a site's office accepted a finding: who, when,
// why, and until when (zero: for as long as it persists).
type Acceptance struct {
	Fingerprint string    `json:"fingerprint"`
	Reason      string    `json:"reason"`
	By          string    `json:"by"`
	At          time.Time `json:"at"`
	Until       time.Time `json:"until,omitzero"`
	// Source is "store" (govaudit accept) or "config" (the site's file).
	Source string `json:"source,omitempty"`
}

// Active says whether the acceptance holds on day asOf: until is the last
// day it covers.
func (a Acceptance) Active(asOf time.Time) bool {
	return a.Until.IsZero() || !asOf.After(a.Until)
}

// Column is one 栏目 as the run judged it.
type Column struct {
	Name   string `json:"name"`
	URL    string `json:"url"`
	Source string `json:"source"` // meta, crumb, nav, title, config
	Class  string `json:"class"`
	Label  string `json:"label,omitempty"` // the class's Chinese name
	// WindowDays is the update window in days back from the check date (0:
	// not judged); Window the same as the rules state it ("6 个月").
	WindowDays int    `json:"window_days"`
	Window     string `json:"window,omitempty"`
	Exempt     bool   `json:"exempt"`
	Empty      bool   `json:"empty"`
	Items      int    `json:"items"`
	Newest     string `json:"newest"` // YYYY-MM-DD of the newest dated item, "" if none
}

// Target is a link target listed in a report without being a finding.
type Target struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// Skipped counts what the run did not examine, by cause.
type Skipped struct {
	Robots int `json:"robots"` // robots.txt disallows it
	Traps  int `json:"traps"`  // crawler traps: calendars, query floods, repeated paths
	Limit  int `json:"limit"`  // pages beyond --max-pages or --max-depth (checked as links only)
	// Private are targets in loopback, private or link-local addresses.
	Private int `json:"private"`
	// PartlyRead are pages read in part or flattened (not in Total: they
	// were examined).
	PartlyRead int `json:"partly_read"`
}

// Total is every URL skipped.
func (s Skipped) Total() int { return s.Robots + s.Traps + s.Limit + s.Private }

// Counts are a run's totals, kept in its record so a trend survives pruning.
type Counts struct {
	Errors     int `json:"errors"`   // counted findings (new and open) by severity
	Warnings   int `json:"warnings"` //
	Infos      int `json:"infos"`    //
	New        int `json:"new"`
	Open       int `json:"open"`
	Fixed      int `json:"fixed"`
	Pending    int `json:"pending"`
	Accepted   int `json:"accepted"`
	Unverified int `json:"unverified"`
}

// Total is the counted findings.
func (c Counts) Total() int { return c.Errors + c.Warnings + c.Infos }

// Count totals the outcome's findings by status and severity.
func (o *Outcome) Count() Counts {
	var c Counts
	for _, f := range o.Findings {
		switch f.Status {
		case New:
			c.New++
		case Open:
			c.Open++
		case Pending:
			c.Pending++
			continue
		case Accepted:
			c.Accepted++
			continue
		}
		switch f.Severity {
		case checks.Error:
			c.Errors++
		case checks.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	c.Fixed, c.Unverified = len(o.Fixed), len(o.Unverified)
	return c
}

// Fails says whether the outcome has a counted finding at or above
// threshold (an empty threshold never fails); with newOnly, only new ones.
func (o *Outcome) Fails(threshold checks.Severity, newOnly bool) bool {
	if threshold == "" {
		return false
	}
	for _, f := range o.Findings {
		if !f.Status.Counted() || (newOnly && f.Status != New) {
			continue
		}
		if f.Severity.Rank() >= threshold.Rank() {
			return true
		}
	}
	return false
}
