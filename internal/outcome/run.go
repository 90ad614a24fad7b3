package outcome

import (
	"fmt"
	"strconv"
	"time"
)

// A RunID names one audit run: its start time in unix nanoseconds. The store
// keeps it as an 8-byte big-endian key, so a cursor walks a site's runs in
// time order. IDs are unique across the whole store, not just within a site.
type RunID uint64

// String is the ID as 16 lowercase hex digits, the form users type.
func (id RunID) String() string { return fmt.Sprintf("%016x", uint64(id)) }

// Time is the start time the ID was made from (to the nanosecond; an ID bumped
// to avoid a collision is a nanosecond or so later than the run's Started).
func (id RunID) Time() time.Time { return time.Unix(0, int64(id)) }

// ParseRunID reads the 16-hex-digit form String writes (either case).
func ParseRunID(s string) (RunID, error) {
	if len(s) != 16 {
		return 0, fmt.Errorf("run ID %q: want 16 hex digits", s)
	}
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("run ID %q: want 16 hex digits", s)
	}
	return RunID(v), nil
}

// MarshalText writes the ID as String does, so JSON shows "id": "…" rather
// than a number JavaScript would round.
func (id RunID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText reads what MarshalText wrote.
func (id *RunID) UnmarshalText(b []byte) error {
	v, err := ParseRunID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Status is where a run stands.
type Status string

const (
	// StatusRunning: begun and not yet finished.
	StatusRunning Status = "running"
	// StatusComplete: the audit ran to the end.
	StatusComplete Status = "complete"
	// StatusInterrupted: cancelled, the homepage failed, or the process
	// died (Note says which).
	StatusInterrupted Status = "interrupted"
	// StatusDamaged: the stored record could not be read (Note says why);
	// listed so it can be seen, never a baseline. govaudit db repair
	// copies what is readable to a new file.
	StatusDamaged Status = "damaged"
)

// NoteDied is the Note of a run found still "running" by a later write open:
// the process that began it must have died, as a live one would hold the lock.
const NoteDied = "进程意外终止"

// A Run is one audit of one site.
type Run struct {
	ID       RunID     `json:"id"`
	Site     string    `json:"site"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	Status   Status    `json:"status"`
	Pages    int       `json:"pages"`
	Links    int       `json:"links"`
	Findings int       `json:"findings"`
	// Note is free text, e.g. why the run was interrupted.
	Note string `json:"note,omitempty"`
	// AsOf is the check date the run judged the site on.
	AsOf time.Time `json:"as_of,omitzero"`
	// Scope is what the run set out to examine and whether it saw it all.
	Scope Scope `json:"scope"`
	// Counts are the run's totals (zero for runs stored before schema 2).
	Counts Counts `json:"counts"`
	// Pruned: the run's findings were dropped by `govaudit prune`; its
	// record and counts remain for the trend.
	Pruned bool `json:"pruned,omitempty"`
}

// Scope is the limits a run was given and whether they cut it short.
type Scope struct {
	MaxPages int `json:"max_pages,omitempty"` // 0: none
	MaxDepth int `json:"max_depth,omitempty"` // 0: none
	// Limited counts pages left uncrawled because of MaxPages or MaxDepth:
	// a run with any examined only part of the site.
	Limited int `json:"limited,omitempty"`
	// Incremental: the run read the list pages, new pages and a slice of
	// the rest, and carried the findings of the pages it did not read (see
	// Outcome.Cycle). It is a baseline: what it carried stays open.
	Incremental bool `json:"incremental,omitempty"`
}

// Partial says whether the run examined only part of the site: it was
// interrupted (or its homepage failed) or a limit cut the crawl short.
func (r Run) Partial() bool { return r.Status != StatusComplete || r.Scope.Limited > 0 }

// IsBaseline says whether later runs compare with this one: only a complete
// run of the site's full scope is a baseline.
func (r Run) IsBaseline() bool { return r.Status == StatusComplete && r.Scope.Limited == 0 }

// StatusLabel is the run's state in Chinese, as `govaudit runs` and the
// reports show it.
func (r Run) StatusLabel() string {
	switch r.Status {
	case StatusComplete:
		if r.Scope.Limited > 0 {
			return "部分完成（受抓取上限限制）"
		}
		return "完成"
	case StatusRunning:
		return "进行中"
	case StatusDamaged:
		return "记录损坏（govaudit db check 查看，db repair 修复）"
	case StatusInterrupted:
		if r.Note != "" {
			return "中断（" + r.Note + "）"
		}
		return "中断"
	}
	return string(r.Status)
}
