package checks

import (
	"slices"
	"testing"
)

// TestLinkTable: summaries kept by number give back their links in order,
// a link repeated on many pages is stored once, a summary never kept
// reads its Links, and two links whose hashes collide stay two links.
func TestLinkTable(t *testing.T) {
	nav := []Link{{URL: "http://a.gov.cn/", Text: "首页", Kind: Anchor}, {URL: "http://a.gov.cn/xxgk/", Text: "信息公开", Kind: Anchor}}
	p1 := &PageSummary{Links: append(slices.Clone(nav), Link{URL: "http://a.gov.cn/1.pdf", Text: "附件", Kind: Anchor})}
	p2 := &PageSummary{Links: append(slices.Clone(nav), Link{URL: "http://a.gov.cn/logo.png", Kind: Image})}
	want1, want2 := slices.Clone(p1.Links), slices.Clone(p2.Links)
	c := NewSummaryCodec()
	tab := c.Links()
	keep := func(p *PageSummary) *PageSummary {
		t.Helper()
		k, err := c.Decode(c.Append(nil, p))
		if err != nil {
			t.Fatal(err)
		}
		if k.Links != nil {
			t.Error("Links kept beside their numbers")
		}
		return k
	}
	p1, p2 = keep(p1), keep(p2)
	if got := slices.Collect(p1.AllLinks()); !slices.Equal(got, want1) {
		t.Errorf("p1 links %v, want %v", got, want1)
	}
	if got := slices.Collect(p2.AllLinks()); !slices.Equal(got, want2) || p2.LinkCount() != 3 {
		t.Errorf("p2 links %v (%d), want %v", got, p2.LinkCount(), want2)
	}
	if tab.Len() != 4 {
		t.Errorf("table holds %d links, want 4 (the navigation once)", tab.Len())
	}
	// The same URL with another text or kind is another link.
	p3 := &PageSummary{Links: []Link{{URL: "http://a.gov.cn/", Text: "返回首页", Kind: Anchor}, {URL: "http://a.gov.cn/", Text: "首页", Kind: Frame}}}
	keep(p3)
	if tab.Len() != 6 {
		t.Errorf("table holds %d links, want 6", tab.Len())
	}
	// Stopping early stops.
	n := 0
	for range p1.AllLinks() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("break did not stop the iteration: %d", n)
	}
	// Not kept: Links as they are.
	plain := &PageSummary{Links: want1}
	if got := slices.Collect(plain.AllLinks()); !slices.Equal(got, want1) || plain.LinkCount() != 3 {
		t.Errorf("plain summary links %v", got)
	}

	// A collision: the second link's hash is made to point at the first.
	tab = NewLinkTable()
	a, b := Link{URL: "http://a.gov.cn/a"}, Link{URL: "http://a.gov.cn/b"}
	ida := tab.id(a)
	tab.ids[tab.hash(b)] = ida
	idb := tab.id(b)
	if idb == ida || tab.link(idb) != b || tab.id(b) != idb || tab.id(a) != ida {
		t.Errorf("collision: a=%d b=%d, links %v", ida, idb, tab.links)
	}
}
