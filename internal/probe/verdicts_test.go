package probe

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"govaudit/checks"
	"govaudit/internal/arena"
)

// allSet fails unless every field of v (a struct) is non-zero, so that a
// field added to LinkStatus or FileFacts cannot go unstored unnoticed.
func allSet(t *testing.T, v any) {
	t.Helper()
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Fatalf("%s.%s is zero in the fixture: give it a value, and store it in verdicts", rv.Type().Name(), rv.Type().Field(i).Name)
		}
	}
}

// TestVerdictsRoundTrip: what set stores, status gives back, field for
// field, in each of the ways set shares strings (URL the key or not, Final
// empty, the URL or another, a file or none).
func TestVerdictsRoundTrip(t *testing.T) {
	file := checks.FileFacts{ContentType: "application/pdf", Length: 12345, Attachment: true, Inspected: true, Problem: "pdf-truncated", Detail: "文件不完整"}
	allSet(t, file)
	full := checks.LinkStatus{URL: "http://a.gov.cn/f/1.pdf", Final: "http://a.gov.cn/f/2.pdf", Status: 206, Class: checks.Broken, Rule: "file-problem", Detail: "附件损坏", File: &file}
	allSet(t, full)

	cases := []struct {
		key string
		s   checks.LinkStatus
	}{
		{"http://a.gov.cn/f/1.pdf", full},
		{"http://a.gov.cn/x?a=1&b=2", checks.LinkStatus{URL: "http://a.gov.cn/x?b=2&a=1", Final: "http://a.gov.cn/x?b=2&a=1", Status: 200, Rule: "ok"}},
		{"http://a.gov.cn/y", checks.LinkStatus{URL: "http://a.gov.cn/y", Final: "http://a.gov.cn/y", Status: 200}},
		{"http://a.gov.cn/z", checks.LinkStatus{URL: "http://a.gov.cn/z", Class: checks.Transient, Rule: RuleTimeout, Detail: "未在时限内打开"}},
		{"http://a.gov.cn/e", checks.LinkStatus{}},
	}
	v := newVerdicts()
	for _, c := range cases {
		if v.find(c.key) >= 0 {
			t.Fatalf("%s found before it was added", c.key)
		}
		id := v.add(c.key)
		if _, ready := v.status(id); ready {
			t.Fatalf("%s ready before its verdict", c.key)
		}
		v.set(id, c.s)
	}
	for i, c := range cases {
		id := v.find(c.key)
		if id != int32(i) {
			t.Fatalf("find(%s) = %d, want %d", c.key, id, i)
		}
		got, ready := v.status(id)
		if !ready || !reflect.DeepEqual(got, c.s) {
			t.Errorf("%s:\n got %+v (ready %v)\nwant %+v", c.key, got, ready, c.s)
		}
	}
	// A verdict given again replaces the first, file facts included.
	id := v.find(cases[0].key)
	v.set(id, checks.LinkStatus{URL: cases[0].key, Status: 200})
	if got, _ := v.status(id); got.File != nil || got.Status != 200 {
		t.Errorf("second verdict: got %+v, want no file, status 200", got)
	}
	// status gives a copy of the file facts: a caller's change stays its own.
	id = v.add("http://a.gov.cn/g.pdf")
	v.set(id, checks.LinkStatus{URL: "http://a.gov.cn/g.pdf", File: &checks.FileFacts{Problem: "empty-file"}})
	s1, _ := v.status(id)
	s1.File.Problem = "changed"
	if s2, _ := v.status(id); s2.File.Problem != "empty-file" {
		t.Errorf("file facts changed through a returned copy: %q", s2.File.Problem)
	}
}

// TestVerdictsWordsBounded: details made of error text (one a host) do
// not grow the shared-words map past its bound, and still come back.
func TestVerdictsWordsBounded(t *testing.T) {
	v := newVerdicts()
	n := maxWords + 500
	for i := range n {
		u := fmt.Sprintf("http://h%d.gov.cn/", i)
		v.set(v.add(u), checks.LinkStatus{URL: u, Rule: RuleNetwork, Detail: fmt.Sprintf("网络错误：dial tcp h%d.gov.cn", i)})
	}
	if len(v.words) != maxWords {
		t.Errorf("%d shared words, want the bound %d", len(v.words), maxWords)
	}
	for i := range n {
		s, _ := v.status(v.find(fmt.Sprintf("http://h%d.gov.cn/", i)))
		if want := fmt.Sprintf("网络错误：dial tcp h%d.gov.cn", i); s.Detail != want || s.Rule != RuleNetwork {
			t.Fatalf("verdict %d: %q %q", i, s.Rule, s.Detail)
		}
	}
}

// TestVerdictsHoldNoPointers: the slots, the file records and the index
// are of types the collector does not scan; a string or pointer added to
// one of them would bring back a mark of every verdict in every cycle.
func TestVerdictsHoldNoPointers(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[slot](), reflect.TypeFor[fileRec](), reflect.TypeFor[arena.Ref]()} {
		if p := arena.Pointer(typ); p != "" {
			t.Errorf("%s holds a pointer: %s", typ, p)
		}
	}
}

// BenchmarkVerdictsGC is one collection with 400,000 verdicts held (a run
// of 100,000 pages, a quarter of them attachments): as a map of strings
// to entries it was 119 ms a collection on the 2-core machine; in the
// pointer-free table 1.5 ms.
func BenchmarkVerdictsGC(b *testing.B) {
	p := New(Options{})
	for i := range 400000 {
		u := fmt.Sprintf("http://127.0.0.1:8799/xxgk/tzgg/2026/%08d/article-%d.html", i*7, i)
		s := checks.LinkStatus{URL: u, Status: 200, Rule: "ok", Detail: "正常"}
		if i%4 == 0 {
			s.File = &checks.FileFacts{ContentType: "application/pdf", Length: int64(i), Inspected: true}
		}
		p.Known(s)
	}
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		runtime.GC()
	}
	runtime.KeepAlive(p)
}
