package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"

	bolt "go.etcd.io/bbolt"

	"govaudit/checks"
	"govaudit/internal/outcome"
	"govaudit/internal/pii"
)

// storedRest is the part of an outcome kept beside its findings: everything
// but the run record (in runs) and the findings (in findings).
type storedRest struct {
	Baseline   *outcome.RunID        `json:"baseline,omitempty"`
	Fixed      []checks.Finding      `json:"fixed,omitempty"`
	Unverified []checks.Finding      `json:"unverified,omitempty"`
	Standing   []outcome.VetoLine    `json:"standing,omitempty"`
	Columns    []outcome.Column      `json:"columns,omitempty"`
	Blocked    []outcome.Target      `json:"blocked,omitempty"`
	Skipped    outcome.Skipped       `json:"skipped"`
	Week       *outcome.Availability `json:"week,omitempty"`
	Day        *outcome.Availability `json:"day,omitempty"`
	Paused     []outcome.Pause       `json:"paused,omitempty"`
}

// Save stores a finished run's outcome whole, in one transaction: its run
// record (Status complete or interrupted), its findings with their status,
// the rest of the outcome, and the pages merged into the site's page table
// (see PageRecord). The run must have been begun with BeginRun. If it fails,
// nothing of it is stored.
func (s *Store) Save(o *outcome.Outcome, pages []PageRecord) error {
	rest := storedRest{Fixed: o.Fixed, Unverified: o.Unverified, Standing: o.Standing, Columns: o.Columns,
		Blocked: o.Blocked, Skipped: o.Skipped, Week: o.Week, Day: o.Day, Paused: o.Paused}
	if o.Baseline != nil {
		id := o.Baseline.ID
		rest.Baseline = &id
	}
	b, err := json.Marshal(rest)
	if err != nil {
		return fmt.Errorf("finish run %s: %w", o.Run.ID, err)
	}
	return s.finish(o.Run, o.Findings, b, pages)
}

// Outcome loads a run's outcome whole. A run stored before schema 2 has
// only its record and findings (status open); a pruned run, only its record.
func (s *Store) Outcome(site string, id RunID) (*outcome.Outcome, error) {
	run, err := s.Run(site, id)
	if err != nil {
		return nil, err
	}
	o := &outcome.Outcome{Run: run}
	if o.Findings, err = s.findings(site, id); err != nil {
		return nil, err
	}
	sort.Slice(o.Findings, func(i, j int) bool { return lessFinding(o.Findings[i].Finding, o.Findings[j].Finding) })
	var raw []byte
	err = s.db.View(func(tx *bolt.Tx) error {
		if ob := sub(tx, site, bucketOutcomes); ob != nil {
			if v := ob.Get(runKey(id)); v != nil {
				raw = append([]byte(nil), v...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if raw == nil {
		for i := range o.Findings {
			if o.Findings[i].Status == "" {
				o.Findings[i].Status = outcome.Open
			}
		}
		return o, nil
	}
	var rest storedRest
	if err := json.Unmarshal(raw, &rest); err != nil {
		return nil, fmt.Errorf("run %s of site %q: outcome record: %w; `govaudit db check` tells what else is damaged", id, site, err)
	}
	o.Fixed, o.Unverified, o.Standing, o.Columns, o.Blocked, o.Skipped = rest.Fixed, rest.Unverified, rest.Standing, rest.Columns, rest.Blocked, rest.Skipped
	o.Week, o.Day, o.Paused = rest.Week, rest.Day, rest.Paused
	if rest.Baseline != nil {
		if b, err := s.Run(site, *rest.Baseline); err == nil {
			o.Baseline = &b
		} else {
			o.Baseline = &outcome.Run{ID: *rest.Baseline, Site: site}
		}
	}
	return o, nil
}

func lessFinding(a, b checks.Finding) bool {
	if checks.Less(a, b) {
		return true
	}
	if checks.Less(b, a) {
		return false
	}
	return a.Fingerprint < b.Fingerprint
}

// LastBaseline is the site's newest baseline (a complete run of full scope,
// see outcome.Run.IsBaseline) strictly before the run `before` (any, if
// before is 0).
func (s *Store) LastBaseline(site string, before RunID) (Run, bool, error) {
	return s.lastRun(site, before, Run.IsBaseline)
}

// Latest is the site's newest finished run (complete or interrupted).
func (s *Store) Latest(site string) (Run, bool, error) {
	return s.lastRun(site, 0, func(r Run) bool { return r.Status != StatusRunning })
}

// BaselineFindings are the stored findings, with their status, of the
// site's newest baseline before `before`; ok is false if there is none.
func (s *Store) BaselineFindings(site string, before RunID) (Run, []outcome.Finding, bool, error) {
	r, ok, err := s.LastBaseline(site, before)
	if err != nil || !ok {
		return Run{}, nil, false, err
	}
	fs, err := s.findings(site, r.ID)
	return r, fs, err == nil, err
}

// ErrUnknownFinding: no stored run of the site has a finding with this fingerprint.
var ErrUnknownFinding = errors.New("unknown finding")

// Accept records acceptances of a site's findings. Each fingerprint must be
// a finding of one of the site's stored runs; otherwise nothing is written.
func (s *Store) Accept(site string, as ...outcome.Acceptance) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		sb := siteBucket(tx, site)
		if sb == nil {
			return fmt.Errorf("site %q has no stored runs", site)
		}
		for _, a := range as {
			if !hasFinding(sb, a.Fingerprint) {
				return fmt.Errorf("%w %s: no stored run of %s has it (govaudit report --format json lists fingerprints)", ErrUnknownFinding, a.Fingerprint, site)
			}
		}
		ab, err := sb.CreateBucketIfNotExists(bucketAccepted)
		if err != nil {
			return err
		}
		for _, a := range as {
			a.Source = "store"
			pii.RedactValue(&a) // a reason may quote what it accepts
			b, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if err := ab.Put([]byte(a.Fingerprint), b); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unaccept withdraws acceptances; a fingerprint not accepted is an error
// wrapping ErrUnknownFinding, and nothing is written.
func (s *Store) Unaccept(site string, fingerprints ...string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		ab := sub(tx, site, bucketAccepted)
		for _, fp := range fingerprints {
			if ab == nil || ab.Get([]byte(fp)) == nil {
				return fmt.Errorf("%w %s: it is not accepted for %s", ErrUnknownFinding, fp, site)
			}
		}
		for _, fp := range fingerprints {
			if err := ab.Delete([]byte(fp)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Acceptances are the site's recorded acceptances by fingerprint.
func (s *Store) Acceptances(site string) (map[string]outcome.Acceptance, error) {
	out := map[string]outcome.Acceptance{}
	err := s.db.View(func(tx *bolt.Tx) error {
		ab := sub(tx, site, bucketAccepted)
		if ab == nil {
			return nil
		}
		return ab.ForEach(func(k, v []byte) error {
			var a outcome.Acceptance
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("acceptance %s: %w", k, err)
			}
			a.Fingerprint = string(k)
			out[a.Fingerprint] = a
			return nil
		})
	})
	return out, err
}

// hasFinding tells whether any run of the site's bucket has the fingerprint.
func hasFinding(sb *bolt.Bucket, fp string) bool {
	all := sb.Bucket(bucketFindings)
	if all == nil {
		return false
	}
	found := false
	_ = all.ForEachBucket(func(k []byte) error {
		if !found && all.Bucket(k).Get([]byte(fp)) != nil {
			found = true
		}
		return nil
	})
	return found
}

// Prune drops the findings and outcome details of all but the newest keep
// runs of a site (every site's, for site ""), keeping their records and
// counts for the trend. The newest baseline is never pruned. It returns how
// many runs it pruned. The file does not shrink until Compact.
func (s *Store) Prune(site string, keep int) (int, error) {
	if keep < 1 {
		return 0, fmt.Errorf("keep %d runs: want at least 1", keep)
	}
	sites := []string{site}
	if site == "" {
		var err error
		if sites, err = s.Sites(); err != nil {
			return 0, err
		}
	}
	pruned := 0
	for _, name := range sites {
		runs, err := s.Runs(name)
		if err != nil {
			return pruned, err
		}
		base, hasBase, err := s.LastBaseline(name, 0)
		if err != nil {
			return pruned, err
		}
		err = s.db.Update(func(tx *bolt.Tx) error {
			sb := siteBucket(tx, name)
			if sb == nil {
				return nil
			}
			for i, r := range runs {
				if i >= len(runs)-keep || r.Pruned || r.Status == StatusRunning || (hasBase && r.ID == base.ID) {
					continue
				}
				key := runKey(r.ID)
				if fb := sb.Bucket(bucketFindings); fb != nil && fb.Bucket(key) != nil {
					if err := fb.DeleteBucket(key); err != nil {
						return err
					}
				}
				if ob := sb.Bucket(bucketOutcomes); ob != nil {
					if err := ob.Delete(key); err != nil {
						return err
					}
				}
				r.Pruned = true
				if err := putRun(sb.Bucket(bucketRuns), r); err != nil {
					return err
				}
				pruned++
			}
			return dropOrphanBodies(sb)
		})
		if err != nil {
			return pruned, err
		}
	}
	return pruned, nil
}

// dropOrphanBodies deletes the finding bodies no run refers to any more.
func dropOrphanBodies(sb *bolt.Bucket) error {
	bodies, all := sb.Bucket(bucketBodies), sb.Bucket(bucketFindings)
	if bodies == nil || all == nil {
		return nil
	}
	used := map[string]bool{}
	err := all.ForEachBucket(func(run []byte) error {
		return all.Bucket(run).ForEach(func(k, v []byte) error {
			if len(v) > 2 && v[0] == runValueV2 {
				if _, n := binary.Uvarint(v[2:]); n > 0 && len(v) >= 2+n+12 {
					used[string(v[2+n:2+n+12])] = true
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	var orphans [][]byte
	_ = bodies.ForEach(func(k, _ []byte) error {
		if !used[string(k)] {
			orphans = append(orphans, append([]byte(nil), k...))
		}
		return nil
	})
	for _, k := range orphans {
		if err := bodies.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Compact writes a compacted copy of the database to dst (which must not
// exist), so the space pruned runs held is given back; the caller replaces
// the old file with it.
func (s *Store) Compact(dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("compact: %s exists", dst)
	}
	out, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	if err := bolt.Compact(out, s.db, 64<<20); err != nil {
		_ = out.Close()
		_ = os.Remove(dst)
		return fmt.Errorf("compact: %w", err)
	}
	return out.Close()
}
