package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestTableAlignsChineseColumns: a Chinese character takes two cells, so
// the column after a Chinese cell starts where it does after ASCII.
func TestTableAlignsChineseColumns(t *testing.T) {
	if cells("完成") != 4 || cells("ab") != 2 || cells("部分（x）") != 9 {
		t.Errorf("cells: %d %d %d", cells("完成"), cells("ab"), cells("部分（x）"))
	}
	var b bytes.Buffer
	writeTable(&b, [][]string{{"状态", "页面"}, {"完成", "218"}, {"interrupted", "10"}})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	col := func(line, cell string) int { return cells(line[:strings.Index(line, cell)]) }
	if a, b, c := col(lines[0], "页面"), col(lines[1], "218"), col(lines[2], "10"); a != b || b != c || a != len("interrupted")+2 {
		t.Errorf("second column starts at cells %d, %d, %d:\n%s", a, b, c, strings.Join(lines, "\n"))
	}
}
