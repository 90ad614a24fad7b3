package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"govaudit/internal/outcome"
)

// PutSample records one homepage availability sample of a site (keyed by
// its time; a second sample at the same nanosecond replaces the first).
func (s *Store) PutSample(site string, smp outcome.Sample) error {
	b, err := json.Marshal(smp)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		sb, err := createSite(tx, site)
		if err != nil {
			return err
		}
		bk, err := sb.CreateBucketIfNotExists(bucketSamples)
		if err != nil {
			return err
		}
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], uint64(smp.At.UnixNano()))
		return bk.Put(k[:], b)
	})
}

// Samples are a site's availability samples taken in [from, to), oldest first.
func (s *Store) Samples(site string, from, to time.Time) ([]outcome.Sample, error) {
	var out []outcome.Sample
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := sub(tx, site, bucketSamples)
		if bk == nil {
			return nil
		}
		var lo, hi [8]byte
		binary.BigEndian.PutUint64(lo[:], uint64(from.UnixNano()))
		binary.BigEndian.PutUint64(hi[:], uint64(to.UnixNano()))
		c := bk.Cursor()
		for k, v := c.Seek(lo[:]); k != nil && string(k) < string(hi[:]); k, v = c.Next() {
			var smp outcome.Sample
			if err := json.Unmarshal(v, &smp); err != nil {
				return fmt.Errorf("sample %x: %w", k, err)
			}
			out = append(out, smp)
		}
		return nil
	})
	return out, err
}

// Availability measures a site's samples over the 7 days before to.
func (s *Store) Availability(site string, to time.Time) (outcome.Availability, error) {
	from := to.AddDate(0, 0, -7)
	smp, err := s.Samples(site, from, to)
	return outcome.Measure(smp, from, to), err
}

// A Digest is one weekly e-mail to one list of recipients: built once,
// kept until it is sent, and never sent twice.
type Digest struct {
	Key        string           `json:"key"`  // week and recipients, see notify
	Week       string           `json:"week"` // ISO week, "2026-W49"
	Recipients []string         `json:"recipients"`
	Built      time.Time        `json:"built"`
	Sent       time.Time        `json:"sent,omitzero"` // zero until delivered
	Attempts   int              `json:"attempts"`
	LastError  string           `json:"last_error,omitempty"`
	Covered    map[string]RunID `json:"covered"` // per site, the run the digest reported
	Message    []byte           `json:"message"` // the whole message (RFC 5322), as built
}

// Digest is the stored digest with key; ok is false if there is none.
func (s *Store) Digest(key string) (Digest, bool, error) {
	var d Digest
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketDigests)
		if bk == nil {
			return nil
		}
		v := bk.Get([]byte(key))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &d)
	})
	return d, found, err
}

// PutDigest stores (or updates) a digest.
func (s *Store) PutDigest(d Digest) error {
	if d.Key == "" {
		return fmt.Errorf("digest without a key")
	}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bucketDigests)
		if err != nil {
			return err
		}
		return bk.Put([]byte(d.Key), b)
	})
}

// Digests are every stored digest, by key.
func (s *Store) Digests() ([]Digest, error) {
	var out []Digest
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketDigests)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			var d Digest
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("digest %s: %w", k, err)
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}
