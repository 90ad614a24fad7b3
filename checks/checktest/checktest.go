// Package checktest runs a check on fixture files and compares what it
// reports with expectations written in the fixtures, after
// golang.org/x/tools/go/analysis/analysistest.
//
// # Fixtures
//
// Run reads every file under a directory. Each file is one thing the crawler
// would fetch, at the URL its path names below the base URL (Base, by default
// http://jyj.example.gov.cn/): testdata/want/xxgk/tzgg/t1.html is
// http://jyj.example.gov.cn/xxgk/tzgg/t1.html, and index.html at the top is
// the homepage.
//
//   - .html, .htm, .shtml: a page. Its bytes are decoded to UTF-8 as the
//     crawler's transport decodes them (internal/charset) and read into the
//     page model by internal/crawl.Describe, the crawler's own code: title,
//     links, visible text, publication date, column, lists. The check's
//     Page function runs on it.
//   - .txt, .csv, .docx, .xlsx, .pptx, .pdf: an attachment. Its text is read
//     by internal/filetext, as the driver reads it, and the check's File
//     function runs on it. Want comments in a .txt or .csv are cut out of
//     the bytes before the text is read (the rest of their line stays);
//     a binary attachment keeps its want comments in a sidecar file named
//     after it plus ".want" (report.docx.want).
//   - anything else (README, notes) is ignored.
//
// If the check has a Site function, it runs once after every Page and File
// function, on a site made of the fixture pages (their summaries as the
// driver keeps them, the columns internal/column builds from them with the
// default column classes, the homepage if index.html is there) judged as of
// the check date (Now). A target's probe verdict is written in a page as a
// probe comment (below); a fixture page opens as the prober would judge a
// 200 answer with its title and text (a 页面不存在 page is a soft 404), and
// every other link a fixture makes opens (HTTP 200).
//
// # Want comments
//
// An expected finding is written in the fixture, on the line where what
// the finding is about stands (the number, the phrase, the link), as an
// HTML comment on that one line:
//
//	<!-- want rule="id-number" severity="error" "页面含 2 个.*身份证号码" -->
//
// One comment is one finding. Inside it come, in any order, fields
// key="value" and at most one bare string, each a Go string literal
// ("…" or `…`):
//
//	rule="…"       the finding's rule, exactly
//	severity="…"   error, warning or info, exactly
//	"…"            a regular expression the message must match
//	evidence="…"   a regular expression the evidence must match
//	target="…"     a regular expression the target must match
//	column="…"     a regular expression the column must match
//	subject="…"    a regular expression the subject must match
//
// A regular expression with a backslash is best written in backquotes
// (target=`/files/a\.csv$`): in "…" the backslash would have to be doubled.
// Regular expressions match anywhere (unanchored), as in analysistest;
// a comment with no fields expects any one finding. A fixture without want
// comments expects the check to be silent on it.
//
// Findings carry a URL, not a line, so a finding is matched against the
// want comments of the fixture it belongs to: a Page function's finding to
// the page it ran on; a File function's to the attachment; a Site
// function's to the fixture whose URL is the finding's Page (the homepage,
// index.html, for the start URL). Each want comment takes one finding and
// each finding one want comment; where several would match, the comment
// nearest the line the finding points at (its target's link, else its
// evidence's or subject's text in the file) takes it. Every want comment
// must be matched and every finding expected: a missing finding is
// reported at its want comment's file:line, an unexpected one at the line
// it points at (line 1 when nothing in the file locates it).
//
// Run also fails a finding whose Check is not the check's ID, whose
// severity is not error, warning or info, whose rule or message is empty,
// or, from a Page function, whose Page is not the page.
//
// # Probe comments
//
// For a Site function's link verdicts, a page may say what the prober
// found of a target:
//
//	<!-- probe url="/xxgk/old/index.html" status="404" -->
//	<!-- probe url="http://www.example.org/" class="transient" rule="timeout" detail="15 秒内未打开" -->
//	<!-- probe url="/files/plan.doc" problem="type-mismatch" detail="文件内容是 PNG 图片，不是 Word 文档" -->
//
// url is resolved against the page. status alone is classified as the
// prober classifies an answer (internal/probe.FromStatus: 404 broken, 503
// transient, 403 blocked); class (ok, broken, transient, blocked, skipped),
// rule and detail set the verdict outright; problem (with detail) is a file
// that downloads but does not open.
//
// # What the driver does that Run does not
//
// Run reports what the check reports, untouched: it does not redact
// findings (pii.RedactValue), fold findings repeated on three or more pages
// into one for the site, fingerprint findings, or set a File finding's Page
// to the page linking the attachment (it sets Target, as the driver does).
// Page functions run concurrently, one goroutine a page, as the driver may
// call them; run the tests with -race.
package checktest

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/charset"
	"govaudit/internal/column"
	"govaudit/internal/crawl"
	"govaudit/internal/filetext"
	"govaudit/internal/link"
	"govaudit/internal/pagestore"
	"govaudit/internal/probe"
	"govaudit/rules"
)

// DefaultBase is the URL of a fixture directory's top.
const DefaultBase = "http://jyj.example.gov.cn/"

// DefaultNow is the check date unless Now says otherwise: the demo site's
// "today", 2026-11-29 (noon, China Standard Time).
var DefaultNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// maxFileText bounds the text read from one attachment, as the driver does.
const maxFileText = 4 << 20

// An Option changes how Run builds what it hands the check.
type Option func(*config)

type config struct {
	base        string
	now         time.Time
	homeChanged time.Time
	noSite      bool
}

// Base sets the URL of the fixture directory's top (with a trailing slash).
func Base(u string) Option { return func(c *config) { c.base = u } }

// Now sets the check date: the Site's AsOf and the "now" the page model is
// read with (list dates without a year take its year).
func Now(t time.Time) Option { return func(c *config) { c.now = t } }

// HomeChanged sets when the stored history says the homepage last changed.
func HomeChanged(t time.Time) Option { return func(c *config) { c.homeChanged = t } }

// NoSite skips the check's Site function: for a directory of single pages
// that are no site.
func NoSite() Option { return func(c *config) { c.noSite = true } }

// A fixture is one file under the directory.
type fixture struct {
	path  string // as Run was given it, for messages
	url   string
	key   string // link.Key(url)
	lines []string
	plain []string // lines as locate searches them; built on first use
	wants []*want
	page  *checks.Page // pages
	ext   string       // attachments: "txt", "docx" …
	text  string       // attachments: the text read
}

// A want is one expected finding.
type want struct {
	line    int
	raw     string
	rule    string
	sev     string
	message *regexp.Regexp
	fields  map[string]*regexp.Regexp // evidence, target, column, subject
	matched bool
}

// A got is one finding and the fixture it belongs to.
type got struct {
	f   checks.Finding
	fx  *fixture // nil: no fixture has the finding's URL
	how string   // "Page", "File" or "Site"
}

var (
	pageExt = map[string]bool{"html": true, "htm": true, "shtml": true}
	fileExt = map[string]bool{"txt": true, "csv": true, "docx": true, "xlsx": true, "pptx": true, "pdf": true}
	textExt = map[string]bool{"txt": true, "csv": true}
)

// commentRe finds the want and probe comments of one line.
var commentRe = regexp.MustCompile(`<!--\s*(want|probe)\b(.*?)-->`)

// Run runs c on the fixtures under dir and reports, through t.Errorf, every
// expected finding that is missing and every finding not expected, and
// returns the findings (Page and File findings in fixture order, then Site
// findings). It never stops the test: all problems are reported.
func Run(t testing.TB, dir string, c *checks.Check, opts ...Option) []checks.Finding {
	t.Helper()
	cfg := config{base: DefaultBase, now: DefaultNow}
	for _, o := range opts {
		o(&cfg)
	}
	if !strings.HasSuffix(cfg.base, "/") {
		cfg.base += "/"
	}
	fixtures, probes, ok := load(t, dir, cfg)
	if !ok {
		return nil
	}
	if len(fixtures) == 0 {
		t.Errorf("%s: no fixtures", dir)
		return nil
	}

	var (
		mu   sync.Mutex
		gots []got
	)
	collect := func(fx *fixture, how string) func(checks.Finding) {
		return func(f checks.Finding) {
			mu.Lock()
			gots = append(gots, got{f, fx, how})
			mu.Unlock()
		}
	}
	var wg sync.WaitGroup
	for _, fx := range fixtures {
		switch {
		case fx.page != nil && c.Page != nil:
			wg.Go(func() { c.Page(&checks.PagePass{Page: fx.page, Report: collect(fx, "Page")}) })
		case fx.page == nil && c.File != nil:
			report := collect(fx, "File")
			wg.Go(func() {
				c.File(&checks.FilePass{URL: fx.url, Ext: fx.ext, Text: fx.text, Report: func(f checks.Finding) {
					f.Target = fx.url // as the driver does
					report(f)
				}})
			})
		}
	}
	wg.Wait()
	// The order Page functions reported in is the scheduler's: sort by
	// fixture, then as the output is sorted.
	order := map[*fixture]int{}
	for i, fx := range fixtures {
		order[fx] = i
	}
	sort.SliceStable(gots, func(i, j int) bool {
		if gots[i].fx != gots[j].fx {
			return order[gots[i].fx] < order[gots[j].fx]
		}
		return checks.Less(gots[i].f, gots[j].f)
	})
	if c.Site != nil && !cfg.noSite {
		byKey := map[string]*fixture{}
		for _, fx := range fixtures {
			byKey[fx.key] = fx
		}
		site := buildSite(t, fixtures, probes, cfg, c.Columns)
		c.Site(&checks.SitePass{Site: site, Report: func(f checks.Finding) {
			fx := byKey[link.Key(f.Page)]
			if fx == nil && link.Key(f.Page) == link.Key(site.Start) {
				fx = byKey[link.Key(site.Start+"index.html")] // the homepage fixture
			}
			gots = append(gots, got{f, fx, "Site"})
		}})
		if err := site.Pages.Err(); err != nil {
			t.Fatal(err)
		}
	}

	for _, g := range gots {
		validate(t, c, g)
	}
	match(t, dir, fixtures, gots)
	out := make([]checks.Finding, len(gots))
	for i, g := range gots {
		out[i] = g.f
	}
	return out
}

// load reads the fixtures, their want comments and the probe comments.
func load(t testing.TB, dir string, cfg config) ([]*fixture, map[string]checks.LinkStatus, bool) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Errorf("%s: %v", dir, err)
		return nil, nil, false
	}
	sort.Strings(files)
	ok := true
	probes := map[string]checks.LinkStatus{}
	var fixtures []*fixture
	for _, name := range files {
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
		if !pageExt[ext] && !fileExt[ext] {
			continue
		}
		rel, _ := filepath.Rel(dir, name)
		fx := &fixture{path: name, url: cfg.base + path.Clean(filepath.ToSlash(rel))}
		fx.key = link.Key(fx.url)
		data, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			ok = false
			continue
		}
		if pageExt[ext] {
			body, _, _ := charset.DecodeHTML(data, "text/html")
			if !fx.readComments(t, name, string(body), probes) {
				ok = false
			}
			u, err := url.Parse(fx.url)
			if err != nil {
				t.Errorf("%s: URL %s: %v", name, fx.url, err)
				ok = false
				continue
			}
			fx.page = crawl.Describe(body, u, cfg.now)
			if fx.page == nil {
				t.Errorf("%s: the page could not be read", name)
				ok = false
				continue
			}
			// What the crawler sets beside the model (internal/crawl handle).
			fx.page.Home = fx.url == cfg.base+"index.html"
			if !fx.page.Home {
				fx.page.Depth = 1
			}
			fx.page.Status = 200
			fx.page.Charset = "utf-8"
			fixtures = append(fixtures, fx)
			continue
		}
		fx.ext = ext
		if textExt[ext] {
			if !fx.readComments(t, name, string(data), nil) {
				ok = false
			}
			data = commentRe.ReplaceAll(data, nil)
		} else if side, err := os.ReadFile(name + ".want"); err == nil {
			if !fx.readComments(t, name+".want", string(side), nil) {
				ok = false
			}
		}
		text, err := filetext.Read(ext, data, maxFileText)
		if err != nil {
			t.Errorf("%s: text not read: %v", name, err)
			ok = false
			continue
		}
		fx.text = text
		fixtures = append(fixtures, fx)
	}
	return fixtures, probes, ok
}

// readComments reads a file's want comments, and a page's probe comments
// into probes (nil: probe comments are not allowed here).
func (fx *fixture) readComments(t testing.TB, name, text string, probes map[string]checks.LinkStatus) bool {
	t.Helper()
	ok := true
	fx.lines = strings.Split(text, "\n")
	for i, line := range fx.lines {
		for _, m := range commentRe.FindAllStringSubmatch(line, -1) {
			pos := fmt.Sprintf("%s:%d", name, i+1)
			fields, bare, err := parseFields(m[2])
			if err != nil {
				t.Errorf("%s: %s comment: %v", pos, m[1], err)
				ok = false
				continue
			}
			if m[1] == "probe" {
				if probes == nil {
					t.Errorf("%s: a probe comment belongs in a page", pos)
					ok = false
					continue
				}
				s, err := probeStatus(fx.url, fields, bare)
				if err != nil {
					t.Errorf("%s: probe comment: %v", pos, err)
					ok = false
					continue
				}
				probes[link.Key(s.URL)] = s
				continue
			}
			w, err := newWant(fields, bare)
			if err != nil {
				t.Errorf("%s: want comment: %v", pos, err)
				ok = false
				continue
			}
			w.line, w.raw = i+1, strings.TrimSpace(m[0])
			fx.wants = append(fx.wants, w)
		}
	}
	return ok
}

// parseFields reads `key="value" … "bare"`: Go string literals.
func parseFields(s string) (map[string]string, []string, error) {
	fields := map[string]string{}
	var bare []string
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			return fields, bare, nil
		}
		key := ""
		if i := strings.IndexByte(s, '='); i > 0 && !strings.ContainsAny(s[:i], "\"` ") {
			key, s = s[:i], s[i+1:]
		}
		lit, err := strconv.QuotedPrefix(s)
		if err != nil {
			if strings.HasPrefix(s, `"`) && strings.ContainsRune(s, '\\') {
				return nil, nil, fmt.Errorf("not a Go string literal at %q: write a regular expression with backslashes in `backquotes`", s)
			}
			return nil, nil, fmt.Errorf("want a Go string literal at %q", s)
		}
		v, _ := strconv.Unquote(lit)
		s = s[len(lit):]
		if key == "" {
			bare = append(bare, v)
			continue
		}
		if _, dup := fields[key]; dup {
			return nil, nil, fmt.Errorf("%s given twice", key)
		}
		fields[key] = v
	}
}

func newWant(fields map[string]string, bare []string) (*want, error) {
	w := &want{fields: map[string]*regexp.Regexp{}}
	if len(bare) > 1 {
		return nil, fmt.Errorf("%d message patterns: one want comment is one finding", len(bare))
	}
	var err error
	if len(bare) == 1 {
		if w.message, err = regexp.Compile(bare[0]); err != nil {
			return nil, err
		}
	}
	for k, v := range fields {
		switch k {
		case "rule":
			w.rule = v
		case "severity":
			if _, err := checks.ParseSeverity(v); err != nil {
				return nil, err
			}
			w.sev = v
		case "evidence", "target", "column", "subject":
			if w.fields[k], err = regexp.Compile(v); err != nil {
				return nil, fmt.Errorf("%s: %v", k, err)
			}
		default:
			return nil, fmt.Errorf("unknown field %q (rule, severity, evidence, target, column, subject)", k)
		}
	}
	return w, nil
}

func (w *want) matches(f checks.Finding) bool {
	if w.rule != "" && f.Rule != w.rule || w.sev != "" && string(f.Severity) != w.sev {
		return false
	}
	if w.message != nil && !w.message.MatchString(f.Message) {
		return false
	}
	for k, re := range w.fields {
		v := map[string]string{"evidence": f.Evidence, "target": f.Target, "column": f.Column, "subject": f.Subject}[k]
		if !re.MatchString(v) {
			return false
		}
	}
	return true
}

var classes = map[string]checks.Class{
	"ok": checks.OK, "broken": checks.Broken, "transient": checks.Transient, "blocked": checks.Blocked, "skipped": checks.Skipped,
}

// probeStatus is the verdict a probe comment states.
func probeStatus(pageURL string, fields map[string]string, bare []string) (checks.LinkStatus, error) {
	if len(bare) > 0 {
		return checks.LinkStatus{}, fmt.Errorf("unexpected %q", bare[0])
	}
	ref, ok := fields["url"]
	if !ok {
		return checks.LinkStatus{}, fmt.Errorf("no url")
	}
	u := link.ResolveString(pageURL, ref)
	if u == "" {
		return checks.LinkStatus{}, fmt.Errorf("url %q does not resolve", ref)
	}
	s := checks.LinkStatus{URL: u, Status: 200}
	for k, v := range fields {
		switch k {
		case "url", "class", "rule", "detail", "problem":
		case "status":
			n, err := strconv.Atoi(v)
			if err != nil {
				return s, fmt.Errorf("status %q", v)
			}
			s = probe.FromStatus(u, n, "", "")
		default:
			return s, fmt.Errorf("unknown field %q (url, status, class, rule, detail, problem)", k)
		}
	}
	if v, ok := fields["class"]; ok {
		c, known := classes[v]
		if !known {
			return s, fmt.Errorf("unknown class %q (ok, broken, transient, blocked, skipped)", v)
		}
		s.Class = c
	}
	if v, ok := fields["rule"]; ok {
		s.Rule = v
	}
	if v, ok := fields["problem"]; ok {
		s.File = &checks.FileFacts{Inspected: true, Length: -1, Problem: v, Detail: fields["detail"]}
	} else if v, ok := fields["detail"]; ok {
		s.Detail = v
	}
	return s, nil
}

// buildSite is the site the driver hands the Site function after a crawl
// of exactly the fixtures (internal/audit: visit and finish).
// The columns are built only for a check that reads them (Check.Columns).
func buildSite(t testing.TB, fixtures []*fixture, probes map[string]checks.LinkStatus, cfg config, columns bool) *checks.Site {
	site := &checks.Site{Start: cfg.base, AsOf: cfg.now, HomeChanged: cfg.homeChanged}
	// Kept as the driver keeps them: written out, and read back for
	// every pass.
	kept := pagestore.New(t.TempDir())
	t.Cleanup(func() { kept.Close() })
	home := ""
	verdicts := map[string]checks.LinkStatus{}
	linked := map[string]string{}
	for _, fx := range fixtures {
		if fx.page == nil {
			verdicts[fx.key] = checks.LinkStatus{URL: fx.url, Status: 200}
			continue
		}
		p := fx.page
		sum := *p.PageSummary
		if !sum.Home && !sum.IsList() {
			// The driver keeps no items of an article.
			sum.Items = nil
		}
		kept.Add(&sum)
		if sum.Home {
			home = sum.URL
		}
		verdicts[fx.key] = probe.FromStatus(fx.url, 200, p.Title, p.Text)
		for l := range p.AllLinks() {
			linked[link.Key(l.URL)] = l.URL
		}
	}
	for k, s := range probes {
		verdicts[k] = s
	}
	site.Pages = kept.Pages()
	if home != "" {
		site.Home = site.Pages.Get(home)
	}
	site.Link = func(u string) (checks.LinkStatus, bool) {
		k := link.Key(u)
		if s, ok := verdicts[k]; ok {
			return s, true
		}
		if _, ok := linked[k]; ok {
			return checks.LinkStatus{URL: u, Status: 200}, true
		}
		return checks.LinkStatus{}, false
	}
	site.HomeStatus, _ = site.Link(cfg.base)
	if columns {
		site.Columns = column.Build(site.Pages, rules.DefaultColumnClasses(), nil)
	}
	return site
}

// validate reports a finding that breaks the contract every finding keeps.
func validate(t testing.TB, c *checks.Check, g got) {
	t.Helper()
	f := g.f
	var problems []string
	if f.Check != c.ID {
		problems = append(problems, fmt.Sprintf("Check is %q, not %q", f.Check, c.ID))
	}
	if f.Severity.Rank() == 0 {
		problems = append(problems, fmt.Sprintf("severity %q", f.Severity))
	}
	if f.Rule == "" {
		problems = append(problems, "no rule")
	}
	if f.Message == "" {
		problems = append(problems, "no message")
	}
	if g.how == "Page" && g.fx != nil && f.Page != g.fx.url {
		problems = append(problems, fmt.Sprintf("Page is %q, not the page %q", f.Page, g.fx.url))
	}
	if len(problems) > 0 {
		t.Errorf("%s: malformed finding (%s): %s", position(g), strings.Join(problems, "; "), describe(f))
	}
}

// match pairs findings with want comments and reports the rest.
func match(t testing.TB, dir string, fixtures []*fixture, gots []got) {
	t.Helper()
	for _, g := range gots {
		if g.fx == nil {
			t.Errorf("%s: unexpected finding (%s, on %s: no fixture has that URL): %s", dir, g.how, g.f.Page, describe(g.f))
			continue
		}
		at := g.fx.locate(g.f)
		var best *want
		for _, w := range g.fx.wants {
			if w.matched || !w.matches(g.f) {
				continue
			}
			if best == nil || distance(w.line, at) < distance(best.line, at) {
				best = w
			}
		}
		if best == nil {
			t.Errorf("%s:%d: unexpected finding: %s", g.fx.path, at, describe(g.f))
			continue
		}
		best.matched = true
	}
	for _, fx := range fixtures {
		for _, w := range fx.wants {
			if !w.matched {
				t.Errorf("%s:%d: missing finding: %s", fx.path, w.line, w.raw)
			}
		}
	}
}

func distance(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

func position(g got) string {
	if g.fx == nil {
		return g.f.Page
	}
	return fmt.Sprintf("%s:%d", g.fx.path, g.fx.locate(g.f))
}

// describe prints a finding in want-comment form, so that a missing
// expectation can be written from it.
func describe(f checks.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rule=%q severity=%q %q", f.Rule, f.Severity, f.Message)
	for _, kv := range [][2]string{{"evidence", f.Evidence}, {"target", f.Target}, {"column", f.Column}, {"subject", f.Subject}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%q", kv[0], kv[1])
		}
	}
	return b.String()
}

// refRe finds the references a line makes.
var refRe = regexp.MustCompile(`(?i)\b(?:href|src|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// locate is the line (1-based) a finding points at in the fixture: the
// first line linking its target, else the first line (outside comments,
// white space folded) holding a piece of its evidence (between the "…" that mark
// cuts), else its subject; 1 if none.
func (fx *fixture) locate(f checks.Finding) int {
	if f.Target != "" && f.Target != fx.url && fx.page != nil {
		key := link.Key(f.Target)
		for i, line := range fx.lines {
			for _, m := range refRe.FindAllStringSubmatch(line, -1) {
				ref := m[1] + m[2] + m[3]
				if u := link.ResolveString(fx.url, ref); u != "" && link.Key(u) == key {
					return i + 1
				}
			}
		}
	}
	var needles []string
	for _, piece := range strings.Split(f.Evidence, "…") {
		if piece = strings.TrimSpace(piece); len([]rune(piece)) >= 2 {
			needles = append(needles, piece)
		}
	}
	if f.Subject != "" {
		needles = append(needles, f.Subject)
	}
	if fx.plain == nil {
		fx.plain = plainLines(strings.Join(fx.lines, "\n"))
	}
	for _, n := range needles {
		n = fold(n)
		for i, line := range fx.plain {
			if strings.Contains(line, n) {
				return i + 1
			}
		}
	}
	return 1
}

var htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)

// plainLines are a file's lines without comments (a fixture's description,
// want comments), white space folded: where a reader's text may be found.
func plainLines(text string) []string {
	text = htmlComment.ReplaceAllStringFunc(text, func(c string) string {
		return strings.Repeat("\n", strings.Count(c, "\n"))
	})
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = fold(l)
	}
	return lines
}

// fold turns runs of white space (the ideographic space, &nbsp; too) into
// one space, as the visible text shows them.
func fold(s string) string {
	s = strings.ReplaceAll(s, "&nbsp;", " ")
	return strings.Join(strings.Fields(s), " ")
}
