package pii

import "testing"

// TestGB11643LiteralMutation pins the GB 11643 check digit with numbers
// whose check characters were worked out by hand from the standard
// (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over digits 1–17, sum mod 11
// indexing 1 0 X 9 8 7 6 5 4 3 2), not with CheckDigit: every one of the
// 17 positions holds a non-zero digit in at least one of them, so a wrong
// weight changes some check character. 11010519491231002X is the
// standard's own example.
func TestGB11643LiteralMutation(t *testing.T) {
	for _, id := range []string{
		"11010519491231002X",
		"330106198703151232",
		"332522199008080418",
		"440304198510107319",
		"510107197001010019",
	} {
		if got := CheckDigit(id[:17]); got != id[17] {
			t.Errorf("CheckDigit(%s) = %c, want %c", id[:17], got, id[17])
		}
		if !ValidID(id) {
			t.Errorf("ValidID(%s) = false, want true", id)
		}
		// every other check character is wrong
		for _, c := range "0123456789X" {
			if byte(c) == id[17] {
				continue
			}
			if bad := id[:17] + string(c); ValidID(bad) {
				t.Errorf("ValidID(%s) = true, want false (check character is %c)", bad, id[17])
			}
		}
	}
}
