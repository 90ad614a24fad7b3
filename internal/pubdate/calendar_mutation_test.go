package pubdate

import (
	"testing"
	"time"
)

// TestCalendarMutation pins the calendar a publication date must fit, at
// each boundary: month lengths (30 days hath September, April, June and
// November; February 28, 29 in leap years), hours 0–23, minutes and
// seconds 0–59, and every digit 0–9 as ASCII, full-width and Chinese
// numeral. A date that is misread or dropped makes an item undated, and an
// undated item counts as not updated (domain.md §1).
func TestCalendarMutation(t *testing.T) {
	day := func(y int, m time.Month, d, hh, mi, ss int) time.Time {
		return time.Date(y, m, d, hh, mi, ss, 0, Location)
	}
	valid := []struct {
		in   string
		want time.Time
	}{
		{"2026-01-31", day(2026, 1, 31, 0, 0, 0)},
		{"2026-03-31", day(2026, 3, 31, 0, 0, 0)},
		{"2026-04-30", day(2026, 4, 30, 0, 0, 0)},
		{"2026-05-31", day(2026, 5, 31, 0, 0, 0)},
		{"2026-06-30", day(2026, 6, 30, 0, 0, 0)},
		{"2026-07-31", day(2026, 7, 31, 0, 0, 0)},
		{"2026-08-31", day(2026, 8, 31, 0, 0, 0)},
		{"2026-09-30", day(2026, 9, 30, 0, 0, 0)},
		{"2026-10-31", day(2026, 10, 31, 0, 0, 0)},
		{"2026-11-30", day(2026, 11, 30, 0, 0, 0)},
		{"2026-12-31", day(2026, 12, 31, 0, 0, 0)},
		{"2026-02-28", day(2026, 2, 28, 0, 0, 0)},
		{"2024-02-29", day(2024, 2, 29, 0, 0, 0)},
		{"2000-02-29", day(2000, 2, 29, 0, 0, 0)},
		{"2026-11-19 00:00", day(2026, 11, 19, 0, 0, 0)},
		{"2026-11-19 23:59", day(2026, 11, 19, 23, 59, 0)},
		{"2026-11-19 23:59:59", day(2026, 11, 19, 23, 59, 59)},
		{"２０１９年０９月０９日", day(2019, 9, 9, 0, 0, 0)},
		{"２０２０－１０－１８", day(2020, 10, 18, 0, 0, 0)},
		{"二〇一九年九月十九日", day(2019, 9, 19, 0, 0, 0)},
		{"二〇二〇年十二月二十九日", day(2020, 12, 29, 0, 0, 0)},
		{"二〇二一年一月一日", day(2021, 1, 1, 0, 0, 0)},
		{"二〇二〇年十一月十一日", day(2020, 11, 11, 0, 0, 0)},
		{"二〇二〇年〇九月〇一日", day(2020, 9, 1, 0, 0, 0)},
	}
	for _, tc := range valid {
		if got, ok := Parse(tc.in, 0); !ok || !got.Equal(tc.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
		}
	}
	for _, in := range []string{
		"2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "2026-02-29", "1900-02-29", "2026-05-32",
		"2026-11-19 24:00", "2026-11-19 23:60", "2026-11-19 23:59:60",
	} {
		if got, ok := Parse(in, 0); ok {
			t.Errorf("Parse(%q) = %v, want no date", in, got)
		}
	}
}
