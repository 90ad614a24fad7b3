package personalinfo

import (
	"strings"
	"testing"
)

// digitRunByByte is the plain definition digitRun must agree with: every
// byte read, a run counted across separators, reset by anything else.
func digitRunByByte(text string, n int) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9', c == 'X' || c == 'x':
			run++
		case c == 0xEF && i+2 < len(text) && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99: // ０–９
			run++
			i += 2
		case c == ' ' || c == '-' || c == '+':
		default:
			run = 0
		}
		if run >= n {
			return true
		}
	}
	return false
}

func TestDigitRun(t *testing.T) {
	zh := "为深入贯彻落实党的二十大精神，进一步推进教育高质量发展"
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"13812345678", true},
		{"1381234567", false}, // 10 digits: one short
		{zh + "13812345678" + zh, true},
		{zh + "1381234567" + zh, false},
		{zh + "138 1234 5678" + zh, true}, // separators inside
		{zh + "138-1234-567" + zh, false},
		{"电话：+86 138-1234-5678。", true},
		{zh + "１３８１２３４５６７８" + zh, true}, // full-width
		{zh + "１３８１２３４５６７" + zh, false},
		{zh + "１３８1234５６７８" + zh, true}, // mixed widths
		{zh + "3399001985031204" + "1X" + zh, true},
		{zh + "13812345" + "。" + "678" + zh, false}, // a full stop ends the run
		// a full-width digit's trailing bytes (BC 9x) stand where the
		// skip looks, with its lead byte before: the run is still found.
		{"一" + "１２３４５６７８９０１", true},
		{"一二" + "１２３４５６７８９０", false},
		// the run's last digit is the text's last byte
		{strings.Repeat("，", 7) + "13812345678", true},
		{strings.Repeat("，", 7) + "1381234567", false},
		{"", false},
	} {
		if got := digitRun(tc.text, 11); got != tc.want {
			t.Errorf("digitRun(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if got := digitRunByByte(tc.text, 11); got != tc.want {
			t.Errorf("reference(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestDigitRunAlignments puts runs of each digit, ASCII and full-width, at
// every offset after every kind of lead-in, so that each byte of a run and
// the byte just before it stand once where the search skips to.
func TestDigitRunAlignments(t *testing.T) {
	var digits []string
	for d := range 10 {
		digits = append(digits, string(rune('0'+d)), string(rune('０'+d)))
	}
	leads := []string{"a", "一", "，", "12345a", "１２。", "x-"}
	for _, d := range digits {
		for _, lead := range leads {
			for k := range 13 {
				prefix := strings.Repeat(lead, k)
				for _, tail := range []string{"", "。", "一二三四五六七八九十"} {
					hit := prefix + strings.Repeat(d, 11) + tail
					miss := prefix + strings.Repeat(d, 10) + "。" + tail
					if !digitRun(hit, 11) || !digitRunByByte(hit, 11) {
						t.Fatalf("no run found in %q", hit)
					}
					if digitRun(miss, 11) != digitRunByByte(miss, 11) {
						t.Fatalf("%q: digitRun %v, byte by byte %v", miss, digitRun(miss, 11), digitRunByByte(miss, 11))
					}
				}
			}
		}
	}
}

// FuzzDigitRun holds the skipping search to the byte-by-byte definition on
// any bytes, for the lengths Scan and shorter ones.
func FuzzDigitRun(f *testing.F) {
	for _, s := range []string{"13812345678", "一１２３４５６７８９０１", "a1 2-3+4x5X6", "\xef\xbc\x99\xef\xbc", "电话：138 1234 567"} {
		f.Add(s, uint8(11))
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, text string, n uint8) {
		k := int(n%20) + 1
		if got, want := digitRun(text, k), digitRunByByte(text, k); got != want {
			t.Fatalf("digitRun(%q, %d) = %v, byte by byte %v", text, k, got, want)
		}
	})
}

// prose1MB is Chinese prose with no ID or mobile number in it, what most
// pages are.
var prose1MB = strings.Repeat("为深入贯彻落实党的二十大精神，进一步推进教育高质量发展，根据省教育厅工作部署（2026年）。", 1<<20/130)

// BenchmarkDigitRun reads prose1MB.
func BenchmarkDigitRun(b *testing.B) {
	b.SetBytes(int64(len(prose1MB)))
	for b.Loop() {
		if digitRun(prose1MB, 11) {
			b.Fatal("no run here")
		}
	}
}

// BenchmarkDigitRunByByte is the definition on the same text, to compare.
func BenchmarkDigitRunByByte(b *testing.B) {
	b.SetBytes(int64(len(prose1MB)))
	for b.Loop() {
		if digitRunByByte(prose1MB, 11) {
			b.Fatal("no run here")
		}
	}
}
