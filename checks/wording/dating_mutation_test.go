package wording

import (
	"testing"
	"time"
)

// TestLineDateCalendarMutation pins which trailing dates of a list line
// are dates: months 1–12 and days 1–31 only. A line ending in an
// impossible date (2018-13-01, 2019-03-32) has no date of its own, and the
// page's date decides whether a renamed body's old name (环境保护局, wrong
// on or after 2019-04-01) is an error — not a date time.Date would roll
// over into the next year or month.
func TestLineDateCalendarMutation(t *testing.T) {
	const want = "inst-huanjing-baohu-ju 环境保护局"
	for _, tc := range []struct {
		page time.Time
		line string
		fire bool
	}{
		// month 13 would roll over to 2019-01-01, before the rule
		{day(2020, 6, 1), "澜江市环境保护局召开校园环境整治会议 2018-13-01", true},
		{day(2020, 6, 1), "澜江市环境保护局召开校园环境整治会议 2018-12-31", false},
		// month 0 would roll back to 2017-12-10
		{day(2020, 6, 1), "澜江市环境保护局召开校园环境整治会议 2018-00-10", true},
		{day(2020, 6, 1), "澜江市环境保护局召开校园环境整治会议 2018-01-10", false},
		// day 32 would roll over to 2019-04-01, the rule's first day
		{day(2019, 1, 15), "澜江市环境保护局召开校园环境整治会议 2019-03-32", false},
		{day(2020, 6, 1), "澜江市环境保护局召开校园环境整治会议 2019-03-31", false},
		{day(2019, 1, 15), "澜江市环境保护局召开校园环境整治会议 2019-04-01", true},
		// day 0 would roll back to 2019-03-31
		{day(2020, 6, 1), "澜江市环境保护局召开校园环境整治会议 2019-04-00", true},
	} {
		got := rulesOf(runItems(tc.line+"\n", tc.page))
		fired := len(got) == 1 && got[0] == want
		if fired != tc.fire || len(got) > 1 || (len(got) == 1 && !fired) {
			t.Errorf("page of %s, line %q: %q, want fired=%v", tc.page.Format("2006-01-02"), tc.line, got, tc.fire)
		}
	}
}
