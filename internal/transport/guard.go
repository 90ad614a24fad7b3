package transport

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrPrivate is wrapped by the error of a connection refused by the
// address guard: the target resolved to a loopback, private, link-local
// (cloud metadata: 169.254.169.254) or unspecified address that the audit
// may not visit.
var ErrPrivate = errors.New("内网或本机地址，未访问")

// A PrivateError names the address a connection was refused to.
type PrivateError struct {
	Addr  netip.Addr
	Class AddrClass
}

func (e *PrivateError) Error() string {
	return fmt.Sprintf("%s（%s，%s）", ErrPrivate.Error(), e.Class, e.Addr)
}

func (e *PrivateError) Unwrap() error { return ErrPrivate }

// AddrClass sorts addresses by where they lead (after lychee's
// --exclude-private, --exclude-link-local and --exclude-loopback).
type AddrClass uint8

const (
	Public    AddrClass = iota
	Loopback            // 127.0.0.0/8, ::1, and 0.0.0.0 / :: (this machine)
	Private             // 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT), fc00::/7
	LinkLocal           // 169.254/16 (cloud metadata), fe80::/10, link-local multicast
)

func (c AddrClass) String() string {
	switch c {
	case Loopback:
		return "本机地址"
	case Private:
		return "内网地址"
	case LinkLocal:
		return "链路本地/云元数据地址"
	}
	return "公网地址"
}

var carrierNAT = netip.MustParsePrefix("100.64.0.0/10")

// Classify says where an address leads.
func Classify(a netip.Addr) AddrClass {
	a = a.Unmap()
	switch {
	case a.IsLoopback(), a.IsUnspecified():
		return Loopback
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return LinkLocal
	case a.IsPrivate(), carrierNAT.Contains(a):
		return Private
	}
	return Public
}

// Guard returns the address policy of an audit: public addresses always,
// and the classes the audited site itself lives in (a site on an intranet
// may link to its intranet; a site on this machine, the demo's and the
// tests', to this machine). allowAll (--allow-private) lifts the guard.
// Nil means no guard.
func Guard(site []netip.Addr, allowAll bool) func(netip.Addr) bool {
	if allowAll {
		return nil
	}
	var own [LinkLocal + 1]bool
	own[Public] = true
	for _, a := range site {
		own[Classify(a)] = true
	}
	return func(a netip.Addr) bool { return own[Classify(a)] }
}

// control is a net.Dialer Control refusing addresses allow says no to. It
// runs on the address actually connected to, after DNS and after any host
// map, so neither a redirect nor a DNS answer can lead around it, and it
// runs before the connection is attempted: no packet reaches the address.
func control(allow func(netip.Addr) bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			host, _, _ := net.SplitHostPort(address)
			a, err := netip.ParseAddr(host)
			if err != nil {
				return nil // not an IP connection (unix sockets): not ours to judge
			}
			ap = netip.AddrPortFrom(a, 0)
		}
		if a := ap.Addr().WithZone(""); !allow(a) {
			return &PrivateError{Addr: a.Unmap(), Class: Classify(a)}
		}
		return nil
	}
}
