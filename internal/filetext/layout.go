package filetext

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// glyph is one character placed on a PDF page (page coordinates, y up).
type glyph struct {
	r              rune
	x0, x1, y0, y1 float64 // the box
	base           float64 // the baseline's y
	angle          float64 // radians; 0 for upright text
}

// Width is how many positions a rune takes in the layout text of a PDF: 2
// for wide and full-width characters (CJK, full-width digits and
// punctuation), 1 for the others.
func Width(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// layout writes a page's glyphs as lines of text: glyphs whose baselines
// are close make a line, ordered left to right. A position is half the
// usual advance of a CJK character on the page; a glyph after a visible gap
// (or a space the PDF draws) goes to the position its x coordinate gives,
// at least one space after the text before it, so table columns line up
// from line to line, while glyphs without a gap stay together (digits of a
// number are never split). Turned glyphs (seals, watermarks) come last, in
// the order they were drawn.
func layout(gs []glyph, out *buffer) {
	// Sized once: growing them was a third of layout's time.
	upright := make([]glyph, 0, len(gs))
	wide, narrow := make([]float64, 0, len(gs)), make([]float64, 0, len(gs))
	var turned []glyph
	left := math.Inf(1)
	for _, g := range gs {
		if g.r != ' ' && (g.r == 0 || unicode.IsSpace(g.r) || unicode.IsControl(g.r) || g.r == '\ufffe' || g.r == '\uffff') {
			continue
		}
		if !finite(g.x0, g.x1, g.y0, g.y1, g.base, g.angle) {
			continue
		}
		if a := math.Mod(math.Abs(g.angle), 2*math.Pi); a > 0.05 && a < 2*math.Pi-0.05 {
			if g.r != ' ' {
				turned = append(turned, g)
			}
			continue
		}
		upright = append(upright, g)
		if g.r == ' ' {
			continue
		}
		left = min(left, g.x0)
		if w := g.x1 - g.x0; w > 0 {
			if Width(g.r) == 2 {
				wide = append(wide, w)
			} else {
				narrow = append(narrow, w)
			}
		}
	}
	if len(upright) > 0 && !math.IsInf(left, 0) {
		// A position is half the advance of a CJK character (one of a
		// digit, in a page without CJK text).
		unit := 0.0
		switch {
		case len(wide) > 0:
			slices.Sort(wide)
			unit = wide[len(wide)/2] / 2
		case len(narrow) > 0:
			slices.Sort(narrow)
			unit = narrow[len(narrow)/2]
		}
		if unit <= 0 {
			unit = 5
		}
		for _, line := range lines(upright, 2*unit) {
			if out.full() {
				return
			}
			writeLine(line, left, unit, out)
		}
	}
	if len(turned) > 0 {
		out.newline()
		for _, g := range turned {
			out.write(string(g.r))
		}
		out.write("\n")
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e7 {
			return false
		}
	}
	return true
}

// lines groups glyphs into lines, top to bottom, each left to right:
// glyphs whose baselines are within a third of an em (em) of the line's
// first are on the line.
func lines(gs []glyph, em float64) [][]glyph {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].base > gs[j].base })
	var out [][]glyph
	start := 0
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) && gs[start].base-gs[i].base <= em/3 {
			continue
		}
		line := gs[start:i]
		sort.SliceStable(line, func(a, b int) bool { return line[a].x0 < line[b].x0 })
		out = append(out, line)
		start = i
	}
	return out
}

// boldUnit is what a glyph drawn again for a bold look is shifted by less
// than 0.4 of: the position unit, or the glyph's own width if narrower (the
// second l of "Hello" in Helvetica stands 0.33 units after the first).
func boldUnit(g *glyph, unit float64) float64 {
	if w := g.x1 - g.x0; w > 0 && w < unit {
		return w
	}
	return unit
}

// maxPad bounds the spaces written in one gap (a glyph placed far off the
// page must not make a line of megabytes).
const maxPad = 400

// writeLine writes one line: each glyph at its position (see layout).
func writeLine(line []glyph, left, unit float64, out *buffer) {
	var b strings.Builder
	cursor := 0
	var prev *glyph
	space := false // a space glyph since prev
	for i := range line {
		g := &line[i]
		if g.r == ' ' {
			space = prev != nil
			continue
		}
		if prev != nil && g.r == prev.r && math.Abs(g.x0-prev.x0) < 0.4*boldUnit(g, unit) {
			continue // drawn twice for a bold look
		}
		target := int(math.Round((g.x0 - left) / unit))
		col := cursor
		switch {
		case prev == nil:
			col = max(target, 0)
		case space || g.x0-prev.x1 > 0.5*unit:
			col = max(cursor+1, target)
		}
		space = false
		b.WriteString(strings.Repeat(" ", min(col-cursor, maxPad)))
		b.WriteRune(g.r)
		cursor = col + Width(g.r)
		prev = g
	}
	out.write(b.String())
	out.write("\n")
}
