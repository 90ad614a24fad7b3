package audit_test

import (
	"os"
	"testing"

	"govaudit/internal/filetext"
)

// TestMain lets the audits of these tests read PDFs in worker processes
// started from this test binary, as govaudit does.
func TestMain(m *testing.M) {
	filetext.ServeIfWorker()
	os.Exit(m.Run())
}
