package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var noDate time.Time

// manyExceptions is a substitution rule with n exceptions around its wrong
// form 按装: n-2 generated ones (按装甲0 …) and two real ones, one with the
// wrong form at its start (按装修), one with it inside (一按装).
func manyExceptions(t testing.TB, n int) *Wording {
	t.Helper()
	var b strings.Builder
	b.WriteString("rules:\n  - id: typo-an-zhuang\n    kind: substitution\n    level: warning\n    wrong: 按装\n    right: 安装\n    exceptions: [按装修, 一按装")
	for i := range n - 2 {
		fmt.Fprintf(&b, ", 按装甲%d", i)
	}
	b.WriteString("]\n    examples: {hit: [\"为各教室按装空调。\"], miss: [\"按装修标准验收。\"]}\n")
	w, err := ParseWording(WordingSource{File: "many.yaml", Data: []byte(b.String())})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// Exceptions are looked up by where they can stand around a match: every
// exception still counts, wherever the wrong form stands in it, and only
// when the text holds the whole exception.
func TestExceptionsAtEveryOffset(t *testing.T) {
	w := manyExceptions(t, 2000)
	for text, want := range map[string]int{
		"按装修":          0, // exception, match at its start
		"统一按装":         0, // exception, match inside it
		"按装甲1997":      0, // the last generated exception
		"按装甲1998":      0, // holds 按装甲199 (and 按装甲1), both exceptions
		"按装甲x":         1, // no exception stands here
		"按装":           1, // at the end of the text: no room for 按装修
		"按装空调，按装修，一按装": 1,
		"按装按装修":        1,
		"一按装修":         0,
	} {
		if got := len(w.Find(text, noDate)); got != want {
			t.Errorf("%q: %d hits, want %d", text, got, want)
		}
	}
}

// BenchmarkExceptions: a page of 20,000 hits against 2,000 exceptions (the
// issue measured 123 s when every exception was searched for every hit).
func BenchmarkExceptions(b *testing.B) {
	w := manyExceptions(b, 2000)
	text := strings.Repeat("为各教室按装空调，", 20000)
	b.ResetTimer()
	for range b.N {
		if n := len(w.Find(text, noDate)); n != 20000 {
			b.Fatalf("%d hits", n)
		}
	}
}
