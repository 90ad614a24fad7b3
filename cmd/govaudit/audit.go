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
	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
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
	d := job.Defaults
	var (
		demoMode     = fs.Bool("demo", false, "audit the bundled demo site (served on 127.0.0.1; no network needed)")
		format       = fs.String("format", "text", "output format: "+formatList)
		out          = fs.String("out", "", "write the report to this file instead of standard output")
		dbPath       = fs.String("db", store.DefaultPath(), "database file")
		maxPages     = fs.Int("max-pages", d.MaxPages, "stop crawling after this many pages (links beyond are still checked; the run is then partial, not a baseline)")
		maxDepth     = fs.Int("max-depth", d.MaxDepth, "stop following links this many clicks from the homepage (0: no limit; a limited run is partial)")
		rate         = fs.Float64("rate", d.Rate, "requests per second per host (0: no limit; only for your own site)")
		parallel     = fs.Int("parallel", d.Parallel, "requests in flight per host")
		failOn       = fs.String("fail-on", "error", "exit 1 when a counted finding is at or above: error, warning, info or never")
		failOnNew    = fs.Bool("fail-on-new", false, "with --fail-on: only findings new since the baseline count (for CI)")
		ignoreRobots = fs.Bool("ignore-robots", false, "do not obey robots.txt (only for your own site)")
		timeout      = fs.Duration("timeout", d.Timeout, "time limit for one request (inspectors allow 15s)")
		cacheTTL     = fs.Duration("probe-cache", d.ProbeCache, "do not re-check external links seen working this recently (0: always check)")
		progress     = fs.Bool("progress", true, "show a progress line on stderr when it is a terminal")
		asOf         = fs.String("as-of", "", "check date YYYY-MM-DD: update windows count back from it (default today; the demo's is 2026-11-29)")
		fileCap      = fs.Int64("file-cap", d.FileCap, "bytes read at most of an attachment whose server ignores Range requests")
		confirm      = fs.Int("confirm", d.Confirm, "a timeout or 5xx counts once seen in this many consecutive complete runs (1: at once); until then it is 待确认")
		configPath   = fs.String("config", "", "site configuration file (YAML): url, hosts, columns to name, reclassify or exempt, column_rules, accepted")
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
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "govaudit audit: --format %q: want %s\n", *format, formatList)
		return exitUsage
	}
	threshold, err := parseFailOn(*failOn)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit audit:", err)
		return exitUsage
	}
	var checkDate time.Time
	if *asOf != "" {
		if checkDate, err = time.ParseInLocation("2006-01-02", *asOf, shanghai()); err != nil {
			fmt.Fprintf(stderr, "govaudit audit: --as-of %q: want a date like 2026-11-29\n", *asOf)
			return exitUsage
		}
	}
	spec := job.Spec{AsOf: checkDate, Hosts: hosts, Checks: allChecks(), Limits: job.Limits{
		MaxPages: *maxPages, MaxDepth: *maxDepth, Rate: *rate, Parallel: *parallel, Timeout: *timeout,
		IgnoreRobots: *ignoreRobots, ProbeCache: *cacheTTL, FileCap: *fileCap, Confirm: *confirm,
	}}
	if err := job.Check(spec.Limits); err != nil {
		fmt.Fprintln(stderr, "govaudit audit:", err)
		return exitUsage
	}
	if *configPath != "" {
		if spec.Site, err = config.Load(*configPath); err != nil {
			fmt.Fprintln(stderr, "govaudit audit: configuration:", err)
			return exitUsage
		}
	}
	var cfg audit.Config
	switch {
	case *demoMode && len(pos) == 0:
		site, err := demo.Start()
		if err != nil {
			fmt.Fprintln(stderr, "govaudit audit: cannot start the demo site:", err)
			return exitFailed
		}
		defer site.Close()
		if cfg, err = job.Config(job.Spec{Start: site.URL, AsOf: checkDate, Checks: spec.Checks, Limits: spec.Limits}); err != nil {
			fmt.Fprintln(stderr, "govaudit audit:", err)
			return exitUsage
		}
		cfg = job.Demo(cfg, site)
		// The demo's own loopback servers need no rate limit and a short
		// timeout; a flag given on the command line still wins.
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "rate":
				cfg.Rate = *rate
			case "timeout":
				cfg.Timeout = *timeout
			case "parallel":
				cfg.Parallel = *parallel
			}
		})
		fmt.Fprintf(stderr, "演示站点已在本机启动：%s（%d 个主机名映射到 127.0.0.1）\n", site.URL, len(site.Hosts))
	case len(pos) == 1 && !*demoMode, spec.Site != nil && len(pos) == 0 && !*demoMode:
		if len(pos) == 1 {
			spec.Start = pos[0]
		}
		if cfg, err = job.Config(spec); err != nil {
			fmt.Fprintln(stderr, "govaudit audit:", err)
			return exitUsage
		}
	default:
		fs.Usage()
		return exitUsage
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
	o, err := audit.Run(ctx, cfg, st)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if errors.Is(err, audit.ErrBadStart) {
		fmt.Fprintln(stderr, "govaudit audit:", err, "— give the site's homepage, e.g. https://jyj.example.gov.cn/")
		return exitUsage
	}
	homeDown := errors.Is(err, audit.ErrHomepage) && o != nil && len(o.Findings) > 0
	if o == nil || (err != nil && !errors.Is(err, audit.ErrInterrupted) && !errors.Is(err, audit.ErrNotSaved) && !homeDown) {
		fmt.Fprintln(stderr, "govaudit audit:", err)
		return exitFailed
	}
	var trend []outcome.Run
	if runs, terr := st.Runs(o.Run.Site); terr == nil {
		trend = runs
	}
	if werr := writeOutput(stdout, *out, *format, o, trend); werr != nil {
		fmt.Fprintln(stderr, "govaudit audit: writing the report:", werr)
		return exitFailed
	}
	switch {
	case errors.Is(err, audit.ErrNotSaved):
		fmt.Fprintln(stderr, "govaudit audit:", err, "— the report above is complete, but this run is not in the database")
		return exitFailed
	case homeDown:
		fmt.Fprintln(stderr, "govaudit audit:", err, "— the run is stored as interrupted and does not replace the previous baseline")
	case errors.Is(err, audit.ErrInterrupted):
		fmt.Fprintln(stderr, "govaudit audit: interrupted; the run is stored as interrupted and the previous complete run stays the baseline")
		return exitFailed
	}
	if o.Fails(threshold, *failOnNew) {
		return exitFindings
	}
	return exitOK
}

// parseFailOn reads --fail-on: a severity, or never (the empty severity).
func parseFailOn(s string) (checks.Severity, error) {
	if s == "never" {
		return "", nil
	}
	sev, err := checks.ParseSeverity(s)
	if err != nil {
		return "", fmt.Errorf("--fail-on: %v (or never)", err)
	}
	return sev, nil
}

func titles() map[string]string {
	t := map[string]string{}
	for _, c := range allChecks() {
		t[c.ID] = c.Title
	}
	return t
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine redraws one status line on a terminal.
func progressLine(w io.Writer) func(audit.Progress) {
	return func(p audit.Progress) {
		paused := ""
		if p.Paused > 0 {
			paused = fmt.Sprintf(" · %d 个主机限流暂停中", p.Paused)
		}
		fmt.Fprintf(w, "\r\x1b[K已抓取 %d 页 · 待抓取 %d · 已检查链接 %d · 其中失效 %d%s · 用时 %s",
			p.Pages, p.Queued, p.Probed, p.Failed, paused, p.Elapsed.Round(time.Second))
	}
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
