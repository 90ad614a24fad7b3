//go:build !unix

package filetext

import "os/exec"

func detach(*exec.Cmd) {}
