package docno

import "testing"

// TestOwnNumberOnFirstLineMutation: a page's visible text may begin with a
// bare 文号 line. Over the title, the number is the page's own only in the
// formal layout of GB/T 9704, under the issuing organ's mark (…文件); on
// its own as the very first line it is not claimed — and reading the line
// before it must not run off the start of the text.
func TestOwnNumberOnFirstLineMutation(t *testing.T) {
	const title = "杭州市教育局关于开展2020年校园安全检查的通知"
	body := title + "\n各区、县（市）教育局：\n现就开展校园安全检查有关事项通知如下。"
	if got := Own(title, "杭教发〔2020〕12号\n"+body); len(got) != 0 {
		t.Errorf("bare first line: Own = %+v, want none", got)
	}
	got := Own(title, "杭州市教育局文件\n杭教发〔2020〕12号\n"+body)
	if len(got) != 1 || got[0].Canonical != "杭教发〔2020〕12号" || got[0].Place != UnderTitle {
		t.Errorf("formal layout: Own = %+v, want 杭教发〔2020〕12号 under the title", got)
	}
}
