//go:build unix

package filetext

import (
	"os/exec"
	"syscall"
)

// detach puts a worker in a process group of its own: Ctrl-C at the
// terminal interrupts govaudit, which ends its run in order, not the
// workers under the PDFs it is reading. A worker whose parent is gone
// reads the end of its input and exits.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
