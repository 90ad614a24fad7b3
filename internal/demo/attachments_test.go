package demo

import (
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"

	"govaudit/internal/filetype"
	"govaudit/internal/link"
)

// fileRules are the rules of attachments that download but do not open.
var fileRules = map[string]bool{
	filetype.HTMLInsteadOfFile: true, filetype.EmptyFile: true, filetype.TypeMismatch: true,
	filetype.PDFTruncated: true, filetype.ZipCorrupt: true,
}

// isAttachmentTarget: a document by its extension, or the portal's
// download script.
func isAttachmentTarget(target string) bool {
	u, err := url.Parse(target)
	return err == nil && (link.IsAttachment(u) || u.Host+u.Path == portalDownload)
}

// attachmentRule downloads target whole and says what is wrong with it
// as a file ("" if nothing).
func attachmentRule(t *testing.T, c *http.Client, target string) string {
	t.Helper()
	r := mustFetch(t, c, "GET", target)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d", target, r.Status)
	}
	ext := path.Ext(mustParseURL(target).Path)
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		ext = path.Ext(params["filename"])
	}
	rule, _ := filetype.Inspect(filetype.Sample{Ext: ext, ContentType: r.Header.Get("Content-Type"),
		Length: int64(len(r.Body)), Head: r.Body, Complete: true})
	return rule
}

// TestAttachmentPlants: the planted attachments fail as want.txt says
// when downloaded whole, and only they; the traps are valid files, served
// as stated (with and without Range support).
func TestAttachmentPlants(t *testing.T) {
	s := startSite(t)
	c := client(s, false)
	list, err := Planted()
	if err != nil {
		t.Fatal(err)
	}
	planted := map[string]string{}
	for _, w := range list {
		if w.Check == "broken-attachment" && fileRules[w.Rule] {
			planted[w.Target] = w.Rule
			if got := attachmentRule(t, c, w.Target); got != w.Rule {
				t.Errorf("%s: %s is %q, want %s", w.ID, w.Target, got, w.Rule)
			}
			// The attachment itself answers 200 (a 206 to a range).
			if v := probeTarget(c, w.Target); v.Rule != "ok" {
				t.Errorf("%s: %s does not download: %+v", w.ID, w.Target, v)
			}
		}
	}
	for key := range generated {
		target := "http://" + key
		if isAttachmentTarget(target) {
			if got := attachmentRule(t, c, target); got != "" {
				t.Errorf("generated %s is %q", target, got)
			}
		}
	}
	if r := mustFetch(t, c, "GET", "http://"+portalDownload+"?id=58213"); !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("the portal's download script sends Content-Disposition %q", r.Header.Get("Content-Disposition"))
	}

	big := "http://" + attachmentDir + "P020261015384756100026.pdf"
	whole := "http://" + attachmentDir + "P020261015384756100027.pdf"
	for target, wantStatus := range map[string]int{big: http.StatusPartialContent, whole: http.StatusOK} {
		req, _ := http.NewRequest("GET", target, nil)
		req.Header.Set("Range", "bytes=0-65535")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != wantStatus {
			t.Errorf("ranged GET %s: %d, want %d", target, resp.StatusCode, wantStatus)
		}
		r := mustFetch(t, c, "GET", target)
		if err := validPDF(r.Body); err != nil {
			t.Errorf("%s: %v", target, err)
		}
		if target == big && len(r.Body) < 3<<20 {
			t.Errorf("%s: %d bytes, want 3 MB", target, len(r.Body))
		}
		if target == whole && len(r.Body) <= 64<<10 {
			t.Errorf("%s: %d bytes, want more than a head", target, len(r.Body))
		}
	}

	// The notice links to every planted attachment and to both traps.
	notice := "http://" + mainHost + "/xxgk/tzgg/202610/t20261015_5011940.html"
	doc, err := parseHTML(string(mustFetch(t, c, "GET", notice).Body))
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, l := range doc.Links {
		if u, ok := canonical(mustParse(t, notice), l.Value); ok {
			linked[u] = true
		}
	}
	for _, target := range []string{big, whole} {
		if !linked[target] {
			t.Errorf("the notice does not link to %s", target)
		}
	}
	for target := range planted {
		if !linked[target] {
			t.Errorf("the notice does not link to %s", target)
		}
	}
}
