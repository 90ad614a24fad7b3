package annualreport

import (
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestMutationsDoNotHang runs the parsers on 300 randomly damaged copies of the
// fixtures (a deterministic complement to FuzzParse).
func TestMutationsDoNotHang(t *testing.T) {
	b, _ := os.ReadFile("testdata/report-2021.html")
	seeds := []string{readReference(t), string(b)}
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		s := []byte(seeds[i%2])
		for k := 0; k < 1+rnd.Intn(20); k++ {
			p := rnd.Intn(len(s))
			switch rnd.Intn(3) {
			case 0:
				s[p] = byte(rnd.Intn(256))
			case 1:
				q := p + rnd.Intn(len(s)-p)
				s = append(s[:p], s[q:]...)
			case 2:
				q := rnd.Intn(len(s))
				s = append(s[:p], append([]byte(string(s[q:min(len(s), q+50)])), s[p:]...)...)
			}
			if len(s) < 2 {
				break
			}
		}
		in := string(s)
		done := make(chan bool)
		go func() {
			ParseText(in).Check()
			ParseLayout(in).Check()
			if doc, err := goquery.NewDocumentFromReader(strings.NewReader(in)); err == nil {
				ParseHTML(doc, "").Check()
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Logf("input: %q", in)
			t.Fatalf("hang at %d", i)
		}
	}
}
