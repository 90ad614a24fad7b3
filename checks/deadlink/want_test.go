package deadlink_test

import (
	"testing"

	"govaudit/checks/checktest"
	"govaudit/checks/deadlink"
)

// TestWant runs dead-link on the small site in testdata/want: its pages'
// probe comments give the prober's verdicts, its want comments what the
// check must find.
func TestWant(t *testing.T) {
	checktest.Run(t, "testdata/want", deadlink.Check)
}
