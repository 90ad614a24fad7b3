package crawl

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/temoto/robotstxt"
)

// robots applies robots.txt to every request the crawl makes or hands
// over on the site's own hosts: pages, and attachments, images and
// download scripts the prober would fetch (colly applies it to pages only,
// and fetches robots.txt again for every page when it cannot be read).
// Each host's robots.txt is fetched once, with the crawl's transport (so
// with its User-Agent and throttle), at most maxRobots bytes of it read
// (RFC 9309 asks for at least 500 KiB), and at most five redirects
// followed. 4xx means no rules; 5xx means nothing may be fetched; a file
// that cannot be fetched at all stops the host's pages with that error.
type robots struct {
	client *http.Client
	ua     string

	mu    sync.Mutex
	hosts map[string]*robotsHost
}

type robotsHost struct {
	once sync.Once
	data *robotstxt.RobotsData // nil: no rules
	err  error
}

const maxRobots = 512 << 10

var errRobotsRedirects = errors.New("robots.txt: more than 5 redirects")

func newRobots(rt http.RoundTripper, ua string, opt Options) *robots {
	return &robots{
		ua:    ua,
		hosts: map[string]*robotsHost{},
		client: &http.Client{Transport: rt, Timeout: opt.Timeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > 5 {
					return errRobotsRedirects
				}
				return nil
			}},
	}
}

// allowed says whether robots.txt lets us fetch u; err is set when the
// host's robots.txt could not be fetched.
func (r *robots) allowed(ctx context.Context, u *url.URL) (bool, error) {
	key := u.Scheme + "://" + u.Host
	r.mu.Lock()
	h := r.hosts[key]
	if h == nil {
		h = &robotsHost{}
		r.hosts[key] = h
	}
	r.mu.Unlock()
	h.once.Do(func() { h.data, h.err = r.fetch(ctx, key) })
	if h.err != nil {
		return false, h.err
	}
	if h.data == nil {
		return true, nil
	}
	p := u.EscapedPath()
	if u.Opaque != "" {
		p = u.Opaque // link.Request keeps a path Go would escape otherwise here
	}
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	// TestAgent, not FindGroup(…).Test: a 5xx answer is "disallow all",
	// which robotstxt keeps outside its groups.
	return h.data.TestAgent(p, r.ua), nil
}

func (r *robots) fetch(ctx context.Context, origin string) (*robotstxt.RobotsData, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", r.ua)
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobots))
	if err != nil {
		return nil, err
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		// 1xx or 3xx left over: no usable file, so no rules (RFC 9309 2.3.1.2).
		return nil, nil
	}
	return data, nil
}
