package filetext

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

// An office document of a few hundred KB can nest millions of XML
// elements (the issue measured 1 GB per such xlsx). Nesting is bounded:
// the text before the deep part is read, the rest is not, and the error
// says so, at a bounded cost.
func TestNestedXMLIsBounded(t *testing.T) {
	const n = 8 << 20 // 8M nested elements, 16 MB of XML inflating from ~40 KB
	deep := strings.Repeat("<x>", n) + strings.Repeat("</x>", n)
	sheet := `<worksheet><sheetData><row><c t="inlineStr"><is><t>张三 330106199001011234</t></is></c></row>` + deep + `<row><c t="inlineStr"><is><t>之后</t></is></c></row></sheetData></worksheet>`
	xlsxData := zipOf(t, [2]string{"xl/worksheets/sheet1.xml", sheet})
	docxData := docx(t, `<w:p><w:r><w:t>名单如下</w:t></w:r></w:p>`+deep+`<w:p><w:r><w:t>之后</w:t></w:r></w:p>`)
	if len(xlsxData) > 200<<10 {
		t.Fatalf("fixture is %d bytes, want a small file", len(xlsxData))
	}
	for _, c := range []struct {
		ext  string
		data []byte
		want string
	}{{"xlsx", xlsxData, "张三 330106199001011234"}, {"docx", docxData, "名单如下"}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		text, err := Read(c.ext, c.data, 1<<20)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooDeep) {
			t.Errorf("%s: err = %v, want ErrTooDeep", c.ext, err)
		}
		if !strings.Contains(text, c.want) || strings.Contains(text, "之后") {
			t.Errorf("%s: text %q, want what precedes the deep part only", c.ext, text)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
			t.Errorf("%s: allocated %d MB reading it, want < 64 MB", c.ext, alloc>>20)
		}
	}
}

// At the bound, a document is read whole.
func TestNestingAtTheBoundIsRead(t *testing.T) {
	// document, body, and the p/r/t of the text: 5 levels around the run.
	for _, c := range []struct {
		extra int
		deep  bool
	}{{maxXMLDepth - 5, false}, {maxXMLDepth - 4, true}} {
		wrap := strings.Repeat("<w:sdt>", c.extra) + `<w:p><w:r><w:t>末尾</w:t></w:r></w:p>` + strings.Repeat("</w:sdt>", c.extra)
		text, err := Read("docx", docx(t, wrap), 1<<20)
		if got := errors.Is(err, ErrTooDeep); got != c.deep {
			t.Errorf("%d levels: ErrTooDeep %v, want %v (err %v)", c.extra+5, got, c.deep, err)
		}
		if got := strings.Contains(text, "末尾"); got == c.deep {
			t.Errorf("%d levels: text %q", c.extra+5, text)
		}
	}
}
