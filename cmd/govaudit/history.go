package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"sort"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// openRead opens the database read-only for a history command.
func openRead(name, path string, timeout time.Duration, stderr io.Writer) (*store.Store, bool) {
	st, err := store.Open(path, store.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		fmt.Fprintf(stderr, "govaudit %s: %v\n", name, err)
		return nil, false
	}
	return st, true
}

// pickSite resolves --site: a stored site name, or a URL that canonicalises
// to one; empty means the only site in the store.
func pickSite(st *store.Store, given string) (string, error) {
	sites, err := st.Sites()
	if err != nil {
		return "", err
	}
	if given == "" {
		switch len(sites) {
		case 0:
			return "", errors.New("the database holds no runs yet: run `govaudit audit <网址>` first")
		case 1:
			return sites[0], nil
		}
		return "", fmt.Errorf("the database holds several sites; choose one with --site:\n  %s", strings.Join(sites, "\n  "))
	}
	want := given
	if !strings.Contains(want, "://") {
		want = "https://" + want
	}
	if u, err := url.Parse(want); err == nil && u.Host != "" {
		want = link.Canonical(u)
	}
	for _, s := range sites {
		if s == given || s == want || strings.TrimPrefix(s, "http://") == strings.TrimPrefix(want, "https://") {
			return s, nil
		}
	}
	return "", fmt.Errorf("no runs of site %q in the database; stored sites:\n  %s", given, strings.Join(sites, "\n  "))
}

// pickRun is the run named by id (16 hex digits), or the site's latest
// finished run.
func pickRun(st *store.Store, site, id string) (outcome.Run, error) {
	if id != "" {
		rid, err := store.ParseRunID(id)
		if err != nil {
			return outcome.Run{}, err
		}
		return st.Run(site, rid)
	}
	r, ok, err := st.Latest(site)
	if err != nil {
		return outcome.Run{}, err
	}
	if !ok {
		return outcome.Run{}, fmt.Errorf("site %s has no finished run yet", site)
	}
	return r, nil
}

const reportSynopsis = `
Usage: govaudit report [--site URL] [--run ID] [--format FORMAT] [--out FILE]

Renders a stored run from the database, without crawling: by default the
site's latest run, as text. Formats: text (Chinese, grouped by check and
page), json (contract v1, see README), html (one self-contained page: veto
standing, counts, diff, trend chart, findings by column; opens offline and
prints), xlsx (the 整改台账: a summary sheet and one sheet per check, with an
empty 整改情况 column to fill in), csv (UTF-8 with BOM for spreadsheet programs).

Examples:
  govaudit report --format html --out 检查报告.html
  govaudit report --site https://jyj.example.gov.cn/ --format xlsx --out 整改台账.xlsx`

func cmdReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", reportSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	site := fs.String("site", "", "the site (default: the only site in the database)")
	runID := fs.String("run", "", "the run id (16 hex digits, see govaudit runs; default: the latest run)")
	format := fs.String("format", "text", "output format: "+formatList)
	out := fs.String("out", "", "write to this file instead of standard output")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for a database another govaudit is using")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "govaudit report: --format %q: want %s\n", *format, formatList)
		return exitUsage
	}
	st, ok := openRead("report", *dbPath, *timeout, stderr)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	name, err := pickSite(st, *site)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit report:", err)
		return exitUsage
	}
	r, err := pickRun(st, name, *runID)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit report:", err)
		return exitUsage
	}
	o, err := st.Outcome(name, r.ID)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit report:", err)
		return exitFailed
	}
	if r.Pruned {
		fmt.Fprintf(stderr, "govaudit report: run %s was pruned: only its counts remain\n", r.ID)
	}
	trend, err := st.Runs(name)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit report:", err)
		return exitFailed
	}
	if err := writeOutput(stdout, *out, *format, o, trend); err != nil {
		fmt.Fprintln(stderr, "govaudit report:", err)
		return exitFailed
	}
	return exitOK
}

const diffSynopsis = `
Usage: govaudit diff [--site URL] [RUN_A] [RUN_B] [--format text|json]

Compares the findings of two stored runs: what is new in RUN_B, what RUN_B
no longer has (fixed) and what both have (still open), grouped by check and
column. Without run ids it compares the site's last two baselines (complete
runs of the whole site); with one, that run against the site's latest run.`

func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", diffSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	site := fs.String("site", "", "the site (default: the only site in the database)")
	format := fs.String("format", "text", "output format: text or json")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for a database another govaudit is using")
	pos, err := parse(fs, args)
	if err != nil || len(pos) > 2 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fs.Usage()
		}
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "govaudit diff: --format %q: want text or json\n", *format)
		return exitUsage
	}
	st, ok := openRead("diff", *dbPath, *timeout, stderr)
	if !ok {
		return exitFailed
	}
	defer st.Close()
	name, err := pickSite(st, *site)
	if err != nil {
		fmt.Fprintln(stderr, "govaudit diff:", err)
		return exitUsage
	}
	var a, b outcome.Run
	switch len(pos) {
	case 0:
		var ok bool
		if b, ok, err = st.LastBaseline(name, 0); err == nil && ok {
			a, ok, err = st.LastBaseline(name, b.ID)
		}
		if err == nil && !ok {
			err = fmt.Errorf("site %s has fewer than two baselines (complete runs of the whole site); name two runs (govaudit runs)", name)
		}
	case 1:
		if a, err = pickRun(st, name, pos[0]); err == nil {
			b, err = pickRun(st, name, "")
		}
	case 2:
		if a, err = pickRun(st, name, pos[0]); err == nil {
			b, err = pickRun(st, name, pos[1])
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "govaudit diff:", err)
		return exitUsage
	}
	if a.Pruned || b.Pruned {
		fmt.Fprintln(stderr, "govaudit diff: a pruned run keeps only its counts; choose runs that were not pruned")
		return exitUsage
	}
	fa, err := st.Findings(name, a.ID)
	if err == nil {
		var fb []checks.Finding
		if fb, err = st.Findings(name, b.ID); err == nil {
			d := store.Compare(fa, fb)
			if *format == "json" {
				err = diffJSON(stdout, name, a, b, d)
			} else {
				err = diffText(stdout, name, a, b, d)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "govaudit diff:", err)
		return exitFailed
	}
	return exitOK
}

const acceptSynopsis = `
Usage: govaudit accept FINGERPRINT… --reason "…" [--until YYYY-MM-DD] [--site URL]
       govaudit unaccept FINGERPRINT… [--site URL]

accept records that the site's office accepts a finding (识别码, from the
reports or the json "fingerprint"): who, when and why. An accepted finding
leaves the exit code, the counts and the e-mail and is listed apart in
reports, for as long as it persists — or until --until passes, when it
counts again. unaccept withdraws an acceptance. A fingerprint no stored run
has is an error, and then nothing is recorded.`

func cmdAccept(args []string, stdout, stderr io.Writer, accept bool) int {
	name := "accept"
	if !accept {
		name = "unaccept"
	}
	fs := newFlagSet(name, acceptSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	site := fs.String("site", "", "the site (default: the only site in the database)")
	reason := fs.String("reason", "", "why the finding is accepted (required)")
	until := fs.String("until", "", "last day the acceptance holds, YYYY-MM-DD (default: as long as the finding persists)")
	by := fs.String("by", "", "who accepts it (default: the login name)")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for a database another govaudit is using")
	pos, err := parse(fs, args)
	if err != nil || len(pos) == 0 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fmt.Fprintf(stderr, "govaudit %s: name at least one finding's fingerprint (识别码)\n", name)
		}
		return exitUsage
	}
	var last time.Time
	if accept {
		if strings.TrimSpace(*reason) == "" {
			fmt.Fprintln(stderr, `govaudit accept: --reason "…" is required: say why the finding is accepted`)
			return exitUsage
		}
		if *until != "" {
			if last, err = time.ParseInLocation("2006-01-02", *until, shanghai()); err != nil {
				fmt.Fprintf(stderr, "govaudit accept: --until %q: want a date like 2026-12-31\n", *until)
				return exitUsage
			}
		}
	}
	st, err := store.Open(*dbPath, store.Options{Timeout: *timeout})
	if err != nil {
		fmt.Fprintf(stderr, "govaudit %s: %v\n", name, err)
		return exitFailed
	}
	defer st.Close()
	siteName, err := pickSite(st, *site)
	if err != nil {
		fmt.Fprintf(stderr, "govaudit %s: %v\n", name, err)
		return exitUsage
	}
	if !accept {
		if err := st.Unaccept(siteName, pos...); err != nil {
			fmt.Fprintln(stderr, "govaudit unaccept:", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "已撤销 %d 项接受记录（%s）\n", len(pos), siteName)
		return exitOK
	}
	who := *by
	if who == "" {
		if u, err := user.Current(); err == nil {
			who = u.Username
		}
	}
	now := time.Now()
	var as []outcome.Acceptance
	for _, fp := range pos {
		as = append(as, outcome.Acceptance{Fingerprint: fp, Reason: *reason, By: who, At: now, Until: last})
	}
	if err := st.Accept(siteName, as...); err != nil {
		fmt.Fprintln(stderr, "govaudit accept:", err)
		if errors.Is(err, store.ErrUnknownFinding) {
			return exitUsage
		}
		return exitFailed
	}
	msg := fmt.Sprintf("已接受 %d 项（%s），理由：%s", len(pos), siteName, *reason)
	if !last.IsZero() {
		msg += "，有效至 " + last.Format("2006-01-02")
	}
	fmt.Fprintln(stdout, msg)
	return exitOK
}

const pruneSynopsis = `
Usage: govaudit prune --keep N [--site URL] [--compact]

Drops the findings and details of all but the newest N runs of each site (or
of --site), keeping every run's record and counts, so reports still draw the
trend. The newest baseline is always kept. The file shrinks only with
--compact, which rewrites it (the old file is kept as FILE.bak until the new
one is in place).`

func cmdPrune(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("prune", pruneSynopsis, stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	site := fs.String("site", "", "only this site (default: every site)")
	keep := fs.Int("keep", 0, "how many of the newest runs keep their details (at least 1)")
	compact := fs.Bool("compact", false, "rewrite the file afterwards so it shrinks")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for a database another govaudit is using")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 || *keep < 1 {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		if err == nil {
			fmt.Fprintln(stderr, "govaudit prune: --keep N is required, N at least 1")
		}
		return exitUsage
	}
	st, err := store.Open(*dbPath, store.Options{Timeout: *timeout})
	if err != nil {
		fmt.Fprintln(stderr, "govaudit prune:", err)
		return exitFailed
	}
	name := ""
	if *site != "" {
		if name, err = pickSite(st, *site); err != nil {
			st.Close()
			fmt.Fprintln(stderr, "govaudit prune:", err)
			return exitUsage
		}
	}
	n, err := st.Prune(name, *keep)
	if err != nil {
		st.Close()
		fmt.Fprintln(stderr, "govaudit prune:", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "已清理 %d 次检查的明细（保留每次的统计数字）\n", n)
	if !*compact {
		return flushed(st.Close(), stderr)
	}
	path := st.Path()
	before, _ := os.Stat(path)
	tmp := path + ".compact"
	_ = os.Remove(tmp)
	err = st.Compact(tmp)
	st.Close()
	if err == nil {
		if err = os.Rename(path, path+".bak"); err == nil {
			if err = os.Rename(tmp, path); err == nil {
				err = os.Remove(path + ".bak")
			}
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "govaudit prune: compact:", err)
		return exitFailed
	}
	if after, e := os.Stat(path); e == nil && before != nil {
		fmt.Fprintf(stdout, "数据库已压缩：%.1f MB → %.1f MB\n", float64(before.Size())/(1<<20), float64(after.Size())/(1<<20))
	}
	return exitOK
}

// groupKey orders diff lines by check, then column.
func sortForDiff(fs []checks.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Check != fs[j].Check {
			return fs[i].Check < fs[j].Check
		}
		if fs[i].Column != fs[j].Column {
			return fs[i].Column < fs[j].Column
		}
		return checks.Less(fs[i], fs[j])
	})
}
