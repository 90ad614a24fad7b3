package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"govaudit/internal/filetext"
	"govaudit/internal/store"
)

// TestMain lets a test re-execute this binary as govaudit itself: with
// GOVAUDIT_AS_MAIN=1 the arguments after "--" are govaudit's.
func TestMain(m *testing.M) {
	filetext.ServeIfWorker() // PDFs are read in worker processes, as govaudit does
	if os.Getenv("GOVAUDIT_AS_MAIN") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Args = append([]string{"govaudit"}, args...)
		if n, err := strconv.ParseUint(os.Getenv("GOVAUDIT_FSIZE"), 10, 64); err == nil {
			// A full disk, as the process sees it: writes past n bytes
			// fail with EFBIG (SIGXFSZ would kill it otherwise).
			signal.Ignore(syscall.SIGXFSZ)
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
				panic(err)
			}
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// govauditCmd returns a child process running govaudit with args.
func govauditCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "GOVAUDIT_AS_MAIN=1")
	return cmd
}

// slowSite serves an endless-looking site whose pages take 50 ms each, so
// an audit of it is still running when the test acts.
type slowSite struct {
	hits  atomic.Int64
	delay time.Duration
	pages int
}

func (s *slowSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	select {
	case <-time.After(s.delay):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString("<html><head><title>慢速站点</title></head><body>")
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, `<a href="/p/%d-%d.html">第%d页</a> `, s.hits.Load(), i, i)
	}
	b.WriteString(`<a href="/missing.html">失效链接</a></body></html>`)
	if r.URL.Path == "/missing.html" {
		w.WriteHeader(http.StatusNotFound)
	}
	w.Write([]byte(b.String()))
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestKilledAuditLeavesStoreIntact kills an audit with SIGKILL mid-run: the
// store must open afterwards, with the previous complete run and its
// findings intact and the killed run marked interrupted.
func TestKilledAuditLeavesStoreIntact(t *testing.T) {
	db := filepath.Join(t.TempDir(), "govaudit.db")
	quick := &slowSite{pages: 1}
	srv := httptest.NewServer(quick)
	defer srv.Close()

	// A first, complete run with a small page limit.
	out, err := govauditCmd("audit", srv.URL+"/", "--db", db, "--max-pages", "3", "--rate", "0",
		"--format", "json", "--fail-on", "never").CombinedOutput()
	if err != nil {
		t.Fatalf("first audit: %v\n%s", err, out)
	}

	// A second run that will be killed mid-crawl.
	quick.delay = 50 * time.Millisecond
	quick.hits.Store(0)
	cmd := govauditCmd("audit", srv.URL+"/", "--db", db, "--max-pages", "100000", "--rate", "0", "--parallel", "1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the second audit to crawl", func() bool { return quick.hits.Load() >= 10 })
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("store does not open after a killed audit: %v", err)
	}
	defer st.Close()
	runs, err := st.Runs("")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 {
		t.Fatalf("got %d runs, want 2: %+v", len(runs), runs)
	}
	if runs[0].Status != store.StatusComplete || runs[1].Status != store.StatusInterrupted {
		t.Fatalf("statuses = %s, %s; want complete, interrupted", runs[0].Status, runs[1].Status)
	}
	findings, err := st.Findings(runs[0].Site, runs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != runs[0].Findings || len(findings) == 0 {
		t.Fatalf("first run lists %d findings, store holds %d", runs[0].Findings, len(findings))
	}
	last, ok, err := st.LastComplete(runs[0].Site, 0)
	if err != nil || !ok || last.ID != runs[0].ID {
		t.Fatalf("LastComplete = %v, %v, %v; want the first run", last.ID, ok, err)
	}
}

// TestRunsWhileAuditHoldsStore: `govaudit runs` during an audit says the
// database is busy, within its timeout, instead of hanging.
func TestRunsWhileAuditHoldsStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "govaudit.db")
	site := &slowSite{delay: 50 * time.Millisecond}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cmd := govauditCmd("audit", srv.URL+"/", "--db", db, "--rate", "0", "--parallel", "1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}()
	waitFor(t, "the audit to start crawling", func() bool { return site.hits.Load() >= 2 })

	var stdout, stderr bytes.Buffer
	began := time.Now()
	code := run(context.Background(), []string{"runs", "--db", db, "--timeout", "300ms"}, &stdout, &stderr)
	took := time.Since(began)
	if code != exitFailed {
		t.Errorf("exit code = %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr.String(), "数据库正被占用") || !strings.Contains(stderr.String(), "--timeout") {
		t.Errorf("stderr = %q, want it to say the database is busy (数据库正被占用) and name --timeout", stderr.String())
	}
	if took > 10*time.Second {
		t.Errorf("runs took %v with a 300ms timeout", took)
	}
}

// TestInterruptMarksRun: SIGINT stops an audit cleanly, the run is stored
// as interrupted and the exit code is 3.
func TestInterruptMarksRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "govaudit.db")
	site := &slowSite{delay: 50 * time.Millisecond}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cmd := govauditCmd("audit", srv.URL+"/", "--db", db, "--rate", "0", "--parallel", "1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the audit to start crawling", func() bool { return site.hits.Load() >= 3 })
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitFailed {
		t.Fatalf("exit = %v, want code %d; stderr:\n%s", err, exitFailed, stderr.String())
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, _ := st.Runs("")
	if len(runs) != 1 || runs[0].Status != store.StatusInterrupted || runs[0].Note == store.NoteDied {
		t.Fatalf("runs = %+v, want one run interrupted by the user", runs)
	}
}
