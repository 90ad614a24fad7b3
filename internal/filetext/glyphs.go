package filetext

import (
	"context"
	"errors"
	"math"
	"reflect"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
)

// directText reads a text page's characters by calling PDFium's exports
// in the module itself. go-pdfium's per-character calls cost, for each
// character, 13 calls into the module and 6 Go allocations (an out
// parameter is a malloc, a memset and a free each, the character box a
// struct of its own): half the time of reading a page of plain text. Here
// a character is 4 calls and no allocation: one scratch buffer in the
// module's memory serves every character of the PDF.
//
// go-pdfium does not export the module nor a text page's handle in it, so
// they are found by reflection on its implementation, written for the
// version go.mod names. Where they cannot be found, newDirectText gives nil
// and pages are read through go-pdfium's calls. TestDirectTextMatchesPdfium
// holds both ways to the same glyphs, and fails if an upgrade of go-pdfium
// moves what this file finds.
type directText struct {
	// Found once in go-pdfium's implementation: its mutex's Lock and
	// Unlock, and its map of text pages to their handles.
	lock, unlock reflect.Value
	refs         reflect.Value
	ctx          context.Context
	mem          moduleMemory
	unicode      guestFunc
	gen          guestFunc
	box          guestFunc
	origin       guestFunc
	angle        guestFunc
	free         guestFunc
	scratch      uint64 // 32 bytes in the module's memory: a box, then an origin
	stack        [8]uint64
}

// guestFunc is an exported function of the module (wazero's api.Function
// has this method).
type guestFunc interface {
	CallWithStack(ctx context.Context, stack []uint64) error
}

// moduleMemory reads the module's memory (wazero's api.Memory).
type moduleMemory interface {
	ReadFloat32Le(offset uint32) (float32, bool)
	ReadFloat64Le(offset uint32) (float64, bool)
}

var errDirectText = errors.New("PDFium: could not read the character")

// newDirectText prepares direct reading in inst, or gives nil where inst
// is not go-pdfium's WebAssembly implementation as this file knows it.
func newDirectText(inst pdfium.Pdfium) (d *directText) {
	defer func() {
		if recover() != nil { // a layout this code does not know
			d = nil
		}
	}()
	impl := reflect.ValueOf(inst.GetImplementation())
	if impl.Kind() != reflect.Pointer || impl.Elem().Kind() != reflect.Struct {
		return nil
	}
	d = &directText{lock: impl.MethodByName("Lock"), unlock: impl.MethodByName("Unlock"),
		refs: impl.Elem().FieldByName("textPageRefs")}
	if !d.lock.IsValid() || !d.unlock.IsValid() || d.refs.Kind() != reflect.Map ||
		d.refs.Type().Key() != reflect.TypeFor[references.FPDF_TEXTPAGE]() {
		return nil
	}
	ctx, ok := impl.Elem().FieldByName("Context").Interface().(context.Context)
	if !ok {
		return nil
	}
	d.ctx = ctx
	module := impl.Elem().FieldByName("Module")
	if !module.IsValid() || module.IsNil() {
		return nil
	}
	mem, ok := module.MethodByName("Memory").Call(nil)[0].Interface().(moduleMemory)
	if !ok {
		return nil
	}
	d.mem = mem
	fn := impl.MethodByName("Fn")
	get := func(name string) guestFunc {
		f, _ := fn.Call([]reflect.Value{reflect.ValueOf(name)})[0].Interface().(guestFunc)
		return f
	}
	d.unicode, d.gen, d.box = get("FPDFText_GetUnicode"), get("FPDFText_IsGenerated"), get("FPDFText_GetLooseCharBox")
	d.origin, d.angle, d.free = get("FPDFText_GetCharOrigin"), get("FPDFText_GetCharAngle"), get("free")
	malloc := get("malloc")
	for _, f := range []guestFunc{d.unicode, d.gen, d.box, d.origin, d.angle, d.free, malloc} {
		if f == nil {
			return nil
		}
	}
	d.stack[0] = 32
	if malloc.CallWithStack(d.ctx, d.stack[:]) != nil || uint32(d.stack[0]) == 0 {
		return nil
	}
	d.scratch = uint64(uint32(d.stack[0]))
	return d
}

// close gives the scratch buffer back.
func (d *directText) close() {
	d.stack[0] = d.scratch
	d.free.CallWithStack(d.ctx, d.stack[:])
}

// handle is the text page's pointer in the module, read from go-pdfium's
// table of handles under the lock its own calls take.
func (d *directText) handle(tp references.FPDF_TEXTPAGE) (h uint64, ok bool) {
	defer func() {
		if recover() != nil {
			h, ok = 0, false
		}
	}()
	d.lock.Call(nil)
	defer d.unlock.Call(nil)
	v := d.refs.MapIndex(reflect.ValueOf(tp))
	if !v.IsValid() || v.IsNil() {
		return 0, false
	}
	p := v.Elem().FieldByName("handle")
	if p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Uint64 {
		return 0, false
	}
	return p.Elem().Uint(), true
}

// call calls f with args; its result is d.stack[0].
func (d *directText) call(f guestFunc, args ...uint64) error {
	copy(d.stack[:], args)
	return f.CallWithStack(d.ctx, d.stack[:])
}

// glyphs appends the characters of text page h (count of them) to gs, as
// pageGlyphs does with go-pdfium's calls.
func (d *directText) glyphs(h uint64, count int, gs []glyph) ([]glyph, error) {
	box, origin := uint32(d.scratch), uint32(d.scratch)+16
	for i := 0; i < count; i++ {
		idx := uint64(i)
		if err := d.call(d.unicode, h, idx); err != nil {
			return nil, err
		}
		r, ok := character(uint64(uint32(d.stack[0])))
		if !ok {
			continue
		}
		if r == ' ' {
			if err := d.call(d.gen, h, idx); err != nil || int32(d.stack[0]) != 0 {
				continue // generated (1), or not known (-1)
			}
		}
		if err := d.call(d.box, h, idx, uint64(box)); err != nil {
			return nil, err
		}
		if int32(d.stack[0]) == 0 {
			return nil, errDirectText
		}
		left, ok1 := d.mem.ReadFloat32Le(box)
		top, ok2 := d.mem.ReadFloat32Le(box + 4)
		right, ok3 := d.mem.ReadFloat32Le(box + 8)
		bottom, ok4 := d.mem.ReadFloat32Le(box + 12)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errDirectText
		}
		g := boxed(r, left, top, right, bottom)
		if err := d.call(d.origin, h, idx, uint64(origin), uint64(origin+8)); err == nil && int32(d.stack[0]) != 0 {
			if y, ok := d.mem.ReadFloat64Le(origin + 8); ok {
				g.base = y
			}
		}
		if err := d.call(d.angle, h, idx); err == nil {
			if a := math.Float32frombits(uint32(d.stack[0])); a > 0 {
				g.angle = float64(a)
			}
		}
		gs = append(gs, g)
	}
	return gs, nil
}
