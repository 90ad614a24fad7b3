package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// logLines collects a child's stderr line by line.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l.mu.Lock()
		l.lines = append(l.lines, sc.Text())
		l.mu.Unlock()
	}
}

func (l *logLines) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// TestServeRunsAndStopsOnSIGTERM runs `govaudit serve` as a process against
// the demo site with an audit every 3 seconds: runs are stored, samples
// taken, the dashboard answers, a second serve on the same store exits 3,
// and SIGTERM in the middle of a run leaves the store consistent with that
// run marked interrupted.
func TestServeRunsAndStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the daemon")
	}
	db := filepath.Join(t.TempDir(), "serve.db")
	addr := freeAddr(t)
	cmd := govauditCmd("serve", "--demo", "--db", db, "--listen", addr, "--schedule", "@every 3s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var logs logLines
	go logs.read(stderr)
	defer cmd.Process.Kill()

	waitLong := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Minute)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; log:\n%s", what, logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitLong("the dashboard", func() bool { return logs.count("dashboard listening") == 1 })
	waitLong("two finished audits", func() bool { return logs.count("audit finished") >= 2 })

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `govaudit_runs_total{site="http://jyj.lanjiang.gov.cn/",status="complete"}`) {
		t.Errorf("/metrics: %d\n%.600s", resp.StatusCode, body)
	}

	// A second serve on the same store refuses and exits 3.
	out, err := govauditCmd("serve", "--demo", "--db", db, "--listen", freeAddr(t), "--timeout", "300ms").CombinedOutput()
	if code := cmdExit(err); code != exitFailed || !strings.Contains(string(out), "数据库正被占用") {
		t.Errorf("second serve: exit %d\n%s", code, out)
	}

	// SIGTERM while an audit runs.
	started := logs.count("audit started")
	waitLong("the next audit to start", func() bool { return logs.count("audit started") > started })
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v; log:\n%s", err, logs.String())
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("store after SIGTERM: %v", err)
	}
	defer st.Close()
	site := "http://jyj.lanjiang.gov.cn/"
	runs, err := st.Runs(site)
	if err != nil {
		t.Fatal(err)
	}
	complete := 0
	for _, r := range runs {
		switch r.Status {
		case outcome.StatusRunning:
			t.Errorf("run %s still running after SIGTERM", r.ID)
		case outcome.StatusComplete:
			complete++
		}
	}
	if last := runs[len(runs)-1]; complete < 2 || last.Status != outcome.StatusInterrupted || last.Note != "用户中断" {
		t.Errorf("runs after SIGTERM: %d complete, last %s (%s); want >= 2 and the last interrupted", complete, last.Status, last.Note)
	}
	if o, err := st.Outcome(site, runs[len(runs)-2].ID); err != nil || len(o.Findings) == 0 {
		t.Errorf("a complete run does not reload whole: %v", err)
	}
	if smp, _ := st.Samples(site, time.Now().Add(-time.Hour), time.Now().Add(time.Hour)); len(smp) == 0 || !smp[0].OK {
		t.Errorf("availability samples: %+v", smp)
	}
	if logs.count("audit interrupted by shutdown") != 1 || logs.count(`msg=stopped`) != 1 {
		t.Errorf("log does not say the run was interrupted and serve stopped:\n%s", logs.String())
	}
}

// cmdExit is a finished child's exit code (0 when err is nil).
func cmdExit(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(interface{ ExitCode() int }); ok {
		return ee.ExitCode()
	}
	return -1
}

// TestMailDryRun builds the week's digest from a real audit and writes it
// as .eml; a second call gives the same message (built once a week).
func TestMailDryRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo audit")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	if code, _, errOut := govaudit(t, "audit", "--demo", "--db", db, "--fail-on", "never", "--format", "json"); code != exitOK {
		t.Fatalf("audit: %d %s", code, errOut)
	}
	conf := filepath.Join(dir, "govaudit.yaml")
	writeFile(t, conf, "mail: {host: 127.0.0.1, port: 2525, tls: none, from: 网站检查 <govaudit@lanjiang.gov.cn>}\n"+
		"sites:\n  - name: 澜江市教育局\n    url: http://jyj.lanjiang.gov.cn/\n    recipients: [office@lanjiang.gov.cn]\n")
	eml := filepath.Join(dir, "digest.eml")
	code, out, errOut := govaudit(t, "mail", "--config", conf, "--db", db, "--dry-run", eml)
	if code != exitOK || !strings.Contains(out, "office@lanjiang.gov.cn") {
		t.Fatalf("mail --dry-run: exit %d, %q %q", code, out, errOut)
	}
	first := readFile(t, eml)
	for _, want := range []string{"Subject:", "=?UTF-8?", "multipart/alternative", "text/plain", "text/html", "spreadsheetml.sheet"} {
		if !strings.Contains(first, want) {
			t.Errorf("digest lacks %q", want)
		}
	}
	govaudit(t, "mail", "--config", conf, "--db", db, "--dry-run", eml)
	if again := readFile(t, eml); again != first {
		t.Error("the week's digest was built twice")
	}
	if code, _, errOut := govaudit(t, "mail", "--config", conf, "--db", db, "--site", "http://other.gov.cn/", "--dry-run", eml); code != exitUsage || (!strings.Contains(errOut, "没有要发送的周报") || !strings.Contains(errOut, "--site")) {
		t.Errorf("mail --site of an unwatched site: exit %d, %q", code, errOut)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
