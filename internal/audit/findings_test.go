package audit

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"govaudit/checks"
)

func TestSpillKeepsBatchesOnDiskInOrder(t *testing.T) {
	dir := t.TempDir()
	s := newSpill(dir)
	if s.file == nil {
		t.Fatal("no spill file")
	}
	// Unlinked at once: a crash leaves nothing behind.
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("spill file visible in %s: %v", dir, ents)
	}
	var want []string
	for i := range 300 {
		var batch []checks.Finding
		for j := range i % 4 {
			m := fmt.Sprintf("%d.%d", i, j)
			batch = append(batch, checks.Finding{Check: "c", Page: "p", Message: m, Subject: "s" + m, Veto: []string{"stale-a"}})
			want = append(want, m)
		}
		s.add(batch)
	}
	if len(s.mem) != 0 {
		t.Errorf("%d batches held in memory, want all on disk", len(s.mem))
	}
	n := 0
	s.each(func(checks.Finding) { n++ })
	if n != len(want) {
		t.Errorf("%d findings read back, want %d", n, len(want))
	}
	for pass := range 2 { // finish reads page findings twice
		var got []string
		if err := s.each(func(f checks.Finding) {
			if f.Subject != "s"+f.Message || len(f.Veto) != 1 {
				t.Fatalf("finding read back as %+v", f)
			}
			got = append(got, f.Message)
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pass %d: read %d findings, want %d in the order added", pass, len(got), len(want))
		}
	}
	// Adding after a read appends, not overwrites.
	s.add([]checks.Finding{{Message: "last"}})
	n = 0
	last := ""
	s.each(func(f checks.Finding) { n++; last = f.Message })
	if n != len(want)+1 || last != "last" {
		t.Errorf("after a read and an add: %d findings, last %q", n, last)
	}
	s.close()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}

// tornWriter writes half of what it is given, then fails: a disk filling
// up in the middle of a batch.
type tornWriter struct{ w io.Writer }

func (t tornWriter) Write(p []byte) (int, error) {
	n, _ := t.w.Write(p[:len(p)/2])
	return n, errors.New("no space left on device")
}

func TestSpillFallsBackToMemoryOnAFailedWrite(t *testing.T) {
	s := newSpill(t.TempDir())
	defer s.close()
	s.add([]checks.Finding{{Message: "1"}, {Message: "2"}})
	s.w.w = tornWriter{s.file}
	s.add([]checks.Finding{{Message: "3"}})
	s.add([]checks.Finding{{Message: "4"}})
	if len(s.mem) != 2 {
		t.Errorf("%d batches in memory after the failed write, want 2", len(s.mem))
	}
	var got []string
	if err := s.each(func(f checks.Finding) { got = append(got, f.Message) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"1", "2", "3", "4"}) {
		t.Errorf("read %v, want 1 2 3 4: the torn batch is read from memory, not from the file", got)
	}
}

func TestSpillWithoutAFileKeepsFindingsInMemory(t *testing.T) {
	s := newSpill("/nonexistent/dir")
	defer s.close()
	s.add([]checks.Finding{{Message: "1"}})
	var got []string
	if err := s.each(func(f checks.Finding) { got = append(got, f.Message) }); err != nil || !slices.Equal(got, []string{"1"}) {
		t.Errorf("read %v, %v", got, err)
	}
}

func TestKeeperPinned(t *testing.T) {
	k := newKeeper(2)
	f := func(check, page, fp string, veto ...string) checks.Finding {
		return checks.Finding{Check: check, Page: page, Fingerprint: fp, Veto: veto}
	}
	k.add(f("a", "p3", "3", "stale-a"))
	k.add(f("a", "p1", "1", "stale-a"))
	k.add(f("a", "p4", "4", "empty-c")) // dropped: the cap is 2
	k.add(f("a", "p2", "2"))            // evicts p3
	k.add(f("a", "p0", "3"))            // p3's fingerprint again, written smaller: it enters, evicting p2
	k.add(f("a", "p9", "1", "stale-a")) // a duplicate: no second veto count
	k.add(f("b", "p5", "5"))
	got, capped := k.result()
	var pages []string
	for _, g := range got {
		pages = append(pages, g.Check+":"+g.Page)
	}
	if !slices.Equal(pages, []string{"a:p0", "a:p1", "b:p5"}) {
		t.Errorf("kept %v, want a:p0 a:p1 b:p5", pages)
	}
	if capped["a"] != 2 || capped["b"] != 0 || len(capped) != 1 {
		t.Errorf("capped %v, want a: 2 (fingerprints 2 and 4)", capped)
	}
	if k.veto["stale-a"] != 2 || k.veto["empty-c"] != 1 {
		t.Errorf("veto counts %v, want stale-a 2 (fingerprints 3 and 1), empty-c 1 (counted before the cap)", k.veto)
	}
}

// The keeper lists what sorting all findings, keeping the first of each
// fingerprint and the first max of each check would list.
func TestKeeperMatchesSortDedupeCap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		max := 1 + r.IntN(6)
		var all []checks.Finding
		for range r.IntN(60) {
			fp := r.IntN(25)
			all = append(all, checks.Finding{
				Check:       fmt.Sprint("c", fp%3),
				Page:        fmt.Sprint("p", r.IntN(8)),
				Target:      fmt.Sprint("t", fp),
				Fingerprint: fmt.Sprint(fp),
			})
		}
		k := newKeeper(max)
		for _, f := range all {
			k.add(f)
		}
		got, capped := k.result()

		sorted := slices.Clone(all)
		slices.SortStableFunc(sorted, func(a, b checks.Finding) int {
			switch {
			case checks.Less(a, b):
				return -1
			case checks.Less(b, a):
				return 1
			}
			return 0
		})
		seen := map[string]bool{}
		per := map[string]int{}
		var want []checks.Finding
		wantCapped := map[string]int{}
		for _, f := range sorted {
			if seen[f.Fingerprint] {
				continue
			}
			seen[f.Fingerprint] = true
			if per[f.Check]++; per[f.Check] > max {
				wantCapped[f.Check]++
				continue
			}
			want = append(want, f)
		}
		key := func(fs []checks.Finding) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Check+" "+f.Page+" "+f.Target)
			}
			return out
		}
		if !slices.Equal(key(got), key(want)) {
			t.Fatalf("round %d (max %d): kept\n%v\nwant\n%v", round, max, key(got), key(want))
		}
		for c, n := range wantCapped {
			if capped[c] != n {
				t.Fatalf("round %d: capped %v, want %v", round, capped, wantCapped)
			}
		}
		if len(capped) != len(wantCapped) {
			t.Fatalf("round %d: capped %v, want %v", round, capped, wantCapped)
		}
	}
}
