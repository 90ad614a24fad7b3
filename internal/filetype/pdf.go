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
