package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"govaudit/internal/outcome"
	"govaudit/internal/report"
)

const formatList = "text、json、html、xlsx 或 csv"

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
// color is --color: text is coloured with always, or with auto on a
// terminal that wants colour.
func writeOutput(stdout io.Writer, out, format, color string, o *outcome.Outcome, trend []outcome.Run) error {
	opt := report.Options{Titles: titles(), Trend: trend}
	opt.Color = format == "text" && useColor(color, out == "" && isTerminal(stdout))
	if out == "" {
		if format == "xlsx" && isTerminal(stdout) {
			return fmt.Errorf("xlsx 报告是二进制文件，不能输出到终端：请用 --out 文件.xlsx 写入文件")
		}
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

// colorModes are the values of --color.
const colorModes = "auto、always 或 never"

// colorFlag defines --color on fs.
func colorFlag(fs *flag.FlagSet) *string {
	return fs.String("color", "auto", "文字报告的颜色`模式`：auto（输出到终端且未设置 NO_COLOR、TERM 不是 dumb 时使用）、always（总是使用，不理会 NO_COLOR）或 never")
}

func validColor(mode string) bool {
	return mode == "auto" || mode == "always" || mode == "never"
}

func colorError(mode string) string {
	return fmt.Sprintf("--color %q 无效：可选 %s", mode, colorModes)
}

// useColor decides --color: always and never as they say; auto colours a
// terminal that wants colour.
func useColor(mode string, terminal bool) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return terminal && colorWanted()
}

// colorWanted honours NO_COLOR (no-color.org) and TERM=dumb.
func colorWanted() bool {
	if _, set := os.LookupEnv("NO_COLOR"); set {
		return false
	}
	return os.Getenv("TERM") != "dumb"
}

// dbUsage is the usage of every command's --db.
const dbUsage = "数据库`文件`"

// timeoutUsage is the usage of the read commands' --timeout.
const timeoutUsage = "另一个 govaudit 正在使用数据库时，最多等待多久"
