package pii

import (
	"io"
	"sync"
	"unicode/utf8"
)

// MaxLine is how much of a line without a newline a Writer holds back
// before it writes the line's head (masked) anyway.
const MaxLine = 64 << 10

// maxRun bounds the tail a Writer keeps back when a long line is cut: the
// longest form of one number (18 full-width digits, a mobile written
// １３８-１２３４-５６７８ with its country code) is well under it.
const maxRun = 256

// A Writer masks every ID number and mobile number (as Redact does) in the
// bytes written through it, and passes everything else through unchanged,
// bytes that are not UTF-8 included. Put it under anything that logs text
// a page or a server supplied:
//
//	w := pii.NewWriter(os.Stderr)
//	log.SetOutput(w)
//	slog.SetDefault(slog.New(slog.NewTextHandler(w, nil)))
//	defer w.Close()
//
// A number is only recognised whole, so a Writer writes complete lines: a
// Write is buffered up to its last newline and the complete lines go to the
// underlying writer in one Write (the standard log and log/slog write one
// whole line per Write, which therefore passes straight through). A number
// split across two Writes is masked all the same. A line longer than
// MaxLine without a newline is written in pieces cut between two characters
// that cannot belong to a number; if no such place exists (a run of digits
// and hyphens hundreds of bytes long), every digit of that run is masked.
//
// Flush writes what is held back of an unfinished line; Close flushes. A
// Writer is safe for concurrent use; its lines are written in the order
// their Writes completed, never interleaved.
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte // an unfinished line
	// midRun: the last piece written ended inside a run of number
	// characters, masked whole; the run's rest is masked whole too.
	midRun bool
}

// NewWriter returns a Writer that writes to w, masked.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write masks the complete lines of p (with what was held back before it)
// and writes them; the rest of p is held back until its line ends, Flush
// or Close. It returns len(p) and the underlying writer's error, if any.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []byte
	if nl := lastNewline(p); nl >= 0 {
		line := p[:nl+1]
		if len(w.buf) > 0 {
			w.buf = append(w.buf, line...)
			line = w.buf
		}
		out = w.mask(out, line)
		w.buf = append(w.buf[:0], p[nl+1:]...)
	} else {
		w.buf = append(w.buf, p...)
	}
	if len(w.buf) > MaxLine {
		out = w.cut(out)
	}
	if len(out) == 0 {
		return len(p), nil
	}
	_, err := w.w.Write(out)
	return len(p), err
}

// Flush writes, masked, what is held back of an unfinished line.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) == 0 {
		return nil
	}
	out := w.mask(nil, w.buf)
	w.buf = w.buf[:0]
	_, err := w.w.Write(out)
	return err
}

// Close flushes. It does not close the underlying writer, and the Writer
// stays usable: a log line written after Close is still masked.
func (w *Writer) Close() error { return w.Flush() }

// cut writes the head of an overlong unfinished line: up to the last place
// no number can span, or, when the line ends in a long run of number
// characters, the run too with its digits masked. Called with w.mu held.
func (w *Writer) cut(out []byte) []byte {
	b := w.buf
	end := len(b) - partialRune(b) // never split a character
	at := safeCut(b[:end])
	if end-at <= maxRun {
		out = w.mask(out, b[:at])
		w.buf = append(w.buf[:0], b[at:]...)
		return out
	}
	out = w.mask(out, b[:at])
	out = maskDigits(out, b[at:end])
	w.midRun = true
	w.buf = append(w.buf[:0], b[end:]...)
	return out
}

// mask appends s masked to out. Called with w.mu held.
func (w *Writer) mask(out, s []byte) []byte {
	if w.midRun {
		// The rest of a run of number characters cut off earlier.
		n := runPrefix(s)
		out = maskDigits(out, s[:n])
		w.midRun = n == len(s) // all of s is still the run
		s = s[n:]
	}
	if len(s) == 0 {
		return out
	}
	return append(out, Redact(string(s))...)
}

func lastNewline(p []byte) int {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '\n' {
			return i
		}
	}
	return -1
}

// numberRune says whether r can stand inside a number Redact masks: a
// digit (ASCII or full-width), the X of an ID number, the hyphen of
// 138-1234-5678.
func numberRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == 'X' || r == 'x' || r == '-'
}

// safeCut is the largest n such that b[:n] ends with a character no number
// contains (0 if there is none): no number spans b[:n] and b[n:].
func safeCut(b []byte) int {
	n := len(b)
	for n > 0 {
		r, size := utf8.DecodeLastRune(b[:n])
		if !numberRune(r) {
			return n
		}
		n -= size
	}
	return 0
}

// runPrefix is the length of the run of number characters b starts with.
func runPrefix(b []byte) int {
	n := 0
	for n < len(b) {
		r, size := utf8.DecodeRune(b[n:])
		if !numberRune(r) {
			break
		}
		n += size
	}
	return n
}

// partialRune is how many bytes at b's end begin a character that is not
// complete yet (0 if none).
func partialRune(b []byte) int {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if utf8.FullRune(b[len(b)-i:]) {
				return 0
			}
			return i
		}
	}
	return 0
}

// maskDigits appends s to out with every digit, ASCII or full-width,
// replaced by '*'.
func maskDigits(out, s []byte) []byte {
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			out = append(out, '*')
		} else {
			out = append(out, s[:size]...)
		}
		s = s[size:]
	}
	return out
}
