package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"govaudit/internal/outcome"
	"govaudit/internal/report"
	"govaudit/internal/store"
)

// maxReason bounds an acceptance's reason, in characters.
const maxReason = 500

// back is where a POST returns to: the site page with the filter it was
// sent from (the form's q field, re-read so nothing else rides along).
func back(r *http.Request) (filter, string) {
	q, _ := url.ParseQuery(r.PostFormValue("q"))
	f, err := parseFilter(q)
	if err != nil {
		f = filter{}
	}
	return f, f.query()
}

func redirectDone(w http.ResponseWriter, r *http.Request, st *site, query, done, anchor string) {
	u := st.path() + "?"
	if query != "" {
		u += query + "&"
	}
	u += "done=" + done
	if anchor != "" {
		u += "#" + anchor
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// validFingerprint: fingerprints are short lowercase hex.
func validFingerprint(fp string) bool {
	if fp == "" || len(fp) > 64 {
		return false
	}
	for _, c := range fp {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func (s *server) handleAccept(w http.ResponseWriter, r *http.Request) {
	st := s.siteByRequest(r)
	if st == nil {
		s.fail(w, r, http.StatusNotFound, "没有这个站点。")
		return
	}
	f, query := back(r)
	refuse := func(msg string) { s.renderSite(w, r, st, f, http.StatusBadRequest, "", msg) }
	fp := r.PostFormValue("fingerprint")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	by := strings.TrimSpace(r.PostFormValue("by"))
	if !validFingerprint(fp) {
		refuse("未能接受：缺少问题识别码。")
		return
	}
	if reason == "" {
		refuse("未能接受：请填写接受理由。")
		return
	}
	if utf8.RuneCountInString(reason) > maxReason || utf8.RuneCountInString(by) > 100 {
		refuse("未能接受：理由不能超过 500 字，接受人不能超过 100 字。")
		return
	}
	now := s.opt.Now()
	var until time.Time
	if u := strings.TrimSpace(r.PostFormValue("until")); u != "" {
		var err error
		if until, err = time.ParseInLocation("2006-01-02", u, s.loc); err != nil {
			refuse("未能接受：有效期应为日期，如 2026-12-31。")
			return
		}
		if until.Before(s.day(now)) {
			refuse("未能接受：有效期不能早于今天。")
			return
		}
	}
	if by == "" {
		by = "网页控制台"
	}
	err := s.opt.Store.Accept(st.key, outcome.Acceptance{Fingerprint: fp, Reason: reason, By: by, At: now, Until: until})
	if errors.Is(err, store.ErrUnknownFinding) {
		refuse("未能接受：该站点的检查记录中没有这个问题。")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info("finding accepted on the dashboard", "site", st.key, "fingerprint", fp, "until", until)
	redirectDone(w, r, st, query, "accepted", "f-"+fp)
}

func (s *server) handleUnaccept(w http.ResponseWriter, r *http.Request) {
	st := s.siteByRequest(r)
	if st == nil {
		s.fail(w, r, http.StatusNotFound, "没有这个站点。")
		return
	}
	f, query := back(r)
	fp := r.PostFormValue("fingerprint")
	if !validFingerprint(fp) {
		s.renderSite(w, r, st, f, http.StatusBadRequest, "", "未能撤销：缺少问题识别码。")
		return
	}
	err := s.opt.Store.Unaccept(st.key, fp)
	if errors.Is(err, store.ErrUnknownFinding) {
		s.renderSite(w, r, st, f, http.StatusBadRequest, "", "未能撤销：该问题没有在控制台或命令行中被接受（配置文件中的接受记录须修改配置文件撤销）。")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info("acceptance withdrawn on the dashboard", "site", st.key, "fingerprint", fp)
	redirectDone(w, r, st, query, "unaccepted", "f-"+fp)
}

func (s *server) handleRun(w http.ResponseWriter, r *http.Request) {
	st := s.siteByRequest(r)
	if st == nil || s.opt.RunNow == nil {
		s.fail(w, r, http.StatusNotFound, "没有这个站点。")
		return
	}
	f, query := back(r)
	if err := s.opt.RunNow(st.key); err != nil {
		s.log.Info("run now refused", "site", st.key, "err", err)
		s.renderSite(w, r, st, f, http.StatusConflict, "", "无法开始检查："+err.Error())
		return
	}
	s.log.Info("audit started from the dashboard", "site", st.key)
	redirectDone(w, r, st, query, "run", "")
}

// downloadTypes are the report downloads by extension.
var downloadTypes = map[string]string{
	"html": "text/html; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"csv":  "text/csv; charset=utf-8",
	"json": "application/json; charset=utf-8",
}

// handleDownload renders the site's latest finished run as report.FORMAT,
// with the acceptances as they stand now (as the site page shows it).
// This is how reports are fetched while serve owns the database file.
func (s *server) handleDownload(w http.ResponseWriter, r *http.Request) {
	st := s.siteByRequest(r)
	file := r.PathValue("file")
	ext, ok := strings.CutPrefix(file, "report.")
	ctype := downloadTypes[ext]
	if st == nil || !ok || ctype == "" {
		s.fail(w, r, http.StatusNotFound, "没有这个页面。")
		return
	}
	ss, err := s.state(st)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if ss.Latest == nil {
		s.fail(w, r, http.StatusNotFound, "该站点还没有检查记录。")
		return
	}
	var buf bytes.Buffer
	opt := report.Options{Titles: s.opt.Titles, Trend: ss.Runs, Location: s.loc}
	if err := report.Render(&buf, ext, ss.Latest, opt); err != nil {
		s.internal(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	name := "govaudit-" + asciiName(st.slug) + "-" + ss.Latest.Run.ID.String() + "." + ext
	if ext == "html" {
		h.Set("Content-Security-Policy", reportCSP)
		h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	} else {
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	_, _ = w.Write(buf.Bytes())
}

// asciiName keeps letters, digits, dots and hyphens of s, for a file name.
func asciiName(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '-':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
