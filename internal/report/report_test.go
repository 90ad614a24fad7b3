package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

func sample() *outcome.Outcome {
	started := time.Date(2026, 11, 29, 6, 28, 23, 0, time.UTC)
	f1 := checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://jyj.lanjiang.gov.cn/",
		Target: "http://jyj.lanjiang.gov.cn/old.html", Rule: "http-404", Message: "【首页】链接无法打开：HTTP 404 页面不存在",
		Evidence: "链接“旧栏目”", Fingerprint: "aaa"}
	f2 := checks.Finding{Check: "dead-link", Severity: checks.Warning, Page: "http://jyj.lanjiang.gov.cn/a.html",
		Target: "http://slow.lanjiang.gov.cn/", Rule: "timeout", Message: "链接无法打开：超时", Fingerprint: "bbb"}
	f3 := checks.Finding{Check: "dead-link", Severity: checks.Warning, Page: "http://jyj.lanjiang.gov.cn/a.html",
		Target: "http://slow2.lanjiang.gov.cn/", Rule: "http-5xx", Message: "链接无法打开：HTTP 502", Fingerprint: "ddd", Transient: true}
	f4 := checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://jyj.lanjiang.gov.cn/a.html",
		Target: "http://jyj.lanjiang.gov.cn/old2.html", Rule: "http-404", Message: "链接无法打开：HTTP 404 页面不存在", Fingerprint: "eee"}
	fixed := checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://jyj.lanjiang.gov.cn/a.html",
		Target: "http://jyj.lanjiang.gov.cn/b.pdf", Rule: "http-404", Fingerprint: "ccc"}
	unverified := checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://jyj.lanjiang.gov.cn/gone.html",
		Target: "http://jyj.lanjiang.gov.cn/c.pdf", Rule: "http-404", Fingerprint: "fff"}
	prev := outcome.Run{ID: 1, Started: started.Add(-24 * time.Hour)}
	return &outcome.Outcome{
		Run: outcome.Run{ID: outcome.RunID(started.UnixNano()), Site: "http://jyj.lanjiang.gov.cn/", Started: started,
			Finished: started.Add(8 * time.Second), Status: outcome.StatusComplete, Pages: 87, Links: 2410, Findings: 4,
			AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)},
		Baseline: &prev,
		Findings: []outcome.Finding{
			{Finding: f1, Status: outcome.Open},
			{Finding: f3, Status: outcome.Pending},
			{Finding: f4, Status: outcome.Accepted, Accepted: &outcome.Acceptance{Fingerprint: "eee", Reason: "旧栏目已向上级报备", By: "webmaster"}},
			{Finding: f2, Status: outcome.New},
		},
		Fixed:      []checks.Finding{fixed},
		Unverified: []checks.Finding{unverified},
		Standing: []outcome.VetoLine{{ID: outcome.VetoEmptyC, Item: "空白栏目数", Value: 5, Warn: 3, Fail: 5, Unit: "columns",
			Level: outcome.Fail, Detail: "5 个（预警线 3，否决线 5）"}},
		Blocked: []outcome.Target{{URL: "http://www.example.gov.cn/", Status: 403, Detail: "目标站点拒绝自动访问（HTTP 403）"}},
		Skipped: outcome.Skipped{Robots: 2, Traps: 1, Limit: 0},
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
	for _, k := range []string{"schema", "site", "run", "findings", "standing", "diff", "fixed", "unverified", "skipped", "totals"} {
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
	if len(findings) != 4 {
		t.Fatalf("findings = %v", findings)
	}
	want := []string{"check", "severity", "page", "target", "column", "rule", "message", "evidence", "fingerprint", "status"}
	if len(findings[0]) != len(want) {
		t.Errorf("finding has fields %v, want exactly %v", findings[0], want)
	}
	for _, k := range want {
		if _, ok := findings[0][k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
	var schema int
	json.Unmarshal(out["schema"], &schema)
	if schema != 1 {
		t.Errorf("schema = %d, want 1", schema)
	}
	statuses := map[string]string{}
	for _, f := range findings {
		statuses[f["fingerprint"].(string)] = f["status"].(string)
	}
	if statuses["aaa"] != "open" || statuses["bbb"] != "new" || statuses["ddd"] != "pending" || statuses["eee"] != "accepted" {
		t.Errorf("statuses = %v", statuses)
	}
	var diff map[string]any
	json.Unmarshal(out["diff"], &diff)
	if diff["new"] != float64(1) || diff["open"] != float64(1) || diff["fixed"] != float64(1) || diff["pending"] != float64(1) ||
		diff["accepted"] != float64(1) || diff["unverified"] != float64(1) || diff["previous"] != "0000000000000001" {
		t.Errorf("diff = %v", diff)
	}
	var totals map[string]int
	json.Unmarshal(out["totals"], &totals)
	if totals["errors"] != 1 || totals["warnings"] != 1 {
		t.Errorf("totals = %v: pending and accepted findings must not count", totals)
	}
	var standing []map[string]any
	json.Unmarshal(out["standing"], &standing)
	if len(standing) != 1 || standing[0]["id"] != "empty-c" || standing[0]["value"] != float64(5) || standing[0]["level"] != "fail" {
		t.Errorf("standing = %v", standing)
	}
	var skipped map[string]int
	json.Unmarshal(out["skipped"], &skipped)
	if skipped["robots"] != 2 || skipped["traps"] != 1 || skipped["blocked"] != 1 {
		t.Errorf("skipped = %v", skipped)
	}
	if strings.Contains(buf.String(), `\u003c`) || !strings.Contains(buf.String(), "【首页】") {
		t.Error("JSON escapes HTML or Chinese: it should print them as they are")
	}
}

// TestTextGroupsAndSummarises: findings grouped by check then page, new
// ones marked, fixed and blocked listed, the summary line counted.
func TestTextGroupsAndSummarises(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, sample(), Options{Titles: map[string]string{"dead-link": "链接无法打开"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"链接无法打开（dead-link）· 3 项",
		"  页面 http://jyj.lanjiang.gov.cn/\n",
		"链接无法打开：超时 [新]",
		"链接无法打开：HTTP 502 [待确认",
		"已接受（不计入问题数与退出码）· 1 项",
		"理由：旧栏目已向上级报备",
		"已修复（上次基准检查发现，本次复查已不存在）· 1 项",
		"未复查（本次未检查到所在页面，仍按未修复计）· 1 项",
		"需人工核实",
		"汇总：错误 1 · 警告 1 · 提示 0 ｜ 新增 1 / 已修复 1 / 未修复 2 / 待确认 1 / 已接受 1（对比 2026-11-28 14:28 的检查）",
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
