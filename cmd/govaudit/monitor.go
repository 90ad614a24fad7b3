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
用法：govaudit init [文件]

为 govaudit serve 写一份带注释的示例配置（默认 govaudit.yaml）：数据库、控制台、
邮件服务器、每周周报，以及各网站和它们的检查计划。不会覆盖已有的文件。`

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
			fail(stderr, "init", path+" 已存在，没有覆盖", "请另给一个文件名，如 govaudit init 新配置.yaml")
			return exitUsage
		}
		fail(stderr, "init", zh(err))
		return exitFailed
	}
	if _, err := io.WriteString(f, config.MonitorExample); err != nil {
		f.Close()
		fail(stderr, "init", zh(err))
		return exitFailed
	}
	if err := f.Close(); err != nil {
		fail(stderr, "init", zh(err))
		return exitFailed
	}
	fmt.Fprintf(stdout, "已写入示例配置 %s：修改网站、收件人和邮件服务器后，用 govaudit config show --config %s 检查，再运行 govaudit serve --config %s\n", path, path, path)
	return exitOK
}

const configSynopsis = `
用法：govaudit config show --config 文件

检查一份配置（govaudit serve 的，或单个网站的），并按 govaudit 读到的样子显示，
所有默认值都填上。不显示任何密码：邮件密码只显示从哪个环境变量或文件读取。`

func cmdConfig(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("config show", configSynopsis, stderr)
	path := fs.String("config", "govaudit.yaml", "配置`文件`")
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
		configFail(stderr, "config", err, "请修改后重新运行 govaudit config show")
		return exitUsage
	}
	if err := m.Show(stdout); err != nil {
		fail(stderr, "config", zh(err))
		return exitFailed
	}
	return exitOK
}
