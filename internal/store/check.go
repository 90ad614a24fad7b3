package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged: the database file is damaged. `govaudit db repair` copies
// what is readable to a new file.
var ErrDamaged = errors.New("damaged database")

// ErrForeign: the file is a bbolt database of another program.
var ErrForeign = errors.New("not a govaudit database")

// bbolt's meta page (go.etcd.io/bbolt internal/common/meta.go): after a
// 16-byte page header, magic, version, page size, flags, the root bucket
// (16 bytes), the freelist page, the high-water page id, the txid and an
// FNV-64a checksum of the fields before it.
const (
	boltMagic   = 0xED0CDAED
	boltVersion = 2
	pageHeader  = 16
	metaSize    = 64
)

type meta struct {
	pageSize uint32
	pgid     uint64
	txid     uint64
}

func readMeta(b []byte) (meta, bool) {
	if len(b) < pageHeader+metaSize {
		return meta{}, false
	}
	m := b[pageHeader : pageHeader+metaSize]
	if binary.LittleEndian.Uint32(m[0:]) != boltMagic || binary.LittleEndian.Uint32(m[4:]) != boltVersion {
		return meta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != binary.LittleEndian.Uint64(m[56:]) {
		return meta{}, false
	}
	return meta{pageSize: binary.LittleEndian.Uint32(m[8:]), pgid: binary.LittleEndian.Uint64(m[40:]), txid: binary.LittleEndian.Uint64(m[48:])}, true
}

// checkFile looks at a database file before bbolt maps it: bbolt trusts its
// meta pages, and a file shorter than they say crashes the process when a
// missing page is touched (SIGBUS) or panics. A missing or empty file is
// fine (it is created).
func checkFile(path string) (meta, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return meta{}, nil
	}
	if err != nil {
		return meta{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return meta{}, err
	}
	if !fi.Mode().IsRegular() {
		return meta{}, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, path)
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	m0, ok0 := readMeta(head[:n])
	var m1 meta
	ok1 := false
	// The second meta page stands one page in. With the first one
	// damaged its page size is unknown: try the sizes bbolt uses (the
	// OS page size, powers of two), as bbolt itself falls back to it.
	sizes := []int{os.Getpagesize(), 4096, 8192, 16384, 32768, 65536, 1024, 2048}
	if ok0 {
		sizes = []int{int(m0.pageSize)}
	}
	for _, size := range sizes {
		if size < 1024 || size > 1<<16 {
			continue
		}
		second := make([]byte, pageHeader+metaSize)
		if _, err := f.ReadAt(second, int64(size)); err == nil {
			if m, ok := readMeta(second); ok && int(m.pageSize) == size {
				m1, ok1 = m, true
				break
			}
		}
	}
	best := m0
	switch {
	case ok0 && ok1 && m1.txid > m0.txid:
		best = m1
	case !ok0 && !ok1:
		return meta{}, fmt.Errorf("%w: %s has no valid database header (%d bytes): it is not a bbolt file, or it is badly damaged; "+
			"run `govaudit db repair --db %s` or use another file", ErrDamaged, path, fi.Size(), path)
	case !ok0:
		best = m1
	}
	if want := int64(best.pgid) * int64(best.pageSize); fi.Size() < want {
		return best, fmt.Errorf("%w: %s is truncated: %d bytes where its header says %d; "+
			"run `govaudit db repair --db %s` to copy what is readable to a new file", ErrDamaged, path, fi.Size(), want, path)
	}
	return best, nil
}

// A Problem is one thing db check found.
type Problem struct {
	Where string // bucket path or record
	What  string
}

// Check reads the whole database: bbolt's own consistency check of every
// page, then every run, outcome, finding and acceptance record. It returns
// what it found, sorted; none means the file is sound.
func (s *Store) Check() ([]Problem, error) {
	var out []Problem
	err := safely(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				out = append(out, Problem{Where: "pages", What: err.Error()})
			}
			sites := tx.Bucket(bucketSites)
			if sites == nil {
				return nil
			}
			return sites.ForEachBucket(func(name []byte) error {
				sb := sites.Bucket(name)
				site := string(name)
				if runs := sb.Bucket(bucketRuns); runs != nil {
					_ = runs.ForEach(func(k, v []byte) error {
						r, err := decodeRun(k, v)
						switch {
						case err != nil:
							out = append(out, Problem{site + " / runs", err.Error()})
						case r.Status == StatusDamaged:
							out = append(out, Problem{site + " / runs / " + r.ID.String(), r.Note})
						}
						return nil
					})
				}
				if all := sb.Bucket(bucketFindings); all != nil {
					bodies := sb.Bucket(bucketBodies)
					_ = all.ForEachBucket(func(run []byte) error {
						id, _ := runIDFromKey(run)
						return all.Bucket(run).ForEach(func(k, v []byte) error {
							if _, err := decodeFinding(k, v, bodies); err != nil {
								out = append(out, Problem{site + " / findings / " + id.String(), err.Error()})
							}
							return nil
						})
					})
				}
				return nil
			})
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Where+out[i].What < out[j].Where+out[j].What })
	return out, err
}

// safely turns a bbolt panic on a damaged page into an error.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	return f()
}

// Repair copies every readable record of the database at path into a new
// file and puts it in path's place; the old file is kept beside it as
// path.damaged-<time>. It returns the old file's new name and how many
// records were copied and lost.
func Repair(path string) (kept string, copied, lost int, err error) {
	m, ferr := checkFile(path)
	src := path
	if ferr != nil && m.pgid > 0 {
		// Truncated: work on a copy padded to its declared size, so missing
		// pages read as zeros (a recoverable panic) rather than crash.
		tmp, err := padCopy(path, int64(m.pgid)*int64(m.pageSize))
		if err != nil {
			return "", 0, 0, err
		}
		defer os.Remove(tmp)
		src = tmp
	} else if ferr != nil {
		return "", 0, 0, ferr
	}
	old, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: DefaultTimeout})
	if err != nil {
		return "", 0, 0, fmt.Errorf("%w: bbolt cannot read %s: %v", ErrDamaged, path, err)
	}
	defer old.Close()
	dst := path + ".repaired"
	_ = os.Remove(dst)
	nw, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return "", 0, 0, err
	}
	err = nw.Update(func(wtx *bolt.Tx) error {
		return old.View(func(rtx *bolt.Tx) error {
			var names [][]byte
			if err := safely(func() error {
				return rtx.ForEach(func(name []byte, _ *bolt.Bucket) error {
					names = append(names, append([]byte(nil), name...))
					return nil
				})
			}); err != nil {
				// The root itself is lost: nothing can be reached from it.
				// Say so (one loss: the whole root), and let the repair go
				// on to a fresh file, the damaged one kept beside it.
				lost++
			}
			for _, name := range names {
				var src *bolt.Bucket
				if safely(func() error { src = rtx.Bucket(name); return nil }) != nil || src == nil {
					lost++
					continue
				}
				dst, err := wtx.CreateBucketIfNotExists(name)
				if err != nil {
					return err
				}
				c, l := copyBucket(src, dst)
				copied, lost = copied+c, lost+l
			}
			return nil
		})
	})
	if cerr := nw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return "", copied, lost, err
	}
	kept = fmt.Sprintf("%s.damaged-%s", path, time.Now().Format("20060102-150405"))
	if err := os.Rename(path, kept); err != nil {
		return "", copied, lost, err
	}
	if err := os.Rename(dst, path); err != nil {
		return kept, copied, lost, err
	}
	return kept, copied, lost, nil
}

// copyBucket copies what it can read of src into dst, nested buckets
// included; a damaged page loses the rest of its bucket, not the copy.
func copyBucket(src, dst *bolt.Bucket) (copied, lost int) {
	type kv struct{ k, v []byte }
	var items []kv
	var subs [][]byte
	if err := safely(func() error {
		return src.ForEach(func(k, v []byte) error {
			if v == nil {
				subs = append(subs, append([]byte(nil), k...))
			} else {
				items = append(items, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
			}
			return nil
		})
	}); err != nil {
		lost++
	}
	for _, it := range items {
		if dst.Put(it.k, it.v) == nil {
			copied++
		} else {
			lost++
		}
	}
	for _, name := range subs {
		var sb *bolt.Bucket
		if safely(func() error { sb = src.Bucket(name); return nil }) != nil || sb == nil {
			lost++
			continue
		}
		db, err := dst.CreateBucketIfNotExists(name)
		if err != nil {
			lost++
			continue
		}
		c, l := copyBucket(sb, db)
		copied, lost = copied+c, lost+l
	}
	return copied, lost
}

func padCopy(path string, size int64) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp("", "govaudit-repair-*.db")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(out.Name())
		return "", err
	}
	if err := out.Truncate(size); err != nil {
		out.Close()
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), out.Close()
}
