package job

import (
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/wording"
	"govaudit/internal/column"
	"govaudit/internal/config"
	"govaudit/internal/demo"
	"govaudit/internal/outcome"
	"govaudit/rules"
)

func dummy(id string) *checks.Check {
	return &checks.Check{ID: id, Title: id, Doc: id, Site: func(*checks.SitePass) {}}
}

func TestConfigNoSite(t *testing.T) {
	for _, spec := range []Spec{
		{},
		{Start: "   "},
		{Start: "\t", Site: &config.Site{}},
	} {
		_, err := Config(spec)
		if err == nil || err.Error() != "没有要检查的网站：请给出网站首页网址，或用 --config 指定写有 url 的网站配置" {
			t.Errorf("Config(%+v) error = %v", spec, err)
		}
	}
}

func TestConfigStart(t *testing.T) {
	for _, tc := range []struct {
		spec  Spec
		start string
		bare  bool
	}{
		{Spec{Start: " jyj.example.gov.cn "}, "https://jyj.example.gov.cn", true},
		{Spec{Start: "http://jyj.example.gov.cn/"}, "http://jyj.example.gov.cn/", false},
		{Spec{Start: "https://a.gov.cn/", Site: &config.Site{URL: "https://b.gov.cn/"}}, "https://a.gov.cn/", false},
		{Spec{Site: &config.Site{URL: "https://b.gov.cn/"}}, "https://b.gov.cn/", false},
		{Spec{Site: &config.Site{URL: "b.gov.cn"}}, "https://b.gov.cn", true},
	} {
		cfg, err := Config(tc.spec)
		if err != nil {
			t.Fatalf("Config(%+v): %v", tc.spec, err)
		}
		if cfg.Start != tc.start || cfg.BareHost != tc.bare {
			t.Errorf("Config(%+v): Start %q BareHost %v, want %q %v", tc.spec, cfg.Start, cfg.BareHost, tc.start, tc.bare)
		}
	}
}

func TestConfigLimits(t *testing.T) {
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	l := Limits{MaxPages: 7, MaxDepth: 3, Rate: 0.5, Parallel: 5, Timeout: 9 * time.Second,
		IgnoreRobots: true, AllowPrivate: true, ProbeCache: 2 * time.Hour, FileCap: 123456, Confirm: 4}
	cfg, err := Config(Spec{Start: "https://a.gov.cn/", AsOf: asOf, Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxPages != 7 || cfg.MaxDepth != 3 || cfg.Rate != 0.5 || cfg.Parallel != 5 || cfg.Timeout != 9*time.Second ||
		!cfg.IgnoreRobots || !cfg.AllowPrivate || cfg.ProbeCacheTTL != 2*time.Hour || cfg.FileCap != 123456 || cfg.Confirm != 4 {
		t.Errorf("limits not carried over: %+v", cfg)
	}
	if !cfg.AsOf.Equal(asOf) {
		t.Errorf("AsOf = %v", cfg.AsOf)
	}
	if cfg.Retries != 2 || cfg.Backoff != time.Second {
		t.Errorf("Retries %d Backoff %v, want 2 and 1s", cfg.Retries, cfg.Backoff)
	}
	if cfg.HostsOnly || cfg.Hosts != nil {
		t.Errorf("a real site got a host map: %v %v", cfg.HostsOnly, cfg.Hosts)
	}
	// No limits: all zero, and the flags' booleans off.
	cfg, _ = Config(Spec{Start: "https://a.gov.cn/"})
	if cfg.IgnoreRobots || cfg.AllowPrivate || cfg.MaxPages != 0 || !cfg.AsOf.IsZero() {
		t.Errorf("zero limits: %+v", cfg)
	}
}

func TestConfigSite(t *testing.T) {
	w, err := rules.CompileWording(rules.WordingSource{File: "ours.yaml", Data: []byte("rules: []\n")})
	if err != nil {
		t.Fatal(err)
	}
	dead, words, col := dummy("dead-link"), wording.Check, dummy("stale-column")
	all := []*checks.Check{dead, words, col}
	overrides := []column.Override{{URL: "https://a.gov.cn/col/1/", Name: "通知公告"}}
	classes := []rules.ColumnClass{{ID: "notice", Name: "通知公告"}}
	accepted := []outcome.Acceptance{{Fingerprint: "4f1c0e6b2d9a8e7f3c5b1a20", Reason: "停用"}}
	hosts := []string{"www.a.gov.cn"}
	site := &config.Site{URL: "https://a.gov.cn/", Hosts: []string{"a.gov.cn", "m.a.gov.cn"},
		Columns: overrides, ColumnClasses: classes, Accepted: accepted, Wording: w}

	cfg, err := Config(Spec{Site: site, Hosts: hosts, Checks: all})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.ExtraHosts, " "); got != "www.a.gov.cn a.gov.cn m.a.gov.cn" {
		t.Errorf("ExtraHosts = %q", got)
	}
	if len(hosts) != 1 || len(site.Hosts) != 2 {
		t.Errorf("inputs changed: %v %v", hosts, site.Hosts)
	}
	if len(cfg.Columns) != 1 || cfg.Columns[0].Name != "通知公告" || len(cfg.ColumnClasses) != 1 || cfg.ColumnClasses[0].ID != "notice" {
		t.Errorf("columns: %+v %+v", cfg.Columns, cfg.ColumnClasses)
	}
	if len(cfg.Accepted) != 1 || cfg.Accepted[0].Fingerprint != "4f1c0e6b2d9a8e7f3c5b1a20" {
		t.Errorf("accepted: %+v", cfg.Accepted)
	}
	if len(cfg.Checks) != 3 || cfg.Checks[0] != dead || cfg.Checks[2] != col {
		t.Fatalf("checks other than wording changed: %v", cfg.Checks)
	}
	if c := cfg.Checks[1]; c == words || c.ID != "banned-wording" {
		t.Errorf("wording check not replaced by the site's rules: %p %s", c, c.ID)
	}
	if all[1] != words {
		t.Errorf("the caller's check list was changed")
	}

	// Without the site's own wording rules the checks are the caller's.
	site.Wording = nil
	cfg, _ = Config(Spec{Site: site, Checks: all})
	if cfg.Checks[1] != words {
		t.Errorf("wording check replaced without site rules")
	}
	cfg.Checks[0] = nil
	if all[0] != dead {
		t.Errorf("Config's check list shares the caller's array")
	}
	// Without a site, spec's hosts alone.
	cfg, _ = Config(Spec{Start: "a.gov.cn", Hosts: hosts})
	cfg.ExtraHosts[0] = "x"
	if hosts[0] != "www.a.gov.cn" {
		t.Errorf("Config's hosts share the caller's array")
	}
}

func TestForSite(t *testing.T) {
	ms := config.MonitorSite{Site: &config.Site{URL: "jyj.example.gov.cn", Hosts: []string{"www.jyj.example.gov.cn"}},
		Limits: Limits{MaxPages: 9, Rate: 2}}
	cfg, err := ForSite(ms, []*checks.Check{dummy("dead-link")})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Start != "https://jyj.example.gov.cn" || !cfg.BareHost || cfg.MaxPages != 9 || cfg.Rate != 2 ||
		len(cfg.Checks) != 1 || cfg.Checks[0].ID != "dead-link" || len(cfg.ExtraHosts) != 1 {
		t.Errorf("ForSite = %+v", cfg)
	}
	if _, err := ForSite(config.MonitorSite{Site: &config.Site{}}, nil); err == nil {
		t.Errorf("ForSite without url: no error")
	}
}

func TestDemo(t *testing.T) {
	site := &demo.Site{URL: "http://jyj.lanjiang.gov.cn/", Hosts: map[string]string{"jyj.lanjiang.gov.cn:80": "127.0.0.1:1"}}
	in, _ := Config(Spec{Start: "https://other.gov.cn/", Limits: Defaults})
	cfg := Demo(in, site)
	if cfg.Start != "http://jyj.lanjiang.gov.cn/" || cfg.Hosts["jyj.lanjiang.gov.cn:80"] != "127.0.0.1:1" || !cfg.HostsOnly {
		t.Errorf("demo site: %+v", cfg)
	}
	if cfg.Rate != 0 || cfg.Parallel != 8 || cfg.Timeout != 4*time.Second || cfg.Retries != 1 ||
		cfg.Backoff != 100*time.Millisecond || cfg.ProbeCacheTTL != 0 {
		t.Errorf("demo limits: rate %g parallel %d timeout %v retries %d backoff %v cache %v",
			cfg.Rate, cfg.Parallel, cfg.Timeout, cfg.Retries, cfg.Backoff, cfg.ProbeCacheTTL)
	}
	if want := time.Date(2026, 11, 29, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)); !cfg.AsOf.Equal(want) {
		t.Errorf("demo AsOf = %v, want %v", cfg.AsOf, want)
	}
	if cfg.MaxPages != 50000 {
		t.Errorf("demo changed MaxPages: %d", cfg.MaxPages)
	}
	asOf := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	in.AsOf = asOf
	if cfg := Demo(in, site); !cfg.AsOf.Equal(asOf) {
		t.Errorf("demo overrode a given AsOf: %v", cfg.AsOf)
	}
}

func TestCheckMessages(t *testing.T) {
	for _, tc := range []struct {
		mod  func(*Limits)
		want string
	}{
		{func(l *Limits) { l.Rate = -1 }, "--rate -1 无效：应为 0（不限速，只用于自己的网站）或 0.01 到 1000（每秒请求数）"},
		{func(l *Limits) { l.Parallel = 65 }, "--parallel 65 无效：应为 1 到 64（每个主机同时进行的请求数）"},
		{func(l *Limits) { l.MaxPages = 10_000_001 }, "--max-pages 10000001 无效：应为 1 到 10000000"},
		{func(l *Limits) { l.MaxDepth = 1001 }, "--max-depth 1001 无效：应为 0（不限）到 1000"},
		{func(l *Limits) { l.Timeout = 5*time.Minute + time.Second }, "--timeout 5m1s 无效：应为 1s 到 5m"},
		{func(l *Limits) { l.ProbeCache = 720*time.Hour + 1 }, "--probe-cache 720h0m0.000000001s 无效：应为 0 到 720h"},
		{func(l *Limits) { l.FileCap = 1<<30 + 1 }, "--file-cap 1073741825 无效：应为 65536 到 1073741824（字节）"},
		{func(l *Limits) { l.Confirm = -1 }, "--confirm -1 无效：应为 1 到 30（次检查）"},
	} {
		l := Defaults
		tc.mod(&l)
		if err := Check(l); err == nil || err.Error() != tc.want {
			t.Errorf("Check: %v, want %q", err, tc.want)
		}
	}
	for _, mod := range []func(*Limits){
		func(l *Limits) { l.MaxPages = 10_000_000 },
		func(l *Limits) { l.MaxDepth = 0 },
		func(l *Limits) { l.Timeout = 5 * time.Minute },
		func(l *Limits) { l.ProbeCache = 0 },
		func(l *Limits) { l.ProbeCache = 720 * time.Hour },
		func(l *Limits) { l.FileCap = 1 << 30 },
		func(l *Limits) { l.Confirm = 1 },
	} {
		l := Defaults
		mod(&l)
		if err := Check(l); err != nil {
			t.Errorf("Check(%+v) refused: %v", l, err)
		}
	}
}

func TestSiteKeyUnparsable(t *testing.T) {
	// A homepage that is not a URL is kept as written, with personal data masked.
	for in, want := range map[string]string{
		"http://a b.gov.cn/13812345678": "http://a b.gov.cn/138******78",
		"  http:///path  ":              "http:///path",
	} {
		if got := SiteKey(in); got != want {
			t.Errorf("SiteKey(%q) = %q, want %q", in, got, want)
		}
	}
}
