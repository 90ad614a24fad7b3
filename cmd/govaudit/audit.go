package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"govaudit/checks"
	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

const auditSynopsis = `
用法：govaudit audit <网址> [参数]
      govaudit audit --config site.yaml [参数]
      govaudit audit --demo [参数]

从 <网址>（网站首页）开始抓取网站，检查页面上的每个链接、图片、框架和附件链接，
保存本次检查，报告检查人员会计入的问题，并说明与上一次完整检查相比哪些是新增、
已修复和未修复的。终端上进度显示在标准错误输出；按 Ctrl-C 会干净地停止，
本次检查记为“中断”（之前的结果不受影响）。

按检查日期（--as-of）像检查人员那样评判网站：失效链接和无法打开的附件、
超过更新时限或从未更新的栏目、两周未更新的首页、晚于检查日期的日期，
以及网站在各项单项否决指标上的情况。

默认以温和的方式抓取：每个主机每秒 --rate 个请求、同时 --parallel 个请求，
User-Agent 中写明 govaudit，遵守 robots.txt。`

type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error {
	*h = append(*h, strings.ToLower(strings.TrimSpace(v)))
	return nil
}

func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit", auditSynopsis, stderr)
	d := job.Defaults
	var (
		demoMode     = fs.Bool("demo", false, "检查内置的演示站点（在 127.0.0.1 上运行，不需要网络）")
		format       = fs.String("format", "text", "输出`格式`："+formatList)
		out          = fs.String("out", "", "把报告写入此`文件`，而不是标准输出（文件要么完整写入，要么不写）")
		dbPath       = fs.String("db", store.DefaultPath(), dbUsage)
		maxPages     = fs.Int("max-pages", d.MaxPages, "最多抓取 `N` 个页面（已抓取页面上的链接仍全部检查；达到上限的检查为“部分完成”，不作为基线）")
		maxDepth     = fs.Int("max-depth", d.MaxDepth, "只跟随离首页 `N` 次点击以内的链接（0：不限；受限的检查为“部分完成”）")
		rate         = fs.Float64("rate", d.Rate, "每个主机每秒的请求数 `R`（0：不限速，只用于自己的网站）")
		parallel     = fs.Int("parallel", d.Parallel, fmt.Sprintf("每个主机同时进行的请求数 `N`（--rate 0 时默认 %d）", config.UnthrottledParallel))
		failOn       = fs.String("fail-on", "error", "有计入的问题达到此`级别`时退出码为 1：error、warning、info 或 never")
		failOnNew    = fs.Bool("fail-on-new", false, "与 --fail-on 一起用：只有相对基线新增的问题才计入（用于持续集成）")
		ignoreRobots = fs.Bool("ignore-robots", false, "不遵守 robots.txt（只用于自己的网站）")
		allowPrivate = fs.Bool("allow-private", false, "跟随指向内网、本机和云元数据地址（10.x、127.x、169.254.x 等）的链接与跳转；默认只访问站点自身所在的地址类别，其余列为跳过")
		incremental  = fs.Bool("incremental", false, "增量检查（每晚用）：完整读取首页、列表页和新页面，其余页面按上次核实的先后轮换复查（带 If-None-Match/If-Modified-Since），未复查页面上的问题照旧列出；serve 默认如此")
		cycle        = fs.Duration("cycle", d.Cycle, "增量检查的周期：每个页面应在此时间内复查一次（报告给出按预算实际需要的天数）")
		budget       = fs.Int("budget", 0, "增量检查每晚的页面请求上限（0：按 --rate 计 30 分钟，4 次/秒即 7200）")
		timeout      = fs.Duration("timeout", d.Timeout, "单个请求的时限（检查人员的标准是 15s）")
		cacheTTL     = fs.Duration("probe-cache", d.ProbeCache, "在此时长内确认过能打开的外部链接不再重复检查（0：每次都检查）")
		progress     = fs.Bool("progress", true, "标准错误输出是终端时显示进度行")
		asOf         = fs.String("as-of", "", "检查日期 `YYYY-MM-DD`：更新时限从这一天往前推算（默认今天；演示站点为 2026-11-29）")
		fileCap      = fs.Int64("file-cap", d.FileCap, "服务器不支持 Range 请求时，每个附件最多读取的`字节数`")
		confirm      = fs.Int("confirm", d.Confirm, "超时或 5xx 要在连续 `N` 次完整检查中出现才计入（1：立即计入）；在此之前为“待确认”")
		browser      = fs.String("browser", d.Browser, "栏目列表由脚本加载（AJAX）时用浏览器运行页面脚本后读取：auto（自动查找已安装的 Chromium）、off（不运行，这类栏目列为“未读取”）或浏览器`程序`的路径；脚本的请求同样限速、遵守 robots.txt")
		configPath   = fs.String("config", "", "网站配置`文件`（YAML）：url、hosts、要命名/改类别/免于考核的 columns、column_rules、accepted")
		hosts        hostList
	)
	fs.Var(&hosts, "host", "另一个属于本网站的`主机名`（可重复使用）")
	color := colorFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if !validFormat(*format) {
		fail(stderr, "audit", fmt.Sprintf("--format %q 无效：可选 %s", *format, formatList))
		return exitUsage
	}
	if !validColor(*color) {
		fail(stderr, "audit", colorError(*color))
		return exitUsage
	}
	threshold, err := parseFailOn(*failOn)
	if err != nil {
		fail(stderr, "audit", err.Error())
		return exitUsage
	}
	var checkDate time.Time
	if *asOf != "" {
		if checkDate, err = time.ParseInLocation("2006-01-02", *asOf, shanghai()); err != nil {
			fail(stderr, "audit", fmt.Sprintf("--as-of %q 不是日期：请写成 2026-11-29 这样的格式", *asOf))
			return exitUsage
		}
	}
	if *rate == 0 && !flagSet(fs, "parallel") {
		// Unthrottled (one's own site): more requests in flight.
		*parallel = config.UnthrottledParallel
	}
	spec := job.Spec{AsOf: checkDate, Hosts: hosts, Checks: allChecks(), Limits: job.Limits{
		MaxPages: *maxPages, MaxDepth: *maxDepth, Rate: *rate, Parallel: *parallel, Timeout: *timeout,
		IgnoreRobots: *ignoreRobots, AllowPrivate: *allowPrivate, Incremental: *incremental, Cycle: *cycle, Budget: *budget, ProbeCache: *cacheTTL, FileCap: *fileCap, Confirm: *confirm,
		Browser: *browser,
	}}
	if err := job.Check(spec.Limits); err != nil {
		fail(stderr, "audit", err.Error())
		return exitUsage
	}
	if *configPath != "" {
		if spec.Site, err = config.Load(*configPath); err != nil {
			configFail(stderr, "audit", err, "请修改配置文件后重试")
			return exitUsage
		}
	}
	var cfg audit.Config
	switch {
	case *demoMode && len(pos) == 0:
		site, err := demo.Start()
		if err != nil {
			fail(stderr, "audit", "无法启动演示站点："+zh(err))
			return exitFailed
		}
		defer site.Close()
		if cfg, err = job.Config(job.Spec{Start: site.URL, AsOf: checkDate, Checks: spec.Checks, Limits: spec.Limits}); err != nil {
			fail(stderr, "audit", zh(err))
			return exitUsage
		}
		cfg = job.Demo(cfg, site)
		// The demo's own loopback servers need no rate limit and a short
		// timeout; a flag given on the command line still wins.
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "rate":
				cfg.Rate = *rate
			case "timeout":
				cfg.Timeout = *timeout
			case "parallel":
				cfg.Parallel = *parallel
			}
		})
		fmt.Fprintf(stderr, "演示站点已在本机启动：%s（%d 个主机名映射到 127.0.0.1）\n", site.URL, len(site.Hosts))
	case len(pos) == 1 && !*demoMode, spec.Site != nil && len(pos) == 0 && !*demoMode:
		if len(pos) == 1 {
			spec.Start = pos[0]
		}
		if cfg, err = job.Config(spec); err != nil {
			fail(stderr, "audit", zh(err))
			return exitUsage
		}
	default:
		fs.Usage()
		return exitUsage
	}

	st, err := store.Open(*dbPath, store.Options{})
	if err != nil {
		fail(stderr, "audit", zh(err))
		return exitFailed
	}
	defer st.Close()

	if *progress && isTerminal(stderr) {
		cfg.Progress = progressLine(stderr)
	}
	o, err := audit.Run(ctx, cfg, st)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if errors.Is(err, audit.ErrBadStart) {
		fail(stderr, "audit", zh(err), "本次检查没有保存")
		return exitUsage
	}
	homeDown := errors.Is(err, audit.ErrHomepage) && o != nil && len(o.Findings) > 0
	if o == nil || (err != nil && !errors.Is(err, audit.ErrInterrupted) && !errors.Is(err, audit.ErrNotSaved) && !homeDown) {
		fail(stderr, "audit", zh(err), auditNext(err))
		return exitFailed
	}
	var trend []outcome.Run
	if runs, terr := st.Runs(o.Run.Site); terr == nil {
		trend = runs
	}
	if werr := writeOutput(stdout, *out, *format, *color, o, trend); werr != nil {
		fail(stderr, "audit", "报告写入失败："+zh(werr), "检查结果已存入数据库，可用 govaudit report 重新输出")
		return exitFailed
	}
	switch {
	case errors.Is(err, audit.ErrNotSaved):
		fail(stderr, "audit", zh(err), "上面的报告是完整的，但这次检查不在数据库中；请检查磁盘空间和数据库文件的权限后重试")
		return exitFailed
	case homeDown:
		fail(stderr, "audit", zh(err), auditNext(err))
	case errors.Is(err, audit.ErrInterrupted):
		fail(stderr, "audit", "检查已中断：本次检查记为\"中断\"，上一次完整检查仍是基线", "需要时请重新运行")
		return exitFailed
	}
	if o.Fails(threshold, *failOnNew) {
		return exitFindings
	}
	return exitOK
}

// auditNext says what to do after an audit that did not complete.
func auditNext(err error) string {
	switch {
	case errors.Is(err, audit.ErrHomepage):
		return "本次检查记为\"中断\"，不会替换上一次完整检查的基线；请确认网址和网络后重试"
	case errors.Is(err, audit.ErrNotCrawled):
		return "本次检查记为\"中断\"，不会替换上一次完整检查的基线；请确认首页网址和 robots.txt 后重试"
	}
	return "检查未能完成；请按上面的原因处理后重试"
}

// parseFailOn reads --fail-on: a severity, or never (the empty severity).
func parseFailOn(s string) (checks.Severity, error) {
	if s == "never" {
		return "", nil
	}
	sev, err := checks.ParseSeverity(s)
	if err != nil {
		return "", fmt.Errorf("--fail-on %q 无效：可选 error、warning、info 或 never", s)
	}
	return sev, nil
}

func titles() map[string]string {
	t := map[string]string{}
	for _, c := range allChecks() {
		t[c.ID] = c.Title
	}
	return t
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine redraws one status line on a terminal.
func progressLine(w io.Writer) func(audit.Progress) {
	return func(p audit.Progress) {
		paused := ""
		if p.Paused > 0 {
			paused = fmt.Sprintf(" · %d 个主机限流暂停中", p.Paused)
		}
		fmt.Fprintf(w, "\r\x1b[K已抓取 %d 页 · 待抓取 %d · 已检查链接 %d · 其中失效 %d%s · 用时 %s",
			p.Pages, p.Queued, p.Probed, p.Failed, paused, p.Elapsed.Round(time.Second))
	}
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
