package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"sort"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// openRead opens the database read-only for a history command.
func openRead(name, path string, timeout time.Duration, stderr io.Writer) (*store.Store, bool) {
	st, err := store.Open(path, store.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		fail(stderr, name, zh(err))
		return nil, false
	}
	return st, true
}

// pickSite resolves --site: a stored site name, or a URL that canonicalises
// to one; empty means the only site in the store.
func pickSite(st *store.Store, given string) (string, error) {
	sites, err := st.Sites()
	if err != nil {
		return "", err
	}
	if given == "" {
		switch len(sites) {
		case 0:
			return "", errors.New("数据库中还没有检查记录：请先运行 govaudit audit <网址>")
		case 1:
			return sites[0], nil
		}
		return "", fmt.Errorf("数据库中有多个网站，请用 --site 指定其中一个：\n  %s", strings.Join(sites, "\n  "))
	}
	want := given
	if !strings.Contains(want, "://") {
		want = "https://" + want
	}
	if u, err := url.Parse(want); err == nil && u.Host != "" {
		want = link.Canonical(u)
	}
	for _, s := range sites {
		if s == given || s == want || strings.TrimPrefix(s, "http://") == strings.TrimPrefix(want, "https://") {
			return s, nil
		}
	}
	return "", fmt.Errorf("数据库中没有网站 %q 的检查；请用 --site 指定已存储的网站：\n  %s", given, strings.Join(sites, "\n  "))
}

// pickRun is the run named by id (16 hex digits), or the site's latest
// finished run.
func pickRun(st *store.Store, site, id string) (outcome.Run, error) {
	if id != "" {
		rid, err := store.ParseRunID(id)
		if err != nil {
			return outcome.Run{}, err
		}
		return st.Run(site, rid)
	}
	r, ok, err := st.Latest(site)
	if err != nil {
		return outcome.Run{}, err
	}
	if !ok {
		return outcome.Run{}, fmt.Errorf("网站 %s 还没有已完成的检查：请先运行 govaudit audit，或等正在进行的检查结束", site)
	}
	return r, nil
}

const reportSynopsis = `
用法：govaudit report [--site 网址] [--run 编号] [--format 格式] [--out 文件]

不重新抓取，从数据库输出一次已存储的检查：默认为该网站最近一次检查，文字格式。
格式：text（中文，按检查项和页面分组）、json（v1 契约，见 README）、html（一个
独立的页面：单项否决情况、统计、对比、趋势图、按栏目分组的问题；可离线打开和打印）、
xlsx（整改台账：一张汇总表，每项检查一张表，带空白的“整改情况”列供填写）、
csv（带 BOM 的 UTF-8，电子表格软件可直接打开）。

示例：
  govaudit report --format html --out 检查报告.html
  govaudit report --site https://jyj.example.gov.cn/ --format xlsx --out 整改台账.xlsx`

func cmdReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", reportSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), dbUsage)
	site := fs.String("site", "", siteUsage)
	runID := fs.String("run", "", "检查`编号`（16 位十六进制数字，见 govaudit runs；默认最近一次）")
	format := fs.String("format", "text", "输出`格式`："+formatList)
	out := fs.String("out", "", "写入此`文件`，而不是标准输出")
	timeout := fs.Duration("timeout", 2*time.Second, timeoutUsage)
	color := colorFlag(fs)
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	if !validFormat(*format) {
		fail(stderr, "report", fmt.Sprintf("--format %q 无效：可选 %s", *format, formatList))
		return exitUsage
	}
	if !validColor(*color) {
		fail(stderr, "report", colorError(*color))
		return exitUsage
	}
	st, ok := openRead("report", *dbPath, *timeout, stderr)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	name, err := pickSite(st, *site)
	if err != nil {
		fail(stderr, "report", zh(err))
		return exitUsage
	}
	r, err := pickRun(st, name, *runID)
	if err != nil {
		fail(stderr, "report", zh(err))
		return exitUsage
	}
	o, err := st.Outcome(name, r.ID)
	if err != nil {
		fail(stderr, "report", zh(err))
		return exitFailed
	}
	if r.Pruned {
		fail(stderr, "report", fmt.Sprintf("检查 %s 的明细已清理（prune），只剩统计数字", r.ID), "需要问题明细请选择未清理的检查（govaudit runs）")
	}
	trend, err := st.Runs(name)
	if err != nil {
		fail(stderr, "report", zh(err))
		return exitFailed
	}
	if err := writeOutput(stdout, *out, *format, *color, o, trend); err != nil {
		fail(stderr, "report", zh(err))
		return exitFailed
	}
	return exitOK
}

const diffSynopsis = `
用法：govaudit diff [--site 网址] [检查A] [检查B] [--format text|json]

比较两次已存储检查的问题：检查B 中新增的、检查B 中已没有的（已修复）和两次都有的
（未修复），按检查项和栏目分组。不给检查编号时比较该网站最近两次基线（全站的完整
检查）；只给一个时，比较它与该网站最近一次检查。`

func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", diffSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), dbUsage)
	site := fs.String("site", "", siteUsage)
	format := fs.String("format", "text", "输出`格式`：text 或 json")
	timeout := fs.Duration("timeout", 2*time.Second, timeoutUsage)
	pos, err := parse(fs, args)
	if err != nil || len(pos) > 2 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fail(stderr, "diff", fmt.Sprintf("--format %q 无效：可选 text 或 json", *format))
		return exitUsage
	}
	st, ok := openRead("diff", *dbPath, *timeout, stderr)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	name, err := pickSite(st, *site)
	if err != nil {
		fail(stderr, "diff", zh(err))
		return exitUsage
	}
	var a, b outcome.Run
	switch len(pos) {
	case 0:
		var ok bool
		if b, ok, err = st.LastBaseline(name, 0); err == nil && ok {
			a, ok, err = st.LastBaseline(name, b.ID)
		}
		if err == nil && !ok {
			err = fmt.Errorf("网站 %s 的基线（全站的完整检查）不足两次：请给出两个检查编号（见 govaudit runs）", name)
		}
	case 1:
		if a, err = pickRun(st, name, pos[0]); err == nil {
			b, err = pickRun(st, name, "")
		}
	case 2:
		if a, err = pickRun(st, name, pos[0]); err == nil {
			b, err = pickRun(st, name, pos[1])
		}
	}
	if err != nil {
		fail(stderr, "diff", zh(err))
		return exitUsage
	}
	if a.Pruned || b.Pruned {
		fail(stderr, "diff", "明细已清理（prune）的检查只剩统计数字，无法对比", "请选择未清理的检查（govaudit runs）")
		return exitUsage
	}
	fa, err := st.Findings(name, a.ID)
	if err == nil {
		var fb []checks.Finding
		if fb, err = st.Findings(name, b.ID); err == nil {
			d := store.Compare(fa, fb)
			if *format == "json" {
				err = diffJSON(stdout, name, a, b, d)
			} else {
				err = diffText(stdout, name, a, b, d)
			}
		}
	}
	if err != nil {
		fail(stderr, "diff", zh(err))
		return exitFailed
	}
	return exitOK
}

const acceptSynopsis = `
用法：govaudit accept 识别码… --reason "…" [--until YYYY-MM-DD] [--site 网址]
      govaudit unaccept 识别码… [--site 网址]

accept 记录网站管理部门接受某个问题（识别码见报告，或 json 中的 "fingerprint"）：
由谁、何时、为什么。被接受的问题不计入退出码、问题数和邮件，在报告中单独列出，
直到问题消失——或超过 --until 的日期后重新计入。unaccept 撤销接受。给出的识别码
如果不在任何已存储的检查中，则报错，什么也不记录。`

func cmdAccept(args []string, stdout, stderr io.Writer, accept bool) int {
	name := "accept"
	if !accept {
		name = "unaccept"
	}
	fs := newFlagSet(name, acceptSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), dbUsage)
	site := fs.String("site", "", siteUsage)
	reason := fs.String("reason", "", "接受的`理由`（必填）")
	until := fs.String("until", "", "接受的最后一天，`YYYY-MM-DD`（默认：问题存在期间一直有效）")
	by := fs.String("by", "", "由`谁`接受（默认：登录用户名）")
	timeout := fs.Duration("timeout", 2*time.Second, timeoutUsage)
	pos, err := parse(fs, args)
	if err != nil || len(pos) == 0 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fail(stderr, name, "请至少给出一个问题的识别码", "识别码见报告，或 govaudit report --format json 中的 \"fingerprint\"")
		}
		return exitUsage
	}
	var last time.Time
	if accept {
		if strings.TrimSpace(*reason) == "" {
			fail(stderr, "accept", `缺少 --reason "…"：请写明接受这个问题的理由`)
			return exitUsage
		}
		if *until != "" {
			if last, err = time.ParseInLocation("2006-01-02", *until, shanghai()); err != nil {
				fail(stderr, "accept", fmt.Sprintf("--until %q 不是日期：请写成 2026-12-31 这样的格式", *until))
				return exitUsage
			}
		}
	}
	st, err := store.Open(*dbPath, store.Options{Timeout: *timeout})
	if err != nil {
		fail(stderr, name, zh(err))
		return exitFailed
	}
	defer st.Close()
	siteName, err := pickSite(st, *site)
	if err != nil {
		fail(stderr, name, zh(err))
		return exitUsage
	}
	if !accept {
		if err := st.Unaccept(siteName, pos...); err != nil {
			fail(stderr, "unaccept", zh(err))
			return exitUsage
		}
		fmt.Fprintf(stdout, "已撤销 %d 项接受记录（%s）\n", len(pos), siteName)
		return exitOK
	}
	who := *by
	if who == "" {
		if u, err := user.Current(); err == nil {
			who = u.Username
		}
	}
	now := time.Now()
	var as []outcome.Acceptance
	for _, fp := range pos {
		as = append(as, outcome.Acceptance{Fingerprint: fp, Reason: *reason, By: who, At: now, Until: last})
	}
	if err := st.Accept(siteName, as...); err != nil {
		fail(stderr, "accept", zh(err))
		if errors.Is(err, store.ErrUnknownFinding) {
			return exitUsage
		}
		return exitFailed
	}
	msg := fmt.Sprintf("已接受 %d 项（%s），理由：%s", len(pos), siteName, *reason)
	if !last.IsZero() {
		msg += "，有效至 " + last.Format("2006-01-02")
	}
	fmt.Fprintln(stdout, msg)
	return exitOK
}

const pruneSynopsis = `
用法：govaudit prune --keep N [--site 网址] [--compact]

清理每个网站（或 --site 指定的网站）除最近 N 次以外的检查的问题和明细，保留每次
检查的记录和统计数字，报告仍能画出趋势。最近一次基线总会保留。只有加 --compact
才会重写文件使其变小（新文件就位之前，旧文件保留为 文件.bak）。`

func cmdPrune(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("prune", pruneSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), dbUsage)
	site := fs.String("site", "", "只处理这个`网址`的网站（默认：所有网站）")
	keep := fs.Int("keep", 0, "最近 `N` 次检查保留明细（至少 1）")
	compact := fs.Bool("compact", false, "清理后重写数据库文件，使其变小")
	timeout := fs.Duration("timeout", 2*time.Second, timeoutUsage)
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 || *keep < 1 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fail(stderr, "prune", "缺少 --keep N（N 至少为 1）", "例如 govaudit prune --keep 30")
		}
		return exitUsage
	}
	st, err := store.Open(*dbPath, store.Options{Timeout: *timeout})
	if err != nil {
		fail(stderr, "prune", zh(err))
		return exitFailed
	}
	name := ""
	if *site != "" {
		if name, err = pickSite(st, *site); err != nil {
			st.Close()
			fail(stderr, "prune", zh(err))
			return exitUsage
		}
	}
	n, err := st.Prune(name, *keep)
	if err != nil {
		st.Close()
		fail(stderr, "prune", zh(err))
		return exitFailed
	}
	fmt.Fprintf(stdout, "已清理 %d 次检查的明细（保留每次的统计数字）\n", n)
	if !*compact {
		return flushed(st.Close(), stderr)
	}
	path := st.Path()
	before, _ := os.Stat(path)
	tmp := path + ".compact"
	_ = os.Remove(tmp)
	err = st.Compact(tmp)
	st.Close()
	if err == nil {
		if err = os.Rename(path, path+".bak"); err == nil {
			if err = os.Rename(tmp, path); err == nil {
				err = os.Remove(path + ".bak")
			}
		}
	}
	if err != nil {
		fail(stderr, "prune", "压缩数据库失败："+zh(err), "明细已清理；原文件如有保留为 "+path+".bak，可改回原名后重试 --compact")
		return exitFailed
	}
	if after, e := os.Stat(path); e == nil && before != nil {
		fmt.Fprintf(stdout, "数据库已压缩：%.1f MB → %.1f MB\n", float64(before.Size())/(1<<20), float64(after.Size())/(1<<20))
	}
	return exitOK
}

// siteUsage is the usage of the history commands' --site.
const siteUsage = "网站的`网址`（默认：数据库中唯一的网站）"

// groupKey orders diff lines by check, then column.
func sortForDiff(fs []checks.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Check != fs[j].Check {
			return fs[i].Check < fs[j].Check
		}
		if fs[i].Column != fs[j].Column {
			return fs[i].Column < fs[j].Column
		}
		return checks.Less(fs[i], fs[j])
	})
}
