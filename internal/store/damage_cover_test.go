package store

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

// day1 is 2026-11-01 02:00 UTC; its run ID is 18e3c94add3b4000.
var day1 = time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)

const day1ID = "18e3c94add3b4000"

// needPages4K skips tests whose expected sizes assume bbolt's 4 KiB pages
// (bbolt uses the OS page size for a new file).
func needPages4K(t *testing.T) {
	t.Helper()
	if os.Getpagesize() != 4096 {
		t.Skipf("page size %d: the expected file sizes assume 4096", os.Getpagesize())
	}
}

// freshOneRun writes a new store holding one "running" run of a.gov.cn
// begun at day1 and closes it. Its two meta pages then say (page count 6,
// txid 2) and (page count 8, txid 3): the second is the newer.
func freshOneRun(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "govaudit.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginRun("a.gov.cn", day1); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// metaAt reads page count and txid of the meta page at off, as the test
// knows bbolt's layout (16-byte page header, pgid at 40, txid at 48).
func metaAt(t *testing.T, path string, off int) (pgid, txid uint64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := b[off+16:]
	return binary.LittleEndian.Uint64(m[40:]), binary.LittleEndian.Uint64(m[48:])
}

// flipByte damages one byte of the file.
func flipByte(t *testing.T, path string, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0xff
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func TestFreshLayout(t *testing.T) {
	needPages4K(t)
	path := freshOneRun(t)
	if p, x := metaAt(t, path, 0); p != 6 || x != 2 {
		t.Errorf("meta 0: pgid %d txid %d, want 6 and 2", p, x)
	}
	if p, x := metaAt(t, path, 4096); p != 8 || x != 3 {
		t.Errorf("meta 1: pgid %d txid %d, want 8 and 3", p, x)
	}
	m, err := checkFile(path)
	if err != nil || m.pageSize != 4096 || m.pgid != 8 || m.txid != 3 {
		t.Errorf("checkFile = %+v, %v; want the newer meta (4096, 8, 3)", m, err)
	}
}

func TestTruncatedFile(t *testing.T) {
	needPages4K(t)
	for _, tc := range []struct {
		size int64
		want string // "" : opens
	}{
		{8192, "8192 bytes where its header says 32768"},
		// Just below what the newer meta page says: truncated, though
		// the older meta page (6 pages) would be satisfied.
		{32767, "32767 bytes where its header says 32768"},
		{24576, "24576 bytes where its header says 32768"},
		{32768, ""}, // exactly the size the header says
	} {
		path := freshOneRun(t)
		if err := os.Truncate(path, tc.size); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			s, err := Open(path, Options{ReadOnly: ro})
			if tc.want == "" {
				if err != nil {
					t.Errorf("size %d ro=%v: %v", tc.size, ro, err)
					continue
				}
				runs, _ := s.Runs("a.gov.cn")
				if len(runs) != 1 || runs[0].ID.String() != day1ID {
					t.Errorf("size %d: runs %+v", tc.size, runs)
				}
				s.Close()
				continue
			}
			if s != nil {
				s.Close()
			}
			want := "damaged database: " + path + " is truncated: " + tc.want +
				"; run `govaudit db repair --db " + path + "` to copy what is readable to a new file"
			if !errors.Is(err, ErrDamaged) || err.Error() != want {
				t.Errorf("size %d ro=%v:\n got %v\nwant %s", tc.size, ro, err, want)
			}
		}
	}
}

// TestOlderMetaWhenNewerDamaged: with the newer meta page damaged, the
// older one is trusted (as bbolt does) and its smaller size suffices.
func TestOlderMetaWhenNewerDamaged(t *testing.T) {
	needPages4K(t)
	path := freshOneRun(t)
	flipByte(t, path, 4096+16+60) // meta 1's checksum
	if err := os.Truncate(path, 24576); err != nil {
		t.Fatal(err)
	}
	m, err := checkFile(path)
	if err != nil || m.pgid != 6 || m.txid != 2 {
		t.Fatalf("checkFile = %+v, %v; want meta 0 (6 pages, txid 2)", m, err)
	}
	if err := os.Truncate(path, 24575); err != nil {
		t.Fatal(err)
	}
	if _, err := checkFile(path); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "24575 bytes where its header says 24576") {
		t.Fatalf("one byte short of meta 0: %v", err)
	}
}

// TestFirstMetaDamaged: bbolt reads a file whose first meta page is
// damaged from its second one; so does govaudit.
func TestFirstMetaDamaged(t *testing.T) {
	needPages4K(t)
	path := freshOneRun(t)
	flipByte(t, path, 16+60) // meta 0's checksum
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("bbolt itself: %v", err)
	}
	db.Close()
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("a file bbolt opens from its second meta page is refused: %v", err)
	}
	defer st.Close()
	if runs, err := st.Runs(""); err != nil || len(runs) != 1 {
		t.Errorf("runs %v, %v; want the one run", runs, err)
	}
}

func TestNotABoltFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
		size int
	}{
		{"junk", []byte("hello world, this is not bbolt"), 30},
		{"zeros", make([]byte, 8192), 8192},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		want := "damaged database: " + path + " has no valid database header (" + itoa(tc.size) + " bytes): " +
			"it is not a bbolt file, or it is badly damaged; run `govaudit db repair --db " + path + "` or use another file"
		for _, ro := range []bool{false, true} {
			_, err := Open(path, Options{ReadOnly: ro})
			if !errors.Is(err, ErrDamaged) || err.Error() != want {
				t.Errorf("%s ro=%v:\n got %v\nwant %s", tc.name, ro, err, want)
			}
		}
		kept, copied, lost, err := Repair(path)
		if kept != "" || copied != 0 || lost != 0 || err == nil || err.Error() != want {
			t.Errorf("Repair(%s) = %q %d %d %v", tc.name, kept, copied, lost, err)
		}
		if b, _ := os.ReadFile(path); string(b) != string(tc.data) {
			t.Errorf("Repair changed the file it refused")
		}
	}
}

func TestDirectoryPath(t *testing.T) {
	dir := t.TempDir()
	want := "damaged database: " + dir + " is not a regular file"
	for _, ro := range []bool{false, true} {
		_, err := Open(dir, Options{ReadOnly: ro})
		if !errors.Is(err, ErrDamaged) || err.Error() != want {
			t.Errorf("ro=%v: %v", ro, err)
		}
	}
	if _, _, _, err := Repair(dir); err == nil || err.Error() != want {
		t.Errorf("Repair(dir): %v", err)
	}
}

func TestParentIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(file, "govaudit.db")
	_, err := Open(path, Options{})
	want := "create database directory: mkdir " + file + ": not a directory"
	if err == nil || err.Error() != want {
		t.Errorf("write open: %v, want %s", err, want)
	}
	_, err = Open(path, Options{ReadOnly: true})
	want = "open database: stat " + path + ": not a directory"
	if err == nil || err.Error() != want {
		t.Errorf("read-only open: %v, want %s", err, want)
	}
}

func TestForeignFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "other.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"sites", "widgets", "zebras"} {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			if err := b.Put([]byte("k"), []byte("v")); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := "not a govaudit database: " + path + ` is a bbolt database of another program (it has a bucket "widgets" and no govaudit version); ` +
		"give govaudit its own file with --db"
	for _, ro := range []bool{false, true} {
		s, err := Open(path, Options{ReadOnly: ro})
		if s != nil {
			s.Close()
		}
		if !errors.Is(err, ErrForeign) || err.Error() != want {
			t.Errorf("ro=%v:\n got %v\nwant %s", ro, err, want)
		}
	}
	// Nothing was written into it: no meta bucket.
	db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("refused open kept the lock: %v", err)
	}
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) != nil {
			t.Error("a meta bucket was written into another program's file")
		}
		return nil
	})
	db.Close()

	// A bbolt file with only a sites bucket is an unversioned govaudit
	// file: it opens, and a write open versions it.
	ours := filepath.Join(dir, "ours.db")
	db, _ = bolt.Open(ours, 0o600, &bolt.Options{Timeout: time.Second})
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("sites")); return err })
	db.Close()
	r, err := Open(ours, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of an unversioned file: %v", err)
	}
	if sites, _ := r.Sites(); len(sites) != 0 {
		t.Errorf("sites %v", sites)
	}
	r.Close()
	s, err := Open(ours, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keySchema); len(v) != 8 || binary.BigEndian.Uint64(v) != 2 {
			t.Errorf("schema after write open: %x", v)
		}
		return nil
	})
	s.Close()
}

func TestSchemaOddSizes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	setSchema := func(v []byte) {
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.Update(func(tx *bolt.Tx) error {
			if v == nil {
				return tx.Bucket(bucketMeta).Delete(keySchema)
			}
			return tx.Bucket(bucketMeta).Put(keySchema, v)
		})
	}
	setSchema([]byte{0, 0, 2})
	want := "unsupported database schema: " + path + ": schema version is 3 bytes, want 8; is this a govaudit database?"
	for _, ro := range []bool{false, true} {
		if _, err := Open(path, Options{ReadOnly: ro}); !errors.Is(err, ErrSchema) || err.Error() != want {
			t.Errorf("ro=%v: %v", ro, err)
		}
	}
	// Version 2 exactly is read; version 1 and none are upgraded to 2.
	for _, v := range [][]byte{{0, 0, 0, 0, 0, 0, 0, 2}, {0, 0, 0, 0, 0, 0, 0, 1}, nil} {
		setSchema(v)
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("schema %x: %v", v, err)
		}
		s.db.View(func(tx *bolt.Tx) error {
			if got := tx.Bucket(bucketMeta).Get(keySchema); binary.BigEndian.Uint64(got) != 2 {
				t.Errorf("schema %x: now %x, want 2", v, got)
			}
			return nil
		})
		s.Close()
	}
}

// corruptStore has three runs of a.gov.cn (days 1–3, complete) with one
// finding each, then damages: day 3's run record (not JSON), a run key of
// 3 bytes, and three finding records of day 1.
func corruptStore(t *testing.T) (*Store, string, []outcome.Run) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "govaudit.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var runs []outcome.Run
	for d := 1; d <= 3; d++ {
		f := outcome.Finding{Finding: checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://a.gov.cn/", Fingerprint: "fp" + itoa(d)}, Status: outcome.Open, Seen: 1}
		runs = append(runs, saveRun(t, s, "a.gov.cn", d, []outcome.Finding{f}, 0))
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		rb := sub(tx, "a.gov.cn", bucketRuns)
		if err := rb.Put(runKey(runs[2].ID), []byte("not json")); err != nil {
			return err
		}
		if err := rb.Put([]byte("abc"), []byte("{}")); err != nil {
			return err
		}
		fb := sub(tx, "a.gov.cn", bucketFindings).Bucket(runKey(runs[0].ID))
		if err := fb.Put([]byte("zz-status"), []byte{runValueV2, 9, 1}); err != nil { // no such status
			return err
		}
		if err := fb.Put([]byte("zz-nobody"), append([]byte{runValueV2, 1, 1}, make([]byte, 12)...)); err != nil {
			return err
		}
		return fb.Put([]byte("zz-short"), []byte{runValueV2, 1})
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, path, runs
}

func TestCheckFindsCorruptRecords(t *testing.T) {
	s, path, runs := corruptStore(t)
	probs, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{"a.gov.cn / findings / 18e3c94add3b4000", "store: finding zz-nobody: its body 000000000000000000000000 is missing"},
		{"a.gov.cn / findings / 18e3c94add3b4000", "store: finding zz-short: unreadable record"},
		{"a.gov.cn / findings / 18e3c94add3b4000", "store: finding zz-status: unreadable record"},
		{"a.gov.cn / runs / 18e46673ffd94000", "invalid character 'o' in literal null (expecting 'u')"},
		{"a.gov.cn / runs", "store: run key of 3 bytes, want 8"},
	}
	if len(probs) != len(want) {
		t.Fatalf("Check = %q\nwant %q", probs, want)
	}
	for i := range want {
		if probs[i] != want[i] {
			t.Errorf("problem %d = %q, want %q", i, probs[i], want[i])
		}
	}

	// The damaged run is listed as damaged, not hidden, and blocks nothing.
	list, err := s.Runs("a.gov.cn")
	if err != nil || len(list) != 3 {
		t.Fatalf("Runs = %+v, %v", list, err)
	}
	if d := list[2]; d.Status != StatusDamaged || d.ID != runs[2].ID || !d.Started.Equal(time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)) ||
		d.Note != "invalid character 'o' in literal null (expecting 'u')" || d.Site != "a.gov.cn" {
		t.Errorf("damaged run listed as %+v", d)
	}
	if r, err := s.Run("a.gov.cn", runs[2].ID); err != nil || r.Status != StatusDamaged {
		t.Errorf("Run(damaged) = %+v, %v", r, err)
	}
	// The newest readable baseline is day 2's.
	if r, ok, err := s.LastBaseline("a.gov.cn", 0); err != nil || !ok || r.ID != runs[1].ID {
		t.Errorf("LastBaseline = %v %v %v, want day 2", r.ID, ok, err)
	}
	if r, ok, err := s.Latest("a.gov.cn"); err != nil || !ok || r.ID != runs[1].ID {
		t.Errorf("Latest = %v %v %v, want day 2", r.ID, ok, err)
	}
	// Findings of a run with a bad record: an error naming the run and record.
	_, err = s.Findings("a.gov.cn", runs[0].ID)
	if err == nil || err.Error() != "findings of run 18e3c94add3b4000: store: finding zz-nobody: its body 000000000000000000000000 is missing" {
		t.Errorf("Findings(day 1) err = %v", err)
	}
	if _, _, ok, err := s.BaselineFindings("a.gov.cn", runs[1].ID); ok || err == nil {
		t.Errorf("BaselineFindings before day 2 = ok %v err %v, want the day-1 error", ok, err)
	}
	if _, err := s.Outcome("a.gov.cn", runs[0].ID); err == nil || !strings.HasPrefix(err.Error(), "findings of run 18e3c94add3b4000: ") {
		t.Errorf("Outcome(day 1): %v", err)
	}
	s.Close()

	// A write open is not blocked by the damaged records.
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("write open of a store with damaged records: %v", err)
	}
	s2.Close()
}

func TestCheckSoundStore(t *testing.T) {
	s, _ := openTemp(t)
	if probs, err := s.Check(); err != nil || len(probs) != 0 {
		t.Errorf("empty store: %v %v", probs, err)
	}
	saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{{Finding: checks.Finding{Check: "dead-link", Fingerprint: "aa"}, Status: outcome.New}}, 0)
	if probs, err := s.Check(); err != nil || len(probs) != 0 {
		t.Errorf("sound store: %v %v", probs, err)
	}
}

func TestCorruptFindingRecords(t *testing.T) {
	s, _ := openTemp(t)
	run := saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{{Finding: checks.Finding{Check: "dead-link", Fingerprint: "aa"}, Status: outcome.New}}, 0)
	var good []byte
	s.db.View(func(tx *bolt.Tx) error {
		good = append([]byte(nil), sub(tx, "a.gov.cn", bucketFindings).Bucket(runKey(run.ID)).Get([]byte("aa"))...)
		return nil
	})
	// The good record: version, status New (1), seen 0 as one varint byte, 12-byte body key.
	if len(good) != 15 || good[0] != 2 || good[1] != 1 || good[2] != 0 {
		t.Fatalf("record %x", good)
	}
	for _, tc := range []struct {
		name string
		v    []byte
		want string
	}{
		{"empty", nil, "store: finding aa: unreadable record"},
		{"version 3", append([]byte{3}, good[1:]...), "store: finding aa: unreadable record"},
		{"status 5", append([]byte{2, 5}, good[2:]...), "store: finding aa: unreadable record"},
		{"body key cut", good[:14], "store: finding aa: unreadable record"},
		{"bad varint", []byte{2, 1, 0x80}, "store: finding aa: unreadable record"},
		{"bad acceptance", append(append([]byte(nil), good...), '{'), "store: finding aa: acceptance: unexpected end of JSON input"},
		{"bad schema 1", []byte(`{"check":`), "store: finding aa: unexpected end of JSON input"},
	} {
		s.db.Update(func(tx *bolt.Tx) error {
			return sub(tx, "a.gov.cn", bucketFindings).Bucket(runKey(run.ID)).Put([]byte("aa"), tc.v)
		})
		if tc.v == nil { // bbolt stores nil as empty
			s.db.Update(func(tx *bolt.Tx) error {
				return sub(tx, "a.gov.cn", bucketFindings).Bucket(runKey(run.ID)).Put([]byte("aa"), []byte{})
			})
		}
		probs, err := s.Check()
		if err != nil || len(probs) != 1 || probs[0].What != tc.want || probs[0].Where != "a.gov.cn / findings / 18e3c94add3b4000" {
			t.Errorf("%s: Check = %q, %v; want %q", tc.name, probs, err, tc.want)
		}
	}
	// Status 4 (accepted) is the last known one and reads.
	s.db.Update(func(tx *bolt.Tx) error {
		return sub(tx, "a.gov.cn", bucketFindings).Bucket(runKey(run.ID)).Put([]byte("aa"), append([]byte{2, 4}, good[2:]...))
	})
	fs, err := s.findings("a.gov.cn", run.ID)
	if err != nil || len(fs) != 1 || fs[0].Status != outcome.Accepted {
		t.Errorf("status 4: %+v %v", fs, err)
	}
	// A body that is not JSON.
	s.db.Update(func(tx *bolt.Tx) error {
		bk := sub(tx, "a.gov.cn", bucketBodies)
		return bk.Put(good[3:15], []byte("garbage"))
	})
	probs, _ := s.Check()
	if len(probs) != 1 || probs[0].What != "store: finding aa: invalid character 'g' looking for beginning of value" {
		t.Errorf("bad body: %q", probs)
	}
}

func TestCorruptOutcomeRecord(t *testing.T) {
	s, _ := openTemp(t)
	run := saveRun(t, s, "a.gov.cn", 1, nil, 0)
	s.db.Update(func(tx *bolt.Tx) error {
		return sub(tx, "a.gov.cn", bucketOutcomes).Put(runKey(run.ID), []byte("[1]"))
	})
	_, err := s.Outcome("a.gov.cn", run.ID)
	want := `run 18e3c94add3b4000 of site "a.gov.cn": outcome record: json: cannot unmarshal array into Go value of type store.storedRest; ` +
		"`govaudit db check` tells what else is damaged"
	if err == nil || err.Error() != want {
		t.Errorf("Outcome:\n got %v\nwant %s", err, want)
	}
}

var keptName = regexp.MustCompile(`^(.*)\.damaged-\d{8}-\d{6}$`)

func TestRepairSoundFile(t *testing.T) {
	s, path := openTemp(t)
	saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{{Finding: checks.Finding{Check: "dead-link", Fingerprint: "aa"}, Status: outcome.New}}, 0)
	if err := s.PutDigest(Digest{Key: "w1"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	kept, copied, lost, err := Repair(path)
	if err != nil {
		t.Fatal(err)
	}
	// meta/schema, digests/w1, runs/<id>, findings/<id>/aa, bodies/<key>, outcomes/<id>
	if copied != 6 || lost != 0 {
		t.Errorf("copied %d lost %d, want 6 and 0", copied, lost)
	}
	if m := keptName.FindStringSubmatch(kept); m == nil || m[1] != path {
		t.Errorf("kept as %q, want %s.damaged-YYYYMMDD-HHMMSS", kept, path)
	}
	if b, _ := os.ReadFile(kept); string(b) != string(before) {
		t.Errorf("the old file was not kept as it was")
	}
	if _, err := os.Stat(path + ".repaired"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("work file left behind: %v", err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, err := s.Outcome("a.gov.cn", RunID(day1.UnixNano()))
	if err != nil || len(o.Findings) != 1 || o.Findings[0].Fingerprint != "aa" || o.Findings[0].Status != outcome.New {
		t.Errorf("after repair: %+v %v", o, err)
	}
	if d, ok, _ := s.Digest("w1"); !ok || d.Key != "w1" {
		t.Errorf("digest lost")
	}
}

// TestRepairTruncated: the file ends after the page holding the meta
// bucket and the digests; the page of the sites bucket is gone.
func TestRepairTruncated(t *testing.T) {
	needPages4K(t)
	s, path := openTemp(t)
	for d := 1; d <= 3; d++ {
		saveRun(t, s, "a.gov.cn", d, []outcome.Finding{{Finding: checks.Finding{Check: "dead-link", Fingerprint: "f" + itoa(d)}, Status: outcome.New}}, 0)
	}
	for _, k := range []string{"d0", "d1", "d2"} {
		if err := s.PutDigest(Digest{Key: k}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	m, err := checkFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 12288); err != nil {
		t.Fatal(err)
	}
	kept, copied, lost, err := Repair(path)
	if err != nil {
		t.Fatal(err)
	}
	if copied != 4 || lost != 1 {
		t.Errorf("copied %d lost %d, want 4 (schema, 3 digests) and 1 (the sites bucket)", copied, lost)
	}
	if fi, err := os.Stat(kept); err != nil || fi.Size() != 12288 {
		t.Errorf("kept file: %v", err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatalf("repaired file: %v (was %d pages)", err, m.pgid)
	}
	defer s.Close()
	ds, err := s.Digests()
	if err != nil || len(ds) != 3 || ds[0].Key != "d0" || ds[2].Key != "d2" {
		t.Errorf("digests after repair: %+v %v", ds, err)
	}
	if sites, _ := s.Sites(); len(sites) != 0 {
		t.Errorf("sites %v", sites)
	}
	if probs, err := s.Check(); err != nil || len(probs) != 0 {
		t.Errorf("repaired file checks as %v %v", probs, err)
	}
}

// TestRepairLosesRootSilently: when the page of the root bucket is lost,
// Repair counts the root as lost (it used to report nothing lost), keeps
// the damaged file and starts a fresh one.
func TestRepairLosesRootSilently(t *testing.T) {
	needPages4K(t)
	path := freshOneRun(t)
	if err := os.Truncate(path, 8192); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	kept, copied, lost, err := Repair(path)
	if err != nil || kept == "" || copied != 0 || lost != 1 {
		t.Fatalf("Repair = %q, %d copied, %d lost, %v; want the root counted as lost", kept, copied, lost, err)
	}
	if k, _ := os.ReadFile(kept); string(k) != string(before) {
		t.Error("the damaged file was not kept as it was")
	}
}

func TestRepairCannotWrite(t *testing.T) {
	s, path := openTemp(t)
	saveRun(t, s, "a.gov.cn", 1, nil, 0)
	s.Close()
	before, _ := os.ReadFile(path)
	// The work file's place is taken by a directory that is not empty.
	if err := os.MkdirAll(filepath.Join(path+".repaired", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	kept, copied, lost, err := Repair(path)
	if kept != "" || copied != 0 || lost != 0 || err == nil || err.Error() != "open "+path+".repaired: is a directory" {
		t.Errorf("Repair = %q %d %d %v", kept, copied, lost, err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(before) {
		t.Errorf("the database was changed by a failed repair")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 2 {
		t.Errorf("files beside the database: %d, want 2 (it and the directory)", len(entries))
	}
}

func TestCompactFailures(t *testing.T) {
	s, _ := openTemp(t)
	saveRun(t, s, "a.gov.cn", 1, nil, 0)
	dir := t.TempDir()
	exists := filepath.Join(dir, "exists.db")
	os.WriteFile(exists, []byte("x"), 0o600)
	if err := s.Compact(exists); err == nil || err.Error() != "compact: "+exists+" exists" {
		t.Errorf("Compact onto a file: %v", err)
	}
	if b, _ := os.ReadFile(exists); string(b) != "x" {
		t.Errorf("Compact overwrote %s", exists)
	}
	missing := filepath.Join(dir, "no", "such", "c.db")
	if err := s.Compact(missing); err == nil || err.Error() != "compact: open "+missing+": no such file or directory" {
		t.Errorf("Compact into a missing directory: %v", err)
	}
	good := filepath.Join(dir, "c.db")
	if err := s.Compact(good); err != nil {
		t.Fatal(err)
	}
	c, err := Open(good, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if runs, _ := c.Runs("a.gov.cn"); len(runs) != 1 || runs[0].ID.String() != day1ID {
		t.Errorf("compacted copy runs %+v", runs)
	}
}

func TestWritesRefused(t *testing.T) {
	s, path := openTemp(t)
	saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{{Finding: checks.Finding{Check: "dead-link", Fingerprint: "aa"}, Status: outcome.New}}, 0)
	if _, err := s.BeginRun("", day1); err == nil || err.Error() != "begin run: store: empty site name" {
		t.Errorf("BeginRun(\"\"): %v", err)
	}
	long := strings.Repeat("a", bolt.MaxKeySize+1)
	if _, err := s.BeginRun(long, day1); err == nil || err.Error() != "begin run: store: site name of 32769 bytes is too long" {
		t.Errorf("BeginRun(long): %v", err)
	}
	if err := s.PutSample("", outcome.Sample{At: day1}); err == nil || err.Error() != "store: empty site name" {
		t.Errorf("PutSample(\"\"): %v", err)
	}
	if err := s.PutDigest(Digest{}); err == nil || err.Error() != "digest without a key" {
		t.Errorf("PutDigest without key: %v", err)
	}
	if s.ReadOnly() {
		t.Error("write store says read-only")
	}
	s.Close()

	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.ReadOnly() {
		t.Error("read-only store says writable")
	}
	for name, err := range map[string]error{
		"PutDigest":     r.PutDigest(Digest{Key: "k"}),
		"PutSample":     r.PutSample("a.gov.cn", outcome.Sample{At: day1}),
		"Accept":        r.Accept("a.gov.cn", outcome.Acceptance{Fingerprint: "aa"}),
		"PutProbeCache": r.PutProbeCache("a.gov.cn", map[string]time.Time{"http://x/": day1}),
	} {
		if err == nil || err.Error() != "database is in read-only mode" {
			t.Errorf("%s on a read-only store: %v", name, err)
		}
	}
	if _, err := r.Prune("a.gov.cn", 1); err == nil || err.Error() != "database is in read-only mode" {
		t.Errorf("Prune on a read-only store: %v", err)
	}
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
