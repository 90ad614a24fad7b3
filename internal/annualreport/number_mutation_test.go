package annualreport

import "testing"

// TestNumberDigitsMutation pins every digit, half- and full-width, at both
// ends of its range: a table cell 9 or ９ is nine, not an unreadable cell
// (the 勾稽关系 checks add these numbers up).
func TestNumberDigitsMutation(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"0", 0}, {"9", 9}, {"19", 19}, {"90", 90}, {"1234567890", 0},
		{"０", 0}, {"９", 9}, {"１９", 19}, {"９０", 90},
		{"9件", 9}, {"９个", 9},
	} {
		got, ok := number(tc.in)
		wantOK := tc.in != "1234567890" // more than 9 bytes is no count
		if got != tc.want || ok != wantOK {
			t.Errorf("number(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, wantOK)
		}
	}
}
