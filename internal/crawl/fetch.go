package crawl

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"time"

	"govaudit/internal/link"
)

// Fetch reads one page the way the crawler does — same transport, same
// decoding, same page model — for `govaudit page`. v.Page is nil when the
// answer is not an HTML page that opened.
func Fetch(ctx context.Context, raw string, rt http.RoundTripper, timeout time.Duration, now time.Time) (*Visit, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", raw)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Transport: &pageTransport{next: rt, max: 10 << 20}, Timeout: timeout, Jar: jar}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return &Visit{URL: link.Canonical(u), Err: err}, nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return &Visit{URL: link.Canonical(u), Err: err}, nil
	}
	v := &Visit{
		URL: link.Canonical(u), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Truncated: resp.Header.Get(hdrTruncated) != "", Declared: resp.Header.Get(hdrDeclared),
		Charset: resp.Header.Get(hdrCharset), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
	}
	if ct := resp.Header.Get(hdrType); ct != "" {
		v.ContentType = ct
	}
	if final := link.Canonical(resp.Request.URL); final != v.URL {
		v.Final = final
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.Header.Get(hdrNotHTML) == "" {
		if p := Describe(body, resp.Request.URL, now); p != nil {
			p.Status, p.Charset = resp.StatusCode, v.Charset
			v.Page = p
		}
	}
	return v, nil
}
