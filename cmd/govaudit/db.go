package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"govaudit/internal/store"
)

const dbSynopsis = `
用法：govaudit db check [--db 文件]
      govaudit db repair [--db 文件]

check 读取整个数据库——每一页（bbolt 自带的检查）、每条检查和问题记录——并列出
损坏之处；没有损坏时退出码为 0，有损坏时为 1，文件完全无法读取时为 3。
repair 把所有可读的记录复制到新文件并替换原文件；损坏的文件保留在旁边，名为
文件.damaged-<时间>。修复前请先停止所有正在使用该文件的 govaudit。`

func cmdDB(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("db", dbSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), dbUsage)
	timeout := fs.Duration("timeout", 2*time.Second, timeoutUsage)
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 || (pos[0] != "check" && pos[0] != "repair") {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	if pos[0] == "repair" {
		kept, copied, lost, err := store.Repair(*dbPath)
		if err != nil {
			fail(stderr, "db repair", zh(err), "原文件没有改动")
			return exitFailed
		}
		fmt.Fprintf(stdout, "已修复：复制了 %d 条可读记录，%d 处无法读取已舍弃；原文件保留为 %s\n", copied, lost, kept)
		return exitOK
	}
	st, err := store.Open(*dbPath, store.Options{ReadOnly: true, Timeout: *timeout})
	if err != nil {
		fail(stderr, "db check", zh(err))
		return exitFailed
	}
	defer st.Close()
	problems, err := st.Check()
	for _, p := range problems {
		fmt.Fprintf(stdout, "%s: %s\n", p.Where, p.What)
	}
	if err != nil {
		fail(stderr, "db check", zh(err), "请运行 govaudit db repair --db "+*dbPath+" 把可读部分复制到新文件")
		return exitFailed
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "发现 %d 处损坏：运行 govaudit db repair --db %s 复制可读部分到新文件\n", len(problems), *dbPath)
		return exitFindings
	}
	fmt.Fprintln(stdout, "未发现问题。")
	return exitOK
}
