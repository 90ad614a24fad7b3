package audit

import (
	"sort"
	"time"

	"govaudit/internal/crawl"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// An incremental night (Config.Incremental) reads what changes and
// re-verifies the rest in turn, within a request budget:
//   - the homepage and every list page, in full: staleness and emptiness
//     show there, and new pages are found there;
//   - every page the store does not know yet (a new page), in full;
//   - a rotating slice of the other known pages, those verified longest ago
//     first, with conditional requests (If-None-Match, If-Modified-Since): a
//     304 keeps the page's findings without running its checks again;
//   - nothing else: the findings of pages not read tonight are carried over,
//     open, with the date they were last verified.
//
// The budget counts requests of every kind (pages, attachments, links,
// robots.txt), as the site's rate turns them into minutes: the slice goes
// on, oldest first, until the night's requests reach it. Lists and new
// pages are read even beyond it. The cycle the budget allows (how many
// nights until every known page was read again) is reported beside the
// configured one.

// night is an incremental run's plan.
type night struct {
	known map[string]store.PageRecord // by canonical key
	slice map[string]bool             // known pages re-verified tonight (keys)
	seeds []string                    // the slice's URLs, fetched whether or not tonight's pages link them
	fresh map[string]bool             // pages the sitemap says changed or that it lists new: read in full

	fromSitemap int // how many pages the sitemap made fresh
	lists       int
	others      int // known pages that are neither lists nor the homepage
	budget      int
	spent       func() int64 // requests made so far tonight
}

// defaultBudget is what fits 30 minutes at the site's rate (unthrottled:
// no bound).
func defaultBudget(rate float64) int {
	if rate <= 0 {
		return 0
	}
	return int(rate * 1800)
}

// planNight picks tonight's slice from the stored page table.
func planNight(records []store.PageRecord, budget int) *night {
	n := &night{known: make(map[string]store.PageRecord, len(records)), slice: map[string]bool{}, budget: budget}
	var others []store.PageRecord
	for _, r := range records {
		k := link.Key(r.URL)
		n.known[k] = r
		if r.List {
			n.lists++
			continue
		}
		others = append(others, r)
	}
	n.others = len(others)
	// Oldest verification first; the URL breaks ties, so the plan does not
	// depend on map order.
	sort.Slice(others, func(i, j int) bool {
		if !others[i].LastSeen.Equal(others[j].LastSeen) {
			return others[i].LastSeen.Before(others[j].LastSeen)
		}
		return others[i].URL < others[j].URL
	})
	// Every known page is in the running, oldest first; the budget ends
	// the slice while the crawl goes (plan). A page costs a request at
	// least, so no more than the budget are seeded.
	take := len(others)
	if budget > 0 {
		take = min(take, budget)
	}
	for _, r := range others[:take] {
		n.slice[link.Key(r.URL)] = true
		n.seeds = append(n.seeds, r.URL)
	}
	return n
}

// plan is the crawl's Plan: lists and new pages in full, the slice
// conditionally, the rest carried.
func (n *night) plan(u string) crawl.Plan {
	k := link.Key(u)
	r, known := n.known[k]
	switch {
	case !known, r.List, n.fresh[k]:
		return crawl.Plan{}
	case n.slice[k] && (n.budget <= 0 || n.spent == nil || n.spent() < int64(n.budget-n.lists)):
		// A request a list page is kept for the lists, which are read
		// whatever the budget; the slice takes the rest.
		return crawl.Plan{ETag: r.ETag, LastModified: r.LastModified}
	}
	return crawl.Plan{Skip: true}
}

// cycle is the outcome's account of the rotation, after tonight: how many
// known pages were verified within the configured cycle, the oldest
// verification, and how many nights the budget needs to read them all.
func (n *night) cycle(records []store.PageRecord, tonight map[string]bool, started time.Time, days int, o *outcome.Outcome) {
	c := &outcome.Cycle{Days: days, Budget: n.budget, Lists: n.lists, Sitemap: n.fromSitemap}
	for k := range tonight {
		if r, ok := n.known[k]; ok && !r.List && !n.fresh[k] {
			c.Slice++
		}
	}
	seen := map[string]bool{}
	from := started.Add(-time.Duration(days) * 24 * time.Hour)
	for _, r := range records {
		k := link.Key(r.URL)
		seen[k] = true
		c.Pages++
		last := r.LastSeen
		if tonight[k] {
			last = started
		}
		if !last.Before(from) {
			c.Verified++
		}
		if c.Oldest.IsZero() || last.Before(c.Oldest) {
			c.Oldest = last
		}
	}
	for k := range tonight {
		if !seen[k] {
			c.Pages++
			c.Verified++
			c.New++
		}
	}
	c.Nights = 1
	if per := c.Slice; n.others > 0 && per > 0 {
		c.Nights = (n.others + per - 1) / per
	} else if n.others > 0 {
		c.Nights = 0 // the budget does not reach beyond the list pages
	}
	o.Cycle = c
}

// useSitemap marks the pages a sitemap says changed since their last
// verification, or lists without the store knowing them, to be read in
// full tonight, and seeds them first.
func (n *night) useSitemap(entries []sitemapEntry, inScope func(string) bool) int {
	if n.fresh == nil {
		n.fresh = map[string]bool{}
	}
	var seeds []string
	for _, e := range entries {
		k := link.Key(e.URL)
		if n.fresh[k] || !inScope(e.URL) {
			continue
		}
		r, known := n.known[k]
		switch {
		case !known:
		case r.List:
			continue // read in full anyway
		case e.LastMod.IsZero() || !e.LastMod.After(r.LastSeen):
			continue
		}
		n.fresh[k] = true
		seeds = append(seeds, e.URL)
	}
	n.seeds = append(seeds, n.seeds...)
	return len(seeds)
}
