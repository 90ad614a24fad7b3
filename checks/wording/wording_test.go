package wording

import (
	"strings"
	"testing"
	"time"

	"govaudit/checks"
)

func runPage(t *testing.T, text string, date time.Time) []checks.Finding {
	t.Helper()
	var got []checks.Finding
	pass := &checks.PagePass{
		Page:   &checks.Page{PageSummary: &checks.PageSummary{URL: "http://jyj.example.gov.cn/a.html", Date: date}, Text: text},
		Report: func(f checks.Finding) { got = append(got, f) },
	}
	Check.Page(pass)
	return got
}

func TestCheck(t *testing.T) {
	if err := checks.Validate([]*checks.Check{Check}); err != nil {
		t.Fatal(err)
	}
	text := "首页 > 工作动态\n我市深入开展扫黑险恶专项斗争。扫黑除恶常态化。\n会议要求全体干部再接再励，再接再厉。再接再励！\n市环境保护局、市生态环境局参加。"
	got := runPage(t, text, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	want := []struct{ rule, sev, subject, msg, evidence string }{
		{"saohei-chue", "error", "扫黑险恶", "将“扫黑险恶”改为“扫黑除恶”", "我市深入开展扫黑险恶专项斗争。"},
		{"typo-zai-jie-zai-li", "warning", "再接再励", "将“再接再励”改为“再接再厉”", "会议要求全体干部再接再励，再接再厉。"},
		{"inst-huanjing-baohu-ju", "warning", "环境保护局", "机构改革后“环境保护局”已更名或撤并，请核实现名称（生态环境局）", "市环境保护局、市生态环境局参加。"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		f := got[i]
		if f.Check != "banned-wording" || f.Rule != w.rule || string(f.Severity) != w.sev || f.Subject != w.subject ||
			f.Message != w.msg || f.Evidence != w.evidence || f.Page != "http://jyj.example.gov.cn/a.html" || f.Target != "" {
			t.Errorf("finding %d = %+v, want %+v", i, f, w)
		}
	}
	// An old page: the outdated name was right then; an undated page is
	// not judged on dated rules either.
	for _, d := range []time.Time{time.Date(2017, 3, 2, 0, 0, 0, 0, time.UTC), {}} {
		for _, f := range runPage(t, text, d) {
			if f.Rule == "inst-huanjing-baohu-ju" {
				t.Errorf("page dated %v: %+v", d, f)
			}
		}
	}
}

func TestTraps(t *testing.T) {
	text := "扫黑除恶、再接再厉、秸秆还田、安装空调、按装修标准验收、各地农业部门、内蒙古自治区、" +
		"台湾等国家和地区、共建“一带一路”倡议、中共浙江省委书记、商业秘密、中华人民共和国、齐齐哈尔市、" +
		"原环境保护局、维吾尔族、辩证思维、帐号、截止日期、截至目前、既使群众满意又使干部受教育。"
	if got := runPage(t, text, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("false alarms: %+v", got)
	}
}

func TestEvidence(t *testing.T) {
	for _, tc := range []struct{ text, match, want string }{
		{"第一句。深入开展扫黑险恶专项斗争！下一句", "扫黑险恶", "深入开展扫黑险恶专项斗争！"},
		{"标题\n扫黑险恶\n正文", "扫黑险恶", "扫黑险恶"},
		{"扫黑险恶", "扫黑险恶", "扫黑险恶"},
		{strings.Repeat("甲", 100) + "扫黑险恶" + strings.Repeat("乙", 100) + "。", "扫黑险恶",
			"…" + strings.Repeat("甲", 28) + "扫黑险恶" + strings.Repeat("乙", 28) + "…"},
		{"短。" + strings.Repeat("甲", 3) + "扫黑险恶" + strings.Repeat("乙", 100), "扫黑险恶",
			"甲甲甲扫黑险恶" + strings.Repeat("乙", 53) + "…"},
	} {
		s := strings.Index(tc.text, tc.match)
		if got := Evidence(tc.text, s, s+len(tc.match)); got != tc.want {
			t.Errorf("Evidence(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
