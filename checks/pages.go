package checks

import (
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Pages are the page summaries the whole-site checks read, in URL order.
// A crawl of 100,000 pages does not hold them in memory: the driver writes
// each to a file as the crawl reads it and serves them back from there,
// one at a time, to every pass over the site (PagesFrom). Tests and small
// sites hold them in a slice (PagesOf). A check ranges over All, looks a
// page up with Get, and keeps only what it needs of what it reads.
//
// A nil *Pages holds no page.
type Pages struct {
	list []*PageSummary // sorted by URL; nil when src serves them
	src  PageSource
	mu   sync.Mutex // err: Site checks read the pages side by side
	err  error
}

// A PageSource serves page summaries from where a driver keeps them.
type PageSource interface {
	Len() int
	// Each yields every summary in URL order, a new value each time,
	// until yield returns false. An error stops it.
	Each(yield func(*PageSummary) bool) error
	// Get returns the summary of the page with exactly that URL; nil and
	// no error when there is none.
	Get(url string) (*PageSummary, error)
}

// PagesOf holds the given summaries in memory, sorted by URL.
func PagesOf(ps ...*PageSummary) *Pages {
	list := slices.Clone(ps)
	sort.SliceStable(list, func(i, j int) bool { return list[i].URL < list[j].URL })
	return &Pages{list: list}
}

// PagesFrom serves the summaries src keeps.
func PagesFrom(src PageSource) *Pages { return &Pages{src: src} }

// Len is the number of pages.
func (ps *Pages) Len() int {
	switch {
	case ps == nil:
		return 0
	case ps.src != nil:
		return ps.src.Len()
	}
	return len(ps.list)
}

// All yields every page in URL order. A page read from a source is a new
// value each time: a check may keep it, and pays its memory when it does.
// Should the source fail, All yields no more and Err says why; the driver
// then fails the run instead of reporting what the checks saw of it.
func (ps *Pages) All() iter.Seq[*PageSummary] {
	return func(yield func(*PageSummary) bool) {
		switch {
		case ps == nil:
		case ps.src != nil:
			if err := ps.src.Each(yield); err != nil {
				ps.fail(err)
			}
		default:
			for _, p := range ps.list {
				if !yield(p) {
					return
				}
			}
		}
	}
}

// Get returns the page with exactly that URL, nil if the crawl kept none.
func (ps *Pages) Get(url string) *PageSummary {
	switch {
	case ps == nil:
		return nil
	case ps.src != nil:
		p, err := ps.src.Get(url)
		if err != nil {
			ps.fail(err)
		}
		return p
	}
	i, ok := slices.BinarySearchFunc(ps.list, url, func(p *PageSummary, u string) int { return strings.Compare(p.URL, u) })
	if !ok {
		return nil
	}
	return ps.list[i]
}

// Err is the first error the source met, nil if none.
func (ps *Pages) Err() error {
	if ps == nil {
		return nil
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.err
}

// fail keeps the first error reading the pages.
func (ps *Pages) fail(err error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.err == nil {
		ps.err = err
	}
}
