package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRulesTest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "disable: [typo-zai-jie-zai-li]\nrules:\n  - id: local\n    kind: existence\n    level: info\n    message: 请核实{match}\n    phrases: [澜江教育局]\n    examples: {hit: [澜江教育局], miss: [澜江市教育局]}\n")
	failing := write("failing.yaml", "rules:\n  - id: local\n    kind: existence\n    level: info\n    message: 请核实{match}\n    phrases: [澜江教育局]\n    examples: {hit: [澜江市教育局], miss: [澜江市教育局]}\n")
	broken := write("broken.yaml", "rules:\n  - id: local\n    kind: pattern\n    level: info\n    message: 错\n    pattern: 澜江(\n    examples: {hit: [澜江], miss: [兰江]}\n")
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"rules", "test"}, 0, "rules/wording/04-typos.yaml"},
		{[]string{"rules", "test", good}, 0, good + ": 1 条规则，2 个示例"},
		{[]string{"rules", "test", failing}, 1, failing + ":7: examples: local: hit 示例 \"澜江市教育局\" 没有被这条规则发现"},
		{[]string{"rules", "test", broken}, 2, broken + ":6: pattern: error parsing regexp"},
		{[]string{"rules", "test", filepath.Join(dir, "missing.yaml")}, 2, "missing.yaml"},
		{[]string{"rules"}, 2, "用法：govaudit rules test"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stdout.String()+stderr.String(), tc.out) {
			t.Errorf("%v: exit %d, want %d; output:\n%s%s\nwant it to contain %q", tc.args, code, tc.code, stdout.String(), stderr.String(), tc.out)
		}
	}
}
