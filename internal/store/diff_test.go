package store

import (
	"reflect"
	"slices"
	"testing"

	"govaudit/checks"
)

func TestCompare(t *testing.T) {
	// Fingerprint order (f1 < f2 < f3 < f4) is the reverse of checks.Less
	// order (by Page: p4 < p3 < p2 < p1), so the output sort is tested too.
	mk := func(fp, page, msg string) checks.Finding {
		return checks.Finding{Check: "dead-link", Page: page, Fingerprint: fp, Message: msg}
	}
	prev := []checks.Finding{mk("f3", "p3", "prev"), mk("f1", "p1", "prev"), mk("f2", "p2", "prev"), mk("f5", "p5", "prev")}
	cur := []checks.Finding{mk("f4", "p4", "cur"), mk("f2", "p2", "cur"), mk("f3", "p3", "cur"), mk("f0", "p0", "cur"), mk("f4", "p4", "dup")}
	prevCopy, curCopy := slices.Clone(prev), slices.Clone(cur)

	d := Compare(prev, cur)
	fps := func(fs []checks.Finding) (out []string) {
		for _, f := range fs {
			out = append(out, f.Fingerprint)
		}
		return out
	}
	if got := fps(d.New); !slices.Equal(got, []string{"f0", "f4"}) {
		t.Errorf("New = %v, want [f0 f4]", got)
	}
	if got := fps(d.Fixed); !slices.Equal(got, []string{"f1", "f5"}) {
		t.Errorf("Fixed = %v, want [f1 f5]", got)
	}
	if got := fps(d.Open); !slices.Equal(got, []string{"f2", "f3"}) {
		t.Errorf("Open = %v, want [f2 f3]", got)
	}
	for _, f := range d.Open {
		if f.Message != "cur" {
			t.Errorf("Open has the previous copy of %s", f.Fingerprint)
		}
	}
	for _, f := range d.Fixed {
		if f.Message != "prev" {
			t.Errorf("Fixed has a current copy of %s", f.Fingerprint)
		}
	}
	if d.New[1].Message != "cur" {
		t.Errorf("duplicate fingerprint: kept %q, want the first", d.New[1].Message)
	}
	if !reflect.DeepEqual(prev, prevCopy) || !reflect.DeepEqual(cur, curCopy) {
		t.Error("Compare changed its inputs")
	}

	// Sorted with checks.Less when that order differs from fingerprint order.
	a := checks.Finding{Check: "b-check", Fingerprint: "aa"}
	b := checks.Finding{Check: "a-check", Fingerprint: "bb"}
	if d := Compare(nil, []checks.Finding{a, b}); d.New[0].Check != "a-check" {
		t.Errorf("New not sorted with checks.Less: %v", fps(d.New))
	}

	// Empty fingerprints are computed, so identical findings still match.
	x := checks.Finding{Check: "dead-link", Page: "https://a.gov.cn/", Target: "https://a.gov.cn/x", Rule: "http-404"}
	if d := Compare([]checks.Finding{x}, []checks.Finding{x}); len(d.Open) != 1 || len(d.New)+len(d.Fixed) != 0 ||
		d.Open[0].Fingerprint != checks.Fingerprint(x) {
		t.Errorf("without fingerprints: %+v", d)
	}
	if d := Compare(nil, nil); d.New != nil || d.Fixed != nil || d.Open != nil {
		t.Errorf("Compare(nil, nil) = %+v", d)
	}
}
