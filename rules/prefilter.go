package rules

import "regexp/syntax"

// Prefilter literals for pattern rules: a set of strings one of which every
// match of the regexp contains. The automaton looks for them with the
// literal rules, and a pattern's regexp runs only on a text where one of
// them occurs — most pages never pay for most patterns.

const maxSet = 64 // the most strings a literal set may hold

// triggers returns the prefilter literals of a regexp, or nil when none is
// long enough to be worth it (then the regexp always runs).
func triggers(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	set, ok := required(re.Simplify())
	if !ok || minLen(set) < 3 {
		return nil
	}
	return set
}

func minLen(set []string) int {
	if len(set) == 0 {
		return 0
	}
	m := len(set[0])
	for _, s := range set {
		m = min(m, len(s))
	}
	return m
}

// exact is the finite set of texts re matches, if it is small.
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == 16 {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		s, ok := exact(re.Sub[0])
		return append(s, ""), ok && len(s) < maxSet
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s, ok := exact(sub)
			if !ok || len(out)+len(s) > maxSet {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			s, ok := exact(sub)
			if !ok {
				return nil, false
			}
			if out = cross(out, s); out == nil {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// cross is every a followed by every b, or nil if too many.
func cross(a, b []string) []string {
	if len(a)*len(b) > maxSet {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// required is a set of strings one of which every match contains: the
// best (longest shortest string) of the candidates found.
func required(re *syntax.Regexp) ([]string, bool) {
	if s, ok := exact(re); ok && minLen(s) > 0 {
		return s, true
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if !ok || len(out)+len(s) > maxSet {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		var best []string
		better := func(s []string) {
			if minLen(s) > minLen(best) {
				best = s
			}
		}
		for i := range re.Sub {
			if s, ok := required(re.Sub[i]); ok {
				better(s)
			}
			run := []string{""}
			for j := i; j < len(re.Sub); j++ {
				s, ok := exact(re.Sub[j])
				if !ok {
					break
				}
				if run = cross(run, s); run == nil {
					break
				}
				better(run)
			}
		}
		return best, best != nil
	}
	return nil, false
}
