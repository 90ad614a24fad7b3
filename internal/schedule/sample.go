package schedule

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"govaudit/internal/audit"
	"govaudit/internal/outcome"
	"govaudit/internal/transport"
)

// Sample is one availability probe's result.
type Sample = outcome.Sample

// sampleLimit is the inspectors' limit: the homepage must open within 15 s.
const sampleLimit = 15 * time.Second

// Probe fetches the homepage as a browser would — a GET, following
// redirects, reading the page — and fails it unless it opened with a 2xx
// within 15 s (or the audit's timeout, if shorter).
func Probe(ctx context.Context, cfg audit.Config) Sample {
	limit := sampleLimit
	if cfg.Timeout > 0 && cfg.Timeout < limit {
		limit = cfg.Timeout
	}
	began := time.Now()
	smp := Sample{At: began}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	base := transport.New(transport.Options{Timeout: limit, Hosts: cfg.Hosts, HostsOnly: cfg.HostsOnly})
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: transport.WithUserAgent(base, transport.UserAgent), Timeout: limit}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Start, nil)
	if err != nil {
		smp.Detail = "地址无效"
		return smp
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
	resp, err := client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		smp.Status = resp.StatusCode
	}
	smp.Millis = time.Since(began).Milliseconds()
	switch {
	case err != nil && (ctx.Err() != nil || isTimeout(err)):
		smp.Detail = fmt.Sprintf("%s 内未打开", limit)
	case err != nil:
		smp.Detail = "无法连接：" + err.Error()
	case smp.Status < 200 || smp.Status > 299:
		smp.Detail = fmt.Sprintf("HTTP %d", smp.Status)
	default:
		smp.OK = true
	}
	return smp
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// sampler probes the site's homepage every Availability interval and
// stores each sample; the first probe is immediate.
func (s *Service) sampler(st *siteState) {
	defer s.wg.Done()
	every := st.ms.Availability
	if every <= 0 {
		every = 30 * time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		smp := s.opt.Sample(s.ctx, st.cfg)
		if s.ctx.Err() != nil {
			return // a probe cut short by shutdown is no failure of the site
		}
		if err := s.opt.Store.PutSample(st.key, smp); err != nil {
			s.log.Error("availability sample not stored", "site", st.key, "err", err.Error())
		} else if !smp.OK {
			s.log.Warn("homepage did not open", "site", st.key, "detail", smp.Detail)
		}
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
	}
}
