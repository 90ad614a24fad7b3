package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"govaudit/rules"
)

const rulesSynopsis = `
Usage: govaudit rules test [file.yaml ...]

Runs the examples of every wording rule (banned-wording): each hit example
must be found by its rule, each miss example must not. Without files it tests
the embedded defaults; with files, the defaults merged with them in order
(a file may disable rules with "disable: [id, …]" and add its own).

Exit codes: 0 every example passes; 1 some example fails; 2 a file cannot be
read or is malformed (printed as file:line: reason).`

func cmdRules(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("rules", rulesSynopsis, stderr)
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if len(pos) == 0 || pos[0] != "test" {
		fs.Usage()
		return exitUsage
	}
	srcs := rules.DefaultWordingSources()
	for _, f := range pos[1:] {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, "govaudit:", err)
			return exitUsage
		}
		srcs = append(srcs, rules.WordingSource{File: f, Data: data})
	}
	w, err := rules.CompileWording(srcs...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	fails := w.TestExamples()
	type tally struct{ rules, examples, failed int }
	per := map[string]*tally{}
	for _, f := range w.Files {
		per[f] = &tally{}
	}
	kinds := map[string]int{}
	for _, r := range w.Rules {
		t := per[r.File]
		t.rules++
		t.examples += len(r.Hit) + len(r.Miss)
		kinds[r.Kind]++
	}
	for _, f := range fails {
		per[f.File].failed++
	}
	for _, file := range w.Files {
		t := per[file]
		if t.failed == 0 {
			fmt.Fprintf(stdout, "通过 ok    %s: %d 条规则 rules, %d 个示例 examples\n", file, t.rules, t.examples)
			continue
		}
		fmt.Fprintf(stdout, "失败 FAIL  %s: %d 条规则 rules, %d 个示例 examples, %d 个失败 failed\n", file, t.rules, t.examples, t.failed)
		for _, f := range fails {
			if f.File == file {
				fmt.Fprintf(stdout, "  %s\n", f.Error())
			}
		}
	}
	fmt.Fprintf(stdout, "共 %d 条规则 rules (substitution %d, existence %d, pattern %d)；%d 个示例失败 examples failed\n",
		len(w.Rules), kinds[rules.Substitution], kinds[rules.Existence], kinds[rules.Pattern], len(fails))
	if len(fails) > 0 {
		return exitFindings
	}
	return exitOK
}
