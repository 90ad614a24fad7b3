package job

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestCheckLimits: every range tested at its ends and just past them.
func TestCheckLimits(t *testing.T) {
	ok := Defaults
	if err := Check(ok); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	for _, tc := range []struct {
		mod  func(*Limits)
		want string // "" : accepted
	}{
		{func(l *Limits) { l.Rate = 0 }, ""},
		{func(l *Limits) { l.Rate = 0.01 }, ""},
		{func(l *Limits) { l.Rate = 0.0099 }, "--rate"},
		{func(l *Limits) { l.Rate = 1e-12 }, "--rate"},
		{func(l *Limits) { l.Rate = -4 }, "--rate"},
		{func(l *Limits) { l.Rate = math.NaN() }, "--rate"},
		{func(l *Limits) { l.Rate = math.Inf(1) }, "--rate"},
		{func(l *Limits) { l.Rate = 1000 }, ""},
		{func(l *Limits) { l.Rate = 1000.5 }, "--rate"},
		{func(l *Limits) { l.Parallel = 0 }, "--parallel"},
		{func(l *Limits) { l.Parallel = 1 }, ""},
		{func(l *Limits) { l.Parallel = 64 }, ""},
		{func(l *Limits) { l.Parallel = 65 }, "--parallel"},
		{func(l *Limits) { l.MaxPages = 0 }, "--max-pages"},
		{func(l *Limits) { l.MaxPages = 1 }, ""},
		{func(l *Limits) { l.MaxPages = -5 }, "--max-pages"},
		{func(l *Limits) { l.MaxDepth = -1 }, "--max-depth"},
		{func(l *Limits) { l.MaxDepth = 1000 }, ""},
		{func(l *Limits) { l.Timeout = time.Second }, ""},
		{func(l *Limits) { l.Timeout = 999 * time.Millisecond }, "--timeout"},
		{func(l *Limits) { l.Timeout = 5*time.Minute + 1 }, "--timeout"},
		{func(l *Limits) { l.ProbeCache = -1 }, "--probe-cache"},
		{func(l *Limits) { l.FileCap = 64<<10 - 1 }, "--file-cap"},
		{func(l *Limits) { l.FileCap = 64 << 10 }, ""},
		{func(l *Limits) { l.Confirm = 0 }, "--confirm"},
		{func(l *Limits) { l.Confirm = 30 }, ""},
		{func(l *Limits) { l.Confirm = 31 }, "--confirm"},
	} {
		l := ok
		tc.mod(&l)
		err := Check(l)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v refused: %v", l, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%+v: err %v, want one naming %s", l, err, tc.want)
		}
	}
}

func TestSiteKey(t *testing.T) {
	for in, want := range map[string]string{
		"jyj.example.gov.cn":                      "https://jyj.example.gov.cn/",
		"HTTP://JYJ.example.gov.cn:80/index.html": "http://jyj.example.gov.cn/index.html",
		"http://a.gov.cn/?tel=13812345678":        "http://a.gov.cn/?tel=138******78",
	} {
		if got := SiteKey(in); got != want {
			t.Errorf("SiteKey(%q) = %q, want %q", in, got, want)
		}
	}
}
