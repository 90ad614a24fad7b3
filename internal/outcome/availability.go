package outcome

import (
	"fmt"
	"time"
)

// A Sample is one probe of a site's homepage as inspectors make it: a GET,
// failed unless the page opened within the time limit (15 s).
type Sample struct {
	At     time.Time `json:"at"`
	OK     bool      `json:"ok"`
	Status int       `json:"status,omitempty"` // HTTP status, 0 if none
	Millis int64     `json:"ms"`               // how long it took
	Detail string    `json:"detail,omitempty"` // why it failed, Chinese
}

// Availability thresholds (domain.md §1): the homepage is probed at least
// 20 times a day for a week; failures at or above 5 % are a veto, monitoring
// vendors warn from 3 %.
const (
	AvailabilityMinPerDay = 20
	AvailabilityWarnPct   = 3.0
	AvailabilityVetoPct   = 5.0
)

// Availability sums samples over a period.
type Availability struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Samples  int       `json:"samples"`
	Failures int       `json:"failures"`
}

// Measure sums the samples taken in [from, to).
func Measure(samples []Sample, from, to time.Time) Availability {
	a := Availability{From: from, To: to}
	for _, s := range samples {
		if s.At.Before(from) || !s.At.Before(to) {
			continue
		}
		a.Samples++
		if !s.OK {
			a.Failures++
		}
	}
	return a
}

// FailurePct is the share of failed probes in percent (0 without samples).
func (a Availability) FailurePct() float64 {
	if a.Samples == 0 {
		return 0
	}
	return 100 * float64(a.Failures) / float64(a.Samples)
}

// Enough says whether there were at least AvailabilityMinPerDay samples for
// each day of the period, as the inspection rule asks.
func (a Availability) Enough() bool {
	days := int(a.To.Sub(a.From).Round(time.Hour).Hours() / 24)
	return days > 0 && a.Samples >= AvailabilityMinPerDay*days
}

// Line is the availability as a veto line (id homepage-available): the
// failure rate in tenths of a percent against the vendors' 3 % and the
// veto's 5 %, both at or above; Unknown without enough samples.
func (a Availability) Line() VetoLine {
	l := VetoLine{ID: VetoHomepageAvailable, Item: "首页可用性：一周内首页探测失败率", Unit: "permille",
		Value: int(10*a.FailurePct() + 0.5), Warn: int(10 * AvailabilityWarnPct), Fail: int(10 * AvailabilityVetoPct), Level: Pass}
	pct := a.FailurePct()
	switch {
	case !a.Enough():
		l.Level = Unknown
	case pct >= AvailabilityVetoPct:
		l.Level = Fail
	case pct >= AvailabilityWarnPct:
		l.Level = Warn
	}
	l.Detail = fmt.Sprintf("%d 次探测中失败 %d 次（%.1f%%；预警线 3%%，否决线 5%%）", a.Samples, a.Failures, pct)
	if !a.Enough() {
		l.Detail += fmt.Sprintf("，样本不足（每天至少 %d 次）", AvailabilityMinPerDay)
	}
	return l
}
