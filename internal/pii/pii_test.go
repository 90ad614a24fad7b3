package pii

import (
	"strings"
	"testing"
)

// id completes 17 digits with their check digit.
func id(first17 string) string { return first17 + string(CheckDigit(first17)) }

func TestCheckDigit(t *testing.T) {
	// the GB 11643 example number
	if got := CheckDigit("11010519491231002"); got != 'X' {
		t.Fatalf("check digit = %c, want X", got)
	}
	if !ValidID("11010519491231002X") || !ValidID("11010519491231002x") {
		t.Fatal("GB 11643 example rejected")
	}
}

func TestValidID(t *testing.T) {
	for _, tc := range []struct {
		n    string
		want bool
	}{
		{id("33010619900101123"), true},
		{id("99010619900101123"), false}, // no province 99
		{id("33010619900230123"), false}, // 30 February
		{id("33010618990101123"), false}, // before 1900
		{id("33010630000101123"), false}, // future
		{"330106199001011230", CheckDigit("33010619900101123") == '0'},
		{"33010619900101123", false},
	} {
		if got := ValidID(tc.n); got != tc.want {
			t.Errorf("ValidID(%s) = %v, want %v", tc.n, got, tc.want)
		}
	}
	n := id("33010619900101123")
	bad := n[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", n[17])+1)%11])
	if ValidID(bad) {
		t.Errorf("wrong check digit accepted: %s", bad)
	}
}

func kinds(ms []Match) string {
	var b []string
	for _, m := range ms {
		k := map[Kind]string{IDNumber: "id", Mobile: "mobile"}[m.Kind]
		b = append(b, k+":"+m.Number)
	}
	return strings.Join(b, " ")
}

func TestFind(t *testing.T) {
	n := id("33010619900101123")
	x := "11010519491231002X"
	for _, tc := range []struct {
		text, want string
	}{
		{"身份证号：" + n + "，联系电话：13812345678。", "id:" + n + " mobile:13812345678"},
		{"姓名\t" + n + "\t13912345678\n", "id:" + n + " mobile:13912345678"},
		{"号码 " + strings.ToLower(x) + " 止", "id:" + x},
		{"+86 13812345678", "mobile:13812345678"},
		{"+86-13812345678", "mobile:13812345678"},
		{"8613812345678", "mobile:13812345678"},
		{"手机：138-1234-5678", "mobile:13812345678"},
		{"手机：１３８１２３４５６７８", "mobile:13812345678"},
		// traps
		{"330106********1234 与 138****5678", ""},
		{"办公电话：0570-87654321，0571-87654321", ""},
		{"057087654321 或 05708765432", ""},
		{"序号 1" + n, ""},     // part of a longer run
		{n + "5", ""},        // longer run
		{"12345678901", ""},  // starts 12
		{"138123456789", ""}, // 12 digits
		{"t20261020_13812345678.html", ""},
		{"http://x.gov.cn/a/13812345678/", ""},
		{"?tel=13812345678&a=1", ""},
		{"文件13812345678.pdf", ""},
		{"138 1234 5678", ""}, // spaces: could be table cells
		{"P020261015384756100007", ""},
		{"浙教发〔2026〕13812345678号", "mobile:13812345678"}, // odd, but a mobile's shape
	} {
		if got := kinds(Find(tc.text, true)); got != tc.want {
			t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMaskAndRedact(t *testing.T) {
	n := id("33010619900101123")
	if got := Mask(IDNumber, n); got != "3301************"+n[16:] {
		t.Errorf("mask id = %s", got)
	}
	if got := Mask(Mobile, "13812345678"); got != "138******78" {
		t.Errorf("mask mobile = %s", got)
	}
	in := "http://x.gov.cn/q?sfzh=" + n + "&tel=13812345678 见 " + n
	out := Redact(in)
	if strings.Contains(out, n) || strings.Contains(out, "13812345678") || strings.Contains(out, "12345678") {
		t.Errorf("Redact left a number: %s", out)
	}
	if Redact("无号码 0570-87654321") != "无号码 0570-87654321" {
		t.Error("Redact changed a text without numbers")
	}
}

func FuzzRedact(f *testing.F) {
	f.Add("身份证 " + id("33010619900101123") + " 手机 13812345678")
	f.Add("+86-138-1234-5678 １３８１２３４５６７８")
	f.Fuzz(func(t *testing.T, s string) {
		out := Redact(s)
		for _, m := range Find(out, false) {
			t.Fatalf("Redact(%q) = %q still holds %s", s, out, m.Number)
		}
	})
}

func TestValidID15(t *testing.T) {
	for _, tc := range []struct {
		n    string
		want bool
	}{
		{"330106900101123", true},
		// birth date, at and past its boundaries
		{"330106900131123", true},  // 31 January
		{"330106900132123", false}, // 32 January
		{"330106900229123", false}, // 1990 is no leap year
		{"330106960229123", true},  // 1996 is
		{"330106000229123", false}, // nor is 1900
		{"330106000101123", true},  // 1900-01-01: the first day
		{"330106991231123", true},  // 1999-12-31: the last day
		{"330106990001123", false}, // month 00
		{"330106991301123", false}, // month 13
		{"330106990100123", false}, // day 00
		// region, at and past its boundaries
		{"110105491231002", true},  // 11: the first province
		{"100105491231002", false}, // 10: none
		{"650102491231002", true},  // 65: the last mainland province
		{"660102491231002", false}, // 66: none
		{"710102491231002", false}, // Taiwan: no such numbers
		{"810102491231002", false}, // Hong Kong: no such numbers
		{"330006900101123", false}, // prefecture 00
		{"337006900101123", true},  // prefecture 70
		{"337106900101123", false}, // prefecture 71
		{"339006900101123", true},  // 90: counties under the province
		{"330100900101123", false}, // county 00
		// length
		{"33010690010112", false},
		{"3301069001011234", false},
		{"33010690010112X", false},
	} {
		if got := ValidID15(tc.n); got != tc.want {
			t.Errorf("ValidID15(%s) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestFind15(t *testing.T) {
	const n = "330106900101123"
	for _, tc := range []struct {
		text, want string
	}{
		{"身份证号：" + n + "，联系电话：13812345678。", "id:" + n + " mobile:13812345678"},
		{"张三\t" + n + "\t男\n李四\t110105491231002\t女", "id:" + n + " id:110105491231002"},
		{"身份证号码 " + n, "id:" + n},
		{"（" + n + "）", "id:" + n},
		// below and above the length
		{"编码 33010690010112 止", ""},
		{"编码 3301069001011234 止", ""},
		{n + "X", ""},
		{"1" + n, ""},
		// invalid birth dates
		{"身份证号：330106900230123", ""},
		{"身份证号：330106901301123", ""},
		// order numbers and other serials of the same shape
		{"订单号：" + n, ""},
		{"订单号 " + n, ""},
		{"订单编号:" + n, ""},
		{"交易流水号" + n, ""},
		{"快递单号：" + n + "，请查收", ""},
		{"No." + n, ""},
		{"准考证号：" + n, ""},
		// phone-like numbers of 15 digits
		{"138123456781234", ""},          // a mobile and an extension: prefecture 81
		{"008613812345678", ""},          // 0086: no province 00
		{"057187654321001", ""},          // a landline and an extension
		{"861381234567890", ""},          // 86: no province
		{"139876543210123", ""},          // prefecture 98
		{"t20261020_" + n + ".html", ""}, // a file name
		{"http://x.gov.cn/a?id=" + n, ""},
		{"3301******01123", ""}, // masked
	} {
		if got := kinds(Find(tc.text, true)); got != tc.want {
			t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMaskAndRedact15(t *testing.T) {
	const n = "330106900101123"
	if got := Mask(IDNumber, n); got != "3301*********23" {
		t.Errorf("mask = %s", got)
	}
	for _, in := range []string{"身份证 " + n, "http://x.gov.cn/q?sfzh=" + n, "订单号：" + n} {
		out := Redact(in)
		if strings.Contains(out, n) || strings.Contains(out, "900101") {
			t.Errorf("Redact(%q) = %q", in, out)
		}
	}
}
