// Package match finds many literal strings in a text in one pass: an
// Aho–Corasick automaton over the bytes of UTF-8 text, compiled to a dense
// table (one load per input byte). It is what banned-wording uses for its
// hundreds of literal rules; a regexp alternation of the same literals is
// orders of magnitude slower (see the benchmark).
//
// Matching is over bytes: a match of a valid UTF-8 pattern in valid UTF-8
// text always starts and ends on rune boundaries, so no Chinese character is
// ever matched by half.
package match

import "errors"

// A Matcher finds every occurrence of a fixed set of patterns. It is
// immutable after New and safe for concurrent use.
type Matcher struct {
	// class maps a byte to its column in delta; bytes that occur in no
	// pattern share column 0.
	class  [256]int32
	stride int32
	// delta[s+class[b]] is the next state, premultiplied by stride; a
	// negative entry -t means "go to t, which has outputs".
	delta []int32
	// outs[outStart[id]:outStart[id+1]] are the patterns that end in state id.
	outStart []int32
	outs     []int32
	lens     []int
	maxLen   int // the longest pattern, in bytes
	n        int
}

// New compiles patterns. Patterns must be non-empty; duplicates are allowed
// (each index is reported).
func New(patterns []string) (*Matcher, error) {
	m := &Matcher{n: len(patterns)}
	// Byte classes: one per distinct byte used by a pattern.
	used := [256]bool{}
	for _, p := range patterns {
		if p == "" {
			return nil, errors.New("match: empty pattern")
		}
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
		m.lens = append(m.lens, len(p))
		m.maxLen = max(m.maxLen, len(p))
	}
	k := int32(1)
	for b := range used {
		if used[b] {
			m.class[b] = k
			k++
		}
	}
	m.stride = k

	// The trie, with sparse children while building.
	type node struct {
		next map[int32]int32
		fail int32
		out  []int32
	}
	nodes := []node{{next: map[int32]int32{}}}
	for pi, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := m.class[p[i]]
			t, ok := nodes[s].next[c]
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, node{next: map[int32]int32{}})
				nodes[s].next[c] = t
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, int32(pi))
	}

	// Breadth-first: failure links, inherited outputs and the dense table.
	delta := make([]int32, len(nodes)*int(k))
	queue := make([]int32, 0, len(nodes))
	for c := int32(0); c < k; c++ {
		if t, ok := nodes[0].next[c]; ok {
			nodes[t].fail = 0
			delta[c] = t
			queue = append(queue, t)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := int32(0); c < k; c++ {
			if t, ok := nodes[s].next[c]; ok {
				nodes[t].fail = delta[f*k+c]
				delta[s*k+c] = t
				queue = append(queue, t)
			} else {
				delta[s*k+c] = delta[f*k+c]
			}
		}
	}
	// Premultiply and mark states with outputs.
	m.outStart = make([]int32, len(nodes)+1)
	for id := range nodes {
		m.outStart[id] = int32(len(m.outs))
		m.outs = append(m.outs, nodes[id].out...)
	}
	m.outStart[len(nodes)] = int32(len(m.outs))
	for i, t := range delta {
		v := t * k
		if len(nodes[t].out) > 0 {
			v = -v
		}
		delta[i] = v
	}
	m.delta = delta
	return m, nil
}

// Len is the number of patterns.
func (m *Matcher) Len() int { return m.n }

// Each calls fn for every occurrence of every pattern in text, in order of
// their end, with the pattern's index and the match's byte offsets.
// Overlapping occurrences are all reported.
//
// A long text is read as four parts side by side (see lanes): one step of
// the automaton waits for the table load of the step before, so one pass
// is bound by memory latency, and four independent passes overlap those
// waits.
func (m *Matcher) Each(text string, fn func(pattern, start, end int)) {
	seg := len(text) / lanes
	if seg < minLane || seg < m.maxLen {
		m.scan(text, 0, 0, fn)
		return
	}
	m.each4(text, seg, fn)
}

// scan runs the automaton over text from state s, reporting matches at
// offsets shifted by off; it returns the state at the end.
func (m *Matcher) scan(text string, s int32, off int, fn func(pattern, start, end int)) int32 {
	delta, class, stride := m.delta, &m.class, m.stride
	for i := 0; i < len(text); i++ {
		v := delta[s+class[text[i]]]
		if v >= 0 {
			s = v
			continue
		}
		s = -v
		id := s / stride
		for _, p := range m.outs[m.outStart[id]:m.outStart[id+1]] {
			fn(int(p), off+i+1-m.lens[p], off+i+1)
		}
	}
	return s
}

// lanes is how many parts of a long text Each reads side by side, and
// minLane the shortest part worth it (below, one pass is as fast).
const (
	lanes   = 4
	minLane = 256
)

// each4 reads text as four lanes. Lane j reports the matches that end in
// (j·seg, (j+1)·seg]; it starts maxLen-1 bytes before j·seg, from the root,
// so it sees every such match whole (the automaton from the root finds
// every occurrence that starts at or after where it starts). The last lane
// then runs on to the end of the text. Matches are held per lane and
// reported lane by lane: in order of their end, as one pass gives them.
func (m *Matcher) each4(text string, seg int, fn func(pattern, start, end int)) {
	delta, class, stride := m.delta, &m.class, m.stride
	back := m.maxLen - 1
	n := seg + back // bytes each lane reads
	var base [lanes]int
	for j := 1; j < lanes; j++ {
		base[j] = j*seg - back
	}
	t0 := text[:n]
	t1 := text[base[1]:][:len(t0)]
	t2 := text[base[2]:][:len(t0)]
	t3 := text[base[3]:][:len(t0)]
	var held [lanes][]laneHit
	hit := func(j int, s int32, i int) {
		end := base[j] + i + 1
		if end <= j*seg || end > (j+1)*seg {
			return // another lane's
		}
		id := s / stride
		for _, p := range m.outs[m.outStart[id]:m.outStart[id+1]] {
			held[j] = append(held[j], laneHit{p, end})
		}
	}
	var s0, s1, s2, s3 int32
	for i := 0; i < len(t0); i++ { // bytes, not runes
		v0 := delta[s0+class[t0[i]]]
		v1 := delta[s1+class[t1[i]]]
		v2 := delta[s2+class[t2[i]]]
		v3 := delta[s3+class[t3[i]]]
		s0, s1, s2, s3 = v0, v1, v2, v3
		if v0|v1|v2|v3 >= 0 {
			continue // no lane is at a match: the common case, one test
		}
		v := [lanes]int32{v0, v1, v2, v3}
		for j := range v {
			if v[j] < 0 {
				v[j] = -v[j]
				hit(j, v[j], i)
			}
		}
		s0, s1, s2, s3 = v[0], v[1], v[2], v[3]
	}
	for j := range held {
		for _, h := range held[j] {
			fn(int(h.p), h.end-m.lens[h.p], h.end)
		}
	}
	// Lane 3 stopped at 4·seg; the rest of the text is its own.
	m.scan(text[base[3]+n:], s3, base[3]+n, fn)
}

type laneHit struct {
	p   int32
	end int
}
