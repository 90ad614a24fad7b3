package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// sessionCookie holds a login: a random nonce, an expiry and their HMAC
// under the process's key and the token, so it names no secret, dies with
// the process and with a changed token, and cannot be forged.
const (
	sessionCookie = "govaudit_session"
	sessionTTL    = 7 * 24 * time.Hour
)

// mac is HMAC-SHA256 under the process's key of the parts, NUL-separated.
func (s *server) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, s.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// tokenOK compares a presented token with the configured one in constant
// time (over their hashes, so neither length leaks).
func (s *server) tokenOK(presented string) bool {
	a := sha256.Sum256([]byte(presented))
	b := sha256.Sum256([]byte(s.opt.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1 && s.opt.Token != ""
}

func (s *server) tokenID() string {
	h := sha256.Sum256([]byte(s.opt.Token))
	return hex.EncodeToString(h[:])
}

// newSession is a fresh session cookie's value.
func (s *server) newSession() string {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce) // crypto/rand never fails on supported systems
	n := hex.EncodeToString(nonce)
	exp := strconv.FormatInt(s.opt.Now().Add(sessionTTL).Unix(), 10)
	return n + "." + exp + "." + hex.EncodeToString(s.mac("session", n, exp, s.tokenID()))
}

// validSession says whether v is a session cookie this process issued for
// the current token and it has not expired.
func (s *server) validSession(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	got, err := hex.DecodeString(parts[2])
	if err != nil || !hmac.Equal(got, s.mac("session", parts[0], parts[1], s.tokenID())) {
		return false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	return err == nil && s.opt.Now().Unix() < exp
}

// bearer is the token of an Authorization: Bearer header, or "".
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authorized says whether the request may see the dashboard: always
// without a token; with one, by its bearer header or a session cookie.
func (s *server) authorized(r *http.Request) bool {
	if s.opt.Token == "" {
		return true
	}
	if b := bearer(r); b != "" {
		return s.tokenOK(b)
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && s.validSession(c.Value)
}

// session names the visitor for the CSRF token: their session cookie, or
// nothing (no token set, or not logged in yet).
func (s *server) session(r *http.Request) string {
	if s.opt.Token == "" {
		return ""
	}
	if c, err := r.Cookie(sessionCookie); err == nil && s.validSession(c.Value) {
		return c.Value
	}
	return ""
}

// csrfToken is the hidden form field every POST must carry: an HMAC of
// the visitor's session under the process's key.
func (s *server) csrfToken(r *http.Request) string {
	return hex.EncodeToString(s.mac("csrf", s.session(r)))
}

// crossSite checks a POST: it must come from a page of this dashboard
// (Origin, or without one Referer, naming the request's host; the browser's
// Sec-Fetch-Site, when sent, saying same-origin) and carry the CSRF token.
// It returns why the request is refused (Chinese), or "".
func (s *server) crossSite(r *http.Request) string {
	if sfs := r.Header.Get("Sec-Fetch-Site"); sfs != "" && sfs != "same-origin" && sfs != "none" {
		return "请求来自其他网站。"
	}
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
	}
	if from == "" {
		return "请求没有来源（Origin 或 Referer）信息。"
	}
	u, err := url.Parse(from)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		return "请求来自其他网站。"
	}
	got, err := hex.DecodeString(r.PostFormValue("csrf"))
	if err != nil || !hmac.Equal(got, s.mac("csrf", s.session(r))) {
		return "表单已失效（缺少或错误的校验码）。"
	}
	return ""
}

// unauthorized answers a request without a valid token: the login form
// for a browser, a short text for anything else.
func (s *server) unauthorized(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="govaudit"`)
	if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/metrics") && acceptsHTML(r) {
		s.renderLogin(w, r, http.StatusUnauthorized, "", r.URL.RequestURI())
		return
	}
	http.Error(w, "401 需要访问令牌 / token required", http.StatusUnauthorized)
}

func acceptsHTML(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return a == "" || strings.Contains(a, "text/html") || strings.Contains(a, "*/*")
}

// localPath is next if it is a path on this server, else "/".
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

func (s *server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if s.opt.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, "", localPath(r.URL.Query().Get("next")))
}

func (s *server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if s.opt.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	next := localPath(r.PostFormValue("next"))
	if !s.tokenOK(r.PostFormValue("token")) {
		s.log.Warn("dashboard login with a wrong token", "remote", r.RemoteAddr)
		s.renderLogin(w, r, http.StatusUnauthorized, "访问令牌不正确。", next)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: s.newSession(), Path: "/", MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *server) handleLogout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
