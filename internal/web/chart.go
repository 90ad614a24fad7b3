package web

import (
	"time"

	"govaudit/internal/outcome"
	"govaudit/internal/report"
)

// chartRuns is how many of the newest runs the dashboard draws.
const chartRuns = 60

// newChart draws the newest runs (oldest first) as the HTML report draws
// its trend; nil with fewer than two to draw.
func newChart(runs []outcome.Run, loc *time.Location) *report.Chart {
	if len(runs) > chartRuns {
		runs = runs[len(runs)-chartRuns:]
	}
	return report.TrendChart(runs, loc)
}
