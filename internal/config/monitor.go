package config

import (
	"fmt"
	"io"
	"net/mail"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Shanghai on any machine

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"govaudit/internal/yamlfile"
)

// Limits are the audit flags, by their flag names (--max-pages …), as a
// site's entry in a monitor configuration gives them under their own names
// (max_pages …).
type Limits struct {
	MaxPages     int           // --max-pages, max_pages
	MaxDepth     int           // --max-depth, max_depth
	Rate         float64       // --rate, rate
	Parallel     int           // --parallel, parallel
	Timeout      time.Duration // --timeout, timeout
	IgnoreRobots bool          // --ignore-robots, ignore_robots
	AllowPrivate bool          // --allow-private, allow_private
	ProbeCache   time.Duration // --probe-cache, probe_cache
	FileCap      int64         // --file-cap, file_cap
	Confirm      int           // --confirm, confirm
	// Incremental nights (--incremental, incremental: the daemon's
	// default): lists and new pages in full, a slice of the rest within
	// Budget page requests (0: what 30 minutes at Rate allow), every page
	// again within Cycle.
	Incremental bool          // --incremental, incremental
	Cycle       time.Duration // --cycle, cycle
	Budget      int           // --budget, budget
	// Browser runs the scripts of column pages whose list a script draws
	// (AJAX): "auto" (Chromium if installed), "off", or the browser's path.
	Browser string // --browser, browser
}

// UnthrottledParallel is --parallel's default when the rate limit is off
// (--rate 0: the operator's own site): requests in flight are then what
// bounds the pace, and 2 leave a site across a real network idle (at 50 ms
// a request, 40 pages a second at most). On the 20,000-page bench site,
// the server on the same 2 cores, 16 took 18.8–19.0 s against 8's
// 20.0–20.5 s (runs alternated); 32 gained 1–2 % more for twice the load.
const UnthrottledParallel = 16

// DefaultLimits are the flags' defaults: gentle on someone else's site.
var DefaultLimits = Limits{MaxPages: 50000, Rate: 4, Parallel: 2, Timeout: 15 * time.Second,
	ProbeCache: 12 * time.Hour, FileCap: 8 << 20, Confirm: 2, Cycle: 7 * 24 * time.Hour, Browser: "auto"}

// nightly are the daemon's limits: the flags' defaults, incremental.
func nightly() Limits {
	l := DefaultLimits
	l.Incremental = true
	return l
}

// Monitor is the configuration of `govaudit serve`: the store, the
// dashboard, the mail server, the weekly digest and the sites with their
// schedules.
type Monitor struct {
	File        string
	Store       string         // database file ("" : the default path)
	Timezone    string         // IANA name, default Asia/Shanghai
	Location    *time.Location // Timezone loaded
	Listen      string         // dashboard address, default 127.0.0.1:8080
	TokenFile   string         // required when Listen is not a loopback address
	Concurrency int            // sites audited at once, default 1
	Mail        *Mail          // nil: no e-mail
	Digest      string         // cron schedule of the weekly digest, default "0 8 * * 1"
	Sites       []MonitorSite
}

// Mail is how digests are sent. The password is never in the file: it is
// read from an environment variable or a file.
type Mail struct {
	Host         string
	Port         int
	TLS          string // implicit, starttls or none
	Username     string
	PasswordEnv  string
	PasswordFile string
	From         string
}

// Password reads the password from PasswordEnv or PasswordFile ("" when
// neither is set: no authentication).
func (m *Mail) Password() (string, error) {
	switch {
	case m.PasswordEnv != "":
		p, ok := os.LookupEnv(m.PasswordEnv)
		if !ok {
			return "", fmt.Errorf("邮件密码：环境变量 %s 未设置（password_env）：请在启动 govaudit 的环境中设置它", m.PasswordEnv)
		}
		return p, nil
	case m.PasswordFile != "":
		b, err := yamlfile.ReadFile(m.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("邮件密码（password_file）：%w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", nil
}

// MonitorSite is one site the daemon watches.
type MonitorSite struct {
	*Site
	Schedule     string        // cron schedule of its audit, default "0 2 * * *"
	Availability time.Duration // homepage sample interval, default 30m
	Recipients   []string      // who receives its weekly digest
	Limits       Limits
}

// DefaultSchedule is the nightly audit, DefaultDigest Monday morning.
const (
	DefaultSchedule = "0 2 * * *"
	DefaultDigest   = "0 8 * * 1"
)

// CronParser is the schedule syntax: five fields (minute hour day month
// weekday) or descriptors such as @daily and @every 10s.
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

var monitorKeys = []string{"store", "timezone", "listen", "token_file", "concurrency", "mail", "digest", "sites"}

var limitKeys = []string{"rate", "parallel", "max_pages", "max_depth", "timeout", "ignore_robots", "allow_private", "probe_cache", "file_cap", "confirm", "incremental", "cycle", "budget", "browser"}

// LoadMonitor reads a monitor configuration; a site configuration (a file
// with url: at the top) is taken as a monitor of that one site.
func LoadMonitor(path string) (*Monitor, error) {
	data, err := yamlfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMonitor(path, data)
}

// ParseMonitor checks a monitor configuration held in memory.
func ParseMonitor(file string, data []byte) (*Monitor, error) {
	root, err := yamlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	m := &Monitor{File: file, Timezone: "Asia/Shanghai", Listen: "127.0.0.1:8080", Concurrency: 1, Digest: DefaultDigest}
	if f, _ := yamlfile.Field(file, root, "url", yaml.ScalarNode, false); f != nil {
		// A one-site file: today's --config site.yaml.
		if err := yamlfile.OnlyKeys(file, root, siteKeys...); err != nil {
			return nil, err
		}
		s, err := parseSite(file, root)
		if err != nil {
			return nil, err
		}
		m.Sites = []MonitorSite{{Site: s, Schedule: DefaultSchedule, Availability: 30 * time.Minute, Limits: nightly()}}
		m.Location, _ = time.LoadLocation(m.Timezone)
		return m, nil
	}
	if err := yamlfile.OnlyKeys(file, root, monitorKeys...); err != nil {
		return nil, err
	}
	if m.Store, err = yamlfile.Str(file, root, "store", false); err != nil {
		return nil, err
	}
	if tz, err := yamlfile.Str(file, root, "timezone", false); err != nil {
		return nil, err
	} else if tz != "" {
		m.Timezone = tz
	}
	if m.Location, err = time.LoadLocation(m.Timezone); err != nil {
		return nil, yamlfile.Errorf(file, yamlfile.Line(root, "timezone"), "timezone", "未知的时区 %q：应为 IANA 时区名，如 Asia/Shanghai", m.Timezone)
	}
	if l, err := yamlfile.Str(file, root, "listen", false); err != nil {
		return nil, err
	} else if l != "" {
		m.Listen = l
	}
	if m.TokenFile, err = yamlfile.Str(file, root, "token_file", false); err != nil {
		return nil, err
	}
	if !LoopbackAddr(m.Listen) && m.TokenFile == "" {
		return nil, yamlfile.Errorf(file, yamlfile.Line(root, "listen"), "listen",
			"%q 可从其他机器访问：请同时设置 token_file，控制台才会要求输入访问令牌", m.Listen)
	}
	if m.Concurrency, err = yamlfile.Int(file, root, "concurrency", 1, 1, 16); err != nil {
		return nil, err
	}
	if mn, err := yamlfile.Field(file, root, "mail", yaml.MappingNode, false); err != nil {
		return nil, err
	} else if mn != nil {
		if m.Mail, err = parseMail(file, mn); err != nil {
			return nil, err
		}
	}
	if dn, err := yamlfile.Field(file, root, "digest", yaml.MappingNode, false); err != nil {
		return nil, err
	} else if dn != nil {
		if err := yamlfile.OnlyKeys(file, dn, "schedule"); err != nil {
			return nil, err
		}
		if m.Digest, err = schedule(file, dn, "digest.schedule", DefaultDigest); err != nil {
			return nil, err
		}
	}
	list, err := yamlfile.Field(file, root, "sites", yaml.SequenceNode, true)
	if err != nil {
		return nil, err
	}
	names := map[string]int{}
	for _, n := range list.Content {
		ms, err := parseMonitorSite(file, n)
		if err != nil {
			return nil, err
		}
		key := ms.Name
		if key == "" {
			key = ms.URL
		}
		if first, dup := names[key]; dup {
			return nil, yamlfile.Errorf(file, n.Line, "sites", "网站 %q 重复列出（第一次在第 %d 行）：只保留一处", key, first)
		}
		names[key] = n.Line
		if len(ms.Recipients) > 0 && m.Mail == nil {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "recipients"), "recipients", "设置了收件人，但没有用来发信的 mail: 部分：请添加 mail:，或删除 recipients")
		}
		m.Sites = append(m.Sites, ms)
	}
	if len(m.Sites) == 0 {
		return nil, yamlfile.Errorf(file, list.Line, "sites", "没有要监测的网站：请在 sites: 下至少列出一个网站")
	}
	return m, nil
}

func parseMonitorSite(file string, n *yaml.Node) (MonitorSite, error) {
	keys := append(append(append([]string{}, siteKeys...), "schedule", "availability", "recipients"), limitKeys...)
	if err := yamlfile.OnlyKeys(file, n, keys...); err != nil {
		return MonitorSite{}, err
	}
	s, err := parseSite(file, n)
	if err != nil {
		return MonitorSite{}, err
	}
	ms := MonitorSite{Site: s}
	if ms.Schedule, err = schedule(file, n, "schedule", DefaultSchedule); err != nil {
		return ms, err
	}
	if ms.Availability, err = yamlfile.Duration(file, n, "availability", 30*time.Minute, time.Minute, 72*time.Minute); err != nil {
		return ms, err
	}
	if ms.Recipients, err = yamlfile.Strs(file, n, "recipients", false); err != nil {
		return ms, err
	}
	for _, r := range ms.Recipients {
		if _, err := mail.ParseAddress(r); err != nil {
			return ms, yamlfile.Errorf(file, yamlfile.Line(n, "recipients"), "recipients", "%q 不是电子邮件地址", r)
		}
	}
	ms.Limits, err = parseLimits(file, n)
	return ms, err
}

// parseLimits reads a site's audit flags under their own names, with the
// flags' ranges.
func parseLimits(file string, n *yaml.Node) (Limits, error) {
	d := DefaultLimits
	var l Limits
	var err error
	if l.Rate, err = yamlfile.Float(file, n, "rate", d.Rate, 0, 1000); err != nil {
		return l, err
	}
	defParallel := d.Parallel
	if l.Rate == 0 {
		defParallel = UnthrottledParallel
	}
	if l.Parallel, err = yamlfile.Int(file, n, "parallel", defParallel, 1, 64); err != nil {
		return l, err
	}
	if l.MaxPages, err = yamlfile.Int(file, n, "max_pages", d.MaxPages, 1, 10_000_000); err != nil {
		return l, err
	}
	if l.MaxDepth, err = yamlfile.Int(file, n, "max_depth", d.MaxDepth, 0, 1000); err != nil {
		return l, err
	}
	if l.Timeout, err = yamlfile.Duration(file, n, "timeout", d.Timeout, time.Second, 5*time.Minute); err != nil {
		return l, err
	}
	if l.IgnoreRobots, err = yamlfile.Bool(file, n, "ignore_robots"); err != nil {
		return l, err
	}
	if l.AllowPrivate, err = yamlfile.Bool(file, n, "allow_private"); err != nil {
		return l, err
	}
	if l.ProbeCache, err = yamlfile.Duration(file, n, "probe_cache", d.ProbeCache, 0, 30*24*time.Hour); err != nil {
		return l, err
	}
	fc, err := yamlfile.Int(file, n, "file_cap", int(d.FileCap), 64<<10, 1<<30)
	if err != nil {
		return l, err
	}
	l.FileCap = int64(fc)
	if l.Confirm, err = yamlfile.Int(file, n, "confirm", d.Confirm, 1, 30); err != nil {
		return l, err
	}
	l.Incremental = true // the daemon's nightly default
	if f, _ := yamlfile.Field(file, n, "incremental", yaml.ScalarNode, false); f != nil {
		if l.Incremental, err = yamlfile.Bool(file, n, "incremental"); err != nil {
			return l, err
		}
	}
	if l.Cycle, err = yamlfile.Duration(file, n, "cycle", d.Cycle, 24*time.Hour, 90*24*time.Hour); err != nil {
		return l, err
	}
	if l.Budget, err = yamlfile.Int(file, n, "budget", 0, 0, 10_000_000); err != nil {
		return l, err
	}
	if l.Browser, err = yamlfile.Str(file, n, "browser", false); err != nil {
		return l, err
	}
	if l.Browser == "" {
		l.Browser = d.Browser
	}
	return l, nil
}

func parseMail(file string, n *yaml.Node) (*Mail, error) {
	if err := yamlfile.OnlyKeys(file, n, "host", "port", "tls", "username", "password_env", "password_file", "from", "password"); err != nil {
		return nil, err
	}
	if f, _ := yamlfile.Field(file, n, "password", yaml.ScalarNode, false); f != nil {
		return nil, yamlfile.Errorf(file, f.Line, "mail.password", "不要把密码写在配置文件中：请改用 password_env（环境变量）或 password_file")
	}
	m := &Mail{}
	var err error
	if m.Host, err = yamlfile.Str(file, n, "host", true); err != nil {
		return nil, err
	}
	if m.TLS, err = yamlfile.Str(file, n, "tls", false); err != nil {
		return nil, err
	}
	defPort := 465
	switch m.TLS {
	case "":
		m.TLS = "implicit"
	case "implicit":
	case "starttls":
		defPort = 587
	case "none":
		defPort = 25
	default:
		return nil, yamlfile.Errorf(file, yamlfile.Line(n, "tls"), "mail.tls", "%q 无效：应为 implicit、starttls 或 none", m.TLS)
	}
	if m.Port, err = yamlfile.Int(file, n, "port", defPort, 1, 65535); err != nil {
		return nil, err
	}
	if m.Username, err = yamlfile.Str(file, n, "username", false); err != nil {
		return nil, err
	}
	if m.PasswordEnv, err = yamlfile.Str(file, n, "password_env", false); err != nil {
		return nil, err
	}
	if m.PasswordFile, err = yamlfile.Str(file, n, "password_file", false); err != nil {
		return nil, err
	}
	if m.PasswordEnv != "" && m.PasswordFile != "" {
		return nil, yamlfile.Errorf(file, yamlfile.Line(n, "password_file"), "mail.password_file", "password_env 和 password_file 只能设置其中一个")
	}
	if m.From, err = yamlfile.Str(file, n, "from", true); err != nil {
		return nil, err
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return nil, yamlfile.Errorf(file, yamlfile.Line(n, "from"), "mail.from", "%q 不是电子邮件地址", m.From)
	}
	return m, nil
}

// schedule reads and validates a cron schedule.
func schedule(file string, n *yaml.Node, key, def string) (string, error) {
	short := key[strings.LastIndexByte(key, '.')+1:]
	v, err := yamlfile.Str(file, n, short, false)
	if err != nil || v == "" {
		return def, err
	}
	if _, err := CronParser.Parse(v); err != nil {
		return "", yamlfile.Errorf(file, yamlfile.Line(n, short), key, "%q 不是 cron 计划（%v）：应为五个字段，如 \"0 2 * * *\"，或 @every 6h", v, err)
	}
	return v, nil
}

// LoopbackAddr says whether a listen address is reachable only from this
// machine.
func LoopbackAddr(addr string) bool {
	host := addr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		host = addr[:i]
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1"
}

// Show writes the loaded configuration, defaults filled in, as YAML. It
// never shows a secret: the mail password is named by where it is read
// from, and the token by its file.
func (m *Monitor) Show(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s, as govaudit reads it\n", m.File)
	fmt.Fprintf(&b, "store: %s\ntimezone: %s\nlisten: %s\n", quote(m.Store), m.Timezone, m.Listen)
	if m.TokenFile != "" {
		fmt.Fprintf(&b, "token_file: %s   # its content is not shown\n", quote(m.TokenFile))
	}
	fmt.Fprintf(&b, "concurrency: %d\n", m.Concurrency)
	if ml := m.Mail; ml != nil {
		fmt.Fprintf(&b, "mail:\n  host: %s\n  port: %d\n  tls: %s\n  username: %s\n", ml.Host, ml.Port, ml.TLS, quote(ml.Username))
		switch {
		case ml.PasswordEnv != "":
			fmt.Fprintf(&b, "  password_env: %s   # the password itself is not shown\n", ml.PasswordEnv)
		case ml.PasswordFile != "":
			fmt.Fprintf(&b, "  password_file: %s   # the password itself is not shown\n", quote(ml.PasswordFile))
		}
		fmt.Fprintf(&b, "  from: %s\n", quote(ml.From))
	}
	fmt.Fprintf(&b, "digest: {schedule: %s}\nsites:\n", quote(m.Digest))
	for _, s := range m.Sites {
		l := s.Limits
		fmt.Fprintf(&b, "  - name: %s\n    url: %s\n    schedule: %s\n    availability: %s\n", quote(s.Name), s.URL, quote(s.Schedule), s.Availability)
		if len(s.Recipients) > 0 {
			fmt.Fprintf(&b, "    recipients: [%s]\n", strings.Join(s.Recipients, ", "))
		}
		if len(s.Hosts) > 0 {
			fmt.Fprintf(&b, "    hosts: [%s]\n", strings.Join(s.Hosts, ", "))
		}
		fmt.Fprintf(&b, "    rate: %g\n    parallel: %d\n    max_pages: %d\n    max_depth: %d\n    timeout: %s\n    ignore_robots: %v\n    allow_private: %v\n    probe_cache: %s\n    file_cap: %d\n    confirm: %d\n    incremental: %v\n    cycle: %s\n    budget: %d\n    browser: %s\n",
			l.Rate, l.Parallel, l.MaxPages, l.MaxDepth, l.Timeout, l.IgnoreRobots, l.AllowPrivate, l.ProbeCache, l.FileCap, l.Confirm, l.Incremental, l.Cycle, l.Budget, quote(l.Browser))
		if len(s.Columns) > 0 {
			fmt.Fprintf(&b, "    columns: %d configured\n", len(s.Columns))
		}
		if len(s.Accepted) > 0 {
			fmt.Fprintf(&b, "    accepted: %d findings\n", len(s.Accepted))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func quote(s string) string {
	if s == "" {
		return `""`
	}
	return fmt.Sprintf("%q", s)
}

// MonitorExample is the commented configuration `govaudit init` writes.
const MonitorExample = `# govaudit serve — 网站检查守护进程配置
# 每个网站按 schedule 定时全面检查；每 availability 探测一次首页（检查指标：每天不少于 20 次，
# 15 秒内打不开即失败，一周失败率达 5% 单项否决）；每周按 digest 发送周报邮件。
store: /var/lib/govaudit/govaudit.db   # the database (default: $GOVAUDIT_DB or ~/.local/share/govaudit/govaudit.db)
timezone: Asia/Shanghai                # schedules are read in this time zone
listen: 127.0.0.1:8080                 # the dashboard; an address beyond loopback needs token_file
# token_file: /etc/govaudit/token      # a file holding the dashboard's access token
concurrency: 1                         # sites audited at the same time
mail:
  host: smtp.example.gov.cn
  port: 465
  tls: implicit                        # implicit (465) | starttls (587) | none
  username: govaudit@example.gov.cn
  password_env: GOVAUDIT_SMTP_PASSWORD # or password_file: /etc/govaudit/smtp-password; never the password itself
  from: 网站检查 <govaudit@example.gov.cn>
digest: {schedule: "0 8 * * 1"}        # the weekly digest: Mondays 08:00
sites:
  - name: 澜江市教育局
    url: https://jyj.example.gov.cn/
    schedule: "0 2 * * *"              # nightly at 02:00 (cron: minute hour day month weekday)
    availability: 30m                  # homepage sample interval (1m to 72m: at least 20 a day)
    recipients: [office@example.gov.cn]
    # every key of a site file: hosts, columns, column_rules, wording_rules, accepted
    hosts: [www.jyj.example.gov.cn]
    # every audit flag under its own name:
    rate: 4                            # requests per second per host
    parallel: 2                        # requests in flight per host (default 2; 16 with rate: 0)
    max_pages: 50000
    timeout: 15s
    ignore_robots: false               # only for your own site
    allow_private: false               # follow links into intranet/loopback/metadata addresses
    incremental: true                  # nightly: lists and new pages, a slice of the rest (false: full runs)
    cycle: 168h                        # every page read again within (24h to 2160h)
    budget: 0                          # page requests a night; 0: what 30 minutes at rate allow
    browser: auto                      # lists drawn by script (AJAX): auto (Chromium if installed), off, or a path
    probe_cache: 12h
`
