package web

import (
	"errors"
	"slices"
	"time"

	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// siteState is what the dashboard knows of one site now.
type siteState struct {
	Runs    []outcome.Run    // every stored run, oldest first
	Latest  *outcome.Outcome // the newest finished run, acceptances as they stand now; nil if none
	Week    outcome.Availability
	Day     outcome.Availability
	Veto    []outcome.VetoLine // the latest run's lines, availability measured now
	Running bool
	Next    time.Time
}

// state loads a site's state now.
func (s *server) state(st *site) (*siteState, error) {
	now := s.opt.Now()
	ss := &siteState{}
	if s.opt.Running != nil {
		ss.Running = s.opt.Running(st.key)
	}
	if s.opt.NextRun != nil {
		ss.Next = s.opt.NextRun(st.key)
	}
	var err error
	if ss.Runs, err = s.opt.Store.Runs(st.key); err != nil {
		return nil, err
	}
	if ss.Week, err = s.opt.Store.Availability(st.key, now); err != nil {
		return nil, err
	}
	from := now.Add(-24 * time.Hour)
	day, err := s.opt.Store.Samples(st.key, from, now)
	if err != nil {
		return nil, err
	}
	ss.Day = outcome.Measure(day, from, now)

	stored, err := s.latest(st.key)
	if err != nil {
		return nil, err
	}
	if stored != nil {
		acc, err := s.opt.Store.Acceptances(st.key)
		if err != nil {
			return nil, err
		}
		ss.Latest = overlay(stored, acc, st.cfg.Accepted, s.day(now), confirmOf(st))
		ss.Veto = withAvailability(ss.Latest.Standing, ss.Week)
	} else {
		ss.Veto = withAvailability(nil, ss.Week)
	}
	return ss, nil
}

// latest is the site's newest finished run as stored, nil if there is none.
// Finished outcomes do not change, so the last one read is kept per site.
func (s *server) latest(key string) (*outcome.Outcome, error) {
	run, ok, err := s.opt.Store.Latest(key)
	if err != nil || !ok {
		return nil, err
	}
	s.cacheMu.Lock()
	o := s.cache[key]
	s.cacheMu.Unlock()
	if o != nil && o.Run.ID == run.ID && o.Run.Finished.Equal(run.Finished) {
		return o, nil
	}
	o, err = s.opt.Store.Outcome(key, run.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.cacheMu.Lock()
	s.cache[key] = o
	s.cacheMu.Unlock()
	return o, nil
}

// day is t's calendar day at midnight where acceptances are counted, as
// the audit counts them.
func (s *server) day(t time.Time) time.Time {
	t = t.In(s.loc)
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, s.loc)
}

func confirmOf(st *site) int {
	if c := st.cfg.Limits.Confirm; c > 0 {
		return c
	}
	return 2
}

// overlay is a copy of o with each finding's status as the site's
// acceptances stand on day: accepted in the store (or the site's
// configuration) and still active makes it accepted; an acceptance
// withdrawn or expired since the run gives back the status the run would
// have given it (new the first time seen, else open; a transient failure
// seen fewer than confirm times, pending). The store's acceptances win
// over the configuration's, as in the audit.
func overlay(o *outcome.Outcome, stored map[string]outcome.Acceptance, configured []outcome.Acceptance, day time.Time, confirm int) *outcome.Outcome {
	c := *o
	c.Findings = slices.Clone(o.Findings)
	for i := range c.Findings {
		f := &c.Findings[i]
		acc, ok := stored[f.Fingerprint]
		if !ok {
			for _, a := range configured {
				if a.Fingerprint == f.Fingerprint {
					acc, ok = a, true
					acc.Source = "config"
					break
				}
			}
		}
		switch {
		case ok && acc.Active(day):
			a := acc
			f.Status, f.Accepted = outcome.Accepted, &a
		case f.Status == outcome.Accepted:
			f.Accepted = nil
			f.Status = outcome.New
			if f.Seen > 1 {
				f.Status = outcome.Open
			}
			if f.Transient && f.Seen < confirm {
				f.Status = outcome.Pending
			}
		}
	}
	return &c
}

// withAvailability is the run's veto lines with the homepage availability
// line measured now (replacing the run's own, if it has one), last.
func withAvailability(lines []outcome.VetoLine, week outcome.Availability) []outcome.VetoLine {
	out := make([]outcome.VetoLine, 0, len(lines)+1)
	for _, l := range lines {
		if l.ID != outcome.VetoHomepageAvailable {
			out = append(out, l)
		}
	}
	return append(out, week.Line())
}

// levelRank orders veto levels from best to worst.
func levelRank(l outcome.Level) int {
	switch l {
	case outcome.Pass:
		return 0
	case outcome.Unknown:
		return 1
	case outcome.Warn:
		return 2
	case outcome.Fail:
		return 3
	}
	return 1
}

// worst is the worst level among the lines and how many lines stand at it.
func worst(lines []outcome.VetoLine) (outcome.Level, int) {
	if len(lines) == 0 {
		return outcome.Unknown, 0
	}
	w, n := lines[0].Level, 0
	for _, l := range lines {
		if levelRank(l.Level) > levelRank(w) {
			w = l.Level
		}
	}
	for _, l := range lines {
		if levelRank(l.Level) == levelRank(w) {
			n++
		}
	}
	return w, n
}
