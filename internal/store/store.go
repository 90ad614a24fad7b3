// Package store keeps govaudit's audit runs, their findings, the pages seen
// and a cache of working link targets in one bbolt file, so the next run can
// report new, fixed and still-open problems and spot changed pages.
//
// Layout (schema 2):
//
//	meta                         "schema" → 8-byte big-endian version
//	sites / <site name> / runs      RunID (8-byte big-endian) → JSON Run
//	                    / findings  RunID → fingerprint → status, streak, body hash (binary)
//	                    / bodies    body hash (12 bytes) → JSON finding, shared by the runs
//	                    / outcomes  RunID → JSON rest of the outcome (standing, columns, diff, …)
//	                    / accepted  fingerprint → JSON Acceptance
//	                    / pages     URL → JSON PageRecord
//	                    / probe     URL → 8-byte big-endian unix nanoseconds
//	                    / samples   unix nanoseconds (8-byte big-endian) → JSON availability sample
//	digests                         key → JSON Digest (the weekly e-mail's outbox)
//
// Schema 1 files (no outcomes, no accepted) are upgraded in place by the
// first write open: their runs load with their findings open and no
// standing; nothing is rewritten.
//
// A write Store holds bbolt's exclusive file lock until Close; a read-only
// Store holds a shared lock, so readers and a writer exclude each other.
// Open never waits longer than Options.Timeout for the lock.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this package reads and writes.
const SchemaVersion = 2

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

var (
	// ErrBusy: another process holds the database's file lock.
	ErrBusy = errors.New("database busy")
	// ErrNoDatabase: a read-only open found no database file.
	ErrNoDatabase = errors.New("no database")
	// ErrSchema: the file was written by a newer govaudit (or is not ours).
	ErrSchema = errors.New("unsupported database schema")
	// ErrNotFound: no such run.
	ErrNotFound = errors.New("not found")
)

var (
	bucketMeta     = []byte("meta")
	bucketSites    = []byte("sites")
	bucketRuns     = []byte("runs")
	bucketFindings = []byte("findings")
	bucketPages    = []byte("pages")
	bucketProbe    = []byte("probe")
	bucketOutcomes = []byte("outcomes")
	bucketAccepted = []byte("accepted")
	bucketBodies   = []byte("bodies")
	bucketSamples  = []byte("samples")
	bucketDigests  = []byte("digests")
	keySchema      = []byte("schema")
)

// Options for Open.
type Options struct {
	// ReadOnly opens with a shared lock and refuses writes; a missing file is
	// ErrNoDatabase rather than created.
	ReadOnly bool
	// Timeout bounds the wait for the file lock; 0 (or less) means DefaultTimeout.
	Timeout time.Duration
}

// A Store is an open govaudit database. Its methods are safe for concurrent use.
type Store struct {
	db       *bolt.DB
	path     string
	readOnly bool
}

// DefaultPath is $GOVAUDIT_DB if set, else $XDG_DATA_HOME/govaudit/govaudit.db,
// else ~/.local/share/govaudit/govaudit.db (govaudit.db in the working
// directory if there is no home directory either).
func DefaultPath() string {
	if p := os.Getenv("GOVAUDIT_DB"); p != "" {
		return p
	}
	// The XDG spec says a relative XDG_DATA_HOME is invalid and to be ignored.
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "govaudit", "govaudit.db")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".local", "share", "govaudit", "govaudit.db")
	}
	return "govaudit.db"
}

// Open opens the database at path (DefaultPath() if path is empty).
//
// A write open creates missing parent directories (0700) and the file (0600),
// and marks any run still "running" as "interrupted" with Note NoteDied: a
// live writer would hold the file lock, so whoever wrote it has died. Callers
// must therefore keep the write Store open from BeginRun to FinishRun.
//
// If the lock is not had within the timeout the error wraps ErrBusy; a
// read-only open of a missing file returns an error wrapping ErrNoDatabase; a
// file of a newer schema, one wrapping ErrSchema.
func Open(path string, opt Options) (*Store, error) {
	if path == "" {
		path = DefaultPath()
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if opt.ReadOnly {
		fi, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Mode().IsRegular() && fi.Size() == 0) {
			return nil, noDatabase(path)
		}
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}

	if _, err := checkFile(path); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: opt.ReadOnly})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, fmt.Errorf("%w: %s is locked by another govaudit process (an audit or `govaudit serve` writing to it); "+
				"wait for it to finish and try again, or raise the timeout", ErrBusy, path)
		case opt.ReadOnly && errors.Is(err, os.ErrNotExist):
			return nil, noDatabase(path)
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, readOnly: opt.ReadOnly}
	err = safely(func() error {
		if opt.ReadOnly {
			return db.View(func(tx *bolt.Tx) error { return checkSchema(tx, path) })
		}
		return db.Update(func(tx *bolt.Tx) error {
			if err := initSchema(tx, path); err != nil {
				return err
			}
			return markDead(tx)
		})
	})
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

func noDatabase(path string) error {
	return fmt.Errorf("%w at %s yet: run `govaudit audit` first", ErrNoDatabase, path)
}

// Close releases the file lock. Closing twice is harmless.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// ReadOnly tells whether the Store was opened read-only.
func (s *Store) ReadOnly() bool { return s.readOnly }

func schemaOf(tx *bolt.Tx, path string) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		// No version: a new file, or another program's bbolt database,
		// which govaudit must not write into.
		var other string
		_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			if other == "" && string(name) != string(bucketSites) {
				other = string(name)
			}
			return nil
		})
		if other != "" {
			return 0, fmt.Errorf("%w: %s is a bbolt database of another program (it has a bucket %q and no govaudit version); "+
				"give govaudit its own file with --db", ErrForeign, path, other)
		}
		return 0, nil
	}
	v := meta.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: %s: schema version is %d bytes, want 8; is this a govaudit database?", ErrSchema, path, len(v))
	}
	ver := binary.BigEndian.Uint64(v)
	if ver > SchemaVersion {
		return 0, fmt.Errorf("%w: %s has schema version %d, this govaudit reads only up to %d: upgrade govaudit or use another database file",
			ErrSchema, path, ver, SchemaVersion)
	}
	return ver, nil
}

// checkSchema is the read-only check: a file without a version (never
// written by a write open) reads as empty.
func checkSchema(tx *bolt.Tx, path string) error {
	_, err := schemaOf(tx, path)
	return err
}

func initSchema(tx *bolt.Tx, path string) error {
	ver, err := schemaOf(tx, path)
	if err != nil {
		return err
	}
	if ver < SchemaVersion {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], SchemaVersion)
		if err := meta.Put(keySchema, b[:]); err != nil {
			return err
		}
	}
	_, err = tx.CreateBucketIfNotExists(bucketSites)
	return err
}

// markDead turns every "running" run into an "interrupted" one.
func markDead(tx *bolt.Tx) error {
	sites := tx.Bucket(bucketSites)
	if sites == nil {
		return nil
	}
	return sites.ForEachBucket(func(name []byte) error {
		runs := sites.Bucket(name).Bucket(bucketRuns)
		if runs == nil {
			return nil
		}
		// Collect first: changing a bucket under its cursor is not safe.
		var stale []Run
		err := runs.ForEach(func(k, v []byte) error {
			r, err := decodeRun(k, v)
			if err != nil {
				return nil // db check reports it; it must not block opening
			}
			if r.Status == StatusRunning {
				stale = append(stale, r)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range stale {
			r.Status = StatusInterrupted
			r.Note = NoteDied
			if err := putRun(runs, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// siteBucket is the site's bucket, or nil.
func siteBucket(tx *bolt.Tx, site string) *bolt.Bucket {
	sites := tx.Bucket(bucketSites)
	if sites == nil || site == "" {
		return nil
	}
	return sites.Bucket([]byte(site))
}

// sub is the named bucket inside the site's bucket, or nil.
func sub(tx *bolt.Tx, site string, name []byte) *bolt.Bucket {
	sb := siteBucket(tx, site)
	if sb == nil {
		return nil
	}
	return sb.Bucket(name)
}

// createSite makes the site's bucket and its sub-buckets.
func createSite(tx *bolt.Tx, site string) (*bolt.Bucket, error) {
	if site == "" {
		return nil, errors.New("store: empty site name")
	}
	if len(site) > bolt.MaxKeySize {
		return nil, fmt.Errorf("store: site name of %d bytes is too long", len(site))
	}
	sites, err := tx.CreateBucketIfNotExists(bucketSites)
	if err != nil {
		return nil, err
	}
	sb, err := sites.CreateBucketIfNotExists([]byte(site))
	if err != nil {
		return nil, err
	}
	for _, name := range [][]byte{bucketRuns, bucketFindings, bucketPages, bucketProbe} {
		if _, err := sb.CreateBucketIfNotExists(name); err != nil {
			return nil, err
		}
	}
	return sb, nil
}

// Sites lists the sites that have a bucket, sorted.
func (s *Store) Sites() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		sites := tx.Bucket(bucketSites)
		if sites == nil {
			return nil
		}
		return sites.ForEachBucket(func(k []byte) error {
			out = append(out, string(k)) // string() copies
			return nil
		})
	})
	return out, err
}
