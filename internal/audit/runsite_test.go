package audit

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"govaudit/checks"
)

// TestRunSiteSideBySide: the checks that do not read the columns run while
// the columns are built (the build waits for one to start), those that do
// after, with the columns; every finding of each reaches the report.
func TestRunSiteSideBySide(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	started := make(chan struct{})
	wait := func(who string) {
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Errorf("%s ran alone for 10 s: the Site checks ran one after another", who)
		}
	}
	built := []*checks.Column{{URL: "http://a.gov.cn/tzgg/", Name: "通知公告"}}
	build := func() []*checks.Column {
		wait("the column build")
		return built
	}
	a := &checks.Check{ID: "a", Site: func(pass *checks.SitePass) {
		for i := range 3 {
			pass.Report(checks.Finding{Check: "a", Message: fmt.Sprint(i)})
		}
	}}
	b := &checks.Check{ID: "b", Site: func(pass *checks.SitePass) {
		close(started)
		pass.Report(checks.Finding{Check: "b", Message: "0"})
	}}
	c := &checks.Check{ID: "c", Columns: true, Site: func(pass *checks.SitePass) {
		for _, col := range pass.Site.Columns {
			pass.Report(checks.Finding{Check: "c", Message: col.Name})
		}
	}}
	var mu sync.Mutex
	var got []string
	site := &checks.Site{}
	runSite([]*checks.Check{c, a, b}, site, build, func(f checks.Finding) {
		mu.Lock()
		got = append(got, f.Check+f.Message)
		mu.Unlock()
	})
	slices.Sort(got)
	if want := []string{"a0", "a1", "a2", "b0", "c通知公告"}; !slices.Equal(got, want) {
		t.Errorf("reported %v, want %v", got, want)
	}
	if len(site.Columns) != 1 {
		t.Errorf("site.Columns = %v after the run, want the columns built", site.Columns)
	}
}

// TestRunSitePanic: a panic in a check, or in building the columns, comes
// back on the caller's goroutine (where the command recovers it) once the
// other checks have finished, instead of crashing the process or hanging.
func TestRunSitePanic(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func() []*checks.Column
		check func(*checks.SitePass)
	}{
		{"check", func() []*checks.Column { return nil }, func(*checks.SitePass) { panic("检查出错") }},
		{"build", func() []*checks.Column { panic("检查出错") }, func(*checks.SitePass) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			bad := &checks.Check{ID: "bad", Columns: tc.name == "check", Site: tc.check}
			good := &checks.Check{ID: "good", Site: func(pass *checks.SitePass) {
				pass.Report(checks.Finding{Check: "good", Message: "0"})
			}}
			done := make(chan any)
			go func() {
				defer func() { done <- recover() }()
				runSite([]*checks.Check{bad, good}, &checks.Site{}, tc.build, func(f checks.Finding) {
					mu.Lock()
					got = append(got, f.Check)
					mu.Unlock()
				})
			}()
			select {
			case v := <-done:
				if v != "检查出错" {
					t.Errorf("runSite raised %v, want the check's panic", v)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("runSite hung after a panic")
			}
			if len(got) != 1 {
				t.Errorf("reported %v: the other check did not finish", got)
			}
		})
	}
}

// failingSource serves one page, then fails.
type failingSource struct{ err error }

func (s failingSource) Len() int { return 2 }
func (s failingSource) Each(yield func(*checks.PageSummary) bool) error {
	yield(&checks.PageSummary{URL: "http://a.gov.cn/"})
	return s.err
}
func (s failingSource) Get(string) (*checks.PageSummary, error) { return nil, s.err }

// TestPagesErrSideBySide: checks reading the same pages at once, both
// failing, leave the error for the driver (and, under -race, no race).
func TestPagesErrSideBySide(t *testing.T) {
	want := errors.New("临时文件读取失败")
	ps := checks.PagesFrom(failingSource{want})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range ps.All() {
			}
			ps.Get("http://a.gov.cn/x")
		})
	}
	wg.Wait()
	if !errors.Is(ps.Err(), want) {
		t.Errorf("Err() = %v, want %v", ps.Err(), want)
	}
}
