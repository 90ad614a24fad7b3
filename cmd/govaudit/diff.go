package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

func diffText(w io.Writer, site string, a, b outcome.Run, d store.Diff) error {
	loc := shanghai()
	var sb strings.Builder
	fmt.Fprintf(&sb, "govaudit 检查对比 · %s\n", site)
	fmt.Fprintf(&sb, "从 %s（%s，%s）到 %s（%s，%s）\n", a.ID, a.Started.In(loc).Format("2006-01-02 15:04"), a.StatusLabel(),
		b.ID, b.Started.In(loc).Format("2006-01-02 15:04"), b.StatusLabel())
	if b.Partial() {
		sb.WriteString("注意：后一次检查未覆盖全站，“已修复”中可能包含本次未复查到的问题。\n")
	}
	t := titles()
	for _, part := range []struct {
		label string
		fs    []checks.Finding
	}{{"新增", d.New}, {"已修复", d.Fixed}, {"未修复", d.Open}} {
		fmt.Fprintf(&sb, "\n%s · %d 项\n", part.label, len(part.fs))
		sortForDiff(part.fs)
		check, col := "\x00", "\x00"
		for _, f := range part.fs {
			if f.Check != check {
				check, col = f.Check, "\x00"
				title := t[f.Check]
				if title == "" {
					title = f.Check
				}
				fmt.Fprintf(&sb, "  %s（%s）\n", title, f.Check)
			}
			if f.Column != col {
				col = f.Column
				name := col
				if name == "" {
					name = "（未归入栏目）"
				}
				fmt.Fprintf(&sb, "    栏目 %s\n", name)
			}
			fmt.Fprintf(&sb, "      %s  %s  %s%s\n", f.Severity.Label(), f.Page, f.Message, arrowTo(f.Target))
		}
	}
	fmt.Fprintf(&sb, "\n汇总：新增 %d / 已修复 %d / 未修复 %d\n", len(d.New), len(d.Fixed), len(d.Open))
	_, err := io.WriteString(w, sb.String())
	return err
}

func arrowTo(t string) string {
	if t == "" {
		return ""
	}
	return " → " + t
}

type diffRun struct {
	ID      string `json:"id"`
	Started string `json:"started"`
	Status  string `json:"status"`
	Partial bool   `json:"partial"`
}

func diffJSON(w io.Writer, site string, a, b outcome.Run, d store.Diff) error {
	loc := shanghai()
	conv := func(r outcome.Run) diffRun {
		return diffRun{ID: r.ID.String(), Started: r.Started.In(loc).Format(time.RFC3339), Status: string(r.Status), Partial: r.Partial()}
	}
	nonNil := func(fs []checks.Finding) []checks.Finding {
		if fs == nil {
			return []checks.Finding{}
		}
		sortForDiff(fs)
		return fs
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema int              `json:"schema"`
		Site   string           `json:"site"`
		From   diffRun          `json:"from"`
		To     diffRun          `json:"to"`
		New    []checks.Finding `json:"new"`
		Fixed  []checks.Finding `json:"fixed"`
		Open   []checks.Finding `json:"open"`
	}{outcome.Schema, site, conv(a), conv(b), nonNil(d.New), nonNil(d.Fixed), nonNil(d.Open)})
}
