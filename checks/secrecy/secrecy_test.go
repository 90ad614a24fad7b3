package secrecy

import (
	"strings"
	"testing"

	"govaudit/checks"
)

func marks(text string) string {
	var out []string
	Check.Page(&checks.PagePass{
		Page: &checks.Page{PageSummary: &checks.PageSummary{URL: "http://x.gov.cn/a.html"}, Text: text},
		Report: func(f checks.Finding) {
			if f.Check != ID || f.Severity != checks.Error || f.Page != "http://x.gov.cn/a.html" || f.Evidence == "" || f.Message == "" {
				panic("bad finding")
			}
			out = append(out, f.Rule+":"+f.Subject)
		},
	})
	return strings.Join(out, " ")
}

func TestValidate(t *testing.T) {
	if err := checks.Validate([]*checks.Check{Check}); err != nil {
		t.Fatal(err)
	}
}

func TestMarks(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"机密★1年\n澜江市教育局关于……的通知", "classified-mark:机密★1年"},
		{"机密 ★ 1 年", "classified-mark:机密★1年"},
		{"秘密☆６个月", "classified-mark:秘密★6个月"},
		{"绝密★长期", "classified-mark:绝密★长期"},
		{"绝密★", "classified-mark:绝密★"},
		{"秘密★一年\n秘密★一年", "classified-mark:秘密★一年"},
		{"内部资料\n注意保存", "internal-mark:内部资料"},
		{"内部资料 注意保密", "internal-mark:内部资料"},
		{"【内部资料】澜江市教育系统安全工作要点", "internal-mark:内部资料"},
		{"注意保密", "internal-mark:注意保密"},
		{"（此件不公开）", "internal-mark:此件不公开"},
		{"秘密★1年\n（此件不公开）", "classified-mark:秘密★1年 internal-mark:此件不公开"},
		// traps
		{"不得泄露商业秘密和个人隐私", ""},
		{"严禁在互联网上发布涉及国家秘密的信息，保守秘密", ""},
		{"请各单位高度重视，注意保密，按时报送。", ""},
		{"关于申领内部资料性出版物准印证的办事指南", ""},
		{"内部资料性出版物管理办法", ""},
		{"各单位要加强内部资料管理，严禁将内部资料上传至互联网，此前已多次强调并将开展专项检查。", ""},
		{"密级标志如“秘密★1年”应标注于首页左上角", ""},
		{"★ 重点推荐 ★ 秘密花园", ""},
		{"此件公开发布", ""},
	} {
		if got := marks(tc.text); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestEvidenceIsMaskedAndShort(t *testing.T) {
	var got []checks.Finding
	Check.File(&checks.FilePass{URL: "http://x/a.docx", Ext: "docx",
		Text:   strings.Repeat("前文", 40) + "机密★1年 联系人手机13857001234" + strings.Repeat("后文", 60),
		Report: func(f checks.Finding) { got = append(got, f) }})
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	ev := got[0].Evidence
	if strings.Contains(ev, "13857001234") || !strings.Contains(ev, "138******34") || !strings.HasPrefix(ev, "…") || !strings.HasSuffix(ev, "…") {
		t.Errorf("evidence %q", ev)
	}
}
