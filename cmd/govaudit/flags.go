package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// parse parses flags and positional arguments in any order
// (govaudit audit https://x.gov.cn/ --format json), which flag alone does
// not: it stops at the first positional argument. A bad flag is reported
// in Chinese with the way to the command's help; --help prints the help.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	usage, out := fs.Usage, fs.Output()
	// flag prints its own (English) error and the whole help on a bad flag:
	// silence both while parsing, and say it in Chinese instead.
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	restore := func() { fs.Usage = usage; fs.SetOutput(out) }
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			restore()
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			fmt.Fprintf(out, "govaudit %s: %s。运行 govaudit %s --help 查看全部参数。\n", fs.Name(), flagError(err), fs.Name())
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			restore()
			return pos, nil
		}
		if rest[0] == "--" {
			restore()
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

var flagErrors = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.*)$`), "没有 --$1 这个参数"},
	{regexp.MustCompile(`^flag needs an argument: -+(.*)$`), "参数 --$1 需要一个值"},
	{regexp.MustCompile(`^invalid boolean value "(.*)" for -+(.*?): .*$`), "参数 --$2 的值 \"$1\" 无效：应为 true 或 false"},
	{regexp.MustCompile(`^invalid boolean flag (.*?): .*$`), "参数 --$1 的值无效：应为 true 或 false"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag -+(.*?): (.*)$`), "参数 --$2 的值 \"$1\" 无效（$3）"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "参数写法有误：$1"},
}

// flagError says a flag package error in Chinese, naming the flag.
func flagError(err error) string {
	s := err.Error()
	for _, fe := range flagErrors {
		if fe.re.MatchString(s) {
			s = fe.re.ReplaceAllString(s, fe.zh)
			break
		}
	}
	s = strings.ReplaceAll(s, "（parse error）", "（格式不对）")
	s = strings.ReplaceAll(s, "（value out of range）", "（超出范围）")
	return s
}

// newFlagSet returns a FlagSet that prints its help to w and does not exit.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		io.WriteString(w, strings.TrimSpace(synopsis)+"\n")
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			io.WriteString(w, "\n参数：\n")
			printFlags(w, fs)
		}
	}
	return fs
}

// printFlags is flag.PrintDefaults in Chinese, with flags written --name
// as everywhere else in govaudit. A usage that states its default in its
// own words (默认…) is not given a second one.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		if zh, ok := typeNames[name]; ok {
			name = zh
		}
		fmt.Fprintf(&b, "  --%s", f.Name)
		if name != "" {
			b.WriteString(" " + name)
		}
		b.WriteString("\n    \t")
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		switch d := f.DefValue; {
		case strings.Contains(usage, "默认"), d == "", d == "0", d == "false", d == "0s":
		default:
			fmt.Fprintf(&b, "（默认 %s）", d)
		}
		b.WriteByte('\n')
	})
	io.WriteString(w, b.String())
}

// typeNames name a flag's value in the help when its usage does not.
var typeNames = map[string]string{"string": "文字", "int": "整数", "int64": "整数", "uint": "整数",
	"uint64": "整数", "float": "数值", "duration": "时长", "value": "值"}

// flagSet says whether the command line gave the flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
