package outcome

// Level is where a site stands on one veto line.
type Level string

const (
	Pass    Level = "pass"    // 合格
	Warn    Level = "warning" // 预警: past the monitoring vendors' early line
	Fail    Level = "fail"    // 不合格: at or past the veto line
	Unknown Level = "unknown" // 无法判断
)

// Label is the level in Chinese.
func (l Level) Label() string {
	return map[Level]string{Pass: "合格", Warn: "预警", Fail: "不合格", Unknown: "无法判断"}[l]
}

// The stable ids of the veto lines of 国办秘函〔2019〕19号 (domain.md §1).
const (
	VetoHomepageOpen    = "homepage-open"    // the homepage opens in this run
	VetoHomepageUpdated = "homepage-updated" // days since the homepage's newest item
	VetoStaleA          = "stale-a"          // stale 动态要闻 + 通知公告/政策文件 columns
	VetoStaleB          = "stale-b"          // all stale columns
	VetoEmptyC          = "empty-c"          // empty columns
	// VetoHomepageAvailable is the week's homepage availability, measured
	// by the daemon's samples (govaudit serve), in per mille of failures.
	VetoHomepageAvailable = "homepage-available"
)

// VetoLine is the site's standing against one single-veto item: the value
// measured, the vendors' warning line and the veto line (both "at or
// above"), in Unit.
type VetoLine struct {
	ID     string `json:"id"`
	Item   string `json:"item"` // the line in Chinese
	Value  int    `json:"value"`
	Warn   int    `json:"warn"`
	Fail   int    `json:"fail"`
	Unit   string `json:"unit"` // "days", "columns", "failures", "permille"
	Level  Level  `json:"level"`
	Detail string `json:"detail"` // for people, Chinese
}
