package crawl

import (
	"context"
	"hash/maphash"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// An item is one URL the crawler will fetch.
type item struct {
	raw   string // URL as first seen (fetched as is)
	canon string // canonical key
	depth int
	shape string // the URL's shape: digits folded, query values dropped
	chain int    // how many ancestors in a row had the same shape

	handled bool   // a response reached the handler (set on the fetching goroutine)
	slot    string // where the transport hands the body over (pageTransport)
	stated  int    // the page count its list states, when it is one of the list's pages
}

// maxStatedChain bounds how far a list's own word (第k/M页) lets its pages
// chain: a column of 20 items a page and 1,000 pages holds 20,000.
const maxStatedChain = 1000

// frontier is the crawl queue: it admits each canonical URL once, bounds
// crawler traps, and tells workers when the crawl is over.
type frontier struct {
	opt Options

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []*item
	head     int
	seen     map[uint64]struct{} // canonical URLs handled, by hash (see key)
	seed     maphash.Seed
	variants map[string]int // host+path → query variants admitted
	inflight int
	admitted int
	closed   bool
}

func newFrontier(ctx context.Context, opt Options) *frontier {
	f := &frontier{opt: opt, seen: map[uint64]struct{}{}, seed: maphash.MakeSeed(), variants: map[string]int{}}
	f.cond = sync.NewCond(&f.mu)
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		f.closed = true
		f.mu.Unlock()
		f.cond.Broadcast()
	}()
	return f
}

// key is what the seen-set keeps of a canonical URL: a 64-bit hash, with
// a seed of this crawl's. A set of strings kept every URL of the site alive
// and was scanned by the collector in every cycle (a string is a pointer);
// a set of integers is neither. Two URLs of one crawl share a hash with a
// chance of about n²/2⁶⁵: 3·10⁻¹⁰ for 100,000 pages and their links.
func (f *frontier) key(canon string) uint64 { return maphash.String(f.seed, canon) }

// known reports whether canon was claimed or admitted already.
func (f *frontier) known(canon string) bool {
	k := f.key(canon)
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.seen[k]
	return ok
}

// claim marks canon as handled; it reports false if it already was.
func (f *frontier) claim(canon string) bool {
	k := f.key(canon)
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.seen[k]; ok {
		return false
	}
	f.seen[k] = struct{}{}
	return true
}

// decision is what becomes of an in-scope page link.
type decision int

const (
	enqueued decision = iota
	duplicate
	overLimit // beyond max pages or depth: probe it instead
	trap      // a crawler trap: neither crawl nor probe
)

// admit decides the fate of a page link found at parent (nil for the start).
// A list's page (stated: the page count the list says it has, else 0) may
// chain as far as that count, up to maxStatedChain, past MaxChain.
func (f *frontier) admit(u *url.URL, raw, canon string, parent *item, stated int) (decision, string) {
	it := &item{raw: raw, canon: canon, shape: shapeOf(u), stated: stated}
	if parent != nil {
		it.depth = parent.depth + 1
		if parent.shape == it.shape {
			it.chain = parent.chain + 1
		}
	}
	k := f.key(canon)
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.seen[k]; ok {
		return duplicate, ""
	}
	f.seen[k] = struct{}{}
	if why := f.trapReason(u, canon, it); why != "" {
		return trap, why
	}
	if (f.opt.MaxPages > 0 && f.admitted >= f.opt.MaxPages) || (f.opt.MaxDepth > 0 && it.depth > f.opt.MaxDepth) {
		return overLimit, ""
	}
	if u.RawQuery != "" {
		f.variants[u.Host+u.Path]++
	}
	f.admitted++
	f.queue = append(f.queue, it)
	f.cond.Signal()
	return enqueued, ""
}

// yearMonthRe finds a year and month written as a date (2026-11, 2026/11):
// calendars put them in their links; plain numeric ids do not.
var yearMonthRe = regexp.MustCompile(`(?:^|[^0-9])((?:1[0-9]|2[0-9])[0-9]{2})[-/_.](?:0?[1-9]|1[0-2])(?:[^0-9]|$)`)

// trapReason names the trap canon falls into, or "" if none. Called with mu held.
func (f *frontier) trapReason(u *url.URL, canon string, it *item) string {
	if len(canon) > 2048 {
		return "地址过长"
	}
	if repeatedSegments(u.Path) {
		return "路径片段重复"
	}
	if f.opt.MaxQueryVariants > 0 && u.RawQuery != "" && f.variants[u.Host+u.Path] >= f.opt.MaxQueryVariants {
		return "同一页面的查询参数组合过多"
	}
	if f.opt.MaxChain > 0 && it.chain > max(f.opt.MaxChain, min(it.stated, maxStatedChain)) {
		return "同类链接连续层级过深（日历等）"
	}
	now := f.opt.Now()
	for _, m := range yearMonthRe.FindAllStringSubmatch(u.Path+"?"+u.RawQuery, -1) {
		if y, _ := strconv.Atoi(m[1]); y > now.Year()+1 || y < 1949 {
			return "日期超出合理范围（日历）"
		}
	}
	return ""
}

// repeatedSegments catches /a/b/a/b/a/b/… produced by relative-link bugs.
func repeatedSegments(p string) bool {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if len(segs) < 6 {
		return false
	}
	count := map[string]int{}
	for _, s := range segs {
		if s == "" {
			continue
		}
		count[s]++
		if count[s] >= 3 {
			return true
		}
	}
	return false
}

// shapeOf folds digit runs and drops query values: /cal?m=2026-11 and
// /cal?m=2026-12 share a shape.
func shapeOf(u *url.URL) string {
	var b strings.Builder
	b.WriteString(u.Host)
	foldDigits(&b, u.Path)
	if u.RawQuery != "" {
		b.WriteByte('?')
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, _, _ := strings.Cut(kv, "=")
			b.WriteString(k)
			b.WriteByte('&')
		}
	}
	return b.String()
}

func foldDigits(b *strings.Builder, s string) {
	inDigits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			if !inDigits {
				b.WriteByte('#')
			}
			inDigits = true
			continue
		}
		inDigits = false
		b.WriteByte(c)
	}
}

// pop returns the next item, waiting while others are still in flight; it
// reports false when the crawl is over or cancelled.
func (f *frontier) pop() (*item, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		if f.closed {
			return nil, false
		}
		if f.head < len(f.queue) {
			it := f.queue[f.head]
			f.queue[f.head] = nil
			f.head++
			if f.head > 4096 && f.head*2 > len(f.queue) {
				f.queue = append([]*item(nil), f.queue[f.head:]...)
				f.head = 0
			}
			f.inflight++
			return it, true
		}
		if f.inflight == 0 {
			f.closed = true
			f.cond.Broadcast()
			return nil, false
		}
		f.cond.Wait()
	}
}

// done marks an item popped earlier as finished.
func (f *frontier) done() {
	f.mu.Lock()
	f.inflight--
	if f.inflight == 0 && f.head == len(f.queue) {
		f.cond.Broadcast()
	}
	f.mu.Unlock()
}

// pending returns the number of queued items not yet fetched.
func (f *frontier) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue) - f.head
}
