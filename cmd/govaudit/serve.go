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
)

const serveSynopsis = `
Usage: govaudit serve --config govaudit.yaml [--db FILE] [--listen ADDR]
       govaudit serve --demo [--schedule "@every 1h"] [--listen ADDR]

The monitor: audits every configured site on its schedule (nightly by
default), probes each homepage as inspectors do (a GET every 30 minutes,
15 s limit), sends the weekly digest, and serves the dashboard (sites,
findings with filters, the trend, availability, accept, run now, reports
to download, Prometheus metrics at /metrics). SIGTERM or Ctrl-C stops it:
running audits are stored as interrupted. One serve per database: a second
one says so and exits 3. With --demo it watches the bundled demo site
(audited at start and then on --schedule). "govaudit init" writes a
configuration to start from.`

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveSynopsis, stderr)
	path := fs.String("config", "", "the monitor configuration (govaudit init writes one)")
	dbPath := fs.String("db", "", "database file (default: the configuration's store:, else "+store.DefaultPath()+")")
	listen := fs.String("listen", "", "dashboard address (default: the configuration's listen:, else 127.0.0.1:8080)")
	demoMode := fs.Bool("demo", false, "watch the bundled demo site (served on 127.0.0.1)")
	demoSchedule := fs.String("schedule", "@every 1h", "with --demo: how often to audit it")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for the database's lock")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 || (*path == "") == !*demoMode {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
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
			fmt.Fprintln(stderr, "govaudit serve: cannot start the demo site:", err)
			return exitFailed
		}
		defer site.Close()
		m, err = config.ParseMonitor("(demo)", []byte(fmt.Sprintf("sites:\n  - name: 澜江市教育局（演示）\n    url: %s\n    schedule: %q\n", site.URL, *demoSchedule)))
		if err != nil {
			fmt.Fprintln(stderr, "govaudit serve: --schedule:", err)
			return exitUsage
		}
		configure = func(c *audit.Config) { *c = job.Demo(*c, site) }
	} else if m, err = config.LoadMonitor(*path); err != nil {
		fmt.Fprintln(stderr, "govaudit serve: configuration:", err)
		return exitUsage
	}
	if *listen != "" {
		m.Listen = *listen
	}
	if *dbPath == "" {
		*dbPath = m.Store
	}
	token := ""
	if m.TokenFile != "" {
		b, err := os.ReadFile(m.TokenFile)
		if err != nil {
			fmt.Fprintln(stderr, "govaudit serve: token_file:", err)
			return exitUsage
		}
		token = strings.TrimSpace(string(b))
	}
	if err := web.CheckListen(m.Listen, token); err != nil {
		fmt.Fprintln(stderr, "govaudit serve:", err)
		return exitUsage
	}

	st, err := store.Open(*dbPath, store.Options{Timeout: *timeout})
	if err != nil {
		if errors.Is(err, store.ErrBusy) {
			fmt.Fprintln(stderr, "govaudit serve: another govaudit (serve or audit) is using the database:", err)
		} else {
			fmt.Fprintln(stderr, "govaudit serve:", err)
		}
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
		fmt.Fprintln(stderr, "govaudit serve:", err)
		return exitUsage
	}
	handler, err := web.New(web.Options{Store: st, Sites: m.Sites, Titles: titles(), RunNow: svc.RunNow,
		Running: svc.Running, NextRun: svc.NextRun, Token: token, Location: m.Location, Logger: log})
	if err != nil {
		fmt.Fprintln(stderr, "govaudit serve:", err)
		return exitFailed
	}
	ln, err := net.Listen("tcp", m.Listen)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit serve: dashboard:", err)
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
		fmt.Fprintln(stderr, "govaudit serve:", err)
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
Usage: govaudit mail --config govaudit.yaml [--site URL] [--dry-run FILE.eml] [--db FILE]

Builds this week's digest — one message per recipient list: each site's
veto standing, new / fixed / still open since last week's digest, the top
findings, the homepage's availability, the xlsx ledger attached — and sends
it, as govaudit serve does on its digest schedule. A week's digest is built
once and never sent twice; one that failed is sent as it was built.
--dry-run writes the message(s) to a file instead of sending.`

func cmdMail(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("mail", mailSynopsis, stderr)
	path := fs.String("config", "govaudit.yaml", "the monitor configuration")
	dbPath := fs.String("db", "", "database file (default: the configuration's store:)")
	site := fs.String("site", "", "only the digests that cover this site")
	dry := fs.String("dry-run", "", "write the message to this .eml file instead of sending")
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
		fmt.Fprintln(stderr, "govaudit mail: configuration:", err)
		return exitUsage
	}
	if m.Mail == nil {
		fmt.Fprintf(stderr, "govaudit mail: %s has no mail: section\n", *path)
		return exitUsage
	}
	if *dbPath == "" {
		*dbPath = m.Store
	}
	st, err := store.Open(*dbPath, store.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "govaudit mail:", err)
		return exitFailed
	}
	defer st.Close()
	digests, err := notify.Build(st, m, time.Now(), titles())
	if err != nil {
		fmt.Fprintln(stderr, "govaudit mail:", err)
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
		fmt.Fprintln(stderr, "govaudit mail: no digest to send: no site has recipients (or none matches --site)")
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
				fmt.Fprintln(stderr, "govaudit mail:", err)
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
			fmt.Fprintf(stderr, "govaudit mail: %s: %v (kept; the next attempt sends it)\n", strings.Join(d.Recipients, ", "), err)
			code = exitFailed
			continue
		}
		fmt.Fprintf(stdout, "周报已发送给 %s\n", strings.Join(d.Recipients, ", "))
	}
	return code
}
