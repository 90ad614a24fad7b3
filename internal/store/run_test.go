package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

func finding(check, page, target, rule, subject string) checks.Finding {
	f := checks.Finding{
		Check: check, Severity: checks.Error, Page: page, Target: target, Column: "政务公开",
		Rule: rule, Message: "链接无法访问", Evidence: "<a href=…>", Subject: subject,
	}
	f.Fingerprint = checks.Fingerprint(f)
	return f
}

func TestRunIDText(t *testing.T) {
	id := RunID(t0.UnixNano())
	s := id.String()
	if len(s) != 16 || strings.ToLower(s) != s {
		t.Fatalf("String() = %q", s)
	}
	back, err := ParseRunID(s)
	if err != nil || back != id {
		t.Fatalf("ParseRunID(%q) = %v, %v", s, back, err)
	}
	if up, err := ParseRunID(strings.ToUpper(s)); err != nil || up != id {
		t.Errorf("upper case: %v, %v", up, err)
	}
	if !id.Time().Equal(t0) {
		t.Errorf("Time() = %v, want %v", id.Time(), t0)
	}
	if RunID(1).String() != "0000000000000001" {
		t.Errorf("RunID(1) = %s", RunID(1))
	}
	for _, bad := range []string{"", "1", "0x00000000000001", "000000000000000g", "00000000000000001", "-000000000000001"} {
		if _, err := ParseRunID(bad); err == nil {
			t.Errorf("ParseRunID(%q) accepted", bad)
		}
	}
	b, _ := json.Marshal(Run{ID: id})
	if !strings.Contains(string(b), `"id":"`+s+`"`) {
		t.Errorf("JSON %s should carry the hex ID", b)
	}
}

func TestRoundTrip(t *testing.T) {
	s, path := openTemp(t)
	fs := []checks.Finding{
		finding("dead-link", "https://a.gov.cn/", "https://a.gov.cn/x.pdf", "http-404", ""),
		finding("banned-wording", "https://a.gov.cn/news/1.html", "", "wording-1", "最高级"),
		finding("banned-wording", "https://a.gov.cn/news/1.html", "", "wording-1", "第一"),
	}
	pages := []PageRecord{
		{URL: "https://a.gov.cn/news/1.html", Hash: "h1", ETag: `"e1"`, LastModified: "Sat, 01 Mar 2025 01:00:00 GMT"},
		{URL: "https://a.gov.cn/", Hash: "h0"},
	}

	runB, err := s.BeginRun("b.gov.cn", t0)
	if err != nil {
		t.Fatal(err)
	}
	runA, err := s.BeginRun("a.gov.cn", t0) // same instant, other site: IDs stay unique
	if err != nil {
		t.Fatal(err)
	}
	if runA.ID != runB.ID+1 {
		t.Fatalf("colliding IDs: a=%s b=%s, want a = b+1", runA.ID, runB.ID)
	}
	if runA.Status != StatusRunning || runA.Site != "a.gov.cn" || !runA.Started.Equal(t0) {
		t.Fatalf("BeginRun = %+v", runA)
	}
	runA.Status = StatusComplete
	runA.Finished = t0.Add(time.Hour)
	runA.Pages, runA.Links = 2, 40
	if err := s.FinishRun(runA, fs, pages); err != nil {
		t.Fatal(err)
	}
	runA2, err := s.BeginRun("a.gov.cn", t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Everything read back through a read-only store.
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	sites, err := r.Sites()
	if err != nil || !slices.Equal(sites, []string{"a.gov.cn", "b.gov.cn"}) {
		t.Fatalf("Sites() = %v, %v", sites, err)
	}
	got, err := r.Run("a.gov.cn", runA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusComplete || got.Pages != 2 || got.Links != 40 || got.Findings != 3 ||
		!got.Started.Equal(t0) || !got.Finished.Equal(t0.Add(time.Hour)) || got.Site != "a.gov.cn" {
		t.Fatalf("Run() = %+v", got)
	}
	if byID, err := r.RunByID(runA.ID); err != nil || byID.Site != "a.gov.cn" {
		t.Fatalf("RunByID = %+v, %v", byID, err)
	}
	if _, err := r.RunByID(12345); !errors.Is(err, ErrNotFound) {
		t.Fatalf("RunByID(missing) err = %v", err)
	}
	if _, err := r.Run("a.gov.cn", runB.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Run of another site's ID: err = %v, want ErrNotFound", err)
	}

	all, err := r.Runs("")
	if err != nil {
		t.Fatal(err)
	}
	var ids []RunID
	for _, x := range all {
		ids = append(ids, x.ID)
	}
	if !slices.Equal(ids, []RunID{runA.ID, runA2.ID, runB.ID}) {
		t.Fatalf("Runs(\"\") = %v, want a's two runs (oldest first) then b's", ids)
	}
	aRuns, _ := r.Runs("a.gov.cn")
	if len(aRuns) != 2 || aRuns[0].ID != runA.ID || aRuns[1].Status != StatusRunning {
		t.Fatalf("Runs(a) = %+v", aRuns)
	}
	if none, err := r.Runs("nowhere.gov.cn"); err != nil || len(none) != 0 {
		t.Fatalf("Runs(unknown) = %v, %v", none, err)
	}

	gotF, err := r.Findings("a.gov.cn", runA.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(fs)
	slices.SortFunc(want, func(a, b checks.Finding) int { return strings.Compare(a.Fingerprint, b.Fingerprint) })
	if !reflect.DeepEqual(gotF, want) {
		t.Fatalf("Findings() =\n%+v\nwant\n%+v", gotF, want)
	}
	if gotF[0].Subject == "" {
		t.Error("Subject lost in the store")
	}
	if f, err := r.Findings("a.gov.cn", runA2.ID); err != nil || len(f) != 0 {
		t.Fatalf("findings of a running run: %v, %v", f, err)
	}
	if _, err := r.Findings("a.gov.cn", 42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("findings of a missing run: %v", err)
	}

	ps, err := r.Pages("a.gov.cn")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].URL != "https://a.gov.cn/" || ps[1].ETag != `"e1"` ||
		ps[1].LastModified != "Sat, 01 Mar 2025 01:00:00 GMT" || !ps[1].FirstSeen.Equal(runA.Finished) {
		t.Fatalf("Pages() = %+v", ps)
	}
	p, ok, err := r.Page("a.gov.cn", "https://a.gov.cn/")
	if err != nil || !ok || p.Hash != "h0" {
		t.Fatalf("Page() = %+v %v %v", p, ok, err)
	}
	if _, ok, _ := r.Page("a.gov.cn", "https://a.gov.cn/none"); ok {
		t.Fatal("Page() found a page never stored")
	}
}

func TestLastCompleteSkipsInterrupted(t *testing.T) {
	s, _ := openTemp(t)
	const site = "a.gov.cn"
	mk := func(day int, st Status) Run {
		r, err := s.BeginRun(site, t0.Add(time.Duration(day)*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if st != StatusRunning {
			r.Status = st
			if err := s.FinishRun(r, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	if _, ok, err := s.LastComplete(site, 0); ok || err != nil {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	c1 := mk(1, StatusComplete)
	c2 := mk(2, StatusComplete)
	i3 := mk(3, StatusInterrupted)
	r4 := mk(4, StatusRunning)

	cases := []struct {
		before RunID
		want   RunID // 0: none
	}{
		{0, c2.ID},
		{r4.ID, c2.ID},
		{i3.ID, c2.ID},
		{c2.ID, c1.ID}, // strictly before
		{c2.ID + 1, c2.ID},
		{c1.ID, 0},
		{r4.ID + 1000, c2.ID},
	}
	for _, c := range cases {
		got, ok, err := s.LastComplete(site, c.before)
		if err != nil {
			t.Fatal(err)
		}
		if (c.want == 0) == ok || (ok && got.ID != c.want) {
			t.Errorf("LastComplete(before %s) = %s ok=%v, want %s", c.before, got.ID, ok, c.want)
		}
		if ok && got.Status != StatusComplete {
			t.Errorf("returned a %s run", got.Status)
		}
	}
	if _, ok, _ := s.LastComplete("other.gov.cn", 0); ok {
		t.Error("LastComplete of an unknown site found a run")
	}
}

func TestFinishRunIsAtomic(t *testing.T) {
	s, _ := openTemp(t)
	run, err := s.BeginRun("a.gov.cn", t0)
	if err != nil {
		t.Fatal(err)
	}
	run.Status = StatusComplete
	fs := []checks.Finding{finding("dead-link", "https://a.gov.cn/", "https://a.gov.cn/x", "http-404", "")}
	bad := []PageRecord{{URL: "https://a.gov.cn/", Hash: "h"}, {URL: ""}} // the empty URL fails the tx
	if err := s.FinishRun(run, fs, bad); err == nil {
		t.Fatal("FinishRun with a page without URL succeeded")
	}
	got, _ := s.Run("a.gov.cn", run.ID)
	if got.Status != StatusRunning {
		t.Errorf("status after failed FinishRun: %q", got.Status)
	}
	if f, _ := s.Findings("a.gov.cn", run.ID); len(f) != 0 {
		t.Errorf("findings of failed FinishRun are visible: %d", len(f))
	}
	if p, _ := s.Pages("a.gov.cn"); len(p) != 0 {
		t.Errorf("pages of failed FinishRun are visible: %+v", p)
	}

	run.Status = StatusRunning
	if err := s.FinishRun(run, nil, nil); err == nil {
		t.Error("FinishRun accepted status running")
	}
	ghost := Run{ID: 77, Site: "a.gov.cn", Status: StatusComplete}
	if err := s.FinishRun(ghost, nil, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("FinishRun of a run never begun: %v", err)
	}
}

func TestFinishRunTwentyThousand(t *testing.T) {
	s, _ := openTemp(t)
	run, err := s.BeginRun("big.gov.cn", t0)
	if err != nil {
		t.Fatal(err)
	}
	fs, ps := bigRun(20000, "h")
	fs = append(fs, fs[123]) // a duplicate fingerprint counts once
	fs[5].Fingerprint = ""   // a missing one is computed
	run.Status = StatusComplete
	start := time.Now()
	if err := s.FinishRun(run, fs, ps); err != nil {
		t.Fatal(err)
	}
	t.Logf("FinishRun of 20,000 findings and pages: %v", time.Since(start))
	got, err := s.Findings("big.gov.cn", run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 20000 {
		t.Fatalf("%d findings back, want 20000", len(got))
	}
	if !slices.IsSortedFunc(got, func(a, b checks.Finding) int { return strings.Compare(a.Fingerprint, b.Fingerprint) }) {
		t.Error("findings not sorted by fingerprint")
	}
	if r, _ := s.Run("big.gov.cn", run.ID); r.Findings != 20000 {
		t.Errorf("run.Findings = %d", r.Findings)
	}
	if p, _ := s.Pages("big.gov.cn"); len(p) != 20000 {
		t.Errorf("%d pages", len(p))
	}
}

func bigRun(n int, hash string) ([]checks.Finding, []PageRecord) {
	fs := make([]checks.Finding, n)
	ps := make([]PageRecord, n)
	for i := range n {
		page := fmt.Sprintf("https://big.gov.cn/col%03d/art_%06d.html", i%500, i)
		fs[i] = finding("dead-link", page, fmt.Sprintf("https://big.gov.cn/files/%d.pdf", i), "http-404", "")
		ps[i] = PageRecord{URL: page, Hash: fmt.Sprintf("%s%d", hash, i), ETag: fmt.Sprintf(`W/"%x"`, i)}
	}
	return fs, ps
}

func BenchmarkFinishRun(b *testing.B) {
	path := b.TempDir() + "/bench.db"
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	fs, ps := bigRun(20000, "h")
	started := t0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		run, err := s.BeginRun("big.gov.cn", started)
		if err != nil {
			b.Fatal(err)
		}
		started = started.Add(time.Hour)
		if i%2 == 1 { // every other run, half the pages change
			for j := 0; j < len(ps); j += 2 {
				ps[j].Hash = fmt.Sprintf("h%d-%d", j, i)
			}
		}
		run.Status = StatusComplete
		b.StartTimer()
		if err := s.FinishRun(run, fs, ps); err != nil {
			b.Fatal(err)
		}
	}
}
