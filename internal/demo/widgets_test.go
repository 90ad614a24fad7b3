package demo

import (
	"io/fs"
	"strings"
	"testing"
)

// Every page of the main host carries the site's widgets, 最新发布 and
// 热点推荐, with fresh dated items: the column checks must see through
// them (want.txt lists the empty and stale columns they must not hide).
func TestEveryPageHasWidgets(t *testing.T) {
	n := 0
	err := fs.WalkDir(files, "site/"+mainHost, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		s := string(b)
		if !strings.Contains(s, `<div class="boxes">`) || !strings.Contains(s, "<span>最新发布</span>") ||
			!strings.Contains(s, "<span>热点推荐</span>") || !strings.Contains(s, "<span>2026-11-27</span>") {
			t.Errorf("%s: no 最新发布/热点推荐 widgets", p)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("only %d pages", n)
	}
	b, _ := fs.ReadFile(files, "templates/restored.html")
	if !strings.Contains(string(b), "<span>最新发布</span>") {
		t.Error("templates/restored.html: no widgets")
	}
}
