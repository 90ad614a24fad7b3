package match

import (
	"os"
	"strings"
	"testing"
)

func TestContains(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   bool
	}{
		{"共12条记录", "记录", true},
		{"共12条记录", "条", true},
		{"记录", "记录", true},       // the whole text
		{"记", "记录", false},       // longer than the text
		{"记 录", "记录", false},     // split
		{"记录记", "记记", false},     // last byte found, first differs
		{"条条条", "条条", true},      // overlapping
		{"abc", "", true},        // empty needle
		{"", "a", false},         // empty text
		{"xy号", "号", true},       // at the very end
		{"号xy", "号", true},       // at the very start
		{"\xe5\x8f号", "号", true}, // a torn rune before it
		{"★机密", "★", true},
		{"☆", "★", false},              // same lead and middle bytes
		{"display:none", "none", true}, // ASCII
		{"display:non", "none", false},
	} {
		if got := Contains(c.s, c.sub); got != c.want {
			t.Errorf("Contains(%q, %q) = %v, want %v", c.s, c.sub, got, c.want)
		}
	}
	if !ContainsAny("此件不公开", "内部资料", "不公开") || ContainsAny("公开", "内部资料", "不公开") || ContainsAny("x") {
		t.Error("ContainsAny")
	}
}

// FuzzContains holds Contains to strings.Contains on any text and needle.
func FuzzContains(f *testing.F) {
	for _, s := range []string{"共12条记录", "记录记", "条条条", "★☆", "号", "\xe5\x8f\xb7\xb7"} {
		f.Add(s, "记录")
		f.Add(s, "条条")
		f.Add(s, "\xb7")
	}
	f.Fuzz(func(t *testing.T, s, sub string) {
		if got, want := Contains(s, sub), strings.Contains(s, sub); got != want {
			t.Fatalf("Contains(%q, %q) = %v, strings.Contains says %v", s, sub, got, want)
		}
	})
}

// BenchmarkContains searches the visible text of a real article (Chinese
// text) for the five secret-mark phrases, with strings.Contains and with
// Contains.
func BenchmarkContains(b *testing.B) {
	raw, err := os.ReadFile("../../../shared/corpus/gov-pages/jiangxi-yichun-article-1.html")
	if err != nil {
		b.Skip("../shared/corpus is not beside the checkout")
	}
	var sb strings.Builder
	for _, r := range string(raw) {
		if r >= 0x80 {
			sb.WriteRune(r)
		}
	}
	text := sb.String()
	needles := []string{"★", "☆", "内部资料", "注意保密", "此件不公开"}
	for _, c := range []struct {
		name string
		fn   func(s, sub string) bool
	}{{"strings", strings.Contains}, {"match", Contains}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				for _, n := range needles {
					if c.fn(text, n) {
						b.Fatal(n)
					}
				}
			}
		})
	}
}
