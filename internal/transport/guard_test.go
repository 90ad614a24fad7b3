package transport

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"
)

func TestClassifyAtTheEdges(t *testing.T) {
	for _, c := range []struct {
		addr string
		want AddrClass
	}{
		{"127.0.0.1", Loopback}, {"127.255.255.255", Loopback}, {"126.255.255.255", Public}, {"128.0.0.0", Public},
		{"::1", Loopback}, {"0.0.0.0", Loopback}, {"::", Loopback},
		{"10.0.0.0", Private}, {"10.255.255.255", Private}, {"9.255.255.255", Public}, {"11.0.0.0", Public},
		{"172.15.255.255", Public}, {"172.16.0.0", Private}, {"172.31.255.255", Private}, {"172.32.0.0", Public},
		{"192.167.255.255", Public}, {"192.168.0.0", Private}, {"192.168.255.255", Private}, {"192.169.0.0", Public},
		{"100.63.255.255", Public}, {"100.64.0.0", Private}, {"100.127.255.255", Private}, {"100.128.0.0", Public},
		{"169.253.255.255", Public}, {"169.254.0.0", LinkLocal}, {"169.254.169.254", LinkLocal}, {"169.255.0.0", Public},
		{"::ffff:10.0.0.1", Private}, {"::ffff:169.254.169.254", LinkLocal}, {"::ffff:8.8.8.8", Public},
		{"fe80::1", LinkLocal}, {"fd00:ec2::254", Private}, {"fc00::", Private}, {"fbff:ffff::", Public},
		{"202.107.200.1", Public}, {"2400:3200::1", Public},
	} {
		if got := Classify(netip.MustParseAddr(c.addr)); got != c.want {
			t.Errorf("Classify(%s) = %s, want %s", c.addr, got, c.want)
		}
	}
}

func TestGuardAllowsTheSiteOwnClassOnly(t *testing.T) {
	pub, lo, ten, meta := netip.MustParseAddr("202.107.200.1"), netip.MustParseAddr("127.0.0.1"),
		netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("169.254.169.254")
	if Guard(nil, true) != nil {
		t.Error("--allow-private still guards")
	}
	for _, c := range []struct {
		name string
		site []netip.Addr
		want map[netip.Addr]bool
	}{
		{"public site", []netip.Addr{pub}, map[netip.Addr]bool{pub: true, lo: false, ten: false, meta: false}},
		{"unresolved site", nil, map[netip.Addr]bool{pub: true, lo: false, ten: false, meta: false}},
		{"site on this machine", []netip.Addr{lo}, map[netip.Addr]bool{pub: true, lo: true, ten: false, meta: false}},
		{"intranet site", []netip.Addr{ten}, map[netip.Addr]bool{pub: true, lo: false, ten: true, meta: false}},
	} {
		allow := Guard(c.site, false)
		for a, want := range c.want {
			if got := allow(a); got != want {
				t.Errorf("%s: allow(%s) = %v, want %v", c.name, a, got, want)
			}
		}
	}
}

// The guard acts on the address really dialled: a loopback server is
// refused to an audit of a public site, before any byte reaches it.
func TestGuardRefusesBeforeConnecting(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	refused := &http.Client{Transport: New(Options{Allow: Guard([]netip.Addr{netip.MustParseAddr("202.107.200.1")}, false)})}
	_, err := refused.Get(srv.URL + "/latest/meta-data/")
	var pe *PrivateError
	if !errors.As(err, &pe) || !errors.Is(err, ErrPrivate) || pe.Class != Loopback || pe.Addr != netip.MustParseAddr("127.0.0.1") {
		t.Fatalf("err = %v, want a PrivateError for 127.0.0.1 (本机地址)", err)
	}
	if hits != 0 {
		t.Errorf("the server saw %d requests", hits)
	}
	// Through the host map too: a public-looking name mapped to loopback.
	mapped := &http.Client{Transport: New(Options{Hosts: map[string]string{"www.example.gov.cn:80": srv.Listener.Addr().String()},
		Allow: Guard(nil, false)})}
	if _, err := mapped.Get("http://www.example.gov.cn/"); !errors.Is(err, ErrPrivate) {
		t.Errorf("mapped host: err = %v, want ErrPrivate", err)
	}
	allowed := &http.Client{Transport: New(Options{Allow: Guard([]netip.Addr{netip.MustParseAddr("127.0.0.1")}, false)})}
	resp, err := allowed.Get(srv.URL + "/")
	if err != nil {
		t.Fatalf("a site on this machine may visit this machine: %v", err)
	}
	resp.Body.Close()
	if hits != 1 {
		t.Errorf("hits = %d, want 1", hits)
	}
}

func TestGuardJudgesLiteralAddressesBeforeAProxy(t *testing.T) {
	proxied := 0
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { proxied++ }))
	defer proxy.Close()
	t.Setenv("HTTP_PROXY", proxy.URL)
	c := &http.Client{Transport: New(Options{Allow: Guard([]netip.Addr{netip.MustParseAddr("127.0.0.1")}, false)})}
	// http.ProxyFromEnvironment is read once per process: the transport
	// may not use the proxy here; either way 169.254.169.254 is refused.
	_, err := c.Get("http://169.254.169.254/latest/meta-data/")
	if !errors.Is(err, ErrPrivate) {
		t.Fatalf("err = %v, want ErrPrivate", err)
	}
	if proxied != 0 {
		t.Errorf("the proxy was asked for the metadata address %d times", proxied)
	}
}

func TestWithCounterCountsEveryRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer srv.Close()
	var n atomic.Int64
	c := &http.Client{Transport: WithCounter(New(Options{}), &n)}
	for range 3 {
		if resp, err := c.Get(srv.URL + "/x"); err == nil {
			resp.Body.Close()
		}
	}
	if _, err := c.Get("http://127.0.0.1:1/"); err == nil {
		t.Fatal("port 1 answered")
	}
	if n.Load() != 4 {
		t.Errorf("counted %d requests, want 4 (failed ones too)", n.Load())
	}
}
