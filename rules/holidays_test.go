package rules

import (
	"strings"
	"testing"
	"time"
)

func civilDay(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("CST", 8*3600))
	if err != nil {
		panic(err)
	}
	return t
}

// TestHolidaysFile: the embedded calendar loads, records 2019–2026 with
// their notices, and says 2027 is not known.
func TestHolidaysFile(t *testing.T) {
	c := Holidays()
	for y := 2019; y <= 2026; y++ {
		if !c.Known(y) {
			t.Errorf("%d not recorded", y)
			continue
		}
		src := c.Sources(y)
		if !strings.Contains(src[0].Title, "国务院办公厅关于") || !strings.Contains(src[0].Title, "部分节假日安排的通知") {
			t.Errorf("%d: source %+v", y, src[0])
		}
		if y < 2026 && !strings.HasPrefix(src[0].Number, "国办发明电〔") {
			t.Errorf("%d: 文号 %q", y, src[0].Number)
		}
	}
	if c.Known(2027) || len(c.Unknown()) != 1 || c.Unknown()[0] != 2027 {
		t.Errorf("2027: known %v, unknown %v", c.Known(2027), c.Unknown())
	}
	if c.Known(2018) {
		t.Error("2018 recorded")
	}
}

func TestWorkday(t *testing.T) {
	for day, want := range map[string]bool{
		"2025-10-01": false, // National Day
		"2025-10-08": false, // the merged Mid-Autumn holiday's last day (Wednesday)
		"2025-10-09": true,
		"2025-09-28": true,  // make-up Sunday
		"2025-10-11": true,  // make-up Saturday
		"2025-10-12": false, // an ordinary Sunday
		"2024-02-04": true,  // make-up Sunday before the Spring Festival
		"2024-02-09": true,  // 除夕 2024 was a working day (only encouraged off)
		"2025-01-28": false, // 除夕 2025 is a holiday under the 2024 rules
		"2020-02-01": false, // Saturday no longer worked: the holiday was extended
		"2020-02-03": true,
		"2019-05-02": false, // Labour Day as adjusted by 国办发明电〔2019〕3号
		"2019-05-05": true,
		"2026-02-28": true, // make-up Saturday after the 9-day Spring Festival
		"2026-02-23": false,
		"2027-10-01": true,  // 2027 not recorded: a Friday counts
		"2018-06-18": true,  // 2018 not recorded: 端午 Monday counts
		"2027-10-02": false, // a Saturday all the same
	} {
		if got := Holidays().Workday(civilDay(day)); got != want {
			t.Errorf("Workday(%s) = %v, want %v", day, got, want)
		}
	}
}

// TestWorkingDaysAfterNationalDay counts at, below and above the 3-day
// boundary around National Day, where Monday to Friday gets it wrong.
func TestWorkingDaysAfterNationalDay(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     int
	}{
		// 2024: 10-01 to 10-07 off; Sunday 9-29 and Saturday 10-12 worked.
		{"2024-09-27", "2024-09-30", 2}, // Friday → Monday: the Sunday between is a working day
		{"2024-09-27", "2024-10-08", 3}, // Friday before → Tuesday after: 3, on time (Monday–Friday: 7)
		{"2024-09-27", "2024-10-09", 4}, // Wednesday after: late
		{"2024-09-27", "2024-10-10", 5}, // the Thursday after the holiday: late
		{"2024-10-10", "2024-10-14", 3}, // Thursday → Monday: the make-up Saturday counts
		{"2024-10-10", "2024-10-15", 4}, // Tuesday: late (Monday–Friday would say 3)
		// 2025: 10-01 to 10-08 off (National Day and Mid-Autumn); Sunday 9-28 worked.
		{"2025-09-26", "2025-09-30", 3}, // Friday before → Tuesday 9-30: on time
		{"2025-09-26", "2025-10-09", 4}, // the Thursday after the holiday: late
		{"2025-09-26", "2025-10-08", 3}, // inside the holiday: nothing more
		{"2025-09-30", "2025-10-09", 1},
		// 2027 is not recorded: Monday to Friday.
		{"2027-09-24", "2027-09-29", 3},
	} {
		if got := Holidays().WorkingDaysAfter(civilDay(tt.from), civilDay(tt.to)); got != tt.want {
			t.Errorf("WorkingDaysAfter(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestParseHolidaysErrors(t *testing.T) {
	for name, file := range map[string]string{
		"weekday make-up": "years:\n  - year: 2025\n    sources: [{title: t, number: n, date: 2024-11-12}]\n    off: [{name: a, from: 2025-01-01}]\n    work: [2025-01-02]\n",
		"both":            "years:\n  - year: 2025\n    sources: [{title: t}]\n    off: [{name: a, from: 2025-01-01, to: 2025-01-05}]\n    work: [2025-01-04]\n",
		"no source":       "years:\n  - year: 2025\n    off: [{name: a, from: 2025-01-01}]\n",
		"twice":           "years:\n  - {year: 2027, known: false}\n  - {year: 2027, known: false}\n",
		"unknown key":     "years:\n  - {year: 2027, known: false, note: x}\n",
		"far date":        "years:\n  - year: 2025\n    sources: [{title: t}]\n    off: [{name: a, from: 2021-01-01}]\n",
	} {
		if _, err := ParseHolidays("h.yaml", []byte(file)); err == nil || !strings.Contains(err.Error(), "h.yaml") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}
