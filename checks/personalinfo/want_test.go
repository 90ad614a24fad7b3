package personalinfo_test

import (
	"testing"

	"govaudit/checks/checktest"
	"govaudit/checks/personalinfo"
)

// TestWant runs personal-info on the pages and attachments in
// testdata/want, whose want comments say what it must find.
func TestWant(t *testing.T) {
	checktest.Run(t, "testdata/want", personalinfo.Check)
}
