package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"govaudit/internal/store"
)

const runsSynopsis = `
用法：govaudit runs [--site 网址] [--db 文件]

按时间先后列出已存储的检查：网站、检查编号、开始时间（北京时间）、用时、状态、
页面数、链接数和问题数。`

func cmdRuns(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("runs", runsSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), dbUsage)
	site := fs.String("site", "", "只列出这个`网址`的网站")
	timeout := fs.Duration("timeout", 2*time.Second, timeoutUsage)
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	st, err := store.Open(*dbPath, store.Options{ReadOnly: true, Timeout: *timeout})
	if err != nil {
		fail(stderr, "runs", zh(err))
		return exitFailed
	}
	defer st.Close()
	runs, err := st.Runs(*site)
	if err != nil {
		fail(stderr, "runs", zh(err))
		return exitFailed
	}
	if len(runs) == 0 {
		fmt.Fprintln(stdout, "还没有检查记录。运行 govaudit audit <网址> 开始第一次检查。")
		return exitOK
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rows := [][]string{{"站点", "检查编号", "开始时间", "用时", "状态", "页面", "链接", "问题"}}
	for _, r := range runs {
		dur := "-"
		if !r.Finished.IsZero() {
			dur = r.Finished.Sub(r.Started).Round(time.Second).String()
		}
		status := r.StatusLabel()
		if r.Pruned {
			status += "（明细已清理）"
		}
		rows = append(rows, []string{r.Site, r.ID.String(), r.Started.In(loc).Format("2006-01-02 15:04:05"),
			dur, status, strconv.Itoa(r.Pages), strconv.Itoa(r.Links), strconv.Itoa(r.Findings)})
	}
	return flushed(writeTable(stdout, rows), stderr)
}

func flushed(err error, stderr io.Writer) int {
	if err != nil {
		fail(stderr, "", "输出失败："+zh(err))
		return exitFailed
	}
	return exitOK
}
