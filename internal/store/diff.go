package store

import (
	"cmp"
	"slices"
	"strings"

	"govaudit/checks"
)

// A Diff is what changed between two runs' findings, matched by Fingerprint.
type Diff struct {
	New   []checks.Finding // in cur only
	Fixed []checks.Finding // in prev only (prev's copy)
	Open  []checks.Finding // in both (cur's copy)
}

// Compare diffs two runs' findings in one merge pass over copies sorted by
// fingerprint; the inputs are not changed and need not be sorted. A finding
// without a fingerprint gets checks.Fingerprint; a fingerprint repeated
// within one input counts once (its first finding). Each output is sorted
// with checks.Less (ties by fingerprint), so output is deterministic.
func Compare(prev, cur []checks.Finding) Diff {
	p, c := byFingerprint(prev), byFingerprint(cur)
	var d Diff
	i, j := 0, 0
	for i < len(p) && j < len(c) {
		switch strings.Compare(p[i].Fingerprint, c[j].Fingerprint) {
		case -1:
			d.Fixed = append(d.Fixed, p[i])
			i++
		case 1:
			d.New = append(d.New, c[j])
			j++
		default:
			d.Open = append(d.Open, c[j])
			i++
			j++
		}
	}
	d.Fixed = append(d.Fixed, p[i:]...)
	d.New = append(d.New, c[j:]...)
	for _, s := range [][]checks.Finding{d.New, d.Fixed, d.Open} {
		slices.SortFunc(s, compareFindings)
	}
	return d
}

func byFingerprint(in []checks.Finding) []checks.Finding {
	out := slices.Clone(in)
	for i := range out {
		if out[i].Fingerprint == "" {
			out[i].Fingerprint = checks.Fingerprint(out[i])
		}
	}
	slices.SortStableFunc(out, func(a, b checks.Finding) int { return cmp.Compare(a.Fingerprint, b.Fingerprint) })
	return slices.CompactFunc(out, func(a, b checks.Finding) bool { return a.Fingerprint == b.Fingerprint })
}

// compareFindings is checks.Less as a three-way comparison, ties broken by
// fingerprint (unique within one Diff slice).
func compareFindings(a, b checks.Finding) int {
	switch {
	case checks.Less(a, b):
		return -1
	case checks.Less(b, a):
		return 1
	}
	return strings.Compare(a.Fingerprint, b.Fingerprint)
}
