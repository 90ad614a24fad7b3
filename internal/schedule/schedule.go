// Package schedule is the daemon's clock (govaudit serve): each site's audit
// on its own cron schedule, its homepage sampled as inspectors sample it,
// and the weekly digest. One run per site at a time, a bounded number of
// sites at once; stopping cancels running audits, which are stored as
// interrupted.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"govaudit/checks"
	"govaudit/internal/audit"
	"govaudit/internal/config"
	"govaudit/internal/job"
	"govaudit/internal/store"
)

// Options configure a Service.
type Options struct {
	Monitor *config.Monitor
	Store   *store.Store
	Checks  []*checks.Check
	Logger  *slog.Logger
	Now     func() time.Time
	// Configure, if set, adjusts each audit's configuration (tests point
	// the demo's host names at loopback with it).
	Configure func(*audit.Config)
	// Digest, if set, builds and sends the weekly digest; it runs on the
	// monitor's digest schedule and once at start for digests not yet sent.
	Digest func(ctx context.Context) error
	// Sample overrides the availability probe (tests); nil: Probe.
	Sample func(ctx context.Context, cfg audit.Config) Sample
}

// ErrRunning: the site's audit is already running.
var ErrRunning = errors.New("an audit of this site is already running")

// Service runs the schedules. Its methods are safe for concurrent use.
type Service struct {
	opt   Options
	log   *slog.Logger
	cron  *cron.Cron
	sites map[string]*siteState // by store key
	order []string
	slots chan struct{} // sites audited at once

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type siteState struct {
	key   string
	cfg   audit.Config
	ms    config.MonitorSite
	entry cron.EntryID

	mu      sync.Mutex
	running bool
	runs    int
}

// New prepares the service: every site's audit configuration is built now,
// so a bad one is reported before anything starts.
func New(opt Options) (*Service, error) {
	if opt.Monitor == nil || opt.Store == nil {
		return nil, errors.New("schedule: no monitor configuration or store")
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sample == nil {
		opt.Sample = Probe
	}
	loc := opt.Monitor.Location
	if loc == nil {
		loc, _ = time.LoadLocation("Asia/Shanghai")
	}
	s := &Service{opt: opt, log: opt.Logger, sites: map[string]*siteState{}, slots: make(chan struct{}, max(1, opt.Monitor.Concurrency))}
	logger := cronLogger{opt.Logger}
	s.cron = cron.New(cron.WithLocation(loc), cron.WithParser(config.CronParser),
		cron.WithChain(cron.SkipIfStillRunning(logger), cron.Recover(logger)))
	for _, ms := range opt.Monitor.Sites {
		cfg, err := job.ForSite(ms, opt.Checks)
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", ms.URL, err)
		}
		if opt.Configure != nil {
			opt.Configure(&cfg)
		}
		key := job.SiteKey(cfg.Start)
		cfg.Site = key
		st := &siteState{key: key, cfg: cfg, ms: ms}
		st.entry, err = s.cron.AddFunc(ms.Schedule, func() { s.audit(st, "schedule") })
		if err != nil {
			return nil, fmt.Errorf("site %s: schedule %q: %w", ms.URL, ms.Schedule, err)
		}
		s.sites[key] = st
		s.order = append(s.order, key)
	}
	if opt.Digest != nil {
		if _, err := s.cron.AddFunc(opt.Monitor.Digest, func() { s.digest("schedule") }); err != nil {
			return nil, fmt.Errorf("digest schedule %q: %w", opt.Monitor.Digest, err)
		}
	}
	sort.Strings(s.order)
	return s, nil
}

// Start runs the schedules and the availability samplers until ctx is
// done or Stop is called.
func (s *Service) Start(ctx context.Context) {
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.cron.Start()
	for _, key := range s.order {
		st := s.sites[key]
		s.log.Info("site scheduled", "site", key, "name", st.ms.Name, "schedule", st.ms.Schedule,
			"next", s.NextRun(key).Format(time.RFC3339), "availability_every", st.ms.Availability.String())
		s.wg.Add(1)
		go s.sampler(st)
	}
	if s.opt.Digest != nil {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.digest("start") }()
	}
}

// Stop cancels running audits and samplers and waits for them: each
// running audit is stored as interrupted.
func (s *Service) Stop() {
	stopped := s.cron.Stop()
	if s.cancel != nil {
		s.cancel()
	}
	<-stopped.Done()
	s.wg.Wait()
}

// Sites are the store keys of the watched sites, sorted.
func (s *Service) Sites() []string { return append([]string(nil), s.order...) }

// RunNow starts the site's audit at once, unless one is running.
func (s *Service) RunNow(key string) error {
	st, ok := s.sites[key]
	if !ok {
		return fmt.Errorf("unknown site %q", key)
	}
	if s.Running(key) {
		return ErrRunning
	}
	s.wg.Add(1)
	go func() { defer s.wg.Done(); s.audit(st, "run-now") }()
	return nil
}

// Running says whether the site's audit is running (or waiting for a slot).
func (s *Service) Running(key string) bool {
	st, ok := s.sites[key]
	if !ok {
		return false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.running
}

// NextRun is when the site's audit is next scheduled (zero if unknown).
func (s *Service) NextRun(key string) time.Time {
	st, ok := s.sites[key]
	if !ok {
		return time.Time{}
	}
	return s.cron.Entry(st.entry).Next
}

// audit runs one audit of the site, one at a time per site and at most
// Concurrency sites at once.
func (s *Service) audit(st *siteState, why string) {
	st.mu.Lock()
	if st.running {
		st.mu.Unlock()
		s.log.Info("audit skipped: still running", "site", st.key, "trigger", why)
		return
	}
	st.running = true
	st.mu.Unlock()
	defer func() {
		st.mu.Lock()
		st.running = false
		st.mu.Unlock()
	}()
	ctx := s.ctx
	if ctx == nil {
		return
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return
	}
	if ctx.Err() != nil {
		return
	}
	began := time.Now()
	s.log.Info("audit started", "site", st.key, "trigger", why)
	cfg := st.cfg
	cfg.Now = s.opt.Now
	o, err := audit.Run(ctx, cfg, s.opt.Store)
	attrs := []any{"site", st.key, "trigger", why, "duration", time.Since(began).Round(time.Millisecond).String()}
	if o != nil {
		c := o.Count()
		attrs = append(attrs, "run", o.Run.ID.String(), "status", string(o.Run.Status), "pages", o.Run.Pages,
			"errors", c.Errors, "warnings", c.Warnings, "new", c.New, "fixed", c.Fixed)
	}
	switch {
	case err == nil:
		s.log.Info("audit finished", attrs...)
	case errors.Is(err, audit.ErrInterrupted) && ctx.Err() != nil:
		s.log.Warn("audit interrupted by shutdown; stored as interrupted", attrs...)
	default:
		s.log.Error("audit failed", append(attrs, "err", err.Error())...)
	}
	st.mu.Lock()
	st.runs++
	st.mu.Unlock()
	if next := s.NextRun(st.key); !next.IsZero() {
		s.log.Info("next audit", "site", st.key, "at", next.Format(time.RFC3339))
	}
}

func (s *Service) digest(why string) {
	if s.ctx == nil || s.ctx.Err() != nil {
		return
	}
	if err := s.opt.Digest(s.ctx); err != nil {
		s.log.Error("weekly digest", "trigger", why, "err", err.Error())
	}
}

// cronLogger passes cron's messages to slog.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err.Error())...)
}
