package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"govaudit/internal/config"
)

const initSynopsis = `
Usage: govaudit init [FILE]

Writes a commented example configuration for govaudit serve (default
govaudit.yaml): the store, the dashboard, the mail server, the weekly digest
and the sites with their schedules. It never overwrites a file.`

func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", initSynopsis, stderr)
	pos, err := parse(fs, args)
	if err != nil || len(pos) > 1 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	path := "govaudit.yaml"
	if len(pos) == 1 {
		path = pos[0]
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "govaudit init: %s exists: not overwritten (give another file name)\n", path)
			return exitUsage
		}
		fmt.Fprintln(stderr, "govaudit init:", err)
		return exitFailed
	}
	if _, err := io.WriteString(f, config.MonitorExample); err != nil {
		f.Close()
		fmt.Fprintln(stderr, "govaudit init:", err)
		return exitFailed
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(stderr, "govaudit init:", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "已写入示例配置 %s：修改网站、收件人和邮件服务器后，用 govaudit config show --config %s 检查，再运行 govaudit serve --config %s\n", path, path, path)
	return exitOK
}

const configSynopsis = `
Usage: govaudit config show --config FILE

Checks a configuration (of govaudit serve, or one site's) and prints it as
govaudit reads it, with every default filled in. Secrets are never shown:
the mail password is named by the variable or file it is read from.`

func cmdConfig(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("config show", configSynopsis, stderr)
	path := fs.String("config", "govaudit.yaml", "the configuration file")
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 || pos[0] != "show" {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	m, err := config.LoadMonitor(*path)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit config:", err)
		return exitUsage
	}
	if err := m.Show(stdout); err != nil {
		fmt.Fprintln(stderr, "govaudit config:", err)
		return exitFailed
	}
	return exitOK
}
