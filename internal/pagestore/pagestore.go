// Package pagestore keeps a crawl's page summaries out of memory until the
// whole-site checks read them. Each summary is encoded (checks.SummaryCodec)
// and written to a temporary file as the crawl reads its page; the checks
// then read them back one at a time, in URL order, as often as they pass
// over the site. What stays in memory is an index (the URL, where its
// record is) and the table of distinct links.
//
// The file is unlinked as soon as it is created, so a run that crashes
// leaves nothing behind. Where it cannot be created or written (a full
// disk), the records are kept in memory instead: a run is slower to
// collect, not lost.
package pagestore

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"govaudit/checks"
)

// A Store holds page summaries. Add is not safe for concurrent use (the
// driver calls it under its lock); once Pages is called, no more Adds.
type Store struct {
	codec  *checks.SummaryCodec
	file   *os.File // nil: records in memory
	full   bool     // a write failed: the file is read, no longer written
	path   string   // the file's name when it could not be unlinked
	index  map[string]ref
	sorted []entry // the index by URL, once sealed
	buf    []byte  // a record kept in memory, encoded

	// Records go to the file flushAt bytes at a time, not one write each:
	// wbuf holds those encoded since the last write, from file offset
	// wfrom on.
	wbuf    []byte
	wfrom   int64
	flushAt int
}

// writeBatch is how many encoded bytes wait for one write to the file
// (Store.flushAt; tests set it lower).
const writeBatch = 256 << 10

// ref is where one record is: in the file at off, or in mem.
type ref struct {
	off int64
	n   int
	mem []byte
}

type entry struct {
	url string
	ref
}

// New returns an empty store whose file is in dir (the system's temporary
// directory if dir is "").
func New(dir string) *Store {
	s := &Store{codec: checks.NewSummaryCodec(), index: map[string]ref{}, flushAt: writeBatch}
	f, err := os.CreateTemp(dir, "govaudit-pages-*")
	if err != nil {
		return s
	}
	s.file = f
	if os.Remove(f.Name()) != nil {
		s.path = f.Name() // removed on Close
	}
	return s
}

// Add keeps p, in place of an earlier page of the same URL.
func (s *Store) Add(p *checks.PageSummary) {
	if s.file != nil && !s.full {
		at := len(s.wbuf)
		s.wbuf = s.codec.Append(s.wbuf, p)
		s.index[p.URL] = ref{off: s.wfrom + int64(at), n: len(s.wbuf) - at}
		if len(s.wbuf) >= s.flushAt {
			s.flush()
		}
		return
	}
	s.buf = s.codec.Append(s.buf[:0], p)
	s.index[p.URL] = ref{n: len(s.buf), mem: slices.Clone(s.buf)}
}

// flush writes the waiting records to the file. Where the write fails, a
// torn record is never read: the waiting records and the rest go to
// memory; those written before stay readable.
func (s *Store) flush() {
	if len(s.wbuf) == 0 {
		return
	}
	if _, err := s.file.WriteAt(s.wbuf, s.wfrom); err != nil {
		// The waiting records are those at wfrom or after (a rare path:
		// the whole index is read once).
		s.full = true
		for u, r := range s.index {
			if r.mem == nil && r.off >= s.wfrom {
				at := r.off - s.wfrom
				r.mem = slices.Clone(s.wbuf[at : at+int64(r.n)])
				s.index[u] = r
			}
		}
		s.wbuf = nil
		return
	}
	s.wfrom += int64(len(s.wbuf))
	s.wbuf = s.wbuf[:0]
}

// Len is the number of pages kept.
func (s *Store) Len() int {
	if s.sorted != nil {
		return len(s.sorted)
	}
	return len(s.index)
}

// Has says whether a page of exactly that URL is kept.
func (s *Store) Has(url string) bool {
	if s.sorted != nil {
		_, ok := s.find(url)
		return ok
	}
	_, ok := s.index[url]
	return ok
}

// URLs yields the kept pages' URLs: in URL order once Pages was called,
// in no order before.
func (s *Store) URLs(yield func(string) bool) {
	if s.sorted != nil {
		for _, e := range s.sorted {
			if !yield(e.url) {
				return
			}
		}
		return
	}
	for u := range s.index {
		if !yield(u) {
			return
		}
	}
}

func (s *Store) find(url string) (int, bool) {
	return slices.BinarySearchFunc(s.sorted, url, func(e entry, u string) int { return strings.Compare(e.url, u) })
}

// Links is the table the kept pages' links are numbered in.
func (s *Store) Links() *checks.LinkTable { return s.codec.Links() }

// Pages serves the kept summaries to the whole-site checks. The store
// takes no more pages after it.
func (s *Store) Pages() *checks.Pages {
	if s.index != nil {
		s.flush() // nothing waits without a file, or after a failed write
		s.wbuf = nil
		s.sorted = make([]entry, 0, len(s.index))
		for u, r := range s.index {
			s.sorted = append(s.sorted, entry{u, r})
		}
		slices.SortFunc(s.sorted, func(a, b entry) int { return strings.Compare(a.url, b.url) })
		s.index = nil
	}
	return checks.PagesFrom(source{s})
}

// Close releases the file.
func (s *Store) Close() error {
	return s.closeFile()
}

func (s *Store) closeFile() error {
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.path != "" {
		os.Remove(s.path)
	}
	s.file = nil
	return err
}

// source is the store as checks.Pages reads it.
type source struct{ s *Store }

func (src source) Len() int { return len(src.s.sorted) }

func (src source) Each(yield func(*checks.PageSummary) bool) error {
	var buf []byte
	for _, e := range src.s.sorted {
		p, err := src.s.read(e, &buf)
		if err != nil {
			return err
		}
		if !yield(p) {
			return nil
		}
	}
	return nil
}

func (src source) Get(url string) (*checks.PageSummary, error) {
	i, ok := src.s.find(url)
	if !ok {
		return nil, nil
	}
	var buf []byte
	return src.s.read(src.s.sorted[i], &buf)
}

// read decodes one record, reading it from the file into *buf if it is
// there.
func (s *Store) read(e entry, buf *[]byte) (*checks.PageSummary, error) {
	b := e.mem
	if b == nil {
		if s.file == nil {
			return nil, fmt.Errorf("页面摘要的临时文件已关闭，无法读回 %s", e.url)
		}
		if cap(*buf) < e.n {
			*buf = make([]byte, e.n)
		}
		b = (*buf)[:e.n]
		if n, err := s.file.ReadAt(b, e.off); n < len(b) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("读回页面摘要的临时文件失败：%w", err)
		}
	}
	p, err := s.codec.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s：%w", e.url, err)
	}
	return p, nil
}
