package job

import (
	"math"
	"os"
	"path/filepath"
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

// TestBrowser: --browser off (or empty) runs no browser; auto takes
// $CHROME_PATH (render.Find); a path must be an executable file, and a
// wrong one is refused by Check with the flag named.
func TestBrowser(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "chromium")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(plain, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHROME_PATH", exe)
	for _, tc := range []struct{ flag, want string }{{"off", ""}, {"", ""}, {"auto", exe}, {exe, exe}} {
		if got, err := Browser(tc.flag); err != nil || got != tc.want {
			t.Errorf("Browser(%q) = %q, %v; want %q", tc.flag, got, err, tc.want)
		}
	}
	for _, bad := range []string{plain, dir, filepath.Join(dir, "missing")} {
		l := Defaults
		l.Browser = bad
		if err := Check(l); err == nil || !strings.Contains(err.Error(), "--browser") {
			t.Errorf("Check(browser %q) = %v, want an error naming --browser", bad, err)
		}
	}
	cfg, err := Config(Spec{Start: "https://a.gov.cn/", Limits: Limits{Browser: "auto"}})
	if err != nil || cfg.Browser != exe {
		t.Errorf("Config: Browser = %q, %v; want %q", cfg.Browser, err, exe)
	}
}
