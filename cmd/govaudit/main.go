// Command govaudit audits a Chinese government disclosure website the way
// inspectors do: dead links first, with every run stored so the next one
// says what is new, what was fixed and what is still open.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // reports default to Asia/Shanghai on any machine

	"govaudit/checks"
	"govaudit/checks/annualreport"
	"govaudit/checks/attachment"
	"govaudit/checks/column"
	"govaudit/checks/deadlink"
	"govaudit/checks/futuredate"
	"govaudit/checks/homepage"
	"govaudit/checks/interpretation"
	"govaudit/checks/personalinfo"
	"govaudit/checks/secrecy"
	"govaudit/checks/wording"
	"govaudit/internal/pii"
)

// Exit codes (design.md): 0 nothing at or above --fail-on, 1 findings at or
// above it, 2 usage or configuration error, 3 could not run.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitFailed   = 3
)

// allChecks lists the checks explicitly; main validates the list at start.
func allChecks() []*checks.Check {
	return []*checks.Check{
		deadlink.Check,
		attachment.Check,
		column.Stale,
		column.Empty,
		homepage.Check,
		futuredate.Check,
		annualreport.Check,
		interpretation.Check,
		personalinfo.Check,
		secrecy.Check,
		wording.Check,
	}
}

const usage = `govaudit — 政府网站检查工具 (audits a government disclosure site as inspectors do)

Usage:
  govaudit audit <url> [flags]     crawl the site, check every link, store the run, report
  govaudit audit --demo [flags]    the same on the bundled demo site (served on 127.0.0.1)
  govaudit page <url>              what govaudit understands of one page (charset, date, column, links)
  govaudit runs [--site URL]       list stored runs
  govaudit report [--run ID] [--format text|json|html|xlsx|csv] [--out FILE]
                                   render a stored run (default: the latest) without crawling
  govaudit diff [RUN_A] [RUN_B]    new, fixed and still-open findings between two runs
  govaudit accept FP… --reason "…" [--until DATE]   accept findings (they stop counting)
  govaudit unaccept FP…            withdraw an acceptance
  govaudit prune --keep N [--compact]   drop old runs' details, keep their counts
  govaudit serve --config F        the monitor: nightly audits, homepage sampling, weekly e-mail, dashboard
  govaudit serve --demo            the same, watching the bundled demo site
  govaudit mail --config F [--dry-run F.eml]   build and send this week's digest
  govaudit init [FILE]             write a commented configuration for govaudit serve
  govaudit config show --config F  check a configuration and print it (secrets hidden)
  govaudit db check|repair         read the whole database for damage; copy what is readable to a new file
  govaudit checks                  list the checks and what they find
  govaudit rules test [files]      run every wording rule's examples (defaults, or merged with files)

Run "govaudit <command> --help" for a command's flags; "govaudit --version" for the build.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage or configuration error; 3 the audit could not run (or was interrupted).
The database defaults to $GOVAUDIT_DB, else $XDG_DATA_HOME/govaudit/govaudit.db,
else ~/.local/share/govaudit/govaudit.db; --db overrides it.
`

func main() {
	// Logs — ours and net/http's own, which may quote a response body —
	// pass the same masking as reports: no ID or mobile number leaves raw.
	logs := pii.NewWriter(os.Stderr)
	log.SetOutput(logs)
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, nil)))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	logs.Flush()
	os.Exit(code)
}

// run is main without the process: tests call it directly. A panic (a
// damaged database page bbolt trips over, say) becomes a message and exit
// 3, never a stack trace.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "govaudit: internal error: %v\nIf the database may be damaged, run `govaudit db check`.\n", r)
			code = exitFailed
		}
	}()
	if err := checks.Validate(allChecks()); err != nil {
		fmt.Fprintln(stderr, "govaudit: internal error:", err)
		return exitFailed
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "audit":
		return cmdAudit(ctx, args[1:], stdout, stderr)
	case "page":
		return cmdPage(ctx, args[1:], stdout, stderr)
	case "runs":
		return cmdRuns(args[1:], stdout, stderr)
	case "report":
		return cmdReport(args[1:], stdout, stderr)
	case "diff":
		return cmdDiff(args[1:], stdout, stderr)
	case "accept":
		return cmdAccept(args[1:], stdout, stderr, true)
	case "unaccept":
		return cmdAccept(args[1:], stdout, stderr, false)
	case "prune":
		return cmdPrune(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "mail":
		return cmdMail(ctx, args[1:], stdout, stderr)
	case "db":
		return cmdDB(args[1:], stdout, stderr)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "config":
		return cmdConfig(args[1:], stdout, stderr)
	case "checks":
		return cmdChecks(args[1:], stdout, stderr)
	case "rules":
		return cmdRules(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "govaudit: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// version names the build: the module version and the VCS revision Go
// stamped into the binary.
func version() string {
	v, rev, dirty := "(devel)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "govaudit " + v
	if rev != "" {
		out += " " + rev[:min(12, len(rev))]
		if dirty {
			out += "+modified"
		}
	}
	return out + " (" + runtime.Version() + ")"
}
