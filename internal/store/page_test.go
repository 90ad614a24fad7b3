package store

import (
	"testing"
	"time"
)

func TestPageChanged(t *testing.T) {
	s, _ := openTemp(t)
	const site = "a.gov.cn"
	t1, t2, t3 := t0, t0.Add(24*time.Hour), t0.Add(48*time.Hour)
	finish := func(at time.Time, ps ...PageRecord) {
		t.Helper()
		r, err := s.BeginRun(site, at.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		r.Status, r.Finished = StatusComplete, at
		if err := s.FinishRun(r, nil, ps); err != nil {
			t.Fatal(err)
		}
	}
	get := func(url string) PageRecord {
		t.Helper()
		p, ok, err := s.Page(site, url)
		if err != nil || !ok {
			t.Fatalf("Page(%s): ok=%v err=%v", url, ok, err)
		}
		return p
	}

	finish(t1, PageRecord{URL: "/a", Hash: "h1"}, PageRecord{URL: "/b", Hash: "h1"})
	if b := get("/b"); !b.FirstSeen.Equal(t1) || !b.LastSeen.Equal(t1) || !b.Changed.Equal(t1) {
		t.Fatalf("new page: %+v, want all times %v", b, t1)
	}

	finish(t2, PageRecord{URL: "/a", Hash: "h1"}, PageRecord{URL: "/b", Hash: "h2"}, PageRecord{URL: "/c", Hash: "h1"})
	a, b, c := get("/a"), get("/b"), get("/c")
	if !a.FirstSeen.Equal(t1) || !a.LastSeen.Equal(t2) || !a.Changed.Equal(t1) {
		t.Errorf("unchanged page: %+v", a)
	}
	if !b.FirstSeen.Equal(t1) || !b.LastSeen.Equal(t2) || !b.Changed.Equal(t2) || b.Hash != "h2" {
		t.Errorf("changed page: %+v", b)
	}
	if !c.FirstSeen.Equal(t2) || !c.Changed.Equal(t2) {
		t.Errorf("page new in run 2: %+v", c)
	}

	// Run 3: /b not re-fetched (304: no hash, an ETag), /a seen at an explicit time.
	at := t3.Add(-30 * time.Minute)
	finish(t3, PageRecord{URL: "/b", ETag: `"e"`}, PageRecord{URL: "/a", Hash: "h1", LastSeen: at})
	b = get("/b")
	if b.Hash != "h2" || b.ETag != `"e"` || !b.Changed.Equal(t2) || !b.LastSeen.Equal(t3) || !b.FirstSeen.Equal(t1) {
		t.Errorf("page without hash: %+v", b)
	}
	if a = get("/a"); !a.LastSeen.Equal(at) || !a.Changed.Equal(t1) {
		t.Errorf("explicit LastSeen: %+v", a)
	}
	if c = get("/c"); !c.LastSeen.Equal(t2) {
		t.Errorf("page not in run 3 kept LastSeen %v, want %v", c.LastSeen, t2)
	}
	ps, err := s.Pages(site)
	if err != nil || len(ps) != 3 || ps[0].URL != "/a" || ps[2].URL != "/c" {
		t.Fatalf("Pages() = %+v, %v", ps, err)
	}
}
