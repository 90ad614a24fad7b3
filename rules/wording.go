package rules

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"govaudit/internal/match"
	"govaudit/internal/yamlfile"
)

// Wording rules (banned-wording): a closed set of kinds, each rule with
// examples. Literals (substitution, existence) go into one Aho–Corasick
// automaton; patterns are RE2 regular expressions run one by one.
//
// File format (rules/wording/*.yaml are the embedded defaults; a site file
// has the same form and may disable rules of the files before it):
//
//	disable: [rule-id, …]          # optional
//	rules:
//	  - id: typo-zaijiezaili       # lower-case letters, digits, dashes; unique
//	    kind: substitution         # substitution | existence | pattern
//	    level: warning             # error | warning | info
//	    wrong: 再接再励            # substitution: the wrong text …
//	    right: 再接再厉            # … and what to write instead
//	    phrases: [中港两地]        # existence: banned phrases
//	    pattern: 台湾(等|…)国家    # pattern: RE2; a group named m, if any, is the reported match
//	    message: 将“{match}”改为“{right}”   # Chinese; {match}, {right}; optional for substitution
//	    exceptions: [longer correct words containing the match]
//	    from: 2019-04-01           # applies only to text written on or after this date
//	    examples: {hit: […], miss: […]}

//go:embed wording/*.yaml
var wordingFS embed.FS

// Wording rule kinds.
const (
	Substitution = "substitution"
	Existence    = "existence"
	Pattern      = "pattern"
)

// WordingRule is one wording rule.
type WordingRule struct {
	ID         string
	Kind       string
	Level      string // error, warning or info
	Message    string // Chinese, with {match} and {right}
	Wrong      string // substitution
	Right      string // substitution
	Phrases    []string
	Pattern    string
	Exceptions []string
	From       time.Time // zero: always applies
	Hit, Miss  []string
	File       string
	Line       int

	hitLines, missLines []int
	re                  *regexp.Regexp
	group               int      // the submatch reported, 0 for the whole match
	triggers            []string // prefilter literals of a pattern, nil: always run
	index               int      // position in Wording.Rules

	// Exceptions indexed for literal rules: for each literal, where in an
	// exception it can stand (offset, exception length), and the set of
	// exceptions (see indexExceptions).
	exShapes map[string][]exShape
	exSet    map[string]bool
}

type exShape struct{ off, n int }

// indexExceptions prepares excepted for a rule whose matches are literals
// (a substitution's wrong form, phrases). Pattern rules' matches vary and
// keep the scan of every exception.
func (r *WordingRule) indexExceptions() {
	if r.Kind == Pattern || len(r.Exceptions) == 0 {
		return
	}
	lits := r.Phrases
	if r.Kind == Substitution {
		lits = []string{r.Wrong}
	}
	r.exShapes, r.exSet = map[string][]exShape{}, map[string]bool{}
	for _, x := range r.Exceptions {
		r.exSet[x] = true
	}
	for _, l := range lits {
		if l == "" {
			continue
		}
		seen := map[exShape]bool{}
		shapes := []exShape{}
		for _, x := range r.Exceptions {
			for off := 0; off+len(l) <= len(x); {
				i := strings.Index(x[off:], l)
				if i < 0 {
					break
				}
				sh := exShape{off + i, len(x)}
				if !seen[sh] {
					seen[sh] = true
					shapes = append(shapes, sh)
				}
				off += i + 1
			}
		}
		r.exShapes[l] = shapes
	}
}

// Applies says whether the rule applies to a page published on date (zero:
// unknown, when rules with a From date do not apply).
func (r *WordingRule) Applies(date time.Time) bool {
	if r.From.IsZero() {
		return true
	}
	if date.IsZero() {
		return false
	}
	d := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	return !d.Before(r.From)
}

// Describe is the rule's message for one matched text.
func (r *WordingRule) Describe(matched string) string {
	return strings.NewReplacer("{match}", matched, "{right}", r.Right).Replace(r.Message)
}

// Wording is a compiled, merged set of wording rules.
type Wording struct {
	Rules []*WordingRule // in file order
	Files []string       // the files merged, in order

	ac      *match.Matcher
	litRule []*WordingRule // automaton pattern index → rule
	trigger []bool         // automaton pattern index → a pattern rule's prefilter literal
	regs    []*WordingRule
}

// WordingHit is one match of one rule.
type WordingHit struct {
	Rule       *WordingRule
	Start, End int // byte offsets in the text
	Text       string
}

// Find returns every match in text of the rules that apply to a page
// published on date, by position (then rule order). Matches covered by one
// of their rule's exceptions are dropped.
func (w *Wording) Find(text string, date time.Time) []WordingHit {
	return w.FindDated(text, func(int, int) time.Time { return date })
}

// FindDated is Find where the date is the text's own, match by match: a
// rule with a From date keeps a match only if dateOf(start, end) — when the
// words around the match were written — is on or after it (zero: unknown,
// the rule does not apply). dateOf is called only for such rules' matches.
func (w *Wording) FindDated(text string, dateOf func(start, end int) time.Time) []WordingHit {
	applies := func(r *WordingRule, s, e int) bool {
		return r.From.IsZero() || r.Applies(dateOf(s, e))
	}
	var hits []WordingHit
	var triggered map[*WordingRule]bool
	if w.ac != nil {
		w.ac.Each(text, func(p, s, e int) {
			r := w.litRule[p]
			if w.trigger[p] {
				if triggered == nil {
					triggered = map[*WordingRule]bool{}
				}
				triggered[r] = true
				return
			}
			if !excepted(r, text, s, e) && applies(r, s, e) {
				hits = append(hits, WordingHit{r, s, e, text[s:e]})
			}
		})
	}
	for _, r := range w.regs {
		if r.triggers == nil || triggered[r] {
			for _, h := range r.findPattern(text) {
				if applies(r, h.Start, h.End) {
					hits = append(hits, h)
				}
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Start != hits[j].Start {
			return hits[i].Start < hits[j].Start
		}
		return hits[i].Rule.index < hits[j].Rule.index
	})
	return hits
}

// find is one rule's matches, whatever the date: what examples run.
func (r *WordingRule) find(text string) []WordingHit {
	if r.Kind == Pattern {
		return r.findPattern(text)
	}
	lits := r.Phrases
	if r.Kind == Substitution {
		lits = []string{r.Wrong}
	}
	var hits []WordingHit
	for _, l := range lits {
		for off := 0; ; {
			i := strings.Index(text[off:], l)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(l)
			if !excepted(r, text, s, e) {
				hits = append(hits, WordingHit{r, s, e, l})
			}
			off = s + 1
		}
	}
	return hits
}

func (r *WordingRule) findPattern(text string) []WordingHit {
	var hits []WordingHit
	for _, m := range r.re.FindAllStringSubmatchIndex(text, -1) {
		s, e := m[2*r.group], m[2*r.group+1]
		if s < 0 || s == e || excepted(r, text, s, e) {
			continue
		}
		hits = append(hits, WordingHit{r, s, e, text[s:e]})
	}
	return hits
}

// excepted says whether one of r's exceptions occurs in text covering
// [s, e): any occurrence of x in the window below starts at or before s
// and ends at or after e.
func excepted(r *WordingRule, text string, s, e int) bool {
	if len(r.Exceptions) == 0 {
		return false
	}
	if shapes, ok := r.exShapes[text[s:e]]; ok {
		// A literal match: look up the few windows an exception can
		// occupy around it, not every exception (2,000 exceptions cost
		// 123 s on a page full of hits).
		for _, sh := range shapes {
			lo := s - sh.off
			if lo >= 0 && lo+sh.n <= len(text) && r.exSet[text[lo:lo+sh.n]] {
				return true
			}
		}
		return false
	}
	for _, x := range r.Exceptions {
		lo, hi := e-len(x), s+len(x)
		if lo < 0 {
			lo = 0
		}
		if hi > len(text) {
			hi = len(text)
		}
		if lo < hi && strings.Contains(text[lo:hi], x) {
			return true
		}
	}
	return false
}

// ExampleFailure is a hit example that does not hit, or a miss example
// that does.
type ExampleFailure struct {
	Rule *WordingRule
	File string
	Line int
	Msg  string
}

func (f ExampleFailure) Error() string {
	return (&yamlfile.FileError{File: f.File, Line: f.Line, Key: "examples", Msg: f.Msg}).Error()
}

// TestExamples runs every rule's examples, each against its own rule
// (dates aside), and returns the failures in file order.
func (w *Wording) TestExamples() []ExampleFailure {
	var out []ExampleFailure
	for _, r := range w.Rules {
		for i, ex := range r.Hit {
			if len(r.find(ex)) == 0 {
				out = append(out, ExampleFailure{r, r.File, r.hitLines[i], fmt.Sprintf("%s: hit 示例 %q 没有被这条规则发现", r.ID, ex)})
			}
		}
		for i, ex := range r.Miss {
			if h := r.find(ex); len(h) > 0 {
				out = append(out, ExampleFailure{r, r.File, r.missLines[i], fmt.Sprintf("%s: miss 示例 %q 被这条规则发现了 %q", r.ID, ex, h[0].Text)})
			}
		}
	}
	return out
}

// WordingSource is one rule file's name and bytes.
type WordingSource struct {
	File string
	Data []byte
}

// DefaultWordingSources are the embedded default files, by name.
func DefaultWordingSources() []WordingSource {
	entries, err := wordingFS.ReadDir("wording")
	if err != nil {
		panic(err)
	}
	var out []WordingSource
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".yaml" {
			continue
		}
		data, err := wordingFS.ReadFile("wording/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, WordingSource{File: "rules/wording/" + e.Name(), Data: data})
	}
	return out
}

var defaultWording = sync.OnceValue(func() *Wording {
	w, err := ParseWording(DefaultWordingSources()...)
	if err != nil {
		panic(err) // the embedded files are tested
	}
	return w
})

// DefaultWording is the compiled embedded rule set (compiled once).
func DefaultWording() *Wording { return defaultWording() }

// LoadWording merges the default rules with the given files, read from
// disk, in order, compiles them and runs every example: a file that does
// not parse, or a rule whose example fails, is an error naming file and
// line.
func LoadWording(files ...string) (*Wording, error) {
	srcs := DefaultWordingSources()
	for _, f := range files {
		data, err := yamlfile.ReadFile(f)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, WordingSource{File: f, Data: data})
	}
	return ParseWording(srcs...)
}

// ParseWording is CompileWording followed by the examples: the first
// failing example is the error.
func ParseWording(srcs ...WordingSource) (*Wording, error) {
	w, err := CompileWording(srcs...)
	if err != nil {
		return nil, err
	}
	if fails := w.TestExamples(); len(fails) > 0 {
		return nil, fails[0]
	}
	return w, nil
}

// CompileWording parses and merges the files in order (a later file may
// disable rules of an earlier one, and then define a rule of the same id)
// and compiles the result. It does not run the examples.
func CompileWording(srcs ...WordingSource) (*Wording, error) {
	w := &Wording{}
	byID := map[string]*WordingRule{}
	var order []*WordingRule
	for _, src := range srcs {
		w.Files = append(w.Files, src.File)
		file := src.File
		root, err := yamlfile.Parse(file, src.Data)
		if err != nil {
			return nil, err
		}
		if err := yamlfile.OnlyKeys(file, root, "disable", "rules"); err != nil {
			return nil, err
		}
		if dis, err := yamlfile.Field(file, root, "disable", yaml.SequenceNode, false); err != nil {
			return nil, err
		} else if dis != nil {
			for _, n := range dis.Content {
				if n.Kind != yaml.ScalarNode || byID[n.Value] == nil {
					return nil, yamlfile.Errorf(file, n.Line, "disable", "no rule %q to disable (in the files before this one)", n.Value)
				}
				delete(byID, n.Value)
			}
		}
		list, err := yamlfile.Field(file, root, "rules", yaml.SequenceNode, false)
		if err != nil {
			return nil, err
		}
		if list == nil {
			continue
		}
		for _, n := range list.Content {
			r, err := parseWordingRule(file, n)
			if err != nil {
				return nil, err
			}
			if prev := byID[r.ID]; prev != nil {
				return nil, yamlfile.Errorf(file, yamlfile.Line(n, "id"), "id", "rule %q is defined twice (first at %s:%d); disable it first to replace it", r.ID, prev.File, prev.Line)
			}
			byID[r.ID] = r
			order = append(order, r)
		}
	}
	var lits []string
	for _, r := range order {
		if byID[r.ID] != r {
			continue // disabled or replaced
		}
		r.index = len(w.Rules)
		r.indexExceptions()
		w.Rules = append(w.Rules, r)
		switch r.Kind {
		case Substitution:
			lits = append(lits, r.Wrong)
			w.litRule = append(w.litRule, r)
			w.trigger = append(w.trigger, false)
		case Existence:
			for _, p := range r.Phrases {
				lits = append(lits, p)
				w.litRule = append(w.litRule, r)
				w.trigger = append(w.trigger, false)
			}
		case Pattern:
			w.regs = append(w.regs, r)
			for _, t := range r.triggers {
				lits = append(lits, t)
				w.litRule = append(w.litRule, r)
				w.trigger = append(w.trigger, true)
			}
		}
	}
	if len(lits) > 0 {
		ac, err := match.New(lits)
		if err != nil {
			return nil, err
		}
		w.ac = ac
	}
	return w, nil
}

var (
	wordingID   = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	placeholder = regexp.MustCompile(`\{[^{}]*\}`)
)

func parseWordingRule(file string, n *yaml.Node) (*WordingRule, error) {
	r := &WordingRule{File: file, Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return nil, yamlfile.Errorf(file, n.Line, "", "a rule is a mapping with id, kind, level, message and examples")
	}
	var err error
	if r.Kind, err = yamlfile.Str(file, n, "kind", true); err != nil {
		return nil, err
	}
	common := []string{"id", "kind", "level", "message", "exceptions", "from", "examples"}
	switch r.Kind {
	case Substitution:
		err = yamlfile.OnlyKeys(file, n, append(common, "wrong", "right")...)
	case Existence:
		err = yamlfile.OnlyKeys(file, n, append(common, "phrases")...)
	case Pattern:
		err = yamlfile.OnlyKeys(file, n, append(common, "pattern")...)
	default:
		return nil, yamlfile.Errorf(file, yamlfile.Line(n, "kind"), "kind", "unknown kind %q (want substitution, existence or pattern)", r.Kind)
	}
	if err != nil {
		return nil, err
	}
	if r.ID, err = yamlfile.Str(file, n, "id", true); err != nil {
		return nil, err
	}
	if !wordingID.MatchString(r.ID) {
		return nil, yamlfile.Errorf(file, yamlfile.Line(n, "id"), "id", "%q: use lower-case letters, digits and dashes", r.ID)
	}
	if r.Level, err = yamlfile.Str(file, n, "level", true); err != nil {
		return nil, err
	}
	if r.Level != "error" && r.Level != "warning" && r.Level != "info" {
		return nil, yamlfile.Errorf(file, yamlfile.Line(n, "level"), "level", "unknown level %q (want error, warning or info)", r.Level)
	}
	if r.Message, err = yamlfile.Str(file, n, "message", r.Kind != Substitution); err != nil {
		return nil, err
	}
	var lits []string
	switch r.Kind {
	case Substitution:
		if r.Wrong, err = yamlfile.Str(file, n, "wrong", true); err != nil {
			return nil, err
		}
		if r.Right, err = yamlfile.Str(file, n, "right", true); err != nil {
			return nil, err
		}
		if r.Wrong == r.Right {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "right"), "right", "the same as wrong")
		}
		if r.Message == "" {
			r.Message = "将“{match}”改为“{right}”"
		}
		lits = []string{r.Wrong}
	case Existence:
		if r.Phrases, err = yamlfile.Strs(file, n, "phrases", true); err != nil {
			return nil, err
		}
		lits = r.Phrases
	case Pattern:
		if r.Pattern, err = yamlfile.Str(file, n, "pattern", true); err != nil {
			return nil, err
		}
		line := yamlfile.Line(n, "pattern")
		if r.re, err = regexp.Compile(r.Pattern); err != nil {
			return nil, yamlfile.Errorf(file, line, "pattern", "%v", err)
		}
		if r.re.MatchString("") {
			return nil, yamlfile.Errorf(file, line, "pattern", "%q matches the empty text", r.Pattern)
		}
		if i := r.re.SubexpIndex("m"); i > 0 {
			r.group = i
		}
		r.triggers = triggers(r.Pattern)
	}
	for _, ph := range placeholder.FindAllString(r.Message, -1) {
		if ph != "{match}" && !(ph == "{right}" && r.Kind == Substitution) {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "message"), "message", "unknown placeholder %s (known: {match}%s)", ph, map[bool]string{true: ", {right}"}[r.Kind == Substitution])
		}
	}
	if r.Exceptions, err = yamlfile.Strs(file, n, "exceptions", false); err != nil {
		return nil, err
	}
	for _, x := range r.Exceptions {
		ok := len(lits) == 0 // a pattern's exceptions cannot be checked here
		for _, l := range lits {
			ok = ok || strings.Contains(x, l)
		}
		if !ok {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "exceptions"), "exceptions", "%q does not contain %q: an exception is a longer correct text around the match", x, lits[0])
		}
	}
	from, err := yamlfile.Str(file, n, "from", false)
	if err != nil {
		return nil, err
	}
	if from != "" {
		if r.From, err = time.Parse("2006-01-02", from); err != nil {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "from"), "from", "%q: want a date, YYYY-MM-DD", from)
		}
	}
	ex, err := yamlfile.Field(file, n, "examples", yaml.MappingNode, true)
	if err != nil {
		return nil, err
	}
	if err := yamlfile.OnlyKeys(file, ex, "hit", "miss"); err != nil {
		return nil, err
	}
	if r.Hit, r.hitLines, err = exampleList(file, ex, "hit"); err != nil {
		return nil, err
	}
	if r.Miss, r.missLines, err = exampleList(file, ex, "miss"); err != nil {
		return nil, err
	}
	return r, nil
}

func exampleList(file string, ex *yaml.Node, key string) ([]string, []int, error) {
	list, err := yamlfile.Strs(file, ex, key, true)
	if err != nil {
		return nil, nil, err
	}
	v, _ := yamlfile.Field(file, ex, key, yaml.SequenceNode, true)
	lines := make([]int, len(v.Content))
	for i, e := range v.Content {
		lines[i] = e.Line
	}
	return list, lines, nil
}
