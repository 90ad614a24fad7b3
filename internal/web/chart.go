package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"govaudit/internal/outcome"
)

// The trend chart is drawn as the HTML report draws its own: an inline SVG
// of the counted errors and warnings of each run, complete runs joined by a
// line, partial ones as hollow dots. Its geometry is in the SVG's units.
const (
	chartW      = 640
	chartH      = 260
	chartLeft   = 60
	chartRight  = 34
	chartTop    = 16
	chartBottom = 44
	chartLabel  = 72 // the room one "MM-DD" label needs on the x axis
	chartRuns   = 60 // the newest runs drawn
)

type chart struct {
	W, H                     int
	Desc                     string
	Left, Right, Top, Bottom string
	Tick                     string
	YTicks, XTicks           []tick
	Series                   []series
}

type tick struct{ Pos, Label string }

type series struct {
	Name, Class string
	Line        string
	Dots        []dot
}

type dot struct {
	X, Y    string
	Partial bool
	Title   string
}

// newChart draws the runs (oldest first); nil with fewer than two to draw.
// Running runs and runs stored before counts were kept are left out.
func newChart(runs []outcome.Run, loc *time.Location) *chart {
	var use []outcome.Run
	for _, r := range runs {
		if r.Status == outcome.StatusRunning || (r.Counts == (outcome.Counts{}) && r.Findings > 0) {
			continue
		}
		use = append(use, r)
	}
	if len(use) > chartRuns {
		use = use[len(use)-chartRuns:]
	}
	n := len(use)
	if n < 2 {
		return nil
	}
	top := 0
	for _, r := range use {
		top = max(top, r.Counts.Errors, r.Counts.Warnings)
	}
	step, top := yScale(top)
	plotW := float64(chartW - chartLeft - chartRight)
	plotH := float64(chartH - chartTop - chartBottom)
	x := func(i int) float64 { return chartLeft + plotW*float64(i)/float64(n-1) }
	y := func(v int) float64 { return chartTop + plotH*(1-float64(v)/float64(top)) }
	c := &chart{
		W: chartW, H: chartH,
		Left: num(chartLeft), Right: num(chartW - chartRight), Top: num(chartTop), Bottom: num(chartH - chartBottom),
		Tick: num(chartH - chartBottom + 5),
	}
	for v := 0; v <= top; v += step {
		c.YTicks = append(c.YTicks, tick{Pos: num(y(v)), Label: strconv.Itoa(v)})
	}
	k := int(math.Ceil(float64(n) / math.Max(1, math.Floor(plotW/chartLabel)+1)))
	for i := n - 1; i >= 0; i -= k {
		c.XTicks = append(c.XTicks, tick{Pos: num(x(i)), Label: use[i].Started.In(loc).Format("01-02")})
	}
	slices.Reverse(c.XTicks)
	for _, s := range []struct {
		name, class string
		value       func(outcome.Counts) int
	}{
		{"错误", "error", func(c outcome.Counts) int { return c.Errors }},
		{"警告", "warning", func(c outcome.Counts) int { return c.Warnings }},
	} {
		cs := series{Name: s.name, Class: s.class}
		var line []string
		for i, r := range use {
			v := s.value(r.Counts)
			px, py := num(x(i)), num(y(v))
			title := fmt.Sprintf("%s · %s %d 条", r.Started.In(loc).Format("2006-01-02 15:04"), s.name, v)
			if r.Partial() {
				title += "（未覆盖全站，" + r.StatusLabel() + "）"
			} else {
				line = append(line, px+","+py)
			}
			cs.Dots = append(cs.Dots, dot{X: px, Y: py, Partial: r.Partial(), Title: title})
		}
		if len(line) > 1 {
			cs.Line = strings.Join(line, " ")
		}
		c.Series = append(c.Series, cs)
	}
	first, last := use[0], use[n-1]
	c.Desc = fmt.Sprintf("%s 至 %s 共 %d 次检查；最近一次错误 %d 条、警告 %d 条。",
		first.Started.In(loc).Format("2006-01-02"), last.Started.In(loc).Format("2006-01-02"), n,
		last.Counts.Errors, last.Counts.Warnings)
	return c
}

// yScale picks a round step (1, 2 or 5 times a power of ten) giving at most
// five steps up to a top at or above maxV.
func yScale(maxV int) (step, top int) {
	if maxV < 1 {
		return 1, 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * p
			if steps := (maxV + step - 1) / step; steps <= 5 {
				return step, steps * step
			}
		}
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
