package secrecy

import (
	"os"
	"testing"

	"govaudit/checks"
	"govaudit/internal/filetext"
)

// A PDF marked 机密★1年 at the top of its first page (LibreOffice's export
// of internal/filetext/testdata/mingdan.html).
func TestPDFAttachment(t *testing.T) {
	b, err := os.ReadFile("../../internal/filetext/testdata/mingdan-libreoffice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	text, err := filetext.Read("pdf", b, 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	var got []checks.Finding
	Check.File(&checks.FilePass{URL: "http://x.gov.cn/P0202611.pdf", Ext: "pdf", Text: text,
		Report: func(f checks.Finding) { got = append(got, f) }})
	if len(got) != 1 || got[0].Rule != RuleClassified || got[0].Subject != "机密★1年" || got[0].Evidence != "机密★1年" {
		t.Errorf("findings %+v, want one classified-mark 机密★1年", got)
	}
}
