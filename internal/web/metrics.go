package web

import (
	"bytes"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

// /metrics is the Prometheus text exposition format (version 0.0.4),
// written by hand: one HELP and one TYPE line per family, families sorted
// by name, samples by their labels. Every series is of a configured site,
// labelled site="<its store key>" (the canonical homepage URL).
//
//	govaudit_runs_total{site,status}                   stored runs by status (complete, interrupted, running)
//	govaudit_last_run_timestamp_seconds{site}          when the newest finished run ended
//	govaudit_last_run_duration_seconds{site}           how long it took
//	govaudit_last_run_pages{site}                      how many pages it examined
//	govaudit_findings{site,check,severity}             its counted findings (new and open, acceptances as they stand now)
//	govaudit_findings_status{site,status}              its findings by status (new, open, pending, accepted)
//	govaudit_availability_failure_ratio{site,window}   failed homepage samples / samples over 1d or 7d (absent without samples)
//	govaudit_availability_samples{site,window}         homepage samples over 1d or 7d
//	govaudit_probe_errors_total{site}                  failed homepage samples in the store
//	govaudit_run_in_progress{site}                     1 while an audit of the site runs
//
// The last-run families are absent for a site never audited. The findings
// family lists every known check (the titles' and the findings') at every
// severity, zeros included, so a count that falls to zero is a zero and
// not a vanished series. govaudit_probe_errors_total counts every failed
// sample stored (the first scrape reads them all, later scrapes only the
// new ones); it restarts with the process, as counters may.

// probeCount is the failed samples of a site counted up to a time.
type probeCount struct {
	upTo   time.Time
	failed int
}

type family struct {
	name, help, typ string
	samples         []sample
}

type sample struct {
	labels [][2]string
	value  string
}

func (f *family) add(value string, labels ...string) {
	s := sample{value: value}
	for i := 0; i+1 < len(labels); i += 2 {
		s.labels = append(s.labels, [2]string{labels[i], labels[i+1]})
	}
	f.samples = append(f.samples, s)
}

func (s *server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	fams, err := s.metrics()
	if err != nil {
		s.log.Error("metrics", "err", err)
		http.Error(w, "500 internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	writeMetrics(&buf, fams)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

func (s *server) metrics() ([]*family, error) {
	runs := &family{name: "govaudit_runs_total", typ: "counter", help: "Audit runs stored, by status."}
	lastTS := &family{name: "govaudit_last_run_timestamp_seconds", typ: "gauge", help: "When the newest finished audit run ended (unix seconds)."}
	lastDur := &family{name: "govaudit_last_run_duration_seconds", typ: "gauge", help: "How long the newest finished audit run took."}
	lastPages := &family{name: "govaudit_last_run_pages", typ: "gauge", help: "Pages the newest finished audit run examined."}
	findings := &family{name: "govaudit_findings", typ: "gauge", help: "Counted findings (new and open) of the newest finished run, by check and severity."}
	status := &family{name: "govaudit_findings_status", typ: "gauge", help: "Findings of the newest finished run, by status."}
	ratio := &family{name: "govaudit_availability_failure_ratio", typ: "gauge", help: "Share of failed homepage availability samples over the window."}
	samples := &family{name: "govaudit_availability_samples", typ: "gauge", help: "Homepage availability samples taken over the window."}
	probeErr := &family{name: "govaudit_probe_errors_total", typ: "counter", help: "Failed homepage availability samples stored."}
	inProgress := &family{name: "govaudit_run_in_progress", typ: "gauge", help: "1 while an audit of the site is running, else 0."}

	known := map[string]bool{}
	for id := range s.opt.Titles {
		known[id] = true
	}
	for _, st := range s.sites {
		ss, err := s.state(st)
		if err != nil {
			return nil, err
		}
		site := st.key
		byStatus := map[outcome.Status]int{outcome.StatusComplete: 0, outcome.StatusInterrupted: 0, outcome.StatusRunning: 0}
		for _, r := range ss.Runs {
			byStatus[r.Status]++
		}
		for k, n := range byStatus {
			runs.add(strconv.Itoa(n), "site", site, "status", string(k))
		}
		if o := ss.Latest; o != nil {
			run := o.Run
			lastTS.add(seconds(run.Finished), "site", site)
			lastDur.add(float(run.Finished.Sub(run.Started).Seconds()), "site", site)
			lastPages.add(strconv.Itoa(run.Pages), "site", site)
			counted := map[[2]string]int{}
			ids := map[string]bool{}
			for id := range known {
				ids[id] = true
			}
			byFS := map[outcome.FindingStatus]int{}
			for _, f := range o.Findings {
				ids[f.Check] = true
				byFS[f.Status]++
				if f.Status.Counted() {
					counted[[2]string{f.Check, string(f.Severity)}]++
				}
			}
			for id := range ids {
				for _, sev := range []checks.Severity{checks.Error, checks.Warning, checks.Info} {
					findings.add(strconv.Itoa(counted[[2]string{id, string(sev)}]), "site", site, "check", id, "severity", string(sev))
				}
			}
			for _, fs := range []outcome.FindingStatus{outcome.New, outcome.Open, outcome.Pending, outcome.Accepted} {
				status.add(strconv.Itoa(byFS[fs]), "site", site, "status", string(fs))
			}
		}
		for _, w := range []struct {
			name string
			a    outcome.Availability
		}{{"1d", ss.Day}, {"7d", ss.Week}} {
			samples.add(strconv.Itoa(w.a.Samples), "site", site, "window", w.name)
			if w.a.Samples > 0 {
				ratio.add(float(float64(w.a.Failures)/float64(w.a.Samples)), "site", site, "window", w.name)
			}
		}
		n, err := s.probeErrors(site)
		if err != nil {
			return nil, err
		}
		probeErr.add(strconv.Itoa(n), "site", site)
		running := "0"
		if ss.Running {
			running = "1"
		}
		inProgress.add(running, "site", site)
	}
	fams := []*family{runs, lastTS, lastDur, lastPages, findings, status, ratio, samples, probeErr, inProgress}
	slices.SortFunc(fams, func(a, b *family) int { return strings.Compare(a.name, b.name) })
	return fams, nil
}

// probeErrors counts the site's failed samples stored up to now, reading
// only the samples taken since the last count.
func (s *server) probeErrors(site string) (int, error) {
	s.probeMu.Lock()
	defer s.probeMu.Unlock()
	now := s.opt.Now()
	pc := s.probes[site]
	from := pc.upTo
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if now.After(from) {
		smp, err := s.opt.Store.Samples(site, from, now)
		if err != nil {
			return 0, err
		}
		for _, x := range smp {
			if !x.OK {
				pc.failed++
			}
		}
		pc.upTo = now
		s.probes[site] = pc
	}
	return pc.failed, nil
}

func seconds(t time.Time) string { return float(float64(t.UnixMilli()) / 1000) }

func float(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// writeMetrics writes the families in the text format, samples sorted by
// their label values; a family without samples is left out.
func writeMetrics(buf *bytes.Buffer, fams []*family) {
	for _, f := range fams {
		if len(f.samples) == 0 {
			continue
		}
		lines := make([]string, 0, len(f.samples))
		for _, smp := range f.samples {
			var b strings.Builder
			b.WriteString(f.name)
			if len(smp.labels) > 0 {
				b.WriteByte('{')
				for i, l := range smp.labels {
					if i > 0 {
						b.WriteByte(',')
					}
					b.WriteString(l[0])
					b.WriteString(`="`)
					b.WriteString(escapeLabel(l[1]))
					b.WriteByte('"')
				}
				b.WriteByte('}')
			}
			b.WriteByte(' ')
			b.WriteString(smp.value)
			lines = append(lines, b.String())
		}
		slices.Sort(lines)
		buf.WriteString("# HELP " + f.name + " " + escapeHelp(f.help) + "\n")
		buf.WriteString("# TYPE " + f.name + " " + f.typ + "\n")
		for _, l := range lines {
			buf.WriteString(l)
			buf.WriteByte('\n')
		}
	}
}

// escapeLabel escapes a label value: backslash, double quote and newline.
func escapeLabel(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
}

// escapeHelp escapes a HELP text: backslash and newline.
func escapeHelp(v string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(v)
}
