package report

import (
	"time"

	"govaudit/internal/outcome"
)

// Options shape every report.
type Options struct {
	// Titles maps check IDs to their Chinese titles ("dead-link" →
	// "链接无法打开"); a check without one is shown by its ID.
	Titles map[string]string
	// Location is where times are shown; default Asia/Shanghai.
	Location *time.Location
	// Color paints the text report with ANSI colours (a terminal).
	Color bool
	// Trend is the site's stored runs, oldest first, for the HTML trend
	// chart and the summary sheet (each Run carries its Counts). It may
	// include the reported run itself.
	Trend []outcome.Run
}

func (o Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return shanghai()
}

func (o Options) title(check string) string {
	if t := o.Titles[check]; t != "" {
		return t
	}
	return check
}
