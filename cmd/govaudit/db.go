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
Usage: govaudit db check [--db FILE]
       govaudit db repair [--db FILE]

check reads the whole database — every page (bbolt's own check), every run
and finding record — and lists what is damaged; exit 0 when nothing is, 1
when something is, 3 when the file cannot be read at all.
repair copies every readable record into a new file and puts it in place;
the damaged file is kept beside it as FILE.damaged-<time>. Stop any
govaudit using the file first.`

func cmdDB(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("db", dbSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for a database another govaudit is using")
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
			fmt.Fprintln(stderr, "govaudit db repair:", err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "已修复：复制了 %d 条可读记录，%d 处无法读取已舍弃；原文件保留为 %s\n", copied, lost, kept)
		return exitOK
	}
	st, err := store.Open(*dbPath, store.Options{ReadOnly: true, Timeout: *timeout})
	if err != nil {
		fmt.Fprintln(stderr, "govaudit db check:", err)
		return exitFailed
	}
	defer st.Close()
	problems, err := st.Check()
	for _, p := range problems {
		fmt.Fprintf(stdout, "%s: %s\n", p.Where, p.What)
	}
	if err != nil {
		fmt.Fprintln(stderr, "govaudit db check:", err, "— run govaudit db repair")
		return exitFailed
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "发现 %d 处损坏：运行 govaudit db repair --db %s 复制可读部分到新文件\n", len(problems), *dbPath)
		return exitFindings
	}
	fmt.Fprintln(stdout, "未发现问题。")
	return exitOK
}
