package audit

import (
	"reflect"
	"testing"
	"time"

	"govaudit/internal/arena"
	"govaudit/internal/store"
)

// TestPageRecords: a page read tonight is recorded by its URL with its
// hash and headers; one carried from the store (a 304) keeps the record as
// stored, dates and URL included; a second put replaces the first, either
// way; sorted gives them all by URL.
func TestPageRecords(t *testing.T) {
	day := time.Date(2026, 11, 20, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	fresh := store.PageRecord{URL: "http://a.gov.cn/b.html", Hash: "00ff", ETag: `"e1"`, LastModified: "Fri, 20 Nov 2026 00:00:00 GMT", List: true}
	carried := store.PageRecord{URL: "http://a.gov.cn/c.html?a=1&b=2", Hash: "abcd", FirstSeen: day, Changed: day.Add(time.Hour)}

	r := newPageRecords()
	r.put(fresh.URL, fresh)
	r.put("http://a.gov.cn/c.html?b=2&a=1", carried) // read as written tonight
	if got, ok := r.get(fresh.URL); !ok || got != fresh {
		t.Errorf("fresh: got %+v %v, want %+v", got, ok, fresh)
	}
	got, ok := r.get("http://a.gov.cn/c.html?b=2&a=1")
	if !ok || !reflect.DeepEqual(got, carried) || got.FirstSeen.Location() != day.Location() {
		t.Errorf("carried: got %+v %v, want %+v as stored", got, ok, carried)
	}
	if _, ok := r.get("http://a.gov.cn/none.html"); ok {
		t.Errorf("a page never put has a record")
	}

	// Replaced: the fresh page carried, the carried page read afresh.
	again := store.PageRecord{URL: "http://a.gov.cn/c.html?b=2&a=1", Hash: "1234"}
	r.put(fresh.URL, carried)
	r.put(again.URL, again)
	if got, _ := r.get(fresh.URL); !reflect.DeepEqual(got, carried) {
		t.Errorf("fresh then carried: %+v", got)
	}
	if got, _ := r.get(again.URL); got != again {
		t.Errorf("carried then fresh: %+v, want %+v", got, again)
	}
	r.put("http://a.gov.cn/a.html", store.PageRecord{URL: "http://a.gov.cn/a.html", Hash: "9"})

	var urls []string
	for _, rec := range r.sorted() {
		urls = append(urls, rec.URL)
	}
	want := []string{"http://a.gov.cn/a.html", "http://a.gov.cn/c.html?a=1&b=2", "http://a.gov.cn/c.html?b=2&a=1"}
	if !reflect.DeepEqual(urls, want) || r.Len() != 3 {
		t.Errorf("sorted: %q (Len %d), want %q", urls, r.Len(), want)
	}
	if r.url(1) != "http://a.gov.cn/c.html?b=2&a=1" {
		t.Errorf("url(1) = %q, want the second URL put", r.url(1))
	}
}

// TestPageRecordsHoldNoPointers: a record a page, none scanned by the
// collector.
func TestPageRecordsHoldNoPointers(t *testing.T) {
	if p := arena.Pointer(reflect.TypeFor[pageRec]()); p != "" {
		t.Errorf("pageRec holds a pointer: %s", p)
	}
}
