package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/audit"
	"govaudit/internal/store"
)

func sample() *audit.Result {
	started := time.Date(2026, 11, 29, 6, 28, 23, 0, time.UTC)
	f1 := checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://jyj.lanjiang.gov.cn/",
		Target: "http://jyj.lanjiang.gov.cn/old.html", Rule: "http-404", Message: "【首页】链接无法打开：HTTP 404 页面不存在",
		Evidence: "链接“旧栏目”", Fingerprint: "aaa"}
	f2 := checks.Finding{Check: "dead-link", Severity: checks.Warning, Page: "http://jyj.lanjiang.gov.cn/a.html",
		Target: "http://slow.lanjiang.gov.cn/", Rule: "timeout", Message: "链接无法打开：超时", Fingerprint: "bbb"}
	fixed := checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://jyj.lanjiang.gov.cn/a.html",
		Target: "http://jyj.lanjiang.gov.cn/b.pdf", Rule: "http-404", Fingerprint: "ccc"}
	prev := store.Run{ID: 1, Started: started.Add(-24 * time.Hour)}
	return &audit.Result{
		Run: store.Run{ID: store.RunID(started.UnixNano()), Site: "http://jyj.lanjiang.gov.cn/", Started: started,
			Finished: started.Add(8 * time.Second), Status: store.StatusComplete, Pages: 87, Links: 2410, Findings: 2},
		Previous: &prev,
		Findings: []checks.Finding{f1, f2},
		Diff:     store.Diff{New: []checks.Finding{f2}, Open: []checks.Finding{f1}, Fixed: []checks.Finding{fixed}},
		Blocked:  []checks.LinkStatus{{URL: "http://www.example.gov.cn/", Status: 403, Detail: "目标站点拒绝自动访问（HTTP 403）"}},
	}
}

// TestJSONContract: the top-level keys, the run fields and every finding
// field of design.md's contract are present with the right names.
func TestJSONContract(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	for _, k := range []string{"site", "run", "findings"} {
		if _, ok := out[k]; !ok {
			t.Errorf("missing top-level key %q", k)
		}
	}
	var run map[string]any
	json.Unmarshal(out["run"], &run)
	for _, k := range []string{"id", "started", "finished", "pages", "links"} {
		if _, ok := run[k]; !ok {
			t.Errorf("run lacks %q", k)
		}
	}
	if run["started"] != "2026-11-29T14:28:23+08:00" || run["pages"] != float64(87) {
		t.Errorf("run = %v", run)
	}
	var findings []map[string]any
	json.Unmarshal(out["findings"], &findings)
	if len(findings) != 2 {
		t.Fatalf("findings = %v", findings)
	}
	want := []string{"check", "severity", "page", "target", "column", "rule", "message", "evidence", "fingerprint"}
	if len(findings[0]) != len(want) {
		t.Errorf("finding has fields %v, want exactly %v", findings[0], want)
	}
	for _, k := range want {
		if _, ok := findings[0][k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
	if strings.Contains(buf.String(), `\u003c`) || !strings.Contains(buf.String(), "【首页】") {
		t.Error("JSON escapes HTML or Chinese: it should print them as they are")
	}
}

// TestTextGroupsAndSummarises: findings grouped by check then page, new
// ones marked, fixed and blocked listed, the summary line counted.
func TestTextGroupsAndSummarises(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, sample(), TextOptions{Titles: map[string]string{"dead-link": "链接无法打开"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"链接无法打开（dead-link）· 2 项",
		"  页面 http://jyj.lanjiang.gov.cn/\n",
		"链接无法打开：超时 [新]",
		"已修复（上次检查发现，本次不再出现）· 1 项",
		"需人工核实",
		"汇总：错误 1 · 警告 1 · 提示 0 ｜ 新增 1 / 已修复 1 / 未修复 1（对比 2026-11-28 14:28 的检查）",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes without Color")
	}
	if strings.Index(out, "页面 http://jyj.lanjiang.gov.cn/\n") > strings.Index(out, "页面 http://jyj.lanjiang.gov.cn/a.html") {
		t.Error("pages are not in sorted order")
	}
}
