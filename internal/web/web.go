// Package web is the dashboard and the Prometheus metrics of `govaudit
// serve`: server-rendered pages (html/template, one embedded style sheet,
// no script, no CDN, no web font: it works offline) that read the store
// and render through internal/report, forms that POST the few changes a
// webmaster makes (accept a finding, withdraw an acceptance, start an audit
// now), and /metrics in the Prometheus text format.
//
// URLs (stable; {site} is the site's slug, see siteSlug):
//
//	GET  /                           every configured site and how it stands
//	GET  /site/{site}                the latest run: veto lines, availability, trend, findings
//	                                   (?check=&column=&severity=&status= filter the findings)
//	GET  /site/{site}/report.html    the latest run as the HTML report (also .xlsx, .csv, .json)
//	POST /site/{site}/accept         accept a finding (fingerprint, reason, optional until)
//	POST /site/{site}/unaccept       withdraw an acceptance (fingerprint)
//	POST /site/{site}/run            start an audit of the site now
//	GET  /metrics                    Prometheus text exposition
//	GET  /login, POST /login         the token form (only when a token is set), POST /logout
//	GET  /static/…, /favicon.ico     the style sheet and the icon (no data, no token needed)
//
// The report downloads are how people fetch reports while serve runs: the
// daemon owns the database file (bbolt's lock is per process), so
// `govaudit report` cannot open it then.
//
// Security: only POST changes anything. Every POST must come from a page of
// the dashboard itself: its Origin (or, without one, its Referer) must name
// the request's Host, and it must carry the form's CSRF token (an HMAC,
// under a key drawn at start-up, of the visitor's session). Without a token
// the dashboard answers only requests addressed to a loopback host name
// (localhost, 127.0.0.0/8, ::1), which also defeats DNS rebinding; with a
// token every request but the login form, the style sheet and the icon
// needs `Authorization: Bearer <token>` or the session cookie the login
// form sets. Every response carries a Content-Security-Policy without
// script, X-Frame-Options DENY and X-Content-Type-Options nosniff.
package web

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"govaudit/internal/config"
	"govaudit/internal/job"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// Options wire the dashboard to the daemon.
type Options struct {
	Store  *store.Store
	Sites  []config.MonitorSite
	Titles map[string]string // check id -> Chinese title
	// RunNow starts an audit of the site now (siteKey is job.SiteKey of
	// its URL); it returns an error if one is already running. Nil: the
	// dashboard offers no such button.
	RunNow func(siteKey string) error
	// Running tells whether an audit of the site is running; nil: never.
	Running func(siteKey string) bool
	// NextRun is the site's next scheduled audit; nil or zero: unknown.
	NextRun func(siteKey string) time.Time
	// Token, when set, is required of every request (see the package
	// comment). It must be set when the server listens beyond loopback:
	// see CheckListen.
	Token string
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// Location is where times are shown and acceptance days are counted;
	// nil: Asia/Shanghai.
	Location *time.Location
	// Logger receives server-side errors (English); nil: slog.Default().
	Logger *slog.Logger
}

// site is one configured site as the dashboard serves it.
type site struct {
	cfg  config.MonitorSite
	key  string // the store's name for it, job.SiteKey(cfg.URL)
	slug string // its URL path segment
	name string // what to call it
}

// server is the dashboard.
type server struct {
	opt    Options
	sites  []*site
	bySlug map[string]*site
	loc    *time.Location
	log    *slog.Logger
	secret []byte // drawn at start-up: CSRF tokens and session cookies
	mux    *http.ServeMux

	cacheMu sync.Mutex
	cache   map[string]*outcome.Outcome // site key -> its latest stored outcome, as stored

	probeMu sync.Mutex
	probes  map[string]probeCount // site key -> failed samples counted so far
}

// New builds the dashboard's handler.
func New(opt Options) (http.Handler, error) {
	if opt.Store == nil {
		return nil, errors.New("web: no store")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &server{
		opt:    opt,
		bySlug: map[string]*site{},
		loc:    opt.Location,
		log:    opt.Logger,
		secret: make([]byte, 32),
		cache:  map[string]*outcome.Outcome{},
		probes: map[string]probeCount{},
	}
	if s.loc == nil {
		s.loc = shanghai
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if _, err := rand.Read(s.secret); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	keys := map[string]bool{}
	for _, ms := range opt.Sites {
		if ms.Site == nil || ms.URL == "" {
			return nil, errors.New("web: a configured site has no URL")
		}
		st := &site{cfg: ms, key: job.SiteKey(ms.URL), name: ms.Name}
		if keys[st.key] {
			return nil, fmt.Errorf("web: site %s is configured twice", st.key)
		}
		keys[st.key] = true
		if st.name == "" {
			st.name = st.key
		}
		slug, alt := siteSlug(st.key)
		switch {
		case s.bySlug[slug] == nil:
			st.slug = slug
		case s.bySlug[alt] == nil:
			st.slug = alt
		default:
			return nil, fmt.Errorf("web: sites %s and %s have the same page", s.bySlug[slug].key, st.key)
		}
		s.bySlug[st.slug] = st
		s.sites = append(s.sites, st)
	}
	s.routes()
	return s, nil
}

func (s *server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleIndex)
	m.HandleFunc("GET /site/{site}", s.handleSite)
	m.HandleFunc("GET /site/{site}/{file}", s.handleDownload)
	m.HandleFunc("POST /site/{site}/accept", s.handleAccept)
	m.HandleFunc("POST /site/{site}/unaccept", s.handleUnaccept)
	m.HandleFunc("POST /site/{site}/run", s.handleRun)
	m.HandleFunc("GET /metrics", s.handleMetrics)
	m.HandleFunc("GET /login", s.handleLoginForm)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("POST /logout", s.handleLogout)
	m.HandleFunc("GET "+cssPath, s.handleCSS)
	m.HandleFunc("GET "+iconPath, s.handleIcon)
	m.HandleFunc("GET /favicon.ico", s.handleIcon)
	m.HandleFunc("/", s.handleNotFound)
	s.mux = m
}

// ServeHTTP applies what holds for every request — the security headers,
// the host check, the token and, for POST, the cross-site checks — and
// then routes it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")

	if s.opt.Token == "" && !loopbackHost(r.Host) {
		// A page that made a browser send this (DNS rebinding) must not
		// read or change the dashboard of a server without a token.
		s.fail(w, r, http.StatusForbidden, "拒绝访问：未设置访问令牌时，控制台只接受发往本机地址（localhost、127.0.0.1）的请求。")
		return
	}
	if !s.public(r) && !s.authorized(r) {
		s.unauthorized(w, r)
		return
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if msg := s.crossSite(r); msg != "" {
			s.log.Warn("refused a cross-site request", "path", r.URL.Path, "origin", r.Header.Get("Origin"),
				"referer", r.Header.Get("Referer"), "reason", msg)
			s.fail(w, r, http.StatusForbidden, "请求被拒绝："+msg+"请回到控制台页面重新操作。")
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// maxForm bounds a POSTed form.
const maxForm = 64 << 10

// pageCSP allows the dashboard's own style sheet, forms to itself, and
// nothing else: no script at all, no frames, no plug-ins.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'"

// reportCSP is for the HTML report served as a download: it brings its own
// inline style sheet and has no script either.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; " +
	"frame-ancestors 'none'; base-uri 'none'"

// public says whether the request needs no token: the login form, the
// style sheet and the icon carry no data.
func (s *server) public(r *http.Request) bool {
	switch r.URL.Path {
	case "/login", cssPath, iconPath, "/favicon.ico":
		return true
	}
	return false
}

// CheckListen refuses to serve the dashboard beyond this machine without a
// token: addr is the listen address, token the configured token.
func CheckListen(addr, token string) error {
	if config.LoopbackAddr(addr) || strings.TrimSpace(token) != "" {
		return nil
	}
	return fmt.Errorf("监听地址 %s 可从其他机器访问，必须设置访问令牌（token_file）才能启动控制台 / "+
		"listen address %q is reachable from other machines: set a token (token_file) so the dashboard asks for it", addr, addr)
}

// loopbackHost says whether a Host header names this machine only.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// siteByRequest is the site the request's {site} names, or nil.
func (s *server) siteByRequest(r *http.Request) *site {
	return s.bySlug[r.PathValue("site")]
}

// siteSlug is a site's path segment: its key without scheme, "/" turned
// into "~" ("http://jyj.example.gov.cn/" → "jyj.example.gov.cn",
// "https://www.example.gov.cn/jyj/" → "www.example.gov.cn~jyj"), so URLs
// stay readable and never hold an escaped slash (proxies mangle those).
// alt keeps the scheme, for two sites that differ only in it.
func siteSlug(key string) (slug, alt string) {
	rest, scheme := key, ""
	if u, err := url.Parse(key); err == nil && u.Host != "" {
		scheme = u.Scheme
		rest = u.Host + u.EscapedPath()
		if u.RawQuery != "" {
			rest += "?" + u.RawQuery
		}
	}
	rest = strings.Trim(rest, "/")
	slug = strings.NewReplacer("/", "~", "?", "~", "#", "~").Replace(rest)
	return slug, scheme + "~" + slug
}

// path is the site page's path.
func (st *site) path() string { return "/site/" + url.PathEscape(st.slug) }

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()
