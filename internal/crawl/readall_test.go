package crawl

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll gives back what io.ReadAll(io.LimitReader(r, limit)) would,
// whatever the length the server declared, true or false.
func TestReadAll(t *testing.T) {
	body := strings.Repeat("政府信息公开 ", 3000) // 57,000 bytes
	n := int64(len(body))
	for _, c := range []struct {
		name            string
		declared, limit int64
		want            int64
	}{
		{"declared right", n, n + 1, n},
		{"no length", -1, n + 1, n},
		{"declared short", 100, n + 1, n},
		{"declared long", 10 * n, n + 1, n},
		{"declared beyond the hint's cap", 1 << 30, 2 << 20, n},
		{"cut at the limit", n, 1000, 1000},
		{"limit one past the body", -1, n, n},
	} {
		for _, slow := range []bool{false, true} {
			var r io.Reader = strings.NewReader(body)
			if slow {
				r = iotest.OneByteReader(r)
			}
			got, err := readAll(r, c.declared, c.limit)
			if err != nil || int64(len(got)) != c.want || !bytes.Equal(got, []byte(body[:c.want])) {
				t.Errorf("%s (slow %v): %d bytes, err %v; want the first %d", c.name, slow, len(got), err, c.want)
			}
		}
	}
	// A read error is returned with what came before it.
	boom := errors.New("connection reset")
	got, err := readAll(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 10, 100)
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Errorf("got %q, %v; want abc and the error", got, err)
	}
	// A true length costs one buffer (the other two allocations are the
	// readers); io.ReadAll's doublings would take 10 in all.
	if a := testing.AllocsPerRun(20, func() {
		readAll(strings.NewReader(body), n, n+1)
	}); a > 3 {
		t.Errorf("%.0f allocations for a page of declared length, want 3", a)
	}
}
