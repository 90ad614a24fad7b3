package docno

import (
	"strings"
	"testing"
)

func TestOwn(t *testing.T) {
	tests := []struct {
		name, title, text string
		want              []string // "canonical place"
	}{
		{
			name:  "under the heading",
			title: "澜江市教育局关于印发《澜江市课后服务管理办法》的通知 - 澜江市教育局",
			text:  "首页\n政策文件\n澜江市教育局关于印发《澜江市课后服务管理办法》的通知\n澜教发〔2026〕3号\n各区、县（市）教育局：\n现将《澜江市课后服务管理办法》印发给你们，请认真贯彻执行。",
			want:  []string{"澜教发〔2026〕3号 heading"},
		},
		{
			name:  "in brackets under the heading, after the date line",
			title: "关于印发《澜江市校园安全管理规定》的通知_澜江市人民政府",
			text:  "关于印发《澜江市校园安全管理规定》的通知\n发布时间：2026-03-02　来源：市教育局　字号：大 中 小\n（澜教发〔2026〕5号）\n各学校：",
			want:  []string{"澜教发〔2026〕5号 heading"},
		},
		{
			name:  "formal layout: under the issuer's mark, over the heading",
			title: "关于印发《澜江市校园安全管理规定》的通知",
			text:  "澜江市教育局文件\n澜教发〔2026〕6号\n关于印发《澜江市校园安全管理规定》的通知\n各学校：",
			want:  []string{"澜教发〔2026〕6号 heading"},
		},
		{
			name:  "in the title",
			title: "关于印发《澜江市学前教育资助实施办法》的通知（澜教发〔2026〕21号） - 澜江市教育局",
			text:  "正文",
			want:  []string{"澜教发〔2026〕21号 title"},
		},
		{
			name:  "索引号 table: label and value in cells",
			title: "澜江市教育局关于进一步规范招生入学工作的实施意见",
			text:  "索 引 号\n113399000026540012/2026-00015\n发布机构\n澜江市教育局\n文\u2002\u2002\u2002\u2002号\n澜教发〔2026〕15号\n成文日期\n2026-07-03\n澜江市教育局关于进一步规范招生入学工作的实施意见\n为进一步规范……",
			want:  []string{"澜教发〔2026〕15号 field"},
		},
		{
			name:  "labelled on one line among other fields",
			title: "某文件",
			text:  "索引号：11339/2026-1 发文字号：澜政办发〔2026〕8号 发布日期：2026-05-01\n正文",
			want:  []string{"澜政办发〔2026〕8号 field"},
		},
		{
			name:  "[发文字号] label",
			title: "国务院办公厅关于2022年部分节假日安排的通知",
			text:  "[发文机构] 国务院办公厅\n[发文字号] 国办发明电〔2021〕11号\n国务院办公厅关于2022年部分节假日安排的通知\n国办发明电〔2021〕11号\n各省、自治区、直辖市人民政府：",
			want:  []string{"国办发明电〔2021〕11号 field"},
		},
		{
			name:  "citations in running text are not the document's",
			title: "关于做好2026年寒假期间学生安全工作的通知",
			text:  "关于做好2026年寒假期间学生安全工作的通知\n各学校：\n根据《教育部办公厅关于做好2026年寒假有关工作的通知》（教基厅函〔2025〕33号）要求，按照市政府办公室澜政办发〔2024〕5号文件精神，现就有关事项通知如下。",
		},
		{
			name:  "a title citing another document's 文号",
			title: "关于转发国办发〔2025〕3号文件的通知",
			text:  "关于转发国办发〔2025〕3号文件的通知\n各学校：现将国办发〔2025〕3号文件转发给你们。",
		},
		{
			name:  "a sidebar list of other documents",
			title: "澜江市教育局2026年工作动态",
			text:  "相关文件\n关于印发《澜江市课后服务管理办法》的通知（澜教发〔2026〕3号）\n澜教发〔2025〕9号\n澜江市教育局2026年工作动态\n本月全市开展……（详见澜教发〔2026〕3号）",
		},
		{
			name:  "字号 is the font size, not a label",
			title: "某通知",
			text:  "字号：大 中 小\n澜教发〔2026〕3号 已废止的文件目录见附件。",
		},
		{
			name:  "a number far below the heading, after body text",
			title: "关于印发《澜江市课后服务管理办法》的通知",
			text:  "关于印发《澜江市课后服务管理办法》的通知\n各区、县（市）教育局，市直属各学校：现将《澜江市课后服务管理办法》印发给你们，请结合实际认真贯彻执行，执行中遇到的问题请及时反馈。\n澜教发〔2025〕9号",
		},
	}
	for _, tt := range tests {
		var got []string
		for _, n := range Own(tt.title, tt.text) {
			got = append(got, n.Canonical+" "+string(n.Place))
			src := tt.text
			if n.Place == InTitle {
				src = tt.title
			}
			if n.Start < 0 || n.End > len(src) || !strings.Contains(src[n.Start:n.End], "号") {
				t.Errorf("%s: offsets %d..%d wrong for %q", tt.name, n.Start, n.End, n.Raw)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: Own = %q, want %q", tt.name, got, tt.want)
		}
	}
}
