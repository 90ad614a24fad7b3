package store

import (
	"encoding/binary"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The probe cache remembers, per site, link targets that worked and when, so
// a later run may skip re-probing them. Failures are never cached: the prober
// deletes a URL it finds broken.

// ProbeCache maps each cached URL of the site to the time it was last seen
// working, keeping only times at or after notBefore.
func (s *Store) ProbeCache(site string, notBefore time.Time) (map[string]time.Time, error) {
	out := make(map[string]time.Time)
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := sub(tx, site, bucketProbe)
		if pb == nil {
			return nil
		}
		return pb.ForEach(func(k, v []byte) error {
			if len(v) != 8 {
				return nil // unreadable entry: treat as not cached
			}
			t := time.Unix(0, int64(binary.BigEndian.Uint64(v)))
			if !t.Before(notBefore) {
				out[string(k)] = t // string() copies
			}
			return nil
		})
	})
	return out, err
}

// PutProbeCache records URLs seen working at the given times (a zero time
// means now). An entry already newer is kept; URLs that are empty or longer
// than bbolt's key limit are skipped.
func (s *Store) PutProbeCache(site string, ok map[string]time.Time) error {
	if len(ok) == 0 {
		return nil
	}
	now := time.Now()
	return s.db.Update(func(tx *bolt.Tx) error {
		sb, err := createSite(tx, site)
		if err != nil {
			return err
		}
		pb := sb.Bucket(bucketProbe)
		// Keys in order: bbolt then appends to its leaves instead of
		// splitting and copying them (unsorted, 51k targets took 20 s in
		// one transaction, 100k about 100 s).
		urls := make([]string, 0, len(ok))
		for u := range ok {
			urls = append(urls, u)
		}
		sort.Strings(urls)
		for _, u := range urls {
			t := ok[u]
			if u == "" || len(u) > bolt.MaxKeySize {
				continue
			}
			if t.IsZero() {
				t = now
			}
			ns := t.UnixNano()
			key := []byte(u)
			if v := pb.Get(key); len(v) == 8 && int64(binary.BigEndian.Uint64(v)) >= ns {
				continue
			}
			var b [8]byte
			binary.BigEndian.PutUint64(b[:], uint64(ns))
			if err := pb.Put(key, b[:]); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteProbeCache forgets URLs, e.g. those found broken now.
func (s *Store) DeleteProbeCache(site string, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		pb := sub(tx, site, bucketProbe)
		if pb == nil {
			return nil
		}
		for _, u := range urls {
			if u == "" || len(u) > bolt.MaxKeySize {
				continue
			}
			if err := pb.Delete([]byte(u)); err != nil {
				return err
			}
		}
		return nil
	})
}
