package config

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestMonitorExampleParses(t *testing.T) {
	m, err := ParseMonitor("govaudit.yaml", []byte(MonitorExample))
	if err != nil {
		t.Fatal(err)
	}
	s := m.Sites[0]
	if m.Listen != "127.0.0.1:8080" || m.Mail == nil || m.Mail.Port != 465 || m.Mail.TLS != "implicit" || m.Digest != "0 8 * * 1" ||
		s.Name != "澜江市教育局" || s.Schedule != "0 2 * * *" || s.Availability != 30*time.Minute || len(s.Recipients) != 1 ||
		s.Limits.Rate != 4 || s.Limits.Timeout != 15*time.Second || s.Limits.Confirm != 2 || m.Location.String() != "Asia/Shanghai" {
		t.Errorf("parsed %+v / %+v / %+v", m, s, s.Limits)
	}
}

// TestMonitorSiteFile: today's site file is a monitor of one site.
func TestMonitorSiteFile(t *testing.T) {
	m, err := ParseMonitor("site.yaml", []byte("url: https://jyj.example.gov.cn/\nname: 某局\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultLimits
	want.Incremental = true // the daemon's nightly default
	if len(m.Sites) != 1 || m.Sites[0].Name != "某局" || m.Sites[0].Schedule != DefaultSchedule || m.Sites[0].Limits != want {
		t.Errorf("site file as monitor: %+v", m.Sites)
	}
}

// TestMonitorIncremental: nights are incremental unless a site says
// otherwise; cycle and budget have the flags' ranges.
func TestMonitorIncremental(t *testing.T) {
	for _, c := range []struct {
		yaml        string
		incremental bool
		cycle       string
		budget      int
		err         string
	}{
		{"", true, "168h0m0s", 0, ""},
		{"    incremental: false\n", false, "168h0m0s", 0, ""},
		{"    cycle: 24h\n    budget: 7200\n", true, "24h0m0s", 7200, ""},
		{"    cycle: 23h\n", false, "", 0, "m.yaml:6: cycle:"},
		{"    cycle: 2161h\n", false, "", 0, "m.yaml:6: cycle:"},
		{"    budget: -1\n", false, "", 0, "m.yaml:6: budget:"},
		{"    budget: 10000001\n", false, "", 0, "m.yaml:6: budget:"},
	} {
		src := "store: s.db\nsites:\n  - url: https://a.gov.cn/\n    schedule: \"0 2 * * *\"\n    availability: 30m\n" + c.yaml
		m, err := ParseMonitor("m.yaml", []byte(src))
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %s…", c.yaml, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.yaml, err)
			continue
		}
		l := m.Sites[0].Limits
		if l.Incremental != c.incremental || l.Cycle.String() != c.cycle || l.Budget != c.budget {
			t.Errorf("%q: incremental %v cycle %s budget %d", c.yaml, l.Incremental, l.Cycle, l.Budget)
		}
	}
}

// TestMonitorBadConfigs: each kind of mistake, with its exact message.
func TestMonitorBadConfigs(t *testing.T) {
	const site = "sites:\n  - url: https://a.gov.cn/\n"
	for _, tc := range []struct{ yaml, want string }{
		{"sites: []\n", "m.yaml:1: sites: 没有要监测的网站"},
		{"listen: 127.0.0.1:80\n", "m.yaml:1: sites: 缺少此项"},
		{"lisen: x\nsotre: y\n" + site, "m.yaml:1: lisen: 未知的配置项（可用的有：store, timezone, listen, token_file, concurrency, mail, digest, sites）：请检查拼写\nm.yaml:2: sotre: 未知的配置项"},
		{"store: a\nstore: b\n" + site, "m.yaml:2: store: 重复出现（第一次在第 1 行）"},
		{"timezone: Mars/Olympus\n" + site, `m.yaml:1: timezone: 未知的时区 "Mars/Olympus"：应为 IANA 时区名，如 Asia/Shanghai`},
		{"listen: 0.0.0.0:8080\n" + site, `m.yaml:1: listen: "0.0.0.0:8080" 可从其他机器访问：请同时设置 token_file`},
		{"concurrency: 0\n" + site, "m.yaml:1: concurrency: 应为 1 到 16 之间的整数"},
		{"digest: {schedule: \"0 8 * *\"}\n" + site, `m.yaml:1: digest.schedule: "0 8 * *" 不是 cron 计划`},
		{"sites:\n  - url: https://a.gov.cn/\n    schedule: every night\n", `m.yaml:3: schedule: "every night" 不是 cron 计划`},
		{"sites:\n  - url: https://a.gov.cn/\n    availability: 2h\n", "m.yaml:3: availability: 应为 1m0s 到 1h12m0s 之间的时长，如 30m 或 15s"},
		{"sites:\n  - url: https://a.gov.cn/\n    rate: -4\n", "m.yaml:3: rate: 应为 0 到 1000 之间的数"},
		{"sites:\n  - url: https://a.gov.cn/\n    rate: .nan\n", "m.yaml:3: rate: 应为 0 到 1000 之间的数"},
		{"sites:\n  - url: https://a.gov.cn/\n    parallel: 1000000\n", "m.yaml:3: parallel: 应为 1 到 64 之间的整数"},
		{"sites:\n  - url: https://a.gov.cn/\n    max_pages: -1\n", "m.yaml:3: max_pages: 应为 1 到 10000000 之间的整数"},
		{"sites:\n  - url: https://a.gov.cn/\n    timeout: 10\n", "m.yaml:3: timeout: 应为 1s 到 5m0s 之间的时长"},
		{"sites:\n  - url: https://a.gov.cn/\n    recipients: [office@a.gov.cn]\n", `m.yaml:3: recipients: 设置了收件人，但没有用来发信的 mail: 部分`},
		{"sites:\n  - url: https://a.gov.cn/\n  - url: https://a.gov.cn/\n", `m.yaml:3: sites: 网站 "https://a.gov.cn/" 重复列出（第一次在第 2 行）`},
		{"sites:\n  - url: ftp://a.gov.cn/\n", `m.yaml:2: url: "ftp://a.gov.cn/" 不是 http(s) 网址`},
		{"sites:\n  - url: https://a.gov.cn/\n    shedule: x\n", "m.yaml:3: shedule: 未知的配置项"},
		{"mail: {host: h, from: a@b, password: hunter2}\n" + site, "m.yaml:1: mail.password: 不要把密码写在配置文件中：请改用 password_env（环境变量）或 password_file"},
		{"mail: {host: h, from: a@b, tls: ssl}\n" + site, `m.yaml:1: mail.tls: "ssl" 无效：应为 implicit、starttls 或 none`},
		{"mail: {host: h, from: nobody}\n" + site, `m.yaml:1: mail.from: "nobody" 不是电子邮件地址`},
		{"mail: {host: h, from: a@b, password_env: X, password_file: /y}\n" + site, "m.yaml:1: mail.password_file: password_env 和 password_file 只能设置其中一个"},
		{"mail: {from: a@b}\n" + site, "m.yaml:1: host: 缺少此项"},
		{"mail: {host: h, from: a@b}\nsites:\n  - url: https://a.gov.cn/\n    recipients: [not-an-address]\n", `m.yaml:4: recipients: "not-an-address" 不是电子邮件地址`},
	} {
		_, err := ParseMonitor("m.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.yaml, err, tc.want)
		}
	}
}

// TestShowHidesSecrets: the password (from the environment) and the token
// (from its file) never appear in config show.
func TestShowHidesSecrets(t *testing.T) {
	t.Setenv("GOVAUDIT_SMTP_PASSWORD", "s3cret-授权码")
	m, err := ParseMonitor("m.yaml", []byte(MonitorExample+"token_file: /etc/govaudit/token\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p, err := m.Mail.Password(); err != nil || p != "s3cret-授权码" {
		t.Fatalf("Password = %q, %v", p, err)
	}
	var b bytes.Buffer
	if err := m.Show(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "s3cret") {
		t.Errorf("config show reveals the password:\n%s", out)
	}
	for _, want := range []string{"password_env: GOVAUDIT_SMTP_PASSWORD", "token_file: \"/etc/govaudit/token\"", "schedule: \"0 2 * * *\"", "rate: 4"} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
	t.Setenv("GOVAUDIT_SMTP_PASSWORD", "")
	m.Mail.PasswordEnv = "GOVAUDIT_NO_SUCH_VARIABLE"
	if _, err := m.Mail.Password(); err == nil || !strings.Contains(err.Error(), "GOVAUDIT_NO_SUCH_VARIABLE 未设置") {
		t.Errorf("missing password variable: %v", err)
	}
}
