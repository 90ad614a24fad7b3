package crawl

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

func testFrontier(t *testing.T, opt Options) *frontier {
	t.Helper()
	if opt.Now == nil {
		opt.Now = func() time.Time { return time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC) }
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return newFrontier(ctx, opt)
}

func admitURL(f *frontier, raw string, parent *item) (decision, *item) {
	u, _ := url.Parse(raw)
	d, _ := f.admit(u, raw, raw, parent, 0)
	if d != enqueued {
		return d, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return d, f.queue[len(f.queue)-1]
}

func TestFrontierAdmitsOnce(t *testing.T) {
	f := testFrontier(t, Options{})
	if d, _ := admitURL(f, "http://a.gov.cn/x.html", nil); d != enqueued {
		t.Fatalf("first admit = %v", d)
	}
	if d, _ := admitURL(f, "http://a.gov.cn/x.html", nil); d != duplicate {
		t.Fatalf("second admit = %v, want duplicate", d)
	}
}

func TestFrontierBoundsCalendars(t *testing.T) {
	f := testFrontier(t, Options{MaxChain: 20, MaxQueryVariants: 1000})
	_, parent := admitURL(f, "http://a.gov.cn/calendar/?month=2026-11", nil)
	admitted := 1
	for m := 0; m < 500; m++ {
		y, mo := 2026-(m+1)/12, 11-(m+1)%12
		if mo <= 0 {
			mo += 12
		}
		d, it := admitURL(f, fmt.Sprintf("http://a.gov.cn/calendar/?month=%d-%02d", y, mo), parent)
		if d != enqueued {
			break
		}
		admitted++
		parent = it
	}
	if admitted > 22 {
		t.Fatalf("a backwards calendar admitted %d pages, want at most 21", admitted)
	}
	// Forwards, the year bound stops it sooner.
	f = testFrontier(t, Options{})
	_, parent = admitURL(f, "http://a.gov.cn/cal/2026/11/", nil)
	admitted = 1
	for y := 2026; y < 2100; y++ {
		for mo := 1; mo <= 12; mo++ {
			d, it := admitURL(f, fmt.Sprintf("http://a.gov.cn/cal/%d/%02d/", y, mo), parent)
			if d != enqueued {
				goto done
			}
			admitted++
			parent = it
		}
	}
done:
	if admitted > 30 {
		t.Fatalf("a forward calendar admitted %d pages, want it stopped after next year", admitted)
	}
}

func TestFrontierTraps(t *testing.T) {
	f := testFrontier(t, Options{MaxQueryVariants: 5})
	for i := 0; i < 5; i++ {
		if d, _ := admitURL(f, fmt.Sprintf("http://a.gov.cn/search?q=%d", i), nil); d != enqueued {
			t.Fatalf("variant %d not admitted: %v", i, d)
		}
	}
	if d, _ := admitURL(f, "http://a.gov.cn/search?q=99", nil); d != trap {
		t.Errorf("sixth query variant = %v, want trap", d)
	}
	if d, _ := admitURL(f, "http://a.gov.cn/a/b/a/b/a/b/a/x.html", nil); d != trap {
		t.Errorf("repeated segments = %v, want trap", d)
	}
	// Article URLs with ids that look like years are not calendars.
	if d, _ := admitURL(f, "http://a.gov.cn/art/2150/art_1229_2199.html", nil); d != enqueued {
		t.Errorf("id-like numbers = %v, want enqueued", d)
	}
}

func TestFrontierLimits(t *testing.T) {
	f := testFrontier(t, Options{MaxPages: 2, MaxDepth: 1})
	_, root := admitURL(f, "http://a.gov.cn/", nil)
	_, child := admitURL(f, "http://a.gov.cn/1.html", root)
	if d, _ := admitURL(f, "http://a.gov.cn/2.html", child); d != overLimit {
		t.Errorf("third page = %v, want overLimit", d)
	}
	f = testFrontier(t, Options{MaxDepth: 1})
	_, root = admitURL(f, "http://a.gov.cn/", nil)
	_, child = admitURL(f, "http://a.gov.cn/1.html", root)
	if d, _ := admitURL(f, "http://a.gov.cn/2.html", child); d != overLimit {
		t.Errorf("depth 2 = %v, want overLimit", d)
	}
}

func TestFrontierPopEndsWhenIdle(t *testing.T) {
	f := testFrontier(t, Options{})
	admitURL(f, "http://a.gov.cn/", nil)
	it, ok := f.pop()
	if !ok || it.canon != "http://a.gov.cn/" {
		t.Fatalf("pop = %v, %v", it, ok)
	}
	got := make(chan bool)
	go func() { _, ok := f.pop(); got <- ok }()
	// A child found while the first item is in flight reaches the waiter.
	admitURL(f, "http://a.gov.cn/child.html", it)
	if !<-got {
		t.Fatal("waiting pop did not receive the child")
	}
	f.done()
	f.done()
	if _, ok := f.pop(); ok {
		t.Fatal("pop after the last item finished returned an item")
	}
}

// The seen-set keeps no URL alive: 50,000 pages admitted, popped and done
// leave the frontier some 20 bytes a page, where a set of their URLs (120
// bytes each here) kept 200. And every one of them is still a duplicate.
func TestFrontierSeenKeepsNoURLs(t *testing.T) {
	const n = 50000
	f := testFrontier(t, Options{MaxQueryVariants: -1})
	pad := strings.Repeat("x", 80)
	addr := func(i int) string { return fmt.Sprintf("http://a.gov.cn/%s/art/%08d.html", pad, i) }
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		if d, _ := admitURL(f, addr(i), nil); d != enqueued {
			t.Fatalf("%d: %v", i, d)
		}
		if _, ok := f.pop(); !ok {
			t.Fatal("pop")
		}
		f.done()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("%d bytes a page", per)
	if per > 60 {
		t.Errorf("the frontier keeps %d bytes a page handled, want about 20 (no URL kept)", per)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		if d, _ := admitURL(f, addr(i), nil); d != duplicate {
			t.Errorf("%s again: %v, want duplicate", addr(i), d)
		}
	}
	runtime.KeepAlive(f)
}
