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
	"govaudit/checks/wording"
	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

const auditSynopsis = `
Usage: govaudit audit <url> [flags]
       govaudit audit --config site.yaml [flags]
       govaudit audit --demo [flags]

Crawls the site from <url> (its homepage), checks every link, image, frame and
attachment link found on its pages, stores the run and reports the problems an
inspector would count, with what is new, fixed and still open since the last
complete run. Progress goes to stderr when it is a terminal; Ctrl-C stops
cleanly and marks the run interrupted (the previous results stay intact).

It judges the site as an inspector would on the check date (--as-of): dead
links and broken attachments, columns not updated within their window or never
filled, a homepage not updated for two weeks, dates in the future, and where
the site stands against the single-veto lines.

The crawler is gentle by default: --rate requests per second and --parallel
requests at once per host, a User-Agent naming govaudit, robots.txt obeyed.`

type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error {
	*h = append(*h, strings.ToLower(strings.TrimSpace(v)))
	return nil
}

func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit", auditSynopsis, stderr)
	var (
		demoMode     = fs.Bool("demo", false, "audit the bundled demo site (served on 127.0.0.1; no network needed)")
		format       = fs.String("format", "text", "output format: text or json")
		dbPath       = fs.String("db", store.DefaultPath(), "database file")
		maxPages     = fs.Int("max-pages", 50000, "stop crawling after this many pages (links beyond are still checked)")
		maxDepth     = fs.Int("max-depth", 0, "stop following links this many clicks from the homepage (0: no limit)")
		rate         = fs.Float64("rate", 4, "requests per second per host (0: no limit; only for your own site)")
		parallel     = fs.Int("parallel", 2, "requests in flight per host")
		failOn       = fs.String("fail-on", "error", "exit 1 when a finding is at or above: error, warning or never")
		ignoreRobots = fs.Bool("ignore-robots", false, "do not obey robots.txt (only for your own site)")
		timeout      = fs.Duration("timeout", 15*time.Second, "time limit for one request (inspectors allow 15s)")
		cacheTTL     = fs.Duration("probe-cache", 12*time.Hour, "do not re-check external links seen working this recently (0: always check)")
		progress     = fs.Bool("progress", true, "show a progress line on stderr when it is a terminal")
		asOf         = fs.String("as-of", "", "check date YYYY-MM-DD: update windows count back from it (default today; the demo's is 2026-11-29)")
		fileCap      = fs.Int64("file-cap", 8<<20, "bytes read at most of an attachment whose server ignores Range requests")
		configPath   = fs.String("config", "", "site configuration file (YAML): url, hosts, columns to name, reclassify or exempt, column_rules")
		hosts        hostList
	)
	fs.Var(&hosts, "host", "another host name whose pages belong to the site (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "govaudit audit: --format %q: want text or json\n", *format)
		return exitUsage
	}
	var threshold checks.Severity
	if *failOn != "never" {
		if threshold, err = checks.ParseSeverity(*failOn); err != nil {
			fmt.Fprintf(stderr, "govaudit audit: --fail-on: %v (or never)\n", err)
			return exitUsage
		}
	}
	var checkDate time.Time
	if *asOf != "" {
		if checkDate, err = time.ParseInLocation("2006-01-02", *asOf, shanghai()); err != nil {
			fmt.Fprintf(stderr, "govaudit audit: --as-of %q: want a date like 2026-11-29\n", *asOf)
			return exitUsage
		}
	}
	var site *config.Site
	if *configPath != "" {
		if site, err = config.Load(*configPath); err != nil {
			fmt.Fprintln(stderr, "govaudit audit: configuration:", err)
			return exitUsage
		}
	}
	cfg := audit.Config{
		AsOf:   checkDate,
		Checks: allChecks(), ExtraHosts: hosts, MaxPages: *maxPages, MaxDepth: *maxDepth, Rate: *rate,
		Parallel: *parallel, Timeout: *timeout, IgnoreRobots: *ignoreRobots, ProbeCacheTTL: *cacheTTL,
		Retries: 2, Backoff: time.Second, FileCap: *fileCap,
	}
	switch {
	case *demoMode && len(pos) == 0:
		site, err := demo.Start()
		if err != nil {
			fmt.Fprintln(stderr, "govaudit audit: cannot start the demo site:", err)
			return exitFailed
		}
		defer site.Close()
		cfg = audit.ForDemo(cfg, site)
		fmt.Fprintf(stderr, "演示站点已在本机启动：%s（%d 个主机名映射到 127.0.0.1）\n", site.URL, len(site.Hosts))
	case len(pos) == 1 && !*demoMode, site != nil && len(pos) == 0 && !*demoMode:
		if len(pos) == 1 {
			cfg.Start = pos[0]
		} else {
			cfg.Start = site.URL
		}
		if !strings.Contains(cfg.Start, "://") {
			cfg.Start = "https://" + cfg.Start
		}
	default:
		fs.Usage()
		return exitUsage
	}

	if site != nil {
		cfg.ExtraHosts = append(cfg.ExtraHosts, site.Hosts...)
		cfg.Columns, cfg.ColumnClasses = site.Columns, site.ColumnClasses
		if site.Wording != nil {
			for i, c := range cfg.Checks {
				if c.ID == wording.ID {
					cfg.Checks[i] = wording.New(site.Wording)
				}
			}
		}
	}

	st, err := store.Open(*dbPath, store.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "govaudit audit:", err)
		return exitFailed
	}
	defer st.Close()

	if *progress && isTerminal(stderr) {
		cfg.Progress = progressLine(stderr)
	}
	res, err := audit.Run(ctx, cfg, st)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	homeDown := errors.Is(err, audit.ErrHomepage) && res != nil && len(res.Findings) > 0
	if err != nil && !errors.Is(err, audit.ErrInterrupted) && !homeDown {
		fmt.Fprintln(stderr, "govaudit audit:", err)
		return exitFailed
	}
	if res != nil {
		if werr := writeReport(stdout, *format, res); werr != nil {
			fmt.Fprintln(stderr, "govaudit audit: writing the report:", werr)
			return exitFailed
		}
	}
	if homeDown {
		fmt.Fprintln(stderr, "govaudit audit:", err, "— the run is stored as interrupted and does not replace the previous baseline")
	}
	if errors.Is(err, audit.ErrInterrupted) {
		fmt.Fprintln(stderr, "govaudit audit: interrupted; the run is stored as interrupted and the previous complete run stays the baseline")
		return exitFailed
	}
	if threshold != "" {
		for _, f := range res.Findings {
			if f.Severity.Rank() >= threshold.Rank() {
				return exitFindings
			}
		}
	}
	return exitOK
}

func writeReport(w io.Writer, format string, res *audit.Result) error {
	if format == "json" {
		return report.JSON(w, res)
	}
	titles := map[string]string{}
	for _, c := range allChecks() {
		titles[c.ID] = c.Title
	}
	return report.Text(w, res, report.TextOptions{Color: isTerminal(w), Titles: titles})
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine redraws one status line on a terminal.
func progressLine(w io.Writer) func(audit.Progress) {
	return func(p audit.Progress) {
		fmt.Fprintf(w, "\r\x1b[K已抓取 %d 页 · 待抓取 %d · 已检查链接 %d · 其中失效 %d · 用时 %s",
			p.Pages, p.Queued, p.Probed, p.Failed, p.Elapsed.Round(time.Second))
	}
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
