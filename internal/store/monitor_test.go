package store

import (
	"path/filepath"
	"testing"
	"time"

	"govaudit/internal/outcome"
)

func TestSamplesAndDigests(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "m.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	to := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 10; i++ {
		// one a day from 9 days back: 7 fall in the week before to
		if err := s.PutSample("a.gov.cn", outcome.Sample{At: to.AddDate(0, 0, -9+i), OK: i != 5}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Samples("a.gov.cn", to.AddDate(0, 0, -7), to)
	if err != nil || len(got) != 7 || !got[0].At.Equal(to.AddDate(0, 0, -7)) {
		t.Fatalf("Samples = %d, %v (first %v)", len(got), err, got)
	}
	a, _ := s.Availability("a.gov.cn", to)
	if a.Samples != 7 || a.Failures != 1 {
		t.Errorf("Availability = %+v, want 7 samples, 1 failure", a)
	}
	d := Digest{Key: "2026-W49/x", Week: "2026-W49", Recipients: []string{"a@b"}, Message: []byte("m"), Covered: map[string]RunID{"a.gov.cn": 3}}
	if err := s.PutDigest(d); err != nil {
		t.Fatal(err)
	}
	back, ok, err := s.Digest(d.Key)
	if err != nil || !ok || back.Covered["a.gov.cn"] != 3 || string(back.Message) != "m" {
		t.Errorf("Digest = %+v, %v, %v", back, ok, err)
	}
	if _, ok, _ := s.Digest("other"); ok {
		t.Error("an unknown digest was found")
	}
}
