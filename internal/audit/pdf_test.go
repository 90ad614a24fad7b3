package audit_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/annualreport"
	"govaudit/checks/personalinfo"
	"govaudit/checks/secrecy"
	"govaudit/internal/audit"
	"govaudit/internal/filetext"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

// TestPDFAttachments: the text of PDF attachments is read. A 公示名单 PDF
// with ID numbers (18 and 15 digits) and mobiles and a 机密★1年 mark is
// reported, masked; a PDF that takes too long is abandoned with a note
// (file-unread) and the audit finishes; a damaged PDF gets a note too; an
// annual report published only as a PDF is checked.
func TestPDFAttachments(t *testing.T) {
	mingdan, err := os.ReadFile("../filetext/testdata/mingdan-libreoffice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	slow, err := os.ReadFile("../filetext/testdata/slow-fanout.pdf")
	if err != nil {
		t.Fatal(err)
	}
	ndbg, err := os.ReadFile("../annualreport/testdata/hangzhou-education-2020-changed.pdf")
	if err != nil {
		t.Fatal(err)
	}
	old := filetext.PDFTimeout
	filetext.PDFTimeout = 2 * time.Second
	defer func() { filetext.PDFTimeout = old }()

	pdf := func(b []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>澜江市教育局</title></head><body>
<p><a href="/files/mingdan.pdf">2026年资助名单公示.pdf</a></p>
<p><a href="/files/slow.pdf">规划图册.pdf</a></p>
<p><a href="/files/damaged.pdf">旧文件.pdf</a></p>
<p><a href="/files/ndbg.pdf">2020年政府信息公开工作年度报告</a></p>
</body></html>`))
	})
	mux.HandleFunc("/files/mingdan.pdf", pdf(mingdan))
	mux.HandleFunc("/files/slow.pdf", pdf(slow))
	mux.HandleFunc("/files/ndbg.pdf", pdf(ndbg))
	// damaged: a PDF header and trailer, nothing readable between
	mux.HandleFunc("/files/damaged.pdf", pdf([]byte("%PDF-1.4\n"+strings.Repeat("garbage\n", 100)+"%%EOF\n")))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{annualreport.Check, personalinfo.Check, secrecy.Check},
		Timeout: 5 * time.Second, AsOf: time.Date(2026, 1, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	o, err := audit.Run(ctx, cfg, st)
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	t.Logf("audit took %v", time.Since(start))

	got := map[string]string{}
	for _, f := range o.Findings {
		got[f.Check+" "+string(f.Severity)+" "+f.Rule+" "+strings.TrimPrefix(f.Target, srv.URL)] = f.Message + " | " + f.Evidence
	}
	want := map[string]string{
		"personal-info error id-number /files/mingdan.pdf":      "附件含 3 个未脱敏的身份证号码 | 3301************3X、3301************44、1101*********02",
		"personal-info error mobile /files/mingdan.pdf":         "附件含 3 个未脱敏的手机号码 | 138******78、139******21、150******78",
		"secrecy-mark error classified-mark /files/mingdan.pdf": "发布的内容带有密级标志“机密★1年”，涉密信息不得公开 | 机密★1年",
		"personal-info info file-unread /files/slow.pdf":        "附件内容未能读取，其中的个人信息、密级标志等未检查 | PDF 解析超时（超过 2s，已放弃）",
		"personal-info info file-unread /files/damaged.pdf":     "附件内容未能读取，其中的个人信息、密级标志等未检查 | PDF 无法解析: 3: incorrect format",
		"annual-report error column-balance /files/ndbg.pdf":    "2020年年度报告（PDF 附件）：表三“自然人”列：本年新收 23 + 上年结转 2 = 25，但办理结果总计 23 + 结转下年度 0 = 23 | 一 23，二 2，三(七) 23，四 0",
		"annual-report error row-total /files/ndbg.pdf":         "2020年年度报告（PDF 附件）：表三“二、上年结转”行：六类申请人 2 + 0 + 0 + 0 + 0 + 0 = 2，但总计列为 0 | 二、上年结转：2 / 0 / 0 / 0 / 0 / 0 / 0",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s:\n got %q\nwant %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d findings, want %d:\n%v", len(got), len(want), got)
	}
	for _, f := range o.Findings {
		if f.Page != srv.URL+"/" {
			t.Errorf("%s on page %s, want the page that links it", f.Rule, f.Page)
		}
	}
	var out bytes.Buffer
	if err := report.Render(&out, "json", o, report.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"33010619900101123X", "330102198506120044", "110105491231002", "13812345678", "13987654321", "15012345678"} {
		if strings.Contains(out.String(), n) {
			t.Errorf("the report leaks %s", n)
		}
	}
}
