package filetext

import (
	"govaudit/internal/filetype"
	"reflect"
	"testing"

	"github.com/klippa-app/go-pdfium/requests"
)

// shapesPDF draws what each branch of the character loop meets: spaces
// the PDF draws, words apart on a line (PDFium generates a space between
// them), a line break, text turned by a seal's angle and a superscript
// raised off the baseline.
func shapesPDF() []byte {
	w := onePage(helvetica, "")
	w.stream("", []byte("BT /F1 12 Tf 72 700 Td (Name and number) Tj 150 0 Td (Value) Tj ET\n"+
		"BT /F1 12 Tf 72 680 Td (x) Tj 4 Ts (2) Tj ET\n"+
		"BT /F1 12 Tf 0.8 0.6 -0.6 0.8 300 400 Tm (Sealed) Tj ET\n"))
	return w.finish("")
}

// TestDirectTextMatchesPdfium reads every page of PDFs of each shape both
// ways — go-pdfium's calls and directText's — and wants the same glyphs,
// field by field. It fails too if the direct way cannot be set up with
// the go-pdfium that go.mod names (its implementation changed: see
// directText), and if the fixtures stop covering a branch.
func TestDirectTextMatchesPdfium(t *testing.T) {
	inst := testInstance(t)
	direct := newDirectText(inst)
	if direct == nil {
		t.Fatal("directText cannot find go-pdfium's module or functions: update glyphs.go for this go-pdfium")
	}
	defer direct.close()

	fixtures := map[string][]byte{
		"shapes":       shapesPDF(),
		"lines":        filetype.LinesPDF([]string{"Line 01 of the notice: the text layer.", "Line 02, 13812345678."}),
		"cjk UCS2":     cjkPDF("UniGB-UCS2-H", []string{"姓名  身份证号", "张三  33010619900101123X"}),
		"cjk GBK":      cjkPDF("GBK-EUC-H", []string{"二〇二五年政府信息公开工作年度报告"}),
		"two pages":    twoPagePDF("13812345678 on page one", 3),
		"libreoffice":  readFixture(t, "mingdan-libreoffice.pdf"),
		"fanout forms": fanoutPDF(4),
	}
	var drawnSpace, generated, turned, raised, cjk bool
	for name, data := range fixtures {
		doc, err := openPDF(inst, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
		if err != nil {
			t.Fatal(err)
		}
		for i := range n.PageCount {
			page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
			want, err := pageGlyphs(inst, nil, page)
			if err != nil {
				t.Fatalf("%s page %d, go-pdfium: %v", name, i, err)
			}
			got, err := pageGlyphs(inst, direct, page)
			if err != nil {
				t.Fatalf("%s page %d, direct: %v", name, i, err)
			}
			if len(want) == 0 {
				t.Fatalf("%s page %d: no glyphs", name, i)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s page %d: direct glyphs differ:\n got %v\nwant %v", name, i, got, want)
			}
			tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := direct.handle(tp.TextPage); !ok {
				t.Errorf("%s page %d: the text page's handle is not found: update glyphs.go for this go-pdfium", name, i)
			}
			count, _ := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
			for j := range count.Count {
				u, _ := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: j})
				g, _ := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp.TextPage, Index: j})
				generated = generated || u.Unicode == ' ' && g.IsGenerated
			}
			inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
			for _, g := range want {
				drawnSpace = drawnSpace || g.r == ' '
				turned = turned || g.angle > 0
				raised = raised || g.r == '2' && name == "shapes" && g.base > 680
				cjk = cjk || Width(g.r) == 2
			}
		}
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	}
	for what, ok := range map[string]bool{"a drawn space": drawnSpace, "a generated space": generated,
		"turned text": turned, "a raised baseline": raised, "CJK text": cjk} {
		if !ok {
			t.Errorf("no fixture has %s", what)
		}
	}
}

// BenchmarkPageGlyphs reads the glyphs of a page of 1,500 Latin
// characters, by go-pdfium's calls and directly.
func BenchmarkPageGlyphs(b *testing.B) {
	inst := testInstance(b)
	page := textPage(b, inst)
	direct := newDirectText(inst)
	defer direct.close()
	for _, way := range []struct {
		name   string
		direct *directText
	}{{"go-pdfium", nil}, {"direct", direct}} {
		b.Run(way.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := pageGlyphs(inst, way.direct, page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
