package rules

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"govaudit/internal/yamlfile"
)

//go:embed holidays.yaml
var defaultHolidays []byte

// DefaultHolidaysFile is the name errors give the embedded holiday calendar.
const DefaultHolidaysFile = "rules/holidays.yaml"

// HolidaySource is a notice a year's arrangement comes from.
type HolidaySource struct {
	Title  string // 国务院办公厅关于2025年部分节假日安排的通知
	Number string // 国办发明电〔2024〕12号; "" when not confirmed
	Date   string // the notice's date, YYYY-MM-DD
}

// Calendar is China's working-day calendar: public holidays and make-up
// working days (调休) as the State Council General Office announced them.
// Days of a year it does not know are counted Monday to Friday.
type Calendar struct {
	off, work map[civil]bool
	years     map[int][]HolidaySource // years whose arrangement is recorded
	unknown   []int                   // years listed as not known
}

// civil is a calendar day, whatever the time and zone.
type civil struct {
	y int
	m time.Month
	d int
}

func dayOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// Workday says whether t's calendar day is a working day: a make-up
// working day, or Monday to Friday outside a holiday.
func (c *Calendar) Workday(t time.Time) bool {
	d := dayOf(t)
	if c.work[d] {
		return true
	}
	if c.off[d] {
		return false
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Known says whether the arrangement of year is recorded (otherwise its
// days are counted Monday to Friday).
func (c *Calendar) Known(year int) bool { return c.years[year] != nil }

// Sources are the notices year's arrangement comes from.
func (c *Calendar) Sources(year int) []HolidaySource { return c.years[year] }

// Years are the years recorded, in order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// Unknown are the years listed without an arrangement (known: false).
func (c *Calendar) Unknown() []int { return append([]int(nil), c.unknown...) }

// WorkingDaysAfter counts the working days after from's day up to and
// including to's day (0 when to is on or before from's day). Dates are
// taken as calendar days in their own zone.
func (c *Calendar) WorkingDaysAfter(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 12, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 12, 0, 0, 0, time.UTC)
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.Workday(d) {
			n++
		}
	}
	return n
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := ParseHolidays(DefaultHolidaysFile, defaultHolidays)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return c
})

// Holidays is the embedded calendar, loaded once.
func Holidays() *Calendar { return defaultCalendar() }

// holidayFile is the file's shape.
type holidayFile struct {
	Years []struct {
		Year    int             `yaml:"year"`
		Known   *bool           `yaml:"known"`
		Sources []HolidaySource `yaml:"sources"`
		Off     []struct {
			Name string `yaml:"name"`
			From string `yaml:"from"`
			To   string `yaml:"to"`
		} `yaml:"off"`
		Work []string `yaml:"work"`
	} `yaml:"years"`
}

// ParseHolidays reads a holiday calendar (the shape of rules/holidays.yaml)
// and checks it: every year once, with its sources; every day a real date
// near its year; ranges in order; make-up working days on weekends and
// outside the holidays. Errors name the file.
func ParseHolidays(file string, data []byte) (*Calendar, error) {
	var f holidayFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, yamlfile.Errorf(file, 0, "", "%v", err)
	}
	c := &Calendar{off: map[civil]bool{}, work: map[civil]bool{}, years: map[int][]HolidaySource{}}
	seen := map[int]bool{}
	bad := func(year int, format string, args ...any) error {
		return yamlfile.Errorf(file, 0, "years", "%d: %s", year, fmt.Sprintf(format, args...))
	}
	for _, y := range f.Years {
		if y.Year < 1949 || y.Year > 2200 || seen[y.Year] {
			return nil, bad(y.Year, "a year out of range or listed twice")
		}
		seen[y.Year] = true
		if y.Known != nil && !*y.Known {
			if len(y.Off) > 0 || len(y.Work) > 0 {
				return nil, bad(y.Year, "known: false, yet days are listed")
			}
			c.unknown = append(c.unknown, y.Year)
			continue
		}
		if len(y.Sources) == 0 || y.Sources[0].Title == "" {
			return nil, bad(y.Year, "no source notice")
		}
		if len(y.Off) == 0 {
			return nil, bad(y.Year, "no holidays")
		}
		near := func(s string) (time.Time, error) {
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				return t, bad(y.Year, "%q: want a date, YYYY-MM-DD", s)
			}
			if t.Year() < y.Year-1 || t.Year() > y.Year {
				return t, bad(y.Year, "%s is not in the year's arrangement", s)
			}
			return t, nil
		}
		for _, o := range y.Off {
			from, err := near(o.From)
			if err != nil {
				return nil, err
			}
			to := from
			if o.To != "" {
				if to, err = near(o.To); err != nil {
					return nil, err
				}
			}
			if to.Before(from) || to.Sub(from) > 15*24*time.Hour {
				return nil, bad(y.Year, "%s: %s to %s is no holiday", o.Name, o.From, o.To)
			}
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				c.off[dayOf(d)] = true
			}
		}
		for _, w := range y.Work {
			d, err := near(w)
			if err != nil {
				return nil, err
			}
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, bad(y.Year, "%s is a %s: a make-up working day falls on a weekend", w, wd)
			}
			c.work[dayOf(d)] = true
		}
		c.years[y.Year] = y.Sources
	}
	for d := range c.work {
		if c.off[d] {
			return nil, yamlfile.Errorf(file, 0, "years", "%d-%02d-%02d is both a holiday and a working day", d.y, d.m, d.d)
		}
	}
	sort.Ints(c.unknown)
	return c, nil
}
