package audit

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"time"

	"govaudit/internal/link"
)

// A sitemap.xml (sitemaps.org) lists a site's pages with the date each
// last changed (lastmod). An incremental night reads it, as muffet's
// --follow-sitemap-xml does, and reads in full every known page whose
// lastmod is later than its last verification, and every page it lists
// that the store does not know, whatever the budget: they are what
// changed. A site without one loses nothing; the rotation still comes
// round to every page.

// Bounds on what is read of sitemaps: the protocol's own limits (50,000
// URLs and 50 MB a file), and one level of sitemap index, 20 files.
const (
	sitemapURLs  = 50000
	sitemapBytes = 50 << 20
	sitemapFiles = 20
)

type sitemapEntry struct {
	URL     string // exact
	LastMod time.Time
}

// sitemap fetches origin's /sitemap.xml and, for a sitemap index, the
// sitemaps it lists on the same origin. Errors and unreadable files give
// what was read so far: a sitemap is a hint.
func sitemap(ctx context.Context, client *http.Client, origin string) []sitemapEntry {
	var out []sitemapEntry
	queue, seen := []string{origin + "/sitemap.xml"}, map[string]bool{}
	for len(queue) > 0 && len(seen) < sitemapFiles && len(out) < sitemapURLs {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		entries, more := readSitemap(ctx, client, u)
		out = append(out, entries...)
		for _, m := range more {
			if strings.HasPrefix(m, origin+"/") {
				queue = append(queue, m)
			}
		}
	}
	if len(out) > sitemapURLs {
		out = out[:sitemapURLs]
	}
	return out
}

func readSitemap(ctx context.Context, client *http.Client, u string) (entries []sitemapEntry, more []string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil
	}
	d := xml.NewDecoder(io.LimitReader(resp.Body, sitemapBytes))
	d.Strict = false
	var loc, mod, in string
	depth := 0
	for len(entries) < sitemapURLs {
		tok, err := d.RawToken()
		if err != nil {
			return entries, more
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > 16 {
				return entries, more
			}
			switch t.Name.Local {
			case "url", "sitemap":
				loc, mod = "", ""
			}
			in = t.Name.Local
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "url":
				if e := link.Normalize(strings.TrimSpace(loc)); e != "" {
					entries = append(entries, sitemapEntry{URL: e, LastMod: lastmod(mod)})
				}
			case "sitemap":
				if e := link.Normalize(strings.TrimSpace(loc)); e != "" {
					more = append(more, e)
				}
			}
			in = ""
		case xml.CharData:
			switch in {
			case "loc":
				loc += string(t)
			case "lastmod":
				mod += string(t)
			}
		}
	}
	return entries, more
}

// lastmod reads a W3C datetime (2026-11-20, 2026-11-20T08:00:00+08:00);
// zero if it is none. A date alone is the day's start in China.
func lastmod(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("CST", 8*3600)); err == nil {
		return t
	}
	return time.Time{}
}
