package pii

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"
)

// writerSample holds every form of number Redact masks, ASCII and
// full-width, in a line of mixed text.
func writerSample() string {
	return "身份证 " + id("33010619900307123") + " 旧号 11010519491231002x 手机 138-1234-5678，+86 15967001234，" +
		"全角 １８６５７００９８７６ end\n"
}

// writerNumbers are the sample's numbers as a leak would show them.
var writerNumbers = []string{id("33010619900307123"), "11010519491231002", "13812345678", "138-1234-5678",
	"15967001234", "１８６５７００９８７６", "18657009876"}

func assertMasked(t *testing.T, what string, out []byte) {
	t.Helper()
	for _, n := range writerNumbers {
		if bytes.Contains(out, []byte(n)) {
			t.Errorf("%s: %s left unmasked in %q", what, n, out)
		}
	}
	if ms := Find(string(out), false); len(ms) > 0 {
		t.Errorf("%s: %d numbers left, first %s, in %q", what, len(ms), ms[0].Masked(), out)
	}
}

func TestWriterMasksWholeLines(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	in := writerSample()
	if n, err := w.Write([]byte(in)); n != len(in) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if got, want := out.String(), Redact(in); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	assertMasked(t, "one line", out.Bytes())
	if !strings.Contains(out.String(), "138******78") || !strings.Contains(out.String(), "3301************") {
		t.Errorf("masked forms missing: %q", out.String())
	}
	// text without numbers passes unchanged
	out.Reset()
	plain := "GET /index.html 200 0570-87654321 P020261015384756100026.pdf\n"
	w.Write([]byte(plain))
	if out.String() != plain {
		t.Errorf("changed a line without numbers: %q", out.String())
	}
}

// TestWriterNumberSplitAcrossWrites cuts the sample at every byte (inside
// numbers, inside multi-byte characters) into two and into three Writes.
func TestWriterNumberSplitAcrossWrites(t *testing.T) {
	in := writerSample()
	want := Redact(in)
	for i := 0; i <= len(in); i++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		w.Write([]byte(in[:i]))
		w.Write([]byte(in[i:]))
		if got := out.String(); got != want {
			t.Fatalf("split at %d (%q | %q):\ngot  %q\nwant %q", i, in[:i], in[i:], got, want)
		}
	}
	for i := 0; i <= len(in); i++ {
		for j := i; j <= len(in); j += 3 {
			var out bytes.Buffer
			w := NewWriter(&out)
			w.Write([]byte(in[:i]))
			w.Write([]byte(in[i:j]))
			w.Write([]byte(in[j:]))
			if got := out.String(); got != want {
				t.Fatalf("split at %d and %d:\ngot  %q\nwant %q", i, j, got, want)
			}
		}
	}
	// byte by byte
	var out bytes.Buffer
	w := NewWriter(&out)
	for i := 0; i < len(in); i++ {
		w.Write([]byte{in[i]})
	}
	if got := out.String(); got != want {
		t.Fatalf("byte by byte:\ngot  %q\nwant %q", got, want)
	}
}

func TestWriterHoldsUnfinishedLineUntilFlushOrClose(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Write([]byte("第一行 13812345678\n第二行没有换行 手机 1596700"))
	if got, want := out.String(), "第一行 138******78\n"; got != want {
		t.Fatalf("before Close: %q, want %q", got, want)
	}
	w.Write([]byte("1234"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "第一行 138******78\n第二行没有换行 手机 159******34"; got != want {
		t.Fatalf("after Close: %q, want %q", got, want)
	}
	// Flush with nothing held writes nothing; the writer stays usable.
	n := out.Len()
	if err := w.Flush(); err != nil || out.Len() != n {
		t.Fatalf("empty Flush wrote %d bytes, err %v", out.Len()-n, err)
	}
	w.Write([]byte(" 后来 18657009876\n"))
	assertMasked(t, "after Close", out.Bytes())
	if !strings.HasSuffix(out.String(), " 后来 186******76\n") {
		t.Errorf("write after Close: %q", out.String())
	}
}

// TestWriterLongLine writes a line longer than MaxLine in pieces: the
// Writer must not hold more than MaxLine (plus one Write), and a number
// standing across the cut must still be masked.
func TestWriterLongLine(t *testing.T) {
	var line strings.Builder
	for line.Len() < 3*MaxLine {
		fmt.Fprintf(&line, "第%d段 联系人手机 13812345678，身份证 %s；", line.Len(), id("33010619900307123"))
	}
	line.WriteString("\n")
	in := line.String()
	for _, chunk := range []int{1000, 4093, MaxLine + 7} {
		var out bytes.Buffer
		w := NewWriter(&out)
		for i := 0; i < len(in); i += chunk {
			w.Write([]byte(in[i:min(i+chunk, len(in))]))
			if len(w.buf) > MaxLine+chunk {
				t.Fatalf("chunk %d: %d bytes held back", chunk, len(w.buf))
			}
			if i+chunk < len(in) && len(w.buf) > MaxLine {
				t.Fatalf("chunk %d: %d bytes held back after a Write", chunk, len(w.buf))
			}
		}
		if got, want := out.String(), Redact(in); got != want {
			t.Fatalf("chunk %d: output differs from Redact (%d vs %d bytes)", chunk, len(got), len(want))
		}
		assertMasked(t, fmt.Sprintf("chunk %d", chunk), out.Bytes())
	}
}

// TestWriterLongDigitRun: a line that is one run of digits and hyphens
// longer than MaxLine cannot be cut between numbers: its digits are
// masked whole, everything else kept.
func TestWriterLongDigitRun(t *testing.T) {
	run := strings.Repeat("13812345678-１５９６７００１２３４-"+id("33010619900307123")+"-", MaxLine/20)
	in := "前缀 " + run + " 后缀 15967001234\n"
	var out bytes.Buffer
	w := NewWriter(&out)
	for i := 0; i < len(in); i += 5000 {
		w.Write([]byte(in[i:min(i+5000, len(in))]))
		if len(w.buf) > MaxLine+5000 {
			t.Fatalf("%d bytes held back", len(w.buf))
		}
	}
	w.Close()
	assertMasked(t, "long run", out.Bytes())
	got := out.String()
	if !strings.HasPrefix(got, "前缀 ") || !strings.HasSuffix(got, " 后缀 159******34\n") {
		t.Errorf("text around the run changed: %q … %q", got[:20], got[len(got)-30:])
	}
	// Only digits were replaced: same length in characters, same hyphens.
	if strings.Count(got, "-") != strings.Count(in, "-") || len([]rune(got)) != len([]rune(in)) {
		t.Errorf("the run's shape changed: %d runes, %d hyphens; want %d, %d",
			len([]rune(got)), strings.Count(got, "-"), len([]rune(in)), strings.Count(in, "-"))
	}
}

func TestWriterPassesBytesThatAreNotUTF8(t *testing.T) {
	in := "\xff\xfe GBK \xd5\xc5\xc8\xfd 13812345678 \xc3(\x80 end \xe4\xb8\n"
	want := "\xff\xfe GBK \xd5\xc5\xc8\xfd 138******78 \xc3(\x80 end \xe4\xb8\n"
	for i := 0; i <= len(in); i++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		w.Write([]byte(in[:i]))
		w.Write([]byte(in[i:]))
		if got := out.String(); got != want {
			t.Fatalf("split at %d: got %q, want %q", i, got, want)
		}
	}
	// an unfinished line that ends in half a character is flushed as is
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Write([]byte("尾 13812345678 \xe4\xb8"))
	w.Close()
	if got, want := out.String(), "尾 138******78 \xe4\xb8"; got != want {
		t.Fatalf("Close: got %q, want %q", got, want)
	}
}

func TestWriterConcurrent(t *testing.T) {
	var out lockedBuffer
	w := NewWriter(&out)
	const writers, lines = 16, 200
	var wg sync.WaitGroup
	var want []string
	for g := 0; g < writers; g++ {
		for i := 0; i < lines; i++ {
			want = append(want, fmt.Sprintf("g%d l%d 138******78 %s end", g, i, Mask(IDNumber, id("33010619900307123"))))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < lines; i++ {
				fmt.Fprintf(w, "g%d l%d 13812345678 %s end\n", g, i, id("33010619900307123"))
				if i%50 == 0 {
					w.Flush()
				}
			}
		}()
	}
	wg.Wait()
	w.Close()
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lines lost, garbled or unmasked: %d lines, want %d", len(got), len(want))
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestWriterUnderLogAndSlog: what net/http logs through the standard log
// package (a response body quoted in "Unsolicited response received on idle
// HTTP channel starting with …") and slog's quoted attributes are masked.
func TestWriterUnderLogAndSlog(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	l := log.New(w, "", log.LstdFlags)
	l.Printf("Unsolicited response received on idle HTTP channel starting with %q; err=%v",
		"HTTP/1.1 200 OK\r\n\r\n<p>联系电话：138-1234-5678 身份证 11010519491231002X</p>", nil)
	s := slog.New(slog.NewTextHandler(w, nil))
	s.Info("fetch", "url", "http://a.gov.cn/search.html?sfzh="+id("33010619900307123"), "text", "联系人 张三 15967001234")
	s = slog.New(slog.NewJSONHandler(w, nil))
	s.Warn("probe", "target", "http://a.gov.cn/files/１８６５７００９８７６.pdf")
	assertMasked(t, "log and slog", out.Bytes())
	if strings.Contains(out.String(), "11010519491231002X") || !strings.Contains(out.String(), "1101************2X") {
		t.Errorf("ID number not masked as expected: %s", out.String())
	}
	if strings.Count(out.String(), "\n") != 3 {
		t.Errorf("want 3 lines, got %q", out.String())
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterReportsErrors(t *testing.T) {
	w := NewWriter(failWriter{})
	if _, err := w.Write([]byte("13812345678\n")); err == nil {
		t.Error("Write hid the underlying error")
	}
	w.Write([]byte("held"))
	if err := w.Close(); err == nil {
		t.Error("Close hid the underlying error")
	}
}
