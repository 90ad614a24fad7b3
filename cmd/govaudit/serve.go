package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/notify"
	"govaudit/internal/schedule"
	"govaudit/internal/store"
	"govaudit/internal/web"
	"govaudit/internal/yamlfile"
)

const serveSynopsis = `
用法：govaudit serve --config govaudit.yaml [--db 文件] [--listen 地址]
      govaudit serve --demo [--schedule "@every 1h"] [--listen 地址]

监测服务：按各网站的计划检查每个配置的网站（默认每晚），像检查人员那样抽测每个
首页（每 30 分钟一次 GET，时限 15 s），发送每周周报，并提供控制台（网站列表、
可筛选的问题、趋势、可用性、接受问题、立即检查、下载报告，以及 /metrics 上的
Prometheus 指标）。SIGTERM 或 Ctrl-C 停止服务：正在进行的检查记为“中断”。
一个数据库只能有一个 serve：第二个会说明原因并以退出码 3 退出。加 --demo 时监测
内置的演示站点（启动时检查一次，之后按 --schedule）。"govaudit init" 可写一份
配置作为起点。`

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveSynopsis, stderr)
	path := fs.String("config", "", "监测配置`文件`（govaudit init 可写一份）")
	dbPath := fs.String("db", "", "数据库`文件`（默认：配置中的 store:，否则 "+store.DefaultPath()+"）")
	listen := fs.String("listen", "", "控制台`地址`（默认：配置中的 listen:，否则 127.0.0.1:8080）")
	demoMode := fs.Bool("demo", false, "监测内置的演示站点（在 127.0.0.1 上运行）")
	demoSchedule := fs.String("schedule", "@every 1h", "与 --demo 一起用：多久检查一次（cron `计划`）")
	timeout := fs.Duration("timeout", 2*time.Second, "最多等待数据库锁多久")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 || (*path == "") == !*demoMode {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil && len(pos) == 0 && *path == "" && !*demoMode {
			fail(stderr, "serve", "请用 --config 指定监测配置文件，或用 --demo 监测演示站点", "没有配置文件时可运行 govaudit init 写一份")
		} else if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	log := slog.Default()

	var (
		m         *config.Monitor
		configure func(*audit.Config)
		err       error
	)
	if *demoMode {
		site, err := demo.Start()
		if err != nil {
			fail(stderr, "serve", "无法启动演示站点："+zh(err))
			return exitFailed
		}
		defer site.Close()
		m, err = config.ParseMonitor("(demo)", []byte(fmt.Sprintf("sites:\n  - name: 澜江市教育局（演示）\n    url: %s\n    schedule: %q\n", site.URL, *demoSchedule)))
		if err != nil {
			fail(stderr, "serve", "--schedule 无效："+zh(err), `请写 cron 计划，如 "@every 1h" 或 "0 2 * * *"`)
			return exitUsage
		}
		configure = func(c *audit.Config) { *c = job.Demo(*c, site) }
	} else if m, err = config.LoadMonitor(*path); err != nil {
		configFail(stderr, "serve", err, "请修改后用 govaudit config show --config 文件 检查")
		return exitUsage
	}
	if *listen != "" {
		m.Listen = *listen
	}
	// Sites audited at once each hold their crawl: the soft limit grows
	// with them.
	tuneCollector(m.Concurrency)
	if *dbPath == "" {
		*dbPath = m.Store
	}
	token := ""
	if m.TokenFile != "" {
		b, err := yamlfile.ReadFile(m.TokenFile)
		if err != nil {
			fail(stderr, "serve", "无法读取 token_file："+zh(err), "请确认文件存在且 govaudit 有权读取")
			return exitUsage
		}
		token = strings.TrimSpace(string(b))
	}
	if err := web.CheckListen(m.Listen, token); err != nil {
		fail(stderr, "serve", fmt.Sprintf("监听地址 %s 可从其他机器访问，必须设置访问令牌才能启动控制台", m.Listen), "请在配置中设置 token_file，或用 --listen 127.0.0.1:8080 只在本机监听")
		return exitUsage
	}

	st, err := store.Open(*dbPath, store.Options{Timeout: *timeout})
	if err != nil {
		fail(stderr, "serve", zh(err))
		return exitFailed
	}
	defer st.Close()

	var digest func(context.Context) error
	if m.Mail != nil {
		digest = func(ctx context.Context) error { return sendDigests(ctx, st, m, time.Now(), log) }
	}
	svc, err := schedule.New(schedule.Options{Monitor: m, Store: st, Checks: allChecks(), Logger: log,
		Configure: configure, Digest: digest})
	if err != nil {
		fail(stderr, "serve", "配置有误："+zh(err), "请修改后用 govaudit config show --config 文件 检查")
		return exitUsage
	}
	handler, err := web.New(web.Options{Store: st, Sites: m.Sites, Titles: titles(), RunNow: svc.RunNow,
		Running: svc.Running, NextRun: svc.NextRun, Token: token, Location: m.Location, Logger: log})
	if err != nil {
		fail(stderr, "serve", "无法启动控制台："+zh(err))
		return exitFailed
	}
	ln, err := net.Listen("tcp", m.Listen)
	if err != nil {
		fail(stderr, "serve", "控制台无法监听："+zh(err), "请用 --listen 换一个地址或端口，或停止占用该端口的程序")
		return exitFailed
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("dashboard listening", "url", "http://"+ln.Addr().String()+"/", "sites", len(m.Sites), "store", st.Path())

	svc.Start(ctx)
	if *demoMode {
		for _, key := range svc.Sites() {
			_ = svc.RunNow(key)
		}
	}
	select {
	case <-ctx.Done():
		log.Info("stopping: running audits are stored as interrupted")
	case err := <-served:
		log.Error("dashboard stopped", "err", err.Error())
	}
	svc.Stop()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	if err := st.Close(); err != nil {
		fail(stderr, "serve", "关闭数据库失败："+zh(err), "请运行 govaudit db check 检查数据库")
		return exitFailed
	}
	log.Info("stopped")
	return exitOK
}

// sendDigests sends the digests still pending from earlier attempts, then
// builds this week's (once) and sends those.
func sendDigests(ctx context.Context, st *store.Store, m *config.Monitor, now time.Time, log *slog.Logger) error {
	pending, err := notify.Pending(st)
	if err != nil {
		return err
	}
	built, err := notify.Build(st, m, now, titles())
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var errs []error
	for _, d := range append(pending, built...) {
		if seen[d.Key] || !d.Sent.IsZero() {
			continue
		}
		seen[d.Key] = true
		if err := notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Logger: log}); err != nil {
			errs = append(errs, fmt.Errorf("digest %s: %w", d.Key, err))
		}
	}
	return errors.Join(errs...)
}

const mailSynopsis = `
用法：govaudit mail --config govaudit.yaml [--site 网址] [--dry-run 文件.eml] [--db 文件]

生成本周周报——每组收件人一封：各网站的单项否决情况、与上周周报相比新增/已修复/
未修复的问题、主要问题、首页可用性，并附上 xlsx 整改台账——然后发送，与 govaudit
serve 按 digest 计划所做的相同。每周的周报只生成一次，绝不重复发送；发送失败的
会按原样再次发送。--dry-run 把邮件写入文件而不发送。`

func cmdMail(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("mail", mailSynopsis, stderr)
	path := fs.String("config", "govaudit.yaml", "监测配置`文件`")
	dbPath := fs.String("db", "", "数据库`文件`（默认：配置中的 store:）")
	site := fs.String("site", "", "只处理包含这个`网址`的网站的周报")
	dry := fs.String("dry-run", "", "把邮件写入这个 .eml `文件`，而不发送")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
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
		configFail(stderr, "mail", err, "请修改后用 govaudit config show --config 文件 检查")
		return exitUsage
	}
	if m.Mail == nil {
		fail(stderr, "mail", *path+" 中没有 mail: 部分，无法发送周报", "请在配置中添加 mail:（govaudit init 写的示例中有）")
		return exitUsage
	}
	if *dbPath == "" {
		*dbPath = m.Store
	}
	st, err := store.Open(*dbPath, store.Options{})
	if err != nil {
		fail(stderr, "mail", zh(err))
		return exitFailed
	}
	defer st.Close()
	digests, err := notify.Build(st, m, time.Now(), titles())
	if err != nil {
		fail(stderr, "mail", "生成周报失败："+zh(err))
		return exitFailed
	}
	if *site != "" {
		key := job.SiteKey(*site)
		kept := digests[:0]
		for _, d := range digests {
			if _, ok := d.Covered[key]; ok {
				kept = append(kept, d)
			}
		}
		digests = kept
	}
	if len(digests) == 0 {
		fail(stderr, "mail", "没有要发送的周报：没有网站设置了收件人（recipients），或没有网站与 --site 相符", "请在配置的网站下添加 recipients，或检查 --site")
		return exitUsage
	}
	code := exitOK
	for i, d := range digests {
		if *dry != "" {
			name := *dry
			if i > 0 {
				name = strings.TrimSuffix(name, ".eml") + fmt.Sprintf("-%d.eml", i+1)
			}
			f, err := os.Create(name)
			if err == nil {
				err = notify.Dry(f, d)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fail(stderr, "mail", "写入邮件文件失败："+zh(err))
				return exitFailed
			}
			fmt.Fprintf(stdout, "已写入 %s（收件人 %s）\n", name, strings.Join(d.Recipients, ", "))
			continue
		}
		if !d.Sent.IsZero() {
			fmt.Fprintf(stdout, "本周周报已于 %s 发送给 %s，不再重复发送\n", d.Sent.In(m.Location).Format("2006-01-02 15:04"), strings.Join(d.Recipients, ", "))
			continue
		}
		if err := notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{}); err != nil {
			fail(stderr, "mail", fmt.Sprintf("发送给 %s 失败：%s", strings.Join(d.Recipients, ", "), zh(err)), "周报已保留，下次运行 govaudit mail 或 serve 时会按原样再次发送")
			code = exitFailed
			continue
		}
		fmt.Fprintf(stdout, "周报已发送给 %s\n", strings.Join(d.Recipients, ", "))
	}
	return code
}
