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
func (m *Matcher) Each(text string, fn func(pattern, start, end int)) {
	delta, class, stride := m.delta, &m.class, m.stride
	s := int32(0)
	for i := 0; i < len(text); i++ {
		v := delta[s+class[text[i]]]
		if v >= 0 {
			s = v
			continue
		}
		s = -v
		id := s / stride
		for _, p := range m.outs[m.outStart[id]:m.outStart[id+1]] {
			fn(int(p), i+1-m.lens[p], i+1)
		}
	}
}
