package filetype

import (
	"bytes"
	"mime"
	"strings"
)

// format is what a file's first bytes show it to be.
type format uint8

const (
	fUnknown format = iota // binary, not recognised
	fText                  // text of no known format
	fHTML
	fPDF
	fOLE // OLE2 compound file: Office 97–2003, WPS, encrypted OOXML
	fZip
	fRAR
	f7z
	fRTF
	fPNG
	fJPEG
	fGIF
	fGzip
)

func (f format) String() string {
	return [...]string{
		fUnknown: "未知格式的数据", fText: "纯文本", fHTML: "网页", fPDF: "PDF 文件",
		fOLE: "Office 97-2003 格式文件", fZip: "ZIP 格式文件", fRAR: "RAR 压缩包", f7z: "7z 压缩包",
		fRTF: "RTF 文档", fPNG: "PNG 图片", fJPEG: "JPEG 图片", fGIF: "GIF 图片", fGzip: "GZIP 压缩数据",
	}[f]
}

var magics = []struct {
	prefix string
	f      format
}{
	{"%PDF-", fPDF},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", fOLE},
	{"PK\x03\x04", fZip},
	{"PK\x05\x06", fZip}, // an empty archive
	{"PK\x07\x08", fZip}, // a spanned archive's marker
	{"Rar!\x1a\x07", fRAR},
	{"7z\xbc\xaf\x27\x1c", f7z},
	{"{\\rtf", fRTF},
	{"\x89PNG\r\n\x1a\n", fPNG},
	{"\xff\xd8\xff", fJPEG},
	{"GIF87a", fGIF},
	{"GIF89a", fGIF},
	{"\x1f\x8b\x08", fGzip},
}

// htmlTags open an HTML document (after http.DetectContentType's list):
// each must be followed by a space or '>'.
var htmlTags = []string{"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
	"<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--", "<meta", "<form", "<center"}

// sniff says what head is.
func sniff(head []byte) format {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.f
		}
	}
	if looksHTML(head) {
		return fHTML
	}
	// Readers accept a PDF header anywhere in the first 1 KiB.
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		return fPDF
	}
	if looksText(head) {
		return fText
	}
	return fUnknown
}

func looksHTML(head []byte) bool {
	b := head[:min(len(head), 1024)]
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	lower := bytes.ToLower(b)
	if bytes.HasPrefix(lower, []byte("<?xml")) {
		return bytes.Contains(lower, []byte("<html"))
	}
	for _, tag := range htmlTags {
		if bytes.HasPrefix(lower, []byte(tag)) && len(lower) > len(tag) {
			if c := lower[len(tag)]; c == ' ' || c == '>' || c == '\t' || c == '\r' || c == '\n' || tag == "<!--" {
				return true
			}
		}
	}
	return false
}

// looksText: a UTF-16 byte-order mark, or no NUL and few control bytes
// (GBK and UTF-8 text alike).
func looksText(head []byte) bool {
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return true
	}
	b := head[:min(len(head), 8192)]
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b:
			ctrl++
		}
	}
	return ctrl*20 < len(b)
}

// isOfficeHTML: Word or Excel saved as a web page, or (for .xls/.et) an
// HTML table exported as a spreadsheet.
func isOfficeHTML(head []byte, ext string) bool {
	lower := bytes.ToLower(head)
	if bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office")) {
		return true
	}
	return (ext == "xls" || ext == "et") && bytes.Contains(lower, []byte("<table"))
}

// A kind is what an extension promises.
type kind struct {
	name       string          // Chinese, for details: "PDF", "Word 文档"
	formats    []format        // what its bytes may be; nil: any text
	types      map[string]bool // Content-Type families it may be served as
	officeHTML bool            // Word/Excel HTML is acceptable
	alsoText   bool            // plain text is acceptable too (.xls exported as TSV)
}

func (k kind) accepts(f format) bool {
	if k.formats == nil {
		return f == fText
	}
	if k.alsoText && f == fText {
		return true
	}
	for _, g := range k.formats {
		if g == f {
			return true
		}
	}
	return false
}

func (k kind) servedAs(family string) bool { return k.types[family] }

func set(families ...string) map[string]bool {
	m := make(map[string]bool, len(families))
	for _, f := range families {
		m[f] = true
	}
	return m
}

// kinds maps an extension (lower case, no dot) to what it promises. The
// Content-Type families are lenient: Chinese servers label Office files in
// many ways; only a type of another family (text/html, image/*, another
// document type) contradicts the extension.
var kinds = map[string]kind{
	"pdf":  {name: "PDF", formats: []format{fPDF}, types: set("pdf")},
	"doc":  {name: "Word 文档", formats: []format{fOLE, fZip, fRTF}, types: set("office", "zip", "rtf"), officeHTML: true},
	"xls":  {name: "Excel 表格", formats: []format{fOLE, fZip}, types: set("office", "zip", "csv"), officeHTML: true, alsoText: true},
	"ppt":  {name: "PowerPoint 演示文稿", formats: []format{fOLE, fZip}, types: set("office", "zip")},
	"docx": {name: "Word 文档", formats: []format{fZip, fOLE}, types: set("office", "zip")},
	"xlsx": {name: "Excel 表格", formats: []format{fZip, fOLE}, types: set("office", "zip")},
	"pptx": {name: "PowerPoint 演示文稿", formats: []format{fZip, fOLE}, types: set("office", "zip")},
	"wps":  {name: "WPS 文字文档", formats: []format{fOLE, fZip}, types: set("office", "zip", "plain")},
	"et":   {name: "WPS 表格", formats: []format{fOLE, fZip}, types: set("office", "zip", "plain"), officeHTML: true},
	"dps":  {name: "WPS 演示文稿", formats: []format{fOLE, fZip}, types: set("office", "zip", "plain")},
	"rtf":  {name: "RTF 文档", formats: []format{fRTF}, types: set("rtf", "office", "plain")},
	"ofd":  {name: "OFD 版式文件", formats: []format{fZip}, types: set("ofd", "zip", "plain")},
	"zip":  {name: "ZIP 压缩包", formats: []format{fZip}, types: set("zip", "archive")},
	"rar":  {name: "RAR 压缩包", formats: []format{fRAR}, types: set("archive", "zip", "plain")},
	"7z":   {name: "7z 压缩包", formats: []format{f7z}, types: set("archive", "zip", "plain")},
	"txt":  {name: "文本文件", types: set("plain", "csv", "text")},
	"csv":  {name: "CSV 表格", types: set("plain", "csv", "text", "office")},
}

// lenientTypes say nothing about the content: download scripts send them
// for every file.
var lenientTypes = set("", "application/octet-stream", "binary/octet-stream", "application/force-download",
	"application/x-download", "application/download", "application/unknown", "application/x-unknown",
	"application/x-msdownload", "application/save", "application/x-octet-stream", "application/binary",
	"application/x-binary", "application/octetstream", "application/file", "multipart/form-data")

// mediaType is a Content-Type's media type, lower case, without
// parameters, even when the parameters do not parse.
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt
}

// ctFamily sorts a Content-Type into a family, "" when it says nothing
// (generic download types, unknown types, unparsable values).
func ctFamily(ct string) string {
	switch mt := mediaType(ct); {
	case lenientTypes[mt]:
		return ""
	case mt == "text/html", mt == "application/xhtml+xml":
		return "html"
	case mt == "application/pdf", mt == "application/x-pdf", mt == "application/acrobat", mt == "applications/vnd.pdf",
		mt == "text/pdf", mt == "text/x-pdf", mt == "application/vnd.pdf":
		return "pdf"
	case mt == "application/zip", mt == "application/x-zip-compressed", mt == "application/x-zip",
		mt == "application/zip-compressed", mt == "multipart/x-zip":
		return "zip"
	case mt == "application/x-rar-compressed", mt == "application/vnd.rar", mt == "application/x-rar",
		mt == "application/x-7z-compressed", mt == "application/x-compressed", mt == "application/gzip",
		mt == "application/x-gzip", mt == "application/x-tar":
		return "archive"
	case mt == "application/ofd", mt == "application/x-ofd":
		return "ofd"
	case mt == "application/rtf", mt == "text/rtf", mt == "application/x-rtf", mt == "text/richtext":
		return "rtf"
	case mt == "application/msword", mt == "application/doc", mt == "application/x-msword",
		mt == "application/excel", mt == "application/x-excel", mt == "application/x-msexcel",
		mt == "application/powerpoint", mt == "application/mspowerpoint", mt == "application/x-mspowerpoint",
		mt == "application/kswps", mt == "application/kset", mt == "application/ksdps", mt == "application/x-ole-storage",
		mt == "application/vnd.wps", mt == "application/wps",
		strings.HasPrefix(mt, "application/vnd.ms-"), strings.HasPrefix(mt, "application/vnd.openxmlformats-officedocument."),
		strings.HasPrefix(mt, "application/wps-office"), strings.HasPrefix(mt, "application/vnd.oasis.opendocument."):
		return "office"
	case mt == "text/plain":
		return "plain"
	case mt == "text/csv", mt == "text/comma-separated-values", mt == "application/csv", mt == "text/x-csv",
		mt == "text/tab-separated-values":
		return "csv"
	case strings.HasPrefix(mt, "text/"), mt == "application/json", mt == "application/xml", mt == "application/javascript":
		return "text"
	case strings.HasPrefix(mt, "image/"):
		return "image"
	case strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "audio/"):
		return "media"
	}
	return ""
}

// Known says whether Inspect knows what ext (with or without the dot, any
// case) promises.
func Known(ext string) bool {
	_, ok := kinds[strings.TrimPrefix(strings.ToLower(ext), ".")]
	return ok
}

// typeExt maps document Content-Types to the extension they stand for.
var typeExt = map[string]string{
	"application/pdf": "pdf", "application/x-pdf": "pdf",
	"application/msword":       "doc",
	"application/vnd.ms-excel": "xls", "application/vnd.ms-powerpoint": "ppt",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "docx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
	"application/kswps": "wps", "application/kset": "et", "application/ksdps": "dps",
	"application/ofd": "ofd", "application/zip": "zip", "application/x-zip-compressed": "zip",
	"application/x-rar-compressed": "rar", "application/vnd.rar": "rar", "application/x-7z-compressed": "7z",
	"application/rtf": "rtf", "text/csv": "csv",
}

// ExtForType returns the extension a document Content-Type stands for
// ("application/pdf" → "pdf"), "" for other types (pages, images, generic
// download types).
func ExtForType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return typeExt[mt]
}
