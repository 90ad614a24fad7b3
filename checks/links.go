package checks

import (
	"hash/maphash"
	"iter"
	"strings"
)

// A LinkTable holds, once each, the distinct links of the pages a run keeps
// for its whole-site checks. A kept page refers to its links by number
// (SummaryCodec): a few bytes a link instead of forty, and no
// pointer for the garbage collector to follow. Navigation, sidebars and
// footers repeat the same links on every page; at 100,000 pages the
// summaries' link slices were 3.9 million links, 149 MB and 7.8 million
// pointers scanned in every collection.
//
// A LinkTable is not safe for concurrent use; the driver adds to it under
// its lock and reads it once the crawl is over.
type LinkTable struct {
	links []Link
	seed  maphash.Seed
	ids   map[uint64]uint32 // hash of a link → its number (first of that hash)
	more  map[Link]uint32   // links whose hash another link had first
}

// NewLinkTable returns an empty table.
func NewLinkTable() *LinkTable {
	return &LinkTable{seed: maphash.MakeSeed(), ids: map[uint64]uint32{}}
}

// Len is the number of distinct links.
func (t *LinkTable) Len() int { return len(t.links) }

// hash is the key of a link in ids.
func (t *LinkTable) hash(l Link) uint64 {
	var h maphash.Hash
	h.SetSeed(t.seed)
	h.WriteString(l.URL)
	h.WriteByte(0)
	h.WriteString(l.Text)
	h.WriteByte(byte(l.Kind))
	return h.Sum64()
}

func (t *LinkTable) id(l Link) uint32 {
	k := t.hash(l)
	if id, ok := t.ids[k]; ok {
		if t.links[id] == l {
			return id
		}
		if id, ok := t.more[l]; ok {
			return id
		}
		if t.more == nil {
			t.more = map[Link]uint32{}
		}
		t.more[l] = uint32(len(t.links))
	} else {
		t.ids[k] = uint32(len(t.links))
	}
	// Copies: a page's strings may be slices of its whole body.
	l.URL, l.Text = strings.Clone(l.URL), strings.Clone(l.Text)
	t.links = append(t.links, l)
	return uint32(len(t.links) - 1)
}

// AllLinks yields the page's links in document order, from Links or, on a
// summary read back from where the driver keeps it, from its table.
func (p *PageSummary) AllLinks() iter.Seq[Link] {
	return func(yield func(Link) bool) {
		if p.linkTab != nil {
			for _, id := range p.linkIDs {
				if !yield(p.linkTab.links[id]) {
					return
				}
			}
			return
		}
		for _, l := range p.Links {
			if !yield(l) {
				return
			}
		}
	}
}

// LinkCount is the number of the page's links, in either form.
func (p *PageSummary) LinkCount() int {
	if p.linkTab != nil {
		return len(p.linkIDs)
	}
	return len(p.Links)
}
