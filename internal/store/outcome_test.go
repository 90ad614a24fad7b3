package store

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

func saveRun(t *testing.T, s *Store, site string, day int, fs []outcome.Finding, limited int) outcome.Run {
	t.Helper()
	run, err := s.BeginRun(site, time.Date(2026, 11, day, 2, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	run.Status, run.Scope.Limited = outcome.StatusComplete, limited
	o := &outcome.Outcome{Run: run, Findings: fs,
		Standing: []outcome.VetoLine{{ID: outcome.VetoEmptyC, Value: 1, Level: outcome.Pass}},
		Columns:  []outcome.Column{{Name: "通知公告", WindowDays: 183}}}
	o.Run.Counts = o.Count()
	if err := s.Save(o, nil); err != nil {
		t.Fatal(err)
	}
	return o.Run
}

func TestSaveLoadOutcomeWhole(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "o.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acc := &outcome.Acceptance{Fingerprint: "bb", Reason: "已报备", By: "办公室", At: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
	fs := []outcome.Finding{
		{Finding: checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://a.gov.cn/", Rule: "http-404", Fingerprint: "aa", Subject: "s", Veto: []string{"x"}}, Status: outcome.New, Seen: 1},
		{Finding: checks.Finding{Check: "dead-link", Severity: checks.Warning, Page: "http://a.gov.cn/b", Rule: "timeout", Fingerprint: "bb", Transient: true}, Status: outcome.Accepted, Seen: 3, Accepted: acc},
	}
	first := saveRun(t, s, "a.gov.cn", 1, fs, 0)
	limited := saveRun(t, s, "a.gov.cn", 2, fs[:1], 5)
	o, err := s.Outcome("a.gov.cn", first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(o.Findings, fs) {
		t.Errorf("findings reload as\n%+v\nwant\n%+v", o.Findings, fs)
	}
	if len(o.Standing) != 1 || o.Standing[0].ID != outcome.VetoEmptyC || len(o.Columns) != 1 || o.Columns[0].WindowDays != 183 {
		t.Errorf("standing %+v, columns %+v", o.Standing, o.Columns)
	}
	if o.Run.Counts.New != 1 || o.Run.Counts.Accepted != 1 {
		t.Errorf("counts %+v", o.Run.Counts)
	}
	// The limited run is stored, but the baseline stays the first.
	if b, ok, _ := s.LastBaseline("a.gov.cn", 0); !ok || b.ID != first.ID {
		t.Errorf("baseline %v, want %v (the limited run %v is none)", b.ID, first.ID, limited.ID)
	}
	// One body serves both runs of the same finding.
	n := 0
	s.db.View(func(tx *bolt.Tx) error { n = sub(tx, "a.gov.cn", bucketBodies).Stats().KeyN; return nil })
	if n != 2 {
		t.Errorf("%d bodies stored for 2 distinct findings in 2 runs", n)
	}
}

func TestPruneKeepsCountsAndBaseline(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "p.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := func(fp string) outcome.Finding {
		return outcome.Finding{Finding: checks.Finding{Check: "dead-link", Severity: checks.Error, Page: "http://a.gov.cn/" + fp, Fingerprint: fp}, Status: outcome.Open}
	}
	base := saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{f("a1")}, 0)
	saveRun(t, s, "a.gov.cn", 2, []outcome.Finding{f("a2")}, 3)
	last := saveRun(t, s, "a.gov.cn", 3, []outcome.Finding{f("a3")}, 4)
	n, err := s.Prune("a.gov.cn", 1)
	if err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1 (the newest and the baseline are kept)", n, err)
	}
	runs, _ := s.Runs("a.gov.cn")
	if len(runs) != 3 || !runs[1].Pruned || runs[0].Pruned || runs[2].Pruned || runs[1].Counts.Open != 1 {
		t.Errorf("runs after prune: %+v", runs)
	}
	for _, id := range []outcome.RunID{base.ID, last.ID} {
		if o, err := s.Outcome("a.gov.cn", id); err != nil || len(o.Findings) != 1 {
			t.Errorf("kept run %s: %v, %d findings", id, err, len(o.Findings))
		}
	}
	bodies := 0
	s.db.View(func(tx *bolt.Tx) error { bodies = sub(tx, "a.gov.cn", bucketBodies).Stats().KeyN; return nil })
	if bodies != 2 {
		t.Errorf("%d bodies after prune, want 2 (the pruned run's body dropped)", bodies)
	}
	if err := s.Compact(filepath.Join(t.TempDir(), "c.db")); err != nil {
		t.Fatal(err)
	}
}

// TestSchema1FindingsStillRead: a finding stored whole as JSON (schema 1)
// loads, with status open.
func TestSchema1FindingsStillRead(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "v1.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	run, _ := s.BeginRun("a.gov.cn", time.Time{})
	run.Status = StatusComplete
	if err := s.FinishRun(run, nil, nil); err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		return sub(tx, "a.gov.cn", bucketFindings).Bucket(runKey(run.ID)).Put([]byte("cc"),
			[]byte(`{"check":"dead-link","severity":"error","page":"http://a.gov.cn/","rule":"http-404","message":"旧","subject":"s1"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.Outcome("a.gov.cn", run.ID)
	if err != nil || len(o.Findings) != 1 {
		t.Fatalf("%v, %+v", err, o)
	}
	if f := o.Findings[0]; f.Fingerprint != "cc" || f.Message != "旧" || f.Subject != "s1" || f.Status != outcome.Open {
		t.Errorf("schema-1 finding reads as %+v", f)
	}
}
