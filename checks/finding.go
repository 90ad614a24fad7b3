package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"govaudit/internal/link"
)

// Severity orders findings: an inspector would fail or deduct for an error,
// a warning deserves a look, info is for the record.
type Severity string

const (
	Info    Severity = "info"
	Warning Severity = "warning"
	Error   Severity = "error"
)

// Rank orders severities: info < warning < error; an unknown severity ranks 0.
func (s Severity) Rank() int {
	switch s {
	case Info:
		return 1
	case Warning:
		return 2
	case Error:
		return 3
	}
	return 0
}

// Label is the Chinese word webmasters read in reports.
func (s Severity) Label() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	case Info:
		return "提示"
	}
	return string(s)
}

// ParseSeverity accepts error, warning and info.
func ParseSeverity(s string) (Severity, error) {
	switch v := Severity(strings.ToLower(strings.TrimSpace(s))); v {
	case Info, Warning, Error:
		return v, nil
	}
	return "", fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// A Finding is one problem at one place: the stable contract of govaudit's
// JSON output and of the store.
type Finding struct {
	Check       string   `json:"check"`
	Severity    Severity `json:"severity"`
	Page        string   `json:"page"`
	Target      string   `json:"target"`
	Column      string   `json:"column"`
	Rule        string   `json:"rule"`
	Message     string   `json:"message"`
	Evidence    string   `json:"evidence"`
	Fingerprint string   `json:"fingerprint"`
	// Veto names the single-veto lines of 国办秘函〔2019〕19号 this finding
	// counts towards ("stale-a", "stale-b", "empty-c"), so the driver
	// measures the site's standing without knowing which check said what.
	Veto []string `json:"veto,omitempty"`
	// Transient marks a failure that may be temporary (a timeout, a 5xx
	// after retries): it counts only once it is seen in consecutive
	// baselines; until then it is pending (待确认).
	Transient bool `json:"transient,omitempty"`
	// Subject distinguishes two findings of one rule on one page and target
	// (a matched phrase, say). It enters the fingerprint; it is not printed.
	Subject string `json:"-"`
	// More counts findings of the same check on the same page (or
	// attachment) left out after this one: the driver lists at most 20.
	More int `json:"more,omitempty"`
}

// Fingerprint is a stable identity for a finding: a hash of the check, rule,
// canonical page URL, target and subject, never of positions or times, so
// the same problem keeps its identity from run to run.
func Fingerprint(f Finding) string {
	h := sha256.New()
	for _, part := range []string{f.Check, f.Rule, CanonicalURL(f.Page), CanonicalURL(f.Target), f.Subject} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// CanonicalURL is link.Canonical for a string; anything that does not parse
// as an absolute URL is returned as is.
func CanonicalURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return raw
	}
	return link.Canonical(u)
}

// Less orders findings for output: check, page, target, rule, subject.
func Less(a, b Finding) bool {
	if a.Check != b.Check {
		return a.Check < b.Check
	}
	if a.Page != b.Page {
		return a.Page < b.Page
	}
	if a.Target != b.Target {
		return a.Target < b.Target
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Subject < b.Subject
}
