package outcome

import (
	"testing"
	"time"
)

func week(n, failed int) []Sample {
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	out := make([]Sample, n)
	step := 7 * 24 * time.Hour / time.Duration(n)
	for i := range out {
		out[i] = Sample{At: from.Add(time.Duration(i) * step), OK: i >= failed}
	}
	return out
}

// TestAvailabilityLine: at, below and above the 3 % and 5 % lines, and too
// few samples (fewer than 20 a day) is unknown.
func TestAvailabilityLine(t *testing.T) {
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 7)
	for _, tc := range []struct {
		n, failed int
		want      Level
	}{
		{200, 5, Pass},    // 2.5 %
		{200, 6, Warn},    // 3.0 %: at the warning line
		{200, 9, Warn},    // 4.5 %
		{200, 10, Fail},   // 5.0 %: at the veto line
		{200, 11, Fail},   // 5.5 %
		{140, 7, Fail},    // exactly 20 a day, 5 %
		{139, 0, Unknown}, // one short of 20 a day
	} {
		a := Measure(week(tc.n, tc.failed), from, to)
		if l := a.Line(); l.Level != tc.want || l.ID != VetoHomepageAvailable {
			t.Errorf("%d of %d failed: %s (%s), want %s", tc.failed, tc.n, l.Level, l.Detail, tc.want)
		}
	}
	// Samples outside [from, to) do not count.
	s := append(week(140, 0), Sample{At: to, OK: false}, Sample{At: from.Add(-time.Second), OK: false})
	if a := Measure(s, from, to); a.Samples != 140 || a.Failures != 0 {
		t.Errorf("Measure counted samples outside the period: %+v", a)
	}
}
