package pubdate

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir holds real pages of government sites, kept outside the
// repository (see its SOURCE.md): they are read, never copied here.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "gov-pages")

// corpusArticles are the articles of the corpus and the date a person
// reads on each, as SOURCE.md records them. Six of the twelve carry a
// PubDate meta tag that disagrees with the date shown (a regenerated
// page): the date shown is the answer.
var corpusArticles = []dateCase{
	{"cqcs-trs-article-1", "https://www.cqcs.gov.cn/zwxx_164/zsdt/202311/t20231103_12513311.html", "2023-11-03", "日期：2023-11-03; meta the same"},
	{"gansu-fzgg-article-1", "", "2025-02-26", "日期：2025-02-26 11:54; meta PubDate 2025-03-27 disagrees"},
	{"gansu-scjg-article-1", "http://scjg.gansu.gov.cn/scjg/c110159/202205/2032457.shtml", "2022-05-06", "发布时间：2022-05-06 15:16; meta 2023-04-18 (page generation)"},
	{"hubei-scjg-trs-article-1", "http://scjg.hubei.gov.cn/zfxxgk/zcwj/qtwj/202308/t20230828_4813376.shtml", "2023-08-28", "unlabelled, by a clock icon; 发文日期 2023-08-25 is the document's"},
	{"jilin-ggzy-trs-article-1", "", "2026-01-12", "发布日期：2026-01-12; meta the same"},
	{"jiangxi-wanzai-article-1", "http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml", "2017-05-15", "发布日期：2017-05-15 10:49:00; meta 2022-04-24"},
	{"jiangxi-wanzai-article-2", "http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml", "2023-05-11", "生成日期：2023-05-11; meta 2023-08-16"},
	{"jiangxi-yichun-article-1", "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml", "2023-04-18", "发文日期：2023-04-18; meta 2023-05-16"},
	{"jiangxi-yichun-article-2", "https://www.yichun.gov.cn/ycsrmzf/tjgb/202304/3f093ec317ba4609b241d0c79175c7cd.shtml", "2023-03-31", "发文日期：2023-03-31; meta 2023-05-16"},
	{"gzns-trs-article-1", "" /* directory not known */, "2017-10-13", "来源：南沙区发改局 发布日期：2017-10-13"},
	{"gzns-trs-article-2", "", "2017-10-13", "发布日期 2017-10-13"},
	{"kaili-trs-article-1", "http://www.kaili.gov.cn/xwzx/tzgg/202406/t20240627_84922242.html", "2024-06-27", "发布时间：2024-06-27 16:18 (sanitised copy: no meta)"},
}

// TestCorpusArticleDates reads the publication date of every article in
// the corpus and compares it with the date a person reads there.
func TestCorpusArticleDates(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present:", err)
	}
	right := 0
	for _, c := range corpusArticles {
		t.Run(c.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(corpusDir, c.name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			got, d := articleDate(t, body, c.url)
			if got != c.want {
				t.Errorf("date %s (%s %q), want %s: %s", got, d.Source, d.Raw, c.want, c.note)
				return
			}
			right++
		})
	}
	t.Logf("corpus article dates: %d of %d right", right, len(corpusArticles))
}
