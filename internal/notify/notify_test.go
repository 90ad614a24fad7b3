package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	stdhtml "html"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"govaudit/checks"
	"govaudit/internal/demo"
	"govaudit/internal/job"
	"govaudit/internal/notify"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

func TestWeekAndKey(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 12, 31, 12, 0, 0, 0, shanghai), shanghai, "2026-W53"},
		{time.Date(2027, 1, 3, 23, 0, 0, 0, shanghai), shanghai, "2026-W53"},
		{time.Date(2027, 1, 4, 0, 30, 0, 0, shanghai), shanghai, "2027-W01"},
		// Monday 00:30 in Shanghai is still Sunday in UTC.
		{time.Date(2027, 1, 4, 0, 30, 0, 0, shanghai), time.UTC, "2026-W53"},
		{time.Date(2026, 12, 7, 8, 0, 0, 0, shanghai), nil, "2026-W50"}, // default Asia/Shanghai
	} {
		if got := notify.Week(c.at, c.loc); got != c.want {
			t.Errorf("Week(%v, %v) = %s, want %s", c.at, c.loc, got, c.want)
		}
	}
	k1, err := notify.Key("2026-W49", []string{"b@x.gov.cn", "张三 <a@x.gov.cn>"})
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := notify.Key("2026-W49", []string{"A@x.gov.cn", "b@x.gov.cn", "a@x.gov.cn"})
	k3, _ := notify.Key("2026-W49", []string{"a@x.gov.cn"})
	if k1 != k2 || k1 == k3 || !strings.HasPrefix(k1, "2026-W49/") || len(k1) != len("2026-W49/")+12 {
		t.Errorf("keys: %s %s %s; want the first two equal, the third different", k1, k2, k3)
	}
	if _, err := notify.Key("2026-W49", []string{"not an address"}); err == nil {
		t.Error("a bad address makes a key")
	}
}

// TestDigestReadBack builds two weekly digests of the demo site from real
// audits, sends them through a real SMTP server (mailpit) and reads the
// second back: subject, HTML and text bodies with the same figures, the
// veto lines with the week's availability, the attached ledger, and the
// bytes on the wire equal to the stored message.
func TestDigestReadBack(t *testing.T) {
	st := demoStore(t)
	mp := startMailpit(t, 0)
	m := monitor(mp.SMTPPort, "none", monitorSite("澜江市教育局", demoURL, "张科长 <zhang@jyj.lanjiang.gov.cn>", "li@jyj.lanjiang.gov.cn"))
	key := job.SiteKey(demoURL)
	run1, ok, err := st.Latest(key)
	if err != nil || !ok {
		t.Fatalf("the demo store has no run of %s: %v", key, err)
	}
	ctx := context.Background()
	opts := notify.SendOptions{Attempts: 1, Logger: testLogger(t, nil)}

	// Week 1: the first digest, against the run's own baseline (none: all new).
	now1 := time.Now()
	ds, err := notify.Build(st, m, now1, titles())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Covered[key] != run1.ID || ds[0].Week != notify.Week(now1, shanghai) || !ds[0].Sent.IsZero() {
		t.Fatalf("week 1: %d digests, covered %v (run %s), week %s", len(ds), ds[0].Covered, run1.ID, ds[0].Week)
	}
	if err := notify.Send(ctx, st, m.Mail, &ds[0], opts); err != nil {
		t.Fatal(err)
	}
	o1, err := st.Outcome(key, run1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := mp.Messages(); len(got) != 1 || !strings.Contains(got[0].Subject, fmt.Sprintf("新增 %d 项", o1.Count().New)) {
		t.Fatalf("week 1: %d messages, subject %q; want 1 with 新增 %d 项", len(got), got[0].Subject, o1.Count().New)
	}

	// Week 2: one planted dead link repaired, the check date three weeks on
	// (the homepage and a column go stale), a week of availability samples.
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	if err := site.Repair("home-dead-link"); err != nil {
		t.Fatal(err)
	}
	o2, err := demoAudit(site, st, demo.Today.AddDate(0, 0, 21))
	if err != nil {
		t.Fatal(err)
	}
	now2 := now1.AddDate(0, 0, 7)
	for i := 0; i < 7*24; i++ {
		at := now2.AddDate(0, 0, -7).Add(time.Duration(i)*time.Hour + 30*time.Minute)
		if err := st.PutSample(key, outcome.Sample{At: at, OK: i%28 != 0, Status: 200, Millis: 120}); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	ds, err = notify.Build(st, m, now2, titles())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Build (1 site, xlsx of %d findings): %v, message %d bytes", len(o2.Findings), time.Since(start).Round(time.Millisecond), len(ds[0].Message))
	d := ds[0]
	if len(ds) != 1 || d.Covered[key] != o2.Run.ID || d.Week == notify.Week(now1, shanghai) {
		t.Fatalf("week 2: %d digests, covered %v, want run %s", len(ds), d.Covered, o2.Run.ID)
	}

	// What the digest must say, computed here from the two stored runs.
	open := func(o *outcome.Outcome) map[string]bool {
		s := map[string]bool{}
		for _, f := range o.Findings {
			if f.Status.Counted() {
				s[f.Fingerprint] = true
			}
		}
		for _, f := range o.Unverified {
			s[f.Fingerprint] = true
		}
		return s
	}
	stored2, err := st.Outcome(key, o2.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, c := open(o1), open(stored2)
	var nNew, nFixed, nOpen int
	for fp := range c {
		if p[fp] {
			nOpen++
		} else {
			nNew++
		}
	}
	inRun2 := map[string]bool{}
	for _, f := range stored2.Findings {
		inRun2[f.Fingerprint] = true
	}
	repaired := ""
	for fp := range p {
		if !c[fp] && !inRun2[fp] {
			nFixed++
		}
	}
	for _, f := range o1.Findings {
		if f.Target == "http://jyj.lanjiang.gov.cn/xxgk/zdly/index.html" && f.Rule == "http-404" {
			repaired = f.Fingerprint
		}
	}
	if repaired == "" || c[repaired] || nFixed < 1 || nNew < 1 {
		t.Fatalf("the fixture changed: repaired %q (still open %v), new %d, fixed %d", repaired, c[repaired], nNew, nFixed)
	}
	figures := fmt.Sprintf("新增 %d 项 · 已修复 %d 项 · 未修复 %d 项", nNew, nFixed, nOpen)
	// The errors come first: a known one to look for in the ledger and the body.
	var known checks.Finding
	for _, f := range stored2.Findings {
		if f.Status.Counted() && f.Severity == checks.Error {
			known = f.Finding
			break
		}
	}

	start = time.Now()
	if err := notify.Send(ctx, st, m.Mail, &d, opts); err != nil {
		t.Fatal(err)
	}
	t.Logf("Send (SMTP to mailpit, %d bytes): %v", len(d.Message), time.Since(start).Round(time.Millisecond))
	list := mp.Messages()
	if len(list) != 2 {
		t.Fatalf("mailpit holds %d messages, want 2", len(list))
	}
	msg := mp.Message(list[0].ID) // newest first

	week := d.Week // "2026-W49" → "2026年第49周"
	var y, w int
	fmt.Sscanf(week, "%d-W%d", &y, &w)
	wantSubject := fmt.Sprintf("【网站检查周报】澜江市教育局 · %d年第%d周 · 新增 %d 项", y, w, nNew)
	if !strings.HasPrefix(msg.Subject, wantSubject) {
		t.Errorf("subject %q, want it to start with %q", msg.Subject, wantSubject)
	}
	if msg.From.Name != "政务公开检查" || msg.From.Address != "govaudit@lanjiang.gov.cn" || len(msg.To) != 2 {
		t.Errorf("from %+v, to %+v", msg.From, msg.To)
	}
	if msg.Date.IsZero() || msg.MessageID == "" {
		t.Errorf("date %v, message-id %q", msg.Date, msg.MessageID)
	}

	html := msg.HTML
	text := stdhtml.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, ""))
	for _, want := range []string{"澜江市教育局", "单项否决指标", "首页可用性", "168 次探测中失败 6 次（3.6%", "预警", figures, known.Message} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML body lacks %q", want)
		}
	}
	for _, bad := range []string{"<style", "<link", "<script", "<img", "src=", "url(", "ZgotmplZ"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML body has %q: no external resources, inline CSS only", bad)
		}
	}
	if !strings.Contains(html, `<a href="`+known.Page+`"`) {
		t.Errorf("HTML body does not link the page %s", known.Page)
	}
	for _, want := range []string{"澜江市教育局", "单项否决指标", "168 次探测中失败 6 次（3.6%", "[预警] 首页可用性", figures, known.Message, "页面：" + known.Page} {
		if !strings.Contains(msg.Text, want) {
			t.Errorf("text body lacks %q", want)
		}
	}

	// The attached ledger opens and lists the known finding.
	wantName := "整改台账-澜江市教育局-" + o2.Run.Started.In(shanghai).Format("20060102") + ".xlsx"
	if len(msg.Attachments) != 1 || msg.Attachments[0].FileName != wantName ||
		msg.Attachments[0].ContentType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("attachments %+v, want one %s", msg.Attachments, wantName)
	}
	x, err := excelize.OpenReader(bytes.NewReader(mp.Part(msg.ID, msg.Attachments[0].PartID)))
	if err != nil {
		t.Fatalf("the attachment does not open: %v", err)
	}
	defer x.Close()
	if !workbookHas(t, x, known.Fingerprint) {
		t.Errorf("the ledger does not list fingerprint %s", known.Fingerprint)
	}

	// On the wire: the stored bytes, well-formed MIME.
	raw := mp.Raw(msg.ID)
	if !bytes.HasSuffix(raw, d.Message) {
		t.Errorf("mailpit received %d bytes that are not the stored message (%d bytes)", len(raw), len(d.Message))
	}
	checkMIME(t, d.Message, wantName)

	// Week 3 without a new run: nothing new, nothing fixed, all still open.
	ds, err = notify.Build(st, m, now2.AddDate(0, 0, 7), titles())
	if err != nil || len(ds) != 1 {
		t.Fatalf("week 3: %d digests, %v", len(ds), err)
	}
	if err := notify.Send(ctx, st, m.Mail, &ds[0], opts); err != nil {
		t.Fatal(err)
	}
	list = mp.Messages()
	week3 := mp.Message(list[0].ID)
	if len(list) != 3 || !strings.Contains(week3.Subject, "无新增问题") ||
		!strings.Contains(week3.Text, fmt.Sprintf("新增 0 项 · 已修复 0 项 · 未修复 %d 项", nNew+nOpen)) ||
		!strings.Contains(week3.Text, "以来没有新的检查") {
		t.Errorf("week 3: %d messages, subject %q, text:\n%s", len(list), week3.Subject, week3.Text)
	}

	// Dry writes the same bytes.
	var eml bytes.Buffer
	if err := notify.Dry(&eml, d); err != nil || !bytes.Equal(eml.Bytes(), d.Message) {
		t.Errorf("Dry: %v, %d bytes, want the stored %d", err, eml.Len(), len(d.Message))
	}
	if err := notify.Dry(io.Discard, store.Digest{Key: "x"}); err == nil {
		t.Error("Dry of a digest without a message succeeds")
	}
}

// workbookHas says whether any cell of any sheet holds s.
func workbookHas(t *testing.T, x *excelize.File, s string) bool {
	t.Helper()
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if slices.Contains(r, s) {
				return true
			}
		}
	}
	return false
}

// checkMIME parses the message as a mail reader would: ASCII headers with
// an encoded Chinese subject, lines within RFC 5322's limit, and
// multipart/mixed holding multipart/alternative (text/plain, text/html,
// UTF-8) and the xlsx attachment.
func checkMIME(t *testing.T, raw []byte, attachment string) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Bytes()
		if len(l) > 998 {
			t.Errorf("line %d is %d octets long", n, len(l))
		}
		for _, b := range l {
			if b >= 0x80 {
				t.Fatalf("line %d is not 7-bit: %q", n, l)
			}
		}
	}
	if !bytes.Contains(raw, []byte("\r\n\r\n")) || bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("line endings are not CRLF")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if s := h.Get("Subject"); !strings.HasPrefix(strings.ToUpper(s), "=?UTF-8?") {
		t.Errorf("Subject header %q is not an encoded word", s)
	}
	dec := new(mime.WordDecoder)
	if s, err := dec.DecodeHeader(h.Get("Subject")); err != nil || !strings.HasPrefix(s, "【网站检查周报】") {
		t.Errorf("decoded subject %q, %v", s, err)
	}
	for _, k := range []string{"Date", "Message-Id", "From", "To", "Mime-Version"} {
		if h.Get(k) == "" {
			t.Errorf("no %s header", k)
		}
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@lanjiang.gov.cn>") {
		t.Errorf("Message-ID %q", id)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", h.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, pp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ct == "multipart/alternative" {
			ar := multipart.NewReader(p, pp["boundary"])
			for {
				a, err := ar.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				act, ap, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
				if strings.ToLower(ap["charset"]) != "utf-8" {
					t.Errorf("%s part: charset %q", act, ap["charset"])
				}
				parts = append(parts, act)
			}
			continue
		}
		_, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil {
			t.Errorf("Content-Disposition %q: %v", p.Header.Get("Content-Disposition"), err)
		}
		name, err := dec.DecodeHeader(dp["filename"])
		if err != nil || name != attachment {
			t.Errorf("attachment file name %q (%v), want %s", name, err, attachment)
		}
		parts = append(parts, ct)
	}
	want := []string{"text/plain", "text/html", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	if !slices.Equal(parts, want) {
		t.Errorf("MIME parts %v, want %v", parts, want)
	}
}

// TestSendRetriesUntilDelivered: with the server down, Send fails and the
// digest stays in the outbox with its attempts and error; the server comes
// back on the same port during the next Send's retries and the digest is
// delivered exactly once; later Sends and Builds of the same week change
// nothing.
func TestSendRetriesUntilDelivered(t *testing.T) {
	st := demoStore(t)
	mp := startMailpit(t, 0)
	m := monitor(mp.SMTPPort, "none", monitorSite("澜江市教育局", demoURL, "zhang@jyj.lanjiang.gov.cn"))
	now := time.Now()
	ds, err := notify.Build(st, m, now, titles())
	if err != nil || len(ds) != 1 {
		t.Fatalf("Build: %d digests, %v", len(ds), err)
	}
	built := ds[0]
	ctx := context.Background()

	mp.Stop()
	d := built
	err = notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Attempts: 2, Backoff: 20 * time.Millisecond, Logger: testLogger(t, nil)})
	if err == nil {
		t.Fatal("Send succeeded with the server down")
	}
	t.Logf("with the server down: %v", err)
	stored, ok, err := st.Digest(built.Key)
	if err != nil || !ok || stored.Attempts != 2 || stored.LastError == "" || !stored.Sent.IsZero() || !bytes.Equal(stored.Message, built.Message) {
		t.Fatalf("after a failed send: stored %v %v, attempts %d, last error %q, sent %v", ok, err, stored.Attempts, stored.LastError, stored.Sent)
	}
	if p, err := notify.Pending(st); err != nil || len(p) != 1 || p[0].Key != built.Key {
		t.Fatalf("Pending = %d digests, %v; want the failed one", len(p), err)
	}

	// The next attempt: the server returns after one more failure.
	done := make(chan error, 1)
	go func() {
		done <- notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Attempts: 8, Backoff: 100 * time.Millisecond, Logger: testLogger(t, nil)})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s, _, err := st.Digest(built.Key)
		if err != nil {
			t.Fatal(err)
		}
		if s.Attempts >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no further attempt within 20 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	mp.Restart()
	if err := <-done; err != nil {
		t.Fatalf("Send after the server came back: %v", err)
	}
	stored, _, _ = st.Digest(built.Key)
	if stored.Sent.IsZero() || stored.Attempts < 4 || stored.LastError != "" || d.Sent.IsZero() {
		t.Errorf("after delivery: sent %v, attempts %d, last error %q", stored.Sent, stored.Attempts, stored.LastError)
	}
	list := mp.Messages()
	if len(list) != 1 {
		t.Fatalf("mailpit holds %d messages, want 1", len(list))
	}
	if raw := mp.Raw(list[0].ID); !bytes.HasSuffix(raw, built.Message) {
		t.Error("the delivered message is not the one built before the failures")
	}

	// A third Send, even with the stale unsent copy, delivers nothing.
	again := built
	if err := notify.Send(ctx, st, m.Mail, &again, notify.SendOptions{Attempts: 1, Logger: testLogger(t, nil)}); err != nil {
		t.Fatal(err)
	}
	if again.Sent.IsZero() {
		t.Error("Send left the caller's copy unsent")
	}
	if n := len(mp.Messages()); n != 1 {
		t.Fatalf("after a third Send mailpit holds %d messages, want 1", n)
	}
	// Building the week again returns the stored digest, not a new one.
	ds2, err := notify.Build(st, m, now.Add(time.Hour), titles())
	if err != nil || len(ds2) != 1 || ds2[0].Key != built.Key || !bytes.Equal(ds2[0].Message, built.Message) || ds2[0].Sent.IsZero() {
		t.Fatalf("Build again: %d digests, %v", len(ds2), err)
	}
	if all, _ := st.Digests(); len(all) != 1 {
		t.Errorf("the outbox holds %d digests, want 1", len(all))
	}
	if p, _ := notify.Pending(st); len(p) != 0 {
		t.Errorf("Pending = %d after delivery", len(p))
	}
	if err := notify.Send(ctx, st, m.Mail, &ds2[0], notify.SendOptions{Attempts: 1}); err != nil || len(mp.Messages()) != 1 {
		t.Errorf("sending the rebuilt digest: %v, %d messages", err, len(mp.Messages()))
	}
}

// TestOneMessagePerRecipientSet: sites with the same recipients (in any
// order or case) share one message; another set gets its own; a site
// without recipients gets none; a site not yet audited says so.
func TestOneMessagePerRecipientSet(t *testing.T) {
	st := demoStore(t)
	mp := startMailpit(t, 0)
	m := monitor(mp.SMTPPort, "none",
		monitorSite("澜江市教育局", demoURL, "zhang@lanjiang.gov.cn", "li@lanjiang.gov.cn"),
		monitorSite("澜江市人民政府", "http://www.lanjiang.gov.cn/", "wang@lanjiang.gov.cn"),
		monitorSite("澜江市卫生健康委员会", "https://wjw.lanjiang.gov.cn/", "LI@lanjiang.gov.cn", "zhang@lanjiang.gov.cn"),
		monitorSite("澜江市统计局", "https://tjj.lanjiang.gov.cn/"))
	ds, err := notify.Build(st, m, time.Now(), titles())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("%d digests, want 2", len(ds))
	}
	if len(ds[0].Recipients) != 2 || len(ds[0].Covered) != 1 || len(ds[1].Recipients) != 1 || len(ds[1].Covered) != 0 {
		t.Errorf("digests: %v covering %v; %v covering %v", ds[0].Recipients, ds[0].Covered, ds[1].Recipients, ds[1].Covered)
	}
	for i := range ds {
		if err := notify.Send(context.Background(), st, m.Mail, &ds[i], notify.SendOptions{Attempts: 1, Logger: testLogger(t, nil)}); err != nil {
			t.Fatal(err)
		}
	}
	list := mp.Messages()
	if len(list) != 2 {
		t.Fatalf("mailpit holds %d messages, want 2", len(list))
	}
	bySubject := map[string]mpMessage{}
	for _, s := range list {
		msg := mp.Message(s.ID)
		switch {
		case strings.HasPrefix(msg.Subject, "【网站检查周报】澜江市教育局 等 2 个网站 · "):
			bySubject["pair"] = msg
		case strings.HasPrefix(msg.Subject, "【网站检查周报】澜江市人民政府 · ") && strings.Contains(msg.Subject, "无新增问题"):
			bySubject["single"] = msg
		default:
			t.Errorf("unexpected subject %q", msg.Subject)
		}
	}
	pair, single := bySubject["pair"], bySubject["single"]
	if len(pair.To) != 2 || len(pair.Attachments) != 1 || !strings.Contains(pair.Text, "澜江市卫生健康委员会") ||
		!strings.Contains(pair.Text, "还没有检查记录") || !strings.Contains(pair.HTML, "还没有检查记录") {
		t.Errorf("the shared message: to %v, %d attachments, text:\n%s", pair.To, len(pair.Attachments), pair.Text)
	}
	if len(single.To) != 1 || single.To[0].Address != "wang@lanjiang.gov.cn" || len(single.Attachments) != 0 ||
		!strings.Contains(single.Text, "还没有检查记录") || strings.Contains(single.Text, "澜江市教育局") {
		t.Errorf("the single message: to %v, %d attachments, text:\n%s", single.To, len(single.Attachments), single.Text)
	}
	for _, msg := range []mpMessage{pair, single} {
		if strings.Contains(msg.Text+msg.HTML, "澜江市统计局") {
			t.Error("a site without recipients is in a digest")
		}
	}
}
