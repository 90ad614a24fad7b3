package yamlfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileBounds(t *testing.T) {
	dir := t.TempDir()
	at := filepath.Join(dir, "at.yaml")
	over := filepath.Join(dir, "over.yaml")
	if err := os.WriteFile(at, []byte(strings.Repeat("#", MaxFile)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(over, []byte(strings.Repeat("#", MaxFile+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(at); err != nil || len(b) != MaxFile {
		t.Errorf("a file of MaxFile bytes: %d bytes, %v", len(b), err)
	}
	if _, err := ReadFile(over); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), over) {
		t.Errorf("a file of MaxFile+1 bytes: %v", err)
	}
	for path, want := range map[string]string{"/dev/zero": "设备", dir: "目录"} {
		if _, err := ReadFile(path); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want it refused as %s", path, err, want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestSecondDocumentAndNull(t *testing.T) {
	if _, err := Parse("site.yaml", []byte("url: https://a.gov.cn/\n---\nname: 乙\n")); err == nil ||
		!strings.HasPrefix(err.Error(), "site.yaml:3") || !strings.Contains(err.Error(), "第二个 YAML 文档") {
		t.Errorf("second document: %v", err)
	}
	if _, err := Parse("site.yaml", []byte("url: https://a.gov.cn/\n---\n")); err != nil {
		t.Errorf("a trailing --- with nothing after: %v", err)
	}
	root, err := Parse("site.yaml", []byte("name: ~\nid: null\ntitle: '~'\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := Str("site.yaml", root, "name", false); v != "" || err != nil {
		t.Errorf("name: ~ gives %q, %v; want empty", v, err)
	}
	if _, err := Str("site.yaml", root, "id", true); err == nil || !strings.HasPrefix(err.Error(), "site.yaml:2") {
		t.Errorf("required id: null: %v", err)
	}
	if v, _ := Str("site.yaml", root, "title", true); v != "~" {
		t.Errorf("quoted '~' gives %q, want the text ~", v)
	}
}
