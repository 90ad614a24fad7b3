package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// govaudit runs the command in-process and returns its exit code and output.
func govaudit(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

type jsonOut struct {
	Schema   int `json:"schema"`
	Findings []struct {
		Check, Severity, Rule, Fingerprint, Status string
	} `json:"findings"`
	Totals struct{ Errors, Warnings int } `json:"totals"`
	Diff   struct{ New, Open, Fixed, Pending, Accepted, Unverified int }
	Run    struct {
		ID       string
		Partial  bool
		Baseline bool
	}
}

func decode(t *testing.T, s string) jsonOut {
	t.Helper()
	var j jsonOut
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, s)
	}
	return j
}

// TestHistoryCommands drives the history as a user does: audits of the
// demo, reports from the store in every format, diff, accept, the exit
// codes of --fail-on and --fail-on-new, and prune.
func TestHistoryCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("three demo audits")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")

	// A refused URL leaves nothing in the store.
	if code, _, errOut := govaudit(t, "audit", "ftp://jyj.example.gov.cn/", "--db", db); code != exitUsage || !strings.Contains(errOut, "http(s)") {
		t.Errorf("audit ftp://: exit %d, %q; want 2 and a word on http(s)", code, errOut)
	}
	if _, out, _ := govaudit(t, "runs", "--db", db); !strings.Contains(out, "还没有检查记录") {
		t.Errorf("a refused URL left a run: %s", out)
	}

	code, out, errOut := govaudit(t, "audit", "--demo", "--db", db, "--format", "json")
	first := decode(t, out)
	if code != exitFindings || first.Schema != 1 || !first.Run.Baseline || first.Totals.Errors == 0 {
		t.Fatalf("first audit: exit %d, %+v\n%s", code, first.Run, errOut)
	}
	var fp string
	for _, f := range first.Findings {
		if f.Severity == "error" && f.Check == "dead-link" && fp == "" {
			fp = f.Fingerprint
		}
	}

	// A limited run: partial, nothing new, so --fail-on-new passes.
	code, out, _ = govaudit(t, "audit", "--demo", "--db", db, "--format", "json", "--max-pages", "10", "--fail-on-new")
	if lim := decode(t, out); code != exitOK || !lim.Run.Partial || lim.Run.Baseline || lim.Diff.New != 0 || lim.Diff.Fixed != 0 {
		t.Errorf("limited audit with --fail-on-new: exit %d, run %+v, diff %+v", code, lim.Run, lim.Diff)
	}
	if code, _, errOut := govaudit(t, "diff", "--db", db); code != exitUsage || !strings.Contains(errOut, "不足两次") || !strings.Contains(errOut, "govaudit runs") {
		t.Errorf("diff with one baseline: exit %d, %q", code, errOut)
	}

	// Accept one error; an unknown fingerprint is refused and records nothing.
	if code, _, errOut := govaudit(t, "accept", "--db", db, "0123456789abcdef01234567", fp, "--reason", "x"); code != exitUsage || !strings.Contains(errOut, "识别码 0123456789abcdef01234567 不在") {
		t.Errorf("accept with an unknown fingerprint: exit %d, %q", code, errOut)
	}
	if code, _, errOut := govaudit(t, "accept", "--db", db, fp); code != exitUsage || !strings.Contains(errOut, "--reason") {
		t.Errorf("accept without a reason: exit %d, %q", code, errOut)
	}
	if code, out, errOut := govaudit(t, "accept", "--db", db, fp, "--reason", "旧栏目已报备", "--by", "办公室"); code != exitOK || !strings.Contains(out, "已接受 1 项") {
		t.Fatalf("accept: exit %d, %q %q", code, out, errOut)
	}

	code, out, _ = govaudit(t, "audit", "--demo", "--db", db, "--format", "json", "--fail-on", "never")
	second := decode(t, out)
	if code != exitOK || second.Diff.New != 0 || second.Diff.Accepted != 1 || second.Totals.Errors != first.Totals.Errors-1 {
		t.Errorf("after accepting: exit %d, totals %+v (first %+v), diff %+v", code, second.Totals, first.Totals, second.Diff)
	}
	// The two baselines diff to nothing new and nothing fixed.
	code, out, _ = govaudit(t, "diff", "--db", db, "--format", "json")
	var d struct{ New, Fixed, Open []json.RawMessage }
	if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil || len(d.New) != 0 || len(d.Fixed) != 0 || len(d.Open) != len(first.Findings) {
		t.Errorf("diff: exit %d, %v, new %d fixed %d open %d (want %d open)", code, err, len(d.New), len(d.Fixed), len(d.Open), len(first.Findings))
	}
	if code, out, _ := govaudit(t, "diff", "--db", db); code != exitOK || !strings.Contains(out, "汇总：新增 0 / 已修复 0 / 未修复") {
		t.Errorf("diff text: exit %d\n%s", code, out)
	}

	// Every report format, from the store.
	for _, f := range []string{"text", "json", "html", "csv", "xlsx"} {
		path := filepath.Join(dir, "r."+f)
		if code, _, errOut := govaudit(t, "report", "--db", db, "--format", f, "--out", path); code != exitOK {
			t.Errorf("report --format %s: exit %d, %s", f, code, errOut)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) < 100 {
			t.Errorf("report --format %s wrote %d bytes (%v)", f, len(data), err)
		}
		if f == "csv" {
			if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
				t.Error("csv lacks the UTF-8 BOM")
			}
			rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
			if err != nil || len(rows) != 1+len(second.Findings) {
				t.Errorf("csv: %v, %d rows for %d findings", err, len(rows), len(second.Findings))
			}
		}
		if f == "text" && !strings.Contains(string(data), "已接受（不计入问题数与退出码）· 1 项") {
			t.Error("text report does not list the accepted finding apart")
		}
	}

	// --confirm 1 counts transient failures at once; 0 is refused.
	if code, _, _ := govaudit(t, "audit", "--demo", "--db", db, "--confirm", "0"); code != exitUsage {
		t.Errorf("--confirm 0: exit %d, want 2", code)
	}
	if first.Diff.Pending == 0 {
		t.Error("the demo's first run has no pending finding: --confirm proves nothing")
	}
	_, out, _ = govaudit(t, "audit", "--demo", "--db", filepath.Join(dir, "c.db"), "--format", "json", "--confirm", "1")
	if c1 := decode(t, out); c1.Diff.Pending != 0 || c1.Diff.New != first.Diff.New+first.Diff.Pending {
		t.Errorf("--confirm 1: diff %+v; want nothing pending, all %d new", c1.Diff, first.Diff.New+first.Diff.Pending)
	}

	// prune keeps the records and the newest baseline's details.
	if code, out, errOut := govaudit(t, "prune", "--db", db, "--keep", "1", "--compact"); code != exitOK || !strings.Contains(out, "已清理 2 次") {
		t.Errorf("prune: exit %d, %q %q", code, out, errOut)
	}
	if _, out, _ := govaudit(t, "runs", "--db", db); strings.Count(out, "http://jyj.lanjiang.gov.cn/") != 3 {
		t.Errorf("after prune, runs lists:\n%s", out)
	}
	if code, out, _ := govaudit(t, "report", "--db", db, "--format", "json"); code != exitOK || len(decode(t, out).Findings) != len(second.Findings) {
		t.Errorf("the newest run lost its findings to prune")
	}
}
