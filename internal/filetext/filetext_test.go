package filetext

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func zipOf(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := z.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Deflate, Modified: time.Unix(0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func docx(t testing.TB, body string) []byte {
	return zipOf(t,
		[2]string{"[Content_Types].xml", `<Types/>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + w + `><w:body>` + body + `</w:body></w:document>`})
}

func TestDocx(t *testing.T) {
	body := `<w:p><w:r><w:t>澜江市2026年</w:t></w:r><w:r><w:t xml:space="preserve">低保名单</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>序号</w:t><w:tab/><w:t>姓名</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>张三</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>330106199001011234</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13812345678</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:t>A&amp;B</w:t><w:br/><w:t>完</w:t></w:r></w:p>`
	got, ok := Extract("DOCX", docx(t, body), 1<<20)
	want := "澜江市2026年低保名单\n序号\t姓名\n张三 \t330106199001011234 \n李四 \t13812345678 \nA&B\n完\n"
	if !ok || got != want {
		t.Fatalf("docx = %q, %v\nwant %q", got, ok, want)
	}
}

func TestXlsx(t *testing.T) {
	sheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>手机</t></is></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>13812345678</v></c><c r="D2"><v>3.30106199001011E+17</v></c><c r="E2" t="b"><v>1</v></c></row>` +
		`</sheetData></worksheet>`
	shared := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
		`<si><t>姓名</t></si><si><t>身份证号</t></si><si><r><t>王</t></r><r><t>五</t></r><rPh><t>ワン</t></rPh></si><si><t>33010619900101123X</t></si></sst>`
	data := zipOf(t,
		[2]string{"xl/workbook.xml", `<workbook/>`},
		[2]string{"xl/sharedStrings.xml", shared},
		[2]string{"xl/worksheets/sheet10.xml", sheet},
		[2]string{"xl/worksheets/sheet2.xml", `<worksheet><sheetData><row><c t="inlineStr"><is><t>第二页</t></is></c></row></sheetData></worksheet>`},
		[2]string{"xl/worksheets/_rels/sheet2.xml.rels", `<Relationships/>`})
	got, ok := Extract("xlsx", data, 1<<20)
	want := "第二页\n\n姓名\t身份证号\t手机\n王五\t33010619900101123X\t13812345678\t330106199001011000\tTRUE\n"
	if !ok || got != want {
		t.Fatalf("xlsx = %q, %v\nwant %q", got, ok, want)
	}
}

func TestPptx(t *testing.T) {
	data := zipOf(t, [2]string{"ppt/slides/slide1.xml", `<p:sld xmlns:a="a" xmlns:p="p"><p:txBody><a:p><a:r><a:t>内部资料</a:t></a:r></a:p><a:p><a:r><a:t>注意保密</a:t></a:r></a:p></p:txBody></p:sld>`})
	got, ok := Extract(".pptx", data, 100)
	if !ok || got != "内部资料\n注意保密\n" {
		t.Fatalf("pptx = %q, %v", got, ok)
	}
}

func TestCSVAndText(t *testing.T) {
	rows := "姓名,手机号码,备注\r\n张三,13812345678,\"低保, 一类\"\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := "姓名\t手机号码\t备注\n张三\t13812345678\t低保, 一类\n"
	for name, data := range map[string][]byte{
		"utf8": []byte(rows),
		"bom":  append([]byte{0xEF, 0xBB, 0xBF}, rows...),
		"gbk":  []byte(gbk),
	} {
		if got, ok := Extract("csv", data, 1<<20); !ok || got != want {
			t.Errorf("%s csv = %q, %v", name, got, ok)
		}
	}
	if got, ok := Extract("txt", []byte(gbk), 1<<20); !ok || got != rows {
		t.Errorf("gbk txt = %q, %v", got, ok)
	}
	// a broken quote: the text as it is
	if got, ok := Extract("csv", []byte("a,\"b\nc\"d\"e,f\n"), 1<<20); !ok || !strings.Contains(got, "b") {
		t.Errorf("broken csv = %q, %v", got, ok)
	}
}

func TestUnsupportedAndCorrupt(t *testing.T) {
	ole := []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 512))
	for _, tc := range []struct {
		ext  string
		data []byte
	}{
		{"wps", ole}, {"et", ole}, {"doc", ole}, {"xls", ole}, {"pdf", []byte("%PDF-1.4")},
		{"docx", []byte("<html>not a zip</html>")},
		{"xlsx", zipOf(t, [2]string{"word/document.xml", "<w:document/>"})},
	} {
		if got, ok := Extract(tc.ext, tc.data, 100); ok || got != "" {
			t.Errorf("%s: %q, %v; want not ok", tc.ext, got, ok)
		}
	}
	if _, ok := Extract("txt", []byte("x"), 0); ok {
		t.Error("max 0 accepted")
	}
	// truncated XML: the text before the damage
	got, ok := Extract("docx", docx(t, `<w:p><w:r><w:t>开头</w:t></w:r></w:p><w:p><w:r><w:t>未完`), 100)
	if !ok || !strings.HasPrefix(got, "开头\n") {
		t.Errorf("truncated docx = %q, %v", got, ok)
	}
}

func TestBounded(t *testing.T) {
	var body strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&body, `<w:p><w:r><w:t>第%d段：澜江市教育局</w:t></w:r></w:p>`, i)
	}
	for _, max := range []int{1, 2, 3, 4, 5, 10, 101, 4096} {
		got, ok := Extract("docx", docx(t, body.String()), max)
		if !ok || len(got) > max || !utf8Valid(got) {
			t.Errorf("max %d: %d bytes, ok %v, valid %v", max, len(got), ok, utf8Valid(got))
		}
		txt, _ := Extract("txt", []byte(strings.Repeat("澜江", 1000)), max)
		if len(txt) > max || !utf8Valid(txt) {
			t.Errorf("txt max %d: %d bytes", max, len(txt))
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

// TestZipBomb: a member that inflates to 1 GiB is read only up to
// entryLimit, quickly, and what was read is still text.
func TestZipBomb(t *testing.T) {
	defer func(e, t int64) { entryLimit, totalLimit = e, t }(entryLimit, totalLimit)
	entryLimit, totalLimit = 1<<20, 4<<20
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	f, err := z.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(`<w:document ` + w + `><w:body><w:p><w:r><w:t>开头</w:t></w:r></w:p>`))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < 8; i++ { // 8 MiB of blanks, no text
		f.Write(chunk)
	}
	f.Write([]byte(`<w:p><w:r><w:t>结尾</w:t></w:r></w:p></w:body></w:document>`))
	z.Close()
	if b.Len() > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", b.Len())
	}
	start := time.Now()
	got, ok := Extract("docx", b.Bytes(), 1<<20)
	if !ok || got != "开头\n" {
		t.Fatalf("bomb: %q, ok %v (the end lies beyond entryLimit)", got, ok)
	}
	// the same bomb as shared strings and many sheets: the package budget
	var sheets [][2]string
	sheets = append(sheets, [2]string{"xl/sharedStrings.xml", "<sst><si><t>" + strings.Repeat("x", 2<<20) + "</t></si></sst>"})
	for i := 0; i < 6; i++ {
		sheets = append(sheets, [2]string{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), "<worksheet><sheetData><row><c><v>" + strings.Repeat("1", 3<<19)})
	}
	if _, ok := Extract("xlsx", zipOf(t, sheets...), 1<<20); !ok {
		t.Fatal("xlsx bomb not read")
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("bombs took %v", d)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("docx", docx(f, `<w:p><w:r><w:t>张三 330106199001011234</w:t></w:r></w:p>`), 64)
	f.Add("xlsx", zipOf(f, [2]string{"xl/sharedStrings.xml", "<sst><si><t>a</t></si></sst>"}, [2]string{"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row><c t="s"><v>0</v></c><c><v>1E+17</v></c></row></sheetData></worksheet>`}), 64)
	f.Add("csv", []byte("a,b\n\"c\",d\n"), 10)
	f.Add("txt", []byte("\xff\xfea\x00"), 3)
	f.Fuzz(func(t *testing.T, ext string, data []byte, max int) {
		if max > 1<<16 {
			max = 1 << 16
		}
		got, ok := Extract(ext, data, max)
		if len(got) > max && max >= 0 {
			t.Fatalf("%d bytes > max %d", len(got), max)
		}
		if !ok && got != "" {
			t.Fatal("text without ok")
		}
		if ok && !utf8Valid(got) && !utf8Valid(string(data)) {
			return // invalid input may pass through as replacement-free bytes in XML char data
		}
	})
}
