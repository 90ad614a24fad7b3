package wording_test

import (
	"testing"

	"govaudit/checks/checktest"
	"govaudit/checks/wording"
)

// TestWant runs banned-wording with the default rules on the fixtures in
// testdata/want, whose want comments say what it must find.
func TestWant(t *testing.T) {
	checktest.Run(t, "testdata/want", wording.Check)
}
