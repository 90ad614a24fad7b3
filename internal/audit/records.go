package audit

import (
	"sort"

	"govaudit/internal/arena"
	"govaudit/internal/store"
)

// pageRecords are the run's page fingerprints (hash, ETag, Last-Modified,
// list or not) by exact URL, saved with the run. There is one a page, so
// they hold no pointer a page: their strings are in an arena and the
// records in a slice of pointer-free values, found through an arena.Index.
// As a map of store.PageRecord they were five small objects a page (the
// URL, the hex hash, the two header values, the entry) marked again in
// every collection. Records carried from the store on an incremental night
// (with their dates) are kept whole: at most one a page read that night.
//
// pageRecords is not safe for concurrent use: the auditor holds its lock.
type pageRecords struct {
	urls    *arena.Index // URL number i is recs[i]'s
	text    *arena.Arena
	recs    []pageRec
	carried []store.PageRecord // pageRec.carried-1
}

type pageRec struct {
	hash, etag, lastModified arena.Ref
	carried                  int32 // 1 + its index in carried; 0: none
	list                     bool
}

func newPageRecords() *pageRecords {
	text := &arena.Arena{}
	return &pageRecords{urls: arena.NewIndex(text), text: text}
}

// Len is how many pages have a record.
func (t *pageRecords) Len() int { return len(t.recs) }

// put records r under url, replacing what was there. A record carried
// from the store keeps its URL as stored; a new one is url's.
func (t *pageRecords) put(url string, r store.PageRecord) {
	id := t.urls.Find(url)
	if id < 0 {
		id = t.urls.Add(url)
		t.recs = append(t.recs, pageRec{})
	}
	if !r.FirstSeen.IsZero() || !r.LastSeen.IsZero() || !r.Changed.IsZero() {
		t.carried = append(t.carried, r)
		t.recs[id] = pageRec{carried: int32(len(t.carried))}
		return
	}
	t.recs[id] = pageRec{hash: t.text.Put(r.Hash), etag: t.text.Put(r.ETag), lastModified: t.text.Put(r.LastModified), list: r.List}
}

// get returns the record of url, if it has one.
func (t *pageRecords) get(url string) (store.PageRecord, bool) {
	id := t.urls.Find(url)
	if id < 0 {
		return store.PageRecord{}, false
	}
	return t.record(id), true
}

func (t *pageRecords) record(id int32) store.PageRecord {
	rec := t.recs[id]
	if rec.carried > 0 {
		return t.carried[rec.carried-1]
	}
	return store.PageRecord{URL: t.urls.String(id), Hash: t.text.Get(rec.hash), ETag: t.text.Get(rec.etag),
		LastModified: t.text.Get(rec.lastModified), List: rec.list}
}

// url is the URL of record number id (0 ≤ id < Len).
func (t *pageRecords) url(id int32) string { return t.urls.String(id) }

// sorted returns every record, by URL.
func (t *pageRecords) sorted() []store.PageRecord {
	out := make([]store.PageRecord, len(t.recs))
	for id := range out {
		out[id] = t.record(int32(id))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}
