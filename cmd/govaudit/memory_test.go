package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestSoftMemoryLimit: 768 MiB a running audit (serve: times its
// concurrency), unless GOMEMLIMIT is set, which the runtime then keeps.
func TestSoftMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOMEMLIMIT", "")
	tuneCollector(1)
	if got := debug.SetMemoryLimit(-1); got != 768<<20 {
		t.Errorf("limit %d, want 768 MiB", got)
	}
	for _, tc := range []struct {
		audits int
		want   int64
	}{{3, 3 * 768 << 20}, {0, 768 << 20}} {
		tuneCollector(tc.audits)
		if got := debug.SetMemoryLimit(-1); got != tc.want {
			t.Errorf("%d audits: limit %d, want %d", tc.audits, got, tc.want)
		}
	}
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "2GiB")
	tuneCollector(2)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set, yet the limit was changed to %d", got)
	}
}

// TestGCPercent: the collector lets the heap grow to four times what is
// live (GOGC=300) unless GOGC is set, which the runtime then keeps.
func TestGCPercent(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "")
	tuneCollector(1)
	if got := debug.SetGCPercent(100); got != 300 {
		t.Errorf("GC percent %d, want 300", got)
	}
	t.Setenv("GOGC", "150")
	tuneCollector(1)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set, yet the GC percent was changed to %d", got)
	}
}
