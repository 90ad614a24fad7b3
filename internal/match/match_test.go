package match

import (
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

type hit struct{ p, s, e int }

func naive(patterns []string, text string) []hit {
	var out []hit
	for pi, p := range patterns {
		for i := 0; i+len(p) <= len(text); i++ {
			if text[i:i+len(p)] == p {
				out = append(out, hit{pi, i, i + len(p)})
			}
		}
	}
	return out
}

func all(m *Matcher, text string) []hit {
	var out []hit
	m.Each(text, func(p, s, e int) { out = append(out, hit{p, s, e}) })
	return out
}

func sorted(h []hit) []hit {
	sort.Slice(h, func(i, j int) bool {
		if h[i].s != h[j].s {
			return h[i].s < h[j].s
		}
		if h[i].e != h[j].e {
			return h[i].e < h[j].e
		}
		return h[i].p < h[j].p
	})
	return h
}

func TestMatcherChinese(t *testing.T) {
	patterns := []string{"扫黑险恶", "险恶", "再接再励", "环境保护局", "保护", "he", "she", "hers"}
	m, err := New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	text := "深入开展扫黑险恶专项斗争，望再接再励。市环境保护局。ushers"
	got, want := sorted(all(m, text)), sorted(naive(patterns, text))
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	for _, h := range got {
		if text[h.s:h.e] != patterns[h.p] {
			t.Errorf("%v: %q", h, text[h.s:h.e])
		}
	}
}

// TestMatcherRandom compares the automaton with a naive search on random
// texts over a small alphabet, where overlaps and shared suffixes abound.
func TestMatcherRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []string{"a", "b", "政", "府", "c"}
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	for range 200 {
		var patterns []string
		for range 1 + r.IntN(8) {
			patterns = append(patterns, word(1+r.IntN(4)))
		}
		m, err := New(patterns)
		if err != nil {
			t.Fatal(err)
		}
		text := word(r.IntN(60))
		got, want := sorted(all(m, text)), sorted(naive(patterns, text))
		if len(got) != len(want) {
			t.Fatalf("patterns %q text %q: got %v, want %v", patterns, text, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("patterns %q text %q: got %v, want %v", patterns, text, got, want)
			}
		}
	}
	if _, err := New([]string{""}); err == nil {
		t.Error("empty pattern accepted")
	}
}
