package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
)

const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Text writes the outcome in Chinese: the veto-line standing, the counted
// and pending findings grouped by check and page (new ones marked), then
// the accepted ones, the fixed and the unverified ones, the targets to look
// at by hand and a summary line.
func Text(w io.Writer, o *outcome.Outcome, opt Options) error {
	p := &printer{w: w, color: opt.Color}
	loc := opt.location()
	run := o.Run
	p.linef(bold, "govaudit 检查报告 · %s", run.Site)
	p.linef(dim, "检查编号 %s · %s 至 %s · 页面 %d 个 · 链接 %d 条",
		run.ID, run.Started.In(loc).Format("2006-01-02 15:04:05"), run.Finished.In(loc).Format("15:04:05"), run.Pages, run.Links)
	if !run.AsOf.IsZero() {
		p.linef(dim, "检查日期 %s（各栏目更新时限由此日期倒推）", run.AsOf.In(loc).Format("2006-01-02"))
	}
	switch {
	case run.Status != outcome.StatusComplete:
		p.linef(yellow, "本次检查未完成（%s）：结果不完整，不作为下次对比的基准；未再检查到的问题不算已修复。", run.Note)
	case run.Scope.Limited > 0:
		p.linef(yellow, "本次检查受抓取上限限制（--max-pages %d / --max-depth %d），有 %d 个页面未抓取：只覆盖了部分网站，不作为对比基准，栏目与年度报告等全站性检查未进行。",
			run.Scope.MaxPages, run.Scope.MaxDepth, run.Scope.Limited)
	}
	if c := o.Cycle; c != nil {
		p.linef(bold, "增量检查：完整读取首页和列表页 %d 个、新页面 %d 个、站点地图（sitemap.xml）标明已更新的 %d 个，轮换复查 %d 个（其中 %d 个未修改），%d 个页面留待以后；共发出 %d 个请求（每晚预算 %s 个请求）",
			c.Lists, c.New, c.Sitemap, c.Slice, c.NotModified, c.Carried, c.Requests, budgetText(c.Budget))
		oldest := "—"
		if !c.Oldest.IsZero() {
			oldest = c.Oldest.In(loc).Format("2006-01-02")
		}
		cycle := fmt.Sprintf("按此预算 %d 晚复查一轮", c.Nights)
		switch {
		case c.Nights == 0:
			cycle = "预算连列表页都不够，无法轮换复查：请调高 --budget"
		case c.Nights > c.Days:
			cycle += fmt.Sprintf("，超过周期 %d 天：请调高 --budget 或 --rate", c.Days)
		}
		p.linef(dim, "  近 %d 天内已核实 %d / %d 个页面，最早一次核实于 %s；%s。未重新读取的页面上的问题照旧列出，标明上次核实日期；年度报告、政策解读等全站性检查留待完整检查。",
			c.Days, c.Verified, c.Pages, oldest, cycle)
	}
	if len(o.Standing) > 0 {
		p.line("")
		p.linef(bold, "单项否决指标（国办秘函〔2019〕19号）")
		for _, l := range o.Standing {
			col := ""
			switch l.Level {
			case outcome.Fail:
				col = red
			case outcome.Warn:
				col = yellow
			case outcome.Unknown:
				col = dim
			}
			p.raw(fmt.Sprintf("  %s  %s：%s\n", p.paint(col, pad(l.Level.Label(), 4)), l.Item, l.Detail))
		}
		if d := o.Day; d != nil {
			p.linef(dim, "  首页可用性（检查前 24 小时）：%d 次探测失败 %d 次（%.1f%%）", d.Samples, d.Failures, d.FailurePct())
		}
		judged := 0
		for _, c := range o.Columns {
			if !c.Exempt && c.WindowDays > 0 {
				judged++
			}
		}
		p.linef(dim, "  识别栏目 %d 个，其中 %d 个按更新时限考核（明细见 --format json 的 columns）", len(o.Columns), judged)
	}

	var main, accepted []outcome.Finding
	for _, f := range o.Findings {
		if f.Status == outcome.Accepted {
			accepted = append(accepted, f)
		} else {
			main = append(main, f)
		}
	}
	for i := 0; i < len(main); {
		check := main[i].Check
		j := i
		for j < len(main) && main[j].Check == check {
			j++
		}
		p.line("")
		p.linef(bold, "%s（%s）· %d 项", opt.title(check), check, j-i)
		page := ""
		for _, f := range main[i:j] {
			if f.Page != page {
				page = f.Page
				p.linef(cyan, "  页面 %s", page)
			}
			mark := ""
			switch {
			case f.Status == outcome.Pending:
				mark = " [待确认：偶发失败，连续出现才计入]"
			case f.Status == outcome.New && o.Baseline != nil:
				mark = " [新]"
			}
			if !f.Verified.IsZero() && f.Verified.Before(run.Started) {
				mark += " [上次核实 " + f.Verified.In(loc).Format("2006-01-02") + "]"
			}
			col := yellow
			if f.Severity == checks.Error {
				col = red
			} else if f.Severity == checks.Info || f.Status == outcome.Pending {
				col = dim
			}
			p.raw(fmt.Sprintf("    %s  %s%s\n", p.paint(col, f.Severity.Label()), f.Message, mark))
			p.linef(dim, "          %s", detailOf(f.Finding))
		}
		i = j
	}
	if len(main) == 0 {
		p.line("")
		p.line("未发现问题。")
	}
	if len(accepted) > 0 {
		p.line("")
		p.linef(bold, "已接受（不计入问题数与退出码）· %d 项", len(accepted))
		for _, f := range accepted {
			why := ""
			if a := f.Accepted; a != nil {
				why = "理由：" + a.Reason
				if !a.Until.IsZero() {
					why += "，有效至 " + a.Until.In(loc).Format("2006-01-02")
				}
			}
			p.linef("", "  %s  %s  %s", f.Page, f.Message, why)
			p.linef(dim, "          识别码 %s", f.Fingerprint)
		}
	}
	if len(o.Fixed) > 0 {
		p.line("")
		p.linef(bold, "已修复（上次基准检查发现，本次复查已不存在）· %d 项", len(o.Fixed))
		for _, f := range o.Fixed {
			p.linef("", "  %s  %s%s", f.Page, f.Rule, arrow(f.Target))
		}
	}
	if len(o.Unverified) > 0 {
		p.line("")
		p.linef(bold, "未复查（本次未检查到所在页面，仍按未修复计）· %d 项", len(o.Unverified))
		for _, f := range o.Unverified {
			p.linef("", "  %s  %s%s", f.Page, f.Rule, arrow(f.Target))
		}
	}
	p.targets("需人工核实（目标站点拒绝自动访问，未计为问题）", o.Blocked)
	p.targets("未访问（指向内网、本机或云元数据地址；确属本单位内网可用 --allow-private 放开）", o.Private)
	if len(o.Capped) > 0 {
		p.line("")
		ids := make([]string, 0, len(o.Capped))
		for id := range o.Capped {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			p.linef(bold, "%s：另有 %d 处同类问题未列出（每项检查最多列出 2000 处；请先处理已列出的问题）", id, o.Capped[id])
		}
	}
	p.targets("部分读取的页面（超过大小上限、嵌套过深，或脚本加载的栏目列表未能读取）", o.PartlyRead)
	if len(o.Paused) > 0 {
		p.line("")
		p.linef(bold, "限流暂停（目标主机返回 429/503，已按其 Retry-After 整体暂停访问）· %d 个主机", len(o.Paused))
		for _, h := range o.Paused {
			p.linef("", "  %s  暂停 %d 次，共 %d 秒", h.Host, h.Pauses, h.WaitedSeconds)
		}
	}
	c := o.Count()
	p.line("")
	summary := fmt.Sprintf("汇总：错误 %d · 警告 %d · 提示 %d ｜ 新增 %d / 已修复 %d / 未修复 %d",
		c.Errors, c.Warnings, c.Infos, c.New, c.Fixed, c.Open+c.Unverified)
	if c.Pending > 0 {
		summary += fmt.Sprintf(" / 待确认 %d", c.Pending)
	}
	if c.Accepted > 0 {
		summary += fmt.Sprintf(" / 已接受 %d", c.Accepted)
	}
	if o.Baseline != nil {
		summary += fmt.Sprintf("（对比 %s 的检查）", o.Baseline.Started.In(loc).Format("2006-01-02 15:04"))
	} else {
		summary += "（首次检查）"
	}
	if n := o.Skipped.Robots + o.Skipped.Traps; n > 0 {
		summary += fmt.Sprintf(" ｜ 按 robots.txt 或防陷阱规则跳过 %d 个地址", n)
	}
	p.linef(bold, "%s", summary)
	return p.err
}

func detailOf(f checks.Finding) string {
	detail := []string{"规则 " + f.Rule}
	if f.Target != "" {
		detail = append(detail, "目标 "+f.Target)
	}
	if f.Evidence != "" {
		detail = append(detail, f.Evidence)
	}
	return strings.Join(detail, " · ")
}

func arrow(target string) string {
	if target == "" {
		return ""
	}
	return " → " + target
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

func budgetText(n int) string {
	if n <= 0 {
		return "不限"
	}
	return fmt.Sprint(n)
}

// targets lists URLs the run set apart, under a heading with their count;
// nothing when there are none.
func (p *printer) targets(heading string, ts []outcome.Target) {
	if len(ts) == 0 {
		return
	}
	p.line("")
	p.linef(bold, "%s · %d 项", heading, len(ts))
	for _, t := range ts {
		p.linef("", "  %s  %s", t.URL, t.Detail)
	}
}
