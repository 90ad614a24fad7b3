package filetext

import (
	"os"
	"testing"
)

// TestMain lets PDF start this test binary as a worker process, as
// govaudit does (worker.go); tests of the in-process engine turn that off.
func TestMain(m *testing.M) {
	ServeIfWorker()
	os.Exit(m.Run())
}

// inProcess makes PDF read in this process for the test.
func inProcess(t *testing.T) {
	t.Helper()
	workersOK.Store(false)
	t.Cleanup(func() { workersOK.Store(true) })
}
