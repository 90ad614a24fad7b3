package demo

import (
	"fmt"
	"html"
	"strings"
)

// A small strict HTML scanner for the tests. x/net/html would repair a
// broken page silently, as browsers do; this one fails on it, so the demo's
// hand-written pages stay well formed (every non-void element closed, in
// order). It also collects what the tests look at.

type htmlLink struct {
	Tag, Attr, Value string
	Text             string // anchor text, for <a>
}

type htmlDoc struct {
	Title  string
	Titles int
	Base   string
	Meta   map[string]string // name → content; "charset" for <meta charset>; "http-equiv:<name>" for http-equiv
	Links  []htmlLink
	Text   string // visible text, entities decoded, script and style left out
	IDs    map[string]bool
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// linkAttrs: the elements and attributes the audit follows.
var linkAttrs = map[string]string{
	"a": "href", "area": "href", "img": "src", "iframe": "src", "frame": "src", "embed": "src", "object": "data",
}

func parseHTML(src string) (*htmlDoc, error) {
	d := &htmlDoc{Meta: map[string]string{}, IDs: map[string]bool{}}
	var stack []string
	var text strings.Builder
	anchor := -1 // index in d.Links of the open <a>, or -1
	var anchorText strings.Builder
	seen := map[string]bool{}
	addText := func(s string) {
		t := html.UnescapeString(s)
		text.WriteString(t)
		if anchor >= 0 {
			anchorText.WriteString(t)
		}
	}
	i := 0
	for i < len(src) {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			addText(src[i:])
			break
		}
		addText(src[i : i+lt])
		i += lt
		switch {
		case strings.HasPrefix(src[i:], "<!--"):
			end := strings.Index(src[i:], "-->")
			if end < 0 {
				return nil, fmt.Errorf("unterminated comment at %d", i)
			}
			i += end + 3
		case strings.HasPrefix(src[i:], "<!"):
			end := strings.IndexByte(src[i:], '>')
			if end < 0 {
				return nil, fmt.Errorf("unterminated declaration at %d", i)
			}
			i += end + 1
		case strings.HasPrefix(src[i:], "</"):
			end := strings.IndexByte(src[i:], '>')
			if end < 0 {
				return nil, fmt.Errorf("unterminated end tag at %d", i)
			}
			name := strings.ToLower(strings.TrimSpace(src[i+2 : i+end]))
			i += end + 1
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return nil, fmt.Errorf("</%s> at %d closes nothing open (open: %v)", name, i, stack)
			}
			stack = stack[:len(stack)-1]
			if name == "a" && anchor >= 0 {
				d.Links[anchor].Text = strings.TrimSpace(anchorText.String())
				anchor = -1
				anchorText.Reset()
			}
		case i+1 < len(src) && isLetter(src[i+1]):
			name, attrs, selfClosing, n, err := scanTag(src[i:])
			if err != nil {
				return nil, fmt.Errorf("at %d: %v", i, err)
			}
			i += n
			seen[name] = true
			if id, ok := attrs["id"]; ok {
				d.IDs[id] = true
			}
			if name == "a" {
				if anchor >= 0 {
					return nil, fmt.Errorf("<a> inside <a> at %d", i)
				}
				if _, ok := attrs["name"]; ok {
					d.IDs[attrs["name"]] = true
				}
			}
			if attr, ok := linkAttrs[name]; ok {
				if v, ok := attrs[attr]; ok {
					d.Links = append(d.Links, htmlLink{Tag: name, Attr: attr, Value: v})
					if name == "a" {
						anchor = len(d.Links) - 1
					}
				}
			}
			switch name {
			case "base":
				if d.Base == "" {
					d.Base = attrs["href"]
				}
			case "meta":
				if c, ok := attrs["charset"]; ok {
					d.Meta["charset"] = c
				}
				if n, ok := attrs["name"]; ok {
					d.Meta[n] = attrs["content"]
				}
				if n, ok := attrs["http-equiv"]; ok {
					d.Meta["http-equiv:"+strings.ToLower(n)] = attrs["content"]
				}
			}
			if voidElements[name] || selfClosing {
				continue
			}
			stack = append(stack, name)
			if name == "script" || name == "style" || name == "title" {
				end := strings.Index(strings.ToLower(src[i:]), "</"+name)
				if end < 0 {
					return nil, fmt.Errorf("<%s> never closed", name)
				}
				if name == "title" {
					d.Title = strings.TrimSpace(html.UnescapeString(src[i : i+end]))
					d.Titles++
					addText(src[i : i+end])
				}
				i += end
			}
		default:
			return nil, fmt.Errorf("stray '<' at %d", i)
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("unclosed elements at end: %v", stack)
	}
	for _, need := range []string{"html", "head", "body", "title"} {
		if !seen[need] {
			return nil, fmt.Errorf("no <%s>", need)
		}
	}
	if d.Titles != 1 {
		return nil, fmt.Errorf("%d <title> elements", d.Titles)
	}
	d.Text = text.String()
	return d, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// scanTag reads a start tag at the beginning of s.
func scanTag(s string) (name string, attrs map[string]string, selfClosing bool, n int, err error) {
	attrs = map[string]string{}
	i := 1
	for i < len(s) && (isLetter(s[i]) || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	name = strings.ToLower(s[1:i])
	for {
		for i < len(s) && strings.IndexByte(" \t\r\n", s[i]) >= 0 {
			i++
		}
		if i >= len(s) {
			return "", nil, false, 0, fmt.Errorf("unterminated <%s>", name)
		}
		if s[i] == '>' {
			return name, attrs, false, i + 1, nil
		}
		if strings.HasPrefix(s[i:], "/>") {
			return name, attrs, true, i + 2, nil
		}
		start := i
		for i < len(s) && strings.IndexByte(" \t\r\n=>/", s[i]) < 0 {
			if s[i] == '"' || s[i] == '\'' || s[i] == '<' {
				return "", nil, false, 0, fmt.Errorf("bad attribute name in <%s>", name)
			}
			i++
		}
		key := strings.ToLower(s[start:i])
		if key == "" {
			return "", nil, false, 0, fmt.Errorf("empty attribute name in <%s>", name)
		}
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return "", nil, false, 0, fmt.Errorf("unterminated attribute %s in <%s>", key, name)
				}
				val = s[i+1 : i+1+end]
				i += end + 2
			} else {
				start := i
				for i < len(s) && strings.IndexByte(" \t\r\n>", s[i]) < 0 {
					i++
				}
				val = s[start:i]
			}
		}
		if _, dup := attrs[key]; dup {
			return "", nil, false, 0, fmt.Errorf("duplicate attribute %s in <%s>", key, name)
		}
		attrs[key] = html.UnescapeString(val)
	}
}
