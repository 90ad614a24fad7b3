package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A PageRecord is what the store remembers of one page of a site between runs.
//
// FinishRun merges the records it is given into the site's page table:
//   - "seen" is the record's LastSeen, or the run's Finished if that is zero;
//   - a new URL gets FirstSeen (the given one if set, else seen), LastSeen and
//     Changed both from seen;
//   - a known URL keeps its FirstSeen; LastSeen becomes seen (never earlier
//     than it was); Changed becomes seen when a non-empty Hash differs from a
//     non-empty stored one;
//   - an empty Hash, ETag or LastModified means "not known this time" and
//     keeps the stored value (a 304 Not Modified, say).
type PageRecord struct {
	URL          string    `json:"url,omitempty"` // the key; not repeated in the stored value
	Hash         string    `json:"hash,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
	// Changed is when Hash last differed from the stored one (FirstSeen at creation).
	Changed time.Time `json:"changed"`
	// List says the page was the homepage or a list page when last read:
	// an incremental night reads it again in full (staleness and
	// emptiness show there, and new pages are found there).
	List bool `json:"list,omitempty"`
}

func mergePage(old *PageRecord, p PageRecord, seen time.Time) PageRecord {
	if old == nil {
		r := p
		r.LastSeen = seen
		if r.FirstSeen.IsZero() || r.FirstSeen.After(seen) {
			r.FirstSeen = seen
		}
		r.Changed = r.FirstSeen
		return r
	}
	r := *old
	r.URL = p.URL
	if seen.After(r.LastSeen) {
		r.LastSeen = seen
	}
	if p.Hash != "" {
		if r.Hash != "" && p.Hash != r.Hash {
			r.Changed = seen
		}
		r.Hash = p.Hash
		r.List = p.List
	}
	if p.ETag != "" {
		r.ETag = p.ETag
	}
	if p.LastModified != "" {
		r.LastModified = p.LastModified
	}
	if r.Changed.IsZero() {
		r.Changed = r.FirstSeen
	}
	return r
}

// mergePages merges ps (sorted by URL) into the pages bucket. A record
// without URL is an error; one whose URL is longer than bbolt's key limit
// is skipped (the page table is a cache; one absurd URL must not sink a run).
func mergePages(pb *bolt.Bucket, ps []PageRecord, finished time.Time) error {
	for _, p := range ps {
		if p.URL == "" {
			return errors.New("page record without URL")
		}
		if len(p.URL) > bolt.MaxKeySize {
			continue
		}
		seen := p.LastSeen
		if seen.IsZero() {
			seen = finished
		}
		seen = seen.Round(0)
		key := []byte(p.URL)
		var old *PageRecord
		if v := pb.Get(key); v != nil {
			o, err := decodePage(key, v)
			if err != nil {
				return err
			}
			old = &o
		}
		r := mergePage(old, p, seen)
		r.URL = ""
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := pb.Put(key, v); err != nil {
			return fmt.Errorf("page %s: %w", p.URL, err)
		}
	}
	return nil
}

func decodePage(k, v []byte) (PageRecord, error) {
	var r PageRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return PageRecord{}, fmt.Errorf("store: page %s: %w", k, err)
	}
	r.URL = string(k) // copies
	return r, nil
}

// Pages is the site's page table sorted by URL.
func (s *Store) Pages(site string) ([]PageRecord, error) {
	var out []PageRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := sub(tx, site, bucketPages)
		if pb == nil {
			return nil
		}
		return pb.ForEach(func(k, v []byte) error {
			r, err := decodePage(k, v)
			if err == nil {
				out = append(out, r)
			}
			return err
		})
	})
	return out, err
}

// Page is the site's record of one URL, if any.
func (s *Store) Page(site, url string) (PageRecord, bool, error) {
	var (
		r  PageRecord
		ok bool
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := sub(tx, site, bucketPages)
		if pb == nil || url == "" || len(url) > bolt.MaxKeySize {
			return nil
		}
		v := pb.Get([]byte(url))
		if v == nil {
			return nil
		}
		var err error
		r, err = decodePage([]byte(url), v)
		ok = err == nil
		return err
	})
	return r, ok, err
}
