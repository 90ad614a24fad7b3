package probe

import (
	"testing"
	"time"
)

// TestDefaultTimeoutMutation pins the inspectors' limit (国办秘函〔2019〕19号,
// domain.md §1): a page that has not opened within 15 s has failed.
func TestDefaultTimeoutMutation(t *testing.T) {
	for _, set := range []time.Duration{0, -time.Second} {
		if got := New(Options{Timeout: set}).opt.Timeout; got != 15*time.Second {
			t.Errorf("Timeout %v defaults to %v, want 15s", set, got)
		}
	}
	if got := New(Options{Timeout: 4 * time.Second}).opt.Timeout; got != 4*time.Second {
		t.Errorf("Timeout 4s became %v", got)
	}
}
