package pii

import "testing"

// TestMobileCountryPrefixMutation pins the +86 prefix (domain.md §4: an
// 11-digit number starting 13–19, optionally +86), written with a hyphen,
// also at the very start of a text, against longer codes ending in a
// mobile-like tail.
func TestMobileCountryPrefixMutation(t *testing.T) {
	for _, tc := range []struct {
		text   string
		mobile bool
	}{
		{"86-13857001234", true},
		{"+86-13857001234", true},
		{"电话：86-13857001234", true},
		{"电话：+86-13857001234", true},
		{"8-13857001234", false},
		{"A86-13857001234", false},
		{"0570-13857001234", false},
		// a hyphen or dot right before the number: a boundary at the start
		// of the text, part of a code after a letter or digit
		{"-13857001234", true},
		{".13857001234", true},
		{"A-13857001234", false},
		{"A.13857001234", false},
	} {
		got := false
		for _, m := range Find(tc.text, true) {
			if m.Kind == Mobile {
				got = true
			}
		}
		if got != tc.mobile {
			t.Errorf("Find(%q) mobile = %v, want %v", tc.text, got, tc.mobile)
		}
	}
}
