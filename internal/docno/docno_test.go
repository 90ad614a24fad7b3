package docno

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // canonical forms, in order
	}{
		// Hits, as real pages write them.
		{"bureau notice", "杭州市教育局关于印发《杭州市中小学教师交流工作实施办法》的通知（杭教发〔2020〕12号）", []string{"杭教发〔2020〕12号"}},
		{"square brackets", "浙政办发[2021]5号", []string{"浙政办发〔2021〕5号"}},
		{"full-width parens", "国办秘函（2019）19号", []string{"国办秘函〔2019〕19号"}},
		{"ascii parens", "国办秘函(2019)19号", []string{"国办秘函〔2019〕19号"}},
		{"full-width square", "杭政办函［2020］45号", []string{"杭政办函〔2020〕45号"}},
		{"lenticular", "浙教办基【2021】3号", []string{"浙教办基〔2021〕3号"}},
		{"small tortoise shell", "国发﹝2017﹞47号", []string{"国发〔2017〕47号"}},
		{"demo site", "文号：澜教〔2026〕3号", []string{"澜教〔2026〕3号"}},
		{"long issuer", "国办公开办函〔2021〕30号", []string{"国办公开办函〔2021〕30号"}},
		{"annual report format", "按照《国务院办公厅政府信息公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求", []string{"国办公开办函〔2021〕30号"}},
		{"two in a sentence", "根据国发〔2017〕47号和浙政办发〔2021〕5号文件精神", []string{"国发〔2017〕47号", "浙政办发〔2021〕5号"}},
		{"lead words cut", "关于转发国办发〔2020〕1号的通知", []string{"国办发〔2020〕1号"}},
		{"after 印发", "现印发杭政函〔2020〕100号", []string{"杭政函〔2020〕100号"}},
		{"full-width digits", "杭教发〔２０２０〕１２号", []string{"杭教发〔2020〕12号"}},
		{"blanks between parts", "杭教发 〔2020〕 12 号", []string{"杭教发〔2020〕12号"}},
		{"第 before sequence", "浙政发〔2020〕第12号", []string{"浙政发〔2020〕12号"}},
		{"leading zero", "杭教发〔2020〕012号", []string{"杭教发〔2020〕12号"}},
		{"four-digit sequence", "国函〔2020〕1234号", []string{"国函〔2020〕1234号"}},
		{"single-char issuer", "令〔2019〕1号", []string{"令〔2019〕1号"}},
		{"mismatched brackets", "杭教发〔2020]12号", []string{"杭教发〔2020〕12号"}},
		{"1949", "政〔1949〕1号", []string{"政〔1949〕1号"}},
		{"table cell", "<td>澜教发〔2026〕9号</td>", []string{"澜教发〔2026〕9号"}},
		{"list of three", "杭教发〔2020〕1号、杭教发〔2020〕2号；杭教发〔2020〕3号", []string{"杭教发〔2020〕1号", "杭教发〔2020〕2号", "杭教发〔2020〕3号"}},
		{"ministry", "教基〔2020〕1号", []string{"教基〔2020〕1号"}},
		{"issuer over 10 cut to 10", "浙江省人民政府办公厅浙政办发〔2021〕5号", []string{"民政府办公厅浙政办发〔2021〕5号"}}, // known limit: prose glued to the code

		// Misses.
		{"year in brackets without 号", "（2020）", nil},
		{"bracket year alone", "〔2020〕", nil},
		{"bracket year then text", "〔2020〕年度报告", nil},
		{"no issuer", "〔2020〕12号", nil},
		{"no issuer after punctuation", "文号：〔2020〕12号", nil},
		{"第12号 alone", "第12号", nil},
		{"decree without bracket", "国务院令第711号", nil},
		{"date", "2020年12月31日", nil},
		{"date in brackets", "（2020年12月31日）", nil},
		{"no sequence", "国发〔2020〕号", nil},
		{"five-digit sequence", "国发〔2020〕12345号", nil},
		{"two-digit year", "国发〔20〕12号", nil},
		{"year too early", "杭教发〔1900〕1号", nil},
		{"year too late", "杭教发〔2101〕1号", nil},
		{"号 missing", "杭教发〔2020〕12", nil},
		{"sequence zero", "杭教发〔2020〕0号", nil},
		{"back to back", "杭教发〔2020〕1号杭教发〔2020〕2号", []string{"杭教发〔2020〕1号", "杭教发〔2020〕2号"}},
		{"issuer not taken from previous number", "发〔2000〕1号〔2000〕2号", []string{"发〔2000〕1号"}},
		{"latin issuer", "ABC〔2020〕12号", nil},
		{"phone in parens", "联系电话（0571）87654321号", nil},
		{"ID in brackets", "身份证号（330106199001011234）", nil},
		{"lead word only", "根据〔2020〕12号", nil},
		{"single lead char", "见〔2020〕12号", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text)
			var canon []string
			for _, n := range got {
				canon = append(canon, n.Canonical)
				if tt.text[n.Start:n.End] != n.Raw {
					t.Errorf("Raw %q is not text[%d:%d] = %q", n.Raw, n.Start, n.End, tt.text[n.Start:n.End])
				}
				if !strings.HasPrefix(n.Canonical, n.Issuer+"〔") {
					t.Errorf("Canonical %q does not start with Issuer %q", n.Canonical, n.Issuer)
				}
			}
			if strings.Join(canon, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Find(%q) = %q, want %q", tt.text, canon, tt.want)
			}
		})
	}
}

func TestFindFields(t *testing.T) {
	got := Find("见浙政办发[2021]5号")
	if len(got) != 1 {
		t.Fatalf("got %d numbers", len(got))
	}
	n := got[0]
	want := No{Raw: "浙政办发[2021]5号", Canonical: "浙政办发〔2021〕5号", Issuer: "浙政办发", Year: 2021, Seq: 5, Start: len("见"), End: len("见浙政办发[2021]5号")}
	if n != want {
		t.Errorf("got %+v, want %+v", n, want)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"杭教发〔2020〕12号", "浙政办发[2021]5号", "国办秘函（2019）19号", "根据国发〔2017〕47号和浙政办发〔2021〕5号文件精神",
		"〔2020〕", "第12号", "杭教发〔２０２０〕１２号", "杭教发 〔2020〕 第 12 号", "\xff〔2020〕1号", "国〔", "国〔2020", "国〔2020〕",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, n := range Find(s) {
			if n.Start < prev || n.End <= n.Start || n.End > len(s) || s[n.Start:n.End] != n.Raw {
				t.Fatalf("bad span %d:%d (prev %d) for %+v in %q", n.Start, n.End, prev, n, s)
			}
			prev = n.End
			if c := utf8.RuneCountInString(n.Issuer); c < minIssuer || c > maxIssuer {
				t.Fatalf("issuer %q has %d characters", n.Issuer, c)
			}
			if n.Year < minYear || n.Year > maxYear || n.Seq < 1 || n.Seq > 9999 {
				t.Fatalf("bad number %+v", n)
			}
			if !strings.HasSuffix(n.Raw, "号") || !strings.HasSuffix(n.Canonical, "号") {
				t.Fatalf("no 号: %+v", n)
			}
			if again := Find(n.Canonical); len(again) != 1 || again[0].Canonical != n.Canonical {
				t.Fatalf("canonical %q does not read back: %+v", n.Canonical, again)
			}
		}
	})
}
