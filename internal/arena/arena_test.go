package arena

import (
	"hash/maphash"
	"reflect"
	"testing"
)

// TestArena: strings put in the arena come back equal, whatever their
// length (empty, across the end of a block, longer than a block) and
// however many were put after them.
func TestArena(t *testing.T) {
	var a Arena
	var want []string
	var refs []Ref
	// Lengths that end a block exactly, overflow it by one, and exceed
	// the own-block threshold, among ordinary ones.
	lengths := []int{0, 1, 60, Block - 61, 1, Block / 4, Block/4 + 1, Block + 5, 0, 17}
	for i := 0; i < 2000; i++ {
		lengths = append(lengths, (i*7919)%3000)
	}
	for i, n := range lengths {
		b := make([]byte, n)
		for j := range b {
			b[j] = byte('a' + (i+j)%26)
		}
		want = append(want, string(b))
		refs = append(refs, a.Put(string(b)))
	}
	for i, r := range refs {
		if got := a.Get(r); got != want[i] {
			t.Fatalf("string %d (length %d): got %d bytes, want it back unchanged", i, len(want[i]), len(got))
		}
	}
	if a.Blocks() < 40 {
		t.Errorf("%d blocks for ~3 MB of strings: the test did not cross blocks", a.Blocks())
	}
}

// TestIndex: strings get numbers in the order added, are found by them,
// and two strings of one hash keep their own numbers.
func TestIndex(t *testing.T) {
	x := NewIndex(&Arena{})
	words := []string{"http://a.gov.cn/", "http://a.gov.cn/a", "", "http://a.gov.cn/b"}
	for i, w := range words {
		if x.Find(w) != -1 {
			t.Fatalf("%q found before it was added", w)
		}
		if id := x.Add(w); id != int32(i) || x.Len() != i+1 {
			t.Fatalf("Add(%q) = %d (Len %d), want %d", w, id, x.Len(), i)
		}
	}
	for i, w := range words {
		if x.Find(w) != int32(i) || x.String(int32(i)) != w || x.Text.Get(x.Ref(int32(i))) != w {
			t.Errorf("%q: Find %d, String %q", w, x.Find(w), x.String(int32(i)))
		}
	}
	// A collision: c's hash is made to lead to a's number.
	a, c := "http://a.gov.cn/a", "http://a.gov.cn/c"
	x.ids[maphash.String(x.seed, c)] = x.Find(a)
	if x.Find(c) != -1 {
		t.Fatalf("c found through a's number before it was added")
	}
	idc := x.Add(c)
	if x.Find(c) != idc || x.Find(a) != 1 || idc == 1 || x.String(idc) != c {
		t.Errorf("after the collision: Find(a)=%d Find(c)=%d (added as %d)", x.Find(a), x.Find(c), idc)
	}
}

func TestPointer(t *testing.T) {
	//lint:ignore U1000 the fields are read by reflection
	type flat struct {
		a    int32
		b    [3]Ref
		c    bool
		m    [2]struct{ x float64 }
		keep uint64
	}
	//lint:ignore U1000 the fields are read by reflection
	type withString struct {
		a int
		s string
	}
	for _, c := range []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[flat](), ""},
		{reflect.TypeFor[map[uint64]int32](), ""},
		{reflect.TypeFor[withString](), "s.string"},
		{reflect.TypeFor[[2]withString](), "s.string"},
		{reflect.TypeFor[map[string]int32](), "key string"},
		{reflect.TypeFor[struct{ p *int }](), "p.ptr"},
		{reflect.TypeFor[struct{ s []byte }](), "s.slice"},
	} {
		if got := Pointer(c.typ); got != c.want {
			t.Errorf("Pointer(%s) = %q, want %q", c.typ, got, c.want)
		}
	}
}
