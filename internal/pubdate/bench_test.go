package pubdate

import (
	"testing"
)

// The benchmark page is testdata/bench_list.html: a 32 KB TRS column page
// with inline CSS and scripts, a two-level menu, side lists and 20 items.

func BenchmarkItems(b *testing.B) {
	doc := loadFixture(b, "testdata/bench_list.html")
	b.ReportAllocs()
	for b.Loop() {
		items, _ := Items(doc, "http://edu.hangzhou.gov.cn/jyxw/gzdt/index.html", 0)
		if len(items) != 20 {
			b.Fatalf("%d items", len(items))
		}
	}
}

func BenchmarkPagination(b *testing.B) {
	doc := loadFixture(b, "testdata/bench_list.html")
	b.ReportAllocs()
	for b.Loop() {
		if p := Pagination(doc, "http://edu.hangzhou.gov.cn/jyxw/gzdt/index.html"); len(p) != 47 {
			b.Fatalf("%d pages", len(p))
		}
	}
}

func BenchmarkPage(b *testing.B) {
	doc := loadFixture(b, "testdata/article_label.gbk.html")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Page(doc, "http://www.yhedu.gov.cn/news/show.asp?id=12034"); !ok {
			b.Fatal("no date")
		}
	}
}

func BenchmarkFindAll(b *testing.B) {
	s := "来源：市教育局  发布时间：2020-12-31 10:20  浏览次数：1024 联系电话：0571-87654321 杭教发〔2020〕12号 二〇二〇年十二月三十一日"
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if len(FindAll(s, 2020)) != 2 {
			b.Fatal("want 2 dates")
		}
	}
}
