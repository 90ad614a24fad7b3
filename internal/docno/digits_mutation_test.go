package docno

import "testing"

// TestDigitsMutation pins the digits of a 文号 at both ends of their
// ranges, half- and full-width: 杭教发〔２０１９〕９号 is 杭教发〔2019〕9号.
func TestDigitsMutation(t *testing.T) {
	for _, tc := range []struct {
		text      string
		canonical string
		year, seq int
	}{
		{"杭教发〔2019〕9号", "杭教发〔2019〕9号", 2019, 9},
		{"杭教发〔2019〕90号", "杭教发〔2019〕90号", 2019, 90},
		{"杭教发〔２０１９〕９号", "杭教发〔2019〕9号", 2019, 9},
		{"杭教发〔２０１９〕９０号", "杭教发〔2019〕90号", 2019, 90},
	} {
		got := Find(tc.text)
		if len(got) != 1 || got[0].Canonical != tc.canonical || got[0].Year != tc.year || got[0].Seq != tc.seq {
			t.Errorf("Find(%q) = %+v, want %s (%d, %d)", tc.text, got, tc.canonical, tc.year, tc.seq)
		}
	}
}
