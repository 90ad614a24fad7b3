package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

const checksSynopsis = `
用法：govaudit checks

列出 govaudit 进行的每项检查：它的 id（用于报告和 --format json）、标题，
以及它发现哪些问题。`

func cmdChecks(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("checks", checksSynopsis, stderr)
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	for _, c := range allChecks() {
		fmt.Fprintf(stdout, "%s — %s\n\n%s\n\n", c.ID, c.Title, indent(c.Doc))
	}
	return exitOK
}

func indent(s string) string {
	out := "    "
	for _, r := range s {
		out += string(r)
		if r == '\n' {
			out += "    "
		}
	}
	return out
}
