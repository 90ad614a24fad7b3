package transport

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Throttle is a per-host politeness limit shared by every client of a run:
// at most Parallel requests in flight per host, and request starts at least
// 1/Rate seconds apart. A request holds its slot until its body is closed.
type Throttle struct {
	next     http.RoundTripper
	parallel int
	interval time.Duration

	mu    sync.Mutex
	hosts map[string]*hostGate
}

type hostGate struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time // earliest start of the next request
}

// NewThrottle wraps next. rate is requests per second per host (0: no rate
// limit); parallel is requests in flight per host (0: no limit).
func NewThrottle(next http.RoundTripper, rate float64, parallel int) *Throttle {
	t := &Throttle{next: next, parallel: parallel, hosts: map[string]*hostGate{}}
	if rate > 0 {
		t.interval = time.Duration(float64(time.Second) / rate)
	}
	return t
}

func (t *Throttle) gate(host string) *hostGate {
	host = strings.ToLower(host)
	t.mu.Lock()
	defer t.mu.Unlock()
	g := t.hosts[host]
	if g == nil {
		g = &hostGate{}
		if t.parallel > 0 {
			g.slots = make(chan struct{}, t.parallel)
		}
		t.hosts[host] = g
	}
	return g
}

// RoundTrip waits for the host's turn, then sends the request.
func (t *Throttle) RoundTrip(r *http.Request) (*http.Response, error) {
	g := t.gate(r.URL.Host)
	ctx := r.Context()
	if g.slots != nil {
		select {
		case g.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	release := func() {
		if g.slots != nil {
			<-g.slots
		}
	}
	if err := g.wait(ctx, t.interval); err != nil {
		release()
		return nil, err
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

func (g *hostGate) wait(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		return nil
	}
	g.mu.Lock()
	now := time.Now()
	start := g.next
	if start.Before(now) {
		start = now
	}
	g.next = start.Add(interval)
	g.mu.Unlock()
	d := time.Until(start)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type releasingBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
