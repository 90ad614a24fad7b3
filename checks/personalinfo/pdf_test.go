package personalinfo

import (
	"os"
	"strings"
	"testing"

	"govaudit/checks"
	"govaudit/internal/filetext"
)

// A 公示名单 published as a PDF (LibreOffice's export of
// internal/filetext/testdata/mingdan.html): its ID numbers — two of 18
// digits, one of 15 — and mobiles are found and shown masked; the masked
// ones and the office landline are not.
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
	want := map[string][2]string{
		RuleIDNumber: {"附件含 3 个未脱敏的身份证号码", "3301************3X、3301************44、1101*********02"},
		RuleMobile:   {"附件含 3 个未脱敏的手机号码", "138******78、139******21、150******78"},
	}
	if len(got) != len(want) {
		t.Fatalf("findings %+v, want %v", got, want)
	}
	for _, f := range got {
		w := want[f.Rule]
		if f.Check != ID || f.Severity != checks.Error || f.Message != w[0] || f.Evidence != w[1] {
			t.Errorf("%s: %q / %q, want %q / %q", f.Rule, f.Message, f.Evidence, w[0], w[1])
		}
		for _, n := range []string{"33010619900101123X", "330102198506120044", "110105491231002", "13812345678", "13987654321", "15012345678", "900101", "491231"} {
			if strings.Contains(f.Message+f.Evidence+f.Subject, n) {
				t.Errorf("%s leaks %s", f.Rule, n)
			}
		}
	}
}
