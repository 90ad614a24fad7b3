package yamlfile

import (
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// parse parses src as site.yaml and fails the test on error.
func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	n, err := Parse("site.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return n
}

// wantErr asserts err is a *FileError with exactly the given text and line.
func wantErr(t *testing.T, err error, line int, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", text)
	}
	if err.Error() != text {
		t.Errorf("error = %q, want %q", err.Error(), text)
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T is not a *FileError", err)
	}
	if fe.Line != line {
		t.Errorf("line = %d, want %d", fe.Line, line)
	}
}

func TestFileErrorText(t *testing.T) {
	withKey := &FileError{File: "a.yaml", Line: 7, Key: "rate", Msg: "bad"}
	if got := withKey.Error(); got != "a.yaml:7: rate: bad" {
		t.Errorf("with key: %q", got)
	}
	noKey := &FileError{File: "a.yaml", Line: 7, Msg: "bad"}
	if got := noKey.Error(); got != "a.yaml:7: bad" {
		t.Errorf("without key: %q", got)
	}
	e := Errorf("r.yaml", 12, "pattern", "%q matches %d", "x", 3)
	if e.File != "r.yaml" || e.Line != 12 || e.Key != "pattern" || e.Msg != `"x" matches 3` {
		t.Errorf("Errorf = %+v", *e)
	}
	if got := e.Error(); got != `r.yaml:12: pattern: "x" matches 3` {
		t.Errorf("Errorf text %q", got)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string
	}{
		{"empty", "", 1, "site.yaml:1: 文件是空的"},
		{"only a comment", "# nothing here\n", 1, "site.yaml:1: 文件是空的"},
		{"list at top", "\n\n- a\n- b\n", 3, "site.yaml:3: 顶层应为映射（key: value 的形式）"},
		{"scalar at top", "just text\n", 1, "site.yaml:1: 顶层应为映射（key: value 的形式）"},
		{"unclosed list", "a: 1\nb: [\n", 2, "site.yaml:2: YAML 格式错误：did not find expected node content"},
		{"bad indentation", "a: 1\n  b: 2\n", 2, "site.yaml:2: YAML 格式错误：mapping values are not allowed in this context"},
		{"tab", "\tx: 1\n", 1, "site.yaml:1: YAML 格式错误：found character that cannot start any token"},
		{"no line in message", "a: &x 1\nb: *y\n", 1, "site.yaml:1: YAML 格式错误：unknown anchor 'y' referenced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse("site.yaml", []byte(tt.src))
			if n != nil {
				t.Errorf("got a node for bad input")
			}
			wantErr(t, err, tt.line, tt.want)
			var fe *FileError
			if errors.As(err, &fe) && fe.Key != "" {
				t.Errorf("key = %q, want none", fe.Key)
			}
		})
	}

	n := parse(t, "# head\nname: 教育局\nrate: 4\n")
	if n.Kind != yaml.MappingNode || len(n.Content) != 4 || n.Content[0].Value != "name" || n.Content[1].Value != "教育局" {
		t.Errorf("Parse returned %+v", n)
	}
}

func TestYAMLError(t *testing.T) {
	// The line is taken from the message and removed from it, along
	// with the "yaml:" prefix and the punctuation left around it.
	err := yamlError("x.yaml", errors.New("yaml: line 42: could not find expected ':'"))
	wantErr(t, err, 42, "x.yaml:42: YAML 格式错误：could not find expected ':'")
	err = yamlError("x.yaml", errors.New("yaml: control characters are not allowed"))
	wantErr(t, err, 1, "x.yaml:1: YAML 格式错误：control characters are not allowed")
}

func TestField(t *testing.T) {
	n := parse(t, "name: a\nhosts:\n  - x\nlimits:\n  pages: 3\n")
	tests := []struct {
		key      string
		kind     yaml.Kind
		required bool
		line     int
		want     string // error text, "" for none
		value    string // value of a scalar found
	}{
		{"name", yaml.ScalarNode, true, 0, "", "a"},
		{"hosts", yaml.SequenceNode, true, 0, "", ""},
		{"limits", yaml.MappingNode, true, 0, "", ""},
		{"name", yaml.SequenceNode, false, 1, "site.yaml:1: name: 应为列表", ""},
		{"hosts", yaml.MappingNode, false, 3, "site.yaml:3: hosts: 应为映射（key: value 的形式）", ""},
		{"limits", yaml.ScalarNode, false, 5, "site.yaml:5: limits: 应为单个值", ""},
		{"missing", yaml.ScalarNode, true, 1, "site.yaml:1: missing: 缺少此项", ""},
	}
	for _, tt := range tests {
		v, err := Field("site.yaml", n, tt.key, tt.kind, tt.required)
		if tt.want != "" {
			wantErr(t, err, tt.line, tt.want)
			if v != nil {
				t.Errorf("%s: value with error", tt.key)
			}
			continue
		}
		if err != nil || v == nil {
			t.Fatalf("Field(%s) = %v, %v", tt.key, v, err)
		}
		if v.Kind != tt.kind || (tt.value != "" && v.Value != tt.value) {
			t.Errorf("Field(%s) = kind %v value %q", tt.key, v.Kind, v.Value)
		}
	}
	v, err := Field("site.yaml", n, "absent", yaml.ScalarNode, false)
	if v != nil || err != nil {
		t.Errorf("optional absent key: %v, %v", v, err)
	}
	// A key's value is never mistaken for a key.
	v, err = Field("site.yaml", n, "a", yaml.ScalarNode, false)
	if v != nil || err != nil {
		t.Errorf("value taken for key: %v, %v", v, err)
	}
}

func TestOnlyKeys(t *testing.T) {
	n := parse(t, "name: a\nrate: 4\n")
	if err := OnlyKeys("site.yaml", n, "name", "rate", "hosts"); err != nil {
		t.Errorf("known keys rejected: %v", err)
	}

	n = parse(t, "name: a\nrtae: 4\nhosts: []\nnmae: b\n")
	err := OnlyKeys("site.yaml", n, "name", "rate", "hosts")
	want := "site.yaml:2: rtae: 未知的配置项（可用的有：name, rate, hosts）：请检查拼写\n" +
		"site.yaml:4: nmae: 未知的配置项（可用的有：name, rate, hosts）：请检查拼写"
	if err == nil || err.Error() != want {
		t.Errorf("unknown keys:\n got %v\nwant %s", err, want)
	}
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 2 || fe.Key != "rtae" {
		t.Errorf("first error %+v", fe)
	}

	// A key given twice is reported once per repeat, with the first line,
	// and is not also called unknown.
	n = parse(t, "name: a\nrate: 4\n\nname: b\nname: c\nbogus: 1\nbogus: 2\n")
	err = OnlyKeys("site.yaml", n, "name", "rate")
	want = "site.yaml:4: name: 重复出现（第一次在第 1 行）：只保留一处\n" +
		"site.yaml:5: name: 重复出现（第一次在第 1 行）：只保留一处\n" +
		"site.yaml:6: bogus: 未知的配置项（可用的有：name, rate）：请检查拼写\n" +
		"site.yaml:7: bogus: 重复出现（第一次在第 6 行）：只保留一处"
	if err == nil || err.Error() != want {
		t.Errorf("duplicates:\n got %v\nwant %s", err, want)
	}

	// Not a mapping at all.
	top := parse(t, "hosts:\n  - a\n  - b\n")
	seq, _ := Field("site.yaml", top, "hosts", yaml.SequenceNode, true)
	wantErr(t, OnlyKeys("site.yaml", seq, "a"), 2, "site.yaml:2: 应为映射（key: value 的形式）")

	// No keys allowed: every key is unknown.
	n = parse(t, "x: 1\n")
	wantErr(t, OnlyKeys("site.yaml", n), 1, "site.yaml:1: x: 未知的配置项（可用的有：）：请检查拼写")
}

func TestInt(t *testing.T) {
	n := parse(t, "at_lo: 1\nat_hi: 10\nbelow: 0\nabove: 11\nword: ten\nfrac: 2.5\nspaced: ' 7 '\nneg: -3\nlist: [1]\nempty:\n")
	ok := []struct {
		key  string
		want int
	}{{"at_lo", 1}, {"at_hi", 10}, {"spaced", 7}, {"absent", 5}}
	for _, tt := range ok {
		got, err := Int("site.yaml", n, tt.key, 5, 1, 10)
		if err != nil || got != tt.want {
			t.Errorf("Int(%s) = %d, %v; want %d", tt.key, got, err, tt.want)
		}
	}
	bad := []struct {
		key  string
		line int
	}{{"below", 3}, {"above", 4}, {"word", 5}, {"frac", 6}, {"neg", 8}, {"empty", 10}}
	for _, tt := range bad {
		got, err := Int("site.yaml", n, tt.key, 5, 1, 10)
		if got != 0 {
			t.Errorf("Int(%s) = %d with an error, want 0", tt.key, got)
		}
		wantErr(t, err, tt.line, "site.yaml:"+strconv.Itoa(tt.line)+": "+tt.key+": 应为 1 到 10 之间的整数")
	}
	got, err := Int("site.yaml", n, "list", 5, 1, 10)
	if got != 5 {
		t.Errorf("Int(list) = %d, want the default with the kind error", got)
	}
	wantErr(t, err, 9, "site.yaml:9: list: 应为单个值")
	if got, err := Int("site.yaml", n, "neg", 0, -3, -3); got != -3 || err != nil {
		t.Errorf("negative range: %d, %v", got, err)
	}
}

func TestFloat(t *testing.T) {
	n := parse(t, "lo: 0.5\nhi: 2\nbelow: 0.49\nabove: 2.01\nnan: .nan\nword: fast\ninf: .inf\nsci: 1e0\n")
	ok := []struct {
		key  string
		want float64
	}{{"lo", 0.5}, {"hi", 2}, {"sci", 1}, {"absent", 1.5}}
	for _, tt := range ok {
		got, err := Float("site.yaml", n, tt.key, 1.5, 0.5, 2)
		if err != nil || got != tt.want {
			t.Errorf("Float(%s) = %g, %v; want %g", tt.key, got, err, tt.want)
		}
	}
	bad := []struct {
		key  string
		line int
	}{{"below", 3}, {"above", 4}, {"word", 6}, {"inf", 7}}
	for _, tt := range bad {
		got, err := Float("site.yaml", n, tt.key, 1.5, 0.5, 2)
		if got != 0 {
			t.Errorf("Float(%s) = %g with an error", tt.key, got)
		}
		wantErr(t, err, tt.line, "site.yaml:"+strconv.Itoa(tt.line)+": "+tt.key+": 应为 0.5 到 2 之间的数")
	}
	// NaN is outside every range, even an unbounded one.
	n = parse(t, "nan: NaN\n")
	_, err := Float("site.yaml", n, "nan", 0, math.Inf(-1), math.Inf(1))
	wantErr(t, err, 1, "site.yaml:1: nan: 应为 -Inf 到 +Inf 之间的数")
	n = parse(t, "m: {a: 1}\n")
	got, err := Float("site.yaml", n, "m", 1.5, 0, 2)
	if got != 1.5 {
		t.Errorf("Float(mapping) = %g, want default", got)
	}
	wantErr(t, err, 1, "site.yaml:1: m: 应为单个值")
}

func TestDuration(t *testing.T) {
	n := parse(t, "lo: 1s\nhi: 1h\nbelow: 999ms\nabove: 1h0m1s\nbare: 30\nword: soon\nmixed: 1m30s\n")
	lo, hi := time.Second, time.Hour
	ok := []struct {
		key  string
		want time.Duration
	}{{"lo", time.Second}, {"hi", time.Hour}, {"mixed", 90 * time.Second}, {"absent", 15 * time.Second}}
	for _, tt := range ok {
		got, err := Duration("site.yaml", n, tt.key, 15*time.Second, lo, hi)
		if err != nil || got != tt.want {
			t.Errorf("Duration(%s) = %v, %v; want %v", tt.key, got, err, tt.want)
		}
	}
	bad := []struct {
		key  string
		line int
	}{{"below", 3}, {"above", 4}, {"bare", 5}, {"word", 6}}
	for _, tt := range bad {
		got, err := Duration("site.yaml", n, tt.key, 15*time.Second, lo, hi)
		if got != 0 {
			t.Errorf("Duration(%s) = %v with an error", tt.key, got)
		}
		wantErr(t, err, tt.line, "site.yaml:"+strconv.Itoa(tt.line)+": "+tt.key+": 应为 1s 到 1h0m0s 之间的时长，如 30m 或 15s")
	}
	n = parse(t, "d: [1s]\n")
	got, err := Duration("site.yaml", n, "d", 15*time.Second, lo, hi)
	if got != 15*time.Second {
		t.Errorf("Duration(list) = %v, want default", got)
	}
	wantErr(t, err, 1, "site.yaml:1: d: 应为单个值")
}

func TestStr(t *testing.T) {
	n := parse(t, "name: 澜江市教育局\nblank: '  '\nnone:\nlist: [a]\n")
	if s, err := Str("site.yaml", n, "name", true); s != "澜江市教育局" || err != nil {
		t.Errorf("Str(name) = %q, %v", s, err)
	}
	// An empty value is fine when the key is optional...
	if s, err := Str("site.yaml", n, "blank", false); s != "  " || err != nil {
		t.Errorf("Str(blank, optional) = %q, %v", s, err)
	}
	if s, err := Str("site.yaml", n, "none", false); s != "" || err != nil {
		t.Errorf("Str(none, optional) = %q, %v", s, err)
	}
	// ...and an error when it is required.
	s, err := Str("site.yaml", n, "blank", true)
	if s != "" {
		t.Errorf("Str(blank) = %q with error", s)
	}
	wantErr(t, err, 2, "site.yaml:2: blank: 不能为空")
	_, err = Str("site.yaml", n, "none", true)
	wantErr(t, err, 3, "site.yaml:3: none: 不能为空")
	_, err = Str("site.yaml", n, "absent", true)
	wantErr(t, err, 1, "site.yaml:1: absent: 缺少此项")
	if s, err := Str("site.yaml", n, "absent", false); s != "" || err != nil {
		t.Errorf("Str(absent, optional) = %q, %v", s, err)
	}
	_, err = Str("site.yaml", n, "list", false)
	wantErr(t, err, 4, "site.yaml:4: list: 应为单个值")
}

func TestStrs(t *testing.T) {
	n := parse(t, "hosts:\n  - a.gov.cn\n  - b.gov.cn\nnone: []\nblank:\n  - a\n  - ' '\nnested:\n  - [x]\nscalar: a\n")
	got, err := Strs("site.yaml", n, "hosts", true)
	if err != nil || strings.Join(got, ",") != "a.gov.cn,b.gov.cn" {
		t.Errorf("Strs(hosts) = %q, %v", got, err)
	}
	got, err = Strs("site.yaml", n, "none", false)
	if err != nil || len(got) != 0 {
		t.Errorf("Strs(none, optional) = %q, %v", got, err)
	}
	_, err = Strs("site.yaml", n, "none", true)
	wantErr(t, err, 4, "site.yaml:4: none: 列表不能为空")
	_, err = Strs("site.yaml", n, "blank", false)
	wantErr(t, err, 7, "site.yaml:7: blank: 应为非空文字的列表")
	_, err = Strs("site.yaml", n, "nested", false)
	wantErr(t, err, 9, "site.yaml:9: nested: 应为非空文字的列表")
	_, err = Strs("site.yaml", n, "scalar", false)
	wantErr(t, err, 10, "site.yaml:10: scalar: 应为列表")
	_, err = Strs("site.yaml", n, "absent", true)
	wantErr(t, err, 1, "site.yaml:1: absent: 缺少此项")
	got, err = Strs("site.yaml", n, "absent", false)
	if got != nil || err != nil {
		t.Errorf("Strs(absent) = %q, %v", got, err)
	}
}

func TestBool(t *testing.T) {
	n := parse(t, "yes_: true\nno_: false\nword: maybe\none: 1\nlist: [true]\n")
	for key, want := range map[string]bool{"yes_": true, "no_": false, "one": true, "absent": false} {
		got, err := Bool("site.yaml", n, key)
		if err != nil || got != want {
			t.Errorf("Bool(%s) = %v, %v; want %v", key, got, err, want)
		}
	}
	got, err := Bool("site.yaml", n, "word")
	if got {
		t.Errorf("Bool(word) = true with an error")
	}
	wantErr(t, err, 3, "site.yaml:3: word: 应为 true 或 false")
	_, err = Bool("site.yaml", n, "list")
	wantErr(t, err, 5, "site.yaml:5: list: 应为单个值")
}

func TestLine(t *testing.T) {
	n := parse(t, "\nname: a\nrules:\n\n  - x\n")
	if got := Line(n, "name"); got != 2 {
		t.Errorf("Line(name) = %d, want 2", got)
	}
	if got := Line(n, "rules"); got != 5 {
		t.Errorf("Line(rules) = %d, want 5 (the value's line)", got)
	}
	if got := Line(n, "absent"); got != 2 {
		t.Errorf("Line(absent) = %d, want the mapping's line 2", got)
	}
	if got := Line(n, "a"); got != 2 {
		t.Errorf("Line(a) = %d: a value was taken for a key", got)
	}
}

func TestKindNames(t *testing.T) {
	for m, want := range map[os.FileMode]string{
		os.ModeDir:                        "目录",
		os.ModeDevice:                     "设备",
		os.ModeDevice | os.ModeCharDevice: "设备",
		os.ModeCharDevice:                 "设备",
		os.ModeNamedPipe:                  "管道",
		os.ModeSocket:                     "套接字",
		os.ModeSymlink:                    "L---------",
	} {
		if got := kind(m); got != want {
			t.Errorf("kind(%v) = %q, want %q", m, got, want)
		}
	}
}
