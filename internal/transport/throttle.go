package transport

import (
	"context"
	"io"
	"net/http"
	"sort"
	"strconv"
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
	// A host that answers 429 or 503 is paused as a whole, not just the
	// URL that got the answer: until Retry-After has passed, or for a
	// backoff that doubles with each refusal in a row.
	pausedUntil time.Time
	refusals    int           // 429/503 in a row
	pauses      int           // times paused in this run
	waited      time.Duration // total pause imposed
}

// MaxPause bounds one pause of a host, whatever its Retry-After says.
const MaxPause = 5 * time.Minute

// A Pause is how a host slowed the run down.
type Pause struct {
	Host   string
	Pauses int
	Waited time.Duration
	Until  time.Time // the current pause's end (zero or past: not paused)
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
	g.answered(resp)
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// answered pauses the host after a refusal (429, 503) and forgives it
// after any other answer.
func (g *hostGate) answered(resp *http.Response) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		g.refusals = 0
		return
	}
	g.refusals++
	now := time.Now()
	pause, ok := RetryAfter(resp.Header.Get("Retry-After"), now)
	if !ok {
		pause = time.Second << min(g.refusals-1, 6) // 1 s, 2 s, … 64 s
	}
	pause = min(pause, MaxPause)
	if until := now.Add(pause); until.After(g.pausedUntil) {
		if g.pausedUntil.Before(now) {
			g.pauses++
			g.waited += pause
		} else {
			g.waited += until.Sub(g.pausedUntil)
		}
		g.pausedUntil = until
	}
}

// RetryAfter reads a Retry-After header: seconds, or an HTTP date.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Pauses lists the hosts that were paused in this run, sorted by host.
func (t *Throttle) Pauses() []Pause {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Pause
	for host, g := range t.hosts {
		g.mu.Lock()
		if g.pauses > 0 {
			out = append(out, Pause{Host: host, Pauses: g.pauses, Waited: g.waited, Until: g.pausedUntil})
		}
		g.mu.Unlock()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out
}

func (g *hostGate) wait(ctx context.Context, interval time.Duration) error {
	g.mu.Lock()
	now := time.Now()
	start := g.next
	if start.Before(g.pausedUntil) {
		start = g.pausedUntil
	}
	if start.Before(now) {
		start = now
	}
	if interval > 0 {
		g.next = start.Add(interval)
	}
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
