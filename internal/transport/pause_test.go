package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRefusingHostIsPaused: a host answering 429 with Retry-After: 1 to
// everything is paused as a whole — no request reaches it in the second
// after the refusal — while another host is not held up.
func TestRefusingHostIsPaused(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Time
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer refusing.Close()
	var other atomic.Int64
	fine := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer fine.Close()

	th := NewThrottle(http.DefaultTransport, 0, 4) // no rate limit: only the pause holds it back
	client := &http.Client{Transport: th}
	get := func(u string) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	get(refusing.URL) // the first refusal
	began := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); get(refusing.URL) }()
	}
	for i := 0; i < 20; i++ {
		get(fine.URL)
	}
	if d := time.Since(began); d > 800*time.Millisecond || other.Load() != 20 {
		t.Errorf("another host was held up: %d requests in %v", other.Load(), d)
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, at := range arrivals[1:] {
		if at.Sub(arrivals[0]) < 900*time.Millisecond {
			t.Errorf("a request reached the refusing host %v after its Retry-After: 1", at.Sub(arrivals[0]))
		}
	}
	p := th.Pauses()
	if len(p) != 1 || p[0].Pauses < 2 || p[0].Waited < 2*time.Second {
		t.Errorf("Pauses = %+v; want the one host, paused after each refusal", p)
	}
}

// TestPauseBackoffWithoutRetryAfter: refusals without Retry-After double
// the pause: 1 s, 2 s, 4 s …, capped; any other answer resets it.
func TestPauseBackoffWithoutRetryAfter(t *testing.T) {
	g := &hostGate{}
	refuse := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}}
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		before := time.Now()
		g.pausedUntil = time.Time{}
		g.answered(refuse)
		if got := g.pausedUntil.Sub(before); got < want || got > want+100*time.Millisecond {
			t.Errorf("refusal %d: paused %v, want %v", i+1, got, want)
		}
	}
	g.answered(&http.Response{StatusCode: 200, Header: http.Header{}})
	if g.refusals != 0 {
		t.Error("a 200 did not reset the refusals")
	}
	g.refusals = 20
	before := time.Now()
	g.pausedUntil = time.Time{}
	g.answered(refuse)
	if got := g.pausedUntil.Sub(before); got > 65*time.Second {
		t.Errorf("backoff not capped: %v", got)
	}
	h := http.Header{}
	h.Set("Retry-After", "86400")
	g.pausedUntil = time.Time{}
	g.answered(&http.Response{StatusCode: 429, Header: h})
	if got := time.Until(g.pausedUntil); got > MaxPause {
		t.Errorf("Retry-After of a day paused %v, want at most %v", got, MaxPause)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"30":                            30 * time.Second,
		"0":                             0,
		"Thu, 03 Dec 2026 12:00:10 GMT": 10 * time.Second,
		"Thu, 03 Dec 2026 11:00:00 GMT": 0,
	} {
		if got, ok := RetryAfter(v, now); !ok || got != want {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "-5", "soon"} {
		if _, ok := RetryAfter(v, now); ok {
			t.Errorf("RetryAfter(%q) accepted", v)
		}
	}
}
