// Package yamlfile reads the YAML files people write for govaudit — rule
// files and site configurations — so that every error names the file, the
// line and the key, and an unknown key (a typo) is an error, not ignored.
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// A FileError points at the file, line and key of a problem in a rule or
// configuration file.
type FileError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *FileError) Error() string {
	if e.Key != "" {
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Parse decodes data and returns its top-level mapping.
func Parse(file string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FileError{File: file, Line: 1, Msg: "文件是空的"}
		}
		return nil, yamlError(file, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil && len(more.Content) > 0 && more.Content[0].Kind != 0 && !(more.Content[0].Kind == yaml.ScalarNode && more.Content[0].Tag == "!!null") {
		// "---" starts another document: one file is one configuration,
		// and what follows would be lost without a word.
		return nil, &FileError{File: file, Line: more.Content[0].Line, Msg: "文件中有第二个 YAML 文档（--- 之后的内容）；一个文件只能写一份配置，请删去 --- 或分成两个文件"}
	} else if err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, &FileError{File: file, Line: 1, Msg: "文件是空的"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &FileError{File: file, Line: root.Line, Msg: "顶层应为映射（key: value 的形式）"}
	}
	return root, nil
}

// Field returns the value of key in mapping n.
func Field(file string, n *yaml.Node, key string, kind yaml.Kind, required bool) (*yaml.Node, error) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			if v.Kind != kind {
				return nil, &FileError{file, v.Line, key, "应为" + kindName(kind)}
			}
			return v, nil
		}
	}
	if required {
		return nil, &FileError{file, n.Line, key, "缺少此项"}
	}
	return nil, nil
}

// OnlyKeys rejects keys a mapping should not have (a typo loses nothing
// silently), naming every unknown key with its line, and keys given twice.
func OnlyKeys(file string, n *yaml.Node, keys ...string) error {
	if n.Kind != yaml.MappingNode {
		return &FileError{file, n.Line, "", "应为映射（key: value 的形式）"}
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if first, dup := seen[k.Value]; dup {
			errs = append(errs, &FileError{file, k.Line, k.Value, fmt.Sprintf("重复出现（第一次在第 %d 行）：只保留一处", first)})
			continue
		}
		seen[k.Value] = k.Line
		ok := false
		for _, want := range keys {
			ok = ok || k.Value == want
		}
		if !ok {
			errs = append(errs, &FileError{file, k.Line, k.Value, "未知的配置项（可用的有：" + strings.Join(keys, ", ") + "）：请检查拼写"})
		}
	}
	return errors.Join(errs...)
}

// Int returns the integer value of key (def if absent), which must lie in [lo, hi].
func Int(file string, n *yaml.Node, key string, def, lo, hi int) (int, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, false)
	if err != nil || v == nil {
		return def, err
	}
	i, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if err != nil || i < lo || i > hi {
		return 0, &FileError{file, v.Line, key, fmt.Sprintf("应为 %d 到 %d 之间的整数", lo, hi)}
	}
	return i, nil
}

// Float returns the number value of key (def if absent), which must lie in [lo, hi].
func Float(file string, n *yaml.Node, key string, def, lo, hi float64) (float64, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, false)
	if err != nil || v == nil {
		return def, err
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64)
	if err != nil || !(f >= lo && f <= hi) { // NaN fails both
		return 0, &FileError{file, v.Line, key, fmt.Sprintf("应为 %g 到 %g 之间的数", lo, hi)}
	}
	return f, nil
}

// Duration returns the duration value of key ("30m", "15s"; def if
// absent), which must lie in [lo, hi].
func Duration(file string, n *yaml.Node, key string, def, lo, hi time.Duration) (time.Duration, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, false)
	if err != nil || v == nil {
		return def, err
	}
	d, err := time.ParseDuration(strings.TrimSpace(v.Value))
	if err != nil || d < lo || d > hi {
		return 0, &FileError{file, v.Line, key, fmt.Sprintf("应为 %s 到 %s 之间的时长，如 30m 或 15s", lo, hi)}
	}
	return d, nil
}

// Str returns the string value of key.
func Str(file string, n *yaml.Node, key string, required bool) (string, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, required)
	if err != nil || v == nil {
		return "", err
	}
	if v.Tag == "!!null" {
		// "key: ~" or "key: null" is no value, not the text "~".
		if required {
			return "", &FileError{file, v.Line, key, "不能为空"}
		}
		return "", nil
	}
	if required && strings.TrimSpace(v.Value) == "" {
		return "", &FileError{file, v.Line, key, "不能为空"}
	}
	return v.Value, nil
}

// Strs returns the list of strings of key.
func Strs(file string, n *yaml.Node, key string, required bool) ([]string, error) {
	v, err := Field(file, n, key, yaml.SequenceNode, required)
	if err != nil || v == nil {
		return nil, err
	}
	var out []string
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode || strings.TrimSpace(e.Value) == "" {
			return nil, &FileError{file, e.Line, key, "应为非空文字的列表"}
		}
		out = append(out, e.Value)
	}
	if required && len(out) == 0 {
		return nil, &FileError{file, v.Line, key, "列表不能为空"}
	}
	return out, nil
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "映射（key: value 的形式）"
	case yaml.SequenceNode:
		return "列表"
	}
	return "单个值"
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError turns a YAML syntax error into a FileError with its line.
func yamlError(file string, err error) error {
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = yamlLine.ReplaceAllString(msg, "")
	return &FileError{File: file, Line: line, Msg: "YAML 格式错误：" + strings.Trim(msg, " :")}
}

// Bool returns the boolean value of key (false if absent).
func Bool(file string, n *yaml.Node, key string) (bool, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, false)
	if err != nil || v == nil {
		return false, err
	}
	b, err := strconv.ParseBool(v.Value)
	if err != nil {
		return false, &FileError{file, v.Line, key, "应为 true 或 false"}
	}
	return b, nil
}

// Line returns the line of key's value in n, or n's own line.
func Line(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Line
		}
	}
	return n.Line
}

// Errorf returns a FileError for key at line.
func Errorf(file string, line int, key, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)}
}
