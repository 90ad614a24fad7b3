package personalinfo

import (
	"strings"
	"testing"

	"govaudit/checks"
	"govaudit/internal/pii"
)

func id(first17 string) string { return first17 + string(pii.CheckDigit(first17)) }

func runPage(text, url string) []checks.Finding {
	var got []checks.Finding
	Check.Page(&checks.PagePass{
		Page:   &checks.Page{PageSummary: &checks.PageSummary{URL: url}, Text: text},
		Report: func(f checks.Finding) { got = append(got, f) },
	})
	return got
}

func TestValidate(t *testing.T) {
	if err := checks.Validate([]*checks.Check{Check}); err != nil {
		t.Fatal(err)
	}
}

func TestPage(t *testing.T) {
	ids := []string{id("33990019850312041"), id("33990020100607152"), id("33990019621120303"), id("11010519491231002")}
	text := "2026年低保对象公示\n序号\t姓名\t身份证号\t联系电话\n" +
		"1\t张某某\t" + ids[0] + "\t13857001234\n" +
		"2\t李某某\t" + ids[1] + "\t+86 15967005678\n" +
		"3\t王某某\t" + ids[2] + "\t139-5700-9012\n" +
		"4\t赵某某\t" + strings.ToLower(ids[3]) + "\t13857001234\n" + // the same mobile twice
		"监督电话：0570-87654321\n"
	got := runPage(text, "http://jyj.lanjiang.gov.cn/xxgk/a.html")
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(got), got)
	}
	idf, mob := got[0], got[1]
	if idf.Rule != RuleIDNumber || idf.Subject != RuleIDNumber || idf.Severity != checks.Error || idf.Check != ID ||
		idf.Message != "页面含 4 个未脱敏的身份证号码" || idf.Page != "http://jyj.lanjiang.gov.cn/xxgk/a.html" {
		t.Errorf("id finding: %+v", idf)
	}
	if want := "3399************" + ids[0][16:] + "、3399************" + ids[1][16:] + "、3399************" + ids[2][16:] + "等"; idf.Evidence != want {
		t.Errorf("id evidence = %q, want %q", idf.Evidence, want)
	}
	if mob.Rule != RuleMobile || mob.Message != "页面含 3 个未脱敏的手机号码" || mob.Evidence != "138******34、159******78、139******12" {
		t.Errorf("mobile finding: %+v", mob)
	}
	for _, f := range got {
		for _, n := range append(ids, "13857001234", "15967005678", "13957009012", "5700-9012") {
			for _, field := range []string{f.Message, f.Evidence, f.Subject, f.Rule, f.Page, f.Target} {
				if strings.Contains(field, n) {
					t.Errorf("finding field %q holds %s", field, n)
				}
			}
		}
	}
}

func TestTraps(t *testing.T) {
	valid := id("33990019850312041")
	bad := valid[:17] + map[byte]string{'X': "0"}[valid[17]]
	if bad == valid[:17] {
		bad = valid[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", valid[17])+1)%11])
	}
	text := "公示（已脱敏）\n张某某 339900********0412 138****1234\n" +
		"李某某 " + bad + "（校验位错误）\n" +
		"办公电话：0570-87654321，传真 0571-87654321\n" +
		"文号 澜教发〔2026〕12号 发布日期 2026-11-20 20261120153012\n" +
		"附件：P020261110384756100014.xlsx http://jyj.lanjiang.gov.cn/u/13857001234.html\n" +
		"不得泄露商业秘密。统一社会信用代码 91339900MA2X0A1B2C\n"
	if got := runPage(text, "http://jyj.lanjiang.gov.cn/b.html"); len(got) != 0 {
		t.Errorf("traps reported: %+v", got)
	}
}

func TestFileAndRedactedURL(t *testing.T) {
	n := id("33990019850312041")
	var got []checks.Finding
	Check.File(&checks.FilePass{URL: "http://x/a.xlsx", Ext: "xlsx", Text: "姓名\t身份证\n张\t" + n + "\n",
		Report: func(f checks.Finding) { got = append(got, f) }})
	if len(got) != 1 || got[0].Message != "附件含 1 个未脱敏的身份证号码" {
		t.Fatalf("file: %+v", got)
	}
	// a page whose own URL carries a number: the finding's page is masked
	fs := runPage("身份证号 "+n, "http://x.gov.cn/q?sfzh="+n)
	if len(fs) != 1 || strings.Contains(fs[0].Page, n) || !strings.Contains(fs[0].Page, "3399************") {
		t.Errorf("page URL not masked: %+v", fs)
	}
}
