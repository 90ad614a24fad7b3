package probe

import (
	"strings"
	"testing"
)

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

// TestPrefilters: every alternative of the error-page and challenge
// regexps passes its byte prefilter (hits), and ordinary titles do not,
// so the regexps are skipped on them (misses).
func TestPrefilters(t *testing.T) {
	for _, s := range []string{
		"页面不存在", "页面未找到", "页面找不到", "找不到您要访问的页面", "您所访问的页面不存在", "无法找到此页面",
		"信息不存在", "文章不存在", "内容不存在", "Page  Not Found", "404notfound", " NOT FOUND ", "ERROR 404", "404 error",
		"找不到了", "出错了", "错误页", "页面错误", "error",
	} {
		if !maySoft404(s) {
			t.Errorf("maySoft404(%q) = false: the prefilter drops a match", s)
		}
		if !soft404Strong.MatchString(s) && !soft404Weak.MatchString(strings.TrimSpace(s)) {
			t.Errorf("%q matches neither soft-404 regexp: not a hit example", s)
		}
	}
	for _, s := range []string{
		"安全狗", "SafeDog", "云锁", "YUNSUO", "__jsl_clearance", "Just a moment...", "cf-browser-verification",
		"challenge-platform", "访问验证", "人机验证", "您的访问被拦截", "网站防火墙", "滑动验证", "ſafedog",
	} {
		if !mayChallenge(s) {
			t.Errorf("mayChallenge(%q) = false: the prefilter drops a match", s)
		}
		if !challengeRe.MatchString(s) {
			t.Errorf("%q does not match challengeRe: not a hit example", s)
		}
	}
	for _, s := range []string{"关于做好2026年教育工作的通知（19980）", "澜江市教育局", "政务服务第12期", "通知公告"} {
		if maySoft404(s) || mayChallenge(s) {
			t.Errorf("%q passes a prefilter: the regexps would run on it", s)
		}
	}
}

// FuzzPrefilters: wherever a regexp matches, its prefilter passes.
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{"页面不存在", "ſafedog", "Not Found", "网站防火墙", "错误", "通知公告"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if (soft404Strong.MatchString(s) || soft404Weak.MatchString(s)) && !maySoft404(s) {
			t.Fatalf("a soft-404 regexp matches %q, maySoft404 says no", s)
		}
		if challengeRe.MatchString(s) && !mayChallenge(s) {
			t.Fatalf("challengeRe matches %q, mayChallenge says no", s)
		}
	})
}
