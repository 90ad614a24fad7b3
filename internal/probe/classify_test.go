package probe

import "testing"

// TestSoft404Wording: error pages are recognised by their wording, real
// pages whose titles contain the weak words are not.
func TestSoft404Wording(t *testing.T) {
	for _, tc := range []struct {
		title, text string
		want        bool
	}{
		{"页面不存在", "", true},
		{"404", "", true},
		{"404 Not Found", "", true},
		{"找不到页面", "", true},
		{"澜江市教育局", "对不起，您访问的页面不存在或已被删除。返回首页", true},
		{"澜江市教育局", "Error 404", true},
		{"404 - 澜江市教育局", "", true},
		{"出错了", "", true},
		{"关于印发《澜江市义务教育招生办法》的通知（财办〔2021〕404号）", "", false},
		{"政务服务第404期", "", false},
		{"社保卡丢失找不到怎么办？", "", false},
		{"澜江市教育局", "答：社保卡丢失找不到怎么办？请携带身份证到窗口补办。", false},
		{"通知公告", "", false},
	} {
		if got := Soft404(tc.title, tc.text); got != tc.want {
			t.Errorf("Soft404(%q, %q) = %v, want %v", tc.title, tc.text, got, tc.want)
		}
	}
}

func TestStatus412IsBlocked(t *testing.T) {
	if s := FromStatus("http://a.gov.cn/", 412, "", ""); s.Rule != RuleBlocked {
		t.Errorf("412 → %+v, want blocked (瑞数 bot wall)", s)
	}
}
