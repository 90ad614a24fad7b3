package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"govaudit/internal/yamlfile"
	"govaudit/rules"
)

const rulesSynopsis = `
用法：govaudit rules test [file.yaml ...]

运行每条表述规则（banned-wording）的示例：每个 hit 示例必须被它的规则发现，每个
miss 示例必须不被发现。不给文件时测试内置的默认规则；给出文件时，测试默认规则依次与
这些文件合并后的结果（文件可以用 "disable: [id, …]" 停用规则，并添加自己的规则）。

退出码：0 全部示例通过；1 有示例未通过；2 文件无法读取或格式有误（显示为
文件:行: 原因）。`

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
		data, err := yamlfile.ReadFile(f)
		if err != nil {
			fail(stderr, "rules", "无法读取规则文件："+zh(err), "请确认文件路径")
			return exitUsage
		}
		srcs = append(srcs, rules.WordingSource{File: f, Data: data})
	}
	w, err := rules.CompileWording(srcs...)
	if err != nil {
		fmt.Fprintln(stderr, zh(err))
		fmt.Fprintln(stderr, "govaudit rules: 规则文件有误：请按上面的文件和行号修改后重试。")
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
			fmt.Fprintf(stdout, "通过  %s: %d 条规则，%d 个示例\n", file, t.rules, t.examples)
			continue
		}
		fmt.Fprintf(stdout, "失败  %s: %d 条规则，%d 个示例，%d 个未通过\n", file, t.rules, t.examples, t.failed)
		for _, f := range fails {
			if f.File == file {
				fmt.Fprintf(stdout, "  %s\n", f.Error())
			}
		}
	}
	fmt.Fprintf(stdout, "共 %d 条规则（kind: substitution %d 条，existence %d 条，pattern %d 条）；%d 个示例未通过\n",
		len(w.Rules), kinds[rules.Substitution], kinds[rules.Existence], kinds[rules.Pattern], len(fails))
	if len(fails) > 0 {
		return exitFindings
	}
	return exitOK
}
