package personalinfo

import "testing"

// TestFullWidthDigitsMutation: an ID or mobile number written in
// full-width digits (０–９, as Chinese word processors often type them) is
// as much a leak as one in ASCII digits; the cheap digit-run look must not
// skip such a page. The numbers are literal: 11010519491231002X is GB
// 11643's example, 13857001234 an 11-digit mobile number starting 13.
func TestFullWidthDigitsMutation(t *testing.T) {
	for _, tc := range []struct {
		text, rule string
	}{
		{"低保对象：张某某，身份证号１１０１０５１９４９１２３１００２X。", RuleIDNumber},
		{"联系人：张某某，电话１３８５７００１２３４。", RuleMobile},
		{"联系人：张某某，电话１９９５７００１２３４。", RuleMobile},
		{"联系人：张某某，电话１３８５７００１２３４", RuleMobile},     // the text ends with the number
		{"联系人：张某某，电话１０９５７００１２３４。", ""},            // not a mobile number: 10…
		{"联系人：张某某，电话 139-5700-9012。", RuleMobile}, // hyphens group, not break
		// text cut inside a full-width character: no number, no crash
		{"\xef\xbc", ""},
	} {
		got := runPage(tc.text, "http://jyj.lanjiang.gov.cn/a.html")
		rule := ""
		if len(got) == 1 {
			rule = got[0].Rule
		}
		if rule != tc.rule || len(got) > 1 {
			t.Errorf("%s: findings %+v, want rule %q", tc.text, got, tc.rule)
		}
	}
}
