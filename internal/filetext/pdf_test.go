package filetext

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// pdfWriter writes small PDFs by hand, for the shapes no office program
// makes on demand: fonts without ToUnicode, pathological content.
type pdfWriter struct {
	b    bytes.Buffer
	offs []int
}

func (w *pdfWriter) obj(body string) int {
	if w.b.Len() == 0 {
		w.b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	}
	w.offs = append(w.offs, w.b.Len())
	n := len(w.offs)
	fmt.Fprintf(&w.b, "%d 0 obj\n%s\nendobj\n", n, body)
	return n
}

func (w *pdfWriter) stream(dict string, data []byte) int {
	return w.repeated(dict, data, 1)
}

// repeated writes a stream of data n times over, compressed.
func (w *pdfWriter) repeated(dict string, data []byte, n int) int {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	for range n {
		zw.Write(data)
	}
	zw.Close()
	return w.obj(fmt.Sprintf("<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", dict, z.Len(), z.Bytes()))
}

func (w *pdfWriter) finish(trailer string) []byte {
	x := w.b.Len()
	fmt.Fprintf(&w.b, "xref\n0 %d\n0000000000 65535 f \n", len(w.offs)+1)
	for _, o := range w.offs {
		fmt.Fprintf(&w.b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&w.b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(w.offs)+1, trailer, x)
	return w.b.Bytes()
}

// onePage starts a PDF of one page with font F1 (fontObj) and XObjects xobj.
func onePage(font, xobj string) *pdfWriter {
	w := &pdfWriter{}
	w.obj("<< /Type /Catalog /Pages 2 0 R >>")
	w.obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> " + xobj + " >> /Contents 5 0 R >>")
	w.obj(font)
	return w
}

// cjkPDF is a PDF as Java report servers write it (iText's STSong-Light):
// a CJK font not embedded, text in a predefined CMap (UniGB-UCS2-H,
// GBK-EUC-H) and no ToUnicode map, so the reader must know the CMap.
func cjkPDF(enc string, lines []string) []byte {
	w := onePage(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-%s /Encoding /%s /DescendantFonts [6 0 R] >>", enc, enc), "")
	var c strings.Builder
	c.WriteString("BT /F1 12 Tf 14 TL 72 770 Td\n")
	for _, l := range lines {
		var hex strings.Builder
		switch enc {
		case "UniGB-UCS2-H":
			for _, u := range utf16.Encode([]rune(l)) {
				fmt.Fprintf(&hex, "%04X", u)
			}
		case "GBK-EUC-H":
			b, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(l))
			fmt.Fprintf(&hex, "%X", b)
		}
		fmt.Fprintf(&c, "<%s> Tj T*\n", hex.String())
	}
	c.WriteString("ET\n")
	w.stream("", []byte(c.String()))
	w.obj("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>")
	w.obj("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	return w.finish("")
}

const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

// fanoutPDF draws a form that draws the next form twice, depth times: 2^depth
// strings to lay out from a file of a few kilobytes.
func fanoutPDF(depth int) []byte {
	w := onePage(helvetica, "/XObject << /X 6 0 R >>")
	w.stream("", []byte("/X Do\n"))
	for i := 0; i < depth; i++ {
		body, res := "/X Do /X Do\n", fmt.Sprintf("<< /XObject << /X %d 0 R >> >>", 7+i)
		if i == depth-1 {
			body, res = "BT /F1 12 Tf 72 700 Td (13812345678) Tj ET\n", "<< /Font << /F1 4 0 R >> >>"
		}
		w.stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources "+res, []byte(body))
	}
	return w.finish("")
}

// twoPagePDF's first page says text, its second is fanoutPDF's.
func twoPagePDF(text string, depth int) []byte {
	w := &pdfWriter{}
	w.obj("<< /Type /Catalog /Pages 2 0 R >>")
	w.obj("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>")
	w.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>")
	w.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 8 0 R >> >> /Contents 7 0 R >>")
	w.obj(helvetica)
	w.stream("", []byte("BT /F1 12 Tf 72 700 Td ("+text+") Tj ET\n"))
	w.stream("", []byte("/X Do\n"))
	for i := 0; i < depth; i++ {
		body, res := "/X Do /X Do\n", fmt.Sprintf("<< /XObject << /X %d 0 R >> >>", 9+i)
		if i == depth-1 {
			body, res = "BT /F1 12 Tf 72 700 Td (x) Tj ET\n", "<< /Font << /F1 5 0 R >> >>"
		}
		w.stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources "+res, []byte(body))
	}
	return w.finish("")
}

// bombPDF's page content is one stream of 1 MiB, drawn size/1 MiB times
// over (a page's Contents may list a stream many times): a content stream
// of size bytes from a file of a few kilobytes.
func bombPDF(size int) []byte {
	w := &pdfWriter{}
	w.obj("<< /Type /Catalog /Pages 2 0 R >>")
	w.obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	refs := strings.Repeat("5 0 R ", max(size>>20, 1))
	w.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [" + refs + "] >>")
	w.obj(helvetica)
	line := []byte("BT /F1 12 Tf 72 700 Td (13812345678 x) Tj ET\n")
	w.repeated("", line, (1<<20)/len(line))
	return w.finish("")
}

// nestedPDF's content holds arrays nested depth deep.
func nestedPDF(depth int) []byte {
	w := onePage(helvetica, "")
	w.stream("", []byte("BT /F1 12 Tf 72 700 Td (before) Tj "+strings.Repeat("[", depth)+strings.Repeat("]", depth)+" (after) Tj ET\n"))
	return w.finish("")
}

// cyclePDF has a page tree whose Kids hold itself and a form that draws
// itself.
func cyclePDF() []byte {
	w := &pdfWriter{}
	w.obj("<< /Type /Catalog /Pages 2 0 R >>")
	w.obj("<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>")
	w.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>")
	w.obj(helvetica)
	w.stream("", []byte("BT /F1 12 Tf 72 700 Td (page) Tj ET /X1 Do\n"))
	w.stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >>", []byte("BT /F1 12 Tf (form) Tj ET /X1 Do\n"))
	return w.finish("")
}

// encryptedPDF asks for a user password nobody knows.
func encryptedPDF() []byte {
	w := onePage(helvetica, "")
	w.stream("", []byte("BT /F1 12 Tf 72 700 Td (secret) Tj ET\n"))
	w.obj("<< /Filter /Standard /V 1 /R 2 /O <" + strings.Repeat("5A", 32) + "> /U <" + strings.Repeat("A5", 32) + "> /P -4 >>")
	return w.finish("/Encrypt 6 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A 公示名单 as LibreOffice exports it (testdata/mingdan.html): subset CFF
// fonts with ToUnicode maps; each table row comes out on one line, its
// cells apart, its numbers whole.
func TestPDFLibreOffice(t *testing.T) {
	text, err := Read("PDF", readFixture(t, "mingdan-libreoffice.pdf"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`(?m)^机密★1年$`,
		`澜江市 *2026 *年家庭经济困难学生资助名单公示`,
		`(?m)^ *1 +张三 +澜江市第一中学 +33010619900101123X +13812345678 +2000$`,
		`(?m)^ *2 +李四 +澜江市实验小学 +330102198506120044 +13987654321 +1500$`,
		`(?m)^ *3 +赵六 +澜江市职业学校 +110105491231002 +150-1234-5678 +1200$`,
		`监督电话：0570-87654321`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("no %s in\n%s", want, text)
		}
	}
}

// Fonts with predefined CMaps and no ToUnicode (iText's STSong-Light):
// PDFium knows the Adobe-GB1 CMaps.
func TestPDFPredefinedCMaps(t *testing.T) {
	lines := []string{"机密★1年", "张三 身份证号：33010619900101123X 手机：13812345678"}
	for _, enc := range []string{"UniGB-UCS2-H", "GBK-EUC-H"} {
		text, err := PDF(context.Background(), cjkPDF(enc, lines), 1<<20)
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		for _, l := range lines {
			want := strings.ReplaceAll(l, " ", "")
			if got := strings.ReplaceAll(text, " ", ""); !strings.Contains(got, want) {
				t.Errorf("%s: no %q in %q", enc, want, text)
			}
		}
		if !strings.Contains(text, "33010619900101123X") {
			t.Errorf("%s: the ID number is split: %q", enc, text)
		}
	}
}

// warm loads the engine.
func warm(t *testing.T) {
	t.Helper()
	if _, err := acquire(); err != nil {
		t.Fatal(err)
	}
	release()
}

// setPDFTimeout sets the budget for a test.
func setPDFTimeout(t *testing.T, d time.Duration) {
	old := PDFTimeout
	PDFTimeout = d
	t.Cleanup(func() { PDFTimeout = old })
}

// A PDF that takes too long is abandoned at the budget, and the next one
// reads as usual.
func TestPDFTimeout(t *testing.T) {
	warm(t) // compile first: not the file's time
	setPDFTimeout(t, time.Second)
	start := time.Now()
	text, err := PDF(context.Background(), fanoutPDF(40), 1<<20)
	took := time.Since(start)
	if !errors.Is(err, ErrPDFTimeout) {
		t.Errorf("err = %v (text %.80q), want ErrPDFTimeout", err, text)
	}
	if took > 5*time.Second {
		t.Errorf("abandoned after %v, budget 1s", took)
	}
	t.Logf("abandoned after %v: %v", took, err)
	if text, err := Read("pdf", readFixture(t, "mingdan-libreoffice.pdf"), 1<<20); err != nil || !strings.Contains(text, "13812345678") {
		t.Errorf("after a killed reader: %v %.80q", err, text)
	}
}

// A PDF abandoned at the budget gives the pages read before with the error.
func TestPDFTimeoutPartial(t *testing.T) {
	warm(t)
	setPDFTimeout(t, time.Second)
	text, err := Read("pdf", twoPagePDF("13812345678 on page one", 40), 1<<20)
	if !errors.Is(err, ErrPDFTimeout) || !strings.Contains(text, "13812345678 on page one") {
		t.Errorf("%q, %v; want page one and ErrPDFTimeout", text, err)
	}
}

// Cancelling the context abandons a PDF too.
func TestPDFCancelled(t *testing.T) {
	warm(t)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := PDF(ctx, fanoutPDF(40), 1<<20); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
}

// Pathological PDFs end within the budget, with an error or some text,
// never a hang or a crash; the text is bounded.
func TestPDFPathological(t *testing.T) {
	warm(t)
	setPDFTimeout(t, 3*time.Second)
	for name, data := range map[string][]byte{
		"content stream of 256 MiB": bombPDF(256 << 20),
		"page tree and form cycles": cyclePDF(),
		"arrays nested 1M deep":     nestedPDF(1 << 20),
		"no PDF":                    []byte("<html>404</html>"),
		"truncated":                 readFixture(t, "mingdan-libreoffice.pdf")[:20000],
		"empty":                     {},
	} {
		start := time.Now()
		text, err := PDF(context.Background(), data, 64<<10)
		took := time.Since(start)
		t.Logf("%s: %v, %d bytes of text, %v", name, took, len(text), err)
		if took > 8*time.Second {
			t.Errorf("%s: took %v, budget 3s", name, took)
		}
		if len(text) > 64<<10 {
			t.Errorf("%s: %d bytes of text, max 64 KiB", name, len(text))
		}
	}
	if _, err := PDF(context.Background(), []byte("%PDF-1.4\ngarbage"), 1<<20); !errors.Is(err, ErrPDFUnreadable) {
		t.Errorf("garbage: %v, want ErrPDFUnreadable", err)
	}
	if _, err := PDF(context.Background(), encryptedPDF(), 1<<20); !errors.Is(err, ErrPDFEncrypted) {
		t.Errorf("encrypted: %v, want ErrPDFEncrypted", err)
	}
	old := PDFMaxSize
	PDFMaxSize = 1000
	defer func() { PDFMaxSize = old }()
	if _, err := PDF(context.Background(), readFixture(t, "mingdan-libreoffice.pdf"), 1<<20); !errors.Is(err, ErrPDFTooLarge) {
		t.Errorf("too large: %v, want ErrPDFTooLarge", err)
	}
}

// The text is cut at max bytes, at a character boundary.
func TestPDFMax(t *testing.T) {
	text, err := PDF(context.Background(), readFixture(t, "mingdan-libreoffice.pdf"), 10)
	if err != nil || len(text) > 10 || !strings.HasPrefix("机密★1年", text) {
		t.Errorf("max 10: %q, %v", text, err)
	}
	if text, ok := Extract("pdf", readFixture(t, "mingdan-libreoffice.pdf"), 0); ok || text != "" {
		t.Errorf("max 0: %q, %v", text, ok)
	}
}

// Several PDFs read at once (the prober's workers call concurrently).
func TestPDFConcurrent(t *testing.T) {
	data := readFixture(t, "mingdan-libreoffice.pdf")
	errs := make(chan error, 6)
	for range 6 {
		go func() {
			text, err := PDF(context.Background(), data, 1<<20)
			if err == nil && !strings.Contains(text, "330102198506120044") {
				err = fmt.Errorf("text %q", text)
			}
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestLayout(t *testing.T) {
	// a 10-point CJK font: a character is 10 wide, a digit 5; positions
	// are 5 wide.
	row := func(base, x float64, s string, adv float64) []glyph {
		var gs []glyph
		for _, r := range s {
			w := adv
			if Width(r) == 1 {
				w = adv / 2
			}
			gs = append(gs, glyph{r: r, x0: x, x1: x + w, y0: base - 2, y1: base + 8, base: base})
			x += w
		}
		return gs
	}
	var gs []glyph
	gs = append(gs, row(700, 100, "姓名", 10)...)
	gs = append(gs, row(700, 200, "身份证号", 10)...)
	gs = append(gs, row(686, 100, "张三", 10)...)
	gs = append(gs, row(686, 200, "33010619900101123X", 10)...)
	gs = append(gs, row(686.5, 300, "13812345678", 10)...) // a cell a little lower
	bold := row(672, 100, "李四", 10)
	for _, g := range bold { // drawn twice, a little apart, for a bold look
		g.x0 += 0.3
		gs = append(gs, g)
	}
	gs = append(gs, bold...)
	seal := row(650, 100, "内部资料", 10)
	for i := range seal {
		seal[i].angle = 0.6
	}
	gs = append(gs, seal...)
	spaced := row(640, 100, "三、本年度", 10)
	for i := range spaced { // letter-spaced by half a character
		spaced[i].x0 += float64(i) * 5
		spaced[i].x1 += float64(i) * 5
	}
	gs = append(gs, spaced...)
	gs = append(gs, glyph{r: '页', x0: 9e6, x1: 9e6 + 10, y0: 20, y1: 30, base: 22}) // far off the page
	var out buffer
	out.max = 1 << 20
	layout(gs, &out)
	want := "姓名                身份证号\n" +
		"张三                33010619900101123X  13812345678\n" +
		"李四\n" +
		"三 、 本 年 度\n" +
		strings.Repeat(" ", maxPad) + "页\n" +
		"内部资料\n"
	if out.String() != want {
		t.Errorf("layout:\n%s\nwant:\n%s", out.String(), want)
	}
}

// testdata/slow-fanout.pdf, for the tests of other packages, is
// fanoutPDF(40).
func TestSlowFixture(t *testing.T) {
	if !bytes.Equal(readFixture(t, "slow-fanout.pdf"), fanoutPDF(40)) {
		t.Error("testdata/slow-fanout.pdf is not fanoutPDF(40): write it anew")
	}
}

// ClosePDF drops the engine, at once or when the PDFs being read are done;
// the next PDF loads it again.
func TestClosePDF(t *testing.T) {
	inProcess(t)
	data := readFixture(t, "mingdan-libreoffice.pdf")
	read := func() {
		if text, err := PDF(context.Background(), data, 1<<20); err != nil || !strings.Contains(text, "13812345678") {
			t.Errorf("%v %.40q", err, text)
		}
	}
	read()
	ClosePDF()
	if engine.pool != nil {
		t.Error("not closed")
	}
	read()
	setPDFTimeout(t, time.Second)
	done := make(chan struct{})
	go func() {
		PDF(context.Background(), fanoutPDF(40), 1<<20) // being read while ClosePDF is called
		close(done)
	}()
	for {
		engine.mu.Lock()
		users := engine.users
		engine.mu.Unlock()
		if users > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ClosePDF()
	engine.mu.Lock()
	open := engine.pool != nil
	engine.mu.Unlock()
	if !open {
		t.Error("closed while a PDF was being read")
	}
	<-done
	engine.mu.Lock()
	open = engine.pool != nil
	engine.mu.Unlock()
	if open {
		t.Error("not closed when the last PDF was done")
	}
	read()
}

// A letter repeated in a narrow font is two letters, not one drawn twice
// for a bold look: the second l of "Hello" in 12-point Helvetica stands
// 2.7 points after the first, less than 0.4 of a position (6.7 points).
func TestLayoutNarrowDoubles(t *testing.T) {
	widths := map[rune]float64{'H': 8.66, 'e': 6.67, 'l': 2.66, 'o': 6.67, ' ': 3.34, 'w': 8.66, 'r': 4, 'd': 6.67}
	var gs []glyph
	x := 72.0
	for _, r := range "Hello world" {
		gs = append(gs, glyph{r: r, x0: x, x1: x + widths[r], y0: 697, y1: 709, base: 700})
		x += widths[r]
	}
	var out buffer
	out.max = 1 << 20
	layout(gs, &out)
	if got := out.String(); got != "Hello world\n" {
		t.Errorf("layout = %q, want %q", got, "Hello world\n")
	}
}
