package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestUnthrottledParallel: `audit --rate 0` (one's own site) keeps more
// requests in flight than the gentle default of 2, unless --parallel says
// otherwise; with a rate limit the default stays 2. The site's pages
// answer slowly, and the server records the most requests it saw at once.
func TestUnthrottledParallel(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(100 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><head><title>澜江市教育局</title></head><body>")
		if r.URL.Path == "/" {
			for i := range 24 {
				fmt.Fprintf(w, `<a href="/p%d.html">第%d页</a>`, i, i)
			}
		}
		fmt.Fprint(w, "</body></html>")
	}))
	defer srv.Close()
	for _, tc := range []struct {
		args     []string
		lo, hi   int
		describe string
	}{
		{[]string{"--rate", "0"}, 9, 16, "--rate 0"},
		{[]string{"--rate", "0", "--parallel", "2"}, 1, 2, "--rate 0 --parallel 2"},
		{[]string{"--rate", "1000"}, 1, 2, "--rate 1000"},
	} {
		mu.Lock()
		most = 0
		mu.Unlock()
		args := append([]string{"audit", srv.URL + "/", "--db", filepath.Join(t.TempDir(), "db"), "--fail-on", "never", "--progress=false", "--browser", "off"}, tc.args...)
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.describe, code, errOut.String())
		}
		mu.Lock()
		got := most
		mu.Unlock()
		if got < tc.lo || got > tc.hi {
			t.Errorf("%s: at most %d requests at once, want %d to %d", tc.describe, got, tc.lo, tc.hi)
		}
	}
}
