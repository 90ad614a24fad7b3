package filetype

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
)

// Real files, built here: the tests judge what a server would really send.

// pdfFile builds a valid one-page PDF with a cross-reference table and the
// %%EOF trailer; pad adds an unreferenced stream of that many bytes.
func pdfFile(pad int) []byte {
	content := "BT /F1 14 Tf 72 770 Td (Lanjiang Education Bureau) Tj ET\n"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content),
	}
	if pad > 0 {
		r := rand.New(rand.NewPCG(1, 2))
		b := make([]byte, pad)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		objects = append(objects, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", pad, b))
	}
	return AssemblePDF(objects, "")
}

// zipFile builds a zip of name/content pairs; stored entries keep big
// random content big.
func zipFile(t testing.TB, method uint16, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := z.CreateHeader(&zip.FileHeader{Name: e[0], Method: method})
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

func docxFile(t testing.TB) []byte {
	return zipFile(t, zip.Deflate,
		[2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		[2]string{"_rels/.rels", `<?xml version="1.0"?><Relationships/>`},
		[2]string{"word/document.xml", `<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>关于做好2026年政府信息公开工作的通知</w:t></w:r></w:p></w:body></w:document>`})
}

func xlsxFile(t testing.TB) []byte {
	return zipFile(t, zip.Deflate,
		[2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types/>`},
		[2]string{"xl/workbook.xml", `<?xml version="1.0"?><workbook/>`},
		[2]string{"xl/worksheets/sheet1.xml", `<?xml version="1.0"?><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>序号</t></is></c></row></sheetData></worksheet>`})
}

// randomText is n bytes that do not compress.
func randomText(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return string(b)
}

// oleHeader is the 512-byte header of an OLE2 compound file (a .doc).
func oleHeader() []byte {
	h := make([]byte, 512)
	copy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	binary.LittleEndian.PutUint16(h[24:], 0x3e)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xfffe)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	return append(h, bytes.Repeat([]byte{0xff}, 1024)...)
}

func pngFile(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 30))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const errorPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>系统提示</title></head>
<body><div class="msg">对不起，文件读取失败，请联系网站管理员。</div><a href="/">返回首页</a></body></html>`

// whole is a sample of a file read whole.
func whole(ext, ct string, b []byte) Sample {
	return Sample{Ext: ext, ContentType: ct, Length: int64(len(b)), Head: b, Complete: true}
}

// ranged is a sample of a file of which the first head and last tail
// bytes were fetched with range requests (tail 0: not fetched).
func ranged(ext, ct string, b []byte, head, tail int) Sample {
	s := Sample{Ext: ext, ContentType: ct, Length: int64(len(b)), Head: b[:min(head, len(b))]}
	if tail > 0 {
		s.Tail = b[len(b)-min(tail, len(b)):]
	}
	return s
}

func cut(b []byte, n int) []byte { return append([]byte(nil), b[:len(b)-n]...) }

func TestInspect(t *testing.T) {
	pdf := pdfFile(0)
	bigPDF := pdfFile(300 << 10)
	docx, xlsx := docxFile(t), xlsxFile(t)
	zipArchive := zipFile(t, zip.Deflate, [2]string{"名单.csv", "姓名,单位\n张三,澜江市第一中学\n"}, [2]string{"说明.txt", "数据更新时间：2026年5月20日。\n"})
	bigDocx := zipFile(t, zip.Store, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/media/image1.png", randomText(400<<10, 1)}, [2]string{"word/document.xml", "<w:document/>"})
	// A zip whose central directory is bigger than a ranged tail: many
	// entries with long names.
	var many [][2]string
	for i := range 1200 {
		many = append(many, [2]string{fmt.Sprintf("附件/%04d-%s.txt", i, strings.Repeat("长文件名", 6)), "x"})
	}
	manyZip := zipFile(t, zip.Store, append(many, [2]string{"big.bin", randomText(200<<10, 2)})...)

	// Corruptions.
	truncatedPDF := bigPDF[:len(bigPDF)*7/10]
	noCD := cut(xlsx, 60)                 // end of the central directory and the EOCD gone
	badCD := append([]byte(nil), docx...) // EOCD kept, the directory's first signature smashed
	cdOff := int(binary.LittleEndian.Uint32(badCD[len(badCD)-6:]))
	copy(badCD[cdOff:], "XXXX")
	outside := append([]byte(nil), docx...) // the directory would start before the file
	binary.LittleEndian.PutUint32(outside[len(outside)-10:], uint32(len(outside)+1000))
	bigNoCD := cut(bigDocx, 30)
	// A PDF with an early %%EOF (linearised first-page section) cut short.
	linearCut := append(append([]byte("%PDF-1.5\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), randomText(5000, 3)...), "4 0 obj\n<< /Length 9"...)
	officeHTMLxls := []byte(`<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table><tr><td>序号</td><td>学校</td></tr></table></body></html>`)
	tableXLS := []byte("<table border=1><tr><td>序号</td><td>姓名</td></tr></table>")
	pngBytes := pngFile(t)
	ole := oleHeader()
	gbkCSV := []byte("\xd0\xf2\xba\xc5,\xd0\xd5\xc3\xfb\r\n1,\xd5\xc5\xc8\xfd\r\n") // 序号,姓名 / 1,张三 in GBK

	cases := []struct {
		name string
		s    Sample
		want string // rule, "" for none
		in   string // a phrase the detail must contain
	}{
		// empty-file
		{"empty docx", whole("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", nil), EmptyFile, "0 字节"},
		{"empty by length", Sample{Ext: "pdf", Length: 0}, EmptyFile, "PDF"},
		{"one-byte txt is not empty", whole("txt", "text/plain", []byte("x")), "", ""},
		{"unknown length, nothing read", Sample{Ext: "pdf", Length: -1}, "", ""},

		// html-instead-of-file
		{"error page as pdf", whole("pdf", "text/html; charset=utf-8", []byte(errorPage)), HTMLInsteadOfFile, "无法作为 PDF 打开"},
		{"error page, octet-stream", whole(".DOCX", "application/octet-stream", []byte("\xef\xbb\xbf\r\n  "+errorPage)), HTMLInsteadOfFile, "Word 文档"},
		{"plain text as html for xlsx", whole("xlsx", "text/html", []byte("File not found")), HTMLInsteadOfFile, "网页"},
		{"html csv", whole("csv", "text/csv", []byte(errorPage)), HTMLInsteadOfFile, "CSV"},
		{"office html xls", whole("xls", "application/vnd.ms-excel", officeHTMLxls), "", ""},
		{"office html xls served as html", whole("xls", "text/html", officeHTMLxls), "", ""},
		{"html table xls", whole("xls", "application/octet-stream", tableXLS), "", ""},
		{"html table as xlsx", whole("xlsx", "application/octet-stream", tableXLS), HTMLInsteadOfFile, "Excel"},
		{"html head only, big file", ranged("pdf", "text/html", []byte(errorPage+strings.Repeat(" ", 100000)), 65536, 0), HTMLInsteadOfFile, "PDF"},

		// type-mismatch: content
		{"png as doc", whole("doc", "application/msword", pngBytes), TypeMismatch, "PNG 图片"},
		{"pdf as docx", whole("docx", "application/octet-stream", pdf), TypeMismatch, "PDF 文件"},
		{"docx as pdf", whole("pdf", "", docx), TypeMismatch, "ZIP"},
		{"text as pdf", whole("pdf", "application/pdf", []byte("Internal error")), TypeMismatch, "不是有效的 PDF"},
		{"binary as csv", whole("csv", "text/csv", append([]byte{0, 1, 2, 3}, pngBytes...)), TypeMismatch, "CSV"},
		{"rar as zip", whole("zip", "application/zip", []byte("Rar!\x1a\x07\x01\x00xxxxxxxx")), TypeMismatch, "RAR"},
		{"ole doc", whole("doc", "application/msword", ole), "", ""},
		{"ole wps", whole("wps", "application/kswps", ole), "", ""},
		{"ole docx (encrypted)", whole("docx", "application/octet-stream", ole), "", ""},
		{"docx renamed doc", whole("doc", "application/msword", docx), "", ""},
		{"rtf doc", whole("doc", "application/msword", []byte(`{\rtf1\ansi 通知}`)), "", ""},
		{"ofd", whole("ofd", "application/ofd", zipArchive), "", ""},
		{"7z", whole("7z", "application/x-7z-compressed", []byte("7z\xbc\xaf\x27\x1c\x00\x04rest")), "", ""},
		{"gbk csv", whole("csv", "application/vnd.ms-excel", gbkCSV), "", ""},
		{"utf-16 txt", whole("txt", "text/plain", []byte("\xff\xfe\x8f\x5e\xf7\x53")), "", ""},
		{"tsv xls", whole("xls", "application/vnd.ms-excel", []byte("序号\t姓名\r\n1\t张三\r\n")), "", ""},

		// type-mismatch: Content-Type
		{"pdf served as html", whole("pdf", "text/html", pdf), TypeMismatch, "text/html"},
		{"docx served as image", whole("docx", "image/png", docx), TypeMismatch, "image/png"},
		{"pdf served as text", whole("pdf", "text/plain; charset=utf-8", pdf), TypeMismatch, "text/plain"},
		{"pdf served as html, bad params", whole("pdf", "text/html;;charset", pdf), TypeMismatch, "类型为 text/html，"},
		{"docx served as pdf", whole("docx", "application/pdf", docx), TypeMismatch, "application/pdf"},
		{"pdf octet-stream", whole("pdf", "application/octet-stream", pdf), "", ""},
		{"pdf force-download", whole("pdf", "application/force-download", pdf), "", ""},
		{"pdf x-download", whole("pdf", "application/x-download;charset=UTF-8", pdf), "", ""},
		{"pdf no type", whole("pdf", "", pdf), "", ""},
		{"pdf unparsable type", whole("pdf", "application/pdf;;name=", pdf), "", ""},
		{"doc msword", whole("doc", "application/msword", ole), "", ""},
		{"wps msword", whole("wps", "application/msword", ole), "", ""},
		{"wps text/plain", whole("wps", "text/plain", ole), "", ""},
		{"xls vnd", whole("xls", "application/vnd.ms-excel", ole), "", ""},
		{"xlsx as zip", whole("xlsx", "application/zip", xlsx), "", ""},
		{"docx as wps-office", whole("docx", "application/wps-office.docx", docx), "", ""},
		{"odd type", whole("pdf", "application/x-something-else", pdf), "", ""},

		// pdf-truncated
		{"valid pdf", whole("pdf", "application/pdf", pdf), "", ""},
		{"truncated pdf whole", whole("pdf", "application/pdf", truncatedPDF), PDFTruncated, "%%EOF"},
		{"valid big pdf ranged", ranged("pdf", "application/pdf", bigPDF, 65536, PDFTail), "", ""},
		{"truncated pdf ranged", ranged("pdf", "application/pdf", truncatedPDF, 65536, PDFTail), PDFTruncated, "截断"},
		{"truncated pdf, big tail", ranged("pdf", "application/pdf", truncatedPDF, 65536, ZipTail), PDFTruncated, ""},
		{"truncated pdf, no tail", ranged("pdf", "application/pdf", truncatedPDF, 65536, 0), "", ""},
		{"truncated pdf, short tail", ranged("pdf", "application/pdf", truncatedPDF, 65536, 100), "", ""},
		{"truncated pdf, unknown length", Sample{Ext: "pdf", Length: -1, Head: truncatedPDF[:65536], Tail: truncatedPDF[len(truncatedPDF)-1024:]}, "", ""},
		{"linearised pdf cut", whole("pdf", "application/pdf", linearCut), PDFTruncated, ""},
		{"pdf with trailing newlines", whole("pdf", "application/pdf", append(append([]byte(nil), pdf...), "\r\n\r\n"...)), "", ""},
		{"pdf after junk", whole("pdf", "application/pdf", append([]byte("\r\n"), pdf...)), "", ""},
		{"pdf, unknown ext", whole("", "application/octet-stream", truncatedPDF), PDFTruncated, ""},

		// zip-corrupt
		{"valid docx", whole("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx), "", ""},
		{"valid xlsx", whole("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx), "", ""},
		{"valid zip", whole("zip", "application/zip", zipArchive), "", ""},
		{"empty zip archive", whole("zip", "application/zip", zipFile(t, zip.Deflate)), "", ""},
		{"xlsx without central directory", whole("xlsx", "application/octet-stream", noCD), ZipCorrupt, "找不到中央目录"},
		{"docx with smashed directory", whole("docx", "", badCD), ZipCorrupt, "中央目录无法读取"},
		{"docx directory outside", whole("docx", "", outside), ZipCorrupt, "Word 文档（ZIP 格式）"},
		{"zip truncated", whole("zip", "application/zip", cut(zipArchive, 10)), ZipCorrupt, "ZIP 压缩包结构损坏"},
		{"big docx ranged", ranged("docx", "", bigDocx, 65536, ZipTail), "", ""},
		{"big docx cut, ranged", ranged("docx", "", bigNoCD, 65536, ZipTail), ZipCorrupt, "找不到中央目录"},
		{"big docx cut, no tail", ranged("docx", "", bigNoCD, 65536, 0), "", ""},
		{"big docx cut, short tail", ranged("docx", "", bigNoCD, 65536, 1024), "", ""},
		{"directory bigger than tail", ranged("zip", "", manyZip, 65536, ZipTail), "", ""},
		{"directory bigger than tail, whole", whole("zip", "", manyZip), "", ""},
		{"zip, unknown ext", whole("", "", noCD), ZipCorrupt, "ZIP 压缩包"},
		{"zip with a comment", whole("zip", "", withComment(t, zipArchive, strings.Repeat("注", 3000))), "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, detail := Inspect(c.s)
			if got != c.want || !strings.Contains(detail, c.in) {
				t.Errorf("Inspect = %q, %q; want %q with %q", got, detail, c.want, c.in)
			}
			if (got == "") != (detail == "") {
				t.Errorf("rule %q with detail %q", got, detail)
			}
		})
	}
}

// withComment sets a zip's archive comment.
func withComment(t testing.TB, b []byte, comment string) []byte {
	t.Helper()
	out := append([]byte(nil), b...)
	binary.LittleEndian.PutUint16(out[len(out)-2:], uint16(len(comment)))
	out = append(out, comment...)
	if _, err := zip.NewReader(bytes.NewReader(out), int64(len(out))); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEveryRuleHitAndMiss: each rule has cases that hit it and cases that
// stay clear (the table above; this guards the table).
func TestEveryRuleHitAndMiss(t *testing.T) {
	pdf := pdfFile(0)
	docx := docxFile(t)
	for _, c := range []struct {
		rule      string
		hit, miss Sample
	}{
		{EmptyFile, whole("docx", "", nil), whole("docx", "", docx)},
		{HTMLInsteadOfFile, whole("pdf", "text/html", []byte(errorPage)), whole("pdf", "application/pdf", pdf)},
		{TypeMismatch, whole("pdf", "image/jpeg", pdf), whole("pdf", "application/pdf", pdf)},
		{PDFTruncated, whole("pdf", "application/pdf", pdf[:len(pdf)-8]), whole("pdf", "application/pdf", pdf)},
		{ZipCorrupt, whole("docx", "", docx[:len(docx)-22]), whole("docx", "", docx)},
	} {
		if got, _ := Inspect(c.hit); got != c.rule {
			t.Errorf("%s: hit case gives %q", c.rule, got)
		}
		if got, _ := Inspect(c.miss); got != "" {
			t.Errorf("%s: miss case gives %q", c.rule, got)
		}
	}
}

// TestZip64NotJudgedFromATail: a hostile server may state any length; a
// zip64 record in a tail must not make Inspect allocate by it.
func TestZip64NotJudgedFromATail(t *testing.T) {
	tail := make([]byte, ZipTail)
	// zip64 end record, locator, then an EOCD full of ones.
	rec := tail[len(tail)-22-20-56:]
	copy(rec, "PK\x06\x06")
	binary.LittleEndian.PutUint64(rec[24:], 1<<60) // records on this disk
	binary.LittleEndian.PutUint64(rec[32:], 1<<60) // records
	binary.LittleEndian.PutUint64(rec[40:], 1<<61) // size
	binary.LittleEndian.PutUint64(rec[48:], 0)     // offset
	loc := tail[len(tail)-22-20:]
	copy(loc, "PK\x06\x07")
	binary.LittleEndian.PutUint64(loc[8:], 1<<62-uint64(22+20+56))
	end := tail[len(tail)-22:]
	copy(end, "PK\x05\x06")
	for i := 8; i < 20; i++ {
		end[i] = 0xff
	}
	s := Sample{Ext: "zip", Length: 1 << 62, Head: []byte("PK\x03\x04rest of a local header"), Tail: tail}
	if got, detail := Inspect(s); got != "" {
		t.Errorf("Inspect = %q %q, want not judged", got, detail)
	}
}

func TestTailSize(t *testing.T) {
	for _, c := range []struct {
		head []byte
		want int
	}{
		{pdfFile(0)[:100], PDFTail},
		{docxFile(t)[:100], ZipTail},
		{oleHeader(), 0},
		{[]byte(errorPage), 0},
		{nil, 0},
	} {
		if got := TailSize(c.head); got != c.want {
			t.Errorf("TailSize(%q…) = %d, want %d", c.head[:min(len(c.head), 8)], got, c.want)
		}
	}
}

func TestSparseReadAt(t *testing.T) {
	r := &sparse{size: 20, head: []byte("0123"), tail: []byte("wxyz"), tailAt: 16}
	p := make([]byte, 20)
	n, err := r.ReadAt(p, 0)
	if n != 20 || err != nil || string(p) != "0123"+strings.Repeat("\x00", 12)+"wxyz" || !r.missing {
		t.Errorf("ReadAt(0) = %d %v %q missing %v", n, err, p, r.missing)
	}
	r.missing = false
	p = make([]byte, 8)
	n, err = r.ReadAt(p, 16)
	if n != 4 || err == nil || string(p[:4]) != "wxyz" || r.missing {
		t.Errorf("ReadAt(16) = %d %v %q missing %v", n, err, p, r.missing)
	}
	if _, err := r.ReadAt(p, 20); err == nil {
		t.Error("read past the end")
	}
	if _, err := r.ReadAt(p, -1); err == nil {
		t.Error("negative offset")
	}
}

func FuzzInspect(f *testing.F) {
	pdf := pdfFile(0)
	docx := docxFile(f)
	f.Add("pdf", "application/pdf", int64(len(pdf)), pdf, []byte(nil), true)
	f.Add("pdf", "text/html", int64(-1), []byte(errorPage), []byte(nil), false)
	f.Add("docx", "", int64(len(docx)), docx[:40], docx[len(docx)-100:], false)
	f.Add("xlsx", "application/zip", int64(len(docx)), docx, docx, false)
	f.Add("", "", int64(3), []byte("PK\x05\x06"), []byte("PK\x05\x06"), false)
	f.Add("doc", "application/msword;", int64(10), oleHeader(), []byte{}, true)
	f.Fuzz(func(t *testing.T, ext, ct string, length int64, head, tail []byte, complete bool) {
		s := Sample{Ext: ext, ContentType: ct, Length: length, Head: head, Tail: tail, Complete: complete}
		rule, detail := Inspect(s)
		if (rule == "") != (detail == "") {
			t.Errorf("rule %q with detail %q", rule, detail)
		}
		TailSize(head)
	})
}
