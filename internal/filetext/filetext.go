// Package filetext reads the text of text-bearing attachments — PDF, Word
// (docx), Excel (xlsx), PowerPoint (pptx), CSV and plain text — for the
// content checks: bytes in, text out. Only PDF reading does more than
// compute: it runs PDFium in WebAssembly (see pdf.go) and caches the
// compiled engine in the user's cache directory.
//
// The output is bounded: never more than max bytes of text, and never more
// than entryLimit uncompressed bytes read from one member of an OOXML
// package (totalLimit from all of them), so a zip bomb costs a bounded
// amount of work; a PDF is read within PDFTimeout and a fixed amount of
// memory. Binary Office formats (doc, xls, wps, et: OLE2) are not read:
// Extract says ok=false.
//
// Layout of the text: paragraphs (docx, pptx) on their own lines; spreadsheet
// cells separated by tabs and rows by newlines (xlsx, csv), sheets one after
// the other separated by a blank line; a PDF's lines as its pages show them,
// cells apart by spaces (see PDF), pages separated by a form feed.
package filetext

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Limits on the work done for one file (variables for the tests).
var (
	entryLimit int64 = 32 << 20  // uncompressed bytes read from one package member
	totalLimit int64 = 128 << 20 // uncompressed bytes read from one package
)

const maxMembers = 512 // sheets or slides read

// ErrNotRead is Read's error for a kind of file it does not read, for max
// <= 0, and for a file that is not what its kind says (a docx that is no
// ZIP, say).
var ErrNotRead = errors.New("filetext: no text read")

// Read returns the text of a file of kind ext ("pdf", "docx", "xlsx",
// "pptx", "csv", "txt"; a leading dot and upper case are accepted), at most
// max bytes of it (cut at a character boundary). The error is ErrNotRead,
// or for a PDF one of PDF's (ErrPDFTimeout, ErrPDFEncrypted, …); a PDF
// abandoned at the time limit gives the text of the pages read before it
// with ErrPDFTimeout. A truncated or partly corrupt file gives the text
// read before the damage.
func Read(ext string, data []byte, max int) (string, error) {
	kind := strings.TrimPrefix(strings.ToLower(ext), ".")
	if kind == "pdf" && max > 0 {
		return PDF(context.Background(), data, max)
	}
	if text, ok, err := extract(kind, data, max); ok {
		return text, err
	}
	return "", ErrNotRead
}

// ErrTooDeep is Read's error for an office document whose XML nests
// elements deeper than maxXMLDepth (no real document comes near; a hostile
// one nests millions): the text read before that point is returned.
var ErrTooDeep = errors.New("filetext: XML nested too deep; the rest of the document was not read")

// maxXMLDepth bounds element nesting in an office document's XML.
const maxXMLDepth = 1000

// Extract is Read with ok in place of the error.
func Extract(ext string, data []byte, max int) (text string, ok bool) {
	text, ok, _ = extract(ext, data, max)
	return text, ok
}

func extract(ext string, data []byte, max int) (text string, ok bool, err error) {
	if max <= 0 {
		return "", false, nil
	}
	out := &buffer{max: max}
	switch strings.TrimPrefix(strings.ToLower(ext), ".") {
	case "pdf":
		text, err := PDF(context.Background(), data, max)
		return text, err == nil, err
	case "docx", "docm", "dotx":
		ok = ooxml(data, out, func(name string) bool { return name == "word/document.xml" }, paragraphs)
	case "pptx", "pptm":
		ok = ooxml(data, out, isSlide, paragraphs)
	case "xlsx", "xlsm":
		ok = xlsx(data, out)
	case "csv":
		ok = csvText(head(data, max), out)
	case "txt", "text":
		out.write(decode(head(data, max)))
		ok = true
	default:
		return "", false, nil
	}
	if !ok {
		return "", false, nil
	}
	return out.String(), true, out.err
}

// buffer is a strings.Builder that stops at max bytes, cutting at a rune
// boundary.
type buffer struct {
	b   strings.Builder
	max int
	err error // why part of the file was not read (ErrTooDeep)
}

func (o *buffer) full() bool { return o.b.Len() >= o.max }

func (o *buffer) write(s string) {
	room := o.max - o.b.Len()
	if room <= 0 {
		return
	}
	if len(s) > room {
		cut := room
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
		o.max = o.b.Len() + len(s) // nothing more fits
	}
	o.b.WriteString(s)
}

func (o *buffer) String() string { return o.b.String() }

// last is the last byte written, 0 if none.
func (o *buffer) last() byte {
	if s := o.b.String(); s != "" {
		return s[len(s)-1]
	}
	return 0
}

// newline ends a line unless the text is empty or already ends one.
func (o *buffer) newline() {
	if l := o.last(); l != 0 && l != '\n' {
		o.write("\n")
	}
}

// sep writes a cell separator unless at the start of a line.
func (o *buffer) sep() {
	if l := o.last(); l != 0 && l != '\n' && l != '\t' {
		o.write("\t")
	}
}

// pkg is an opened OOXML package with a budget of uncompressed bytes.
type pkg struct {
	z      *zip.Reader
	budget int64
}

func openPkg(data []byte) (*pkg, bool) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	return &pkg{z: z, budget: totalLimit}, true
}

// open returns a reader of member f limited to entryLimit and what is left
// of the package's budget.
func (p *pkg) open(f *zip.File) (io.ReadCloser, error) {
	if p.budget <= 0 {
		return nil, errors.New("filetext: package budget spent")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	n := entryLimit
	if p.budget < n {
		n = p.budget
	}
	return &limited{r: io.LimitReader(rc, n), c: rc, p: p}, nil
}

type limited struct {
	r io.Reader
	c io.Closer
	p *pkg
}

func (l *limited) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	l.p.budget -= int64(n)
	return n, err
}

func (l *limited) Close() error { return l.c.Close() }

func (p *pkg) find(name string) *zip.File {
	for _, f := range p.z.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// members lists the package's members whose name pass keep, in natural
// order (sheet2 before sheet10).
func (p *pkg) members(keep func(string) bool) []*zip.File {
	var fs []*zip.File
	for _, f := range p.z.File {
		if keep(f.Name) {
			fs = append(fs, f)
		}
	}
	sort.SliceStable(fs, func(i, j int) bool { return naturalLess(fs[i].Name, fs[j].Name) })
	if len(fs) > maxMembers {
		fs = fs[:maxMembers]
	}
	return fs
}

// naturalLess orders names by their non-digit text and then by the value
// of their last number.
func naturalLess(a, b string) bool {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	if pa != pb {
		return pa < pb
	}
	return na < nb
}

func splitNumber(s string) (string, int) {
	end := strings.LastIndexAny(s, "0123456789")
	if end < 0 {
		return s, 0
	}
	start := end
	for start > 0 && s[start-1] >= '0' && s[start-1] <= '9' {
		start--
	}
	n, _ := strconv.Atoi(s[start : end+1])
	return s[:start] + "#" + s[end+1:], n
}

func isSlide(name string) bool {
	return strings.HasPrefix(name, "ppt/slides/slide") && strings.HasSuffix(name, ".xml")
}

func isSheet(name string) bool {
	return strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") && !strings.Contains(name[len("xl/worksheets/"):], "/")
}

// ooxml reads the members kept by keep with read. ok is false if data is
// no ZIP or holds no such member.
func ooxml(data []byte, out *buffer, keep func(string) bool, read func(io.Reader, *buffer)) bool {
	p, ok := openPkg(data)
	if !ok {
		return false
	}
	fs := p.members(keep)
	if len(fs) == 0 {
		return false
	}
	for _, f := range fs {
		if out.full() {
			break
		}
		rc, err := p.open(f)
		if err != nil {
			continue
		}
		read(rc, out)
		rc.Close()
		out.newline()
	}
	return true
}

// decoder reads XML tokens without keeping the stack of open elements
// (xml.Decoder.Token keeps one, and a document of a few hundred KB can
// nest millions of elements): names are used unresolved (t, not w:t), and
// nesting beyond maxXMLDepth ends the member with ErrTooDeep noted in out.
type decoder struct {
	d     *xml.Decoder
	depth int
	out   *buffer
}

func (d *decoder) Token() (xml.Token, error) {
	tok, err := d.d.RawToken()
	switch tok.(type) {
	case xml.StartElement:
		if d.depth++; d.depth > maxXMLDepth {
			if d.out != nil {
				d.out.err = ErrTooDeep
			}
			return nil, ErrTooDeep
		}
	case xml.EndElement:
		d.depth--
	}
	return tok, err
}

func newDecoder(r io.Reader, out *buffer) *decoder {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return input, nil
		}
		return nil, errors.New("filetext: unsupported XML encoding " + label)
	}
	return &decoder{d: d, out: out}
}

// paragraphs reads WordprocessingML or DrawingML text: the character data
// of t elements (w:t, a:t), a tab for tab elements, a newline for br/cr and
// at the end of every paragraph (p). In tables, cells are separated by tabs
// (their paragraphs by spaces) and rows end with a newline.
func paragraphs(r io.Reader, out *buffer) {
	d := newDecoder(r, out)
	inText, inCell := 0, 0
	for !out.full() {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText++
			case "tab":
				out.write("\t")
			case "br", "cr":
				out.write("\n")
			case "tc":
				inCell++
				out.sep()
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				if inText > 0 {
					inText--
				}
			case "p":
				if inCell > 0 {
					if l := out.last(); l != 0 && l != ' ' && l != '\t' && l != '\n' {
						out.write(" ")
					}
				} else {
					out.write("\n")
				}
			case "tc":
				if inCell > 0 {
					inCell--
				}
			case "tr":
				out.newline()
			}
		case xml.CharData:
			if inText > 0 {
				out.write(string(t))
			}
		}
	}
}

// xlsx reads the shared strings, then every worksheet: cell values (shared
// strings, inline strings, formula strings, numbers) separated by tabs, rows
// by newlines, sheets by a blank line. Numbers are written in full
// (3.30106199001011E+17 → 330106199001011000): an ID number stored as a
// number has lost its last digits already, but a mobile has not.
func xlsx(data []byte, out *buffer) bool {
	p, ok := openPkg(data)
	if !ok {
		return false
	}
	sheets := p.members(isSheet)
	if len(sheets) == 0 {
		return false
	}
	var shared []string
	if f := p.find("xl/sharedStrings.xml"); f != nil {
		if rc, err := p.open(f); err == nil {
			shared = sharedStrings(rc, out)
			rc.Close()
		}
	}
	for i, f := range sheets {
		if out.full() {
			break
		}
		rc, err := p.open(f)
		if err != nil {
			continue
		}
		if i > 0 {
			out.newline()
			out.write("\n")
		}
		sheet(rc, shared, out)
		rc.Close()
		out.newline()
	}
	return true
}

// sharedStrings reads the si items of sharedStrings.xml (their t runs, not
// the phonetic rPh ones).
func sharedStrings(r io.Reader, out *buffer) []string {
	d := newDecoder(r, out)
	var list []string
	var cur strings.Builder
	inSI, inT, inPh := false, false, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return list
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inPh++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				list = append(list, cur.String())
			case "t":
				inT = false
			case "rPh":
				inPh--
			}
		case xml.CharData:
			if inSI && inT && inPh == 0 {
				cur.Write(t)
			}
		}
	}
}

// sheet reads one worksheet's cells.
func sheet(r io.Reader, shared []string, out *buffer) {
	d := newDecoder(r, out)
	var typ string
	var val strings.Builder
	inV, inT, inCell := false, false, false
	for !out.full() {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				inCell = true
				typ = ""
				val.Reset()
				for _, a := range t.Attr {
					if a.Name.Local == "t" {
						typ = a.Value
					}
				}
			case "v":
				inV = true
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "t":
				inT = false
			case "c":
				inCell = false
				if s := cellText(typ, val.String(), shared); s != "" {
					out.sep()
					out.write(s)
				}
			case "row":
				out.newline()
			}
		case xml.CharData:
			if inCell && (inV || inT) && val.Len() < 1<<16 {
				val.Write(t)
			}
		}
	}
}

func cellText(typ, v string, shared []string) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		return shared[i]
	case "inlineStr", "str", "e":
		return v
	case "b":
		return map[string]string{"0": "FALSE", "1": "TRUE"}[strings.TrimSpace(v)]
	}
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, "eE") {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	return v
}

// head cuts a text file to what max bytes of UTF-8 text can come from (at
// most 4 bytes in for 1 out, for UTF-16 and with room to spare), at a line
// end so that no character is cut (which would defeat the UTF-8 test).
func head(data []byte, max int) []byte {
	limit := 4*max + 4
	if limit <= 0 || len(data) <= limit {
		return data
	}
	cut := data[:limit]
	if i := bytes.LastIndexByte(cut, '\n'); i > 0 {
		return cut[:i+1]
	}
	return cut
}

// decode turns text bytes into UTF-8: a BOM (UTF-8, UTF-16) decides; else
// valid UTF-8 stays; else it is read as GB18030 (a superset of GBK and
// GB2312, the usual encoding of Chinese CSV exports).
func decode(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err == nil {
			return string(b)
		}
	case utf8.Valid(data):
		return string(data)
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(b)
}

// csvText reads a CSV file (comma, semicolon or tab separated, sniffed from
// the first line) into tab-separated cells; a file that does not parse as
// CSV is given as its decoded text.
func csvText(data []byte, out *buffer) bool {
	text := decode(data)
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	first, _, _ := strings.Cut(text, "\n")
	switch {
	case strings.Count(first, "\t") > strings.Count(first, ","):
		r.Comma = '\t'
	case strings.Count(first, ";") > strings.Count(first, ","):
		r.Comma = ';'
	}
	var rows strings.Builder
	for rows.Len() < out.max {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			out.write(text)
			return true
		}
		for i, c := range rec {
			if i > 0 {
				rows.WriteByte('\t')
			}
			rows.WriteString(c)
		}
		rows.WriteByte('\n')
	}
	out.write(rows.String())
	return true
}
