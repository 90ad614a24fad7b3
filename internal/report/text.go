package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/audit"
)

// TextOptions shape the text report.
type TextOptions struct {
	Color    bool              // ANSI colours (a terminal)
	Titles   map[string]string // check ID → Chinese title
	Location *time.Location    // for times; default Asia/Shanghai
}

const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Text writes the findings grouped by check, then by page, in Chinese, with
// new ones marked, then the fixed ones, the targets to look at by hand and a
// summary line.
func Text(w io.Writer, r *audit.Result, o TextOptions) error {
	p := &printer{w: w, color: o.Color}
	loc := o.Location
	if loc == nil {
		loc = shanghai()
	}
	run := r.Run
	p.linef(bold, "govaudit 检查报告 · %s", run.Site)
	p.linef(dim, "检查编号 %s · %s 至 %s · 页面 %d 个 · 链接 %d 条",
		run.ID, run.Started.In(loc).Format("2006-01-02 15:04:05"), run.Finished.In(loc).Format("15:04:05"), run.Pages, run.Links)
	if !r.AsOf.IsZero() {
		p.linef(dim, "检查日期 %s（各栏目更新时限由此日期倒推）", r.AsOf.In(loc).Format("2006-01-02"))
	}
	if run.Status != "complete" {
		p.linef(yellow, "本次检查未完成（%s）：结果不完整，不作为下次对比的基准。", run.Note)
	}
	if len(r.Standing) > 0 {
		p.line("")
		p.linef(bold, "单项否决指标（国办秘函〔2019〕19号）")
		for _, l := range r.Standing {
			col := ""
			switch l.Level {
			case audit.Fail:
				col = red
			case audit.Warn:
				col = yellow
			case audit.Unknown:
				col = dim
			}
			p.raw(fmt.Sprintf("  %s  %s：%s\n", p.paint(col, pad(l.Level.Label(), 4)), l.Item, l.Detail))
		}
		judged := 0
		for _, c := range r.Columns {
			if !c.Exempt && !c.Window.IsZero() {
				judged++
			}
		}
		p.linef(dim, "  识别栏目 %d 个，其中 %d 个按更新时限考核（明细见 --format json 的 columns）", len(r.Columns), judged)
	}
	isNew := map[string]bool{}
	for _, f := range r.Diff.New {
		isNew[f.Fingerprint] = true
	}

	var errs, warns, infos int
	for i := 0; i < len(r.Findings); {
		check := r.Findings[i].Check
		j := i
		for j < len(r.Findings) && r.Findings[j].Check == check {
			j++
		}
		title := o.Titles[check]
		if title == "" {
			title = check
		}
		p.line("")
		p.linef(bold, "%s（%s）· %d 项", title, check, j-i)
		page := ""
		for _, f := range r.Findings[i:j] {
			switch f.Severity {
			case checks.Error:
				errs++
			case checks.Warning:
				warns++
			default:
				infos++
			}
			if f.Page != page {
				page = f.Page
				p.linef(cyan, "  页面 %s", page)
			}
			mark := ""
			if isNew[f.Fingerprint] && r.Previous != nil {
				mark = " [新]"
			}
			sev := f.Severity.Label()
			col := yellow
			if f.Severity == checks.Error {
				col = red
			} else if f.Severity == checks.Info {
				col = dim
			}
			p.raw(fmt.Sprintf("    %s  %s%s\n", p.paint(col, sev), f.Message, mark))
			detail := []string{"规则 " + f.Rule}
			if f.Target != "" {
				detail = append(detail, "目标 "+f.Target)
			}
			if f.Evidence != "" {
				detail = append(detail, f.Evidence)
			}
			p.linef(dim, "          %s", strings.Join(detail, " · "))
		}
		i = j
	}
	if len(r.Findings) == 0 {
		p.line("")
		p.line("未发现问题。")
	}
	if len(r.Diff.Fixed) > 0 {
		p.line("")
		p.linef(bold, "已修复（上次检查发现，本次不再出现）· %d 项", len(r.Diff.Fixed))
		for _, f := range r.Diff.Fixed {
			target := ""
			if f.Target != "" {
				target = " → " + f.Target
			}
			p.linef("", "  %s  %s%s", f.Page, f.Rule, target)
		}
	}
	if len(r.Blocked) > 0 {
		p.line("")
		p.linef(bold, "需人工核实（目标站点拒绝自动访问，未计为问题）· %d 项", len(r.Blocked))
		for _, b := range r.Blocked {
			p.linef("", "  %s  %s", b.URL, b.Detail)
		}
	}
	p.line("")
	summary := fmt.Sprintf("汇总：错误 %d · 警告 %d · 提示 %d ｜ 新增 %d / 已修复 %d / 未修复 %d",
		errs, warns, infos, len(r.Diff.New), len(r.Diff.Fixed), len(r.Diff.Open))
	if r.Previous != nil {
		summary += fmt.Sprintf("（对比 %s 的检查）", r.Previous.Started.In(loc).Format("2006-01-02 15:04"))
	} else {
		summary += "（首次检查）"
	}
	if r.Skipped > 0 {
		summary += fmt.Sprintf(" ｜ 按 robots.txt 或防陷阱规则跳过 %d 个地址", r.Skipped)
	}
	p.linef(bold, "%s", summary)
	return p.err
}

type printer struct {
	w     io.Writer
	color bool
	err   error
}

func (p *printer) paint(col, s string) string {
	if !p.color || col == "" {
		return s
	}
	return col + s + reset
}

func (p *printer) raw(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

func (p *printer) line(s string) { p.raw(s + "\n") }

func (p *printer) linef(col, format string, args ...any) {
	p.line(p.paint(col, fmt.Sprintf(format, args...)))
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// pad right-pads a Chinese label to n characters with full-width spaces.
func pad(s string, n int) string {
	for len([]rune(s)) < n {
		s += "　"
	}
	return s
}
