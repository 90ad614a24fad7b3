package demo

import (
	"encoding/binary"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
)

// Broken attachments (planted) and attachment traps. The planted files
// download but do not open; their answers are in behaviour.go, their bytes
// are built here at first use. All of them, the city portal's download
// script included, are linked from the teacher qualification notice,
// /xxgk/tzgg/202610/t20261015_5011940.html.

// attachmentDir is where the notice's attachments live.
const attachmentDir = mainHost + "/xxgk/tzgg/202610/"

// portalDownload is the city portal's download script: a page-like URL
// answered with Content-Disposition: attachment.
const portalDownload = "www.lanjiang.gov.cn/module/download/download.jsp"

// fileOnce serves the bytes build makes (once) as ctype, with Range support.
func fileOnce(ctype string, build func() []byte) answer {
	b := sync.OnceValue(build)
	return func(s *Site, w http.ResponseWriter, r *http.Request) {
		serveBytes(w, r, ctype, b())
	}
}

// systemMessagePage is what a CMS answers, with status 200, when the
// file behind an attachment link is gone: a web page, not the PDF. It
// names no 404, so only its bytes give it away.
func systemMessagePage(s *Site, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>系统提示</title></head>
<body><div class="msg"><h3>系统提示</h3><p>对不起，文件读取失败，请稍后再试或联系网站管理员。</p>
<p><a href="/">返回首页</a></p></div></body></html>
`))
}

// truncatedPDF is a 200 KB PDF cut off before its cross-reference table
// and %%EOF: an upload that did not finish.
func truncatedPDF() []byte {
	b := paddedPDF(200<<10, "Lanjiang Municipal Education Bureau", "Medical examination form and standards for teacher qualification")
	return b[:len(b)*9/10]
}

// cutXLSX is a workbook (with a 120 KB picture, stored) whose central
// directory was cut off.
func cutXLSX() []byte {
	b := xlsxWithPicture([][]string{
		{"序号", "材料名称", "份数", "备注"},
		{"1", "身份证原件及复印件", "1", "复印件A4纸"},
		{"2", "学历证书原件及复印件", "1", "国（境）外学历需提供认证"},
		{"3", "普通话水平测试等级证书", "1", ""},
	}, 120<<10)
	cd := int(binary.LittleEndian.Uint32(b[len(b)-6:])) // where the central directory starts
	return b[:cd+40]
}

// pngAsDoc is a PNG picture named .doc and served as application/msword.
func pngAsDoc() []byte { return pngImage(640, 480, 5) }

// corruptZip is the archive the portal's download script sends: its last
// bytes, central directory included, are missing.
func corruptZip() []byte {
	b := zipArchive([][2]string{
		{"2026年上半年教师资格认定合格人员名单.xlsx", string(xlsxDocument([][]string{
			{"序号", "姓名", "认定学段", "任教学科"},
			{"1", "陈晓燕", "小学", "数学"},
			{"2", "刘志强", "初级中学", "科学"},
		}))},
		{"说明.txt", "名单按申请时间排序。\r\n"},
	})
	return b[:len(b)-60]
}

// portalDownloadAnswer sends a zip as a download, the way download
// scripts do: a generic type, the file name in raw UTF-8.
func portalDownloadAnswer(s *Site, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Disposition", `attachment; filename="2026年上半年教师资格认定合格人员名单.zip"`)
	serveBytes(w, r, "application/octet-stream", portalZip())
}

var portalZip = sync.OnceValue(corruptZip)

// wholeFile serves the bytes build makes in one piece, whatever Range
// asks: a server without range support.
func wholeFile(ctype string, build func() []byte) answer {
	b := sync.OnceValue(build)
	return func(s *Site, w http.ResponseWriter, r *http.Request) {
		body := b()
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	}
}

// officesPDF is a valid 300 KB PDF, served by wholeFile (trap).
func officesPDF() []byte {
	return paddedPDF(300<<10, "Lanjiang Municipal Education Bureau", "Addresses of the teacher qualification offices")
}

// xlsxWithPicture is xlsxDocument plus a picture of size bytes (noise,
// which does not compress).
func xlsxWithPicture(rows [][]string, size int) []byte {
	r := rand.New(rand.NewPCG(2026, 1015))
	pic := make([]byte, size)
	for i := range pic {
		pic[i] = byte(r.UintN(256))
	}
	copy(pic, "\x89PNG\r\n\x1a\n")
	return zipArchive(append(xlsxEntries(rows), [2]string{"xl/media/image1.png", string(pic)}))
}

// repairedFile is a working file for a repaired attachment target of
// kind ext, or nil.
func repairedFile(ext string) []byte {
	switch ext {
	case ".docx":
		return docxDocument("教师资格认定申请表", "姓名：", "身份证号：", "申请资格种类：")
	case ".xlsx":
		return xlsxDocument([][]string{{"序号", "材料名称"}, {"1", "身份证原件及复印件"}})
	case ".zip", ".jsp":
		return zipArchive([][2]string{{"说明.txt", "名单已更新。\r\n"}})
	case ".doc":
		return oleDocument()
	}
	return nil
}

// oleDocument is an empty but well-formed OLE2 compound file (the
// container of .doc files): a header, one FAT sector, one directory
// sector holding the root entry.
func oleDocument() []byte {
	const free, endOfChain, fatSect = 0xffffffff, 0xfffffffe, 0xfffffffd
	b := make([]byte, 512*3)
	le := binary.LittleEndian
	copy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(b[24:], 0x3e)   // minor version
	le.PutUint16(b[26:], 3)      // major version 3: 512-byte sectors
	le.PutUint16(b[28:], 0xfffe) // little-endian
	le.PutUint16(b[30:], 9)      // sector shift
	le.PutUint16(b[32:], 6)      // mini sector shift
	le.PutUint32(b[44:], 1)      // FAT sectors
	le.PutUint32(b[48:], 1)      // first directory sector
	le.PutUint32(b[56:], 0x1000) // mini stream cutoff
	le.PutUint32(b[60:], endOfChain)
	le.PutUint32(b[68:], endOfChain)
	le.PutUint32(b[76:], 0) // DIFAT[0]: the FAT is sector 0
	for i := 80; i < 512; i += 4 {
		le.PutUint32(b[i:], free)
	}
	fat := b[512:1024]
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	for i := 8; i < 512; i += 4 {
		le.PutUint32(fat[i:], free)
	}
	dir := b[1024:]
	for i, c := range "Root Entry" {
		le.PutUint16(dir[2*i:], uint16(c))
	}
	le.PutUint16(dir[64:], 22) // name length, with the terminating NUL
	dir[66], dir[67] = 5, 1    // root storage, black
	for e := 0; e < 4; e++ {
		d := dir[128*e:]
		le.PutUint32(d[68:], free) // left sibling
		le.PutUint32(d[72:], free) // right sibling
		le.PutUint32(d[76:], free) // child
	}
	le.PutUint32(dir[116:], endOfChain) // root: no mini stream
	return b
}
