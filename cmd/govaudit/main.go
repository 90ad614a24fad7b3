// Command govaudit audits a Chinese government disclosure website the way
// inspectors do: dead links first, with every run stored so the next one
// says what is new, what was fixed and what is still open.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // reports default to Asia/Shanghai on any machine

	"govaudit/checks"
	"govaudit/checks/annualreport"
	"govaudit/checks/attachment"
	"govaudit/checks/column"
	"govaudit/checks/deadlink"
	"govaudit/checks/futuredate"
	"govaudit/checks/homepage"
	"govaudit/checks/interpretation"
	"govaudit/checks/personalinfo"
	"govaudit/checks/secrecy"
	"govaudit/checks/wording"
	"govaudit/internal/filetext"
	"govaudit/internal/pii"
)

// Exit codes (design.md): 0 nothing at or above --fail-on, 1 findings at or
// above it, 2 usage or configuration error, 3 could not run.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitFailed   = 3
)

// allChecks lists the checks explicitly; main validates the list at start.
func allChecks() []*checks.Check {
	return []*checks.Check{
		deadlink.Check,
		attachment.Check,
		column.Stale,
		column.Empty,
		homepage.Check,
		futuredate.Check,
		annualreport.Check,
		interpretation.Check,
		personalinfo.Check,
		secrecy.Check,
		wording.Check,
	}
}

const usage = `govaudit — 政府网站检查工具：像检查人员那样检查政府信息公开网站

用法：
  govaudit audit <网址> [参数]     抓取网站、检查每个链接、保存本次检查并输出报告
  govaudit audit --demo [参数]     同上，检查内置的演示站点（在 127.0.0.1 上运行）
  govaudit page <网址>             govaudit 从一个页面读到了什么（字符集、日期、栏目、链接）
  govaudit runs [--site 网址]      列出已存储的检查
  govaudit report [--run 编号] [--format text|json|html|xlsx|csv] [--out 文件]
                                   不重新抓取，输出一次已存储的检查（默认最近一次）
  govaudit diff [检查A] [检查B]    两次检查之间新增、已修复和未修复的问题
  govaudit accept 识别码… --reason "…" [--until 日期]   接受问题（不再计入问题数）
  govaudit unaccept 识别码…        撤销接受
  govaudit prune --keep N [--compact]   清理旧检查的明细，保留统计数字
  govaudit serve --config 文件     监测服务：每晚检查、首页可用性抽测、每周邮件、控制台
  govaudit serve --demo            同上，监测内置的演示站点
  govaudit mail --config 文件 [--dry-run 文件.eml]   生成并发送本周周报
  govaudit init [文件]             为 govaudit serve 写一份带注释的示例配置
  govaudit config show --config 文件   检查配置文件并显示（不显示密码）
  govaudit db check|repair         检查整个数据库有无损坏；把可读部分复制到新文件
  govaudit checks                  列出各项检查及其发现的问题
  govaudit rules test [文件]       运行每条表述规则的示例（内置规则，或与所给文件合并）

运行 "govaudit <命令> --help" 查看该命令的参数；"govaudit --version" 查看版本。

退出码：0 没有达到 --fail-on 级别的问题；1 有达到该级别的问题；
2 用法或配置错误；3 检查无法进行（或被中断）。
数据库默认为 $GOVAUDIT_DB，其次 $XDG_DATA_HOME/govaudit/govaudit.db，
再次 ~/.local/share/govaudit/govaudit.db；--db 可另行指定。
`

func main() {
	// Started again as a PDF worker (internal/filetext), it does that
	// and exits.
	filetext.ServeIfWorker()
	// Logs — ours and net/http's own, which may quote a response body —
	// pass the same masking as reports: no ID or mobile number leaves raw.
	logs := pii.NewWriter(os.Stderr)
	log.SetOutput(logs)
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, nil)))
	tuneCollector(1)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	logs.Flush()
	os.Exit(code)
}

// memoryLimit is the heap govaudit aims to stay under unless GOMEMLIMIT
// says otherwise. Left to itself the collector lets the heap grow to twice
// what is live before it runs: a 100,000-page crawl holding 570 MB peaked
// at 1.25 GB. With a soft limit it collects more often as the heap nears
// the limit, and lets the heap pass it only when what is live does (it
// never fails for it; past the limit it spends at most half the CPU on
// collecting).
const memoryLimit = 768 << 20

// gcPercent is how far the heap may grow past what is live before a
// collection, unless GOGC says otherwise. Go's default, 100, spent 2.6 s of
// a 20,000-page audit's 27 s of CPU collecting (470 cycles); at 300 it is
// 0.9 s (140 cycles) for a peak of 200 MB instead of 120 MB, still under
// half of what muffet takes for the same site. memoryLimit keeps large
// sites bounded all the same: near it the collector runs as often as it
// must, whatever this says.
const gcPercent = 300

// tuneCollector sets the soft memory limit for audits running at once
// (serve's concurrency), unless GOMEMLIMIT is set, and the collector's pace,
// unless GOGC is set.
func tuneCollector(audits int) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit * int64(max(1, audits)))
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// run is main without the process: tests call it directly. A panic (a
// damaged database page bbolt trips over, say) becomes a message and exit
// 3, never a stack trace.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "govaudit: 内部错误：%v\n如果数据库可能已损坏，请运行 govaudit db check 检查。\n", r)
			code = exitFailed
		}
	}()
	if err := checks.Validate(allChecks()); err != nil {
		fmt.Fprintf(stderr, "govaudit: 内部错误：%v\n", err)
		return exitFailed
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "audit":
		return cmdAudit(ctx, args[1:], stdout, stderr)
	case "page":
		return cmdPage(ctx, args[1:], stdout, stderr)
	case "runs":
		return cmdRuns(args[1:], stdout, stderr)
	case "report":
		return cmdReport(args[1:], stdout, stderr)
	case "diff":
		return cmdDiff(args[1:], stdout, stderr)
	case "accept":
		return cmdAccept(args[1:], stdout, stderr, true)
	case "unaccept":
		return cmdAccept(args[1:], stdout, stderr, false)
	case "prune":
		return cmdPrune(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "mail":
		return cmdMail(ctx, args[1:], stdout, stderr)
	case "db":
		return cmdDB(args[1:], stdout, stderr)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "config":
		return cmdConfig(args[1:], stdout, stderr)
	case "checks":
		return cmdChecks(args[1:], stdout, stderr)
	case "rules":
		return cmdRules(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "govaudit: 没有 %q 这个命令。可用的命令如下：\n\n%s", args[0], usage)
	return exitUsage
}

// version names the build: the module version and the VCS revision Go
// stamped into the binary.
func version() string {
	v, rev, dirty := "(devel)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "govaudit " + v
	if rev != "" {
		out += " " + rev[:min(12, len(rev))]
		if dirty {
			out += "+modified"
		}
	}
	return out + " (" + runtime.Version() + ")"
}
