// Package demo serves a realistic sample disclosure site, 澜江市教育局
// (a fictitious city education bureau), with planted problems, for
// `govaudit audit --demo` and the end-to-end tests.
//
// Every host is served on 127.0.0.1. Pages keep stable URLs
// (http://jyj.lanjiang.gov.cn/...) and the audit reaches them through a dial
// override: Site.Hosts maps "host:port" as it appears in URLs to a loopback
// address; a host that is not in the map must fail like a DNS "no such host"
// (Site.DialContext does exactly that).
//
// Layout:
//
//	site/<host>/<path>   the pages, as served (UTF-8 sources; see charset.go for the GBK ones)
//	templates/           pages rendered at run time (calendar, repaired targets)
//	behaviour.go         every special answer: planted problems and traps, by URL
//	generated.go         images and attachments (PDF, DOCX, XLSX, ZIP) built at run time
//	attachments.go       attachments that download but do not open (planted), and the
//	                     attachment traps (a 3 MB PDF, a server that ignores Range)
//	want.txt             the findings the audit must report, and nothing else
//
// To plant a broken link: link to the target from a page under site/, give
// the target its answer in behaviour.go wrapped in planted(answer, "id"),
// and add the line to want.txt; the tests then check that the page links to
// the target, that it fails as stated, that Repair("id") fixes it, and that
// nothing else on the site fails. A link to a document attachment
// (.pdf, .docx, …, or a download script answered with Content-Disposition:
// attachment) is reported by broken-attachment, not dead-link: its want.txt
// line names that check, with a status rule (http-404, …) or, for a file
// that downloads but does not open, html-instead-of-file, empty-file,
// type-mismatch, pdf-truncated or zip-corrupt. Other findings (wording, personal data,
// stale columns, …) are edits of the HTML files or of generated.go plus a
// want.txt line with their own check; the link tests ignore those lines.
// The pages under site/ are the source of truth: edit them directly (list
// pages and the homepage repeat article titles and dates). Every page of
// the main host ends its main block with the site's widgets, 最新发布 and
// 热点推荐 (<div class="boxes">, fresh items of 工作动态): a trap for the
// column checks, which must take each column's own list, not the widgets.
package demo

import (
	"context"
	"crypto/x509"
	"embed"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed site templates want.txt
var files embed.FS

// A Site is a running demo site.
type Site struct {
	// URL is the start URL, "http://jyj.lanjiang.gov.cn/".
	URL string
	// Hosts maps "host:port" (port always explicit: 80 for http, 443 for
	// https) to the loopback address that serves it, "127.0.0.1:NNNNN".
	// Repair changes it for the DNS and connection-refused problems: read it
	// through DialContext, or re-read it after a Repair, never concurrently
	// with Repair.
	Hosts map[string]string
	// RootCAs trusts the certificate the https host serves once
	// Repair("service-tls-expired") has run. Before that the host serves an
	// expired self-signed certificate that no pool trusts.
	RootCAs *x509.CertPool

	mu     sync.RWMutex
	fixed  map[string]bool // repaired planted ids
	served map[string]bool // URLs that already answered once (unavailableOnce)

	webAddr string
	servers []*http.Server
	certs   *certs
	done    chan struct{}
	once    sync.Once
	wg      sync.WaitGroup
	hanging atomic.Int32 // requests held open by the timeout host
}

// Start starts every listener. The content is deterministic; only the
// loopback ports change from run to run.
func Start() (*Site, error) {
	if _, err := wants(); err != nil {
		return nil, err
	}
	c, err := newCerts(tlsHost)
	if err != nil {
		return nil, err
	}
	s := &Site{
		URL:     "http://" + mainHost + "/",
		Hosts:   make(map[string]string),
		RootCAs: c.pool,
		fixed:   make(map[string]bool),
		served:  make(map[string]bool),
		certs:   c,
		done:    make(chan struct{}),
	}
	web, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	secure, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		web.Close()
		return nil, err
	}
	// A port that nobody listens on: listen, note it, close.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		web.Close()
		secure.Close()
		return nil, err
	}
	refusedAddr := closed.Addr().String()
	closed.Close()

	s.webAddr = web.Addr().String()
	for _, h := range webHosts {
		s.Hosts[h+":80"] = s.webAddr
	}
	s.Hosts[tlsHost+":443"] = secure.Addr().String()
	s.Hosts[refusedHost+":80"] = refusedAddr

	quiet := log.New(io.Discard, "", 0)
	webSrv := &http.Server{Handler: s, ErrorLog: quiet, ReadHeaderTimeout: 10 * time.Second}
	tlsSrv := &http.Server{Handler: s, ErrorLog: quiet, ReadHeaderTimeout: 10 * time.Second, TLSConfig: s.tlsConfig()}
	s.servers = []*http.Server{webSrv, tlsSrv}
	s.wg.Add(2)
	go func() { defer s.wg.Done(); webSrv.Serve(web) }()
	go func() { defer s.wg.Done(); tlsSrv.ServeTLS(secure, "", "") }()
	return s, nil
}

// Close stops every listener and drops open connections, including
// requests the timeout host is holding. It returns quickly and may be
// called more than once.
func (s *Site) Close() {
	s.once.Do(func() {
		close(s.done)
		for _, srv := range s.servers {
			srv.Close()
		}
		s.wg.Wait()
	})
}

// DialContext dials addr ("host:port" as in the URL) through Hosts; a host
// that is not there fails with a *net.DNSError "no such host", wrapped in a
// *net.OpError as net.Dialer would. Use it as http.Transport.DialContext.
func (s *Site) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	s.mu.RLock()
	real, ok := s.Hosts[addr]
	s.mu.RUnlock()
	if !ok {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, real)
}

// Repair makes the planted problem id (an id of want.txt) disappear: its
// target now serves a working page. Every want line with the same target
// disappears with it (deleted-notice-from-gzdt and deleted-notice-from-tzgg
// share one). Unknown ids are an error. Do not call Repair while an audit
// reads Hosts without DialContext.
func (s *Site) Repair(id string) error {
	list, err := wants()
	if err != nil {
		return err
	}
	known := false
	for _, w := range list {
		known = known || w.ID == id
	}
	if !known {
		return fmt.Errorf("demo: no planted problem %q in want.txt", id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fixed[id] = true
	switch id {
	case idDNS:
		s.Hosts[invalidHost+":80"] = s.webAddr
	case idRefused:
		s.Hosts[refusedHost+":80"] = s.webAddr
	}
	return nil
}

// repaired reports whether any of ids has been repaired.
func (s *Site) repaired(ids ...string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range ids {
		if s.fixed[id] {
			return true
		}
	}
	return false
}

// firstTime reports whether key is asked for the first time, and marks it.
func (s *Site) firstTime(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.served[key] {
		return false
	}
	s.served[key] = true
	return true
}
