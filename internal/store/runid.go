package store

import (
	"encoding/binary"

	"govaudit/internal/outcome"
)

// A RunID names one audit run (see outcome.RunID).
type RunID = outcome.RunID

// ParseRunID reads the 16-hex-digit form RunID.String writes.
func ParseRunID(s string) (RunID, error) { return outcome.ParseRunID(s) }

func runKey(id RunID) []byte {
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

// Status is where a run stands (see outcome.Status).
type Status = outcome.Status

const (
	StatusRunning     = outcome.StatusRunning
	StatusComplete    = outcome.StatusComplete
	StatusInterrupted = outcome.StatusInterrupted
	StatusDamaged     = outcome.StatusDamaged
	NoteDied          = outcome.NoteDied
)

// A Run is one audit of one site (see outcome.Run).
type Run = outcome.Run
