package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestPageOnRealWorldMarkup runs `govaudit page` on CMS pages as real
// sites serve them: a TRS column list and a GBK article served without a
// charset in the header.
func TestPageOnRealWorldMarkup(t *testing.T) {
	trs, err := os.ReadFile("../../internal/pubdate/testdata/trs_column.html")
	if err != nil {
		t.Fatal(err)
	}
	gbkArticle, err := os.ReadFile("../../internal/pubdate/testdata/article_label.gbk.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/col/col1229/index.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(trs)
		case "/art/2020/12/31/art_1229_1.html":
			w.Header().Set("Content-Type", "text/html")
			w.Write(gbkArticle)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	page := func(path string) pageView {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"page", srv.URL + path, "--format", "json"}, &out, &errOut); code != exitOK {
			t.Fatalf("page %s: exit %d: %s", path, code, errOut.String())
		}
		var v pageView
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatalf("page %s: %v\n%s", path, err, out.String())
		}
		return v
	}
	list := page("/col/col1229/index.html")
	if !list.List || len(list.Items) < 3 || list.Items[0].Date == "无日期" || len(list.Pagination) == 0 {
		t.Errorf("TRS list understood as %+v", list)
	}
	art := page("/art/2020/12/31/art_1229_1.html")
	if art.Charset != "gb18030" || art.Date == "" || art.DateSource == "" || art.List {
		t.Errorf("GBK article understood as charset %q, date %q (%s), list %v", art.Charset, art.Date, art.DateSource, art.List)
	}
	if strings.ContainsRune(art.Title, '\uFFFD') || art.Title == "" {
		t.Errorf("GBK title decoded as %q", art.Title)
	}
	var out, errOut bytes.Buffer
	run(context.Background(), []string{"page", srv.URL + "/col/col1229/index.html"}, &out, &errOut)
	for _, want := range []string{"列表信息", "分页", "栏目"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}
