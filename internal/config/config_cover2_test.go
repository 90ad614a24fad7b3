package config

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadAndLoadMonitorFromFileCover2(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site.yaml")
	if err := os.WriteFile(site, []byte("url: https://a.gov.cn/\nname: 甲局\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(site)
	if err != nil {
		t.Fatal(err)
	}
	if s.URL != "https://a.gov.cn/" || s.Name != "甲局" {
		t.Errorf("Load = %+v", s)
	}
	mon := filepath.Join(dir, "govaudit.yaml")
	if err := os.WriteFile(mon, []byte("store: /tmp/x.db\nsites:\n  - url: https://b.gov.cn/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMonitor(mon)
	if err != nil {
		t.Fatal(err)
	}
	if m.File != mon || m.Store != "/tmp/x.db" || len(m.Sites) != 1 || m.Sites[0].URL != "https://b.gov.cn/" {
		t.Errorf("LoadMonitor = %+v", m)
	}
	// The site file loads as a monitor too.
	if m, err := LoadMonitor(site); err != nil || len(m.Sites) != 1 || m.Sites[0].Name != "甲局" {
		t.Errorf("LoadMonitor(site file) = %+v, %v", m, err)
	}

	missing := filepath.Join(dir, "missing.yaml")
	if _, err := Load(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want not exist", err)
	}
	if _, err := LoadMonitor(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadMonitor(missing) = %v, want not exist", err)
	}
	// A directory is refused by name.
	if _, err := LoadMonitor(dir); err == nil || !strings.Contains(err.Error(), "不是普通文件（目录）") {
		t.Errorf("LoadMonitor(dir) = %v", err)
	}
	// A YAML error of a monitor file names the file.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("sites: [\n"), 0o644)
	if _, err := LoadMonitor(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":") {
		t.Errorf("LoadMonitor(bad) = %v, want an error starting %q", err, bad+":")
	}
}

func TestMailPasswordSourcesCover2(t *testing.T) {
	dir := t.TempDir()
	pf := filepath.Join(dir, "pw")
	if err := os.WriteFile(pf, []byte("授权码 x\r\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if p, err := (&Mail{PasswordFile: pf}).Password(); err != nil || p != "授权码 x" {
		t.Errorf("Password(file) = %q, %v; want the line without its line ends", p, err)
	}
	// Only line ends are trimmed, not spaces.
	os.WriteFile(pf, []byte(" pw \n"), 0o600)
	if p, err := (&Mail{PasswordFile: pf}).Password(); err != nil || p != " pw " {
		t.Errorf("Password(file) = %q, %v; want %q", p, err, " pw ")
	}
	_, err := (&Mail{PasswordFile: filepath.Join(dir, "none")}).Password()
	if err == nil || !strings.HasPrefix(err.Error(), "邮件密码（password_file）：") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Password(missing file) = %v", err)
	}
	if p, err := (&Mail{}).Password(); err != nil || p != "" {
		t.Errorf("Password(neither) = %q, %v; want no password", p, err)
	}
	// The environment wins over a file; an empty variable is a (set) empty password.
	t.Setenv("GOVAUDIT_COVER2_PW", "")
	if p, err := (&Mail{PasswordEnv: "GOVAUDIT_COVER2_PW", PasswordFile: pf}).Password(); err != nil || p != "" {
		t.Errorf("Password(empty env) = %q, %v", p, err)
	}
	t.Setenv("GOVAUDIT_COVER2_PW", "from-env")
	if p, err := (&Mail{PasswordEnv: "GOVAUDIT_COVER2_PW", PasswordFile: pf}).Password(); err != nil || p != "from-env" {
		t.Errorf("Password(env) = %q, %v", p, err)
	}
}

func TestMailTLSDefaultsPortsCover2(t *testing.T) {
	const site = "sites:\n  - url: https://a.gov.cn/\n"
	for _, tc := range []struct {
		mail string
		tls  string
		port int
	}{
		{"{host: h, from: a@b.cn}", "implicit", 465},
		{"{host: h, from: a@b.cn, tls: implicit}", "implicit", 465},
		{"{host: h, from: a@b.cn, tls: starttls}", "starttls", 587},
		{"{host: h, from: a@b.cn, tls: none}", "none", 25},
		{"{host: h, from: a@b.cn, tls: starttls, port: 2525}", "starttls", 2525},
		{"{host: h, from: a@b.cn, tls: none, port: 1}", "none", 1},
		{"{host: h, from: a@b.cn, port: 65535}", "implicit", 65535},
	} {
		m, err := ParseMonitor("m.yaml", []byte("mail: "+tc.mail+"\n"+site))
		if err != nil {
			t.Errorf("%s: %v", tc.mail, err)
			continue
		}
		if m.Mail.TLS != tc.tls || m.Mail.Port != tc.port || m.Mail.Host != "h" || m.Mail.From != "a@b.cn" {
			t.Errorf("%s: %+v, want tls %s port %d", tc.mail, m.Mail, tc.tls, tc.port)
		}
	}
	for _, tc := range []struct{ mail, want string }{
		{"{host: h, from: a@b.cn, port: 0}", "m.yaml:1: port: 应为 1 到 65535 之间的整数"},
		{"{host: h, from: a@b.cn, port: 65536}", "m.yaml:1: port: 应为 1 到 65535 之间的整数"},
		{"{host: h, from: a@b.cn, tls: TLS}", `m.yaml:1: mail.tls: "TLS" 无效`},
		{"{host: h, from: a@b.cn, usernme: u}", "m.yaml:1: usernme: 未知的配置项"},
		{"{host: h}", "m.yaml:1: from: 缺少此项"},
		{"{host: h, from: a@b.cn, username: [u]}", "username"},
		{"{host: h, from: a@b.cn, password_env: [X]}", "password_env"},
		{"{host: h, from: a@b.cn, password_file: [X]}", "password_file"},
		{"{host: [h], from: a@b.cn}", "host"},
		{"{host: h, from: a@b.cn, tls: [x]}", "tls"},
	} {
		_, err := ParseMonitor("m.yaml", []byte("mail: "+tc.mail+"\n"+site))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.mail, err, tc.want)
		}
	}
}

func TestMonitorLimitsCover2(t *testing.T) {
	y := "sites:\n  - url: https://a.gov.cn/\n    rate: 0.5\n    parallel: 64\n    max_pages: 1\n    max_depth: 3\n" +
		"    timeout: 1s\n    ignore_robots: true\n    allow_private: true\n    probe_cache: 0s\n    file_cap: 65536\n    confirm: 30\n" +
		"    incremental: false\n    cycle: 24h\n    budget: 7\n    browser: off\n"
	m, err := ParseMonitor("m.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	want := Limits{MaxPages: 1, MaxDepth: 3, Rate: 0.5, Parallel: 64, Timeout: time.Second, IgnoreRobots: true,
		AllowPrivate: true, ProbeCache: 0, FileCap: 65536, Confirm: 30, Incremental: false, Cycle: 24 * time.Hour, Budget: 7, Browser: "off"}
	if got := m.Sites[0].Limits; got != want {
		t.Errorf("Limits = %+v, want %+v", got, want)
	}
	// Absent keys take the flags' defaults, incremental: the daemon's
	// nights are incremental unless the file says otherwise.
	flags := Limits{MaxPages: 50000, Rate: 4, Parallel: 2, Timeout: 15 * time.Second, ProbeCache: 12 * time.Hour,
		FileCap: 8 << 20, Confirm: 2, Cycle: 7 * 24 * time.Hour, Browser: "auto"}
	if DefaultLimits != flags {
		t.Errorf("DefaultLimits = %+v, want %+v", DefaultLimits, flags)
	}
	nightly := flags
	nightly.Incremental = true
	for _, y := range []string{"sites:\n  - url: https://a.gov.cn/\n", "url: https://a.gov.cn/\n"} {
		m, err = ParseMonitor("m.yaml", []byte(y))
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Sites[0].Limits; got != nightly {
			t.Errorf("%q: Limits = %+v, want %+v", y, got, nightly)
		}
	}
	if m, err := ParseMonitor("m.yaml", []byte("sites:\n  - url: https://a.gov.cn/\n    incremental: true\n")); err != nil || !m.Sites[0].Limits.Incremental {
		t.Errorf("incremental: true: %v", err)
	}
	const pre = "sites:\n  - url: https://a.gov.cn/\n    "
	for _, tc := range []struct{ line, want string }{
		{"max_depth: -1", "m.yaml:3: max_depth: 应为 0 到 1000 之间的整数"},
		{"max_depth: 1001", "m.yaml:3: max_depth: 应为 0 到 1000 之间的整数"},
		{"parallel: 0", "m.yaml:3: parallel: 应为 1 到 64 之间的整数"},
		{"parallel: 65", "m.yaml:3: parallel: 应为 1 到 64 之间的整数"},
		{"rate: 1000.5", "m.yaml:3: rate: 应为 0 到 1000 之间的数"},
		{"max_pages: 0", "m.yaml:3: max_pages: 应为 1 到 10000000 之间的整数"},
		{"max_pages: 10000001", "m.yaml:3: max_pages: 应为 1 到 10000000 之间的整数"},
		{"timeout: 999ms", "m.yaml:3: timeout: 应为 1s 到 5m0s 之间的时长"},
		{"timeout: 5m1s", "m.yaml:3: timeout: 应为 1s 到 5m0s 之间的时长"},
		{"ignore_robots: maybe", "m.yaml:3: ignore_robots: 应为 true 或 false"},
		{"allow_private: maybe", "m.yaml:3: allow_private: 应为 true 或 false"},
		{"probe_cache: -1s", "m.yaml:3: probe_cache: 应为 0s 到 720h0m0s 之间的时长"},
		{"probe_cache: 721h", "m.yaml:3: probe_cache: 应为 0s 到 720h0m0s 之间的时长"},
		{"file_cap: 65535", "m.yaml:3: file_cap: 应为 65536 到 1073741824 之间的整数"},
		{"file_cap: 1073741825", "m.yaml:3: file_cap: 应为 65536 到 1073741824 之间的整数"},
		{"confirm: 0", "m.yaml:3: confirm: 应为 1 到 30 之间的整数"},
		{"confirm: 31", "m.yaml:3: confirm: 应为 1 到 30 之间的整数"},
		{"availability: 59s", "m.yaml:3: availability: 应为 1m0s 到 1h12m0s 之间的时长"},
		{"recipients: office@a.gov.cn", "m.yaml:3: recipients:"},
		{"incremental: nightly", "m.yaml:3: incremental: 应为 true 或 false"},
		{"cycle: 23h59m", "m.yaml:3: cycle: 应为 24h0m0s 到 2160h0m0s 之间的时长"},
		{"cycle: 2161h", "m.yaml:3: cycle: 应为 24h0m0s 到 2160h0m0s 之间的时长"},
		{"budget: -1", "m.yaml:3: budget: 应为 0 到 10000000 之间的整数"},
		{"budget: 10000001", "m.yaml:3: budget: 应为 0 到 10000000 之间的整数"},
	} {
		_, err := ParseMonitor("m.yaml", []byte(pre+tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.line, err, tc.want)
		}
	}
	// The bounds themselves are accepted.
	for _, line := range []string{"max_depth: 1000", "rate: 0", "rate: 1000", "timeout: 5m", "probe_cache: 720h",
		"file_cap: 1073741824", "confirm: 1", "availability: 1m", "availability: 72m", "max_pages: 10000000",
		"cycle: 24h", "cycle: 2160h", "budget: 0", "budget: 10000000"} {
		if _, err := ParseMonitor("m.yaml", []byte(pre+line+"\n")); err != nil {
			t.Errorf("%s: %v", line, err)
		}
	}
}

func TestMonitorTopLevelCover2(t *testing.T) {
	const site = "sites:\n  - url: https://a.gov.cn/\n"
	m, err := ParseMonitor("m.yaml", []byte(site))
	if err != nil {
		t.Fatal(err)
	}
	if m.Timezone != "Asia/Shanghai" || m.Location.String() != "Asia/Shanghai" || m.Listen != "127.0.0.1:8080" ||
		m.Concurrency != 1 || m.Digest != "0 8 * * 1" || m.Mail != nil || m.Store != "" || m.TokenFile != "" {
		t.Errorf("defaults: %+v", m)
	}
	s := m.Sites[0]
	if s.Schedule != "0 2 * * *" || s.Availability != 30*time.Minute || s.Recipients != nil {
		t.Errorf("site defaults: %+v", s)
	}
	m, err = ParseMonitor("m.yaml", []byte("timezone: UTC\nlisten: 0.0.0.0:9000\ntoken_file: /t\nconcurrency: 16\ndigest: {schedule: \"@weekly\"}\n"+
		"sites:\n  - url: https://a.gov.cn/\n    name: 甲\n    schedule: \"@every 6h\"\n  - url: https://a.gov.cn/\n    name: 乙\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Location != time.UTC && m.Location.String() != "UTC" || m.Listen != "0.0.0.0:9000" || m.TokenFile != "/t" ||
		m.Concurrency != 16 || m.Digest != "@weekly" || len(m.Sites) != 2 || m.Sites[0].Schedule != "@every 6h" {
		t.Errorf("explicit: %+v", m)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"concurrency: 17\n" + site, "m.yaml:1: concurrency: 应为 1 到 16 之间的整数"},
		{"digest: {when: x}\n" + site, "m.yaml:1: when: 未知的配置项"},
		{"digest: weekly\n" + site, "m.yaml:1: digest:"},
		{"mail: smtp\n" + site, "m.yaml:1: mail:"},
		{"sites: x\n", "m.yaml:1: sites:"},
		{"store: [a]\n" + site, "m.yaml:1: store:"},
		{"timezone: [a]\n" + site, "m.yaml:1: timezone:"},
		{"listen: [a]\n" + site, "m.yaml:1: listen:"},
		{"token_file: [a]\n" + site, "m.yaml:1: token_file:"},
		// Two sites with the same name, different URLs.
		{"sites:\n  - url: https://a.gov.cn/\n    name: 甲\n  - url: https://b.gov.cn/\n    name: 甲\n", `m.yaml:4: sites: 网站 "甲" 重复列出（第一次在第 2 行）`},
		{"sites:\n  - url: https://a.gov.cn/\n    hosts: x\n", "m.yaml:3: hosts:"},
		// A one-site file with a monitor key.
		{"url: https://a.gov.cn/\nlisten: x\n", "m.yaml:2: listen: 未知的配置项"},
		{"url: ftp://a.gov.cn/\n", `m.yaml:1: url: "ftp://a.gov.cn/" 不是 http(s) 网址`},
		{"sites: [\n", "m.yaml:"},
	} {
		_, err := ParseMonitor("m.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.yaml, err, tc.want)
		}
	}
}

func TestLoopbackAddrCover2(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true},
		{"127.1.2.3:80", true},
		{"localhost:8080", true},
		{"[::1]:8080", true},
		{"localhost", true},
		{"0.0.0.0:8080", false},
		{":8080", false},
		{"[::]:8080", false},
		{"192.168.1.2:8080", false},
		{"128.0.0.1:80", false},
		{"localhost.example.com:80", false},
		{"1127.0.0.1:80", false},
		{"127example.com:80", false},
	} {
		if got := LoopbackAddr(tc.addr); got != tc.want {
			t.Errorf("LoopbackAddr(%q) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// TestShowWholeCover2 pins config show's output for a monitor with a
// password file, no token, no store and a site with hosts, columns and
// acceptances.
func TestShowWholeCover2(t *testing.T) {
	m, err := ParseMonitor("m.yaml", []byte(`mail: {host: smtp.a.cn, tls: starttls, password_file: /etc/pw, from: x@a.cn}
sites:
  - url: https://a.gov.cn/
    name: 甲局
    hosts: [www.a.gov.cn, b.gov.cn]
    recipients: [o@a.gov.cn, p@a.gov.cn]
    columns:
      - url: https://a.gov.cn/zt/
        exempt: true
      - url: https://a.gov.cn/zt2/
        exempt: true
    accepted:
      - fingerprint: 4f1c0e6b2d9a8e7f3c5b1a20
        reason: 停用
  - url: https://c.gov.cn/
`))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Show(&b); err != nil {
		t.Fatal(err)
	}
	want := `# m.yaml, as govaudit reads it
store: ""
timezone: Asia/Shanghai
listen: 127.0.0.1:8080
concurrency: 1
mail:
  host: smtp.a.cn
  port: 587
  tls: starttls
  username: ""
  password_file: "/etc/pw"   # the password itself is not shown
  from: "x@a.cn"
digest: {schedule: "0 8 * * 1"}
sites:
  - name: "甲局"
    url: https://a.gov.cn/
    schedule: "0 2 * * *"
    availability: 30m0s
    recipients: [o@a.gov.cn, p@a.gov.cn]
    hosts: [www.a.gov.cn, b.gov.cn]
    rate: 4
    parallel: 2
    max_pages: 50000
    max_depth: 0
    timeout: 15s
    ignore_robots: false
    allow_private: false
    probe_cache: 12h0m0s
    file_cap: 8388608
    confirm: 2
    incremental: true
    cycle: 168h0m0s
    budget: 0
    browser: "auto"
    columns: 2 configured
    accepted: 1 findings
  - name: ""
    url: https://c.gov.cn/
    schedule: "0 2 * * *"
    availability: 30m0s
    rate: 4
    parallel: 2
    max_pages: 50000
    max_depth: 0
    timeout: 15s
    ignore_robots: false
    allow_private: false
    probe_cache: 12h0m0s
    file_cap: 8388608
    confirm: 2
    incremental: true
    cycle: 168h0m0s
    budget: 0
    browser: "auto"
`
	if got := b.String(); got != want {
		t.Errorf("Show:\n%s\nwant:\n%s", got, want)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestShowReportsWriteErrorCover2(t *testing.T) {
	m := &Monitor{File: "m.yaml"}
	if err := m.Show(failWriter{}); err == nil || err.Error() != "disk full" {
		t.Errorf("Show to a failing writer = %v, want disk full", err)
	}
}

// TestUnthrottledParallel: with rate: 0 (one's own site) and no parallel
// key, 16 requests are in flight per host; a parallel key still wins, and a
// rate-limited site keeps the gentle 2.
func TestUnthrottledParallel(t *testing.T) {
	for _, tc := range []struct {
		keys string
		want int
	}{
		{"    rate: 0\n", UnthrottledParallel},
		{"    rate: 0\n    parallel: 3\n", 3},
		{"    rate: 0.5\n", 2},
		{"", 2},
	} {
		m, err := ParseMonitor("m.yaml", []byte("sites:\n  - url: https://a.gov.cn/\n"+tc.keys))
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Sites[0].Limits.Parallel; got != tc.want {
			t.Errorf("%q: parallel %d, want %d", tc.keys, got, tc.want)
		}
	}
	if UnthrottledParallel != 16 {
		t.Errorf("UnthrottledParallel = %d, want 16", UnthrottledParallel)
	}
}
