// Package filetype judges a document attachment from what a prober could
// read of it — the server's Content-Type, the length, the first bytes and,
// where they were fetched, the last bytes — without any I/O of its own.
//
// It answers the inspector's question "does this attachment open?" for the
// ways attachments break in practice: an HTML page (a CMS error page, a
// login page) served where the file should be; an empty file; content or a
// Content-Type that is not what the extension promises; a PDF cut short
// (no %%EOF trailer); a zip-based file (docx, xlsx, pptx, ofd, zip) whose
// central directory is missing or unreadable.
package filetype

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Rule ids of the problems Inspect finds: the rule ids of broken-attachment
// findings.
const (
	HTMLInsteadOfFile = "html-instead-of-file"
	EmptyFile         = "empty-file"
	TypeMismatch      = "type-mismatch"
	PDFTruncated      = "pdf-truncated"
	ZipCorrupt        = "zip-corrupt"
)

// Tail sizes: how much of a file's end Inspect needs.
const (
	// PDFTail: readers look for the %%EOF trailer in the last 1 KiB.
	PDFTail = 1024
	// ZipTail: the End Of Central Directory record (22 bytes) may be
	// followed by a comment of up to 65,535 bytes.
	ZipTail = 65558
)

// A Sample is what was read of one file.
type Sample struct {
	// Ext is the file's extension, with or without the dot, any case
	// ("pdf", ".DOCX"); "" when unknown.
	Ext string
	// ContentType is what the server declared ("" if nothing).
	ContentType string
	// Length is the file's full length in bytes; -1 when unknown.
	Length int64
	// Head holds the file's first bytes.
	Head []byte
	// Tail holds the file's last bytes: only ever the real end of a file
	// of Length bytes (Length must be known); nil when it was not read.
	Tail []byte
	// Complete says Head is the whole file.
	Complete bool
}

// Inspect returns the first problem it finds in s, as a rule id and a
// Chinese detail for the report; "" when nothing is wrong or nothing
// could be judged. Checks that need bytes s does not hold (the end of a
// file whose tail was not read) are left out, never guessed.
func Inspect(s Sample) (problem, detail string) {
	ext := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s.Ext)), ".")
	k, known := kinds[ext]
	name := "文件"
	if known {
		name = k.name
	}
	switch {
	case s.Complete:
		s.Length = int64(len(s.Head))
	case s.Length >= 0 && int64(len(s.Head)) >= s.Length:
		s.Complete, s.Head = true, s.Head[:s.Length]
	}
	if s.Length == 0 {
		return EmptyFile, "附件为空文件（0 字节），无法作为" + spaced(name) + "打开"
	}
	if len(s.Head) == 0 {
		return "", ""
	}
	f := sniff(s.Head)
	ct := ctFamily(s.ContentType)
	if known {
		officeHTML := f == fHTML && k.officeHTML && isOfficeHTML(s.Head, ext)
		switch {
		case officeHTML:
			// Word and Excel open their own HTML (and HTML tables saved
			// as .xls): a web page, but the document a reader expects.
		case f == fHTML, ct == "html" && (f == fText || f == fUnknown) && !k.accepts(f):
			return HTMLInsteadOfFile, "附件内容为网页（可能是错误页），无法作为" + spaced(k.name) + "打开"
		case !k.accepts(f):
			if f == fUnknown || (f == fText && k.formats != nil) {
				return TypeMismatch, fmt.Sprintf("附件内容不是有效的%s（文件头与扩展名 .%s 不符）", spaced(k.name), ext)
			}
			return TypeMismatch, fmt.Sprintf("附件内容为%s，与扩展名 .%s（%s）不符", spaced(f.String()), ext, k.name)
		}
		if ct != "" && !k.servedAs(ct) && !(officeHTML && ct == "html") {
			return TypeMismatch, fmt.Sprintf("服务器声明的类型为 %s，与扩展名 .%s（%s）不符，浏览器可能无法正确打开", mediaType(s.ContentType), ext, k.name)
		}
	}
	switch f {
	case fPDF:
		end, ok := s.end(PDFTail)
		if ok && !bytes.Contains(end, []byte("%%EOF")) {
			return PDFTruncated, "PDF 文件末尾缺少 %%EOF 结束标记，文件不完整（上传或生成时被截断）"
		}
	case fZip:
		if why := zipProblem(s); why != "" {
			if known && ext != "zip" {
				name = k.name + "（ZIP 格式）"
			} else {
				name = "ZIP 压缩包"
			}
			return ZipCorrupt, fmt.Sprintf("%s结构损坏：%s", name, why)
		}
	}
	return "", ""
}

// spaced puts a space between a name and the Chinese around it where
// the name starts or ends with a Latin letter: "PDF" → " PDF ",
// "Word 文档" → " Word 文档".
func spaced(name string) string {
	if name == "" {
		return name
	}
	if c := name[0]; c < 0x80 {
		name = " " + name
	}
	if c := name[len(name)-1]; c < 0x80 {
		name += " "
	}
	return name
}

// TailSize says how many bytes of a file's end Inspect needs to judge a
// file that starts with head: PDFTail for a PDF, ZipTail for a zip-based
// file, 0 when the end tells nothing more.
func TailSize(head []byte) int {
	switch sniff(head) {
	case fPDF:
		return PDFTail
	case fZip:
		return ZipTail
	}
	return 0
}

// end returns the last n bytes of the file (all of it when shorter), and
// whether they are in hand.
func (s Sample) end(n int) ([]byte, bool) {
	switch {
	case s.Complete:
		return s.Head[max(0, len(s.Head)-n):], true
	case s.Tail != nil && s.Length >= 0 && int64(len(s.Tail)) >= min(int64(n), s.Length):
		return s.Tail[max(0, len(s.Tail)-n):], true
	}
	return nil, false
}

// zipProblem says what is wrong with a zip's central directory, "" when
// it reads or when it could not be judged from the bytes in hand.
func zipProblem(s Sample) string {
	end, ok := s.end(ZipTail)
	if !ok {
		return ""
	}
	i := findEOCD(end)
	if i < 0 {
		return "找不到中央目录结束记录（文件可能被截断）"
	}
	if zip64(end[i:]) && !s.Complete {
		// A zip64 record may claim any size; archive/zip sizes its
		// allocations by the file's length, which a server may state
		// falsely: judge zip64 archives only when they are in hand.
		return ""
	}
	r := &sparse{size: s.Length, head: s.Head}
	if !s.Complete {
		r.tail, r.tailAt = s.Tail, s.Length-int64(len(s.Tail))
	}
	_, err := zip.NewReader(r, r.size)
	switch {
	case err == nil, errors.Is(err, zip.ErrInsecurePath):
		return ""
	case r.missing:
		// The directory lies in bytes that were not read: not judged.
		return ""
	}
	return "中央目录无法读取（" + err.Error() + "）"
}

// findEOCD returns the offset in b of the last End Of Central Directory
// record whose comment fits in b, or -1.
func findEOCD(b []byte) int {
	for i := len(b) - 22; i >= 0; i-- {
		if b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 5 && b[i+3] == 6 {
			n := int(b[i+20]) | int(b[i+21])<<8
			if i+22+n <= len(b) {
				return i
			}
		}
	}
	return -1
}

// zip64 says whether an End Of Central Directory record defers to a
// zip64 record (its counts or offsets are all ones).
func zip64(rec []byte) bool {
	return rec[8] == 0xff && rec[9] == 0xff || rec[10] == 0xff && rec[11] == 0xff ||
		bytes.Equal(rec[12:16], []byte{0xff, 0xff, 0xff, 0xff}) || bytes.Equal(rec[16:20], []byte{0xff, 0xff, 0xff, 0xff})
}

// sparse reads a file of which only the head and the tail are known;
// other bytes read as zeros and set missing.
type sparse struct {
	size       int64
	head, tail []byte
	tailAt     int64
	missing    bool
}

func (r *sparse) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("filetype: negative offset")
	}
	if off >= r.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), r.size-off))
	for i := 0; i < n; {
		pos := off + int64(i)
		switch {
		case pos < int64(len(r.head)):
			i += copy(p[i:n], r.head[pos:])
		case r.tail != nil && pos >= r.tailAt:
			i += copy(p[i:n], r.tail[pos-r.tailAt:])
		default:
			next := int64(n)
			if r.tail != nil && r.tailAt-off < next {
				next = r.tailAt - off
			}
			clear(p[i:next])
			i = int(next)
			r.missing = true
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
