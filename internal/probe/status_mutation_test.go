package probe

import (
	"testing"

	"govaudit/checks"
)

// TestStatusClassBoundariesMutation pins the HTTP status classes a link
// verdict rests on (RFC 9110 ranges): 2xx opens; 3xx that reaches here (a
// redirect without a target) and 4xx do not open — dead links inspectors
// count; 5xx is a server fault, to be tried again. Each range is pinned at
// its first and last code.
func TestStatusClassBoundariesMutation(t *testing.T) {
	for _, tc := range []struct {
		status int
		class  checks.Class
		rule   string
	}{
		{199, checks.Transient, "http-199"},
		{200, checks.OK, ""},
		{299, checks.OK, ""},
		{300, checks.Broken, "http-300"},
		{399, checks.Broken, "http-399"},
		{400, checks.Broken, "http-400"},
		{404, checks.Broken, "http-404"},
		{499, checks.Broken, "http-499"},
		{500, checks.Transient, "http-500"},
		{599, checks.Transient, "http-599"},
	} {
		s := FromStatus("http://jyj.example.gov.cn/a.html", tc.status, "通知公告", "正文")
		if s.Class != tc.class || s.Rule != tc.rule {
			t.Errorf("HTTP %d: class %v rule %q, want %v %q", tc.status, s.Class, s.Rule, tc.class, tc.rule)
		}
		if redirect := s.Detail == "重定向缺少目标地址"; redirect != (tc.status >= 300 && tc.status <= 399) {
			t.Errorf("HTTP %d: detail %q", tc.status, s.Detail)
		}
	}
}
