package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHostsMapAndUserAgent(t *testing.T) {
	var host, ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host.Store(r.Host)
		ua.Store(r.UserAgent())
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	rt := WithUserAgent(New(Options{Hosts: map[string]string{"jyj.lanjiang.gov.cn:80": addr}, HostsOnly: true}), UserAgent)
	client := &http.Client{Transport: rt}
	resp, err := client.Get("http://jyj.lanjiang.gov.cn/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if host.Load() != "jyj.lanjiang.gov.cn" || ua.Load() != UserAgent {
		t.Errorf("server saw Host %v, User-Agent %v", host.Load(), ua.Load())
	}
	_, err = client.Get("http://unmapped.lanjiang.gov.cn/")
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Errorf("unmapped host: err %v, want a not-found DNS error", err)
	}
}

// TestThrottle: never more than Parallel requests in flight per host, and
// starts at least 1/Rate apart.
func TestThrottle(t *testing.T) {
	var inflight, peak atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		n := inflight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inflight.Add(-1)
	}))
	defer srv.Close()
	client := &http.Client{Transport: NewThrottle(New(Options{}), 50, 2)}
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if peak.Load() > 2 {
		t.Errorf("peak in flight %d, want at most 2", peak.Load())
	}
	// 12 starts at 50/s span at least 11 × 20 ms (lower bound only: the
	// machine may be slower, never faster).
	if span := starts[len(starts)-1].Sub(starts[0]); span < 200*time.Millisecond {
		t.Errorf("12 requests started within %v at 50/s", span)
	}
}

func TestThrottleHonoursCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	th := NewThrottle(New(Options{}), 0.1, 1) // one request per 10 s
	client := &http.Client{Transport: th}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	began := time.Now()
	if _, err := client.Do(req); err == nil {
		t.Fatal("second request went through at once; the rate limit should hold it")
	}
	if time.Since(began) > 5*time.Second {
		t.Error("a cancelled wait did not return promptly")
	}
}

// TestReadBuffer: a connection reads the socket 64 KB at a time, not in
// net/http's default 4 KB: a 30 KB page of unknown length, read by a
// caller whose buffer starts small, costs one read call, not two or more.
func TestReadBuffer(t *testing.T) {
	if got := New(Options{}).ReadBufferSize; got != 64<<10 {
		t.Errorf("ReadBufferSize = %d, want %d", got, 64<<10)
	}
}
