package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExampleParses(t *testing.T) {
	dir := t.TempDir()
	// The example names a column rules file: give it the defaults.
	def, err := os.ReadFile("../../rules/columns.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "my-columns.yaml"), def, 0o644)
	os.WriteFile(filepath.Join(dir, "our-terms.yaml"), []byte("disable: [typo-zai-jie-zai-li]\n"), 0o644)
	path := filepath.Join(dir, "site.yaml")
	os.WriteFile(path, []byte(Example), 0o644)
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.URL != "https://jyj.example.gov.cn/" || len(s.Hosts) != 1 || len(s.Columns) != 2 || s.Columns[0].Class != "notice" || !s.Columns[1].Exempt {
		t.Errorf("parsed %+v", s)
	}
	if len(s.ColumnClasses) == 0 {
		t.Error("column_rules not loaded")
	}
	if len(s.Accepted) != 1 || s.Accepted[0].Fingerprint != "4f1c0e6b2d9a8e7f3c5b1a20" || s.Accepted[0].Reason == "" ||
		s.Accepted[0].Until.Format("2006-01-02") != "2027-03-31" {
		t.Errorf("accepted = %+v", s.Accepted)
	}
	if s.Wording == nil || len(s.Wording.Rules) == 0 {
		t.Error("wording_rules not loaded")
	}
}

// TestBadConfigs: every malformed file is rejected with file, line and key.
func TestBadConfigs(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"name: x\n", "site.yaml:1: url: 缺少此项"},
		{"url: ftp://x.gov.cn/\n", "site.yaml:1: url: \"ftp://x.gov.cn/\" 不是 http(s) 网址"},
		{"url: https://x.gov.cn/\nhost: [a]\n", "site.yaml:2: host: 未知的配置项"},
		{"url: https://x.gov.cn/\nhosts: [https://a.gov.cn/]\n", "site.yaml:2: hosts:"},
		{"url: https://x.gov.cn/\ncolumns:\n  - url: https://x.gov.cn/a/\n    class: news2\n", "site.yaml:4: columns.class: 没有类别 \"news2\""},
		{"url: https://x.gov.cn/\ncolumns:\n  - url: https://x.gov.cn/a/\n    exempt: yes please\n", "site.yaml:4: exempt: 应为 true 或 false"},
		{"url: https://x.gov.cn/\ncolumns:\n  - name: 通知\n", "site.yaml:3: url: 缺少此项"},
		{"url: https://x.gov.cn/\ncolumn_rules: missing.yaml\n", "site.yaml:2: column_rules:"},
		{"url: [\n", "site.yaml:1"},
		{"url: https://x.gov.cn/\naccepted:\n  - fingerprint: 4f1c\n    reason: x\n", "site.yaml:3: accepted.fingerprint: \"4f1c\" 不是问题的识别码"},
		{"url: https://x.gov.cn/\naccepted:\n  - fingerprint: 4f1c0e6b2d9a8e7f3c5b1a20\n", "site.yaml:3: reason: 缺少此项"},
		{"url: https://x.gov.cn/\naccepted:\n  - fingerprint: 4f1c0e6b2d9a8e7f3c5b1a20\n    reason: x\n    until: 2027-13-01\n", "site.yaml:5: accepted.until: \"2027-13-01\""},
		{"url: https://x.gov.cn/\naccepted:\n  - fingerprint: 4f1c0e6b2d9a8e7f3c5b1a20\n    reason: x\n    why: y\n", "site.yaml:5: why: 未知的配置项"},
	} {
		_, err := Parse("site.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
