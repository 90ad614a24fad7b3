package match

import (
	"fmt"
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

// onePass is the automaton run once from the start: the order Each must
// keep when it reads a long text in lanes.
func onePass(m *Matcher, text string) []hit {
	var out []hit
	m.scan(text, 0, 0, func(p, s, e int) { out = append(out, hit{p, s, e}) })
	return out
}

// TestMatcherLanes places matches at every offset around the borders of the
// four lanes a long text is read in (a match may end just before a border,
// on it, or just after it, and start up to the longest pattern before it),
// and checks Each against the naive search and the one-pass order.
func TestMatcherLanes(t *testing.T) {
	patterns := []string{"政府网站", "府", "政府", "网站", "站x"}
	m, err := New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{lanes*minLane - 1, lanes * minLane, lanes*minLane + 1, 1999, 4096 + 3} {
		seg := size / lanes
		for j := 1; j <= lanes; j++ {
			for d := -m.maxLen - 2; d <= 2; d++ {
				at := j*seg + d
				if at < 0 || at+len(patterns[0]) > size {
					continue
				}
				text := strings.Repeat("x", at) + patterns[0] + strings.Repeat("x", size-at-len(patterns[0]))
				got, want := all(m, text), onePass(m, text)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("size %d, match at %d (lane border %d): got %v, want %v", size, at, j*seg, got, want)
				}
				if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(naive(patterns, text))) || len(got) < 4 {
					t.Fatalf("size %d, match at %d: got %v, naive %v", size, at, got, naive(patterns, text))
				}
			}
		}
	}
}

// TestMatcherLongPattern: a pattern longer than a lane is matched in one
// pass (lanes would have to start before the text does).
func TestMatcherLongPattern(t *testing.T) {
	long := strings.Repeat("政府", 60) // 360 bytes
	m, err := New([]string{long})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("x", 700) + long + strings.Repeat("x", 100)
	if got := all(m, text); len(got) != 1 || got[0] != (hit{0, 700, 700 + len(long)}) {
		t.Fatalf("got %v", got)
	}
}

// FuzzMatcher holds Each, in lanes or not, to the naive search and to the
// one-pass order on any text.
func FuzzMatcher(f *testing.F) {
	f.Add("政府", "府政", strings.Repeat("政府网站x", 300))
	f.Add("ab", "b", strings.Repeat("ab", 1000))
	f.Fuzz(func(t *testing.T, p1, p2, text string) {
		if p1 == "" || p2 == "" {
			return
		}
		patterns := []string{p1, p2}
		m, err := New(patterns)
		if err != nil {
			t.Fatal(err)
		}
		// The text as given, and repeated to a length read in lanes.
		long := strings.Repeat(text, lanes*minLane/max(1, len(text))+1)
		for _, text := range []string{text, long} {
			got := all(m, text)
			if want := onePass(m, text); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %v, one pass %v", got, want)
			}
			if want := sorted(naive(patterns, text)); fmt.Sprint(sorted(got)) != fmt.Sprint(want) {
				t.Fatalf("got %v, naive %v", got, want)
			}
		}
	})
}

// BenchmarkEach matches the default wording rules' literals over 32 KB of
// Chinese prose, one page's text.
func BenchmarkEach(b *testing.B) {
	para := "为深入贯彻落实党的二十大精神，进一步推进教育高质量发展，根据省教育厅工作部署，结合我市实际，现就做好有关工作通知如下。各区、县（市）教育局要高度重视，加强组织领导，确保各项工作落到实处。"
	text := strings.Repeat(para, 32<<10/len(para))
	m, err := New([]string{"布署", "环保局", "中华人民共合国", "再接再励", "高度重视", "工作部署", "扫黑险恶"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		m.Each(text, func(int, int, int) { n++ })
	}
}
