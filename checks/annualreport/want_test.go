package annualreport_test

import (
	"testing"

	"govaudit/checks/annualreport"
	"govaudit/checks/checktest"
)

// TestWant runs annual-report on the pages in testdata/want, whose want
// comments say what it must find. The directory holds last year's report,
// so the Site function has nothing to say as of the default check date.
func TestWant(t *testing.T) {
	checktest.Run(t, "testdata/want", annualreport.Check)
}
