package store

import (
	"testing"
	"time"
)

func TestProbeCache(t *testing.T) {
	s, _ := openTemp(t)
	const site = "a.gov.cn"
	if m, err := s.ProbeCache(site, time.Time{}); err != nil || m == nil || len(m) != 0 {
		t.Fatalf("empty cache: %v, %v", m, err)
	}
	day := 24 * time.Hour
	err := s.PutProbeCache(site, map[string]time.Time{
		"https://x.gov.cn/old.pdf": t0,
		"https://x.gov.cn/mid.pdf": t0.Add(day),
		"https://x.gov.cn/new.pdf": t0.Add(2 * day),
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.ProbeCache(site, t0.Add(day))
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || !m["https://x.gov.cn/mid.pdf"].Equal(t0.Add(day)) || !m["https://x.gov.cn/new.pdf"].Equal(t0.Add(2*day)) {
		t.Fatalf("ProbeCache(notBefore day 1) = %v", m)
	}
	// An older sighting does not overwrite a newer one.
	if err := s.PutProbeCache(site, map[string]time.Time{"https://x.gov.cn/new.pdf": t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProbeCache(site, []string{"https://x.gov.cn/mid.pdf", "https://never.cached/"}); err != nil {
		t.Fatal(err)
	}
	m, _ = s.ProbeCache(site, time.Time{})
	if len(m) != 2 || !m["https://x.gov.cn/new.pdf"].Equal(t0.Add(2*day)) {
		t.Fatalf("after delete: %v", m)
	}
	if _, ok := m["https://x.gov.cn/mid.pdf"]; ok {
		t.Fatal("deleted URL still cached")
	}
	if other, _ := s.ProbeCache("b.gov.cn", time.Time{}); len(other) != 0 {
		t.Fatalf("cache leaked to another site: %v", other)
	}
	if err := s.DeleteProbeCache("unknown.gov.cn", []string{"x"}); err != nil {
		t.Fatal(err)
	}
}
