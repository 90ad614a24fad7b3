package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

const checksSynopsis = `
Usage: govaudit checks

Lists every check govaudit runs: its id (used in reports and --format json),
its title and what it finds.`

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
