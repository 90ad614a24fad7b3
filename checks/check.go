// Package checks defines what a check is and what it reports.
//
// A check is a value (after golang.org/x/tools/go/analysis): it has a stable
// ID, a title and documentation, and functions that receive a pass and report
// findings through it. Checks never print, open files or make HTTP requests:
// the driver (internal/audit) hands them pages, the site summary and probe
// results, and owns concurrency and output.
package checks

import (
	"errors"
	"fmt"
	"regexp"
)

// A Check inspects pages while the crawl runs, the whole site after it, or
// both. Page is called concurrently from several goroutines; Site once.
type Check struct {
	ID    string // stable, kebab-case: "dead-link"
	Title string // one line, Chinese, for reports
	Doc   string // what it finds, its rules and thresholds (English or Chinese)

	// Page, if set, runs on every crawled HTML page while its DOM is alive.
	Page func(*PagePass)
	// Site, if set, runs once after the crawl and all probes have finished.
	Site func(*SitePass)
	// File, if set, runs on every text-bearing attachment (docx, xlsx, csv,
	// txt, …) whose text could be read, while its text is alive; called
	// concurrently.
	File func(*FilePass)
	// WholeSite says Site judges the site as a whole (its columns, whether
	// the annual report was published, policy documents and their
	// interpretations): on a crawl that saw only part of the site, Site is
	// not run, as it would report what the crawl did not reach as missing.
	WholeSite bool
	// FromLists says a WholeSite check judges the site from its homepage
	// and list pages alone (column freshness and emptiness): an
	// incremental night, which reads every list page but only a slice of
	// the articles, runs it. Other WholeSite checks wait for a full run,
	// and their findings are carried over meanwhile.
	FromLists bool
	// Columns says Site reads Site.Columns. The driver builds the columns
	// while the checks that do not read them run, and runs the checks
	// that say so after: a check that reads them without saying so sees
	// none (checktest builds them only for such a check too).
	Columns bool
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Validate reports the first problem with a list of checks: IDs must be
// well-formed and unique, titles and docs non-empty, and every check must do
// something.
func Validate(list []*Check) error {
	if len(list) == 0 {
		return errors.New("checks: no checks to run")
	}
	seen := make(map[string]bool, len(list))
	for i, c := range list {
		switch {
		case c == nil:
			return fmt.Errorf("checks: entry %d is nil", i)
		case !idPattern.MatchString(c.ID):
			return fmt.Errorf("checks: entry %d: ID %q is not kebab-case", i, c.ID)
		case seen[c.ID]:
			return fmt.Errorf("checks: ID %q appears twice", c.ID)
		case c.Title == "":
			return fmt.Errorf("checks: %s has no title", c.ID)
		case c.Doc == "":
			return fmt.Errorf("checks: %s has no documentation", c.ID)
		case c.Page == nil && c.Site == nil && c.File == nil:
			return fmt.Errorf("checks: %s has no Page, Site or File function", c.ID)
		}
		seen[c.ID] = true
	}
	return nil
}
