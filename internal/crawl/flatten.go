package crawl

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxNesting is how deep flatten lets elements nest: well under the 512
// open elements at which golang.org/x/net/html gives up on a document.
const maxNesting = 384

// flatten rewrites an HTML body that nests elements too deeply for the
// parser (a CMS that never closes its <div>s, <font> in <font>, a hostile
// page): beyond maxNesting open elements, container tags are dropped with
// their matching end tags while their text and every link, image, frame
// and form element stay. What a reader sees is kept; only the boxes
// around it go. The page is then marked as read through this fallback.
func flatten(body []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body))
	var stack []atom.Atom
	dropped := map[string]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if voidElement[a] {
				break
			}
			if len(stack) >= maxNesting && !keptDeep[a] {
				dropped[string(name)]++
				continue
			}
			stack = append(stack, a)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if n := dropped[string(name)]; n > 0 && (len(stack) == 0 || stack[len(stack)-1] != a) {
				dropped[string(name)] = n - 1
				continue
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == a {
					stack = stack[:i]
					break
				}
			}
		}
		out.Write(raw)
	}
}

// voidElement never has content or an end tag.
var voidElement = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true, atom.Param: true,
}

// keptDeep are elements kept at any depth: what holds a link or a title.
// (<a> cannot nest in <a>, so they add at most one level each.)
var keptDeep = map[atom.Atom]bool{
	atom.A: true, atom.Iframe: true, atom.Frame: true, atom.Object: true, atom.Title: true,
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Select: true, atom.Option: true,
}
