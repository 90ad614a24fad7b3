package checks

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// A SummaryCodec writes page summaries as bytes and reads them back, for a
// driver that keeps them out of memory until the whole-site checks run.
// Links are written as their numbers in the codec's LinkTable (which stays
// in memory: navigation repeats the same links on every page), and dates
// with their location, so a summary read back is equal, field for field
// and time.Location for time.Location, to the one written.
//
// A SummaryCodec is not safe for concurrent use while it writes; once the
// writing is over, any number of readers may decode.
type SummaryCodec struct {
	links *LinkTable
	locs  []*time.Location
}

// NewSummaryCodec returns a codec with an empty link table.
func NewSummaryCodec() *SummaryCodec { return &SummaryCodec{links: NewLinkTable()} }

// Links is the table the codec numbers links in.
func (c *SummaryCodec) Links() *LinkTable { return c.links }

// codecVersion starts every record: a record of another layout is refused,
// not misread.
const codecVersion = 1

// Append appends p's encoding to b and returns it. p's links are added to
// the codec's table.
func (c *SummaryCodec) Append(b []byte, p *PageSummary) []byte {
	w := writer{b: b, c: c}
	w.uint(codecVersion)
	w.str(p.URL)
	w.str(p.Title)
	w.int(int64(p.Depth))
	w.bool(p.Home)
	w.uint(uint64(p.LinkCount()))
	for l := range p.AllLinks() {
		id := c.links.id(l)
		w.uint(uint64(id))
	}
	w.time(p.Date)
	w.str(p.DateSource)
	w.str(p.ColumnName)
	w.links(p.Crumbs)
	w.items(p.Items)
	w.bool(p.Empty)
	w.strs(p.Pagination)
	w.strs(p.DocNos)
	w.uint(uint64(len(p.Lists)))
	for _, l := range p.Lists {
		w.items(l.Items)
		w.u64(l.Fingerprint)
		w.str(l.Heading)
		w.bool(l.Pager)
		w.bool(l.HeadingHit)
		w.bool(l.Side)
		w.str(l.Source)
		w.str(l.More)
	}
	w.int(int64(p.Own))
	w.uint(uint64(len(p.Blocks)))
	for _, fp := range p.Blocks {
		w.u64(fp)
	}
	w.str(p.NoItems)
	w.str(p.Script)
	w.int(int64(p.Records))
	w.bool(p.Search)
	return w.b
}

// errCorrupt says a record is not one Append wrote.
var errCorrupt = errors.New("页面摘要记录已损坏")

// Decode reads a summary Append wrote. Its links are in compact form
// (AllLinks reads them from the codec's table; Links is nil).
func (c *SummaryCodec) Decode(b []byte) (*PageSummary, error) {
	r := reader{b: b, c: c}
	if r.uint() != codecVersion {
		return nil, errCorrupt
	}
	p := &PageSummary{}
	p.URL = r.str()
	p.Title = r.str()
	p.Depth = int(r.int())
	p.Home = r.bool()
	if n := r.count(1); n > 0 {
		p.linkIDs = make([]uint32, n)
		for i := range p.linkIDs {
			id := r.uint()
			if id >= uint64(len(c.links.links)) {
				return nil, errCorrupt
			}
			p.linkIDs[i] = uint32(id)
		}
	}
	p.linkTab = c.links
	p.Date = r.time()
	p.DateSource = r.str()
	p.ColumnName = r.str()
	p.Crumbs = r.links()
	p.Items = r.items()
	p.Empty = r.bool()
	p.Pagination = r.strs()
	p.DocNos = r.strs()
	if n := r.count(8); n > 0 {
		p.Lists = make([]List, n)
		for i := range p.Lists {
			l := &p.Lists[i]
			l.Items = r.items()
			l.Fingerprint = r.u64()
			l.Heading = r.str()
			l.Pager = r.bool()
			l.HeadingHit = r.bool()
			l.Side = r.bool()
			l.Source = r.str()
			l.More = r.str()
		}
	}
	p.Own = int(r.int())
	if n := r.count(8); n > 0 {
		p.Blocks = make([]uint64, n)
		for i := range p.Blocks {
			p.Blocks[i] = r.u64()
		}
	}
	p.NoItems = r.str()
	p.Script = r.str()
	p.Records = int(r.int())
	p.Search = r.bool()
	if r.err != nil || len(r.b) != 0 {
		return nil, errCorrupt
	}
	return p, nil
}

type writer struct {
	b []byte
	c *SummaryCodec
}

func (w *writer) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) int(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *writer) u64(v uint64)  { w.b = binary.LittleEndian.AppendUint64(w.b, v) }

func (w *writer) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *writer) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

func (w *writer) strs(ss []string) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *writer) links(ls []Link) {
	w.uint(uint64(len(ls)))
	for _, l := range ls {
		w.str(l.URL)
		w.str(l.Text)
		w.uint(uint64(l.Kind))
	}
}

func (w *writer) items(its []Item) {
	w.uint(uint64(len(its)))
	for _, it := range its {
		w.str(it.URL)
		w.str(it.Title)
		w.time(it.Date)
	}
}

// time writes the zero time as one 0; any other as 1+index of its
// location in the codec's table, seconds and nanoseconds.
func (w *writer) time(t time.Time) {
	if t.IsZero() {
		w.uint(0)
		return
	}
	loc := t.Location()
	i := 0
	for i < len(w.c.locs) && w.c.locs[i] != loc {
		i++
	}
	if i == len(w.c.locs) {
		w.c.locs = append(w.c.locs, loc)
	}
	w.uint(uint64(i + 1))
	w.int(t.Unix())
	w.uint(uint64(t.Nanosecond()))
}

type reader struct {
	b   []byte
	c   *SummaryCodec
	err error
}

func (r *reader) fail() {
	r.err, r.b = errCorrupt, nil
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) u64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) bool() bool {
	if len(r.b) < 1 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

// count reads a length whose elements take at least min bytes each, and
// refuses one the rest of the record cannot hold.
func (r *reader) count(min int) int {
	n := r.uint()
	if n > uint64(len(r.b)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) str() string {
	n := r.count(1)
	if n == 0 {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) strs() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *reader) links() []Link {
	n := r.count(3)
	if n == 0 {
		return nil
	}
	out := make([]Link, n)
	for i := range out {
		out[i] = Link{URL: r.str(), Text: r.str()}
		k := r.uint()
		if k > math.MaxUint8 {
			r.fail()
		}
		out[i].Kind = LinkKind(k)
	}
	return out
}

func (r *reader) items() []Item {
	n := r.count(3)
	if n == 0 {
		return nil
	}
	out := make([]Item, n)
	for i := range out {
		out[i] = Item{URL: r.str(), Title: r.str(), Date: r.time()}
	}
	return out
}

func (r *reader) time() time.Time {
	i := r.uint()
	if i == 0 {
		return time.Time{}
	}
	if i > uint64(len(r.c.locs)) {
		r.fail()
		return time.Time{}
	}
	sec, nsec := r.int(), r.uint()
	if nsec >= 1e9 {
		r.fail()
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).In(r.c.locs[i-1])
}
