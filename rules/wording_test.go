package rules

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestDefaultWording compiles the embedded rule files and runs every
// rule's examples (what `govaudit rules test` does).
func TestDefaultWording(t *testing.T) {
	w, err := CompileWording(DefaultWordingSources()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range w.TestExamples() {
		t.Error(f)
	}
	kinds := map[string]int{}
	future := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range w.Rules {
		kinds[r.Kind]++
		// Through the automaton and the prefilter, too.
		for _, ex := range r.Hit {
			found := false
			for _, h := range w.Find(ex, future) {
				found = found || h.Rule == r
			}
			if !found {
				t.Errorf("%s: Find misses hit example %q", r.ID, ex)
			}
		}
		if len(r.Hit) == 0 || len(r.Miss) == 0 {
			t.Errorf("%s lacks hit or miss examples", r.ID)
		}
	}
	if len(w.Rules) < 150 {
		t.Errorf("%d default rules, want at least 150", len(w.Rules))
	}
	t.Logf("%d rules: %v", len(w.Rules), kinds)
	if DefaultWording() == nil {
		t.Fatal("no default wording")
	}
}

// TestDefaultMissExamplesAreClean: no rule at all fires on any rule's miss
// example (they are correct text), whatever the page's date.
func TestDefaultMissExamplesAreClean(t *testing.T) {
	w := DefaultWording()
	for _, r := range w.Rules {
		for _, ex := range r.Miss {
			for _, d := range []time.Time{{}, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)} {
				for _, h := range w.Find(ex, d) {
					t.Errorf("%s:%d: miss example %q of %s is hit by %s (%q)", r.File, r.Line, ex, r.ID, h.Rule.ID, h.Text)
				}
			}
		}
	}
}

func TestWordingFind(t *testing.T) {
	w := DefaultWording()
	text := "深入开展扫黑险恶专项斗争，望再接再励。市环境保护局开展检查。"
	ids := func(d time.Time) []string {
		var out []string
		for _, h := range w.Find(text, d) {
			if text[h.Start:h.End] != h.Text {
				t.Errorf("%s: offsets %d..%d do not give %q", h.Rule.ID, h.Start, h.End, h.Text)
			}
			out = append(out, h.Rule.ID)
		}
		return out
	}
	got := strings.Join(ids(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)), " ")
	if got != "saohei-chue typo-zai-jie-zai-li inst-huanjing-baohu-ju" {
		t.Errorf("2026 page: %s", got)
	}
	got = strings.Join(ids(time.Date(2017, 5, 2, 0, 0, 0, 0, time.UTC)), " ")
	if got != "saohei-chue typo-zai-jie-zai-li" {
		t.Errorf("2017 page: %s", got)
	}
	if got = strings.Join(ids(time.Time{}), " "); got != "saohei-chue typo-zai-jie-zai-li" {
		t.Errorf("undated page: %s", got)
	}
	// The day of the change counts.
	if got = strings.Join(ids(time.Date(2019, 4, 1, 23, 0, 0, 0, time.FixedZone("CST", 8*3600))), " "); !strings.Contains(got, "inst-huanjing-baohu-ju") {
		t.Errorf("page dated on the from date: %s", got)
	}
}

// TestBadWording: each broken file is rejected naming file and line.
func TestBadWording(t *testing.T) {
	const ok = "  - id: a\n    kind: substitution\n    level: warning\n    wrong: 甲乙\n    right: 甲丙\n    examples: {hit: [甲乙], miss: [甲丙]}\n"
	for _, tc := range []struct{ name, yaml, want string }{
		{"syntax", "rules:\n  - id: [\n", "site.yaml:2: YAML 格式错误：did not find expected node content"},
		{"unknown top key", "rule: []\n", "site.yaml:1: rule: 未知的配置项"},
		{"unknown kind", "rules:\n  - id: a\n    kind: replace\n", "site.yaml:3: kind: unknown kind \"replace\""},
		{"bad regexp", "rules:\n  - id: a\n    kind: pattern\n    level: error\n    message: 错\n    pattern: 台湾(国家\n    examples: {hit: [台湾国家], miss: [台湾地区]}\n", "site.yaml:6: pattern: error parsing regexp"},
		{"empty match", "rules:\n  - id: a\n    kind: pattern\n    level: error\n    message: 错\n    pattern: 台*\n    examples: {hit: [台], miss: [湾]}\n", "site.yaml:6: pattern: \"台*\" matches the empty text"},
		{"missing examples", "rules:\n  - id: a\n    kind: existence\n    level: error\n    message: 错\n    phrases: [中港]\n", "site.yaml:2: examples: 缺少此项"},
		{"missing miss", "rules:\n  - id: a\n    kind: existence\n    level: error\n    message: 错\n    phrases: [中港]\n    examples: {hit: [中港]}\n", "site.yaml:7: miss: 缺少此项"},
		{"hit does not hit", "rules:\n" + strings.Replace(ok, "hit: [甲乙]", "hit: [甲丁]", 1), "site.yaml:7: examples: a: hit 示例 \"甲丁\" 没有被这条规则发现"},
		{"miss hits", "rules:\n" + strings.Replace(ok, "miss: [甲丙]", "miss: [甲乙丙]", 1), "site.yaml:7: examples: a: miss 示例 \"甲乙丙\" 被这条规则发现了"},
		{"multi-line examples", "rules:\n" + strings.Replace(ok, "    examples: {hit: [甲乙], miss: [甲丙]}\n", "    examples:\n      hit:\n        - 甲乙\n        - 乙甲\n      miss: [甲丙]\n", 1), "site.yaml:10: examples: a: hit 示例 \"乙甲\""},
		{"bad level", "rules:\n" + strings.Replace(ok, "level: warning", "level: fatal", 1), "site.yaml:4: level: unknown level \"fatal\""},
		{"bad id", "rules:\n" + strings.Replace(ok, "id: a", "id: A_1", 1), "site.yaml:2: id: \"A_1\""},
		{"wrong key for kind", "rules:\n" + strings.Replace(ok, "wrong: 甲乙", "phrases: [甲乙]", 1), "site.yaml:5: phrases: 未知的配置项"},
		{"exception without match", "rules:\n" + strings.Replace(ok, "right: 甲丙\n", "right: 甲丙\n    exceptions: [丙丁]\n", 1), "site.yaml:7: exceptions: \"丙丁\" does not contain \"甲乙\""},
		{"bad from", "rules:\n" + strings.Replace(ok, "right: 甲丙\n", "right: 甲丙\n    from: 2018/03/21\n", 1), "site.yaml:7: from: \"2018/03/21\""},
		{"bad placeholder", "rules:\n" + strings.Replace(ok, "right: 甲丙\n", "right: 甲丙\n    message: 将{wrong}改为{right}\n", 1), "site.yaml:7: message: unknown placeholder {wrong}"},
		{"duplicate", "rules:\n" + ok + ok, "site.yaml:8: id: rule \"a\" is defined twice (first at site.yaml:2)"},
		{"duplicate of a default", "rules:\n" + strings.Replace(ok, "id: a", "id: saohei-chue", 1), "site.yaml:2: id: rule \"saohei-chue\" is defined twice (first at rules/wording/01-serious.yaml:"},
		{"disable unknown", "disable: [no-such-rule]\n", "site.yaml:1: disable: no rule \"no-such-rule\""},
	} {
		srcs := append(DefaultWordingSources(), WordingSource{"site.yaml", []byte(tc.yaml)})
		_, err := ParseWording(srcs...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

// TestLoadWordingSiteFile: a site file disables a default rule, redefines
// another with its own date and adds one of its own.
func TestLoadWordingSiteFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "site.yaml")
	os.WriteFile(file, []byte(`disable: [typo-zai-jie-zai-li, inst-huanjing-baohu-ju]
rules:
  - id: inst-huanjing-baohu-ju
    kind: substitution
    level: warning
    wrong: 环境保护局
    right: 生态环境局
    from: 2020-01-01
    examples: {hit: [市环境保护局], miss: [市生态环境局]}
  - id: local-name
    kind: existence
    level: info
    message: 请使用规范简称（{match}）
    phrases: [澜江教育局]
    examples: {hit: [澜江教育局召开会议], miss: [澜江市教育局召开会议]}
`), 0o644)
	w, err := LoadWording(file)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(DefaultWording().Rules); len(w.Rules) != n {
		t.Errorf("%d rules, want %d (one disabled, one replaced, one added)", len(w.Rules), n)
	}
	text := "望再接再励。市环境保护局、澜江教育局。"
	var got []string
	for _, h := range w.Find(text, time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)) {
		got = append(got, h.Rule.ID)
	}
	if strings.Join(got, " ") != "local-name" {
		t.Errorf("2019 page: %v", got)
	}
	got = nil
	for _, h := range w.Find(text, time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)) {
		got = append(got, h.Rule.ID+"@"+h.Rule.File)
	}
	if strings.Join(got, " ") != "inst-huanjing-baohu-ju@"+file+" local-name@"+file {
		t.Errorf("2020 page: %v", got)
	}
	if _, err := LoadWording(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestTriggers(t *testing.T) {
	for pattern, want := range map[string]string{
		`一带一路[”"』」]?战略`:                   "一带一路\"战略 一带一路”战略 一带一路」战略 一带一路』战略 一带一路战略",
		`(?P<m>台湾(?:等|和其他)国家)(?:[^和或]|$)`: "台湾和其他国家 台湾等国家",
		`中共\p{Han}{2,3}省省委`:               "省省委",
		`党的(?:十[七八九]|二十)打`:                "党的二十打 党的十七打 党的十九打 党的十八打",
		`[一二三]界[一二]中全会`:                   "一界一中全会 一界二中全会 三界一中全会 三界二中全会 二界一中全会 二界二中全会",
		`a*`:                              "",
		`甲|乙*`:                            "",
		`(?i)abcde`:                       "",
	} {
		got := triggers(pattern)
		sort.Strings(got)
		if got := strings.Join(got, " "); got != want {
			t.Errorf("triggers(%s) = %q, want %q", pattern, got, want)
		}
	}
	for _, r := range DefaultWording().Rules {
		if r.Kind == Pattern && r.triggers == nil {
			t.Errorf("%s: pattern %s has no prefilter literal: it runs on every page", r.ID, r.Pattern)
		}
	}
}
