package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"govaudit/checks"
	"govaudit/internal/store"
)

// storeWithRuns makes a database with two complete runs of a.gov.cn.
func storeWithRuns(t *testing.T, path string) []store.Run {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var runs []store.Run
	for i := 0; i < 2; i++ {
		r, err := st.BeginRun("http://a.gov.cn/", time.Date(2026, 11, 1+i, 2, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		r.Status = store.StatusComplete
		f := []checks.Finding{{Check: "dead-link", Severity: checks.Error, Page: "http://a.gov.cn/", Target: "http://a.gov.cn/x", Rule: "http-404"}}
		if err := st.FinishRun(r, f, nil); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	return runs
}

// TestTruncatedStore: a database cut short is refused with a clear exit
// and a word on db repair — never a crash — and db repair brings back what
// is readable.
func TestTruncatedStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	storeWithRuns(t, db)
	fi, _ := os.Stat(db)
	if err := os.Truncate(db, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"runs", "--db", db}, {"report", "--db", db}, {"audit", "http://127.0.0.1:1/", "--db", db}} {
		out, err := govauditCmd(args...).CombinedOutput()
		if code := cmdExit(err); code != exitFailed || !strings.Contains(string(out), "被截断") || !strings.Contains(string(out), "govaudit db repair") {
			t.Errorf("%v on a truncated store: exit %d\n%s", args[0], code, out)
		}
	}
	code, out, errOut := govaudit(t, "db", "repair", "--db", db)
	if code != exitOK || !strings.Contains(out, "已修复") {
		t.Fatalf("db repair: exit %d\n%s%s", code, out, errOut)
	}
	if matches, _ := filepath.Glob(db + ".damaged-*"); len(matches) != 1 {
		t.Errorf("the damaged file was not kept: %v", matches)
	}
	if code, _, errOut := govaudit(t, "runs", "--db", db); code != exitOK {
		t.Errorf("runs after repair: exit %d, %s", code, errOut)
	}
	if code, out, _ := govaudit(t, "db", "check", "--db", db); code != exitOK || !strings.Contains(out, "未发现问题") {
		t.Errorf("db check after repair: exit %d\n%s", code, out)
	}
}

// TestCorruptRunRecord: one unreadable run record is listed as damaged and
// blocks neither runs nor the next audit's baseline; db check names it.
func TestCorruptRunRecord(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	runs := storeWithRuns(t, db)
	b, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		key := make([]byte, 8)
		id := uint64(runs[1].ID)
		for i := 7; i >= 0; i-- {
			key[i] = byte(id)
			id >>= 8
		}
		return tx.Bucket([]byte("sites")).Bucket([]byte("http://a.gov.cn/")).Bucket([]byte("runs")).Put(key, []byte("{not json"))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := govaudit(t, "runs", "--db", db)
	if code != exitOK || !strings.Contains(out, "记录损坏") || !strings.Contains(out, "完成") {
		t.Errorf("runs with a corrupt record: exit %d\n%s%s", code, out, errOut)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	base, ok, err := st.LastBaseline("http://a.gov.cn/", 0)
	st.Close()
	if err != nil || !ok || base.ID != runs[0].ID {
		t.Errorf("baseline past a corrupt record: %v, %v, %v; want the first run", base.ID, ok, err)
	}
	code, out, _ = govaudit(t, "db", "check", "--db", db)
	if code != exitFindings || !strings.Contains(out, runs[1].ID.String()) {
		t.Errorf("db check: exit %d\n%s", code, out)
	}
}

// TestForeignBboltFile: another program's bbolt file is neither read as
// ours nor written into.
func TestForeignBboltFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "other.db")
	b, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		bk, _ := tx.CreateBucket([]byte("sessions"))
		return bk.Put([]byte("k"), []byte("v"))
	})
	b.Close()
	before, _ := os.ReadFile(db)
	out, err := govauditCmd("audit", "http://127.0.0.1:1/", "--db", db).CombinedOutput()
	if code := cmdExit(err); code != exitFailed || (!strings.Contains(string(out), "其他程序的 bbolt 数据库") || !strings.Contains(string(out), "--db")) {
		t.Errorf("audit into a foreign bbolt file: exit %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the foreign file was written into")
	}
}

// TestFullDisk: when the run cannot be saved, the report is still printed
// and the exit says the run was not saved; the store keeps its old runs.
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo audit")
	}
	db := filepath.Join(t.TempDir(), "full.db")
	storeWithRuns(t, db)
	fi, _ := os.Stat(db)
	cmd := govauditCmd("audit", "--demo", "--db", db, "--format", "json")
	cmd.Env = append(cmd.Env, "GOVAUDIT_FSIZE="+strconv.FormatInt(fi.Size(), 10))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmdExit(err); code != exitFailed || !strings.Contains(stderr.String(), "不在数据库中") {
		t.Errorf("audit on a full disk: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"findings"`) || !strings.Contains(stdout.String(), "dead-link") {
		t.Errorf("no report printed on a full disk:\n%.300s", stdout.String())
	}
	code, out, errOut := govaudit(t, "runs", "--db", db)
	if code != exitOK || strings.Count(out, "完成") != 2 {
		t.Errorf("runs after a full disk: exit %d\n%s%s", code, out, errOut)
	}
}
