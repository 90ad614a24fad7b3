// Package rules loads govaudit's rule files — YAML, embedded as defaults,
// replaceable per site — and compiles them once. Rules know nothing of the
// checks that use them; every rule carries examples that one test runs.
package rules

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"govaudit/internal/yamlfile"
)

//go:embed columns.yaml
var defaultColumns []byte

// DefaultColumnsFile is the name errors give the embedded column classes.
const DefaultColumnsFile = "rules/columns.yaml"

// Window is an update window in the calendar units the rules use.
type Window struct{ Days, Months, Years int }

// ColumnClass is one class of 栏目 and its update window.
type ColumnClass struct {
	ID       string
	Name     string
	Keywords []string
	Window   Window // zero: not judged for staleness
	Exempt   bool   // not judged at all (专题)
	Veto     string // veto line the class counts towards ("a"), or ""
	Hit      []string
	Miss     []string
	Line     int // where the class starts in its file
}

// Classify returns the first class one of whose keywords name contains.
func Classify(classes []ColumnClass, name string) (ColumnClass, bool) {
	for _, c := range classes {
		for _, k := range c.Keywords {
			if strings.Contains(name, k) {
				return c, true
			}
		}
	}
	return ColumnClass{}, false
}

// DefaultColumnClasses returns the embedded classes.
func DefaultColumnClasses() []ColumnClass {
	classes, err := ParseColumnClasses(DefaultColumnsFile, defaultColumns)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return classes
}

var classID = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// ParseColumnClasses decodes and checks a column-classes file.
func ParseColumnClasses(file string, data []byte) ([]ColumnClass, error) {
	root, err := yamlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	list, err := yamlfile.Field(file, root, "classes", yaml.SequenceNode, true)
	if err != nil {
		return nil, err
	}
	if err := yamlfile.OnlyKeys(file, root, "classes"); err != nil {
		return nil, err
	}
	var out []ColumnClass
	seen := map[string]int{}
	for _, n := range list.Content {
		c, err := parseClass(file, n)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, yamlfile.Errorf(file, n.Line, "id", "class %q is defined twice (first at line %d)", c.ID, prev)
		}
		seen[c.ID] = c.Line
		out = append(out, c)
	}
	// Examples run against the whole list: order decides.
	for _, c := range out {
		for _, name := range c.Hit {
			if got, ok := Classify(out, name); !ok || got.ID != c.ID {
				return nil, yamlfile.Errorf(file, c.Line, "examples.hit", "%q should be class %s, is %s", name, c.ID, orNone(got.ID))
			}
		}
		for _, name := range c.Miss {
			if got, ok := Classify(out, name); ok && got.ID == c.ID {
				return nil, yamlfile.Errorf(file, c.Line, "examples.miss", "%q should not be class %s", name, c.ID)
			}
		}
	}
	return out, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func parseClass(file string, n *yaml.Node) (ColumnClass, error) {
	c := ColumnClass{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return c, yamlfile.Errorf(file, n.Line, "", "%s", "a class is a mapping with id, name, keywords, window")
	}
	if err := yamlfile.OnlyKeys(file, n, "id", "name", "keywords", "window", "exempt", "veto", "examples"); err != nil {
		return c, err
	}
	var err error
	if c.ID, err = yamlfile.Str(file, n, "id", true); err != nil {
		return c, err
	}
	if !classID.MatchString(c.ID) {
		v, _ := yamlfile.Field(file, n, "id", yaml.ScalarNode, true)
		return c, yamlfile.Errorf(file, v.Line, "id", "%q: use lower-case letters, digits and dashes", c.ID)
	}
	if c.Name, err = yamlfile.Str(file, n, "name", true); err != nil {
		return c, err
	}
	if c.Keywords, err = yamlfile.Strs(file, n, "keywords", true); err != nil {
		return c, err
	}
	w, err := yamlfile.Str(file, n, "window", true)
	if err != nil {
		return c, err
	}
	if c.Window, err = ParseWindow(w); err != nil {
		v, _ := yamlfile.Field(file, n, "window", yaml.ScalarNode, true)
		return c, yamlfile.Errorf(file, v.Line, "window", "%s", err.Error())
	}
	if c.Exempt, err = yamlfile.Bool(file, n, "exempt"); err != nil {
		return c, err
	}
	if c.Veto, err = yamlfile.Str(file, n, "veto", false); err != nil {
		return c, err
	}
	if c.Veto != "" && c.Veto != "a" {
		v, _ := yamlfile.Field(file, n, "veto", yaml.ScalarNode, false)
		return c, yamlfile.Errorf(file, v.Line, "veto", "unknown veto line %q (want a)", c.Veto)
	}
	ex, err := yamlfile.Field(file, n, "examples", yaml.MappingNode, true)
	if err != nil {
		return c, err
	}
	if err := yamlfile.OnlyKeys(file, ex, "hit", "miss"); err != nil {
		return c, err
	}
	if c.Hit, err = yamlfile.Strs(file, ex, "hit", true); err != nil {
		return c, err
	}
	if c.Miss, err = yamlfile.Strs(file, ex, "miss", true); err != nil {
		return c, err
	}
	return c, nil
}

var windowRe = regexp.MustCompile(`^(\d+)([dwmy])$`)

// ParseWindow reads "14d", "2w", "6m", "1y" or "none".
func ParseWindow(s string) (Window, error) {
	s = strings.TrimSpace(s)
	if s == "none" {
		return Window{}, nil
	}
	m := windowRe.FindStringSubmatch(s)
	if m == nil {
		return Window{}, fmt.Errorf("%q: want a number and d, w, m or y (14d, 2w, 6m, 1y), or none", s)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 {
		return Window{}, errors.New("a window of 0: write none")
	}
	switch m[2] {
	case "d":
		return Window{Days: n}, nil
	case "w":
		return Window{Days: 7 * n}, nil
	case "m":
		return Window{Months: n}, nil
	}
	return Window{Years: n}, nil
}
