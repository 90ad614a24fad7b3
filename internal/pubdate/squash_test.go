package pubdate

import (
	"fmt"
	"strings"
	"testing"
)

// squashByRune is squash's plain definition, rune by rune: what the
// copying squash must give on any input.
func squashByRune(s string) string {
	var b strings.Builder
	pending, nl := false, false
	for _, c := range s {
		if f := fold(c); isSpace(f) && c != linkOpen && c != linkClose {
			pending = true
			nl = nl || f == '\n'
			continue
		}
		if pending {
			if nl {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			pending, nl = false, false
		}
		b.WriteRune(c)
	}
	if pending && nl {
		b.WriteByte('\n')
	}
	return b.String()
}

func TestSquash(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"发布时间：  2026-11-28", "发布时间： 2026-11-28"},
		{"标题\n\n  \t来源：教育局", "标题\n来源：教育局"},
		{"\u3000\u3000第一段\u00a0正文", " 第一段 正文"},
		{"行尾 \n", "行尾\n"},
		{"末尾空格  ", "末尾空格"},
		{"\u2028分行", "\n分行"},
		{"链接\ue000标题\ue001 后", "链接\ue000标题\ue001 后"}, // link marks are kept, not blanks
		{"坏\xff字节 \xe4\xb8", "坏\ufffd字节 \ufffd\ufffd"},
		{"甲\ufeff乙\u3000丙", "甲 乙 丙"},       // blanks whose lead bytes (EF, E3) border the fast path's E4–E9
		{"坏\xe4\xb8 a", "坏\ufffd\ufffd a"}, // a cut sequence is not skipped whole
		{"", ""},
	} {
		if got := squash(tc.in); got != tc.want {
			t.Errorf("squash(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := squashByRune(tc.in); got != tc.want {
			t.Errorf("reference(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzSquash(f *testing.F) {
	for _, s := range []string{"发布时间：  2026-11-28", "a\t\r\nb\u3000c", "\ue000 x \ue001", "\xff\xfe 坏", "ａ－ｂ　ｃ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := squash(s), squashByRune(s); got != want {
			t.Fatalf("squash(%q) = %q, rune by rune %q", s, got, want)
		}
	})
}

// normalizeByRune is normalize's plain definition, rune by rune: what
// the decoding fast path must give on any input.
func normalizeByRune(s string) text {
	t := text{r: []rune{}, off: []int32{}}
	for i, c := range s {
		t.r = append(t.r, fold(c))
		t.off = append(t.off, int32(i))
	}
	t.off = append(t.off, int32(len(s)))
	return t
}

func TestNormalize(t *testing.T) {
	for _, in := range []string{
		"发布日期：２０２６－１１－２８", "䀀丁鿿\u9fff", // U+4000, U+4E01, U+9FFF: the fast path's range
		"\u3fff\u3000\ua000ａ", // just outside it
		"坏\xe4\xb8", "\xe4\xb8a", "\xe9\xbf", "\xe4\x41\x80", "\xff", "a\tb\r\n", "",
	} {
		got, want := normalize(in), normalizeByRune(in)
		if string(got.r) != string(want.r) || fmt.Sprint(got.off) != fmt.Sprint(want.off) {
			t.Errorf("normalize(%q) = %q %v, rune by rune %q %v", in, string(got.r), got.off, string(want.r), want.off)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"发布日期：２０２６－１１－２８", "\xe4\xb8", "\xe9\xbf\xbfx", "a\u3000b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := normalize(s), normalizeByRune(s)
		if string(got.r) != string(want.r) || fmt.Sprint(got.off) != fmt.Sprint(want.off) {
			t.Fatalf("normalize(%q) = %q %v, rune by rune %q %v", s, string(got.r), got.off, string(want.r), want.off)
		}
	})
}

// prose8K is the 8 KB window after an article's title that Page reads.
var prose8K = strings.Repeat("为深入贯彻落实党的二十大精神，进一步推进教育高质量发展，根据省教育厅工作部署，\n结合我市实际，现就做好有关工作通知如下。 ", 8<<10/200)

func BenchmarkSquash(b *testing.B) {
	b.SetBytes(int64(len(prose8K)))
	for b.Loop() {
		_ = squash(prose8K)
	}
}

func BenchmarkSquashByRune(b *testing.B) {
	b.SetBytes(int64(len(prose8K)))
	for b.Loop() {
		_ = squashByRune(prose8K)
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.SetBytes(int64(len(prose8K)))
	for b.Loop() {
		_ = normalize(prose8K)
	}
}

// BenchmarkLabels reads the labels of an article's 8 KB window, with one
// 发布日期 label near its start.
func BenchmarkLabels(b *testing.B) {
	t := normalize("关于做好2026年教育工作的通知\n发布日期：2026-11-28 来源：市教育局\n" + prose8K)
	for b.Loop() {
		if len(t.labels()) == 0 {
			b.Fatal("no label")
		}
	}
}
