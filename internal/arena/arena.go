// Package arena keeps many small strings in a few large blocks, referred to
// by position. A table of Refs holds no pointer, so the garbage collector
// does not mark it again in every cycle: at 100,000 pages a run keeps some
// 250,000 distinct links and 400,000 probe verdicts, which as Go strings
// and pointers cost tens of milliseconds of marking per collection.
package arena

import (
	"hash/maphash"
	"reflect"
	"unsafe"
)

// Block is the size of a block; a string longer than a quarter of it gets
// a block of its own.
const Block = 64 << 10

// An Arena holds strings copied end to end into blocks that are never
// moved or freed while the Arena lives; a string it returns points into
// its block. The zero Arena is empty and ready. It is not safe for
// concurrent use.
type Arena struct {
	blocks [][]byte
}

// A Ref is a string's place in an Arena; the zero Ref is "".
type Ref struct {
	block, off, n uint32
}

// Len is the length of the string r refers to.
func (r Ref) Len() int { return int(r.n) }

// Put copies s into the arena.
func (a *Arena) Put(s string) Ref {
	if s == "" {
		return Ref{}
	}
	if len(s) > Block/4 {
		own := make([]byte, len(s)) // full: nothing is appended to it
		copy(own, s)
		a.blocks = append(a.blocks, own)
		return Ref{block: uint32(len(a.blocks) - 1), n: uint32(len(s))}
	}
	last := len(a.blocks) - 1
	if last < 0 || cap(a.blocks[last])-len(a.blocks[last]) < len(s) {
		a.blocks = append(a.blocks, make([]byte, 0, Block))
		last++
	}
	b := a.blocks[last]
	off := len(b)
	a.blocks[last] = append(b, s...) // within capacity: never moves
	return Ref{block: uint32(last), off: uint32(off), n: uint32(len(s))}
}

// Get returns the string r refers to. It stays valid, unchanged, as long
// as anything refers to it, even after the Arena is dropped.
func (a *Arena) Get(r Ref) string {
	if r.n == 0 {
		return ""
	}
	return unsafe.String(&a.blocks[r.block][r.off], r.n)
}

// Blocks is how many blocks the arena has.
func (a *Arena) Blocks() int { return len(a.blocks) }

// An Index numbers distinct strings (0, 1, 2, … in the order added), keeps
// them in an Arena, and finds them by a 64-bit hash: a map of integers,
// which the collector does not scan, where a map of strings would be marked
// string by string in every collection. Two strings of one hash are told
// apart by comparing them; the second goes to a small map of its own.
// An Index is not safe for concurrent use.
type Index struct {
	Text *Arena // where the strings are; set before the first Add
	seed maphash.Seed
	ids  map[uint64]int32 // hash → number of the first string of that hash
	more map[string]int32 // strings whose hash another string had first
	refs []Ref
}

// NewIndex returns an empty Index keeping its strings in text.
func NewIndex(text *Arena) *Index {
	return &Index{Text: text, seed: maphash.MakeSeed(), ids: map[uint64]int32{}}
}

// Len is how many strings the index holds.
func (x *Index) Len() int { return len(x.refs) }

// Find returns the number of s, or -1 if s was never added.
func (x *Index) Find(s string) int32 {
	id, ok := x.ids[maphash.String(x.seed, s)]
	if !ok {
		return -1
	}
	if x.Text.Get(x.refs[id]) == s {
		return id
	}
	if id, ok := x.more[s]; ok {
		return id
	}
	return -1
}

// Add copies s, which Find does not know, into the index and returns its
// number: Len before the call.
func (x *Index) Add(s string) int32 {
	id := int32(len(x.refs))
	ref := x.Text.Put(s)
	x.refs = append(x.refs, ref)
	h := maphash.String(x.seed, s)
	if _, taken := x.ids[h]; !taken {
		x.ids[h] = id
		return id
	}
	if x.more == nil {
		x.more = map[string]int32{}
	}
	x.more[x.Text.Get(ref)] = id // keyed by the copy, not the caller's string
	return id
}

// Ref is where string number id is in the Arena.
func (x *Index) Ref(id int32) Ref { return x.refs[id] }

// String is string number id.
func (x *Index) String(id int32) string { return x.Text.Get(x.refs[id]) }

// Pointer names a part of typ the collector would have to scan (a string,
// a pointer, a slice…), or is "" if there is none: for tests of tables
// meant to hold no pointer an element, as a change of one field could
// silently undo that.
func Pointer(typ reflect.Type) string {
	switch typ.Kind() {
	case reflect.Struct:
		for i := range typ.NumField() {
			if p := Pointer(typ.Field(i).Type); p != "" {
				return typ.Field(i).Name + "." + p
			}
		}
		return ""
	case reflect.Array:
		return Pointer(typ.Elem())
	case reflect.Map:
		if p := Pointer(typ.Key()); p != "" {
			return "key " + p
		}
		return Pointer(typ.Elem())
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return ""
	}
	return typ.Kind().String()
}
