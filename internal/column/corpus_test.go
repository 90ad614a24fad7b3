package column_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"govaudit/checks"
)

// corpusDir holds real pages of government sites, kept outside the
// repository (see its SOURCE.md): they are read, never copied here.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "gov-pages")

// corpusPage is what a person reads on a page of the corpus, as SOURCE.md
// records it.
type corpusPage struct {
	file string
	url  string // as SOURCE.md gives or infers it ("" when unknown)
	// A list page: the column's own items and newest date, how its list
	// is drawn, and the verdict of the column checks. column "" means the
	// page makes no column (an article, a search result page).
	column, script, verdict, newest string
	items                           int
	// An article: its publication date.
	date string
}

var corpus = []corpusPage{
	// Lists. 文件通知: 20 rows the server wrote inside an HTML comment (a
	// script shows them), newest 2025-11-17; judged as of the page's
	// generation (2025-11-24) it is fresh.
	{file: "gansu-jyt-list-1", url: "https://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml",
		column: "文件通知", script: "comment", items: 20, newest: "2025-11-17", verdict: "fresh"},
	// 政策法规解读·以案释法: 50 items in the embedded var listData, newest
	// 2025-07-29.
	{file: "jiangxi-sthjt-list-1", url: "https://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html",
		column: "政策法规解读· 以案释法", script: "json", items: 50, newest: "2025-07-29", verdict: "fresh"},
	// 招标公告: an empty AJAX container — drawn by script, not read: not
	// empty, not stale (an info finding says why).
	{file: "jilin-ggzy-trs-list-1", url: "http://www.ggzyzx.jl.gov.cn/jyxx/zfcg/zbgg/index.html",
		column: "招标公告", script: "unread", verdict: "unread"},
	// A site-search result page: list-like, no column.
	{file: "gansu-scjg-searchlist-1", url: "https://scjg.gansu.gov.cn/guestweb4/s?siteCode=6200000052&checkHandle=1&pageSize=10&left_right_index=0&searchWord=%E4%BF%9D%E5%81%A5%E9%A3%9F%E5%93%81%E5%A4%87%E6%A1%88",
		items: 4, newest: "2022-05-06"},
	// Articles and the date a person reads on them.
	{file: "cqcs-trs-article-1", url: "https://www.cqcs.gov.cn/zwxx_164/zsdt/202311/t20231103_12513311.html", date: "2023-11-03"},
	{file: "gansu-fzgg-article-1", date: "2025-02-26"},
	{file: "gansu-scjg-article-1", url: "http://scjg.gansu.gov.cn/scjg/c110159/202205/2032457.shtml", date: "2022-05-06"},
	{file: "hubei-scjg-trs-article-1", url: "http://scjg.hubei.gov.cn/zfxxgk/zcwj/qtwj/202308/t20230828_4813376.shtml", date: "2023-08-28"},
	{file: "jilin-ggzy-trs-article-1", date: "2026-01-12"},
	{file: "jiangxi-wanzai-article-1", url: "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml", date: "2017-05-15"},
	{file: "jiangxi-wanzai-article-2", url: "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml", date: "2023-05-11"},
	{file: "jiangxi-yichun-article-1", url: "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml", date: "2023-04-18"},
	{file: "jiangxi-yichun-article-2", url: "https://www.yichun.gov.cn/ycsrmzf/tjgb/202304/3f093ec317ba4609b241d0c79175c7cd.shtml", date: "2023-03-31"},
	{file: "gzns-trs-article-1", date: "2017-10-13"},
	{file: "gzns-trs-article-2", date: "2017-10-13"},
	{file: "kaili-trs-article-1", url: "http://www.kaili.gov.cn/xwzx/tzgg/202406/t20240627_84922242.html", date: "2024-06-27"},
}

// TestCorpus reads every page of the corpus as the crawl does, builds and
// judges its column as the audit does, and compares with what a person
// reads there.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present:", err)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.html"))
	if len(files) != len(corpus) {
		t.Errorf("%d pages in the corpus, %d described here", len(files), len(corpus))
	}
	asOf := time.Date(2025, 11, 24, 15, 9, 57, 0, time.FixedZone("CST", 8*3600)) // jyt's 页面生成时间
	for _, c := range corpus {
		t.Run(c.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(corpusDir, c.file+".html"))
			if err != nil {
				t.Fatal(err)
			}
			raw := c.url
			if raw == "" {
				raw = "http://unknown.gov.cn/" + c.file + ".html"
			}
			p := describe(t, body, raw, asOf)
			s := judge([]*checks.PageSummary{p}, asOf)
			col := s.column(raw)
			if c.date != "" {
				if p.IsList() || col != nil {
					t.Errorf("an article read as a list page (column %v)", col != nil)
				}
				if got := p.Date.Format("2006-01-02"); p.Date.IsZero() || got != c.date {
					t.Errorf("date %s (%s), want %s", got, p.DateSource, c.date)
				}
				return
			}
			if c.column == "" {
				if col != nil {
					t.Errorf("column %q, want none", col.Name)
				}
				if !p.Search {
					t.Error("not read as a search result page")
				}
				if nd, _ := newest(p.Items); len(p.Items) != c.items || nd != c.newest {
					t.Errorf("results: %d, newest %s; want %d, %s", len(p.Items), nd, c.items, c.newest)
				}
				return
			}
			if col == nil {
				t.Fatalf("no column (list %v, script %q)", p.IsList(), p.Script)
			}
			if col.Name != c.column {
				t.Errorf("column %q, want %q", col.Name, c.column)
			}
			if col.Script != c.script {
				t.Errorf("script %q, want %q", col.Script, c.script)
			}
			if col.Empty {
				t.Error("empty")
			}
			if nd, _ := newest(col.Items); len(col.Items) != c.items || nd != c.newest {
				t.Errorf("%d items, newest %s; want %d, %s", len(col.Items), nd, c.items, c.newest)
			}
			if v := s.verdict(raw); v != c.verdict {
				t.Errorf("verdict %s, want %s", v, c.verdict)
			}
		})
	}
}
