package notify

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"govaudit/checks"
	"govaudit/internal/config"
	"govaudit/internal/job"
	"govaudit/internal/link"
	"govaudit/internal/outcome"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

// MaxTop is how many findings a site's section lists; the rest are in the
// attached ledger.
const MaxTop = 10

// xlsxType is the media type of the attached ledgers.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

//go:embed templates/digest.html
var templateFS embed.FS

var htmlTemplate = template.Must(template.New("digest.html").Funcs(template.FuncMap{
	"levelStyle": levelStyle,
	"badgeStyle": badgeStyle,
	"sevStyle":   sevStyle,
	"href":       link.Href,
	"footnote":   func() string { return footnote },
}).ParseFS(templateFS, "templates/digest.html"))

// Build builds the weekly digests of now's ISO week (in m.Location): one
// message for each distinct set of recipients, covering every site whose
// recipients are exactly that set, stored in the outbox under Key. A digest
// already in the outbox for the week and set — sent or not — is returned as
// it is and never rebuilt, so no one gets a week's digest twice and a
// failed one is retried as it was built. titles maps check IDs to their
// Chinese titles. Sites without recipients get no digest.
func Build(st *store.Store, m *config.Monitor, now time.Time, titles map[string]string) ([]store.Digest, error) {
	if m.Mail == nil {
		return nil, errors.New("the configuration has no mail: section to send the digest with")
	}
	if _, err := mail.ParseAddress(m.Mail.From); err != nil {
		return nil, fmt.Errorf("mail.from %q: %w", m.Mail.From, err)
	}
	loc := location(m.Location)
	week := Week(now, loc)
	groups, err := groupSites(m.Sites)
	if err != nil {
		return nil, err
	}
	var history []store.Digest // loaded once, when the first digest is built
	loaded := false
	var out []store.Digest
	for _, g := range groups {
		key := week + "/" + g.hash
		d, ok, err := st.Digest(key)
		if err != nil {
			return out, fmt.Errorf("digest %s: %w", key, err)
		}
		if ok {
			out = append(out, d)
			continue
		}
		if !loaded {
			if history, err = st.Digests(); err != nil {
				return out, err
			}
			loaded = true
		}
		b := builder{st: st, mail: m.Mail, loc: loc, now: now, week: week, titles: titles, history: history}
		d, err = b.build(key, g)
		if err != nil {
			return out, fmt.Errorf("digest %s: %w", key, err)
		}
		if err := st.PutDigest(d); err != nil {
			return out, fmt.Errorf("digest %s: %w", key, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// group is the sites that share one recipient set.
type group struct {
	recipients []string // normalised, see recipientSet
	hash       string
	sites      []config.MonitorSite
}

// groupSites groups the sites with recipients by their recipient set, in
// the configuration's order of each set's first site.
func groupSites(sites []config.MonitorSite) ([]*group, error) {
	var out []*group
	byHash := map[string]*group{}
	for _, s := range sites {
		if len(s.Recipients) == 0 || s.Site == nil {
			continue
		}
		rs, hash, err := recipientSet(s.Recipients)
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", siteName(s), err)
		}
		g := byHash[hash]
		if g == nil {
			g = &group{recipients: rs, hash: hash}
			byHash[hash] = g
			out = append(out, g)
		}
		g.sites = append(g.sites, s)
	}
	return out, nil
}

func siteName(s config.MonitorSite) string {
	if s.Name != "" {
		return s.Name
	}
	if u, err := url.Parse(s.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return s.URL
}

// builder builds one week's digests.
type builder struct {
	st      *store.Store
	mail    *config.Mail
	loc     *time.Location
	now     time.Time
	week    string
	titles  map[string]string
	history []store.Digest // the outbox before this build
}

// letter is what the message says, for both its HTML and its text.
type letter struct {
	Subject           string
	Week              string // 2026年第49周
	Built             string
	Multi             bool
	Sites             []*section
	New, Fixed, Open  int
	Failing           int // sites failing at least one veto line
	attachments       []attachment
	covered           map[string]store.RunID
	attachmentsByName map[string]bool
}

type attachment struct {
	name string
	data []byte
}

// section is one site's part of the digest.
type section struct {
	Name, URL  string
	HasRun     bool
	Run        string // when, how it ended, how much it saw
	Partial    string // why the run covered only part of the site, or ""
	Since      string // what new / fixed / open compare with (a sentence)
	SameRun    bool   // no run since the previous digest
	Lines      []line
	Standing   string        // the lines summed up: 不合格 1 项 · 合格 4 项
	Worst      outcome.Level // the worst judged level
	New, Fixed int
	Open       int
	Errors     int
	Warnings   int
	Infos      int
	Pending    int
	Accepted   int
	Top        []item
	More       int // counted findings not listed
	Attachment string
}

// line is a veto line as the digest shows it.
type line struct {
	Level  outcome.Level
	Label  string
	Item   string
	Detail string
}

// item is one listed finding.
type item struct {
	Severity checks.Severity
	SevLabel string
	Status   string // 新增 or 未修复, since the previous digest
	Title    string
	Message  string
	Column   string
	Page     string
	Target   string
}

func (b *builder) build(key string, g *group) (store.Digest, error) {
	l := &letter{Week: weekLabel(b.week), Built: b.now.In(b.loc).Format("2006-01-02 15:04"), Multi: len(g.sites) > 1,
		covered: map[string]store.RunID{}, attachmentsByName: map[string]bool{}}
	for _, ms := range g.sites {
		s, err := b.section(l, ms)
		if err != nil {
			return store.Digest{}, fmt.Errorf("site %s: %w", siteName(ms), err)
		}
		l.Sites = append(l.Sites, s)
		l.New += s.New
		l.Fixed += s.Fixed
		l.Open += s.Open
		if s.Worst == outcome.Fail {
			l.Failing++
		}
	}
	l.Subject = subject(l)
	msg, err := b.message(l, g.recipients)
	if err != nil {
		return store.Digest{}, err
	}
	return store.Digest{Key: key, Week: b.week, Recipients: g.recipients, Built: b.now, Covered: l.covered, Message: msg}, nil
}

// subject is the message's subject: 【网站检查周报】澜江市教育局 等 2 个网站 ·
// 2026年第49周 · 新增 3 项 (· 单项否决不合格 1 个网站).
func subject(l *letter) string {
	var b strings.Builder
	b.WriteString("【网站检查周报】")
	b.WriteString(l.Sites[0].Name)
	if len(l.Sites) > 1 {
		fmt.Fprintf(&b, " 等 %d 个网站", len(l.Sites))
	}
	fmt.Fprintf(&b, " · %s · ", l.Week)
	if l.New > 0 {
		fmt.Fprintf(&b, "新增 %d 项", l.New)
	} else {
		b.WriteString("无新增问题")
	}
	if l.Failing > 0 {
		if len(l.Sites) > 1 {
			fmt.Fprintf(&b, " · 单项否决不合格 %d 个网站", l.Failing)
		} else {
			b.WriteString(" · 单项否决不合格")
		}
	}
	return b.String()
}

// section gathers one site's facts; it records the run it reports in
// l.covered and its ledger in l.attachments.
func (b *builder) section(l *letter, ms config.MonitorSite) (*section, error) {
	key := job.SiteKey(ms.URL)
	s := &section{Name: siteName(ms), URL: ms.URL}
	avail, err := b.st.Availability(key, b.now)
	if err != nil {
		return nil, fmt.Errorf("availability: %w", err)
	}
	run, ok, err := b.st.Latest(key)
	if err != nil {
		return nil, err
	}
	var standing []outcome.VetoLine
	if ok {
		o, err := b.st.Outcome(key, run.ID)
		if err != nil {
			return nil, err
		}
		s.HasRun = true
		if err := b.findings(s, key, o); err != nil {
			return nil, err
		}
		for _, v := range o.Standing {
			if v.ID != outcome.VetoHomepageAvailable {
				standing = append(standing, v)
			}
		}
		if err := b.ledger(l, s, key, o); err != nil {
			return nil, err
		}
		l.covered[key] = run.ID
	}
	standing = append(standing, avail.Line())
	s.Lines, s.Standing, s.Worst = lines(standing)
	return s, nil
}

// findings fills in the run, its counts, what changed since the previous
// digest and the top findings.
func (b *builder) findings(s *section, key string, o *outcome.Outcome) error {
	r := o.Run
	started := r.Started.In(b.loc)
	s.Run = fmt.Sprintf("%s · %s · 页面 %d 个 · 链接 %d 条", started.Format("2006-01-02 15:04"), r.StatusLabel(), r.Pages, r.Links)
	if asOf := r.AsOf.In(b.loc).Format("2006-01-02"); !r.AsOf.IsZero() && asOf != started.Format("2006-01-02") {
		s.Run += " · 检查日期 " + asOf
	}
	switch {
	case r.Status != outcome.StatusComplete:
		s.Partial = "本次检查未完成，结果不完整；未再检查到的问题仍按未修复计。"
	case r.Scope.Limited > 0:
		s.Partial = fmt.Sprintf("本次检查受抓取上限限制，有 %d 个页面未抓取，只覆盖了部分网站；未再检查到的问题仍按未修复计。", r.Scope.Limited)
	}
	c := o.Count()
	s.Errors, s.Warnings, s.Infos, s.Pending, s.Accepted = c.Errors, c.Warnings, c.Infos, c.Pending, c.Accepted

	d, since, same, err := b.since(key, o)
	if err != nil {
		return err
	}
	s.Since, s.SameRun = since, same
	s.New, s.Fixed, s.Open = len(d.New), len(d.Fixed), len(d.Open)

	isNew := map[string]bool{}
	for _, f := range d.New {
		isNew[f.Fingerprint] = true
	}
	var counted []outcome.Finding
	for _, f := range o.Findings {
		if f.Status.Counted() {
			counted = append(counted, f)
		}
	}
	// Errors first, new before open within a severity, otherwise in
	// report order (o.Findings is sorted with checks.Less).
	slices.SortStableFunc(counted, func(a, b outcome.Finding) int {
		if ra, rb := a.Severity.Rank(), b.Severity.Rank(); ra != rb {
			return rb - ra
		}
		na, nb := isNew[a.Fingerprint], isNew[b.Fingerprint]
		switch {
		case na && !nb:
			return -1
		case nb && !na:
			return 1
		}
		return 0
	})
	for i, f := range counted {
		if i == MaxTop {
			s.More = len(counted) - MaxTop
			break
		}
		it := item{Severity: f.Severity, SevLabel: f.Severity.Label(), Status: outcome.Open.Label(), Title: title(b.titles, f.Check),
			Message: f.Message, Column: f.Column, Page: f.Page, Target: f.Target}
		if isNew[f.Fingerprint] {
			it.Status = outcome.New.Label()
		}
		s.Top = append(s.Top, it)
	}
	return nil
}

// since diffs the run's findings with what the site's previous sent digest
// reported: new, fixed and still open since then. Only counted findings
// are compared; findings a partial run did not re-examine (unverified)
// count as still open; a finding now accepted or pending is not fixed.
// Without a previous digest (or when its run was pruned) the run's own
// statuses against its baseline are used.
func (b *builder) since(key string, o *outcome.Outcome) (store.Diff, string, bool, error) {
	cur := openFindings(o)
	prev, ok := b.previous(key)
	if ok {
		po, err := b.st.Outcome(key, prev.Covered[key])
		switch {
		case errors.Is(err, store.ErrNotFound):
			ok = false
		case err != nil:
			return store.Diff{}, "", false, err
		case po.Run.Pruned:
			ok = false
		default:
			d := store.Compare(openFindings(po), cur)
			still := map[string]bool{}
			for _, f := range o.Findings {
				still[f.Fingerprint] = true // accepted or pending now: not fixed
			}
			d.Fixed = slices.DeleteFunc(d.Fixed, func(f checks.Finding) bool { return still[f.Fingerprint] })
			same := po.Run.ID == o.Run.ID
			since := fmt.Sprintf("对比上次周报（%s）所报的 %s 检查。", weekLabel(prev.Week), po.Run.Started.In(b.loc).Format("2006-01-02 15:04"))
			if same {
				since = fmt.Sprintf("上次周报（%s）以来没有新的检查：没有新增，也没有已修复。", weekLabel(prev.Week))
			}
			return d, since, same, nil
		}
	}
	var d store.Diff
	for _, f := range o.Findings {
		switch f.Status {
		case outcome.New:
			d.New = append(d.New, f.Finding)
		case outcome.Open:
			d.Open = append(d.Open, f.Finding)
		}
	}
	d.Open = append(d.Open, o.Unverified...)
	d.Fixed = append(d.Fixed, o.Fixed...)
	since := "首次检查：所有问题均为新增。"
	if o.Baseline != nil {
		since = fmt.Sprintf("没有上次周报可比：对比该次检查的基准（%s 的检查）。", o.Baseline.Started.In(b.loc).Format("2006-01-02 15:04"))
	}
	return d, since, false, nil
}

// previous is the newest digest of an earlier week that was sent and
// reported the site.
func (b *builder) previous(key string) (store.Digest, bool) {
	var best store.Digest
	found := false
	for _, d := range b.history {
		if d.Sent.IsZero() || d.Week >= b.week {
			continue
		}
		if _, ok := d.Covered[key]; !ok {
			continue
		}
		if !found || d.Week > best.Week || (d.Week == best.Week && d.Sent.After(best.Sent)) {
			best, found = d, true
		}
	}
	return best, found
}

// openFindings are the outcome's findings a digest counts as open: the
// counted ones and those a partial run left unverified.
func openFindings(o *outcome.Outcome) []checks.Finding {
	var out []checks.Finding
	for _, f := range o.Findings {
		if f.Status.Counted() {
			out = append(out, f.Finding)
		}
	}
	return append(out, o.Unverified...)
}

// ledger renders the run's 整改台账 as the attachment.
func (b *builder) ledger(l *letter, s *section, key string, o *outcome.Outcome) error {
	runs, err := b.st.Runs(key)
	if err != nil {
		return err
	}
	trend := slices.DeleteFunc(runs, func(r outcome.Run) bool { return r.ID > o.Run.ID || r.Status == outcome.StatusRunning })
	var buf bytes.Buffer
	if err := report.XLSX(&buf, o, report.Options{Titles: b.titles, Location: b.loc, Trend: trend}); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	name := fmt.Sprintf("整改台账-%s-%s.xlsx", s.Name, o.Run.Started.In(b.loc).Format("20060102"))
	for i := 2; l.attachmentsByName[name]; i++ {
		name = fmt.Sprintf("整改台账-%s-%s-%d.xlsx", s.Name, o.Run.Started.In(b.loc).Format("20060102"), i)
	}
	l.attachmentsByName[name] = true
	s.Attachment = name
	l.attachments = append(l.attachments, attachment{name: name, data: buf.Bytes()})
	return nil
}

// lines are the veto lines as shown, their summary and the worst level
// judged (Unknown only when none was judged).
func lines(vs []outcome.VetoLine) ([]line, string, outcome.Level) {
	var out []line
	n := map[outcome.Level]int{}
	for _, v := range vs {
		out = append(out, line{Level: v.Level, Label: v.Level.Label(), Item: v.Item, Detail: v.Detail})
		n[v.Level]++
	}
	var parts []string
	worst := outcome.Unknown
	for _, lv := range []outcome.Level{outcome.Fail, outcome.Warn, outcome.Pass, outcome.Unknown} {
		if n[lv] == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d 项", lv.Label(), n[lv]))
		if worst == outcome.Unknown {
			worst = lv
		}
	}
	return out, strings.Join(parts, " · "), worst
}

func title(titles map[string]string, check string) string {
	if t := titles[check]; t != "" {
		return t
	}
	return check
}

// message composes the MIME message: multipart/alternative (plain text,
// then HTML) with the ledgers attached, UTF-8 and base64 throughout, the
// subject and file names as RFC 2047 encoded words.
func (b *builder) message(l *letter, recipients []string) ([]byte, error) {
	var html bytes.Buffer
	if err := htmlTemplate.Execute(&html, l); err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64))
	if err := m.From(b.mail.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := m.To(recipients...); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	m.Subject(l.Subject)
	m.SetDateWithValue(b.now.In(b.loc))
	m.SetMessageIDWithValue(messageID(b.week, b.mail.From))
	m.SetUserAgent("govaudit")
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	m.SetBodyString(gomail.TypeTextPlain, plainText(l))
	m.AddAlternativeString(gomail.TypeTextHTML, html.String())
	for _, a := range l.attachments {
		if err := m.AttachReader(a.name, bytes.NewReader(a.data), gomail.WithFileContentType(xlsxType)); err != nil {
			return nil, fmt.Errorf("attach %s: %w", a.name, err)
		}
	}
	var out bytes.Buffer
	if _, err := m.WriteTo(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// messageID is a unique Message-ID in the sender's domain.
func messageID(week, from string) string {
	domain := "govaudit.invalid"
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 && i < len(a.Address)-1 {
			domain = a.Address[i+1:]
		}
	}
	var r [12]byte
	rand.Read(r[:])
	return fmt.Sprintf("govaudit.digest.%s.%s@%s", week, hex.EncodeToString(r[:]), domain)
}

// plainText is the text/plain alternative: the same facts as the HTML.
func plainText(l *letter) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("政府网站检查周报 · %s", l.Week)
	p("生成时间 %s · 共 %d 个网站", l.Built, len(l.Sites))
	p("合计：新增 %d 项 · 已修复 %d 项 · 未修复 %d 项", l.New, l.Fixed, l.Open)
	for _, s := range l.Sites {
		p("")
		p("==================================================")
		p("%s", s.Name)
		p("%s", s.URL)
		if !s.HasRun {
			p("")
			p("还没有检查记录：首次检查完成后，下周的周报将列出检查结果。")
		} else {
			p("最近一次检查：%s", s.Run)
			if s.Partial != "" {
				p("注意：%s", s.Partial)
			}
		}
		p("")
		p("单项否决指标：%s", s.Standing)
		for _, v := range s.Lines {
			p("  [%s] %s：%s", v.Label, v.Item, v.Detail)
		}
		if !s.HasRun {
			continue
		}
		p("")
		p("变化：新增 %d 项 · 已修复 %d 项 · 未修复 %d 项", s.New, s.Fixed, s.Open)
		p("  %s", s.Since)
		counts := fmt.Sprintf("问题总数：错误 %d · 警告 %d · 提示 %d", s.Errors, s.Warnings, s.Infos)
		if s.Pending > 0 {
			counts += fmt.Sprintf(" · 待确认 %d", s.Pending)
		}
		if s.Accepted > 0 {
			counts += fmt.Sprintf(" · 已接受 %d", s.Accepted)
		}
		p("%s", counts)
		if len(s.Top) == 0 {
			p("")
			p("未发现计入的问题。")
		} else {
			p("")
			if s.More > 0 {
				p("主要问题（错误优先，列出 %d 项，其余 %d 项见附件）：", len(s.Top), s.More)
			} else {
				p("主要问题（错误优先）：")
			}
			for i, it := range s.Top {
				p("%2d. [%s][%s] %s：%s", i+1, it.SevLabel, it.Status, it.Title, it.Message)
				if it.Column != "" {
					p("    栏目：%s", it.Column)
				}
				p("    页面：%s", it.Page)
				if it.Target != "" {
					p("    目标：%s", it.Target)
				}
			}
		}
		p("")
		p("附件：%s（整改台账，可填写整改情况与整改责任人）", s.Attachment)
	}
	p("")
	p("--------------------------------------------------")
	p("%s", footnote)
	return b.String()
}

// footnote explains the figures, under both the HTML and the text.
const footnote = "说明：新增、已修复、未修复按本次报告的检查与上次周报所报检查的结果对比计算（没有上次周报时按该次检查与其对比基准的结果）；" +
	"待确认（偶发失败，连续出现才计入）与已接受的问题不计入。首页可用性按一周内对首页的定时探测统计，失败率达 3% 预警、达 5% 单项否决。" +
	"本邮件由 govaudit 自动发送，请勿直接回复。"

// Inline styles: mail clients drop <style> blocks and external sheets.
var levelColors = map[outcome.Level]string{outcome.Fail: "#b42318", outcome.Warn: "#b54708", outcome.Pass: "#067647", outcome.Unknown: "#667085"}

func levelStyle(l outcome.Level) template.CSS {
	return template.CSS("color:" + levelColors[l] + ";font-weight:bold;")
}

func badgeStyle(l outcome.Level) template.CSS {
	return template.CSS("background-color:" + levelColors[l] + ";color:#ffffff;padding:1px 6px;border-radius:3px;font-size:12px;white-space:nowrap;")
}

func sevStyle(s checks.Severity) template.CSS {
	c := "#667085"
	switch s {
	case checks.Error:
		c = "#b42318"
	case checks.Warning:
		c = "#b54708"
	}
	return template.CSS("color:" + c + ";font-weight:bold;white-space:nowrap;")
}
