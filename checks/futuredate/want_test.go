package futuredate_test

import (
	"testing"

	"govaudit/checks/checktest"
	"govaudit/checks/futuredate"
)

// TestWant runs future-date on the small site in testdata/want as of
// checktest's default check date, 2026-11-29.
func TestWant(t *testing.T) {
	checktest.Run(t, "testdata/want", futuredate.Check)
}
