package demo

import "time"

// Today is the demo site's "today": its content is dated up to a few days
// before, and `govaudit audit --demo` checks it as of this date unless told
// otherwise, so the demo shows the same verdicts whenever it is run.
var Today = time.Date(2026, 11, 29, 0, 0, 0, 0, shanghai)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()
