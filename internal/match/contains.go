package match

import "strings"

// Contains is strings.Contains, faster when the needle is Chinese and so is
// the text. strings.Index looks first for the needle's first byte, and in
// Chinese text nearly every third byte is one of the six lead bytes E4–E9:
// it stops at each. Contains looks for the needle's last byte instead, a
// continuation byte spread over 64 values, and compares backwards from
// there (2–3× faster on a page's text; the benchmark has the figures).
func Contains(s, sub string) bool {
	n := len(sub)
	if n < 2 || n > len(s) {
		return strings.Contains(s, sub)
	}
	last := sub[n-1]
	for i := n - 1; i < len(s); {
		j := strings.IndexByte(s[i:], last)
		if j < 0 {
			return false
		}
		i += j
		if s[i+1-n:i+1] == sub {
			return true
		}
		i++
	}
	return false
}

// ContainsAny reports whether s contains any of subs.
func ContainsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if Contains(s, sub) {
			return true
		}
	}
	return false
}
