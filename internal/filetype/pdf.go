package filetype

import (
	"bytes"
	"fmt"
)

// AssemblePDF writes a valid PDF 1.4 file from the bodies of its objects
// (numbered from 1; object 1 must be the catalog): header, objects, a
// correct cross-reference table, the trailer (with extra entries such as
// "/Info 6 0 R") and the %%EOF marker. The demo site and the tests build
// their real PDFs with it.
func AssemblePDF(objects []string, trailerExtra string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	if trailerExtra != "" {
		trailerExtra = " " + trailerExtra
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, trailerExtra, xref)
	return b.Bytes()
}

// LinesPDF writes a one-page PDF that draws each line in 10-point
// Helvetica (Latin text; the benchmarks' page of text).
func LinesPDF(lines []string) []byte {
	var c bytes.Buffer
	for i, l := range lines {
		fmt.Fprintf(&c, "BT /F1 10 Tf 50 %d Td (%s) Tj ET\n", 800-20*i, l)
	}
	return AssemblePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, "")
}
