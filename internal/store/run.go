package store

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

// storedFinding is a finding's body as stored: its JSON plus Subject,
// which the public JSON leaves out but which must survive a round trip.
type storedFinding struct {
	checks.Finding
	Subject string `json:"subject,omitempty"`
}

// A run keeps, per fingerprint, only what is the run's own: the status,
// the streak, the acceptance and the hash of the finding's body. Bodies are
// kept once per site (bodies bucket), keyed by the hash of their content, so
// a finding open for a hundred nights is stored once, not a hundred times,
// and each run still shows the body it had.
const runValueV2 = 0x02

var statusCodes = []outcome.FindingStatus{"", outcome.New, outcome.Open, outcome.Pending, outcome.Accepted}

func statusCode(s outcome.FindingStatus) byte {
	for i, v := range statusCodes {
		if v == s {
			return byte(i)
		}
	}
	return 0
}

// encodeFinding returns the run's value for f and f's body with its key.
func encodeFinding(f outcome.Finding) (runValue, bodyKey, body []byte, err error) {
	plain := f.Finding
	plain.Fingerprint = ""
	if body, err = json.Marshal(storedFinding{Finding: plain, Subject: f.Subject}); err != nil {
		return nil, nil, nil, err
	}
	sum := sha256.Sum256(body)
	bodyKey = sum[:12]
	runValue = append(make([]byte, 0, 32), runValueV2, statusCode(f.Status))
	runValue = binary.AppendUvarint(runValue, uint64(max(f.Seen, 0)))
	runValue = append(runValue, bodyKey...)
	if f.Accepted != nil {
		a, err := json.Marshal(f.Accepted)
		if err != nil {
			return nil, nil, nil, err
		}
		runValue = append(runValue, a...)
	}
	return runValue, bodyKey, body, nil
}

// decodeFinding reads a run's value for fingerprint k, its body from bodies.
// Values written by schema 1 hold the whole finding as JSON.
func decodeFinding(k, v []byte, bodies *bolt.Bucket) (outcome.Finding, error) {
	var f outcome.Finding
	if len(v) > 0 && v[0] == '{' { // schema 1
		var old struct {
			outcome.Finding
			Subject string `json:"subject,omitempty"`
		}
		if err := json.Unmarshal(v, &old); err != nil {
			return f, fmt.Errorf("store: finding %s: %w", k, err)
		}
		f = old.Finding
		f.Subject = old.Subject
	} else {
		if len(v) < 3 || v[0] != runValueV2 || int(v[1]) >= len(statusCodes) {
			return f, fmt.Errorf("store: finding %s: unreadable record", k)
		}
		f.Status = statusCodes[v[1]]
		seen, n := binary.Uvarint(v[2:])
		if n <= 0 || len(v) < 2+n+12 {
			return f, fmt.Errorf("store: finding %s: unreadable record", k)
		}
		f.Seen = int(seen)
		key, rest := v[2+n:2+n+12], v[2+n+12:]
		var body []byte
		if bodies != nil {
			body = bodies.Get(key)
		}
		if body == nil {
			return f, fmt.Errorf("store: finding %s: its body %x is missing", k, key)
		}
		var sf storedFinding
		if err := json.Unmarshal(body, &sf); err != nil {
			return f, fmt.Errorf("store: finding %s: %w", k, err)
		}
		f.Finding = sf.Finding
		f.Subject = sf.Subject
		if len(rest) > 0 {
			f.Accepted = new(outcome.Acceptance)
			if err := json.Unmarshal(rest, f.Accepted); err != nil {
				return f, fmt.Errorf("store: finding %s: acceptance: %w", k, err)
			}
		}
	}
	f.Fingerprint = string(k) // the key is authoritative; string() copies
	return f, nil
}

func putRun(runs *bolt.Bucket, r Run) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return runs.Put(runKey(r.ID), b)
}

// decodeRun reads a run record. A record that does not decode is returned
// as a damaged run (its error in Note) rather than as an error, so one bad
// record never blocks listing runs or starting an audit.
func decodeRun(k, v []byte) (Run, error) {
	id, ok := runIDFromKey(k)
	if !ok {
		return Run{}, fmt.Errorf("store: run key of %d bytes, want 8", len(k))
	}
	var r Run
	if err := json.Unmarshal(v, &r); err != nil {
		return Run{ID: id, Started: id.Time(), Status: StatusDamaged, Note: err.Error()}, nil
	}
	r.ID = id
	return r, nil
}

func notFound(site string, id RunID) error {
	return fmt.Errorf("run %s of site %q: %w", id, site, ErrNotFound)
}

// idTaken tells whether any site has a run with this ID.
func idTaken(tx *bolt.Tx, id RunID) bool {
	sites := tx.Bucket(bucketSites)
	if sites == nil {
		return false
	}
	key := runKey(id)
	taken := false
	_ = sites.ForEachBucket(func(name []byte) error {
		if runs := sites.Bucket(name).Bucket(bucketRuns); runs != nil && runs.Get(key) != nil {
			taken = true
		}
		return nil
	})
	return taken
}

// BeginRun commits a "running" record for a new run of site at once and
// returns it. The ID is started in unix nanoseconds (now if started is zero),
// bumped a nanosecond at a time past any ID already in the store.
//
// Keep this Store open until FinishRun: the next write open marks a run still
// "running" as interrupted.
func (s *Store) BeginRun(site string, started time.Time) (Run, error) {
	if started.IsZero() {
		started = time.Now()
	}
	started = started.Round(0) // drop the monotonic reading, as the JSON does
	var run Run
	err := s.db.Update(func(tx *bolt.Tx) error {
		sb, err := createSite(tx, site)
		if err != nil {
			return err
		}
		id := RunID(started.UnixNano())
		for idTaken(tx, id) {
			id++
		}
		run = Run{ID: id, Site: site, Started: started, Status: StatusRunning}
		return putRun(sb.Bucket(bucketRuns), run)
	})
	if err != nil {
		return Run{}, fmt.Errorf("begin run: %w", err)
	}
	return run, nil
}

// FinishRun stores, in one transaction, the run's findings (keyed by
// Fingerprint; a finding without one gets checks.Fingerprint; of two with one
// fingerprint the first is kept), the pages merged into the site's page table
// (see PageRecord) and the run record with run.Status, which must be complete
// or interrupted. run.Findings is set to the number of findings stored;
// run.Finished to now if zero; Pages, Links and Note are stored as given.
// The run must have been begun with BeginRun. If it fails, nothing of it is
// stored. Calling it again for the same run replaces its findings.
func (s *Store) FinishRun(run Run, findings []checks.Finding, pages []PageRecord) error {
	fs := make([]outcome.Finding, len(findings))
	for i, f := range findings {
		fs[i] = outcome.Finding{Finding: f}
	}
	return s.finish(run, fs, nil, pages)
}

// finish is FinishRun for findings with a status, and the rest of the
// outcome (rest, JSON) stored beside them when not nil.
func (s *Store) finish(run Run, findings []outcome.Finding, rest []byte, pages []PageRecord) error {
	if run.Status != StatusComplete && run.Status != StatusInterrupted {
		return fmt.Errorf("finish run %s: status %q, want %q or %q", run.ID, run.Status, StatusComplete, StatusInterrupted)
	}
	if run.Finished.IsZero() {
		run.Finished = time.Now()
	}
	run.Finished = run.Finished.Round(0)

	// Encode before taking bbolt's writer lock.
	type kv struct{ k, v, bk, body []byte }
	fs := make([]outcome.Finding, len(findings))
	copy(fs, findings)
	for i := range fs {
		if fs[i].Fingerprint == "" {
			fs[i].Fingerprint = checks.Fingerprint(fs[i].Finding)
		}
	}
	slices.SortStableFunc(fs, func(a, b outcome.Finding) int { return cmp.Compare(a.Fingerprint, b.Fingerprint) })
	fs = slices.CompactFunc(fs, func(a, b outcome.Finding) bool { return a.Fingerprint == b.Fingerprint })
	enc := make([]kv, len(fs))
	for i, f := range fs {
		v, bk, body, err := encodeFinding(f)
		if err != nil {
			return fmt.Errorf("finish run %s: finding %s: %w", run.ID, f.Fingerprint, err)
		}
		enc[i] = kv{[]byte(f.Fingerprint), v, bk, body}
	}
	byBody := slices.Clone(enc)
	slices.SortFunc(byBody, func(a, b kv) int { return bytes.Compare(a.bk, b.bk) })
	ps := make([]PageRecord, len(pages))
	copy(ps, pages)
	slices.SortStableFunc(ps, func(a, b PageRecord) int { return cmp.Compare(a.URL, b.URL) })
	run.Findings = len(enc)

	err := s.db.Update(func(tx *bolt.Tx) error {
		sb := siteBucket(tx, run.Site)
		if sb == nil {
			return notFound(run.Site, run.ID)
		}
		runs := sb.Bucket(bucketRuns)
		old := runs.Get(runKey(run.ID))
		if old == nil {
			return notFound(run.Site, run.ID)
		}
		if run.Started.IsZero() {
			prev, err := decodeRun(runKey(run.ID), old)
			if err != nil {
				return err
			}
			run.Started = prev.Started
		}

		all := sb.Bucket(bucketFindings)
		key := runKey(run.ID)
		if all.Bucket(key) != nil {
			if err := all.DeleteBucket(key); err != nil {
				return err
			}
		}
		fb, err := all.CreateBucket(key)
		if err != nil {
			return err
		}
		fb.FillPercent = 1 // keys go in sorted and are never changed
		for _, e := range enc {
			if err := fb.Put(e.k, e.v); err != nil {
				return fmt.Errorf("finding %s: %w", e.k, err)
			}
		}
		bodies, err := sb.CreateBucketIfNotExists(bucketBodies)
		if err != nil {
			return err
		}
		for _, e := range byBody { // in key order: bbolt appends cheaply
			if bodies.Get(e.bk) == nil {
				if err := bodies.Put(e.bk, e.body); err != nil {
					return fmt.Errorf("finding %s: %w", e.k, err)
				}
			}
		}

		if err := mergePages(sb.Bucket(bucketPages), ps, run.Finished); err != nil {
			return err
		}
		if rest != nil {
			ob, err := sb.CreateBucketIfNotExists(bucketOutcomes)
			if err != nil {
				return err
			}
			if err := ob.Put(key, rest); err != nil {
				return err
			}
		}
		return putRun(runs, run)
	})
	if err != nil {
		return fmt.Errorf("finish run %s: %w", run.ID, err)
	}
	return nil
}

// Runs lists a site's runs oldest first; for site "" every site's, ordered by
// site and then time. An unknown site has no runs.
func (s *Store) Runs(site string) ([]Run, error) {
	var out []Run
	collect := func(site string, runs *bolt.Bucket) error {
		if runs == nil {
			return nil
		}
		return runs.ForEach(func(k, v []byte) error {
			r, err := decodeRun(k, v)
			if err != nil {
				return nil // a key of the wrong length: db check reports it
			}
			if r.Site == "" {
				r.Site = site
			}
			out = append(out, r)
			return nil
		})
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		if site != "" {
			return collect(site, sub(tx, site, bucketRuns))
		}
		sites := tx.Bucket(bucketSites)
		if sites == nil {
			return nil
		}
		return sites.ForEachBucket(func(name []byte) error {
			return collect(string(name), sites.Bucket(name).Bucket(bucketRuns))
		})
	})
	return out, err
}

// Run is one run of a site; an error wrapping ErrNotFound if there is none.
func (s *Store) Run(site string, id RunID) (Run, error) {
	var r Run
	err := s.db.View(func(tx *bolt.Tx) error {
		runs := sub(tx, site, bucketRuns)
		if runs == nil {
			return notFound(site, id)
		}
		v := runs.Get(runKey(id))
		if v == nil {
			return notFound(site, id)
		}
		var err error
		r, err = decodeRun(runKey(id), v)
		return err
	})
	return r, err
}

// RunByID finds a run by its ID alone (IDs are unique across sites).
func (s *Store) RunByID(id RunID) (Run, error) {
	var r Run
	err := s.db.View(func(tx *bolt.Tx) error {
		sites := tx.Bucket(bucketSites)
		if sites != nil {
			c := sites.Cursor()
			for name, v := c.First(); name != nil; name, v = c.Next() {
				if v != nil { // not a bucket
					continue
				}
				runs := sites.Bucket(name).Bucket(bucketRuns)
				if runs == nil {
					continue
				}
				if v := runs.Get(runKey(id)); v != nil {
					var err error
					r, err = decodeRun(runKey(id), v)
					return err
				}
			}
		}
		return fmt.Errorf("run %s: %w", id, ErrNotFound)
	})
	return r, err
}

// LastComplete is the site's newest complete run strictly before the run
// `before` (any, if before is 0). Running and interrupted runs never count.
func (s *Store) LastComplete(site string, before RunID) (Run, bool, error) {
	return s.lastRun(site, before, func(r Run) bool { return r.Status == StatusComplete })
}

// lastRun is the site's newest run strictly before `before` (any, if 0)
// for which keep is true.
func (s *Store) lastRun(site string, before RunID, keep func(Run) bool) (Run, bool, error) {
	var (
		r     Run
		found bool
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		runs := sub(tx, site, bucketRuns)
		if runs == nil {
			return nil
		}
		c := runs.Cursor()
		var k, v []byte
		if before == 0 {
			k, v = c.Last()
		} else if k, _ = c.Seek(runKey(before)); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil; k, v = c.Prev() {
			run, err := decodeRun(k, v)
			if err != nil || run.Status == StatusDamaged {
				continue
			}
			if keep(run) {
				r, found = run, true
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return Run{}, false, err
	}
	return r, found, nil
}

// Findings are a run's findings sorted by fingerprint (none for a run not
// yet finished); an error wrapping ErrNotFound if there is no such run.
func (s *Store) Findings(site string, id RunID) ([]checks.Finding, error) {
	fs, err := s.findings(site, id)
	out := make([]checks.Finding, len(fs))
	for i, f := range fs {
		out[i] = f.Finding
	}
	return out, err
}

// findings are a run's stored findings with their status, sorted by fingerprint.
func (s *Store) findings(site string, id RunID) ([]outcome.Finding, error) {
	var out []outcome.Finding
	err := s.db.View(func(tx *bolt.Tx) error {
		sb := siteBucket(tx, site)
		if sb == nil || sb.Bucket(bucketRuns).Get(runKey(id)) == nil {
			return notFound(site, id)
		}
		fb := sb.Bucket(bucketFindings).Bucket(runKey(id))
		if fb == nil {
			return nil
		}
		bodies := sb.Bucket(bucketBodies)
		return fb.ForEach(func(k, v []byte) error {
			f, err := decodeFinding(k, v, bodies)
			if err == nil {
				out = append(out, f)
			}
			return err
		})
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		err = fmt.Errorf("findings of run %s: %w", id, err)
	}
	return out, err
}
