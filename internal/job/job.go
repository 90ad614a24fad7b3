// Package job turns what an operator asked for — command-line flags, a
// site's configuration file, or the bundled demo — into one audit's
// configuration. The command line and the daemon share it, so an audit
// started either way is the same audit.
package job

import (
	"fmt"
	"math"
	"net/url"
	"os"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/checks/wording"
	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/link"
	"govaudit/internal/pii"
	"govaudit/internal/render"
)

// Limits are the audit flags an operator may set (see config.Limits).
type Limits = config.Limits

// Defaults are the flags' defaults: gentle on someone else's site.
var Defaults = config.DefaultLimits

// Spec is one audit to run.
type Spec struct {
	Start  string       // the homepage; "" takes Site's url
	Site   *config.Site // the site's configuration, or nil
	Hosts  []string     // more host names of the site
	AsOf   time.Time    // the check date; zero: today
	Limits Limits
	Checks []*checks.Check // every check, as the command lists them
}

// Config is the audit configuration for spec. A bare host name gets
// https://; the site's configuration adds its hosts, columns, column and
// wording rules and accepted findings.
func Config(spec Spec) (audit.Config, error) {
	start := strings.TrimSpace(spec.Start)
	if start == "" && spec.Site != nil {
		start = spec.Site.URL
	}
	if start == "" {
		return audit.Config{}, fmt.Errorf("没有要检查的网站：请给出网站首页网址，或用 --config 指定写有 url 的网站配置")
	}
	bare := !strings.Contains(start, "://")
	if bare {
		start = "https://" + start
	}
	l := spec.Limits
	cfg := audit.Config{
		Start: start, AsOf: spec.AsOf, Checks: append([]*checks.Check(nil), spec.Checks...),
		ExtraHosts: append([]string(nil), spec.Hosts...),
		MaxPages:   l.MaxPages, MaxDepth: l.MaxDepth, Rate: l.Rate, Parallel: l.Parallel, Timeout: l.Timeout,
		IgnoreRobots: l.IgnoreRobots, ProbeCacheTTL: l.ProbeCache, FileCap: l.FileCap, Confirm: l.Confirm,
		Retries: 2, Backoff: time.Second, BareHost: bare, AllowPrivate: l.AllowPrivate,
		Incremental: l.Incremental, Cycle: l.Cycle, Budget: l.Budget,
	}
	var err error
	if cfg.Browser, err = Browser(l.Browser); err != nil {
		return audit.Config{}, err
	}
	if site := spec.Site; site != nil {
		cfg.ExtraHosts = append(cfg.ExtraHosts, site.Hosts...)
		cfg.Columns, cfg.ColumnClasses = site.Columns, site.ColumnClasses
		cfg.Accepted = site.Accepted
		if site.Wording != nil {
			for i, c := range cfg.Checks {
				if c.ID == wording.ID {
					cfg.Checks[i] = wording.New(site.Wording)
				}
			}
		}
	}
	return cfg, nil
}

// Demo points cfg at the bundled demo site: its start URL, its host map (and
// nothing else: the demo never reaches the real DNS), no rate limit on our
// own loopback servers, and a 4 s timeout with one retry so the planted
// hanging host costs 8 s, not 15 s three times. (2 s with two retries gave
// false timeouts of the demo's own attachments on a loaded machine: under
// the race detector, with the PDF engine compiling, in CI.) The demo is
// judged as of its own day unless cfg says otherwise.
func Demo(cfg audit.Config, site *demo.Site) audit.Config {
	cfg.Start, cfg.Hosts, cfg.HostsOnly = site.URL, site.Hosts, true
	cfg.Rate, cfg.Parallel, cfg.Timeout, cfg.Retries, cfg.Backoff = 0, 8, 4*time.Second, 1, 100*time.Millisecond
	cfg.ProbeCacheTTL = 0
	if cfg.AsOf.IsZero() {
		cfg.AsOf = demo.Today
	}
	return cfg
}

// SiteKey is the name the store keeps a site's runs under: its homepage's
// canonical URL, as audit.Run derives it (with personal data masked).
func SiteKey(homepage string) string {
	start := strings.TrimSpace(homepage)
	if !strings.Contains(start, "://") {
		start = "https://" + start
	}
	u, err := url.Parse(start)
	if err != nil || u.Host == "" {
		return pii.Redact(start)
	}
	return pii.Redact(link.Canonical(u))
}

// ForSite is the audit configuration of a site the daemon watches.
func ForSite(ms config.MonitorSite, all []*checks.Check) (audit.Config, error) {
	return Config(Spec{Site: ms.Site, Limits: ms.Limits, Checks: all})
}

// Check refuses limits outside the flags' ranges, naming the flag: a rate
// that is negative, not a number or so small it would never send a
// request, a parallelism that would exhaust memory, a limit below one page.
func Check(l Limits) error {
	switch {
	case math.IsNaN(l.Rate) || math.IsInf(l.Rate, 0) || l.Rate < 0 || (l.Rate > 0 && l.Rate < 0.01) || l.Rate > 1000:
		return fmt.Errorf("--rate %g 无效：应为 0（不限速，只用于自己的网站）或 0.01 到 1000（每秒请求数）", l.Rate)
	case l.Parallel < 1 || l.Parallel > 64:
		return fmt.Errorf("--parallel %d 无效：应为 1 到 64（每个主机同时进行的请求数）", l.Parallel)
	case l.MaxPages < 1 || l.MaxPages > 10_000_000:
		return fmt.Errorf("--max-pages %d 无效：应为 1 到 10000000", l.MaxPages)
	case l.MaxDepth < 0 || l.MaxDepth > 1000:
		return fmt.Errorf("--max-depth %d 无效：应为 0（不限）到 1000", l.MaxDepth)
	case l.Timeout < time.Second || l.Timeout > 5*time.Minute:
		return fmt.Errorf("--timeout %s 无效：应为 1s 到 5m", l.Timeout)
	case l.ProbeCache < 0 || l.ProbeCache > 30*24*time.Hour:
		return fmt.Errorf("--probe-cache %s 无效：应为 0 到 720h", l.ProbeCache)
	case l.FileCap < 64<<10 || l.FileCap > 1<<30:
		return fmt.Errorf("--file-cap %d 无效：应为 65536 到 1073741824（字节）", l.FileCap)
	case l.Confirm < 1 || l.Confirm > 30:
		return fmt.Errorf("--confirm %d 无效：应为 1 到 30（次检查）", l.Confirm)
	case l.Incremental && (l.Cycle < 24*time.Hour || l.Cycle > 90*24*time.Hour):
		return fmt.Errorf("--cycle %s 无效：应为 24h 到 2160h（90 天）", l.Cycle)
	case l.Budget < 0 || l.Budget > 10_000_000:
		return fmt.Errorf("--budget %d 无效：应为 0（按 --rate 计 30 分钟的请求数）到 10000000", l.Budget)
	}
	_, err := Browser(l.Browser)
	return err
}

// Browser is the executable that runs the scripts of lists drawn by script
// (AJAX), as --browser names it: "auto" finds Chromium (render.Find; ""
// when none is installed: such lists are then reported unread), "off" (or
// "") none, anything else a path that must be an executable file.
func Browser(flag string) (string, error) {
	switch flag {
	case "", "off":
		return "", nil
	case "auto":
		return render.Find(), nil
	}
	fi, err := os.Stat(flag)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("--browser %q 无效：不是可执行文件。可写 auto（自动查找已安装的 Chromium）、off（不运行页面脚本）或浏览器程序的路径", flag)
	}
	return flag, nil
}
