package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed templates/*.html.tmpl
var templateFiles embed.FS

//go:embed static/dashboard.css
var cssBytes []byte

//go:embed static/icon.svg
var iconBytes []byte

var pages = template.Must(template.New("").ParseFS(templateFiles, "templates/*.html.tmpl"))

// The style sheet's URL names its content, so browsers may keep it forever.
var (
	cssPath  = "/static/dashboard." + contentHash(cssBytes) + ".css"
	iconPath = "/static/icon." + contentHash(iconBytes) + ".svg"
)

func contentHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}

// base is what every page's layout needs.
type base struct {
	Title    string
	CSS      string
	Icon     string
	CSRF     string
	Logout   bool // a token is set and the visitor has a session
	Flash    string
	Error    string
	Crumb    string // the site's name on a site page
	NoNav    bool   // the login form: no links a visitor cannot follow yet
	NowLabel string
}

func (s *server) base(r *http.Request, title string) base {
	b := base{Title: title, CSS: cssPath, Icon: iconPath, CSRF: s.csrfToken(r),
		NowLabel: s.opt.Now().In(s.loc).Format("2006-01-02 15:04")}
	b.Logout = s.opt.Token != "" && s.session(r) != ""
	return b
}

// render writes a page whole, or a plain 500 if the template fails (so a
// half-written page never goes out).
func (s *server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("dashboard template", "template", name, "err", err)
		http.Error(w, "500 服务器内部错误 / internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type messagePage struct {
	base
	Status  int
	Message string
}

// fail answers with a short page saying what went wrong (Chinese).
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title := map[int]string{
		http.StatusBadRequest: "请求有误", http.StatusForbidden: "请求被拒绝", http.StatusNotFound: "页面不存在",
		http.StatusConflict: "无法执行", http.StatusInternalServerError: "服务器内部错误",
	}[status]
	if title == "" {
		title = http.StatusText(status)
	}
	if !acceptsHTML(r) {
		http.Error(w, strconv.Itoa(status)+" "+msg, status)
		return
	}
	s.render(w, status, "message", messagePage{base: s.base(r, title), Status: status, Message: msg})
}

// internal logs err and answers 500.
func (s *server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("dashboard", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "读取检查记录时出错，详情见服务日志。")
}

type loginPage struct {
	base
	Next string
}

func (s *server) renderLogin(w http.ResponseWriter, r *http.Request, status int, msg, next string) {
	p := loginPage{base: s.base(r, "登录"), Next: localPath(next)}
	p.Error, p.NoNav = msg, true
	s.render(w, status, "login", p)
}

func (s *server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "没有这个页面。")
}

func (s *server) handleCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(cssBytes)
}

func (s *server) handleIcon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(iconBytes)
}
