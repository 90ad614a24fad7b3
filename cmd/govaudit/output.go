package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"govaudit/internal/outcome"
	"govaudit/internal/report"
)

const formatList = "text, json, html, xlsx or csv"

func validFormat(f string) bool {
	switch f {
	case "text", "json", "html", "xlsx", "csv":
		return true
	}
	return false
}

// writeOutput renders o in format to the file out, or to stdout when out is
// empty. A file is written whole or not at all (a temporary file renamed).
// xlsx is never written to a terminal.
func writeOutput(stdout io.Writer, out, format string, o *outcome.Outcome, trend []outcome.Run) error {
	opt := report.Options{Titles: titles(), Trend: trend}
	if out == "" {
		if format == "xlsx" && isTerminal(stdout) {
			return fmt.Errorf("an xlsx report is a binary file: give --out FILE.xlsx")
		}
		opt.Color = format == "text" && isTerminal(stdout) && colorWanted()
		bw := bufio.NewWriter(stdout)
		if err := report.Render(bw, format, o, opt); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".govaudit-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := report.Render(bw, format, o, opt); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// colorWanted honours NO_COLOR (no-color.org) and TERM=dumb.
func colorWanted() bool {
	if _, set := os.LookupEnv("NO_COLOR"); set {
		return false
	}
	return os.Getenv("TERM") != "dumb"
}
