package filetext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDF text is read with PDFium (the PDF engine of Chromium) compiled to
// WebAssembly and run by wazero: no system library, no cgo, and a reader
// that can be stopped. Each PDF is read by instances of the module with
// their own memory (at most pdfMemory each), within PDFTimeout; an instance
// that overruns is killed (wazero aborts the running call), so one
// pathological file costs at most that much time and memory.
//
// A call that can be aborted costs wazero a goroutine (it watches for the
// abort), and reading a character's text, box, baseline and angle takes
// about ten calls: 27 ms for a page of 1,500 characters, 87 % of it in
// those goroutines; the parse itself runs 3.5 times slower than in a
// compilation that cannot be aborted. So a program that calls
// ServeIfWorker (govaudit does) reads PDFs in worker processes, with the
// fast compilation, killed at the budget (worker.go): 4 ms for that page.
// This process reads them with the abortable one only where no worker can
// be started (a test binary of a package that does not call it).
//
// Compiling the 6 MB module takes a few seconds (about 6 s here; 45 s
// under the race detector) and is done when the first PDF comes. The
// compiled code is cached in the user's cache directory
// (os.UserCacheDir()/govaudit/pdfium-wasm-…), so later loads take a
// fraction of a second; without a writable cache directory every load
// compiles. ClosePDF drops the engine after a run.

// PDF budget (variables for the tests).
var (
	// PDFTimeout bounds the reading of one PDF, from opening to the last
	// page read; a PDF that takes longer is abandoned (ErrPDFTimeout).
	PDFTimeout = 10 * time.Second
	// PDFMaxSize is the largest PDF read (ErrPDFTooLarge beyond).
	PDFMaxSize = 64 << 20
	// PDFMaxPages is how many pages are read at most.
	PDFMaxPages = 2000
)

const (
	pdfWorkers = 2                     // PDFs read at once
	pdfMemory  = 256 << 20             // memory of one reading instance
	pdfWait    = 10 * time.Minute      // longest wait for a free instance
	pdfKilled  = 5 * time.Second       // longest wait for a killed call to return
	wasmPage   = 64 << 10              // bytes in a WebAssembly memory page
	cacheName  = "pdfium-wasm-v1.21.5" // the module version: a new one compiles anew
)

// Errors of PDF: why a PDF's text was not read.
var (
	ErrPDFTimeout    = errors.New("PDF 解析超时")
	ErrPDFTooLarge   = errors.New("PDF 文件过大")
	ErrPDFEncrypted  = errors.New("PDF 已加密，需要密码才能打开")
	ErrPDFUnreadable = errors.New("PDF 无法解析")
	ErrPDFEngine     = errors.New("PDF 解析组件无法启动")
)

// PDF returns the text of a PDF, at most max bytes of it, laid out as the
// pages show it: one line of text per line of the page, words and table
// cells apart by as many spaces as the gap between them is wide (a column
// of a table stays at about the same position from line to line: a
// character of a CJK font takes two positions, a digit or a Latin letter
// one), pages separated by a form feed. A PDF with no text layer (a scan)
// gives "". ctx and PDFTimeout bound the time spent: a PDF abandoned at
// the limit gives the text of the pages read before it with the error
// (ErrPDFTimeout, or the context's).
func PDF(ctx context.Context, data []byte, max int) (string, error) {
	if max <= 0 {
		return "", nil
	}
	if len(data) > PDFMaxSize {
		return "", fmt.Errorf("%w（%d MiB，上限 %d MiB）", ErrPDFTooLarge, len(data)>>20, PDFMaxSize>>20)
	}
	if !mayHoldText(data) {
		return "", nil
	}
	if workersOK.Load() {
		text, err := pdfInWorker(ctx, data, max)
		if !errors.Is(err, errNoWorker) {
			return text, err
		}
		// No worker could be started (no executable to run): read here.
	}
	p, err := acquire()
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrPDFEngine, short(err))
	}
	defer release()
	wait, cancel := context.WithTimeout(ctx, pdfWait)
	inst, err := p.GetInstanceWithContext(wait)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("%w: %s", ErrPDFEngine, short(err))
	}

	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if v := recover(); v != nil {
				r = result{err: fmt.Errorf("%w: %v", ErrPDFUnreadable, v)}
			}
			done <- r
		}()
		r.text, r.err = readPDF(inst, data, max, nil)
	}()
	budget := time.NewTimer(PDFTimeout)
	defer budget.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			// A trap or an allocation failure may leave the module's
			// memory in any state: drop it rather than reuse it.
			inst.Kill()
		} else {
			inst.Close()
		}
		return r.text, r.err
	case <-budget.C:
		err = fmt.Errorf("%w（超过 %s，已放弃）", ErrPDFTimeout, PDFTimeout)
	case <-ctx.Done():
		err = ctx.Err()
	}
	// Abort the running call: its module is closed and dropped. The
	// pages read before it are kept.
	inst.Kill()
	select {
	case r := <-done:
		return r.text, err
	case <-time.After(pdfKilled):
		return "", err
	}
}

// mayHoldText reports whether a PDF may have a text layer. Text is drawn
// in a font, and a font is a dictionary of the page's resources named
// /Font: a file without that name in the clear — a scan, as so many
// attachments of government sites are — has no text, and is not given to
// the engine, which would parse its pages in WebAssembly to find none
// (about 0.3 ms for a 20 KB page, the biggest cost of a crawl). Names are
// read as PDF writes them (ISO 32000 7.3.5), #xx escapes decoded; a file
// with compressed object streams (/ObjStm, where the resources may hide)
// or encrypted (/Encrypt) is given to the engine, and so is one that does
// not end as a whole PDF does (startxref, %%EOF), so that a damaged file is
// still said to be unreadable.
func mayHoldText(data []byte) bool {
	tail := data[max(0, len(data)-1024):]
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(tail, []byte("startxref")) || !bytes.Contains(tail, []byte("%%EOF")) {
		return true
	}
	for i := 0; i < len(data); i++ {
		j := bytes.IndexByte(data[i:], '/')
		if j < 0 {
			return false
		}
		i += j + 1
		k := i
		for k < len(data) && !pdfDelimiter(data[k]) {
			k++
		}
		name := data[i:k]
		if bytes.IndexByte(name, '#') >= 0 {
			name = unescapeName(name)
		}
		switch string(name) {
		case "Font", "ObjStm", "Encrypt":
			return true
		}
		i = k - 1
	}
	return false
}

// pdfDelimiter is true for white space and the delimiters that end a name.
func pdfDelimiter(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// unescapeName decodes a name's #xx escapes ("F#6fnt" is "Font").
func unescapeName(name []byte) []byte {
	out := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		if name[i] == '#' && i+2 < len(name) {
			if v, err := strconv.ParseUint(string(name[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, name[i])
	}
	return out
}

// openPDF opens data in inst.
func openPDF(inst pdfium.Pdfium, data []byte) (*responses.OpenDocument, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		if errors.Is(err, pdferrors.ErrPassword) || errors.Is(err, pdferrors.ErrSecurity) {
			return nil, ErrPDFEncrypted
		}
		return nil, fmt.Errorf("%w: %s", ErrPDFUnreadable, short(err))
	}
	return doc, nil
}

// readPDF reads the pages of data with inst; onPage, if not nil, gets each
// page's text (with its separator) once laid out.
func readPDF(inst pdfium.Pdfium, data []byte, limit int, onPage func(string)) (string, error) {
	doc, err := openPDF(inst, data)
	if err != nil {
		return "", err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrPDFUnreadable, short(err))
	}
	direct := newDirectText(inst)
	if direct != nil {
		defer direct.close()
	}
	out := &buffer{max: limit}
	for i := 0; i < min(n.PageCount, PDFMaxPages) && !out.full(); i++ {
		glyphs, err := pageGlyphs(inst, direct, requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}})
		if err != nil {
			if out.b.Len() > 0 {
				break // the pages read so far
			}
			return "", fmt.Errorf("%w: %s", ErrPDFUnreadable, short(err))
		}
		before := out.b.Len()
		if i > 0 {
			out.newline()
			out.write("\f\n")
		}
		layout(glyphs, out)
		if onPage != nil {
			onPage(out.b.String()[before:])
		}
	}
	return out.String(), nil
}

// pageGlyphs reads the characters of a page: each with its loose box (the
// advance width by the font's ascent and descent, so that a comma's box
// stands on the line as a letter's does), baseline and angle. The spaces
// PDFium generates between words are dropped (layout spaces words by their
// positions); spaces the PDF draws are kept as space glyphs. direct, if
// not nil, reads the characters (see directText).
func pageGlyphs(inst pdfium.Pdfium, direct *directText, page requests.Page) ([]glyph, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	count, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, err
	}
	gs := make([]glyph, 0, count.Count)
	if direct != nil {
		if h, ok := direct.handle(tp.TextPage); ok {
			return direct.glyphs(h, count.Count, gs)
		}
	}
	for i := 0; i < count.Count; i++ {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return nil, err
		}
		r, ok := character(uint64(u.Unicode))
		if !ok {
			continue
		}
		if r == ' ' {
			gen, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp.TextPage, Index: i})
			if err != nil || gen.IsGenerated {
				continue
			}
		}
		box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return nil, err
		}
		g := boxed(r, box.Rect.Left, box.Rect.Top, box.Rect.Right, box.Rect.Bottom)
		if o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: i}); err == nil {
			g.base = o.Y
		}
		if a, err := inst.FPDFText_GetCharAngle(&requests.FPDFText_GetCharAngle{TextPage: tp.TextPage, Index: i}); err == nil && a.CharAngle > 0 {
			g.angle = float64(a.CharAngle)
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// character is the rune PDFium gives for a character, and whether it is
// one that pageGlyphs keeps (line breaks and nothing-characters are not).
func character(u uint64) (rune, bool) {
	r := rune(u)
	return r, !(r == 0 || r == '\r' || r == '\n' || u > unicode.MaxRune)
}

// boxed is the glyph of r in the box PDFium gives, its baseline at the
// box's bottom until the origin is known.
func boxed(r rune, left, top, right, bottom float32) glyph {
	g := glyph{r: r,
		x0: float64(min(left, right)), x1: float64(max(left, right)),
		y0: float64(min(top, bottom)), y1: float64(max(top, bottom))}
	g.base = g.y0
	return g
}

// short is the first line of a PDFium error (a WebAssembly trap carries
// its whole stack).
func short(err error) string {
	s := err.Error()
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

// engine is the PDFium pool: loaded when a PDF comes, dropped by ClosePDF
// once no PDF is being read.
var engine struct {
	mu      sync.Mutex
	pool    pdfium.Pool
	users   int   // PDFs being read
	closing bool  // ClosePDF was called while users > 0
	err     error // the pool could not be made: not tried again until ClosePDF
}

// acquire returns the pool, loading it if need be (compiling the module,
// or loading it from the cache), and counts a user until release.
func acquire() (pdfium.Pool, error) {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	if engine.err != nil {
		return nil, engine.err
	}
	if engine.pool == nil {
		p, err := newPool()
		if err != nil {
			engine.err = err
			return nil, err
		}
		engine.pool = p
	}
	engine.users++
	engine.closing = false
	return engine.pool, nil
}

func release() {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	engine.users--
	if engine.users == 0 && engine.closing {
		closePool()
	}
}

// ClosePDF drops the PDF engine — its compiled code and about 10 MB of
// heap — now, or when the PDFs being read are done. The next PDF loads it
// again: from the cache in a fraction of a second, else by compiling it.
// The driver calls it at the end of a run.
func ClosePDF() {
	closeWorkers()
	engine.mu.Lock()
	defer engine.mu.Unlock()
	if engine.users > 0 {
		engine.closing = true
		return
	}
	closePool()
}

// closePool closes the pool; call with engine.mu held.
func closePool() {
	if engine.pool != nil {
		engine.pool.Close()
		engine.pool = nil
	}
	engine.closing, engine.err = false, nil
}

// newPool compiles the abortable module (or loads it from the cache).
func newPool() (pdfium.Pool, error) { return newPoolOf(true) }

// newPoolOf compiles the module, its calls abortable or not (wazero keys
// its cache by that too).
func newPoolOf(abortable bool) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfigCompiler().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(abortable).
		WithMemoryLimitPages(pdfMemory / wasmPage)
	if dir := cacheDir(); dir != "" {
		if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(c)
		}
	}
	return webassembly.Init(webassembly.Config{
		MaxIdle: pdfWorkers, MaxTotal: pdfWorkers,
		// Reuse a worker for the next PDF rather than instantiate the
		// module anew for each (go-pdfium's default): a crawl reads
		// thousands. A worker whose call was abandoned is killed (Kill
		// invalidates it), never reused.
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // no file system: PDFium gets bytes
		Stdout:        io.Discard, Stderr: io.Discard,
	})
}

// cacheDir is where compiled code is kept; "" if there is no such place.
func cacheDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	dir := filepath.Join(base, "govaudit", cacheName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	return dir
}
