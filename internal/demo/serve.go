package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// lastModified is the one publication time of the static site.
var lastModified = time.Date(2026, 11, 27, 18, 0, 0, 0, time.FixedZone("CST", 8*3600))

// ServeHTTP serves every demo host, switching on the Host header: the
// answers of behaviour.go first, then site/<host>/ and generated.go.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, p := hostOf(r), cleanPath(r)
	if a, ok := special[host+p]; ok {
		a(s, w, r)
		return
	}
	if a, ok := special[host+"/*"]; ok {
		a(s, w, r)
		return
	}
	serveName(s, w, r, host, p)
}

// hostOf is the request's host name, lower case, without a port.
func hostOf(r *http.Request) string {
	h := r.Host
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.ToLower(h)
}

// cleanPath is the request path without ;jsessionid= (or any other ;param)
// segment parameters, cleaned, keeping a trailing slash.
func cleanPath(r *http.Request) string {
	p := r.URL.Path
	if i := strings.IndexByte(p, ';'); i >= 0 {
		rest := p[i:]
		p = p[:i]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			p += rest[j:]
		}
	}
	if p == "" {
		p = "/"
	}
	slash := strings.HasSuffix(p, "/")
	p = path.Clean("/" + p)
	if slash && p != "/" {
		p += "/"
	}
	return p
}

// serveName serves site/<host><p> (index.html for a directory), a generated
// file, or 404.
func serveName(s *Site, w http.ResponseWriter, r *http.Request, host, p string) {
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	body, ok := generatedFile(host + p)
	if !ok {
		b, err := fs.ReadFile(files, "site/"+host+p)
		if err != nil {
			if _, err := fs.Stat(files, "site/"+host+p+"/index.html"); err == nil {
				http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
				return
			}
			errorPage(w, http.StatusNotFound)
			return
		}
		body = b
	}
	ctype := contentType(p)
	if decl, ok := gbkPages[host+p]; ok {
		gbk, err := toGBK(body)
		if err != nil {
			http.Error(w, "demo: "+err.Error(), http.StatusInternalServerError)
			return
		}
		body = gbk
		ctype = "text/html"
		if decl == gbkInHeader {
			ctype = "text/html; charset=GBK"
		}
	}
	serveBytes(w, r, ctype, body)
}

func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, body []byte) {
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	http.ServeContent(w, r, "", lastModified, bytes.NewReader(body))
}

func contentType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm", ".shtml", ".jhtml", ".jsp", ".do", "":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".pdf":
		return "application/pdf"
	case ".doc":
		return "application/msword"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".zip":
		return "application/zip"
	}
	return "application/octet-stream"
}

var pageTemplates = template.Must(template.ParseFS(files, "templates/*.html"))

// serveRepaired serves a working stand-in for a repaired target: a page of
// the site's own design on the main host, a plain page elsewhere, and a
// valid file of the right kind for images and attachments.
func serveRepaired(s *Site, w http.ResponseWriter, r *http.Request) {
	host, p := hostOf(r), cleanPath(r)
	switch ext := strings.ToLower(path.Ext(p)); ext {
	case ".jpg", ".jpeg":
		serveBytes(w, r, contentType(p), jpegImage(600, 400, 3))
		return
	case ".png":
		serveBytes(w, r, contentType(p), pngImage(600, 400, 3))
		return
	case ".pdf":
		serveBytes(w, r, contentType(p), pdfDocument("Lanjiang Education Bureau", "Restored attachment "+path.Base(p)))
		return
	case ".docx", ".xlsx", ".zip", ".doc":
		serveBytes(w, r, contentType(p), repairedFile(ext))
		return
	case ".jsp":
		if host+p == portalDownload {
			w.Header().Set("Content-Disposition", `attachment; filename="名单.zip"`)
			serveBytes(w, r, contentType(".zip"), repairedFile(ext))
			return
		}
	}
	name, title := "external.html", host
	if host == mainHost {
		name, title = "restored.html", "已恢复的信息"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	var b bytes.Buffer
	err := pageTemplates.ExecuteTemplate(&b, name, map[string]string{
		"Title": title,
		"URL":   scheme + "://" + host + p,
	})
	if err != nil {
		http.Error(w, "demo: "+err.Error(), http.StatusInternalServerError)
		return
	}
	serveBytes(w, r, "text/html; charset=utf-8", b.Bytes())
}
