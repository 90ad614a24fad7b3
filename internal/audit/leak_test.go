package audit_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"govaudit/internal/audit"
	"govaudit/internal/outcome"
	"govaudit/internal/pii"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

// This file is the end-to-end test of govaudit's promise that personal data
// never leaves it unmasked: a site plants ID and mobile numbers in every
// place a check copies text from (page text, attachment text, page and
// target URLs, link text, page titles, column names, the start URL), every
// check runs on it, and every output — every report format, of the outcome
// as returned and as reloaded from the store, the raw store file and the
// logs — is searched for the numbers.

// leakID completes 17 digits with their GB 11643 check digit.
func leakID(first17 string) string { return first17 + string(pii.CheckDigit(first17)) }

// leakHost is the site's name; the test dials it on loopback. A fixed name
// (not 127.0.0.1:port) keeps URLs, and so fingerprints, the same every run.
const leakHost = "www.leak-test.gov.cn"

// The planted numbers, each in one place, so a leak says where it came from.
var (
	// 11010519491231002X is the example number of GB 11643 itself: its
	// check digit X is published, not computed by the code under test.
	leakIDGB = "11010519491231002X"

	leakIDPageURL = leakID("33010619900307123") // a crawled page's URL: /search.html?sfzh=…
	leakIDPDF     = leakID("44030419851120004") // a broken attachment's file name: /files/….pdf
	leakIDText    = leakID("32010219760815321") // personal-info: page text (with leakIDGB, lower-case x)
	leakIDXLSX1   = leakID("51010719930214567") // personal-info: xlsx attachment
	leakIDXLSX2   = leakID("37020219880521246") // personal-info: xlsx attachment
	leakID15      = "310104520314125"           // personal-info: a 15-digit (first-generation) ID in page text

	leakStart       = "13812345678" // the start URL (homepage, annual-report, run.Site)
	leakWordPage    = "15967001234" // banned-wording evidence on a page, written 159-6700-1234
	leakWordCSV     = "18657009876" // banned-wording evidence in a csv row
	leakDeadTarget  = "13957005566" // dead-link target /search.html?tel=…
	leakDeadText    = "17757001122" // dead-link text 联系人 张三 …
	leakStaleName   = "15057003344" // stale column's name (ColumnName meta)
	leakEmptyName   = "13657007788" // empty column's name (ColumnName meta)
	leakFutureTitle = "18157002233" // future-dated list item's title
	leakDocTitle    = "13757004455" // policy document's title (missing-interpretation)
	leakSecrecy     = "15867006677" // beside 机密★1年
	leakFullWidth   = "18867008899" // personal-info, written in full-width digits
	leakBlocked     = "13567009900" // a 403 target's URL (blocked)
	leakCSVURL      = "13157002468" // a csv attachment's URL
	leakWordDOCX    = "19857003579" // banned-wording evidence in a docx paragraph
	leakStaleItem   = "13357001357" // stale column's newest item title (evidence)
	leakAccept      = "19957000011" // an acceptance's reason and author (second run)
	leakHyphen      = "13457002580" // personal-info, written 134-5700-2580
	leakXLSXMobile  = "18957001593" // personal-info: xlsx attachment
	leakSearchPage  = "13257001470" // personal-info and wording on the page whose URL holds an ID
	leakDocColumn   = "15157008642" // policy document's column name (Finding.Column)
)

// leakPlant is one planted number and where it stands.
type leakPlant struct{ number, where string }

// leakPlanted are the planted numbers.
func leakPlanted() []leakPlant {
	return []leakPlant{
		{leakIDGB, "page text (GB 11643 example, lower-case x)"},
		{leakIDPageURL, "crawled page URL ?sfzh="},
		{leakIDPDF, "broken attachment file name"},
		{leakIDText, "page text"},
		{leakIDXLSX1, "xlsx cell"},
		{leakIDXLSX2, "xlsx cell"},
		{leakID15, "page text, 15-digit ID"},
		{leakStart, "start URL"},
		{leakWordPage, "wording sentence on a page"},
		{leakWordCSV, "wording sentence in a csv"},
		{leakDeadTarget, "dead-link target URL"},
		{leakDeadText, "dead-link text"},
		{leakStaleName, "stale column name"},
		{leakEmptyName, "empty column name"},
		{leakFutureTitle, "future-dated item title"},
		{leakDocTitle, "policy document title"},
		{leakSecrecy, "beside a secrecy mark"},
		{leakFullWidth, "page text, full-width digits"},
		{leakBlocked, "blocked target URL"},
		{leakCSVURL, "csv attachment URL"},
		{leakWordDOCX, "wording sentence in a docx"},
		{leakStaleItem, "stale column's newest item"},
		{leakAccept, "acceptance reason and author"},
		{leakHyphen, "page text, 134-5700-2580"},
		{leakXLSXMobile, "xlsx cell"},
		{leakSearchPage, "page text of the page whose URL holds an ID"},
		{leakDocColumn, "policy document's column name"},
	}
}

// leakKind is a planted number's kind.
func leakKind(n string) pii.Kind {
	if len(n) == 18 || len(n) == 15 {
		return pii.IDNumber
	}
	return pii.Mobile
}

// leakHyphenated writes a mobile 3-4-4 with hyphens, as pages do.
func leakHyphenated(m string) string { return m[:3] + "-" + m[3:7] + "-" + m[7:] }

// leakFullWidthDigits writes n's digits full-width (１３８…).
func leakFullWidthDigits(n string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '０' + r - '0'
		}
		return r
	}, n)
}

// leakVariants are the forms a leaked number could take in an output: as
// planted, hyphenated and spaced as pages write them, lower-case x,
// full-width, and the parts the mask hides (a mobile's last 8 digits; an
// ID's region and birth date, its birth date and sequence).
func leakVariants(n string) []string {
	v := []string{n, leakFullWidthDigits(n)}
	switch len(n) {
	case 11:
		v = append(v, leakHyphenated(n), n[:3]+" "+n[3:7]+" "+n[7:], n[3:])
	case 18:
		v = append(v, strings.ToLower(n), n[:6]+" "+n[6:14]+" "+n[14:], n[:6]+"-"+n[6:14]+"-"+n[14:], n[:14], n[6:17])
	case 15:
		v = append(v, n[:6]+" "+n[6:12]+" "+n[12:], n[:6]+"-"+n[6:12]+"-"+n[12:], n[:12], n[4:13])
	}
	return v
}

// leakFind returns the first form of n out holds.
func leakFind(out []byte, n string) (string, bool) {
	for _, v := range leakVariants(n) {
		if bytes.Contains(out, []byte(v)) {
			return v, true
		}
	}
	return "", false
}

func leakScan(s, n string) bool { _, ok := leakFind([]byte(s), n); return ok }

// leakSite is the planted site. After repair (the second run) the
// wording typo on /tzgg/ is corrected and the homepage no longer links the
// page whose URL holds an ID.
type leakSite struct {
	repaired atomic.Bool
}

// leakHTML is a page: head (title and meta tags) and body.
func leakHTML(title string, meta map[string]string, body string) string {
	var m strings.Builder
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&m, "<meta name=%q content=%q>\n", k, meta[k])
	}
	// The footer repeats a typo on every page: the driver folds it into
	// one finding on the homepage whose message names the first page,
	// the start URL with its number.
	return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>` + title + `</title>
` + m.String() + `</head><body>
` + body + `
<div class="footer"><p>本站将一如继往提供优质服务。</p><p>主办单位：澜江市测试局　联系电话：0570-87654321</p></div>
</body></html>`
}

func (s *leakSite) home() string {
	search := `<li><a href="/search.html?sfzh=` + leakIDPageURL + `">办件查询</a></li>`
	if s.repaired.Load() {
		search = ""
	}
	return leakHTML("澜江市测试局", nil, `<div class="nav"><ul>
<li><a href="/gzdt/index.html">工作动态</a></li>
<li><a href="/zdxm/index.html">重点项目</a></li>
<li><a href="/lxwm/index.html">联系我们</a></li>
`+search+`
</ul></div>
<div class="list"><h2>最新信息</h2><ul>
<li><a href="/tzgg/t20261005_1.html" title="关于做好秋季学期工作的通知">关于做好秋季学期工作的通知</a><span class="date">2026-10-05</span></li>
<li><a href="/gs/mingdan.html" title="2026年资助对象名单公示">2026年资助对象名单公示</a><span class="date">2026-10-03</span></li>
<li><a href="/zcwj/t20261001_2.html" title="关于公布招生咨询电话的通知">关于公布招生咨询电话的通知</a><span class="date">2026-10-01</span></li>
<li><a href="/gzdt/t20260901_1.html" title="值班表">值班表</a><span class="date">2026-09-01</span></li>
</ul></div>`)
}

func (s *leakSite) wordingPage() string {
	typo := "再接再励"
	if s.repaired.Load() {
		typo = "再接再厉"
	}
	return leakHTML("关于做好秋季学期工作的通知 - 澜江市测试局", map[string]string{"PubDate": "2026-10-05", "ColumnName": "通知公告"},
		`<div class="article"><h1>关于做好秋季学期工作的通知</h1>
<p>希望全体师生`+typo+`，如有疑问请致电`+leakHyphenated(leakWordPage)+`咨询。</p>
<p>附件：<a href="/files/lianxi-`+leakCSVURL+`.csv">联系表.csv</a> <a href="/files/tongzhi.docx">通知.docx</a></p>
</div>`)
}

func leakPersonalPage() string {
	return leakHTML("2026年资助对象名单公示 - 澜江市测试局", map[string]string{"PubDate": "2026-10-03", "ColumnName": "通知公告"},
		`<div class="article"><h1>2026年资助对象名单公示</h1>
<p>机密★1年　经办人电话 `+leakSecrecy+`</p>
<table><tr><th>序号</th><th>姓名</th><th>身份证号</th><th>联系电话</th></tr>
<tr><td>1</td><td>王五</td><td>`+leakIDText+`</td><td>`+leakFullWidthDigits(leakFullWidth)+`</td></tr>
<tr><td>2</td><td>赵六</td><td>`+strings.ToLower(leakIDGB)+`</td><td>`+leakHyphenated(leakHyphen)+`</td></tr>
<tr><td>3</td><td>钱七</td><td>`+leakID15+`</td><td></td></tr>
</table>
<p>附件：<a href="/files/mingdan.xlsx">名单.xlsx</a></p>
</div>`)
}

func leakDocPage() string {
	title := "澜江市测试局关于印发招生咨询手机" + leakDocTitle + "值班办法的通知"
	return leakHTML(title+" - 澜江市测试局", map[string]string{"PubDate": "2026-10-01", "ColumnName": "政策文件（咨询电话 " + leakDocColumn + "）"},
		`<div class="article"><h1>`+title+`</h1>
<p>澜测发〔2026〕5号</p>
<p>各学校：现将2026年招生咨询安排通知如下，请认真做好解答工作。</p>
</div>`)
}

func leakStaleColumn() string {
	return leakHTML("工作动态 - 澜江市测试局", map[string]string{"ColumnName": "工作动态（值班手机" + leakStaleName + "）"},
		`<div class="list"><h2>工作动态</h2><ul>
<li><a href="/gzdt/t20261220_1.html" title="关于元旦值班安排的通知（值班手机 `+leakFutureTitle+`）">关于元旦值班安排的通知（值班手机 `+leakFutureTitle+`）</a><span class="date">2026-12-20</span></li>
<li><a href="/gzdt/t20260901_1.html" title="值班表（联系人 `+leakStaleItem+`）">值班表（联系人 `+leakStaleItem+`）</a><span class="date">2026-09-01</span></li>
<li><a href="/gzdt/t20260815_1.html" title="工作简讯">工作简讯</a><span class="date">2026-08-15</span></li>
</ul></div>`)
}

func leakEmptyColumn() string {
	return leakHTML("重点项目 - 澜江市测试局", map[string]string{"ColumnName": "重点项目（联系人 " + leakEmptyName + "）"},
		`<div class="list"><h2>重点项目</h2><p class="empty">暂无信息</p></div>`)
}

func leakArticle(title, date string) string {
	return leakHTML(title+" - 澜江市测试局", map[string]string{"PubDate": date, "ColumnName": "工作动态"},
		`<div class="article"><h1>`+title+`</h1><p>发布日期：`+date+`</p><p>正文从略。</p></div>`)
}

func leakContactPage() string {
	return leakHTML("联系我们 - 澜江市测试局", nil, `<div class="article"><h1>联系我们</h1>
<p><a href="/search.html?tel=`+leakDeadTarget+`">联系人 张三 `+leakDeadText+`</a></p>
<p>报名表下载：<a href="/files/`+leakIDPDF+`.pdf"></a></p>
<p><a href="/forbidden.html?lxdh=`+leakBlocked+`">网上报名</a></p>
</div>`)
}

func leakSearchResult() string {
	return leakHTML("办件查询 - 澜江市测试局", nil, `<div class="article"><h1>办件查询结果</h1>
<p>申请人：李四，联系电话 `+leakSearchPage+`。</p>
<p>我们将一如继往做好办件服务。</p>
</div>`)
}

// leakCSV is the csv attachment; leakDOCXText the docx's paragraphs;
// leakXLSXRows the xlsx's cells.
func leakCSV() string {
	return "序号,内容\r\n1,我局将一如继往支持学校发展，联系人手机" + leakWordCSV + "\r\n"
}

func leakDOCXText() []string {
	return []string{"关于举办教职工运动会的通知", "全体职工要再接再励，报名请联系 " + leakWordDOCX + "。"}
}

func leakXLSXRows() [][]string {
	return [][]string{{"序号", "姓名", "身份证号", "手机"}, {"1", "孙七", leakIDXLSX1, leakXLSXMobile}, {"2", "周八", leakIDXLSX2, ""}}
}

func leakXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range leakXLSXRows() {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func leakDOCX(t *testing.T) []byte {
	t.Helper()
	var doc strings.Builder
	for _, p := range leakDOCXText() {
		doc.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			doc.String() + `</w:body></w:document>`},
	} {
		w, err := z.Create(part.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, part.body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (s *leakSite) handler(t *testing.T) http.Handler {
	xlsx, docx := leakXLSX(t), leakDOCX(t)
	html := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w, s.home())
	})
	mux.HandleFunc("/tzgg/t20261005_1.html", func(w http.ResponseWriter, r *http.Request) { html(w, s.wordingPage()) })
	mux.HandleFunc("/gs/mingdan.html", func(w http.ResponseWriter, r *http.Request) { html(w, leakPersonalPage()) })
	mux.HandleFunc("/zcwj/t20261001_2.html", func(w http.ResponseWriter, r *http.Request) { html(w, leakDocPage()) })
	mux.HandleFunc("/gzdt/index.html", func(w http.ResponseWriter, r *http.Request) { html(w, leakStaleColumn()) })
	mux.HandleFunc("/gzdt/t20261220_1.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, leakArticle("关于元旦值班安排的通知（值班手机 "+leakFutureTitle+"）", "2026-12-20"))
	})
	mux.HandleFunc("/gzdt/t20260901_1.html", func(w http.ResponseWriter, r *http.Request) {
		html(w, leakArticle("值班表（联系人 "+leakStaleItem+"）", "2026-09-01"))
	})
	mux.HandleFunc("/gzdt/t20260815_1.html", func(w http.ResponseWriter, r *http.Request) { html(w, leakArticle("工作简讯", "2026-08-15")) })
	mux.HandleFunc("/zdxm/index.html", func(w http.ResponseWriter, r *http.Request) { html(w, leakEmptyColumn()) })
	mux.HandleFunc("/lxwm/index.html", func(w http.ResponseWriter, r *http.Request) { html(w, leakContactPage()) })
	mux.HandleFunc("/search.html", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sfzh") == "" {
			http.NotFound(w, r) // ?tel=…: a dead link
			return
		}
		html(w, leakSearchResult())
	})
	mux.HandleFunc("/forbidden.html", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "403 Forbidden", http.StatusForbidden)
	})
	mux.HandleFunc("/files/lianxi-"+leakCSVURL+".csv", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		io.WriteString(w, leakCSV())
	})
	mux.HandleFunc("/files/tongzhi.docx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Write(docx)
	})
	mux.HandleFunc("/files/mingdan.xlsx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Write(xlsx)
	})
	return mux
}

// leakLog collects log and slog output from every goroutine.
type leakLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *leakLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *leakLog) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// leakRender writes o in every report format; the xlsx is given as the
// values of all its cells and their hyperlinks, and, apart, the text of
// every part of the file.
func leakRender(t *testing.T, name string, o *outcome.Outcome, opt report.Options, outputs map[string][]byte) {
	t.Helper()
	for _, format := range []string{"text", "json", "html", "csv"} {
		var b bytes.Buffer
		if err := report.Render(&b, format, o, opt); err != nil {
			t.Fatalf("%s %s: %v", name, format, err)
		}
		outputs[name+" "+format] = b.Bytes()
	}
	var b bytes.Buffer
	if err := report.Render(&b, "xlsx", o, opt); err != nil {
		t.Fatalf("%s xlsx: %v", name, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("%s xlsx: %v", name, err)
	}
	defer f.Close()
	var cells strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("%s xlsx sheet %s: %v", name, sheet, err)
		}
		for r, row := range rows {
			for c, v := range row {
				cells.WriteString(v)
				cells.WriteByte('\n')
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if ok, target, _ := f.GetCellHyperLink(sheet, cell); ok {
					cells.WriteString(target)
					cells.WriteByte('\n')
				}
			}
		}
	}
	if props, err := f.GetDocProps(); err == nil {
		fmt.Fprintf(&cells, "%s\n%s\n%s\n", props.Title, props.Subject, props.Description)
	}
	outputs[name+" xlsx cells"] = []byte(cells.String())
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatalf("%s xlsx: %v", name, err)
	}
	var parts bytes.Buffer
	for _, zf := range z.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatalf("%s xlsx %s: %v", name, zf.Name, err)
		}
		io.Copy(&parts, r)
		r.Close()
		parts.WriteByte('\n')
	}
	outputs[name+" xlsx parts"] = parts.Bytes()
}

// maskedRe finds numbers as pii masks them.
var maskedRe = regexp.MustCompile(`1[3-9][0-9]\*{6}[0-9]{2}|[0-9]{4}\*{12}[0-9X]{2}|[0-9]{4}\*{9}[0-9]{2}`)

// TestNoLeakFromAnyCheckOrOutput audits the planted site twice with every
// check, and searches every output for the planted numbers. It bites: with
// the driver's three pii.RedactValue calls (auditor.report, and the outcome
// and page records before Save) taken out, every report format, reloaded
// or not, and the store file leak 14 to 18 of the numbers.
func TestNoLeakFromAnyCheckOrOutput(t *testing.T) {
	planted := leakPlanted()
	masks := map[string]string{}
	for _, p := range planted {
		k := leakKind(p.number)
		if k == pii.IDNumber && !pii.ValidID(p.number) && !pii.ValidID15(p.number) || k == pii.Mobile && !pii.ValidMobile(p.number) {
			t.Fatalf("planted %s (%s) is not a valid number: the checks would not see it", p.number, p.where)
		}
		// Distinct masks tell the numbers apart (and no two are equal).
		m := pii.Mask(k, p.number)
		if other, dup := masks[m]; dup {
			t.Fatalf("%s and %s mask alike (%s)", p.number, other, m)
		}
		masks[m] = p.number
	}

	site := &leakSite{}
	cfg := audit.Config{
		Start:    "http://" + leakHost + "/?tel=" + leakStart,
		Checks:   allChecks,
		Parallel: 4,
		Timeout:  5 * time.Second,
		Retries:  1,
		Backoff:  50 * time.Millisecond,
		AsOf:     time.Date(2026, 11, 30, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)),
	}
	acceptance := outcome.Acceptance{Reason: "已致电 " + leakHyphenated(leakAccept) + " 核实，页面将下线", By: "李四 " + leakAccept, At: cfg.AsOf}

	// Every number is planted in a form pii masks (and the scan below
	// sees): planting one it does not recognise would test nothing.
	corpus := []string{cfg.Start, site.home(), site.wordingPage(), leakPersonalPage(), leakDocPage(), leakStaleColumn(),
		leakEmptyColumn(), leakContactPage(), leakSearchResult(), leakCSV(), acceptance.Reason, acceptance.By}
	corpus = append(corpus, leakDOCXText()...)
	for _, row := range leakXLSXRows() {
		corpus = append(corpus, row...)
	}
	maskable := map[string]bool{}
	for _, m := range pii.Find(strings.Join(corpus, "\n"), false) {
		maskable[m.Number] = true
	}
	for _, p := range planted {
		if !maskable[p.number] {
			t.Errorf("%s (%s) is not planted in a form pii.Redact masks", p.number, p.where)
		}
		if !leakScan(strings.Join(corpus, "\n"), p.number) {
			t.Errorf("%s (%s): the leak scan does not see it where it is planted", p.number, p.where)
		}
	}

	srv := httptest.NewServer(site.handler(t))
	defer srv.Close()

	var logs leakLog
	oldLog, oldFlags, oldSlog := log.Writer(), log.Flags(), slog.Default()
	log.SetOutput(&logs)
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer func() { log.SetOutput(oldLog); log.SetFlags(oldFlags); slog.SetDefault(oldSlog) }()

	dbPath := filepath.Join(t.TempDir(), "govaudit.db")
	st, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	cfg.Hosts, cfg.HostsOnly = map[string]string{leakHost + ":80": srv.Listener.Addr().String()}, true
	run := func(cfg audit.Config) *outcome.Outcome {
		t.Helper()
		ctx, cancel := testDeadline(t, context.Background())
		defer cancel()
		o, err := audit.Run(ctx, cfg, st)
		if err != nil {
			t.Fatalf("audit: %v", err)
		}
		return o
	}

	first := run(cfg)
	// Nothing is proved unless every check reported on the planted site.
	reported := map[string]bool{}
	for _, f := range first.Findings {
		reported[f.Check] = true
	}
	var missing []string
	for _, c := range allChecks {
		if !reported[c.ID] {
			missing = append(missing, c.ID)
		}
	}
	if len(missing) > 0 {
		var got []string
		for _, f := range first.Findings {
			got = append(got, f.Check+"/"+f.Rule+" "+f.Page+" → "+f.Target)
		}
		t.Fatalf("checks that reported nothing on the planted site: %s; the test would prove nothing for them. Findings:\n  %s",
			strings.Join(missing, ", "), strings.Join(got, "\n  "))
	}
	if len(first.Blocked) == 0 {
		t.Error("the 403 target is not listed as blocked")
	}
	// The csv's findings wait for the end of the crawl with its URL
	// masked, and still name the page that links it.
	inCSV := 0
	for _, f := range first.Findings {
		if strings.HasSuffix(f.Target, ".csv") {
			inCSV++
			if !strings.HasSuffix(f.Page, "/tzgg/t20261005_1.html") {
				t.Errorf("%s/%s in %s is placed on %s, want the page linking it (/tzgg/t20261005_1.html)", f.Check, f.Rule, f.Target, f.Page)
			}
		}
	}
	if inCSV == 0 {
		t.Error("no finding in the csv attachment whose URL holds a number")
	}

	// The second run: the wording typo is corrected (fixed), the page whose
	// URL holds an ID is no longer linked (unverified), and the site's
	// configuration accepts the dead link with a number in its reason.
	var deadFP string
	for _, f := range first.Findings {
		if f.Check == "dead-link" && strings.Contains(f.Target, "tel=") {
			deadFP = f.Fingerprint
		}
	}
	if deadFP == "" {
		t.Fatal("no dead-link finding for /search.html?tel=…")
	}
	site.repaired.Store(true)
	acceptance.Fingerprint = deadFP
	cfg.Accepted = []outcome.Acceptance{acceptance}
	second := run(cfg)
	accepted := false
	for _, f := range second.Findings {
		accepted = accepted || f.Accepted != nil
	}
	if len(second.Fixed) == 0 || len(second.Unverified) == 0 || !accepted {
		t.Fatalf("second run: %d fixed, %d unverified, accepted %v; the test needs all three", len(second.Fixed), len(second.Unverified), accepted)
	}

	outputs := map[string][]byte{}
	runs, err := st.Runs(first.Run.Site)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range []*outcome.Outcome{first, second} {
		name := fmt.Sprintf("run %d", i+1)
		leakRender(t, name, o, report.Options{Trend: runs}, outputs)
		stored, err := st.Outcome(o.Run.Site, o.Run.ID)
		if err != nil {
			t.Fatalf("%s: reload: %v", name, err)
		}
		leakRender(t, name+" reloaded", stored, report.Options{Trend: runs}, outputs)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	outputs["store file"] = db
	outputs["log"] = logs.Bytes()

	names := make([]string, 0, len(outputs))
	for name := range outputs {
		names = append(names, name)
	}
	sort.Strings(names)
	leaked := map[string][]string{} // output → planted places
	for _, name := range names {
		out := outputs[name]
		for _, p := range planted {
			if v, ok := leakFind(out, p.number); ok {
				leaked[name] = append(leaked[name], fmt.Sprintf("%s (%s, planted in: %s)", v, p.number, p.where))
			}
		}
		if ms := pii.Find(string(out), true); len(ms) > 0 {
			leaked[name] = append(leaked[name], fmt.Sprintf("%d identifiers pii.Find sees, first %s", len(ms), ms[0].Masked()))
		}
		if name != "log" && !maskedRe.Match(out) {
			t.Errorf("%s holds no masked number: the findings did not reach it, and the test proves nothing for it", name)
		}
	}
	for _, name := range names {
		if l := leaked[name]; len(l) > 0 {
			sort.Strings(l)
			t.Errorf("%s leaks:\n  %s", name, strings.Join(l, "\n  "))
		}
	}

	// Every planted number reached the reports, masked: it was not lost
	// on the way, so its absence above means something.
	reports := append(append([]byte{}, outputs["run 1 json"]...), outputs["run 2 json"]...)
	for _, p := range planted {
		if m := pii.Mask(leakKind(p.number), p.number); !bytes.Contains(reports, []byte(m)) {
			t.Errorf("%s (%s, planted in: %s) does not appear masked in the JSON reports: nothing carried it there", m, p.number, p.where)
		}
	}
}
