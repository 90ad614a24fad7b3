package outcome

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestFindingStatusLabelCover2(t *testing.T) {
	for _, tc := range []struct {
		s    FindingStatus
		want string
	}{
		{New, "新增"},
		{Open, "未修复"},
		{Pending, "待确认"},
		{Accepted, "已接受"},
		{FindingStatus("other"), "other"}, // unknown: itself
		{FindingStatus(""), ""},
	} {
		if got := tc.s.Label(); got != tc.want {
			t.Errorf("FindingStatus(%q).Label() = %q, want %q", string(tc.s), got, tc.want)
		}
	}
}

func TestFindingStatusCountedCover2(t *testing.T) {
	for _, tc := range []struct {
		s    FindingStatus
		want bool
	}{
		{New, true}, {Open, true}, {Pending, false}, {Accepted, false}, {FindingStatus(""), false},
	} {
		if got := tc.s.Counted(); got != tc.want {
			t.Errorf("FindingStatus(%q).Counted() = %v, want %v", string(tc.s), got, tc.want)
		}
	}
}

func TestLevelLabelCover2(t *testing.T) {
	for _, tc := range []struct {
		l    Level
		want string
	}{
		{Pass, "合格"},
		{Warn, "预警"},
		{Fail, "不合格"},
		{Unknown, "无法判断"},
		{Level("nonsense"), ""},
	} {
		if got := tc.l.Label(); got != tc.want {
			t.Errorf("Level(%q).Label() = %q, want %q", string(tc.l), got, tc.want)
		}
	}
	// The JSON values of the levels are part of the contract.
	if Pass != "pass" || Warn != "warning" || Fail != "fail" || Unknown != "unknown" {
		t.Errorf("level values changed: %q %q %q %q", Pass, Warn, Fail, Unknown)
	}
}

// TestSkippedTotalLeavesOutPartlyRead: every field has its own bit, so a
// missing or extra term shows.
func TestSkippedTotalLeavesOutPartlyRead(t *testing.T) {
	s := Skipped{Robots: 1, Traps: 2, Limit: 4, Private: 8, PartlyRead: 16}
	if got := s.Total(); got != 15 {
		t.Errorf("Total = %d, want 15 (robots+traps+limit+private, not partly read)", got)
	}
	if got := (Skipped{}).Total(); got != 0 {
		t.Errorf("zero Total = %d, want 0", got)
	}
}

func TestRunIDStringCover2(t *testing.T) {
	for _, tc := range []struct {
		id   RunID
		want string
	}{
		{0, "0000000000000000"},
		{0xabc, "0000000000000abc"},
		{0x0123456789abcdef, "0123456789abcdef"},
		{0xffffffffffffffff, "ffffffffffffffff"},
		{1700000000123456789, "17979cfe3d85cd15"},
	} {
		if got := tc.id.String(); got != tc.want {
			t.Errorf("RunID(%d).String() = %q, want %q", uint64(tc.id), got, tc.want)
		}
	}
}

func TestRunIDTimeCover2(t *testing.T) {
	id := RunID(1700000000123456789)
	want := time.Date(2023, 11, 14, 22, 13, 20, 123456789, time.UTC)
	if got := id.Time(); !got.Equal(want) {
		t.Errorf("Time = %s, want %s", got.UTC().Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
	}
	if got := RunID(0).Time(); !got.Equal(time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("RunID(0).Time = %s, want the epoch", got.UTC())
	}
}

func TestParseRunIDCover2(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want RunID
	}{
		{"0000000000000abc", 0xabc},
		{"0000000000000ABC", 0xabc}, // either case
		{"17979CFE3d85cd15", 1700000000123456789},
		{"ffffffffffffffff", 0xffffffffffffffff},
		{"0000000000000000", 0},
	} {
		got, err := ParseRunID(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRunID(%q) = %d, %v; want %d", tc.in, uint64(got), err, uint64(tc.want))
		}
	}
	for _, in := range []string{
		"",
		"abc",
		"000000000000abc",   // 15 digits
		"00000000000000abc", // 17 digits
		"000000000000000g",  // not hex
		"0x00000000000abc",  // prefix not accepted
		"+000000000000abc",
		"-000000000000abc",
		"00000000_0000abc",
		" 000000000000abc",
	} {
		got, err := ParseRunID(in)
		if err == nil {
			t.Errorf("ParseRunID(%q) = %d, want an error", in, uint64(got))
			continue
		}
		if got != 0 {
			t.Errorf("ParseRunID(%q) returned %d with its error, want 0", in, uint64(got))
		}
		want := `run ID "` + in + `": want 16 hex digits`
		if err.Error() != want {
			t.Errorf("ParseRunID(%q) error %q, want %q", in, err, want)
		}
	}
}

func TestRunIDTextRoundTripCover2(t *testing.T) {
	id := RunID(1700000000123456789)
	b, err := id.MarshalText()
	if err != nil || string(b) != "17979cfe3d85cd15" {
		t.Fatalf("MarshalText = %q, %v; want 17979cfe3d85cd15", b, err)
	}
	var back RunID
	if err := back.UnmarshalText(b); err != nil || back != id {
		t.Fatalf("UnmarshalText(%q) = %d, %v; want %d", b, uint64(back), err, uint64(id))
	}
	// A bad text leaves the ID as it was.
	keep := RunID(42)
	if err := keep.UnmarshalText([]byte("42")); err == nil {
		t.Error("UnmarshalText(42) accepted a short ID")
	}
	if keep != 42 {
		t.Errorf("failed UnmarshalText changed the ID to %d", uint64(keep))
	}
}

// TestRunJSONIDIsString: the JSON contract shows the ID as its 16 hex
// digits, not as a number JavaScript would round, and reads it back.
func TestRunJSONIDIsString(t *testing.T) {
	r := Run{ID: 0xabc, Site: "gov", Status: StatusComplete,
		Started: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, `"id":"0000000000000abc"`) {
		t.Errorf("JSON %s lacks \"id\":\"0000000000000abc\"", s)
	}
	for _, absent := range []string{`"finished"`, `"as_of"`, `"note"`, `"pruned"`} {
		if strings.Contains(s, absent) {
			t.Errorf("JSON %s has %s though it is zero", s, absent)
		}
	}
	var back Run
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != 0xabc || back.Site != "gov" || back.Status != StatusComplete || !back.Started.Equal(r.Started) {
		t.Errorf("round trip = %+v, want %+v", back, r)
	}
	if err := json.Unmarshal([]byte(`{"id":"12"}`), &back); err == nil {
		t.Error(`json.Unmarshal accepted "id":"12"`)
	}
	if err := json.Unmarshal([]byte(`{"id":2748}`), &back); err == nil {
		t.Error(`json.Unmarshal accepted a numeric id`)
	}
}

func TestRunStatusLabelCover2(t *testing.T) {
	for _, tc := range []struct {
		run  Run
		want string
	}{
		{Run{Status: StatusComplete}, "完成"},
		{Run{Status: StatusComplete, Scope: Scope{MaxPages: 10}}, "完成"},
		{Run{Status: StatusComplete, Scope: Scope{MaxPages: 10, Limited: 1}}, "部分完成（受抓取上限限制）"},
		{Run{Status: StatusRunning}, "进行中"},
		{Run{Status: StatusDamaged, Note: "bad record"}, "记录损坏（govaudit db check 查看，db repair 修复）"},
		{Run{Status: StatusInterrupted}, "中断"},
		{Run{Status: StatusInterrupted, Note: NoteDied}, "中断（进程意外终止）"},
		{Run{Status: Status("queued")}, "queued"},
	} {
		if got := tc.run.StatusLabel(); got != tc.want {
			t.Errorf("%+v: StatusLabel = %q, want %q", tc.run, got, tc.want)
		}
	}
}

func TestPartialCover2(t *testing.T) {
	for _, tc := range []struct {
		run  Run
		want bool
	}{
		{Run{Status: StatusComplete}, false},
		{Run{Status: StatusComplete, Scope: Scope{Limited: 1}}, true},
		{Run{Status: StatusDamaged}, true},
		{Run{Status: StatusInterrupted}, true},
		{Run{Status: StatusRunning}, true},
	} {
		if got := tc.run.Partial(); got != tc.want {
			t.Errorf("%+v: Partial = %v, want %v", tc.run, got, tc.want)
		}
		if tc.run.Status == StatusDamaged && tc.run.IsBaseline() {
			t.Errorf("a damaged run is a baseline")
		}
	}
}

func TestFailurePctCover2(t *testing.T) {
	for _, tc := range []struct {
		a    Availability
		want float64
	}{
		{Availability{}, 0},
		{Availability{Samples: 0, Failures: 3}, 0}, // no samples: 0, not a division by zero
		{Availability{Samples: 8, Failures: 1}, 12.5},
		{Availability{Samples: 8, Failures: 8}, 100},
		{Availability{Samples: 200, Failures: 0}, 0},
	} {
		if got := tc.a.FailurePct(); got != tc.want {
			t.Errorf("%+v: FailurePct = %v, want %v", tc.a, got, tc.want)
		}
	}
}

func TestEnoughCover2(t *testing.T) {
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		to      time.Time
		samples int
		want    bool
	}{
		{"one day, 20", from.AddDate(0, 0, 1), 20, true},
		{"one day, 19", from.AddDate(0, 0, 1), 19, false},
		{"empty period", from, 100, false},
		{"backwards period", from.Add(-48 * time.Hour), 100, false},
		{"half a day", from.Add(12 * time.Hour), 100, false},
		{"a week less 20 minutes rounds to a week", from.AddDate(0, 0, 7).Add(-20 * time.Minute), 140, true},
		{"a week less 20 minutes, 139", from.AddDate(0, 0, 7).Add(-20 * time.Minute), 139, false},
		{"two days, 40", from.AddDate(0, 0, 2), 40, true},
		{"two days, 39", from.AddDate(0, 0, 2), 39, false},
	} {
		a := Availability{From: from, To: tc.to, Samples: tc.samples}
		if got := a.Enough(); got != tc.want {
			t.Errorf("%s: Enough = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAvailabilityLineFieldsCover2 pins the whole line: the value in per
// mille rounded half up, the lines, the unit and the Chinese detail.
func TestAvailabilityLineFieldsCover2(t *testing.T) {
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 7)
	for _, tc := range []struct {
		samples, failures int
		value             int
		level             Level
		detail            string
	}{
		{400, 1, 3, Pass, "400 次探测中失败 1 次（0.2%；预警线 3%，否决线 5%）"}, // 2.5‰ rounds up to 3
		{200, 1, 5, Pass, "200 次探测中失败 1 次（0.5%；预警线 3%，否决线 5%）"},
		{1600, 7, 4, Pass, "1600 次探测中失败 7 次（0.4%；预警线 3%，否决线 5%）"}, // 4.375‰
		{200, 6, 30, Warn, "200 次探测中失败 6 次（3.0%；预警线 3%，否决线 5%）"},
		{200, 10, 50, Fail, "200 次探测中失败 10 次（5.0%；预警线 3%，否决线 5%）"},
		{140, 0, 0, Pass, "140 次探测中失败 0 次（0.0%；预警线 3%，否决线 5%）"},
		{139, 139, 1000, Unknown, "139 次探测中失败 139 次（100.0%；预警线 3%，否决线 5%），样本不足（每天至少 20 次）"},
	} {
		a := Availability{From: from, To: to, Samples: tc.samples, Failures: tc.failures}
		l := a.Line()
		want := VetoLine{ID: "homepage-available", Item: "首页可用性：一周内首页探测失败率", Unit: "permille",
			Value: tc.value, Warn: 30, Fail: 50, Level: tc.level, Detail: tc.detail}
		if l != want {
			t.Errorf("%d of %d failed:\n got %+v\nwant %+v", tc.failures, tc.samples, l, want)
		}
	}
	// Without samples at all: unknown, value 0.
	l := (Availability{From: from, To: to}).Line()
	if l.Level != Unknown || l.Value != 0 ||
		l.Detail != "0 次探测中失败 0 次（0.0%；预警线 3%，否决线 5%），样本不足（每天至少 20 次）" {
		t.Errorf("no samples: %+v", l)
	}
}

func TestVetoIDsCover2(t *testing.T) {
	got := []string{VetoHomepageOpen, VetoHomepageUpdated, VetoStaleA, VetoStaleB, VetoEmptyC, VetoHomepageAvailable}
	want := []string{"homepage-open", "homepage-updated", "stale-a", "stale-b", "empty-c", "homepage-available"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("veto id %d = %q, want %q", i, got[i], want[i])
		}
	}
}
