package audit

import (
	"bufio"
	"container/heap"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"sort"
	"sync"

	"govaudit/checks"
)

// Findings do not pile up in memory. A page or file check's findings wait
// for the end of the crawl (repeated template text is folded, an
// attachment's findings need the page linking it), so they go to a spill
// file as they come; at the end they are read back once or twice and pass
// to a keeper, which holds only what the report will list (maxPerSite a
// check) and a fingerprint of each of the rest, to count them. A site with
// 20 problems on each of 100,000 pages costs a few tens of MB, not GBs.
//
// The spill file is not the store: a run is written to the store in one
// transaction at its end, so an interrupted run leaves the previous results
// intact, and the database does not grow by a crawl's worth of findings
// every night (bbolt never gives space back to the file system). Its
// findings are masked (pii) before they are written.

// A spill keeps batches of findings in an unlinked temporary file, and in
// memory when no file can be made or written (a full disk must not lose the
// report).
type spill struct {
	mu   sync.Mutex
	file *os.File
	path string // still to remove at close (where an open file cannot be unlinked)
	enc  *gob.Encoder
	w    offsetWriter
	good int64 // bytes of whole batches in the file
	mem  [][]checks.Finding
}

// offsetWriter counts what reaches the file.
type offsetWriter struct {
	w   io.Writer
	off int64
}

func (w *offsetWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.off += int64(n)
	return n, err
}

// newSpill makes a spill file in dir (os.TempDir if empty).
func newSpill(dir string) *spill {
	s := &spill{}
	f, err := os.CreateTemp(dir, "govaudit-findings-*")
	if err != nil {
		return s // memory only
	}
	s.file = f
	if os.Remove(f.Name()) != nil {
		s.path = f.Name()
	}
	s.w.w = f
	s.enc = gob.NewEncoder(&s.w)
	return s
}

// add keeps one batch: one check's findings on one page or attachment.
// A batch is written whole or kept in memory, so readers see a page's
// findings together.
func (s *spill) add(batch []checks.Finding) {
	if len(batch) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.enc != nil && len(s.mem) == 0 {
		if err := s.enc.Encode(batch); err == nil {
			s.good = s.w.off
			return
		}
		// A failed write leaves a torn batch after good: the file is
		// read up to good, and the rest is kept in memory.
		s.enc = nil
	}
	s.mem = append(s.mem, batch)
}

// each passes every finding to fn, batch by batch in the order added.
func (s *spill) each(fn func(checks.Finding)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file != nil && s.good > 0 {
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		dec := gob.NewDecoder(bufio.NewReaderSize(io.LimitReader(s.file, s.good), 64<<10))
		for {
			var batch []checks.Finding
			if err := dec.Decode(&batch); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return err
			}
			for _, f := range batch {
				fn(f)
			}
		}
		if _, err := s.file.Seek(s.w.off, io.SeekStart); err != nil {
			return err
		}
	}
	for _, batch := range s.mem {
		for _, f := range batch {
			fn(f)
		}
	}
	return nil
}

// close removes the file.
func (s *spill) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file != nil {
		s.file.Close()
		s.file, s.enc = nil, nil
	}
	if s.path != "" {
		os.Remove(s.path)
		s.path = ""
	}
	s.mem = nil
}

// A keeper takes the run's findings one by one and keeps what the report
// lists: one finding per fingerprint (the first in checks.Less order), at
// most max a check (the first in that order); it counts the rest, and the
// veto lines named by every distinct finding before the cap.
type keeper struct {
	max    int
	checks map[string]*checkKept
	veto   map[string]int
}

type checkKept struct {
	seen map[fpKey]struct{} // every fingerprint of the check
	kept lessHeap
}

// fpKey is a fingerprint in 12 bytes: checks.Fingerprint's hex decoded, or
// a hash of any other.
type fpKey [12]byte

func keyOfFingerprint(fp string) fpKey {
	var k fpKey
	if len(fp) == 2*len(k) {
		if _, err := hex.Decode(k[:], []byte(fp)); err == nil {
			return k
		}
	}
	sum := sha256.Sum256([]byte(fp))
	copy(k[:], sum[:])
	return k
}

func newKeeper(max int) *keeper {
	return &keeper{max: max, checks: map[string]*checkKept{}, veto: map[string]int{}}
}

// add takes a finding with its Fingerprint set.
func (k *keeper) add(f checks.Finding) {
	c := k.checks[f.Check]
	if c == nil {
		c = &checkKept{seen: map[fpKey]struct{}{}, kept: lessHeap{at: map[string]int{}}}
		k.checks[f.Check] = c
	}
	if i, ok := c.kept.at[f.Fingerprint]; ok {
		if checks.Less(f, c.kept.fs[i]) {
			c.kept.fs[i] = f
			heap.Fix(&c.kept, i)
		}
		return
	}
	if fp := keyOfFingerprint(f.Fingerprint); !has(c.seen, fp) {
		c.seen[fp] = struct{}{}
		for _, v := range f.Veto {
			k.veto[v]++
		}
	}
	// A fingerprint seen before and not kept was dropped when the heap
	// was full (it stays full) as the largest kept; the largest kept now
	// is no larger, so this copy enters only if it is smaller, as a new
	// one would.
	switch {
	case len(c.kept.fs) < k.max:
		heap.Push(&c.kept, f)
	case k.max > 0 && checks.Less(f, c.kept.fs[0]):
		heap.Pop(&c.kept)
		heap.Push(&c.kept, f)
	}
}

func has(set map[fpKey]struct{}, k fpKey) bool {
	_, ok := set[k]
	return ok
}

// result is the kept findings in checks.Less order, and per check how many
// distinct findings the cap left out.
func (k *keeper) result() ([]checks.Finding, map[string]int) {
	var out []checks.Finding
	var capped map[string]int
	for id, c := range k.checks {
		out = append(out, c.kept.fs...)
		if n := len(c.seen) - len(c.kept.fs); n > 0 {
			if capped == nil {
				capped = map[string]int{}
			}
			capped[id] = n
		}
	}
	sort.Slice(out, func(i, j int) bool { return checks.Less(out[i], out[j]) })
	return out, capped
}

// lessHeap is a max-heap in checks.Less order, indexed by fingerprint.
type lessHeap struct {
	fs []checks.Finding
	at map[string]int
}

func (h *lessHeap) Len() int           { return len(h.fs) }
func (h *lessHeap) Less(i, j int) bool { return checks.Less(h.fs[j], h.fs[i]) }
func (h *lessHeap) Swap(i, j int) {
	h.fs[i], h.fs[j] = h.fs[j], h.fs[i]
	h.at[h.fs[i].Fingerprint] = i
	h.at[h.fs[j].Fingerprint] = j
}
func (h *lessHeap) Push(x any) {
	f := x.(checks.Finding)
	h.at[f.Fingerprint] = len(h.fs)
	h.fs = append(h.fs, f)
}
func (h *lessHeap) Pop() any {
	f := h.fs[len(h.fs)-1]
	h.fs = h.fs[:len(h.fs)-1]
	delete(h.at, f.Fingerprint)
	return f
}
