package demo

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// A Want is one finding the audit of the demo site must report (one line
// of want.txt).
type Want struct {
	ID       string // stable name of the planted problem, for Repair
	Check    string // "dead-link"
	Severity string // "error", "warning" or "info"
	Rule     string // "http-404", "dns-failure", "soft-404-redirect", …
	Page     string // canonical URL of the page where the link stands
	Target   string // canonical URL of the link target, resolved against the page (or its <base href>); "" if none
}

// Planted returns the planted findings of want.txt, in file order.
func Planted() ([]Want, error) {
	list, err := wants()
	if err != nil {
		return nil, err
	}
	return append([]Want(nil), list...), nil
}

var wants = sync.OnceValues(func() ([]Want, error) {
	b, err := files.ReadFile("want.txt")
	if err != nil {
		return nil, err
	}
	return parseWant(b)
})

func parseWant(b []byte) ([]Want, error) {
	var list []Want
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 6 {
			return nil, fmt.Errorf("want.txt:%d: %d fields, want 6 (id check severity rule page target)", n, len(f))
		}
		w := Want{ID: f[0], Check: f[1], Severity: f[2], Rule: f[3], Page: f[4], Target: f[5]}
		switch {
		case seen[w.ID]:
			return nil, fmt.Errorf("want.txt:%d: id %q appears twice", n, w.ID)
		case w.Severity != "error" && w.Severity != "warning" && w.Severity != "info":
			return nil, fmt.Errorf("want.txt:%d: severity %q (want error, warning or info)", n, w.Severity)
		}
		if w.Target == "-" {
			w.Target = ""
		}
		for _, u := range []string{w.Page, w.Target} {
			if u == "" && w.Target == "" {
				continue
			}
			if err := checkCanonical(u); err != nil {
				return nil, fmt.Errorf("want.txt:%d: %v", n, err)
			}
		}
		seen[w.ID] = true
		list = append(list, w)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return list, nil
}

// checkCanonical accepts absolute http(s) URLs with lower-case scheme and
// host, no default port, no fragment and a non-empty path.
func checkCanonical(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%s: not an http(s) URL", raw)
	case u.Host != strings.ToLower(u.Host):
		return fmt.Errorf("%s: host not lower case", raw)
	case u.Port() == "80" && u.Scheme == "http", u.Port() == "443" && u.Scheme == "https":
		return fmt.Errorf("%s: default port", raw)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return fmt.Errorf("%s: fragment", raw)
	case u.Path == "":
		return fmt.Errorf("%s: empty path (write a /)", raw)
	}
	return nil
}
