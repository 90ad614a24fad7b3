package store

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"
)

// A RunID names one audit run: its start time in unix nanoseconds. Stored
// as an 8-byte big-endian key, so a cursor walks a site's runs in time order.
// IDs are unique across the whole store, not just within a site.
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

func (id RunID) key() []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	return b[:]
}

func runIDFromKey(k []byte) (RunID, bool) {
	if len(k) != 8 {
		return 0, false
	}
	return RunID(binary.BigEndian.Uint64(k)), true
}

// Status is where a run stands.
type Status string

const (
	// StatusRunning: BeginRun committed it, FinishRun has not yet.
	StatusRunning Status = "running"
	// StatusComplete: the audit ran to the end; its findings are a baseline.
	StatusComplete Status = "complete"
	// StatusInterrupted: cancelled, or the process died (Note says which).
	StatusInterrupted Status = "interrupted"
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
}
