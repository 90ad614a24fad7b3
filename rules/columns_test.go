package rules

import (
	"strings"
	"testing"
)

// TestDefaultColumnClasses loads the embedded file, which runs every
// class's hit and miss examples.
func TestDefaultColumnClasses(t *testing.T) {
	classes, err := ParseColumnClasses(DefaultColumnsFile, defaultColumns)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Window{"news": {Days: 14}, "notice": {Months: 6}, "personnel": {Years: 1}, "topic": {}}
	for _, c := range classes {
		if w, ok := want[c.ID]; ok && w != c.Window {
			t.Errorf("%s window = %+v, want %+v (domain.md §1)", c.ID, c.Window, w)
		}
		if len(c.Hit) == 0 || len(c.Miss) == 0 {
			t.Errorf("%s lacks hit or miss examples", c.ID)
		}
	}
	if c, _ := Classify(classes, "教育数字化转型专题"); !c.Exempt {
		t.Error("专题 are not exempt")
	}
}

// TestBadColumnClasses: each broken file is rejected naming file, line and
// key.
func TestBadColumnClasses(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"syntax", "classes:\n  - id: [\n", "bad.yaml:2: YAML 格式错误：did not find expected node content"},
		{"no classes", "other: 1\n", "bad.yaml:1: classes: 缺少此项"},
		{"unknown key", "classes:\n  - id: news\n    nam: 动态\n", "bad.yaml:3: nam: 未知的配置项"},
		{"bad window", "classes:\n  - id: news\n    name: 动态\n    keywords: [动态]\n    window: 2 weeks\n    examples: {hit: [工作动态], miss: [通知]}\n", "bad.yaml:5: window: \"2 weeks\""},
		{"bad id", "classes:\n  - id: News\n", "bad.yaml:2: id: \"News\""},
		{"failing hit", "classes:\n  - id: news\n    name: 动态\n    keywords: [动态]\n    window: 2w\n    examples: {hit: [要闻], miss: [通知]}\n", "bad.yaml:2: examples.hit: \"要闻\" should be class news, is none"},
		{"failing miss", "classes:\n  - id: news\n    name: 动态\n    keywords: [动态]\n    window: 2w\n    examples: {hit: [工作动态], miss: [区县动态]}\n", "bad.yaml:2: examples.miss"},
		{"duplicate", "classes:\n  - {id: a, name: A, keywords: [甲], window: 2w, examples: {hit: [甲], miss: [乙]}}\n  - {id: a, name: B, keywords: [乙], window: 2w, examples: {hit: [乙], miss: [丙]}}\n", "bad.yaml:3: id: class \"a\" is defined twice"},
	} {
		_, err := ParseColumnClasses("bad.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]Window{"14d": {Days: 14}, "2w": {Days: 14}, "6m": {Months: 6}, "1y": {Years: 1}, "none": {}} {
		if got, err := ParseWindow(in); err != nil || got != want {
			t.Errorf("ParseWindow(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "0d", "2", "w", "1.5y"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) accepted", bad)
		}
	}
}
