package main

import (
	"flag"
	"io"
	"strings"
)

// parse parses flags and positional arguments in any order
// (govaudit audit https://x.gov.cn/ --format json), which flag alone does
// not: it stops at the first positional argument.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a FlagSet that prints its help to w and does not exit.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		io.WriteString(w, strings.TrimSpace(synopsis)+"\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}
