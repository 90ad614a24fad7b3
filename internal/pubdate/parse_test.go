package pubdate

import (
	"strings"
	"testing"
	"time"
)

// day and minute build expected times in Asia/Shanghai.
func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, Location) }

func at(y, m, d, hh, mi, ss int) time.Time {
	return time.Date(y, time.Month(m), d, hh, mi, ss, 0, Location)
}

// parseCases are real-world date strings; TestParse checks them and the
// fuzz targets start from them.
var parseCases = []struct {
	in   string
	year int
	want time.Time // zero: must fail
}{
	{"2020-12-31", 0, day(2020, 12, 31)},
	{"2020-1-5", 0, day(2020, 1, 5)},
	{"2020/12/31", 0, day(2020, 12, 31)},
	{"2020.12.31", 0, day(2020, 12, 31)},
	{"2020年12月31日", 0, day(2020, 12, 31)},
	{"2020年1月5日", 0, day(2020, 1, 5)},
	{"2020 年 1 月 5 日", 0, day(2020, 1, 5)}, // Word documents pasted into the CMS
	{"二〇二〇年十二月三十一日", 0, day(2020, 12, 31)},
	{"二○二○年一月五日", 0, day(2020, 1, 5)}, // ○ (U+25CB) typed for 〇
	{"二〇二一年十月二十日", 0, day(2021, 10, 20)},
	{"二O二一年三月十日", 0, day(2021, 3, 10)}, // Latin O typed for 〇
	{"[12-31]", 2020, day(2020, 12, 31)},
	{"12-31", 2020, day(2020, 12, 31)},
	{"12月31日", 2020, day(2020, 12, 31)},
	{"[1-5]", 2021, day(2021, 1, 5)},
	{"(2020-12-31)", 0, day(2020, 12, 31)},
	{"（2020-12-31）", 0, day(2020, 12, 31)},
	{"【2020-12-31】", 0, day(2020, 12, 31)},
	{"[2020-12-31]", 0, day(2020, 12, 31)},
	{"2020-12-31 10:20", 0, at(2020, 12, 31, 10, 20, 0)},
	{"2020-12-31 10:20:30", 0, at(2020, 12, 31, 10, 20, 30)},
	{"2020/12/31 10:20", 0, at(2020, 12, 31, 10, 20, 0)},
	{"2020-12-31T10:20:30", 0, at(2020, 12, 31, 10, 20, 30)},
	{"2020-12-31 10:20:30.0", 0, at(2020, 12, 31, 10, 20, 30)}, // java.sql.Timestamp
	{"2020年12月31日 10:20", 0, at(2020, 12, 31, 10, 20, 0)},
	{"2020年12月31日10时20分", 0, at(2020, 12, 31, 10, 20, 0)},
	{"２０２０－１２－３１", 0, day(2020, 12, 31)},
	{"２０２０年１２月３１日", 0, day(2020, 12, 31)},
	{"2020-12-31　１０：２０", 0, at(2020, 12, 31, 10, 20, 0)},
	{"\u00a02020-12-31\u00a0", 0, day(2020, 12, 31)},
	{"2020-02-29", 0, day(2020, 2, 29)},
	{"2000-02-29", 0, day(2000, 2, 29)},

	// Rejected.
	{"2020-02-30", 0, time.Time{}},
	{"2020-13-01", 0, time.Time{}},
	{"2021-02-29", 0, time.Time{}},
	{"1900-02-29", 0, time.Time{}},
	{"2020-00-10", 0, time.Time{}},
	{"2020-04-31", 0, time.Time{}},
	{"2020年13月1日", 0, time.Time{}},
	{"二〇二〇年十三月一日", 0, time.Time{}},
	{"12-31", 0, time.Time{}}, // no context year
	{"[12-31]", 0, time.Time{}},
	{"02-29", 2021, time.Time{}},
	{"20201231", 0, time.Time{}}, // only in URLs
	{"2020年", 0, time.Time{}},    // a year alone
	{"2020年12月", 0, time.Time{}}, // a month alone
	{"2020-12", 0, time.Time{}},
	{"0571-87654321", 2020, time.Time{}},
	{"杭教发〔2020〕12号", 2020, time.Time{}},
	{"330106199001011234", 0, time.Time{}},
	{"v2020.1.2", 0, time.Time{}},
	{"1.2.3", 2020, time.Time{}},
	{"2020-12-31 是", 0, time.Time{}},
	{"2020-12-312", 0, time.Time{}},
	{"12020-12-31", 0, time.Time{}},
	{"3020-12-31", 0, time.Time{}},
	{"", 0, time.Time{}},
	{"[]", 0, time.Time{}},
}

func TestParse(t *testing.T) {
	for _, tt := range parseCases {
		got, ok := Parse(tt.in, tt.year)
		if tt.want.IsZero() {
			if ok {
				t.Errorf("Parse(%q, %d) = %v, want failure", tt.in, tt.year, got)
			}
			continue
		}
		if !ok || !got.Equal(tt.want) {
			t.Errorf("Parse(%q, %d) = %v, %v; want %v", tt.in, tt.year, got, ok, tt.want)
		}
		if ok && got.Location() != Location {
			t.Errorf("Parse(%q): location %v", tt.in, got.Location())
		}
	}
}

var findAllCases = []struct {
	name string
	in   string
	year int
	want []string // the matched text of each date, with its time of day
}{
	{"list row", "关于做好2021年元旦春节期间校园安全工作的通知 2020-12-31", 0, []string{"2020-12-31"}},
	{"bracketed md", "[11-27] 市教育局召开全市教育系统冬季安全工作部署会", 2020, []string{"11-27"}},
	{"md without year", "[11-27] 市教育局召开会议", 0, nil},
	{"source line", "来源：市教育局  发布时间：2020-12-31  浏览次数：", 0, []string{"2020-12-31"}},
	{"two dates", "成文日期：2020-12-25 发布日期：2020年12月31日", 0, []string{"2020-12-25", "2020年12月31日"}},
	{"with time", "发布时间: 2020年12月31日 10:20 来源：", 0, []string{"2020年12月31日 10:20"}},
	{"official document date", "杭州市教育局\n二〇二〇年十二月三十一日\n（此件公开发布）", 0, []string{"二〇二〇年十二月三十一日"}},
	{"full width", "日期：２０２０－１２－３１", 0, []string{"２０２０－１２－３１"}},
	{"phone", "联系电话：0571-87654321，传真：0571-87654322", 2020, nil},
	{"docno", "杭教发〔2020〕12号 浙政办发[2021]5号", 2020, nil},
	{"id number", "身份证号：330106199001011234", 2020, nil},
	{"eight digits", "编号20201231，索引号：002482365/2020-12345", 2020, nil},
	{"year alone", "2020年是全面建成小康社会之年，2020年度报告", 2020, nil},
	{"month alone", "2020年12月全市共办结23件", 2020, nil},
	{"version", "浏览器版本v2020.1.2，建议使用IE11", 0, nil},
	{"age range", "面向12-15岁学生开放", 2020, nil},
	{"article range", "第12-15条规定", 2020, nil},
	{"percent", "同比增长12-15%", 2020, nil},
	{"one-digit md unbracketed", "共1-2人", 2020, nil},
	{"range of dates", "报名时间：2020年12月1日至12月10日", 2020, []string{"2020年12月1日", "12月10日"}},
	{"invalid then valid", "2020-02-30 2020-03-01", 0, []string{"2020-03-01"}},
	{"chinese md", "12月31日上午，市教育局召开会议", 2020, []string{"12月31日"}},
	{"index number", "索引号：113399000026540012/2026-00009", 2026, nil},
	{"time only", "开放时间：8:30-17:00", 2020, nil},
	{"url in text", "/art/2020/12/31/art_1229_5678.html", 0, []string{"2020/12/31"}},
	{"adjacent", "(2020-12-31)[2021-01-05]", 0, []string{"2020-12-31", "2021-01-05"}},
}

func TestFindAll(t *testing.T) {
	for _, tt := range findAllCases {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range FindAll(tt.in, tt.year) {
				got = append(got, tt.in[f.Start:f.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("FindAll(%q, %d) = %q, want %q", tt.in, tt.year, got, tt.want)
			}
		})
	}
}

var labelCases = []struct {
	name string
	in   string
	want time.Time
}{
	{"发布日期", "发布日期：2020-12-31", day(2020, 12, 31)},
	{"发布时间 ascii colon", "发布时间: 2020年12月31日 10:20", at(2020, 12, 31, 10, 20, 0)},
	{"日期 bracketed", "日期：[2020-12-31]", day(2020, 12, 31)},
	{"source line", "来源：市教育局  发布时间：2020-12-31  浏览次数：", day(2020, 12, 31)},
	{"bracket label", "[发布日期] 2020-12-31", day(2020, 12, 31)},
	{"lenticular label", "【发布时间】2020-12-31 10:20:30", at(2020, 12, 31, 10, 20, 30)},
	{"in brackets", "[ 发布日期：2020-12-31 ]  [ 打印 ]", day(2020, 12, 31)},
	{"nbsp", "发布日期：\u00a0\u00a02020-12-31", day(2020, 12, 31)},
	{"full width", "发布时间：２０２０－１２－３１", day(2020, 12, 31)},
	{"publish wins over document date", "成文日期：2020-12-25\n发布日期：2020-12-31", day(2020, 12, 31)},
	{"generic wins over document date", "成文日期：2020-12-25\n日期：2020-12-31", day(2020, 12, 31)},
	{"document date alone", "索引号：002482365/2020-00123\n成文日期：二〇二〇年十二月二十五日", day(2020, 12, 25)},
	{"更新时间", "更新时间：2020-12-31 16:00", at(2020, 12, 31, 16, 0, 0)},
	{"信息来源 line", "信息来源：杭州市教育局　2020-12-31", day(2020, 12, 31)},
	{"first of tier", "发布日期：2020-12-31 发布日期：2021-01-01", day(2020, 12, 31)},
	{"发文日期", "发文日期：2020年12月20日", day(2020, 12, 20)},
	{"发布于", "发布于 2020-12-31", day(2020, 12, 31)},
	{"xxgk table", "文号 澜教发〔2026〕9号 成文日期 2026-04-18\n公开方式 主动公开", day(2026, 4, 18)},
	{"deadline is not a label", "截止日期：2021-01-15\n报名时间：2021-01-05", time.Time{}},
	{"meeting time is not a label", "会议时间：2020年12月31日上午9:00", time.Time{}},
	{"no year", "发布时间：12-31", time.Time{}},
	{"label without date", "发布日期：\n浏览次数：12", time.Time{}},
	{"date without label", "2020-12-31", time.Time{}},
	{"invalid date", "发布日期：2020-02-30", time.Time{}},
}

func TestLabel(t *testing.T) {
	for _, tt := range labelCases {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Label(tt.in)
			if tt.want.IsZero() {
				if ok {
					t.Errorf("Label(%q) = %v, want none", tt.in, got)
				}
				return
			}
			if !ok || !got.Equal(tt.want) {
				t.Errorf("Label(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestMeta(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2020-12-31 10:20", at(2020, 12, 31, 10, 20, 0)},
		{"2020-12-31", day(2020, 12, 31)},
		{"2020/12/31 10:20:30", at(2020, 12, 31, 10, 20, 30)},
		{"2020-12-31 10:20:30.0", at(2020, 12, 31, 10, 20, 30)},
		{" 2020-12-31 ", day(2020, 12, 31)},
		{"2020-12-31T10:20:00+08:00", at(2020, 12, 31, 10, 20, 0)},
		{"2020-12-31T02:20:00Z", at(2020, 12, 31, 10, 20, 0)},
		{"2020-12-31T10:20:00", at(2020, 12, 31, 10, 20, 0)},
		{"2020年12月31日", day(2020, 12, 31)},
		{"20201231", day(2020, 12, 31)},
		{"20201231102030", at(2020, 12, 31, 10, 20, 30)},
		// Compact with minutes only (12 digits), and the lengths
		// around the three it takes: a 文号-like run of digits is no date.
		{"202012311020", at(2020, 12, 31, 10, 20, 0)},
		{"2020123110", time.Time{}},
		{"20201231102", time.Time{}},
		{"2020123110203", time.Time{}},
		{"202012311020301", time.Time{}},
		{"", time.Time{}},
		{"2020-13-31", time.Time{}},
		{"20201331", time.Time{}},
		{"${pubdate}", time.Time{}},
		{"<!--PubDate-->", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := Meta(tt.in)
		if tt.want.IsZero() {
			if ok {
				t.Errorf("Meta(%q) = %v, want failure", tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(tt.want) {
			t.Errorf("Meta(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestFromURL(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		day  bool
	}{
		{"http://edu.hangzhou.gov.cn/art/2020/12/31/art_1229_5678.html", day(2020, 12, 31), true},
		{"http://jyj.lanjiang.gov.cn/xxgk/gzdt/202611/t20261127_5012201.html", day(2026, 11, 27), true},
		{"/xxgk/tzgg/t20201231_123.html", day(2020, 12, 31), true},
		{"http://www.gov.cn/zhengce/content/2020-12/31/content_5575.htm", day(2020, 12, 31), true},
		{"http://www.xinhuanet.com/politics/2020-12/31/c_1126932.htm", day(2020, 12, 31), true},
		{"http://politics.people.com.cn/n1/2020/1231/c1001-31984.html", day(2020, 12, 31), true},
		{"http://example.gov.cn/news/20201231/123.html", day(2020, 12, 31), true},
		{"http://example.gov.cn/news/2020/12/31/123.html", day(2020, 12, 31), true},
		{"http://example.gov.cn/news/2020-12-31/123.html", day(2020, 12, 31), true},
		{"http://www.zj.gov.cn/module/download/downfile.jsp?classid=0&filename=P020201231512345678901.pdf", time.Time{}, false},
		{"http://www.moe.gov.cn/srcsite/A06/s3321/202012/P020201231512345678901.pdf", day(2020, 12, 31), true},
		{"http://www.moe.gov.cn/srcsite/A06/s3321/202012/", day(2020, 12, 1), false},
		{"http://example.gov.cn/xxgk/2020-12/index.html", day(2020, 12, 1), false},
		{"http://example.gov.cn/xxgk/202012/t20201331_1.html", day(2020, 12, 1), false}, // bad day: month only
		{"http://example.gov.cn/xxgk/index.html", time.Time{}, false},
		{"http://example.gov.cn/col/col1229/index.html?uid=5678&pageNum=2", time.Time{}, false},
		{"http://example.gov.cn/xxgk/12345678/index.html", time.Time{}, false},
		{"http://20201231.example.cn/index.html", time.Time{}, false}, // host digits
		{"http://example.gov.cn/art/2020/2/30/art_1_2.html", day(2020, 2, 1), false},
		{"%zz", time.Time{}, false},
	}
	for _, tt := range tests {
		got, gotDay, ok := FromURL(tt.in)
		if tt.want.IsZero() {
			if ok {
				t.Errorf("FromURL(%q) = %v, want none", tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(tt.want) || gotDay != tt.day {
			t.Errorf("FromURL(%q) = %v, day %v, %v; want %v, day %v", tt.in, got, gotDay, ok, tt.want, tt.day)
		}
	}
}

// A year-less month-day ("12-31", as list rows write it) exists when the
// month and day could, in any year: at each end of both ranges.
func TestValidMonthDay(t *testing.T) {
	for _, tc := range []struct {
		m, d int
		want bool
	}{
		{1, 1, true}, {12, 31, true}, {2, 29, true}, {4, 30, true},
		{0, 5, false}, {13, 5, false}, {12, 0, false}, {12, 32, false},
		{2, 30, false}, {4, 31, false}, {6, 31, false}, {9, 31, false}, {11, 31, false},
	} {
		if got := validMD(tc.m, tc.d); got != tc.want {
			t.Errorf("validMD(%d, %d) = %v, want %v", tc.m, tc.d, got, tc.want)
		}
	}
	// Through Parse, with the context year of a list.
	for _, in := range []string{"13-05", "00-05", "12-32", "02-30"} {
		if got, ok := Parse(in, 2026); ok {
			t.Errorf("Parse(%q, 2026) = %v, want no date", in, got)
		}
	}
	for in, want := range map[string]time.Time{"12-31": day(2026, 12, 31), "01-05": day(2026, 1, 5)} {
		if got, ok := Parse(in, 2026); !ok || !got.Equal(want) {
			t.Errorf("Parse(%q, 2026) = %v, %v; want %v", in, got, ok, want)
		}
	}
}
