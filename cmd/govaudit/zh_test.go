package main

import (
	"strings"
	"testing"
)

// TestColorFlag: --color always colours even with NO_COLOR set, never
// never colours, auto honours NO_COLOR and TERM=dumb on a terminal.
func TestColorFlag(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	t.Setenv("TERM", "xterm")
	for _, tc := range []struct {
		mode     string
		terminal bool
		want     bool
	}{
		{"always", false, true}, {"always", true, true},
		{"never", true, false}, {"auto", true, false}, {"auto", false, false},
	} {
		if got := useColor(tc.mode, tc.terminal); got != tc.want {
			t.Errorf("useColor(%q, terminal %v) with NO_COLOR = %v, want %v", tc.mode, tc.terminal, got, tc.want)
		}
	}
	t.Setenv("TERM", "dumb")
	if useColor("auto", true) {
		t.Error("auto colours TERM=dumb")
	}
	if !useColor("always", false) {
		t.Error("always does not colour TERM=dumb")
	}
}

// TestColorFlagRefused: a --color value other than auto, always or never
// is a usage error (exit 2) naming the flag and its values, before anything
// is crawled or opened.
func TestColorFlagRefused(t *testing.T) {
	db := t.TempDir() + "/none.db"
	for _, args := range [][]string{
		{"audit", "--color", "purple", "http://127.0.0.1:1/", "--db", db},
		{"report", "--color", "yes", "--db", db},
	} {
		code, _, errOut := govaudit(t, args...)
		if code != exitUsage || !strings.Contains(errOut, "--color") || !strings.Contains(errOut, "auto、always 或 never") {
			t.Errorf("%v: exit %d, %q; want 2 naming --color and auto、always 或 never", args, code, errOut)
		}
	}
}

// TestHelpAndFlagErrorsInChinese: help and flag errors are Chinese, name
// flags as --flag, and say where the help is.
func TestHelpAndFlagErrorsInChinese(t *testing.T) {
	code, out, _ := govaudit(t, "--help")
	if code != exitOK || !strings.Contains(out, "用法：") || !strings.Contains(out, "退出码") {
		t.Errorf("govaudit --help: exit %d\n%s", code, out)
	}
	code, _, errOut := govaudit(t, "audit", "--help")
	if code != exitOK || !strings.Contains(errOut, "用法：govaudit audit") || !strings.Contains(errOut, "  --color 模式") ||
		!strings.Contains(errOut, "  --timeout 时长") || strings.Contains(errOut, "(default") {
		t.Errorf("govaudit audit --help: exit %d\n%s", code, errOut)
	}
	code, _, errOut = govaudit(t, "audit", "--no-such-flag")
	if code != exitUsage || !strings.Contains(errOut, "没有 --no-such-flag 这个参数") || !strings.Contains(errOut, "govaudit audit --help") {
		t.Errorf("unknown flag: exit %d, %q", code, errOut)
	}
	code, _, errOut = govaudit(t, "audit", "--rate", "fast", "http://127.0.0.1:1/")
	if code != exitUsage || !strings.Contains(errOut, "--rate") || !strings.Contains(errOut, `"fast"`) {
		t.Errorf("bad flag value: exit %d, %q", code, errOut)
	}
	code, _, errOut = govaudit(t, "audit", "--parallel", "65", "http://127.0.0.1:1/")
	if code != exitUsage || !strings.HasPrefix(errOut, "govaudit audit: --parallel 65 ") {
		t.Errorf("--parallel 65: exit %d, %q", code, errOut)
	}
	code, _, errOut = govaudit(t, "nosuch")
	if code != exitUsage || !strings.Contains(errOut, `没有 "nosuch" 这个命令`) {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
}

// TestConfigErrorKeepsFileLineKey: a bad configuration is reported as
// file:line: key: and a Chinese reason, with exit 2.
func TestConfigErrorKeepsFileLineKey(t *testing.T) {
	dir := t.TempDir()
	conf := dir + "/site.yaml"
	writeFile(t, conf, "url: https://x.gov.cn/\nhost: [a]\n")
	code, _, errOut := govaudit(t, "audit", "--config", conf, "--db", dir+"/g.db")
	if code != exitUsage || !strings.Contains(errOut, conf+":2: host: 未知的配置项") || !strings.Contains(errOut, "配置文件有误") {
		t.Errorf("bad configuration: exit %d, %q", code, errOut)
	}
	code, _, errOut = govaudit(t, "audit", "--config", dir+"/missing.yaml", "--db", dir+"/g.db")
	if code != exitUsage || !strings.Contains(errOut, "missing.yaml") || !strings.Contains(errOut, "找不到配置文件") || !strings.Contains(errOut, "govaudit init") {
		t.Errorf("missing configuration: exit %d, %q", code, errOut)
	}
}

// TestErrorsInChinese: the store's and the driver's errors read Chinese,
// with the next step.
func TestErrorsInChinese(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"database busy: /x/g.db is locked by another govaudit process (an audit or `govaudit serve` writing to it); wait for it to finish and try again, or raise the timeout",
			"数据库正被占用：/x/g.db 正被另一个 govaudit 进程（audit 或 serve）使用。请等它结束后重试，或用 --timeout 等得更久；serve 运行时请在控制台查看结果"},
		{"no database at /x/g.db yet: run `govaudit audit` first", "还没有数据库 /x/g.db：请先运行 govaudit audit <网址>，或用 --db 指定已有的数据库文件"},
		{"the homepage does not open: http://127.0.0.1:1/ (连接被拒绝)", "首页无法打开：http://127.0.0.1:1/（连接被拒绝）"},
		{`start URL "ftp://x.gov.cn/": not an http(s) URL`, `起始网址 "ftp://x.gov.cn/" 不是 http(s) 网址：请给出网站首页（如 https://jyj.example.gov.cn/）`},
		{"open /x/site.yaml: permission denied", "无法打开 /x/site.yaml：没有权限"},
		{"something new", "something new"},
	} {
		if got := zh(errString(tc.in)); got != tc.want {
			t.Errorf("zh(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	var b strings.Builder
	fail(&b, "audit", zh(errString("the homepage does not open: http://127.0.0.1:1/ (连接被拒绝)")),
		"本次检查记为\"中断\"，不会替换上一次完整检查的基线；请确认网址和网络后重试")
	if want := "govaudit audit: 首页无法打开：http://127.0.0.1:1/（连接被拒绝）。本次检查记为\"中断\"，不会替换上一次完整检查的基线；请确认网址和网络后重试。\n"; b.String() != want {
		t.Errorf("homepage down:\n got %q\nwant %q", b.String(), want)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
