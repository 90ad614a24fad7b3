package checks

import (
	"hash/maphash"
	"iter"

	"govaudit/internal/arena"
)

// A LinkTable holds, once each, the distinct links of the pages a run keeps
// for its whole-site checks. A kept page refers to its links by number
// (SummaryCodec): a few bytes a link instead of forty, and no
// pointer for the garbage collector to follow. Navigation, sidebars and
// footers repeat the same links on every page; at 100,000 pages the
// summaries' link slices were 3.9 million links, 149 MB and 7.8 million
// pointers scanned in every collection.
//
// The links' strings are copied into large blocks (an arena) and the table
// refers to them by position, so the table holds no pointer per link
// either: at 100,000 pages it is some 250,000 distinct links, which were
// 500,000 small strings marked in every collection.
//
// A LinkTable is not safe for concurrent use; the driver adds to it under
// its lock and reads it once the crawl is over.
type LinkTable struct {
	links []linkRef
	text  arena.Arena
	seed  maphash.Seed
	ids   map[uint64]uint32 // hash of a link → its number (first of that hash)
	more  map[Link]uint32   // links whose hash another link had first
}

// A linkRef is a Link whose strings are in the table's arena.
type linkRef struct {
	url, text arena.Ref
	kind      LinkKind
}

// link returns the link numbered id.
func (t *LinkTable) link(id uint32) Link {
	r := t.links[id]
	return Link{URL: t.text.Get(r.url), Text: t.text.Get(r.text), Kind: r.kind}
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
	first, collided := t.ids[k]
	if collided {
		if t.link(first) == l {
			return first
		}
		if id, ok := t.more[l]; ok {
			return id
		}
	}
	// Copies: a page's strings may be slices of its whole body.
	t.links = append(t.links, linkRef{url: t.text.Put(l.URL), text: t.text.Put(l.Text), kind: l.Kind})
	id := uint32(len(t.links) - 1)
	if !collided {
		t.ids[k] = id
		return id
	}
	if t.more == nil {
		t.more = map[Link]uint32{}
	}
	t.more[t.link(id)] = id // keyed by the copy, not by the page's strings
	return id
}

// AllLinks yields the page's links in document order, from Links or, on a
// summary read back from where the driver keeps it, from its table.
func (p *PageSummary) AllLinks() iter.Seq[Link] {
	return func(yield func(Link) bool) {
		if p.linkTab != nil {
			for _, id := range p.linkIDs {
				if !yield(p.linkTab.link(id)) {
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
