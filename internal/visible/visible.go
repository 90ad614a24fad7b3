// Package visible extracts what a reader sees of an HTML page: its title and
// the text outside scripts, styles and hidden elements.
package visible

import (
	"bytes"
	"strings"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold no visible text.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title, atom.Iframe, atom.Object, atom.Svg:
		return true
	}
	return false
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if StyleHides(a.Val) {
				return true
			}
		}
	}
	return false
}

// StyleHides reports a style attribute that hides its element —
// display:none or visibility:hidden, in any letter case and with any ASCII
// white space between the letters — without building a folded copy (every
// element with a style was one allocation per walk).
func StyleHides(style string) bool {
	return styleHas(style, "display:none") || styleHas(style, "visibility:hidden")
}

// styleHas reports want (lower case, no space) in s, ignoring ASCII case and
// white space.
func styleHas(s, want string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != want[0] {
			continue
		}
		k := 0
		for j := i; j < len(s) && k < len(want); j++ {
			c := s[j]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != want[k] {
				break
			}
			k++
		}
		if k == len(want) {
			return true
		}
	}
	return false
}

// Text returns the visible text below n, blocks separated by newlines and
// runs of white space folded.
func Text(n *html.Node) string {
	// One buffer, of a size the text cannot exceed: growing one from a
	// guess copied each page's text five or six times over.
	b := textBuf{b: make([]byte, 0, textBound(n))}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			appendFolded(&b, n.Data)
			return
		case html.ElementNode:
			if skipped(n.DataAtom) || hidden(n) {
				return
			}
			if block(n.DataAtom) {
				newline(&b)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && block(n.DataAtom) {
			newline(&b)
		}
	}
	walk(n)
	if cap(b.b) > 2*len(b.b)+4<<10 {
		// Mostly hidden text: the string would hold the whole buffer.
		return strings.TrimSpace(b.String())
	}
	return strings.TrimSpace(b.take())
}

// textBound is the most bytes Text can write for n: folding never
// lengthens a text node, and a block adds at most a newline at each end.
// Hidden elements are counted (finding them costs more than the bytes).
func textBound(n *html.Node) int {
	switch n.Type {
	case html.TextNode:
		return len(n.Data)
	case html.ElementNode:
		if skipped(n.DataAtom) {
			return 0
		}
	}
	size := 0
	if n.Type == html.ElementNode && block(n.DataAtom) {
		size = 2
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		size += textBound(c)
	}
	return size
}

// FromBytes returns the title and visible text of a (possibly truncated)
// HTML document, using the tokenizer alone: cheap for probes that read only
// the first kilobytes of a page.
func FromBytes(body []byte) (title, text string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	var b, t textBuf
	depthSkip := 0
	inTitle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(fold(t.String())), strings.TrimSpace(b.String())
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = true
			} else if skipped(a) && a != atom.Head {
				depthSkip++
			} else if block(a) {
				newline(&b)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = false
			} else if skipped(a) && a != atom.Head && depthSkip > 0 {
				depthSkip--
			}
		case html.TextToken:
			switch {
			case inTitle:
				t.b = append(t.b, z.Text()...)
			case depthSkip == 0:
				appendFolded(&b, string(z.Text()))
			}
		}
	}
}

func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Tr, atom.Td, atom.Th, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Table, atom.Ul, atom.Ol, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav:
		return true
	}
	return false
}

// textBuf collects folded text.
type textBuf struct{ b []byte }

func (t *textBuf) String() string { return string(t.b) }

// take returns the text without copying it; t must not be written again.
func (t *textBuf) take() string { return unsafe.String(unsafe.SliceData(t.b), len(t.b)) }

func newline(t *textBuf) {
	n := len(t.b)
	if n == 0 || t.b[n-1] == '\n' {
		return
	}
	if t.b[n-1] == ' ' {
		t.b = t.b[:n-1]
	}
	t.b = append(t.b, '\n')
}

// appendFolded writes s with runs of white space (including &nbsp; and the
// ideographic space) folded to one space. It works on bytes: the only
// multi-byte spaces it folds are U+00A0 (C2 A0) and U+3000 (E3 80 80).
func appendFolded(t *textBuf, s string) {
	n := len(t.b)
	prevSpace := n == 0 || t.b[n-1] == ' ' || t.b[n-1] == '\n'
	start := 0 // start of the pending non-space run
	for i := 0; i < len(s); {
		if !spaceLead[s[i]] {
			i++
			continue
		}
		w := spaceWidth(s, i)
		if w == 0 {
			i++
			continue
		}
		if start < i {
			t.b = append(t.b, s[start:i]...)
			prevSpace = false
		}
		if !prevSpace {
			t.b = append(t.b, ' ')
			prevSpace = true
		}
		i += w
		start = i
	}
	if start < len(s) {
		t.b = append(t.b, s[start:]...)
	}
}

// spaceLead is true of the bytes white space starts with: most bytes of a
// text are ruled out by one load. It is read off spaceWidth, followed by
// the bytes that complete U+00A0 and U+3000, so the two cannot disagree.
var spaceLead = func() (t [256]bool) {
	for c := range t {
		t[c] = spaceWidth(string([]byte{byte(c), 0xA0}), 0) > 0 || spaceWidth(string([]byte{byte(c), 0x80, 0x80}), 0) > 0
	}
	return t
}()

// spaceWidth returns the byte length of the white space at s[i], or 0.
func spaceWidth(s string, i int) int {
	switch c := s[i]; c {
	case ' ', '\t', '\n', '\r', '\f':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	case 0xE3:
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
			return 3
		}
	}
	return 0
}

func fold(s string) string {
	var t textBuf
	appendFolded(&t, s)
	return t.String()
}
