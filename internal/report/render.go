package report

import (
	"fmt"
	"io"

	"govaudit/internal/outcome"
)

// Formats are the report formats Render writes.
var Formats = []string{"text", "json", "html", "xlsx", "csv"}

// Render writes o in the named format.
func Render(w io.Writer, format string, o *outcome.Outcome, opt Options) error {
	switch format {
	case "text":
		return Text(w, o, opt)
	case "json":
		return JSON(w, o)
	case "html":
		return HTML(w, o, opt)
	case "xlsx":
		return XLSX(w, o, opt)
	case "csv":
		return CSV(w, o, opt)
	}
	return fmt.Errorf("unknown report format %q (want text, json, html, xlsx or csv)", format)
}
