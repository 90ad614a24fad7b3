package store

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The busy and crash tests re-run this test binary as a child process, with
// these variables saying what the child is to do (see TestHelperChild).
const (
	envChildPath = "GOVAUDIT_STORE_TEST_CHILD_DB"
	envChildMode = "GOVAUDIT_STORE_TEST_CHILD_MODE"
)

type childResult struct {
	Err     string `json:"err"`
	Busy    bool   `json:"busy"`
	Elapsed int64  `json:"elapsed_ms"`
	RunID   string `json:"run_id"`
}

// TestHelperChild is not a test: it is the child process's body.
func TestHelperChild(t *testing.T) {
	path := os.Getenv(envChildPath)
	if path == "" {
		t.Skip("helper for child processes")
	}
	mode := os.Getenv(envChildMode)
	var res childResult
	start := time.Now()
	s, err := Open(path, Options{ReadOnly: mode == "read", Timeout: 200 * time.Millisecond})
	res.Elapsed = time.Since(start).Milliseconds()
	if err != nil {
		res.Err = err.Error()
		res.Busy = errors.Is(err, ErrBusy)
	}
	if err == nil && mode == "begin-and-die" {
		r, err := s.BeginRun("died.example.gov.cn", time.Now())
		if err != nil {
			res.Err = err.Error()
		}
		res.RunID = r.ID.String()
		b, _ := json.Marshal(res)
		os.Stdout.Write(append([]byte("RESULT "), append(b, '\n')...))
		os.Exit(0) // die holding the store: no Close, no FinishRun
	}
	if s != nil {
		s.Close()
	}
	b, _ := json.Marshal(res)
	os.Stdout.Write(append([]byte("RESULT "), append(b, '\n')...))
}

func runChild(t *testing.T, path, mode string) childResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildPath+"="+path, envChildMode+"="+mode)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "RESULT "); ok {
			var res childResult
			if err := json.Unmarshal([]byte(line), &res); err != nil {
				t.Fatal(err)
			}
			return res
		}
	}
	t.Fatalf("child printed no result:\n%s", out)
	return childResult{}
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "govaudit.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestBusyFromChildProcess(t *testing.T) {
	s, path := openTemp(t)
	for _, mode := range []string{"write", "read"} {
		res := runChild(t, path, mode)
		if !res.Busy {
			t.Fatalf("%s open from a child while the parent holds the lock: err %q, want ErrBusy", mode, res.Err)
		}
		if !strings.Contains(res.Err, "database busy") || !strings.Contains(res.Err, path) {
			t.Errorf("%s: message %q should say \"database busy\" and name %s", mode, res.Err, path)
		}
		if res.Elapsed < 100 || res.Elapsed > 2000 {
			t.Errorf("%s: busy after %dms, want about the 200ms timeout", mode, res.Elapsed)
		}
	}
	// Released: the same child now succeeds, so it was the lock that failed it.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if res := runChild(t, path, "write"); res.Err != "" {
		t.Fatalf("child open after the parent closed: %s", res.Err)
	}
}

// On Linux flock locks belong to the open file description, so a second
// Open in the same process conflicts with the first just as another
// process would.
func TestBusyInProcess(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	s2, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if err == nil {
		s2.Close()
		t.Fatal("second write open in the same process succeeded; want ErrBusy")
	}
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "database busy") {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestCrashedRunBecomesInterrupted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "govaudit.db")
	res := runChild(t, path, "begin-and-die")
	if res.Err != "" || res.RunID == "" {
		t.Fatalf("child: %+v", res)
	}
	id, err := ParseRunID(res.RunID)
	if err != nil {
		t.Fatal(err)
	}

	// A reader cannot repair anything and sees the run as left.
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := r.Run("died.example.gov.cn", id)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != StatusRunning {
		t.Fatalf("read-only view: status %q, want running", run.Status)
	}
	r.Close()

	w, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	run, err = w.Run("died.example.gov.cn", id)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != StatusInterrupted || run.Note != NoteDied {
		t.Fatalf("after write open: status %q note %q, want interrupted / %q", run.Status, run.Note, NoteDied)
	}
	if _, ok, _ := w.LastComplete("died.example.gov.cn", 0); ok {
		t.Fatal("LastComplete returned an interrupted run")
	}
}

func TestStaleRunningInProcess(t *testing.T) {
	s, path := openTemp(t)
	run, err := s.BeginRun("a.gov.cn", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Run("a.gov.cn", run.ID); got.Status != StatusRunning {
		t.Fatalf("status %q, want running", got.Status)
	}
	s.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Run("a.gov.cn", run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusInterrupted || got.Note != NoteDied {
		t.Fatalf("got %+v", got)
	}
}

func TestReadOnlyMissing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "govaudit.db")
	_, err := Open(path, Options{ReadOnly: true})
	if !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("err = %v, want ErrNoDatabase", err)
	}
	want := "no database at " + path + " yet: run `govaudit audit` first"
	if err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Error("read-only open created the directory")
	}
	// An empty file (say, touched by hand) is no database either.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(empty, Options{ReadOnly: true}); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("empty file: err = %v, want ErrNoDatabase", err)
	}
}

func TestWriteOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "govaudit.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != path {
		t.Errorf("Path() = %q", s.Path())
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		t.Errorf("file mode %v, want 0600", m)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if m := di.Mode().Perm(); m&0o077 != 0 {
		t.Errorf("dir mode %v, want 0700", m)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.BeginRun("a.gov.cn", time.Now()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.BeginRun("a.gov.cn", time.Now()); !errors.Is(err, berrors.ErrDatabaseReadOnly) {
		t.Fatalf("BeginRun on a read-only store: %v", err)
	}
	// Two readers at once are fine.
	r2, err := Open(path, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	r2.Close()
	// A writer is not.
	if _, err := Open(path, Options{Timeout: 200 * time.Millisecond}); !errors.Is(err, ErrBusy) {
		t.Fatalf("writer while a reader holds the file: %v", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], SchemaVersion+1)
		return tx.Bucket(bucketMeta).Put(keySchema, b[:])
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), "schema version 3") {
			t.Errorf("readOnly=%v: err = %v, want ErrSchema naming version 3", ro, err)
		}
	}
	// The failed open released the lock.
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("lock not released after refused open: %v", err)
	}
	db.Close()
}

func TestSchemaWritten(t *testing.T) {
	s, _ := openTemp(t)
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keySchema)
		if len(v) != 8 || binary.BigEndian.Uint64(v) != 2 {
			t.Errorf("schema = %x, want version 2", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("GOVAUDIT_DB", "/x/y.db")
	t.Setenv("XDG_DATA_HOME", "/data")
	t.Setenv("HOME", "/home/u")
	if got := DefaultPath(); got != "/x/y.db" {
		t.Errorf("with GOVAUDIT_DB: %q", got)
	}
	t.Setenv("GOVAUDIT_DB", "")
	if got := DefaultPath(); got != "/data/govaudit/govaudit.db" {
		t.Errorf("with XDG_DATA_HOME: %q", got)
	}
	t.Setenv("XDG_DATA_HOME", "")
	if got := DefaultPath(); got != "/home/u/.local/share/govaudit/govaudit.db" {
		t.Errorf("with HOME only: %q", got)
	}
	t.Setenv("XDG_DATA_HOME", "relative/ignored")
	if got := DefaultPath(); got != "/home/u/.local/share/govaudit/govaudit.db" {
		t.Errorf("with relative XDG_DATA_HOME: %q", got)
	}
}
