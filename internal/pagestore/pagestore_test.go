package pagestore

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
)

func page(u, title string, links ...string) *checks.PageSummary {
	p := &checks.PageSummary{URL: u, Title: title}
	for _, l := range links {
		p.Links = append(p.Links, checks.Link{URL: l, Text: "链接"})
	}
	return p
}

// read returns what the checks would see: URL, title and links of every
// page in order.
func read(t *testing.T, ps *checks.Pages) []string {
	t.Helper()
	var out []string
	for p := range ps.All() {
		s := p.URL + " " + p.Title
		for l := range p.AllLinks() {
			s += " " + l.URL
		}
		out = append(out, s)
	}
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStoreOrderReplaceAndGet(t *testing.T) {
	dir := t.TempDir()
	s := New(dir)
	defer s.Close()
	if s.file == nil {
		t.Fatal("no file in a writable directory")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the file is not unlinked: %v", left)
	}
	s.Add(page("http://x/c", "丙", "http://x/a"))
	s.Add(page("http://x/a", "甲", "http://x/b", "http://x/c"))
	s.Add(page("http://x/b", "乙（旧）"))
	s.Add(page("http://x/b", "乙", "http://x/a"))
	if s.Len() != 3 || !s.Has("http://x/b") || s.Has("http://x/d") {
		t.Errorf("Len %d, Has wrong", s.Len())
	}
	ps := s.Pages()
	want := []string{"http://x/a 甲 http://x/b http://x/c", "http://x/b 乙 http://x/a", "http://x/c 丙 http://x/a"}
	if got := read(t, ps); !reflect.DeepEqual(got, want) {
		t.Errorf("pages:\n%q\nwant\n%q", got, want)
	}
	// Every pass reads them again.
	if got := read(t, ps); !reflect.DeepEqual(got, want) {
		t.Errorf("second pass: %q", got)
	}
	if p := ps.Get("http://x/b"); p == nil || p.Title != "乙" {
		t.Errorf("Get b = %+v", p)
	}
	if p := ps.Get("http://x/bb"); p != nil {
		t.Errorf("Get of an unknown URL = %+v", p)
	}
	if ps.Len() != 3 || s.Len() != 3 || s.Links().Len() != 3 {
		t.Errorf("Len %d and %d, %d distinct links; want 3, 3 and 3", ps.Len(), s.Len(), s.Links().Len())
	}
	if !s.Has("http://x/c") || s.Has("http://x/") {
		t.Error("Has wrong once sealed")
	}
	var urls []string
	for u := range s.URLs {
		urls = append(urls, u)
	}
	if !reflect.DeepEqual(urls, []string{"http://x/a", "http://x/b", "http://x/c"}) {
		t.Errorf("URLs once sealed: %v", urls)
	}
}

func TestStoreInMemoryWithoutFile(t *testing.T) {
	s := New(filepath.Join(t.TempDir(), "missing"))
	defer s.Close()
	if s.file != nil {
		t.Fatal("a file in a directory that does not exist")
	}
	s.Add(page("http://x/b", "乙"))
	s.Add(page("http://x/a", "甲", "http://x/b"))
	if got := read(t, s.Pages()); !reflect.DeepEqual(got, []string{"http://x/a 甲 http://x/b", "http://x/b 乙"}) {
		t.Errorf("pages: %q", got)
	}
}

// A write that fails (a full disk) keeps that page and the next ones in
// memory; those written before stay readable from the file. With records
// written one at a time (flushAt 0), pages 1 and 2 are in the file when
// it turns read-only; with a batch larger than all four, they are still
// waiting, and the failed write at Pages keeps them too.
func TestStoreWriteFailureKeepsEveryPage(t *testing.T) {
	for _, batch := range []int{0, 1 << 20} {
		path := filepath.Join(t.TempDir(), "pages")
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		s := &Store{codec: checks.NewSummaryCodec(), index: map[string]ref{}, file: f, flushAt: batch}
		defer s.Close()
		s.Add(page("http://x/1", "一", "http://x/2"))
		s.Add(page("http://x/2", "二"))
		// From now on the file can be read, not written.
		f.Close()
		if s.file, err = os.Open(path); err != nil {
			t.Fatal(err)
		}
		s.Add(page("http://x/3", "三", "http://x/1"))
		s.Add(page("http://x/4", "四"))
		s.Add(page("http://x/3", "三改", "http://x/1")) // the same URL again, in place of the first
		ps := s.Pages()
		if !s.full {
			t.Fatalf("batch %d: the failed write went unnoticed", batch)
		}
		want := []string{"http://x/1 一 http://x/2", "http://x/2 二", "http://x/3 三改 http://x/1", "http://x/4 四"}
		if got := read(t, ps); !reflect.DeepEqual(got, want) {
			t.Errorf("batch %d: pages:\n%q\nwant\n%q", batch, got, want)
		}
		inFile := 0
		for _, e := range s.sorted {
			if e.mem == nil {
				inFile++
			}
		}
		if wantFile := map[int]int{0: 2, 1 << 20: 0}[batch]; inFile != wantFile {
			t.Errorf("batch %d: %d records read from the file, want %d", batch, inFile, wantFile)
		}
	}
}

// Records wait in memory until flushAt bytes of them are there, then go to
// the file in one write; Pages writes the rest.
func TestStoreWritesInBatches(t *testing.T) {
	s := New(t.TempDir())
	defer s.Close()
	size := func() int64 {
		st, err := s.file.Stat()
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	s.flushAt = 3 * len(s.codec.Append(nil, page("http://x/0", "零")))
	s.Add(page("http://x/1", "一"))
	s.Add(page("http://x/2", "二"))
	if n := size(); n != 0 {
		t.Fatalf("two records below the batch: file holds %d bytes, want 0", n)
	}
	s.Add(page("http://x/3", "三"))
	written := size()
	if written < int64(s.flushAt) {
		t.Fatalf("three records reach the batch: file holds %d bytes, want ≥ %d", written, s.flushAt)
	}
	s.Add(page("http://x/4", "四"))
	ps := s.Pages()
	if n := size(); n <= written {
		t.Errorf("Pages left the last record unwritten: %d bytes, %d before", n, written)
	}
	want := []string{"http://x/1 一", "http://x/2 二", "http://x/3 三", "http://x/4 四"}
	if got := read(t, ps); !reflect.DeepEqual(got, want) {
		t.Errorf("pages:\n%q\nwant\n%q", got, want)
	}
	for _, e := range s.sorted {
		if e.mem != nil {
			t.Errorf("%s kept in memory, want in the file", e.url)
		}
	}
}

// A record damaged on disk stops the pass with an error the driver sees;
// it is never read as another page.
func TestStoreDamagedRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pages")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{codec: checks.NewSummaryCodec(), index: map[string]ref{}, file: f}
	defer s.Close()
	s.Add(page("http://x/a", "甲"))
	s.Add(page("http://x/b", "乙"))
	if err := f.Truncate(s.wfrom - 2); err != nil {
		t.Fatal(err)
	}
	ps := s.Pages()
	var seen []string
	for p := range ps.All() {
		seen = append(seen, p.URL)
	}
	if !reflect.DeepEqual(seen, []string{"http://x/a"}) {
		t.Errorf("read %v before the damage, want only a", seen)
	}
	if err := ps.Err(); err == nil || !strings.Contains(err.Error(), "临时文件") {
		t.Errorf("Err = %v, want the file named", err)
	}
	if _, err := f.WriteAt([]byte{0xff, 0xff}, 0); err != nil {
		t.Fatal(err)
	}
	ps = s.Pages()
	if p := ps.Get("http://x/a"); p != nil || ps.Err() == nil {
		t.Errorf("a damaged record read as %+v, err %v", p, ps.Err())
	}
}

// BenchmarkStore writes 10,000 article-like summaries (a navigation of 60
// links every page repeats, 20 of its own, three crumbs, two 文号) and reads
// them all back once: what one pass of a whole-site check costs a page.
func BenchmarkStore(b *testing.B) {
	const n = 10000
	nav := make([]checks.Link, 60)
	for i := range nav {
		nav[i] = checks.Link{URL: fmt.Sprintf("http://jyj.example.gov.cn/col%d/", i), Text: "栏目名称"}
	}
	pages := make([]*checks.PageSummary, n)
	for i := range pages {
		p := &checks.PageSummary{URL: fmt.Sprintf("http://jyj.example.gov.cn/art/2026/%d.html", i), Title: "关于印发某某办法的通知",
			Date: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), DateSource: "meta", DocNos: []string{"杭教〔2026〕3号", "浙教〔2025〕9号"},
			Crumbs: nav[:3], Blocks: []uint64{1, 2, 3}, Links: slices.Clone(nav)}
		for j := 0; j < 20; j++ {
			p.Links = append(p.Links, checks.Link{URL: fmt.Sprintf("http://jyj.example.gov.cn/art/2026/%d_%d.pdf", i, j), Text: "附件"})
		}
		pages[i] = p
	}
	var write, read time.Duration
	b.ResetTimer()
	for range b.N {
		s := New(b.TempDir())
		start := time.Now()
		for _, p := range pages {
			s.Add(p)
		}
		ps := s.Pages()
		write += time.Since(start)
		start = time.Now()
		links := 0
		for p := range ps.All() {
			links += p.LinkCount()
		}
		read += time.Since(start)
		if ps.Err() != nil || links != n*80 {
			b.Fatalf("read %d links, err %v", links, ps.Err())
		}
		s.Close()
	}
	b.ReportMetric(float64(write.Microseconds())/float64(b.N*n), "write-µs/page")
	b.ReportMetric(float64(read.Microseconds())/float64(b.N*n), "pass-µs/page")
}
