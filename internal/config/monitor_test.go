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
	if len(m.Sites) != 1 || m.Sites[0].Name != "某局" || m.Sites[0].Schedule != DefaultSchedule || m.Sites[0].Limits != DefaultLimits {
		t.Errorf("site file as monitor: %+v", m.Sites)
	}
}

// TestMonitorBadConfigs: each kind of mistake, with its exact message.
func TestMonitorBadConfigs(t *testing.T) {
	const site = "sites:\n  - url: https://a.gov.cn/\n"
	for _, tc := range []struct{ yaml, want string }{
		{"sites: []\n", "m.yaml:1: sites: no sites to watch"},
		{"listen: 127.0.0.1:80\n", "m.yaml:1: sites: missing"},
		{"lisen: x\nsotre: y\n" + site, "m.yaml:1: lisen: unknown key (known: store, timezone, listen, token_file, concurrency, mail, digest, sites)\nm.yaml:2: sotre: unknown key"},
		{"store: a\nstore: b\n" + site, "m.yaml:2: store: given twice (first on line 1)"},
		{"timezone: Mars/Olympus\n" + site, `m.yaml:1: timezone: unknown time zone "Mars/Olympus" (want an IANA name such as Asia/Shanghai)`},
		{"listen: 0.0.0.0:8080\n" + site, `m.yaml:1: listen: "0.0.0.0:8080" is reachable from other machines: set token_file too, so the dashboard asks for a token`},
		{"concurrency: 0\n" + site, "m.yaml:1: concurrency: want a whole number from 1 to 16"},
		{"digest: {schedule: \"0 8 * *\"}\n" + site, `m.yaml:1: digest.schedule: "0 8 * *" is not a cron schedule`},
		{"sites:\n  - url: https://a.gov.cn/\n    schedule: every night\n", `m.yaml:3: schedule: "every night" is not a cron schedule`},
		{"sites:\n  - url: https://a.gov.cn/\n    availability: 2h\n", "m.yaml:3: availability: want a duration from 1m0s to 1h12m0s, like 30m or 15s"},
		{"sites:\n  - url: https://a.gov.cn/\n    rate: -4\n", "m.yaml:3: rate: want a number from 0 to 1000"},
		{"sites:\n  - url: https://a.gov.cn/\n    rate: .nan\n", "m.yaml:3: rate: want a number from 0 to 1000"},
		{"sites:\n  - url: https://a.gov.cn/\n    parallel: 1000000\n", "m.yaml:3: parallel: want a whole number from 1 to 64"},
		{"sites:\n  - url: https://a.gov.cn/\n    max_pages: -1\n", "m.yaml:3: max_pages: want a whole number from 1 to 10000000"},
		{"sites:\n  - url: https://a.gov.cn/\n    timeout: 10\n", "m.yaml:3: timeout: want a duration from 1s to 5m0s"},
		{"sites:\n  - url: https://a.gov.cn/\n    recipients: [office@a.gov.cn]\n", `m.yaml:3: recipients: recipients are set but there is no mail: section to send with`},
		{"sites:\n  - url: https://a.gov.cn/\n  - url: https://a.gov.cn/\n", `m.yaml:3: sites: site "https://a.gov.cn/" is listed twice (first on line 2)`},
		{"sites:\n  - url: ftp://a.gov.cn/\n", `m.yaml:2: url: "ftp://a.gov.cn/" is not an http(s) URL`},
		{"sites:\n  - url: https://a.gov.cn/\n    shedule: x\n", "m.yaml:3: shedule: unknown key"},
		{"mail: {host: h, from: a@b, password: hunter2}\n" + site, "m.yaml:1: mail.password: never write the password in the file: use password_env (an environment variable) or password_file"},
		{"mail: {host: h, from: a@b, tls: ssl}\n" + site, `m.yaml:1: mail.tls: "ssl": want implicit, starttls or none`},
		{"mail: {host: h, from: nobody}\n" + site, `m.yaml:1: mail.from: "nobody" is not an e-mail address`},
		{"mail: {host: h, from: a@b, password_env: X, password_file: /y}\n" + site, "m.yaml:1: mail.password_file: give password_env or password_file, not both"},
		{"mail: {from: a@b}\n" + site, "m.yaml:1: host: missing"},
		{"mail: {host: h, from: a@b}\nsites:\n  - url: https://a.gov.cn/\n    recipients: [not-an-address]\n", `m.yaml:4: recipients: "not-an-address" is not an e-mail address`},
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
	if _, err := m.Mail.Password(); err == nil || !strings.Contains(err.Error(), "GOVAUDIT_NO_SUCH_VARIABLE is not set") {
		t.Errorf("missing password variable: %v", err)
	}
}
