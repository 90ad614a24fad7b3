package crawl

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"time"

	"govaudit/internal/link"
	"govaudit/internal/pubdate"
)

// Fetch reads one page the way the crawler does — same transport, same
// decoding, same page model, its list drawn by script read with render
// when it is not nil — for `govaudit page`. v.Page is nil when the answer
// is not an HTML page that opened.
func Fetch(ctx context.Context, raw string, rt http.RoundTripper, timeout time.Duration, now time.Time, render Renderer) (*Visit, error) {
	exact := link.Normalize(raw)
	u, err := link.Request(exact)
	if err != nil {
		return nil, fmt.Errorf("%q is not an http(s) URL", raw)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Transport: &pageTransport{next: rt, max: 10 << 20}, Timeout: timeout, Jar: jar}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://placeholder/", nil)
	if err != nil {
		return nil, err
	}
	req.URL, req.Host = u, u.Host // sent exactly as written
	resp, err := client.Do(req)
	if err != nil {
		return &Visit{URL: exact, Err: err}, nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return &Visit{URL: exact, Err: err}, nil
	}
	v := &Visit{
		URL: exact, Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Truncated: resp.Header.Get(hdrTruncated) != "", Declared: resp.Header.Get(hdrDeclared),
		Charset: resp.Header.Get(hdrCharset), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
	}
	if ct := resp.Header.Get(hdrType); ct != "" {
		v.ContentType = ct
	}
	if final := link.String(resp.Request.URL); link.Key(final) != link.Key(exact) {
		v.Final = final
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.Header.Get(hdrNotHTML) == "" {
		if p := describeBody(body, resp.Request.URL, now); p != nil {
			p.Status, p.Charset = resp.StatusCode, v.Charset
			if p.Script == pubdate.ScriptUnread && render != nil {
				// One page a person asked for: its scripts may ask its
				// own host (and load scripts from elsewhere).
				host := resp.Request.URL.Host
				v.RenderErr = renderList(ctx, p, exact, resp.Request.URL, now, render, func(r *http.Request) (*http.Response, error) {
					if r.URL.Host != host && !scriptGet(r) {
						return nil, errNotSite
					}
					return rt.RoundTrip(r)
				})
			}
			v.Page = p.Page
		}
	}
	return v, nil
}
