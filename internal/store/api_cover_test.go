package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

func openF(fp, page string) outcome.Finding {
	return outcome.Finding{Finding: checks.Finding{Check: "dead-link", Severity: checks.Error, Page: page, Fingerprint: fp}, Status: outcome.Open, Seen: 1}
}

func TestAcceptUnaccept(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Accept("a.gov.cn", outcome.Acceptance{Fingerprint: "aa"}); err == nil || err.Error() != `site "a.gov.cn" has no stored runs` {
		t.Errorf("Accept on an unknown site: %v", err)
	}
	saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{openF("aa", "http://a.gov.cn/1")}, 0)
	saveRun(t, s, "a.gov.cn", 2, []outcome.Finding{openF("bb", "http://a.gov.cn/2")}, 0)
	saveRun(t, s, "b.gov.cn", 3, []outcome.Finding{openF("cc", "http://b.gov.cn/")}, 0)

	until := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	at := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	// One unknown fingerprint (another site's) refuses the lot.
	err := s.Accept("a.gov.cn",
		outcome.Acceptance{Fingerprint: "aa", Reason: "停用"},
		outcome.Acceptance{Fingerprint: "cc", Reason: "x"})
	if !errors.Is(err, ErrUnknownFinding) || err.Error() != "unknown finding cc: no stored run of a.gov.cn has it (govaudit report --format json lists fingerprints)" {
		t.Errorf("Accept with another site's fingerprint: %v", err)
	}
	if m, err := s.Acceptances("a.gov.cn"); err != nil || len(m) != 0 {
		t.Errorf("a refused Accept wrote %v %v", m, err)
	}
	// Findings of older runs (aa, day 1) and newer (bb) are both acceptable.
	err = s.Accept("a.gov.cn",
		outcome.Acceptance{Fingerprint: "aa", Reason: "联系人 13812345678 已离职", By: "办公室", At: at, Until: until, Source: "config"},
		outcome.Acceptance{Fingerprint: "bb", Reason: "保留"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Acceptances("a.gov.cn")
	if err != nil || len(m) != 2 {
		t.Fatalf("Acceptances = %v, %v", m, err)
	}
	a := m["aa"]
	if a.Fingerprint != "aa" || a.Reason != "联系人 138******78 已离职" || a.By != "办公室" || !a.At.Equal(at) || !a.Until.Equal(until) || a.Source != "store" {
		t.Errorf("acceptance aa = %+v", a)
	}
	if m["bb"].Reason != "保留" || m["bb"].Source != "store" {
		t.Errorf("acceptance bb = %+v", m["bb"])
	}
	if other, _ := s.Acceptances("b.gov.cn"); len(other) != 0 {
		t.Errorf("acceptances leaked to b: %v", other)
	}
	if none, err := s.Acceptances("nowhere"); err != nil || none == nil || len(none) != 0 {
		t.Errorf("Acceptances(unknown) = %v, %v", none, err)
	}

	// Unaccept: one not accepted refuses the lot.
	err = s.Unaccept("a.gov.cn", "aa", "zz")
	if !errors.Is(err, ErrUnknownFinding) || err.Error() != "unknown finding zz: it is not accepted for a.gov.cn" {
		t.Errorf("Unaccept(zz): %v", err)
	}
	if m, _ := s.Acceptances("a.gov.cn"); len(m) != 2 {
		t.Errorf("a refused Unaccept deleted: %v", m)
	}
	if err := s.Unaccept("a.gov.cn", "aa"); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Acceptances("a.gov.cn"); len(m) != 1 || m["bb"].Fingerprint != "bb" {
		t.Errorf("after Unaccept(aa): %v", m)
	}
	if err := s.Unaccept("b.gov.cn", "cc"); !errors.Is(err, ErrUnknownFinding) {
		t.Errorf("Unaccept on a site with no acceptances: %v", err)
	}

	// A damaged acceptance record is an error naming it.
	s.db.Update(func(tx *bolt.Tx) error { return sub(tx, "a.gov.cn", bucketAccepted).Put([]byte("bb"), []byte("{")) })
	if _, err := s.Acceptances("a.gov.cn"); err == nil || err.Error() != "acceptance bb: unexpected end of JSON input" {
		t.Errorf("damaged acceptance: %v", err)
	}
}

func TestAcceptSiteWithoutFindings(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.BeginRun("a.gov.cn", day1); err != nil {
		t.Fatal(err)
	}
	err := s.Accept("a.gov.cn", outcome.Acceptance{Fingerprint: "aa"})
	if !errors.Is(err, ErrUnknownFinding) {
		t.Errorf("Accept before any finding: %v", err)
	}
	// No fingerprints: nothing to check, nothing written, no error.
	if err := s.Accept("a.gov.cn"); err != nil {
		t.Errorf("Accept(): %v", err)
	}
}

func TestPruneRules(t *testing.T) {
	s, _ := openTemp(t)
	for _, keep := range []int{0, -1} {
		if n, err := s.Prune("a.gov.cn", keep); n != 0 || err == nil || err.Error() != "keep "+itoa(keep)+" runs: want at least 1" {
			t.Errorf("Prune(keep %d) = %d, %v", keep, n, err)
		}
	}
	// a: days 1 (baseline, older), 2 limited, 3 limited, 4 limited; b: days 1, 2.
	for d := 1; d <= 4; d++ {
		lim := 0
		if d > 1 {
			lim = 5
		}
		saveRun(t, s, "a.gov.cn", d, []outcome.Finding{openF("a"+itoa(d), "http://a.gov.cn/")}, lim)
	}
	running, err := s.BeginRun("a.gov.cn", time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for d := 5; d <= 6; d++ {
		saveRun(t, s, "b.gov.cn", d, []outcome.Finding{openF("b"+itoa(d), "http://b.gov.cn/")}, 0)
	}
	// Keep 2 of a's 5 runs: days 2 and 3 go; day 1 is the baseline, day 4
	// and the running run are the newest two.
	n, err := s.Prune("a.gov.cn", 2)
	if err != nil || n != 2 {
		t.Fatalf("Prune(a, 2) = %d, %v; want 2", n, err)
	}
	runs, _ := s.Runs("a.gov.cn")
	var pruned []bool
	for _, r := range runs {
		pruned = append(pruned, r.Pruned)
	}
	if len(runs) != 5 || pruned[0] || !pruned[1] || !pruned[2] || pruned[3] || pruned[4] || runs[4].ID != running.ID {
		t.Errorf("pruned flags %v", pruned)
	}
	o, err := s.Outcome("a.gov.cn", runs[1].ID)
	if err != nil || len(o.Findings) != 0 || len(o.Standing) != 0 || o.Run.Counts.Open != 1 || !o.Run.Pruned {
		t.Errorf("pruned run's outcome: %+v %v", o, err)
	}
	// Pruning again prunes nothing more (pruned runs are not counted twice).
	if n, err := s.Prune("a.gov.cn", 2); n != 0 || err != nil {
		t.Errorf("second Prune = %d, %v", n, err)
	}
	// Every site: b keeps its newest (and baseline) run only.
	if n, err := s.Prune("", 1); n != 2 || err != nil {
		t.Errorf("Prune(\"\", 1) = %d, %v; want 2 (a's day 4, b's day 5)", n, err)
	}
	b, _ := s.Runs("b.gov.cn")
	if len(b) != 2 || !b[0].Pruned || b[1].Pruned {
		t.Errorf("b after prune: %+v", b)
	}
	if n, err := s.Prune("nowhere", 1); n != 0 || err != nil {
		t.Errorf("Prune(unknown) = %d, %v", n, err)
	}
}

func TestOutcomeBaselineLink(t *testing.T) {
	s, _ := openTemp(t)
	first := saveRun(t, s, "a.gov.cn", 1, nil, 0)
	run, _ := s.BeginRun("a.gov.cn", time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC))
	run.Status = StatusComplete
	ghost := outcome.Run{ID: 77}
	for _, tc := range []struct {
		base *outcome.Run
		site string
	}{{&first, "a.gov.cn"}, {&ghost, "a.gov.cn"}} {
		o := &outcome.Outcome{Run: run, Baseline: tc.base}
		if err := s.Save(o, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.Outcome("a.gov.cn", run.ID)
		if err != nil || got.Baseline == nil || got.Baseline.ID != tc.base.ID || got.Baseline.Site != tc.site {
			t.Fatalf("baseline %+v, %v", got.Baseline, err)
		}
		if tc.base == &first && (got.Baseline.Status != StatusComplete || !got.Baseline.Started.Equal(day1)) {
			t.Errorf("stored baseline not loaded whole: %+v", got.Baseline)
		}
	}
	// Without a baseline none is loaded.
	if err := s.Save(&outcome.Outcome{Run: run}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Outcome("a.gov.cn", run.ID); got.Baseline != nil {
		t.Errorf("baseline %+v from nowhere", got.Baseline)
	}
	if _, err := s.Outcome("a.gov.cn", 5); !errors.Is(err, ErrNotFound) {
		t.Errorf("Outcome(missing) = %v", err)
	}
}

func TestOutcomeOrder(t *testing.T) {
	s, _ := openTemp(t)
	// Sorted by check, page, … and last by fingerprint.
	fs := []outcome.Finding{openF("zz", "http://a.gov.cn/1"), openF("yy", "http://a.gov.cn/1"), openF("aa", "http://a.gov.cn/2")}
	fs[2].Check = "broken-attachment"
	run := saveRun(t, s, "a.gov.cn", 1, fs, 0)
	o, err := s.Outcome("a.gov.cn", run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range o.Findings {
		got = append(got, f.Fingerprint)
	}
	if strings.Join(got, ",") != "aa,yy,zz" {
		t.Errorf("order %v, want aa,yy,zz", got)
	}
}

func TestLatestAndBaselineFindings(t *testing.T) {
	s, _ := openTemp(t)
	if _, ok, err := s.Latest("a.gov.cn"); ok || err != nil {
		t.Errorf("Latest on an empty store: %v %v", ok, err)
	}
	if _, _, ok, err := s.BaselineFindings("a.gov.cn", 0); ok || err != nil {
		t.Errorf("BaselineFindings on an empty store: %v %v", ok, err)
	}
	base := saveRun(t, s, "a.gov.cn", 1, []outcome.Finding{openF("aa", "http://a.gov.cn/")}, 0)
	lim := saveRun(t, s, "a.gov.cn", 2, nil, 3)
	// An interrupted run is the latest finished; a running one is not.
	r, _ := s.BeginRun("a.gov.cn", time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC))
	r.Status = StatusInterrupted
	if err := s.FinishRun(r, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginRun("a.gov.cn", time.Date(2026, 11, 4, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.Latest("a.gov.cn"); !ok || err != nil || got.ID != r.ID || got.Status != StatusInterrupted {
		t.Errorf("Latest = %+v %v %v", got, ok, err)
	}
	got, fs, ok, err := s.BaselineFindings("a.gov.cn", 0)
	if !ok || err != nil || got.ID != base.ID || len(fs) != 1 || fs[0].Fingerprint != "aa" || fs[0].Status != outcome.Open {
		t.Errorf("BaselineFindings = %v %+v %v %v", got.ID, fs, ok, err)
	}
	// Strictly before: the baseline itself is not before itself.
	if _, _, ok, _ := s.BaselineFindings("a.gov.cn", base.ID); ok {
		t.Errorf("BaselineFindings before the only baseline found one")
	}
	if got, ok, _ := s.LastBaseline("a.gov.cn", lim.ID); !ok || got.ID != base.ID {
		t.Errorf("LastBaseline before the limited run = %v %v", got.ID, ok)
	}
	// A "before" between runs and past the last run.
	if got, ok, _ := s.LastComplete("a.gov.cn", lim.ID+1); !ok || got.ID != lim.ID {
		t.Errorf("LastComplete(just after day 2) = %v %v", got.ID, ok)
	}
	if got, ok, _ := s.LastComplete("a.gov.cn", RunID(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())); !ok || got.ID != lim.ID {
		t.Errorf("LastComplete(2027) = %v %v", got.ID, ok)
	}
}

func TestFinishRunRefusals(t *testing.T) {
	s, _ := openTemp(t)
	run, _ := s.BeginRun("a.gov.cn", day1)
	for _, st := range []Status{StatusRunning, StatusDamaged, ""} {
		r := run
		r.Status = st
		err := s.FinishRun(r, nil, nil)
		want := `finish run 18e3c94add3b4000: status "` + string(st) + `", want "complete" or "interrupted"`
		if err == nil || err.Error() != want {
			t.Errorf("status %q: %v", st, err)
		}
	}
	r := run
	r.Status = StatusComplete
	r.ID++
	if err := s.FinishRun(r, nil, nil); !errors.Is(err, ErrNotFound) ||
		err.Error() != `finish run 18e3c94add3b4001: run 18e3c94add3b4001 of site "a.gov.cn": not found` {
		t.Errorf("unknown run: %v", err)
	}
	r = run
	r.Status, r.Site = StatusComplete, "b.gov.cn"
	if err := s.FinishRun(r, nil, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown site: %v", err)
	}
	// A page without URL fails the whole run: nothing of it is stored.
	r = run
	r.Status = StatusComplete
	err := s.FinishRun(r, []checks.Finding{{Check: "dead-link", Fingerprint: "aa"}}, []PageRecord{{URL: "http://a.gov.cn/"}, {}})
	if err == nil || err.Error() != "finish run 18e3c94add3b4000: page record without URL" {
		t.Errorf("page without URL: %v", err)
	}
	if got, _ := s.Run("a.gov.cn", run.ID); got.Status != StatusRunning {
		t.Errorf("failed finish changed the run: %+v", got)
	}
	if ps, _ := s.Pages("a.gov.cn"); len(ps) != 0 {
		t.Errorf("failed finish stored pages %v", ps)
	}
	// Zero Started takes the stored one; a repeated fingerprint counts once.
	r = run
	r.Status, r.Started = StatusComplete, time.Time{}
	r.Finished = day1.Add(time.Hour)
	fs := []checks.Finding{{Check: "dead-link", Fingerprint: "aa", Message: "first"}, {Check: "dead-link", Fingerprint: "aa", Message: "second"}}
	long := "http://a.gov.cn/" + strings.Repeat("x", bolt.MaxKeySize)
	if err := s.FinishRun(r, fs, []PageRecord{{URL: long}}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Run("a.gov.cn", run.ID)
	if !got.Started.Equal(day1) || got.Findings != 1 {
		t.Errorf("run %+v", got)
	}
	if f, _ := s.Findings("a.gov.cn", run.ID); len(f) != 1 || f[0].Message != "first" {
		t.Errorf("findings %+v", f)
	}
	if ps, _ := s.Pages("a.gov.cn"); len(ps) != 0 {
		t.Errorf("an over-long URL was stored")
	}
	if _, ok, err := s.Page("a.gov.cn", long); ok || err != nil {
		t.Errorf("Page(long) = %v %v", ok, err)
	}
	if _, ok, err := s.Page("a.gov.cn", ""); ok || err != nil {
		t.Errorf("Page(\"\") = %v %v", ok, err)
	}
}

func TestDamagedPageRecord(t *testing.T) {
	s, _ := openTemp(t)
	run, _ := s.BeginRun("a.gov.cn", day1)
	run.Status = StatusComplete
	if err := s.FinishRun(run, nil, []PageRecord{{URL: "http://a.gov.cn/", Hash: "h"}}); err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		return sub(tx, "a.gov.cn", bucketPages).Put([]byte("http://a.gov.cn/"), []byte("x"))
	})
	want := "store: page http://a.gov.cn/: invalid character 'x' looking for beginning of value"
	if _, err := s.Pages("a.gov.cn"); err == nil || err.Error() != want {
		t.Errorf("Pages: %v", err)
	}
	if _, ok, err := s.Page("a.gov.cn", "http://a.gov.cn/"); ok || err == nil || err.Error() != want {
		t.Errorf("Page: %v %v", ok, err)
	}
	run2, _ := s.BeginRun("a.gov.cn", day1.Add(time.Hour))
	run2.Status = StatusComplete
	if err := s.FinishRun(run2, nil, []PageRecord{{URL: "http://a.gov.cn/"}}); err == nil || err.Error() != "finish run 18e3cc910df3e000: "+want {
		t.Errorf("FinishRun over a damaged page: %v", err)
	}
}

func TestMergePageRules(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	// New: FirstSeen given and earlier is kept; later than seen is clamped.
	r := mergePage(nil, PageRecord{URL: "u", FirstSeen: d(1), Hash: "h"}, d(5))
	if !r.FirstSeen.Equal(d(1)) || !r.LastSeen.Equal(d(5)) || !r.Changed.Equal(d(1)) || r.Hash != "h" {
		t.Errorf("new with FirstSeen: %+v", r)
	}
	r = mergePage(nil, PageRecord{URL: "u", FirstSeen: d(6)}, d(5))
	if !r.FirstSeen.Equal(d(5)) || !r.Changed.Equal(d(5)) {
		t.Errorf("new with later FirstSeen: %+v", r)
	}
	old := PageRecord{Hash: "h1", ETag: "e1", LastModified: "m1", FirstSeen: d(1), LastSeen: d(5), Changed: d(2)}
	// Seen earlier than last seen: LastSeen stays; same hash: Changed stays.
	r = mergePage(&old, PageRecord{URL: "u", Hash: "h1"}, d(4))
	if !r.LastSeen.Equal(d(5)) || !r.Changed.Equal(d(2)) || r.URL != "u" || r.ETag != "e1" || r.LastModified != "m1" {
		t.Errorf("same hash, earlier sighting: %+v", r)
	}
	r = mergePage(&old, PageRecord{URL: "u", Hash: "h2", ETag: "e2", LastModified: "m2"}, d(7))
	if !r.LastSeen.Equal(d(7)) || !r.Changed.Equal(d(7)) || r.Hash != "h2" || r.ETag != "e2" || r.LastModified != "m2" || !r.FirstSeen.Equal(d(1)) {
		t.Errorf("changed: %+v", r)
	}
	// A first hash on a known page is no change; a missing Changed is FirstSeen.
	noHash := PageRecord{FirstSeen: d(1), LastSeen: d(2)}
	r = mergePage(&noHash, PageRecord{URL: "u", Hash: "h"}, d(3))
	if r.Hash != "h" || !r.Changed.Equal(d(1)) {
		t.Errorf("first hash: %+v", r)
	}
}

func TestProbeCacheEdges(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.PutProbeCache("a.gov.cn", nil); err != nil {
		t.Errorf("PutProbeCache(nil): %v", err)
	}
	if sites, _ := s.Sites(); len(sites) != 0 {
		t.Errorf("an empty put created a site: %v", sites)
	}
	long := strings.Repeat("x", bolt.MaxKeySize+1)
	err := s.PutProbeCache("a.gov.cn", map[string]time.Time{"": day1, long: day1, "http://a.gov.cn/ok": day1, "http://a.gov.cn/same": day1})
	if err != nil {
		t.Fatal(err)
	}
	// The same time again is not newer: kept; a newer one replaces.
	if err := s.PutProbeCache("a.gov.cn", map[string]time.Time{"http://a.gov.cn/same": day1, "http://a.gov.cn/ok": day1.Add(1)}); err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		return sub(tx, "a.gov.cn", bucketProbe).Put([]byte("http://a.gov.cn/bad"), []byte{1, 2})
	})
	m, err := s.ProbeCache("a.gov.cn", day1)
	if err != nil || len(m) != 2 || !m["http://a.gov.cn/same"].Equal(day1) || !m["http://a.gov.cn/ok"].Equal(day1.Add(1)) {
		t.Errorf("cache = %v, %v", m, err)
	}
	// notBefore one nanosecond after: only the newer entry.
	if m, _ := s.ProbeCache("a.gov.cn", day1.Add(1)); len(m) != 1 || m["http://a.gov.cn/ok"].IsZero() {
		t.Errorf("notBefore day1+1ns: %v", m)
	}
	if m, _ := s.ProbeCache("a.gov.cn", day1.Add(2)); len(m) != 0 {
		t.Errorf("notBefore day1+2ns: %v", m)
	}
	// A zero time is now: newer than any time in 2026-11.
	if err := s.PutProbeCache("a.gov.cn", map[string]time.Time{"http://a.gov.cn/same": {}}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.ProbeCache("a.gov.cn", day1.Add(2)); m["http://a.gov.cn/same"].IsZero() {
		t.Errorf("a zero time was not stored as now: %v", m)
	}
	if err := s.DeleteProbeCache("a.gov.cn", nil); err != nil {
		t.Error(err)
	}
	if err := s.DeleteProbeCache("a.gov.cn", []string{"", long, "http://a.gov.cn/ok"}); err != nil {
		t.Error(err)
	}
	if m, _ := s.ProbeCache("a.gov.cn", time.Time{}); len(m) != 1 {
		t.Errorf("after delete: %v", m)
	}
	if err := s.PutProbeCache("", map[string]time.Time{"x": day1}); err == nil || err.Error() != "store: empty site name" {
		t.Errorf("empty site: %v", err)
	}
}

func TestSamplesWindow(t *testing.T) {
	s, _ := openTemp(t)
	from := day1
	to := day1.Add(time.Hour)
	for _, at := range []time.Time{from.Add(-1), from, to.Add(-1), to} {
		if err := s.PutSample("a.gov.cn", outcome.Sample{At: at, OK: true}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Samples("a.gov.cn", from, to)
	if err != nil || len(got) != 2 || !got[0].At.Equal(from) || !got[1].At.Equal(to.Add(-1)) {
		t.Errorf("Samples [from, to) = %+v, %v", got, err)
	}
	// The same instant replaces.
	if err := s.PutSample("a.gov.cn", outcome.Sample{At: from, OK: false}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Samples("a.gov.cn", from, to); len(got) != 2 || got[0].OK {
		t.Errorf("after replacing: %+v", got)
	}
	if got, err := s.Samples("nowhere", from, to); err != nil || len(got) != 0 {
		t.Errorf("unknown site: %v %v", got, err)
	}
	var k [8]byte
	copy(k[:], runKey(RunID(from.Add(time.Minute).UnixNano())))
	s.db.Update(func(tx *bolt.Tx) error { return sub(tx, "a.gov.cn", bucketSamples).Put(k[:], []byte("?")) })
	if _, err := s.Samples("a.gov.cn", from, to); err == nil || err.Error() != "sample 18e3c958d5829800: invalid character '?' looking for beginning of value" {
		t.Errorf("damaged sample: %v", err)
	}
}

func TestDigests(t *testing.T) {
	s, _ := openTemp(t)
	if ds, err := s.Digests(); err != nil || len(ds) != 0 {
		t.Errorf("no digests: %v %v", ds, err)
	}
	if _, ok, err := s.Digest("x"); ok || err != nil {
		t.Errorf("Digest on empty store: %v %v", ok, err)
	}
	sent := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	for _, d := range []Digest{{Key: "b", Week: "2026-W49"}, {Key: "a", Week: "2026-W49", Sent: sent, Attempts: 2, LastError: "x"}} {
		if err := s.PutDigest(d); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := s.Digests()
	if err != nil || len(ds) != 2 || ds[0].Key != "a" || ds[1].Key != "b" || !ds[0].Sent.Equal(sent) || ds[0].Attempts != 2 || ds[0].LastError != "x" {
		t.Errorf("Digests = %+v, %v", ds, err)
	}
	// Update in place.
	ds[1].Attempts = 1
	if err := s.PutDigest(ds[1]); err != nil {
		t.Fatal(err)
	}
	if d, ok, _ := s.Digest("b"); !ok || d.Attempts != 1 {
		t.Errorf("updated digest %+v", d)
	}
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketDigests).Put([]byte("c"), []byte("[")) })
	if _, err := s.Digests(); err == nil || err.Error() != "digest c: unexpected end of JSON input" {
		t.Errorf("damaged digest: %v", err)
	}
	if _, ok, err := s.Digest("c"); !ok || err == nil {
		t.Errorf("Digest(damaged) = %v %v", ok, err)
	}
}

func TestCompareTies(t *testing.T) {
	a := checks.Finding{Check: "dead-link", Page: "p", Fingerprint: "b"}
	b := checks.Finding{Check: "dead-link", Page: "p", Fingerprint: "a"}
	if compareFindings(a, b) != 1 || compareFindings(b, a) != -1 || compareFindings(a, a) != 0 {
		t.Errorf("ties by fingerprint: %d %d %d", compareFindings(a, b), compareFindings(b, a), compareFindings(a, a))
	}
	c := checks.Finding{Check: "banned-wording", Page: "z", Fingerprint: "z"}
	if compareFindings(c, a) != -1 || compareFindings(a, c) != 1 {
		t.Errorf("by check first")
	}
	if !lessFinding(b, a) || lessFinding(a, b) || lessFinding(a, a) || !lessFinding(c, a) || lessFinding(a, c) {
		t.Errorf("lessFinding")
	}
}

func TestRunByIDSkipsValues(t *testing.T) {
	s, _ := openTemp(t)
	run := saveRun(t, s, "b.gov.cn", 1, nil, 0)
	// A stray value in the sites bucket and a site without runs are skipped.
	s.db.Update(func(tx *bolt.Tx) error {
		sites := tx.Bucket(bucketSites)
		if err := sites.Put([]byte("a-stray"), []byte("x")); err != nil {
			return err
		}
		_, err := sites.CreateBucket([]byte("a-empty"))
		return err
	})
	got, err := s.RunByID(run.ID)
	if err != nil || got.Site != "b.gov.cn" {
		t.Errorf("RunByID = %+v %v", got, err)
	}
	if _, err := s.RunByID(run.ID + 1); err == nil || err.Error() != "run 18e3c94add3b4001: not found" {
		t.Errorf("RunByID(missing) = %v", err)
	}
	if sites, _ := s.Sites(); strings.Join(sites, ",") != "a-empty,b.gov.cn" {
		t.Errorf("Sites = %v", sites)
	}
	if _, err := s.Run("a-empty", run.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Run on a site without runs bucket: %v", err)
	}
}

func TestStatusCodes(t *testing.T) {
	for st, want := range map[outcome.FindingStatus]byte{"": 0, outcome.New: 1, outcome.Open: 2, outcome.Pending: 3, outcome.Accepted: 4, "bogus": 0} {
		if got := statusCode(st); got != want {
			t.Errorf("statusCode(%q) = %d, want %d", st, got, want)
		}
	}
}
