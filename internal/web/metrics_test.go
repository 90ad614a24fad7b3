package web

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/internal/config"
	"govaudit/internal/outcome"
)

// exposition is a parsed /metrics answer.
type exposition struct {
	help, typ map[string]string
	order     []string           // family names in the order of their TYPE lines
	values    map[string]float64 // `name{l="v",…}` (labels as written) -> value
}

var (
	sampleRE = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$`)
	labelRE  = regexp.MustCompile(`^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\["\\n])*)"(,|$)`)
)

// parseExposition checks the text format line by line: each family has one
// HELP then one TYPE line before its samples, sample lines are name,
// optional well-formed labels, one value; no blank lines; a final newline.
func parseExposition(t *testing.T, text string) exposition {
	t.Helper()
	e := exposition{help: map[string]string{}, typ: map[string]string{}, values: map[string]float64{}}
	if !strings.HasSuffix(text, "\n") {
		t.Error("the exposition does not end with a newline")
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	current := ""
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, ok := strings.Cut(strings.TrimPrefix(line, "# HELP "), " ")
			if !ok || help == "" || e.help[name] != "" {
				t.Errorf("line %d: bad or repeated HELP: %q", n, line)
			}
			e.help[name] = help
			current = ""
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(strings.TrimPrefix(line, "# TYPE "), " ")
			if e.help[name] == "" || e.typ[name] != "" {
				t.Errorf("line %d: TYPE of %s without a HELP just before, or repeated", n, name)
			}
			if typ != "counter" && typ != "gauge" {
				t.Errorf("line %d: type %q", n, typ)
			}
			if typ == "counter" && !strings.HasSuffix(name, "_total") {
				t.Errorf("line %d: counter %s does not end in _total", n, name)
			}
			e.typ[name] = typ
			e.order = append(e.order, name)
			current = name
		case strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "":
			t.Errorf("line %d: unexpected %q", n, line)
		default:
			m := sampleRE.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("line %d: not a sample: %q", n, line)
				continue
			}
			if m[1] != current {
				t.Errorf("line %d: sample of %s under the TYPE of %q", n, m[1], current)
			}
			for rest := m[3]; rest != ""; {
				lm := labelRE.FindStringSubmatch(rest)
				if lm == nil {
					t.Errorf("line %d: bad labels %q", n, m[3])
					break
				}
				rest = rest[len(lm[0]):]
			}
			v, err := strconv.ParseFloat(m[4], 64)
			if err != nil {
				t.Errorf("line %d: value %q: %v", n, m[4], err)
			}
			key := m[1] + m[2]
			if _, dup := e.values[key]; dup {
				t.Errorf("line %d: repeated series %s", n, key)
			}
			e.values[key] = v
		}
	}
	if !slices.IsSorted(e.order) {
		t.Errorf("families are not sorted: %v", e.order)
	}
	return e
}

func (e exposition) value(t *testing.T, series string) float64 {
	t.Helper()
	v, ok := e.values[series]
	if !ok {
		t.Errorf("no series %s", series)
		return math.NaN()
	}
	return v
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Sites = append(o.Sites, config.MonitorSite{Site: &config.Site{URL: "https://www.example.gov.cn/"}})
	})
	o := e.latest(t)
	f := firstNew(t, o)
	if err := e.st.Accept(fixtureKey, outcome.Acceptance{Fingerprint: f.Fingerprint, Reason: "测试", At: fixtureNow}); err != nil {
		t.Fatal(err)
	}
	res, body := e.get(t, "/metrics")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	checkHeaders(t, res)
	m := parseExposition(t, body)
	for _, fam := range []string{"govaudit_runs_total", "govaudit_last_run_timestamp_seconds", "govaudit_last_run_duration_seconds",
		"govaudit_last_run_pages", "govaudit_findings", "govaudit_findings_status", "govaudit_availability_failure_ratio",
		"govaudit_availability_samples", "govaudit_probe_errors_total", "govaudit_run_in_progress"} {
		if m.typ[fam] == "" {
			t.Errorf("family %s is missing", fam)
		}
	}
	site := `site="` + fixtureKey + `"`
	other := `site="https://www.example.gov.cn/"`
	near := func(series string, want float64) {
		t.Helper()
		if got := m.value(t, series); math.Abs(got-want) > 1e-6 {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	near("govaudit_runs_total{"+site+`,status="complete"}`, 2)
	near("govaudit_runs_total{"+site+`,status="interrupted"}`, 0)
	near("govaudit_runs_total{"+site+`,status="running"}`, 0)
	near("govaudit_runs_total{"+other+`,status="complete"}`, 0)
	near("govaudit_last_run_timestamp_seconds{"+site+"}", float64(o.Run.Finished.UnixMilli())/1000)
	near("govaudit_last_run_duration_seconds{"+site+"}", o.Run.Finished.Sub(o.Run.Started).Seconds())
	near("govaudit_last_run_pages{"+site+"}", float64(o.Run.Pages))
	if _, ok := m.values["govaudit_last_run_pages{"+other+"}"]; ok {
		t.Error("a site never audited has a last run")
	}

	// Findings by check and severity: counted ones, the accepted one out;
	// every known check at every severity.
	counted := map[string]int{}
	status := map[outcome.FindingStatus]int{}
	for _, x := range o.Findings {
		st := x.Status
		if x.Fingerprint == f.Fingerprint {
			st = outcome.Accepted
		}
		status[st]++
		if st.Counted() {
			counted[x.Check+"/"+string(x.Severity)]++
		}
	}
	n := 0
	for id := range titles() {
		for _, sev := range []checks.Severity{checks.Error, checks.Warning, checks.Info} {
			near(fmt.Sprintf(`govaudit_findings{%s,check="%s",severity="%s"}`, site, id, sev), float64(counted[id+"/"+string(sev)]))
			n++
		}
	}
	if got := strings.Count(body, "govaudit_findings{"); got != n {
		t.Errorf("%d govaudit_findings series, want %d", got, n)
	}
	for _, st := range []outcome.FindingStatus{outcome.New, outcome.Open, outcome.Pending, outcome.Accepted} {
		near(fmt.Sprintf(`govaudit_findings_status{%s,status="%s"}`, site, st), float64(status[st]))
	}
	if status[outcome.Accepted] != 1 {
		t.Errorf("accepted %d, want the one accepted", status[outcome.Accepted])
	}

	near("govaudit_availability_samples{"+site+`,window="7d"}`, fixtureWeekSamples)
	near("govaudit_availability_samples{"+site+`,window="1d"}`, fixtureDaySamples)
	near("govaudit_availability_failure_ratio{"+site+`,window="7d"}`, float64(fixtureWeekFailed)/fixtureWeekSamples)
	near("govaudit_availability_failure_ratio{"+site+`,window="1d"}`, float64(fixtureDayFailed)/fixtureDaySamples)
	near("govaudit_availability_samples{"+other+`,window="7d"}`, 0)
	if _, ok := m.values["govaudit_availability_failure_ratio{"+other+`,window="7d"}`]; ok {
		t.Error("a ratio without samples")
	}
	near("govaudit_probe_errors_total{"+site+"}", fixtureWeekFailed)
	near("govaudit_run_in_progress{"+site+"}", 0)

	// A run in progress shows.
	_ = e.rec.RunNow(fixtureKey)
	_, body2 := e.get(t, "/metrics")
	m = parseExposition(t, body2)
	near("govaudit_run_in_progress{"+site+"}", 1)

	// Same store, same clock: the same bytes.
	_, body3 := e.get(t, "/metrics")
	if body3 != body2 {
		t.Error("two scrapes of an unchanged store differ")
	}
}

// TestProbeErrorsCountOnlyNewSamples: the counter reads only samples taken
// since the last scrape and never goes down.
func TestProbeErrorsCountOnlyNewSamples(t *testing.T) {
	now := fixtureNow
	e := newEnv(t, func(o *Options) { o.Now = func() time.Time { return now } })
	site := `govaudit_probe_errors_total{site="` + fixtureKey + `"}`
	scrape := func() float64 {
		_, b := e.get(t, "/metrics")
		return parseExposition(t, b).value(t, site)
	}
	if got := scrape(); got != fixtureWeekFailed {
		t.Fatalf("first scrape: %v", got)
	}
	now = now.Add(time.Minute)
	for _, ok := range []bool{false, true, false} {
		if err := e.st.PutSample(fixtureKey, outcome.Sample{At: now.Add(-30 * time.Second), OK: ok}); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Nanosecond)
	}
	if got := scrape(); got != fixtureWeekFailed+2 {
		t.Errorf("after two more failures: %v, want %d", got, fixtureWeekFailed+2)
	}
	now = now.Add(30 * 24 * time.Hour) // the old samples leave the week, not the counter
	if got := scrape(); got != fixtureWeekFailed+2 {
		t.Errorf("a month on: %v, want %d", got, fixtureWeekFailed+2)
	}
}

func TestMetricsEscaping(t *testing.T) {
	f := &family{name: "x_total", typ: "counter", help: "a \\ help\nline"}
	f.add("1", "site", "a\"b\\c\nd", "k", "v")
	f.add("2", "site", "plain", "k", "v")
	var buf bytes.Buffer
	writeMetrics(&buf, []*family{f, {name: "empty", typ: "gauge", help: "no samples"}})
	want := "# HELP x_total a \\\\ help\\nline\n# TYPE x_total counter\n" +
		"x_total{site=\"a\\\"b\\\\c\\nd\",k=\"v\"} 1\nx_total{site=\"plain\",k=\"v\"} 2\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	parseExposition(t, buf.String())
}
