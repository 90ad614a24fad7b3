package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
)

// What the command prints is Chinese, English only where a flag, a
// configuration key or a command is named. The packages below it (the
// store, the audit driver, the operating system) speak English in their
// errors; zh says the ones govaudit knows in Chinese, with what to do next,
// and leaves any other text as it is rather than lose it.

var zhErrors = []struct {
	re *regexp.Regexp
	zh string
}{
	// internal/store
	{regexp.MustCompile(`^database busy: (.*) is locked by another govaudit process.*$`),
		"数据库正被占用：$1 正被另一个 govaudit 进程（audit 或 serve）使用。请等它结束后重试，或用 --timeout 等得更久；serve 运行时请在控制台查看结果"},
	{regexp.MustCompile("^no database at (.*) yet: run `govaudit audit` first$"),
		"还没有数据库 $1：请先运行 govaudit audit <网址>，或用 --db 指定已有的数据库文件"},
	{regexp.MustCompile(`^damaged database: (.*) is truncated: (\d+) bytes where its header says (\d+);.*$`),
		"数据库已损坏：$1 被截断（实际 $2 字节，文件头记录应有 $3 字节）。请运行 govaudit db repair --db $1 把可读部分复制到新文件"},
	{regexp.MustCompile(`^damaged database: (.*) has no valid database header \((\d+) bytes\):.*$`),
		"数据库已损坏：$1 没有有效的数据库文件头（$2 字节）：它不是 bbolt 文件，或已严重损坏。请运行 govaudit db repair --db $1，或用 --db 换一个文件"},
	{regexp.MustCompile(`^damaged database: (.*) is not a regular file$`),
		"$1 不是普通文件：请用 --db 指定数据库文件"},
	{regexp.MustCompile(`^damaged database: bbolt cannot read (.*?): (.*)$`),
		"数据库已损坏：无法读取 $1（$2）"},
	{regexp.MustCompile(`^damaged database: (.*)$`),
		"数据库已损坏（$1）：运行 govaudit db check 查看损坏之处，govaudit db repair 把可读部分复制到新文件"},
	{regexp.MustCompile(`^not a govaudit database: (.*) is a bbolt database of another program \(it has a bucket "(.*)" and no govaudit version\);.*$`),
		"$1 是其他程序的 bbolt 数据库（含有 \"$2\"，没有 govaudit 版本记录）：请用 --db 给 govaudit 指定它自己的文件"},
	{regexp.MustCompile(`^unsupported database schema: (.*) has schema version (\d+), this govaudit reads only up to (\d+):.*$`),
		"$1 的数据库格式版本为 $2，这个 govaudit 最多只能读取 $3：请升级 govaudit，或用 --db 换一个数据库文件"},
	{regexp.MustCompile(`^unsupported database schema: (.*?): schema version is (\d+) bytes, want 8;.*$`),
		"$1 的格式版本记录有误（$2 字节，应为 8）：它可能不是 govaudit 数据库，请用 --db 换一个文件"},
	{regexp.MustCompile(`^open database (.*?): (.*)$`), "无法打开数据库 $1：$2"},
	{regexp.MustCompile(`^open database: (.*)$`), "无法打开数据库：$1"},
	{regexp.MustCompile(`^create database directory: (.*)$`), "无法创建数据库所在目录：$1"},
	{regexp.MustCompile(`^run (\S+) of site "(.*)": outcome record: (.*?);.*$`),
		"网站 $2 的检查 $1 的记录无法读取（$3）：运行 govaudit db check 查看还有哪些损坏"},
	{regexp.MustCompile(`^run (\S+) of site "(.*)": not found$`), "网站 $2 没有编号为 $1 的检查：运行 govaudit runs 查看检查编号"},
	{regexp.MustCompile(`^run (\S+): not found$`), "没有编号为 $1 的检查：运行 govaudit runs 查看检查编号"},
	{regexp.MustCompile(`^run ID "(.*)": want 16 hex digits$`), "检查编号 \"$1\" 无效：应为 16 位十六进制数字，运行 govaudit runs 查看检查编号"},
	{regexp.MustCompile(`^unknown finding (\S+): no stored run of (.*) has it.*$`),
		"识别码 $1 不在 $2 的任何已存储的检查中，本次什么也没有记录：识别码见报告，或 govaudit report --format json 中的 \"fingerprint\""},
	{regexp.MustCompile(`^unknown finding (\S+): it is not accepted for (.*)$`), "识别码 $1 在 $2 没有被接受过，无需撤销；本次什么也没有改动"},
	{regexp.MustCompile(`^site "(.*)" has no stored runs$`), "网站 $1 还没有存储的检查：请先运行 govaudit audit"},
	{regexp.MustCompile(`^compact: (.*) exists$`), "压缩：$1 已存在：请删除它后重试"},
	{regexp.MustCompile(`^compact: (.*)$`), "压缩：$1"},
	// internal/audit
	{regexp.MustCompile(`^start URL "(.*)": not an http\(s\) URL$`),
		"起始网址 \"$1\" 不是 http(s) 网址：请给出网站首页（如 https://jyj.example.gov.cn/）"},
	{regexp.MustCompile(`^the homepage does not open: (\S+) \((.*)\)$`), "首页无法打开：$1（$2）"},
	{regexp.MustCompile(`^the homepage does not open$`), "首页无法打开"},
	{regexp.MustCompile(`^no page could be crawled: (\S+) \((.*)\)$`), "首页能打开，但没有抓取到任何页面：$1（$2）"},
	{regexp.MustCompile(`^the run could not be saved: probe cache: (.*)$`), "检查结果未能存入数据库（链接探测缓存：$1）"},
	{regexp.MustCompile(`^the run could not be saved: (.*)$`), "检查结果未能存入数据库（$1）"},
	{regexp.MustCompile(`^audit interrupted$`), "检查已中断"},
	// the operating system and net
	{regexp.MustCompile(`^open (.*?): (.*)$`), "无法打开 $1：$2"},
	{regexp.MustCompile(`^listen tcp (.*?): (.*)$`), "无法在 $1 监听：$2"},
}

// zhWords are the operating system's and the libraries' phrases, said in
// Chinese wherever they stand in a message.
var zhWords = strings.NewReplacer(
	"bind: address already in use", "地址已被占用",
	"address already in use", "地址已被占用",
	"no such file or directory", "文件或目录不存在",
	"permission denied", "没有权限",
	"no space left on device", "磁盘空间不足",
	"read-only file system", "文件系统只读",
	"is a directory", "是一个目录",
	"not a directory", "不是目录",
	"file exists", "文件已存在",
	"connection refused", "连接被拒绝",
	"robots.txt could not be read", "无法读取 robots.txt",
	"; for your own site, --ignore-robots crawls it anyway", "；如果是自己的网站，可用 --ignore-robots 照常抓取",
)

// zh says err in Chinese where govaudit knows its words.
func zh(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	for _, e := range zhErrors {
		if e.re.MatchString(s) {
			s = e.re.ReplaceAllString(s, e.zh)
			break
		}
	}
	return zhWords.Replace(s)
}

// configFail reports a configuration that cannot be used: one that is
// not there, or one with a mistake (file:line: key: reason).
func configFail(w io.Writer, cmd string, err error, next string) {
	if errors.Is(err, fs.ErrNotExist) {
		fail(w, cmd, "找不到配置文件："+zh(err), "请确认路径，或用 govaudit init 写一份示例配置")
		return
	}
	fail(w, cmd, "配置文件有误："+zh(err), next)
}

// fail prints "govaudit cmd: message" with the next step, ending the
// sentence with a full stop: what went wrong, then what to do.
func fail(w io.Writer, cmd, msg string, next ...string) {
	out := "govaudit: " + sentence(msg)
	if cmd != "" {
		out = "govaudit " + cmd + ": " + sentence(msg)
	}
	for _, n := range next {
		out += sentence(n)
	}
	fmt.Fprintln(w, out)
}

// sentence ends s with a Chinese full stop unless it already ends a
// sentence (or a list printed on lines of its own).
func sentence(s string) string {
	s = strings.TrimRight(s, " \n")
	if s == "" || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") || strings.Contains(s, "\n") {
		return s
	}
	return s + "。"
}
