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

	"govaudit/internal/render"
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

// TestPageShowsListBlocks: `govaudit page` says which block it took as the
// column's list and why, which it set aside, and whether a script draws
// the list.
func TestPageShowsListBlocks(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("../../internal/column/testdata/templates/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pages := map[string][]byte{
		"/xxgk/zdxm/index.html": read("trs-wcm/empty.html"),
		"/xxgk/qxdt/index.html": read("trs-wcm/stale.html"),
		"/xxgk/zbgg/index.html": read("trs-ajax/ajax.html"),
		"/xxgk/gzdt/index.html": read("comment-rows/fresh.html"),
		"/xxgk/index.html":      read("../index/trs-xxgk/index.html"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	}))
	defer srv.Close()
	page := func(path string) (pageView, string) {
		var out, text, errOut bytes.Buffer
		if code := run(context.Background(), []string{"page", srv.URL + path, "--format", "json"}, &out, &errOut); code != exitOK {
			t.Fatalf("page %s: exit %d: %s", path, code, errOut.String())
		}
		var v pageView
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		run(context.Background(), []string{"page", srv.URL + path}, &text, &errOut)
		return v, text.String()
	}

	empty, text := page("/xxgk/zdxm/index.html")
	if !empty.Empty || !empty.List || len(empty.Blocks) != 2 || empty.Blocks[0].Taken || empty.Blocks[1].Taken {
		t.Errorf("empty column with sidebars read as %+v", empty)
	}
	for _, want := range []string{"空白（页面显示“暂无信息”", "搁置  最新发布", "搁置  热点推荐", "侧栏板块"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}

	stale, text := page("/xxgk/qxdt/index.html")
	if len(stale.Blocks) != 3 || !stale.Blocks[0].Taken || stale.Blocks[0].Newest != "2026-05-20" || stale.Items[0].Date != "2026-05-20" {
		t.Errorf("stale column read as %+v", stale)
	}
	if !strings.Contains(text, "→ 采用  区县动态") || !strings.Contains(text, "标题与栏目名一致") || !strings.Contains(text, "分页") {
		t.Errorf("text output does not say why the list was taken:\n%s", text)
	}

	ajax, text := page("/xxgk/zbgg/index.html")
	if ajax.Script != "unread" || ajax.Empty || len(ajax.Items) != 0 {
		t.Errorf("AJAX list read as %+v", ajax)
	}
	if !strings.Contains(text, "由脚本加载") {
		t.Errorf("text output does not say the list is drawn by script:\n%s", text)
	}
	// With a browser (--browser auto finds it), the page's scripts ran
	// and drew nothing (its jQuery is not there): the reason is shown,
	// the script's own error with it.
	if render.Find() != "" && (!strings.Contains(ajax.RenderErr, "页面脚本出错：ReferenceError: $ is not defined") || !strings.Contains(text, "用浏览器运行页面脚本后仍未读到")) {
		t.Errorf("AJAX list: the browser's failure is not shown: %q\n%s", ajax.RenderErr, text)
	}

	// An index page: no column of its own, its blocks are sub-columns.
	index, text := page("/xxgk/index.html")
	empties := 0
	for _, sub := range index.Index {
		if sub.Empty {
			empties++
		}
	}
	if index.List || len(index.Index) != 4 || empties != 1 {
		t.Errorf("index page read as list %v with sub-columns %+v, want 4 of them, 1 empty", index.List, index.Index)
	}
	if !strings.Contains(text, "信息公开索引页：本页不作为栏目判断") || strings.Contains(text, "（栏目列表页）") ||
		!strings.Contains(text, "板块没有信息（标题和“更多”链接下显示暂无信息）") || strings.Contains(text, "条；\n") {
		t.Errorf("text output does not show the index page as such:\n%s", text)
	}

	comment, text := page("/xxgk/gzdt/index.html")
	if comment.Script != "comment" || len(comment.Items) != 8 || comment.Items[0].Date != "2026-06-28" {
		t.Errorf("commented rows read as %+v", comment)
	}
	if !strings.Contains(text, "已从注释读取") {
		t.Errorf("text output does not say the rows came from a comment:\n%s", text)
	}
}
