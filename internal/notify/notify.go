// Package notify is the weekly digest e-mail of `govaudit serve`: one
// message per distinct list of recipients, built once a week from the
// store (each site's veto-line standing, the week's homepage availability,
// what is new, fixed and still open since the last digest, the top
// findings, the latest run's 整改台账 attached), kept in the store's outbox
// as the exact bytes to send, and sent with retries until it is delivered.
//
// A digest is built at most once per week and recipient list (Build reuses
// the stored one), and a delivered digest is never sent again (Send checks
// the outbox first), so a failed send is retried with the very message that
// was built and nobody receives a week's digest twice.
package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"govaudit/internal/store"
)

// Week is the ISO week of t in loc, as digests are keyed: "2026-W49".
func Week(t time.Time, loc *time.Location) string {
	y, w := t.In(location(loc)).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// weekLabel is an ISO week in Chinese: "2026-W49" → "2026年第49周".
func weekLabel(week string) string {
	var y, w int
	if _, err := fmt.Sscanf(week, "%d-W%d", &y, &w); err != nil {
		return week
	}
	return fmt.Sprintf("%d年第%d周", y, w)
}

// Key is the outbox key of the digest of week to recipients: the week and
// a short hash of the normalised recipient set ("2026-W49/3f2a9c01d4e7").
func Key(week string, recipients []string) (string, error) {
	_, hash, err := recipientSet(recipients)
	if err != nil {
		return "", err
	}
	return week + "/" + hash, nil
}

// recipientSet normalises a recipient list: each address parsed, duplicates
// (by lower-cased address) dropped, sorted by lower-cased address. It
// returns the list as configured (display names kept) in that order, and a
// short hash of the lower-cased addresses that names the set.
func recipientSet(recipients []string) ([]string, string, error) {
	type rcpt struct{ raw, addr string }
	var rs []rcpt
	seen := map[string]bool{}
	for _, r := range recipients {
		a, err := mail.ParseAddress(r)
		if err != nil {
			return nil, "", fmt.Errorf("recipient %q: %w", r, err)
		}
		addr := strings.ToLower(a.Address)
		if seen[addr] {
			continue
		}
		seen[addr] = true
		rs = append(rs, rcpt{strings.TrimSpace(r), addr})
	}
	if len(rs) == 0 {
		return nil, "", fmt.Errorf("no recipients")
	}
	slices.SortFunc(rs, func(a, b rcpt) int { return strings.Compare(a.addr, b.addr) })
	out := make([]string, len(rs))
	h := sha256.New()
	for i, r := range rs {
		out[i] = r.raw
		io.WriteString(h, r.addr+"\n")
	}
	return out, hex.EncodeToString(h.Sum(nil))[:12], nil
}

// Pending are the digests built but not yet delivered, by key: the next
// attempt sends them as they were built.
func Pending(st *store.Store) ([]store.Digest, error) {
	all, err := st.Digests()
	if err != nil {
		return nil, err
	}
	var out []store.Digest
	for _, d := range all {
		if d.Sent.IsZero() {
			out = append(out, d)
		}
	}
	return out, nil
}

// Dry writes the digest's message as an .eml file (RFC 5322, CRLF line
// endings), exactly the bytes Send would deliver.
func Dry(w io.Writer, d store.Digest) error {
	if len(d.Message) == 0 {
		return fmt.Errorf("digest %s has no message", d.Key)
	}
	_, err := w.Write(d.Message)
	return err
}

func location(loc *time.Location) *time.Location {
	if loc != nil {
		return loc
	}
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}
