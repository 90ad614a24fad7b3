package personalinfo_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/personalinfo"
	"govaudit/checks/secrecy"
	"govaudit/internal/audit"
	"govaudit/internal/pii"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

func id(first17 string) string { return first17 + string(pii.CheckDigit(first17)) }

// leaked are real-looking numbers (valid check digits) planted in a site.
var leaked = []string{
	id("33990019850312041"), id("33990020100607152"), id("11010519491231002"),
	"13857001234", "15967005678", "13957009012",
}

func leakPage() string {
	var rows strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&rows, "<tr><td>%d</td><td>某某%d</td><td>%s</td><td>%s</td></tr>\n", i+1, i, leaked[i], leaked[3+i])
	}
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>低保对象公示</title>
<meta name="PubDate" content="2026-11-20"></head><body>
<p>机密★1年</p><h1>2026年第四季度低保对象公示</h1>
<table><tr><th>序号</th><th>姓名</th><th>身份证号</th><th>联系电话</th></tr>
` + rows.String() + `</table>
<p>手机：139-5700-9012；身份证 ` + strings.ToLower(leaked[2]) + `</p>
<p><a href="/mingdan.xlsx">名单.xlsx</a> <a href="/dianhua.csv">电话.csv</a></p>
</body></html>`
}

func xlsx(cells ...string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	var row strings.Builder
	for _, c := range cells {
		fmt.Fprintf(&row, `<c t="inlineStr"><is><t>%s</t></is></c>`, c)
	}
	for name, body := range map[string]string{
		"[Content_Types].xml":      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml":          `<workbook/>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row>` + row.String() + `</row></sheetData></worksheet>`,
	} {
		w, _ := z.Create(name)
		w.Write([]byte(body))
	}
	z.Close()
	return b.Bytes()
}

// variants are the forms a leaked number could take in an output: as is,
// in upper and lower case, and its 3-4-4 and 6-8-4 hyphenated forms'
// digits-only core.
func variants(n string) []string {
	v := []string{n, strings.ToLower(n), strings.ToUpper(n)}
	if len(n) == 11 {
		v = append(v, n[:3]+"-"+n[3:7]+"-"+n[7:], n[3:]) // the last 8 digits alone
	}
	if len(n) == 18 {
		v = append(v, n[6:14]+n[14:17], n[:14]) // birth date and sequence; region and date
	}
	return v
}

// TestNoLeakInReportsStoreOrLogs runs a whole audit of a site that leaks ID
// and mobile numbers with personal-info and secrecy-mark, and greps every
// output — the text and JSON reports, the raw bytes of the bbolt file, and
// everything logged — for the numbers.
func TestNoLeakInReportsStoreOrLogs(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("User-agent: *\nAllow: /\n")) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head><body><a href="/gs.html">低保公示</a></body></html>`))
	})
	mux.HandleFunc("/gs.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(leakPage()))
	})
	mux.HandleFunc("/mingdan.xlsx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Write(xlsx(leaked...))
	})
	mux.HandleFunc("/dianhua.csv", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Write([]byte("姓名,手机\n某某," + leaked[3] + "\n某某," + leaked[4] + "\n"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// capture every log line
	var logs bytes.Buffer
	oldLog, oldFlags, oldSlog := log.Writer(), log.Flags(), slog.Default()
	log.SetOutput(&logs)
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer func() { log.SetOutput(oldLog); log.SetFlags(oldFlags); slog.SetDefault(oldSlog) }()

	dbPath := filepath.Join(t.TempDir(), "govaudit.db")
	st, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := audit.Run(ctx, audit.Config{
		Start:   srv.URL + "/",
		Checks:  []*checks.Check{personalinfo.Check, secrecy.Check},
		Timeout: 5 * time.Second,
	}, st)
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	// the direct path too: findings of both checks stored by FinishRun
	direct := append(personalinfo.Scan(leakPage(), "页面"), secrecy.Scan(leakPage())...)
	for i := range direct {
		direct[i].Page = srv.URL + "/direct.html"
	}
	run, err := st.BeginRun("http://direct.example/", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	run.Status = store.StatusComplete
	if err := st.FinishRun(run, direct, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	rules := map[string]bool{}
	for _, f := range res.Findings {
		rules[f.Check+"/"+f.Rule] = true
	}
	for _, want := range []string{"personal-info/id-number", "personal-info/mobile", "secrecy-mark/classified-mark"} {
		if !rules[want] {
			t.Errorf("the audit did not report %s (got %v): the test would prove nothing", want, rules)
		}
	}

	var text, js bytes.Buffer
	if err := report.Text(&text, res, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&js, res); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(text.Bytes(), []byte("未脱敏")) || !bytes.Contains(db, []byte("3399************")) {
		t.Fatal("the outputs do not hold the findings: the test would prove nothing")
	}
	outputs := map[string][]byte{"text report": text.Bytes(), "JSON report": js.Bytes(), "store file": db, "log": logs.Bytes()}
	for name, out := range outputs {
		for _, n := range leaked {
			for _, v := range variants(n) {
				if bytes.Contains(out, []byte(v)) {
					t.Errorf("%s holds %s (from %s)", name, v, n)
				}
			}
		}
		if ms := pii.Find(string(out), true); len(ms) > 0 {
			t.Errorf("%s holds %d identifiers, first %s", name, len(ms), ms[0].Masked())
		}
	}
}
