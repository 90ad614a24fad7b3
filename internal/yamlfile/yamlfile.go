// Package yamlfile reads the YAML files people write for govaudit — rule
// files and site configurations — so that every error names the file, the
// line and the key, and an unknown key (a typo) is an error, not ignored.
package yamlfile

import (
	"errors"
	"fmt"
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
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, &FileError{File: file, Line: 1, Msg: "empty file"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &FileError{File: file, Line: root.Line, Msg: "want a mapping at the top"}
	}
	return root, nil
}

// Field returns the value of key in mapping n.
func Field(file string, n *yaml.Node, key string, kind yaml.Kind, required bool) (*yaml.Node, error) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			if v.Kind != kind {
				return nil, &FileError{file, v.Line, key, "want " + kindName(kind)}
			}
			return v, nil
		}
	}
	if required {
		return nil, &FileError{file, n.Line, key, "missing"}
	}
	return nil, nil
}

// OnlyKeys rejects keys a mapping should not have (a typo loses nothing
// silently), naming every unknown key with its line, and keys given twice.
func OnlyKeys(file string, n *yaml.Node, keys ...string) error {
	if n.Kind != yaml.MappingNode {
		return &FileError{file, n.Line, "", "want a mapping"}
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if first, dup := seen[k.Value]; dup {
			errs = append(errs, &FileError{file, k.Line, k.Value, fmt.Sprintf("given twice (first on line %d)", first)})
			continue
		}
		seen[k.Value] = k.Line
		ok := false
		for _, want := range keys {
			ok = ok || k.Value == want
		}
		if !ok {
			errs = append(errs, &FileError{file, k.Line, k.Value, "unknown key (known: " + strings.Join(keys, ", ") + ")"})
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
		return 0, &FileError{file, v.Line, key, fmt.Sprintf("want a whole number from %d to %d", lo, hi)}
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
		return 0, &FileError{file, v.Line, key, fmt.Sprintf("want a number from %g to %g", lo, hi)}
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
		return 0, &FileError{file, v.Line, key, fmt.Sprintf("want a duration from %s to %s, like 30m or 15s", lo, hi)}
	}
	return d, nil
}

// Str returns the string value of key.
func Str(file string, n *yaml.Node, key string, required bool) (string, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, required)
	if err != nil || v == nil {
		return "", err
	}
	if required && strings.TrimSpace(v.Value) == "" {
		return "", &FileError{file, v.Line, key, "empty"}
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
			return nil, &FileError{file, e.Line, key, "want a list of non-empty strings"}
		}
		out = append(out, e.Value)
	}
	if required && len(out) == 0 {
		return nil, &FileError{file, v.Line, key, "empty list"}
	}
	return out, nil
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a single value"
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
	return &FileError{File: file, Line: line, Msg: strings.Trim(msg, " :")}
}

// Bool returns the boolean value of key (false if absent).
func Bool(file string, n *yaml.Node, key string) (bool, error) {
	v, err := Field(file, n, key, yaml.ScalarNode, false)
	if err != nil || v == nil {
		return false, err
	}
	b, err := strconv.ParseBool(v.Value)
	if err != nil {
		return false, &FileError{file, v.Line, key, "want true or false"}
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
