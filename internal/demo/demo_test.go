package demo

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// siteFiles lists the served files of the tree: host → paths.
func siteFiles(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := fs.WalkDir(files, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rest := strings.TrimPrefix(p, "site/")
		host, path, _ := strings.Cut(rest, "/")
		out[host] = append(out[host], "/"+path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryHostDirectoryIsServed(t *testing.T) {
	served := map[string]bool{tlsHost: true}
	for _, h := range webHosts {
		served[h] = true
	}
	for host := range siteFiles(t) {
		if !served[host] {
			t.Errorf("site/%s is not in webHosts", host)
		}
	}
}

var (
	articlePath = regexp.MustCompile(`/t(\d{4})(\d{2})(\d{2})_\d+\.html$`)
	pubDate     = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}$`)
	shownDate   = regexp.MustCompile(`发布日期：(\d{4}-\d{2}-\d{2})`)
)

// TestEveryPageIsServedAndWellFormed: every HTML file of the tree answers
// 200, decodes, parses, and (on the bureau's site) carries the identity
// a government page needs.
func TestEveryPageIsServedAndWellFormed(t *testing.T) {
	s := startSite(t)
	c := client(s, true) // the https host's certificate is expired
	mainPages := 0
	for host, paths := range siteFiles(t) {
		scheme := "http"
		if host == tlsHost {
			scheme = "https"
		}
		for _, p := range paths {
			if !strings.HasPrefix(contentType(p), "text/html") {
				continue
			}
			target := scheme + "://" + host + p
			r := mustFetch(t, c, "GET", target)
			if r.Status == 503 && r.Header.Get("Retry-After") == "1" { // the Retry-After trap
				time.Sleep(time.Second)
				r = mustFetch(t, c, "GET", target)
			}
			if r.Status != 200 {
				t.Errorf("%s: status %d", target, r.Status)
				continue
			}
			text, err := decodePage(r.Header, r.Body)
			if err != nil {
				t.Errorf("%s: %v", target, err)
				continue
			}
			if _, gbk := gbkPages[host+p]; !gbk && r.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", target, r.Header.Get("Content-Type"))
			}
			doc, err := parseHTML(text)
			if err != nil {
				t.Errorf("%s is not well formed: %v", target, err)
				continue
			}
			if host == mainHost {
				mainPages++
				checkIdentity(t, target, doc)
			}
		}
	}
	if mainPages < 50 || mainPages > 150 {
		t.Errorf("%d pages on %s, want 50 to 150", mainPages, mainHost)
	}
}

func checkIdentity(t *testing.T, target string, doc *htmlDoc) {
	t.Helper()
	text := strings.Join(strings.Fields(doc.Text), " ")
	for _, want := range []string{"网站标识码：3399000012", "浙ICP备05012345号-1", "主办单位：澜江市教育局", "当前位置：首页"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s: no %q", target, want)
		}
	}
	nav := map[string]bool{}
	for _, l := range doc.Links {
		nav[l.Value] = true
	}
	for _, want := range []string{"/xxgk/index.html", "/xxgk/tzgg/index.html", "/zt/index.html", "http://beian.miit.gov.cn/"} {
		if !nav[want] {
			t.Errorf("%s: no link to %s", target, want)
		}
	}
	if doc.Meta["SiteName"] != "澜江市教育局" || doc.Meta["SiteIDCode"] != "3399000012" || doc.Meta["SiteDomain"] != mainHost {
		t.Errorf("%s: site meta tags %v", target, doc.Meta)
	}
	m := articlePath.FindStringSubmatch(target)
	if m == nil || strings.Contains(doc.Title, "页面不存在") {
		return
	}
	urlDate := m[1] + "-" + m[2] + "-" + m[3]
	pd := pubDate.FindStringSubmatch(doc.Meta["PubDate"])
	shown := shownDate.FindStringSubmatch(doc.Text)
	switch {
	case pd == nil:
		t.Errorf("%s: PubDate %q", target, doc.Meta["PubDate"])
	case shown == nil:
		t.Errorf("%s: no 发布日期", target)
	case pd[1] != urlDate || shown[1] != urlDate:
		t.Errorf("%s: dates disagree: URL %s, PubDate %s, 发布日期 %s", target, urlDate, pd[1], shown[1])
	}
	col := doc.Meta["ColumnName"]
	if doc.Meta["ArticleTitle"] == "" || col == "" || !strings.Contains(text, "当前位置：首页 > 信息公开 > "+col) {
		t.Errorf("%s: ArticleTitle %q, ColumnName %q or breadcrumb missing", target, doc.Meta["ArticleTitle"], col)
	}
}

func TestListPagesPaginate(t *testing.T) {
	s := startSite(t)
	c := client(s, false)
	for i, name := range []string{"index.html", "index_1.html", "index_2.html"} {
		target := "http://" + mainHost + "/xxgk/gzdt/" + name
		r := mustFetch(t, c, "GET", target)
		doc, err := parseHTML(string(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(doc.Text, fmt.Sprintf("第%d/3页", i+1)) {
			t.Errorf("%s: no page counter", target)
		}
		if n := len(regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).FindAllString(doc.Text, -1)); n < 3 {
			t.Errorf("%s: %d dated items", target, n)
		}
	}
}

func TestGBKPages(t *testing.T) {
	s := startSite(t)
	c := client(s, false)
	list, _ := Planted()
	if len(gbkPages) != 4 {
		t.Fatalf("%d GBK pages, want one per declaration kind", len(gbkPages))
	}
	for key, decl := range gbkPages {
		host, p, _ := strings.Cut(key, "/")
		target := "http://" + host + "/" + p
		src, err := files.ReadFile("site/" + key)
		if err != nil {
			t.Fatal(err)
		}
		r := mustFetch(t, c, "GET", target)
		if r.Status != 200 || utf8.Valid(r.Body) {
			t.Errorf("%s: status %d, body valid UTF-8: %v", target, r.Status, utf8.Valid(r.Body))
			continue
		}
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(r.Body)
		if err != nil || !bytes.Equal(decoded, src) {
			t.Errorf("%s: GB18030-decoded body differs from the UTF-8 source (err %v)", target, err)
		}
		ct := r.Header.Get("Content-Type")
		lower := strings.ToLower(string(src))
		switch decl {
		case gbkInHeader:
			if ct != "text/html; charset=GBK" || strings.Contains(lower, "charset") {
				t.Errorf("%s: header-only page: Content-Type %q, charset in page: %v", target, ct, strings.Contains(lower, "charset"))
			}
		case gbkMeta:
			if ct != "text/html" || !strings.Contains(lower, `<meta charset="gbk">`) || strings.Contains(lower, "http-equiv") {
				t.Errorf("%s: meta-only page: Content-Type %q", target, ct)
			}
		case gbkHTTPEquiv:
			if ct != "text/html" || !strings.Contains(lower, `<meta http-equiv="content-type" content="text/html; charset=gb2312">`) || strings.Contains(lower, "<meta charset") {
				t.Errorf("%s: http-equiv page: Content-Type %q", target, ct)
			}
		case gbkUndeclared:
			if ct != "text/html" || strings.Contains(lower, "charset") {
				t.Errorf("%s: undeclared page: Content-Type %q", target, ct)
			}
		}
		doc, err := parseHTML(string(decoded))
		if err != nil {
			t.Errorf("%s: %v", target, err)
			continue
		}
		if !strings.Contains(doc.Title, "澜江市教育局") {
			t.Errorf("%s: title %q after decoding", target, doc.Title)
		}
		// planted links on GBK pages carry Chinese anchor text
		for _, w := range list {
			if w.Page != target {
				continue
			}
			found := false
			for _, l := range doc.Links {
				if u, ok := canonical(mustParse(t, target), l.Value); ok && u == w.Target {
					found = true
					if !regexp.MustCompile(`\p{Han}`).MatchString(l.Text) {
						t.Errorf("%s: anchor text %q of %s is not Chinese", w.ID, l.Text, w.Target)
					}
				}
			}
			if !found {
				t.Errorf("%s: no link to %s on %s", w.ID, w.Target, target)
			}
		}
	}
	// At least one GBK page carries a planted dead link.
	n := 0
	for _, w := range list {
		u := mustParse(t, w.Page)
		if _, ok := gbkPages[u.Host+u.Path]; ok {
			n++
		}
	}
	if n == 0 {
		t.Error("no planted link on a GBK page")
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestTraps(t *testing.T) {
	s := startSite(t)
	c := client(s, false)
	get := func(method, target string) *response { return mustFetch(t, c, method, target) }
	home := "http://" + mainHost

	if r := get("GET", "http://www.zhejiang-demo.gov.cn/col/col1545735/index.html"); r.Status != 403 {
		t.Errorf("external 403: got %d", r.Status)
	}
	for i := 0; i < 3; i++ {
		r := get("GET", "http://www.zhejiang-demo.gov.cn/jrobot/search.do?webid=1&pg=12")
		if r.Status != 429 || r.Header.Get("Retry-After") != "1" {
			t.Errorf("429 trap, try %d: %d Retry-After %q", i, r.Status, r.Header.Get("Retry-After"))
		}
	}
	for target, marker := range map[string]string{
		"http://data.lanjiang.gov.cn/":                        "云锁",
		"http://data.lanjiang.gov.cn/dataset/edu-school-2026": "访问验证",
		"http://rsj.lanjiang.gov.cn/col/col1230/index.html":   "安全狗",
	} {
		if r := get("GET", target); r.Status != 200 || !strings.Contains(string(r.Body), marker) {
			t.Errorf("WAF %s: %d, %q in body: %v", target, r.Status, marker, strings.Contains(string(r.Body), marker))
		}
	}
	tjj := "http://tjj.lanjiang.gov.cn/col/col1229/index.html"
	if r := get("HEAD", tjj); r.Status != 503 || r.Header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After trap, first: %d %q", r.Status, r.Header.Get("Retry-After"))
	}
	for _, m := range []string{"HEAD", "GET"} {
		if r := get(m, tjj); r.Status != 200 {
			t.Errorf("Retry-After trap, then %s: %d", m, r.Status)
		}
	}
	for _, target := range []string{"http://www.moe-demo.gov.cn/", "http://www.moe-demo.gov.cn/srcsite/A03/moe_1892/202510/t20251020_1234567.html"} {
		if r := get("HEAD", target); r.Status != 405 {
			t.Errorf("HEAD %s: %d", target, r.Status)
		}
		if r := get("GET", target); r.Status != 200 {
			t.Errorf("GET %s: %d", target, r.Status)
		}
	}
	for from, to := range map[string]string{
		home + "/index.htm":                               "/",
		home + "/default.html":                            "/",
		home + "/index.shtml":                             "/",
		home + "/xxgk/zfxxgkzn/index.html":                "/xxgk/gkzn/index.html",
		"http://www.lanjiang.gov.cn/zwgk/":                "/col/col1229/index.html",
		home + "/xxgk/gzdt/202603/t20260302_4910001.html": "/error.html",
	} {
		r := get("GET", from)
		wantCode := 301
		if strings.HasSuffix(to, "error.html") {
			wantCode = 302
		}
		if r.Status != wantCode || r.Header.Get("Location") != to {
			t.Errorf("%s: %d → %q, want %d → %s", from, r.Status, r.Header.Get("Location"), wantCode, to)
		}
		if v := probeTarget(c, from); !strings.HasSuffix(to, "error.html") && v.Rule != "ok" {
			t.Errorf("%s: %+v", from, v)
		}
	}
	if r := get("GET", home+"/error.html"); r.Status != 200 || !strings.Contains(string(r.Body), "抱歉，您访问的页面已删除") {
		t.Errorf("error page: %d", r.Status)
	}
	if r := get("GET", home+"/robots.txt"); r.Status != 200 || !strings.Contains(string(r.Body), "Disallow: /admin/") {
		t.Errorf("robots.txt: %d %q", r.Status, r.Body)
	}
	if r := get("GET", home+"/admin/cms/old_console.jsp"); r.Status != 404 {
		t.Errorf("the dead link behind /admin/ answers %d", r.Status)
	}
	// session ids are harmless either way
	for _, target := range []string{
		home + "/xxgk/tzgg/index.html;jsessionid=8F2A6C1D9E3B4A5F7C0D1E2F3A4B5C6D",
		home + "/bsfw/index.html?sid=a81f3c0d9e",
	} {
		if r := get("GET", target); r.Status != 200 {
			t.Errorf("%s: %d", target, r.Status)
		}
	}
	// <base href>: relative links work against the base, and only there
	page := home + "/zt/xyaq/index.html"
	doc, err := parseHTML(string(get("GET", page).Body))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Base != home+"/zt/xyaq/content/" {
		t.Fatalf("base href %q", doc.Base)
	}
	relative := 0
	for _, l := range doc.Links {
		if strings.HasPrefix(l.Value, "/") || strings.Contains(l.Value, ":") || strings.HasPrefix(l.Value, "#") || l.Value == "xyaq_2019.html" {
			continue
		}
		relative++
		withBase, _ := canonical(mustParse(t, doc.Base), l.Value)
		without, _ := canonical(mustParse(t, page), l.Value)
		if v := probeTarget(c, withBase); v.Rule != "ok" {
			t.Errorf("%s against the base: %+v", l.Value, v)
		}
		if r := get("GET", without); r.Status != 404 {
			t.Errorf("%s without the base answers %d, want 404", l.Value, r.Status)
		}
	}
	if relative < 4 {
		t.Errorf("%d relative links on the base page", relative)
	}
	// the calendar never ends
	for _, month := range []string{"2026-11", "1999-01", "2480-07"} {
		r := get("GET", home+"/calendar/?month="+month)
		doc, err := parseHTML(string(r.Body))
		if r.Status != 200 || err != nil {
			t.Fatalf("calendar %s: %d %v", month, r.Status, err)
		}
		var prev, next bool
		m, _ := time.Parse("2006-01", month)
		for _, l := range doc.Links {
			prev = prev || l.Value == "?month="+m.AddDate(0, -1, 0).Format("2006-01")
			next = next || l.Value == "?month="+m.AddDate(0, 1, 0).Format("2006-01")
		}
		if !prev || !next {
			t.Errorf("calendar %s: prev %v next %v", month, prev, next)
		}
	}
	// iframe, area, embed, object point at working targets
	kinds := map[string]bool{}
	for _, page := range []string{home + "/", home + "/zt/index.html", home + "/zt/jyxc/player.html"} {
		doc, err := parseHTML(string(get("GET", page).Body))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range doc.Links {
			if l.Tag == "a" || l.Tag == "img" {
				continue
			}
			kinds[l.Tag] = true
			target, _ := canonical(mustParse(t, page), l.Value)
			if v := probeTarget(c, target); v.Rule != "ok" {
				t.Errorf("<%s> %s: %+v", l.Tag, target, v)
			}
		}
	}
	for _, k := range []string{"iframe", "area", "embed", "object"} {
		if !kinds[k] {
			t.Errorf("no <%s> link", k)
		}
	}
}

// TestBinaries: images and attachments are real files of their type.
func TestBinaries(t *testing.T) {
	s := startSite(t)
	c := client(s, false)
	for key := range generated {
		host, p, _ := strings.Cut(key, "/")
		target := "http://" + host + "/" + p
		r := mustFetch(t, c, "GET", target)
		if r.Status != 200 || r.Header.Get("Content-Type") != contentType(p) {
			t.Errorf("%s: %d %q", target, r.Status, r.Header.Get("Content-Type"))
			continue
		}
		if err := validFile(p, r.Body); err != nil {
			t.Errorf("%s: %v", target, err)
		}
		h := mustFetch(t, c, "HEAD", target)
		if h.Status != 200 || h.Header.Get("Content-Length") != strconv.Itoa(len(r.Body)) || len(h.Body) != 0 {
			t.Errorf("HEAD %s: %d, length %q", target, h.Status, h.Header.Get("Content-Length"))
		}
		req, _ := http.NewRequest("GET", target, nil)
		req.Header.Set("Range", "bytes=0-15")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusPartialContent {
			t.Errorf("ranged GET %s: %d", target, resp.StatusCode)
		}
	}
}

func validFile(p string, b []byte) error {
	switch ext := p[strings.LastIndexByte(p, '.'):]; ext {
	case ".png", ".jpg":
		_, format, err := image.Decode(bytes.NewReader(b))
		if err == nil && format != map[string]string{".png": "png", ".jpg": "jpeg"}[ext] {
			err = fmt.Errorf("decoded as %s", format)
		}
		return err
	case ".pdf":
		return validPDF(b)
	case ".doc":
		if !bytes.HasPrefix(b, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
			return errors.New("no OLE2 header")
		}
		return nil
	case ".csv", ".txt":
		if !utf8.Valid(b) || len(b) == 0 {
			return errors.New("not UTF-8 text")
		}
		return nil
	case ".docx", ".xlsx", ".zip", ".jsp": // .jsp: the portal's download script sends a zip
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return err
		}
		need := map[string][]string{
			".docx": {"[Content_Types].xml", "_rels/.rels", "word/document.xml"},
			".xlsx": {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"},
		}[ext]
		have := map[string]bool{}
		for _, f := range z.File {
			have[f.Name] = true
			rc, err := f.Open()
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			_, err = buf.ReadFrom(rc)
			rc.Close()
			if err != nil {
				return fmt.Errorf("%s: %v", f.Name, err)
			}
		}
		for _, n := range need {
			if !have[n] {
				return fmt.Errorf("no %s", n)
			}
		}
		if len(z.File) == 0 {
			return errors.New("empty archive")
		}
		return nil
	}
	return fmt.Errorf("no check for %s", p)
}

// validPDF checks the header, the %%EOF trailer and that every xref offset
// points at its object.
func validPDF(b []byte) error {
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		return errors.New("no %PDF- header or %%EOF trailer")
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		return errors.New("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref\n")) {
		return errors.New("startxref does not point at xref")
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(b[xref:], -1)
	if len(entries) == 0 {
		return errors.New("empty xref")
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if !bytes.HasPrefix(b[off:], fmt.Appendf(nil, "%d 0 obj", i+1)) {
			return fmt.Errorf("xref entry %d points at %q", i+1, b[off:min(off+10, len(b))])
		}
	}
	return nil
}

// TestRepair: each planted target fails as want.txt says, and works after
// Repair(id).
func TestRepair(t *testing.T) {
	list, err := Planted()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range list {
		if w.Check != "dead-link" && w.Check != "broken-attachment" {
			continue
		}
		t.Run(w.ID, func(t *testing.T) {
			t.Parallel()
			s := startSite(t)
			c := client(s, false)
			if fileRules[w.Rule] {
				if got := attachmentRule(t, c, w.Target); got != w.Rule {
					t.Fatalf("before repair %s: %q, want %s", w.Target, got, w.Rule)
				}
			} else if v := probeTarget(c, w.Target); v.Rule != w.Rule {
				t.Fatalf("before repair %s: %+v, want %s", w.Target, v, w.Rule)
			}
			if err := s.Repair(w.ID); err != nil {
				t.Fatal(err)
			}
			v := probeTarget(c, w.Target)
			if v.Rule != "ok" || v.Hops != 0 {
				t.Fatalf("after repair %s: %+v", w.Target, v)
			}
			if w.Check == "broken-attachment" {
				if got := attachmentRule(t, c, w.Target); got != "" {
					t.Fatalf("after repair %s: %s", w.Target, got)
				}
			}
			r := mustFetch(t, c, "GET", w.Target)
			if err := checkRepaired(w.Target, r); err != nil {
				t.Error(err)
			}
		})
	}
}

func checkRepaired(target string, r *response) error {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "text/html") {
		return validFile(mustParseURL(target).Path, r.Body)
	}
	doc, err := parseHTML(string(r.Body))
	if err != nil {
		return fmt.Errorf("repaired %s: %v", target, err)
	}
	if soft404Title.MatchString(doc.Title) {
		return fmt.Errorf("repaired %s: title %q", target, doc.Title)
	}
	return nil
}

func mustParseURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}

func TestRepairUnknownID(t *testing.T) {
	s := startSite(t)
	if err := s.Repair("no-such-problem"); err == nil {
		t.Error("Repair of an unknown id succeeded")
	}
}

func TestPlantedIDsMatchWantTxt(t *testing.T) {
	list, err := Planted()
	if err != nil {
		t.Fatal(err)
	}
	inFile := map[string]bool{}
	for _, w := range list {
		inFile[w.ID] = true
		if w.Check != "dead-link" && w.Check != "broken-attachment" {
			continue // other checks plant by editing pages, not by answers
		}
		if !plantedIDs[w.ID] {
			t.Errorf("%s: in want.txt but nothing in behaviour.go plants it", w.ID)
		}
		if attachment := isAttachmentTarget(w.Target); attachment != (w.Check == "broken-attachment") {
			t.Errorf("%s: %s is an attachment: %v, yet the check is %s", w.ID, w.Target, attachment, w.Check)
		}
		wantSev := "error"
		if strings.HasPrefix(w.Rule, "http-5") || w.Rule == "timeout" || w.Rule == "soft-404-redirect" {
			wantSev = "warning"
		}
		if w.Severity != wantSev {
			t.Errorf("%s: severity %s for %s, want %s", w.ID, w.Severity, w.Rule, wantSev)
		}
	}
	for id := range plantedIDs {
		if !inFile[id] {
			t.Errorf("%s: planted in behaviour.go but not in want.txt", id)
		}
	}
	rules := map[string]bool{}
	for _, w := range list {
		rules[w.Rule] = true
	}
	for _, r := range []string{"http-404", "http-410", "http-500", "http-502", "http-503", "dns-failure", "connection-refused", "timeout", "tls-error", "redirect-loop", "too-many-redirects", "soft-404", "soft-404-redirect",
		"html-instead-of-file", "empty-file", "type-mismatch", "pdf-truncated", "zip-corrupt"} {
		if !rules[r] {
			t.Errorf("no planted %s", r)
		}
	}
}

func TestParseWantErrors(t *testing.T) {
	good := "a dead-link error http-404 http://x.gov.cn/ http://x.gov.cn/b.html\n"
	for _, tc := range []struct{ in, err string }{
		{"a dead-link error http-404 http://x.gov.cn/\n", "5 fields"},
		{good + good, "appears twice"},
		{"a dead-link fatal http-404 http://x.gov.cn/ http://x.gov.cn/b\n", "severity"},
		{"a dead-link error http-404 http://X.gov.cn/ http://x.gov.cn/b\n", "lower case"},
		{"a dead-link error http-404 http://x.gov.cn:80/ http://x.gov.cn/b\n", "default port"},
		{"a dead-link error http-404 http://x.gov.cn/ http://x.gov.cn/b#c\n", "fragment"},
		{"a dead-link error http-404 http://x.gov.cn http://x.gov.cn/b\n", "empty path"},
		{"a dead-link error http-404 mailto:x@x http://x.gov.cn/b\n", "not an http"},
	} {
		_, err := parseWant([]byte("# comment\n\n" + tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
		}
	}
	list, err := parseWant([]byte("# c\n" + good + "w banned-wording error 扫黑险恶 http://x.gov.cn/c.html -\n"))
	if err != nil || len(list) != 2 || list[0].Target != "http://x.gov.cn/b.html" || list[1].Target != "" {
		t.Errorf("good lines: %v %v", list, err)
	}
}

func TestDialUnknownHostIsDNSFailure(t *testing.T) {
	s := startSite(t)
	_, err := s.DialContext(t.Context(), "tcp", "www.old-site.invalid:80")
	var dns *net.DNSError
	if !errors.As(err, &dns) || !dns.IsNotFound {
		t.Errorf("got %v", err)
	}
	if _, ok := s.Hosts["jyj.lanjiang.gov.cn:80"]; !ok || s.URL != "http://jyj.lanjiang.gov.cn/" {
		t.Errorf("URL %q, Hosts %v", s.URL, s.Hosts)
	}
	for k, v := range s.Hosts {
		if _, port, err := net.SplitHostPort(k); err != nil || (port != "80" && port != "443") {
			t.Errorf("Hosts key %q", k)
		}
		if host, _, err := net.SplitHostPort(v); err != nil || host != "127.0.0.1" {
			t.Errorf("Hosts value %q", v)
		}
	}
}

// TestCloseWithHangingRequest: Close returns quickly even while the
// timeout host holds a request, and that request then fails.
func TestCloseWithHangingRequest(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	c := client(s, false)
	c.Timeout = 30 * time.Second
	errc := make(chan error, 1)
	go func() {
		_, err := fetch(c, "GET", "http://wsbs.lanjiang.gov.cn/")
		errc <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for s.hanging.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("request never reached the hanging host")
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	select {
	case err := <-errc:
		if err == nil {
			t.Error("the hanging request got an answer")
		}
	case <-time.After(2 * time.Second):
		t.Error("the hanging request still hangs after Close")
	}
	s.Close() // twice is fine
}
