package wording

import (
	"testing"
	"time"

	"govaudit/checks"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// runItems runs the check on a page with its date and list items.
func runItems(text string, date time.Time, items ...checks.Item) []checks.Finding {
	var got []checks.Finding
	Check.Page(&checks.PagePass{
		Page:   &checks.Page{PageSummary: &checks.PageSummary{URL: "http://jyj.example.gov.cn/a.html", Date: date, Items: items}, Text: text},
		Report: func(f checks.Finding) { got = append(got, f) },
	})
	return got
}

func rulesOf(fs []checks.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Subject)
	}
	return out
}

// TestDatedHistory: a dated rule (a body renamed in the 2018 or 2023
// reforms) applies to words written after its date — the item's, the
// quoted or listed document's, else the page's.
func TestDatedHistory(t *testing.T) {
	tests := []struct {
		name  string
		date  time.Time
		text  string
		items []checks.Item
		want  []string
	}{
		{
			name: "a 2024 decision listing 2021 titles of a body renamed in 2023",
			date: day(2024, 3, 15),
			text: "澜江市人民政府关于废止部分规范性文件的决定\n现决定废止以下文件：\n" +
				"1. 中国银行保险监督管理委员会关于规范银行业保险业机构参与校园贷业务的通知（银保监发〔2021〕15号）\n" +
				"2. 中国银保监会办公厅关于加强大学生金融知识教育的意见 2021-06-18\n" +
				"3. 浙江银保监局关于做好教育收费代收工作的通知\n",
			items: []checks.Item{{Title: "浙江银保监局关于做好教育收费代收工作的通知", Date: day(2021, 9, 1)}},
		},
		{
			name: "a 2025 page quoting the old name in 《》 of a 2017 document",
			date: day(2025, 4, 2),
			text: "根据《澜江市环境保护局关于加强校园周边环境整治的通知》（澜环发〔2017〕12号）要求，" +
				"对照《2017年澜江市环境保护局工作要点》和《澜江市环境保护局关于建设绿色学校的意见》，开展复查。",
		},
		{
			name: "a 2025 sentence using the old name in running text still fires",
			date: day(2025, 4, 2),
			text: "2025年3月，市环境保护局组织开展校园周边环境检查。",
			want: []string{"inst-huanjing-baohu-ju 环境保护局"},
		},
		{
			name: "running text citing an old 文号 is this page's words",
			date: day(2025, 4, 2),
			text: "市环境保护局按照澜政发〔2017〕5号文件要求开展检查",
			want: []string{"inst-huanjing-baohu-ju 环境保护局"},
		},
		{
			name: "a listed title written after the renaming still fires",
			date: day(2024, 3, 15),
			text: "1. 澜江市环境保护局关于开展2022年校园环境监测的通知（澜环发〔2022〕3号）",
			want: []string{"inst-huanjing-baohu-ju 环境保护局"},
		},
		{
			name:  "a list item dated before the renaming, on an undated page",
			text:  "澜江市环境保护局2017年工作总结\n",
			items: []checks.Item{{Title: "澜江市环境保护局2017年工作总结", Date: day(2017, 12, 28)}},
		},
		{
			name: "a list item dated after it, on an undated page",
			text: "澜江市环境保护局2020年工作总结 2020-12-28\n",
			want: []string{"inst-huanjing-baohu-ju 环境保护局"},
		},
	}
	for _, tt := range tests {
		got := rulesOf(runItems(tt.text, tt.date, tt.items...))
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
