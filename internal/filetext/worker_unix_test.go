//go:build unix

package filetext

import (
	"context"
	"syscall"
	"testing"
)

// A worker leads a process group of its own: Ctrl-C at the terminal, sent
// to govaudit's group, does not reach it.
func TestWorkerOwnProcessGroup(t *testing.T) {
	if _, err := PDF(context.Background(), readFixture(t, "mingdan-libreoffice.pdf"), 1<<20); err != nil {
		t.Fatal(err)
	}
	idle := idleWorkers()
	if len(idle) == 0 {
		t.Fatal("no worker")
	}
	for _, w := range idle {
		pgid, err := syscall.Getpgid(w.cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		if pgid != w.cmd.Process.Pid || pgid == syscall.Getpgrp() {
			t.Errorf("worker %d in process group %d (ours %d), want its own", w.cmd.Process.Pid, pgid, syscall.Getpgrp())
		}
	}
}
