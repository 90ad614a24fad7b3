package demo

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Test-side client and link prober: a miniature of what the audit does,
// so that the tests can say what the audit will see.

const probeTimeout = 4 * time.Second // the demo audit's timeout (job.Demo)

func startSite(t *testing.T) *Site {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// client talks to the demo through its Hosts map; it never follows
// redirects (the prober does, by hand).
func client(s *Site, insecure bool) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext:       s.DialContext,
			TLSClientConfig:   &tls.Config{RootCAs: s.RootCAs, InsecureSkipVerify: insecure},
			DisableKeepAlives: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       probeTimeout,
	}
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func fetch(c *http.Client, method, target string) (*response, error) {
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &response{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

func mustFetch(t *testing.T, c *http.Client, method, target string) *response {
	t.Helper()
	r, err := fetch(c, method, target)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return r
}

// decodePage returns the page as UTF-8: GBK when the header or a <meta>
// says gbk/gb2312/gb18030, or when the bytes are not UTF-8.
func decodePage(header http.Header, body []byte) (string, error) {
	label := ""
	if _, params, err := mime.ParseMediaType(header.Get("Content-Type")); err == nil {
		label = params["charset"]
	}
	if label == "" {
		head := body[:min(len(body), 1024)]
		if m := metaCharset.FindSubmatch(head); m != nil {
			label = string(m[1])
		}
	}
	switch l := strings.ToLower(label); {
	case l == "gbk" || l == "gb2312" || l == "gb18030", l == "" && !utf8.Valid(body):
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		return string(b), err
	case l == "" || l == "utf-8":
		if !utf8.Valid(body) {
			return "", errors.New("declared UTF-8 but is not")
		}
		return string(body), nil
	default:
		return "", fmt.Errorf("unexpected charset %q", label)
	}
}

var metaCharset = regexp.MustCompile(`(?i)charset=["']?([a-z0-9_-]+)`)

// canonical resolves ref against base and canonicalises it as want.txt
// does; ok is false for links the audit does not follow.
func canonical(base *url.URL, ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return "", false
	}
	u, err := base.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if u.Port() == "80" && u.Scheme == "http" || u.Port() == "443" && u.Scheme == "https" {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	if i := strings.Index(strings.ToLower(u.Path), ";jsessionid="); i >= 0 {
		u.Path = u.Path[:i]
		u.RawPath = ""
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			switch strings.ToLower(k) {
			case "sid", "jsessionid", "phpsessid", "sessionid":
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), true
}

var (
	soft404Title = regexp.MustCompile(`(?i)页面不存在|404|找不到|not found`)
	wafText      = regexp.MustCompile(`(?i)安全狗|云锁|访问验证|just a moment`)
)

// A verdict is what probing one link target found.
type verdict struct {
	Rule  string // "ok", "blocked", or a rule id of want.txt
	Final string // URL that answered last
	Hops  int
}

// probeTarget follows target by hand (at most 10 redirects) and says what
// an inspector would see. 503 and 429 are retried once, honouring
// Retry-After; 5xx that stay are rule http-5xx.
func probeTarget(c *http.Client, target string) verdict {
	seen := map[string]bool{}
	u := target
	for hops := 0; ; hops++ {
		if seen[u] {
			return verdict{Rule: "redirect-loop", Final: u, Hops: hops}
		}
		seen[u] = true
		if hops > 10 {
			return verdict{Rule: "too-many-redirects", Final: u, Hops: hops}
		}
		r, err := fetch(c, http.MethodGet, u)
		if err == nil && (r.Status == 503 || r.Status == 429) {
			wait := 200 * time.Millisecond
			if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err == nil {
				wait = time.Duration(min(s, 2)) * time.Second
			}
			time.Sleep(wait)
			r, err = fetch(c, http.MethodGet, u)
		}
		if err != nil {
			return verdict{Rule: networkRule(err), Final: u, Hops: hops}
		}
		switch {
		case r.Status >= 300 && r.Status < 400:
			next, err := url.Parse(u)
			if err == nil {
				next, err = next.Parse(r.Header.Get("Location"))
			}
			if err != nil {
				return verdict{Rule: "bad-redirect", Final: u, Hops: hops}
			}
			u = next.String()
			continue
		case r.Status == 403 || r.Status == 429:
			return verdict{Rule: "blocked", Final: u, Hops: hops}
		case r.Status >= 400:
			return verdict{Rule: "http-" + strconv.Itoa(r.Status), Final: u, Hops: hops}
		}
		if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") {
			text, err := decodePage(r.Header, r.Body)
			if err != nil {
				return verdict{Rule: "undecodable", Final: u, Hops: hops}
			}
			if wafText.MatchString(text) {
				return verdict{Rule: "blocked", Final: u, Hops: hops}
			}
			if m := regexp.MustCompile(`(?is)<title>(.*?)</title>`).FindStringSubmatch(text); m != nil && soft404Title.MatchString(m[1]) {
				return verdict{Rule: "soft-404", Final: u, Hops: hops}
			}
			if hops > 0 && u == "http://"+mainHost+"/error.html" && bytes.Contains(r.Body, []byte("抱歉，您访问的页面已删除")) {
				return verdict{Rule: "soft-404-redirect", Final: u, Hops: hops}
			}
		}
		return verdict{Rule: "ok", Final: u, Hops: hops}
	}
}

func networkRule(err error) string {
	var dns *net.DNSError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var ne net.Error
	switch {
	case errors.As(err, &dns):
		return "dns-failure"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection-refused"
	case errors.As(err, &invalid), errors.As(err, &verify):
		return "tls-error"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "error: " + err.Error()
}
