package secrecy_test

import (
	"testing"

	"govaudit/checks/checktest"
	"govaudit/checks/secrecy"
)

// TestWant runs secrecy-mark on the pages and attachments in
// testdata/want, whose want comments say what it must find.
func TestWant(t *testing.T) {
	checktest.Run(t, "testdata/want", secrecy.Check)
}
