package demo

import (
	"bytes"
	"net/http"
	"time"
)

// The calendar at /calendar/?month=YYYY-MM has a previous and a next month
// for ever: a crawler must bound it. Without (or with a bad) month it shows
// defaultMonth.
const defaultMonth = "2026-11"

// events of the calendar, by day.
var events = map[string]string{
	"2026-11-16": "第二届中小学生科技节闭幕",
	"2026-11-19": "教师信息技术应用能力提升培训启动",
	"2026-11-28": "全市中小学生田径运动会",
	"2026-12-05": "教育统计数据核查自查截止",
	"2026-12-12": "中小学教师教学技能比赛",
}

type calendarDay struct {
	Day   int
	Event string
}

func calendar(s *Site, w http.ResponseWriter, r *http.Request) {
	month, err := time.Parse("2006-01", r.URL.Query().Get("month"))
	if err != nil || month.Year() < 1000 || month.Year() > 9999 {
		month, _ = time.Parse("2006-01", defaultMonth)
	}
	var weeks [][]calendarDay
	week := make([]calendarDay, int(month.Weekday()))
	for d := month; d.Month() == month.Month(); d = d.AddDate(0, 0, 1) {
		week = append(week, calendarDay{Day: d.Day(), Event: events[d.Format("2006-01-02")]})
		if len(week) == 7 {
			weeks = append(weeks, week)
			week = nil
		}
	}
	if len(week) > 0 {
		weeks = append(weeks, append(week, make([]calendarDay, 7-len(week))...))
	}
	var b bytes.Buffer
	err = pageTemplates.ExecuteTemplate(&b, "calendar.html", map[string]any{
		"Title": month.Format("2006年1月"),
		"Prev":  month.AddDate(0, -1, 0).Format("2006-01"),
		"Next":  month.AddDate(0, 1, 0).Format("2006-01"),
		"Weeks": weeks,
	})
	if err != nil {
		http.Error(w, "demo: "+err.Error(), http.StatusInternalServerError)
		return
	}
	serveBytes(w, r, "text/html; charset=utf-8", b.Bytes())
}
