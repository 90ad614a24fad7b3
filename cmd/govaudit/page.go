package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"govaudit/checks"
	"govaudit/internal/column"
	"govaudit/internal/crawl"
	"govaudit/internal/demo"
	"govaudit/internal/docno"
	"govaudit/internal/job"
	"govaudit/internal/link"
	"govaudit/internal/pii"
	"govaudit/internal/pubdate"
	"govaudit/internal/render"
	"govaudit/internal/transport"
	"govaudit/rules"
)

const pageSynopsis = `
用法：govaudit page <网址> [--format text|json]
      govaudit page --demo /xxgk/tzgg/index.html

显示 govaudit 从一个页面读到了什么，以便弄清某个结论从何而来：声明的和实际使用
的字符集、标题、发布日期及其来源（meta、标注、网址）、栏目及其类别、文号、列表页
的列表条目和分页——哪个板块被当作栏目自己的列表及原因、哪些被搁置（最新发布、
热点推荐等侧栏），以及列表是否由脚本绘制（从 HTML 注释或内嵌 JSON 读取，或未读取）
——还有页面上的链接和附件。`

// pageView is what `govaudit page` prints.
type pageView struct {
	URL         string        `json:"url"`
	Final       string        `json:"final,omitempty"`
	Status      int           `json:"status"`
	Error       string        `json:"error,omitempty"`
	ContentType string        `json:"content_type"`
	Declared    string        `json:"charset_declared"`
	Charset     string        `json:"charset_used"`
	Truncated   bool          `json:"truncated"`
	Title       string        `json:"title"`
	Date        string        `json:"date,omitempty"`
	DateSource  string        `json:"date_source,omitempty"`
	Column      string        `json:"column,omitempty"`
	ColumnFrom  string        `json:"column_source,omitempty"`
	Class       string        `json:"class,omitempty"`
	ClassName   string        `json:"class_name,omitempty"`
	Window      string        `json:"window,omitempty"`
	Crumbs      []string      `json:"breadcrumb"`
	DocNos      []string      `json:"issuing_numbers"`
	MetaDate    string        `json:"meta_date,omitempty"` // the PubDate meta when the page shows another date
	Items       []pageItem    `json:"items"`
	Empty       bool          `json:"empty"`
	EmptyWhy    string        `json:"empty_cue,omitempty"` // marker (暂无信息), zero (共0条), blank (an empty list)
	List        bool          `json:"list_page"`
	Search      bool          `json:"search_page"`
	Script      string        `json:"list_script,omitempty"`  // comment, json, datastore, browser (read from there) or unread
	RenderErr   string        `json:"render_error,omitempty"` // why the browser did not read a list drawn by script
	Records     int           `json:"records,omitempty"`      // 共N条 as the page states it
	Blocks      []pageBlock   `json:"blocks"`                 // every candidate list: the one taken and those set aside
	Index       []pageSub     `json:"index,omitempty"`        // an index page's blocks, each a sub-column (the page is then no column)
	Pagination  []string      `json:"pagination"`
	Links       []checks.Link `json:"-"`
	LinkList    []pageLink    `json:"links"`
	Attachments []pageLink    `json:"attachments"`
}

// pageSub is one block of an index page, read as a sub-column.
type pageSub struct {
	Heading string `json:"heading"`
	Key     string `json:"key"`            // the sub-column's key: where its 更多 link leads, or page#heading
	More    string `json:"more,omitempty"` // its 更多 link (or the heading's link)
	Items   int    `json:"items"`
	Newest  string `json:"newest,omitempty"`
	Empty   bool   `json:"empty"`
}

type pageItem struct {
	Date  string `json:"date"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// pageBlock is one candidate list of a page and what became of it.
type pageBlock struct {
	Heading string   `json:"heading"`
	Items   int      `json:"items"`
	Dated   int      `json:"dated"`
	Newest  string   `json:"newest,omitempty"`
	First   string   `json:"first,omitempty"`
	Source  string   `json:"source"` // html, comment, json, datastore
	Taken   bool     `json:"taken"`  // the page's own list
	Cues    []string `json:"cues"`   // why it was taken or set aside
}

type pageLink struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
	URL  string `json:"url"`
}

func cmdPage(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// What a page holds is shown masked, as everywhere else.
	masked := pii.NewWriter(stdout)
	defer masked.Flush()
	stdout = masked
	fs := newFlagSet("page", pageSynopsis, stderr)
	format := fs.String("format", "text", "输出`格式`：text 或 json")
	timeout := fs.Duration("timeout", 15*time.Second, "请求的时限")
	demoMode := fs.Bool("demo", false, "读取内置演示站点的页面：<网址> 可以只写路径，如 /xxgk/tzgg/index.html")
	browserFlag := fs.String("browser", job.Defaults.Browser, "列表由脚本加载（AJAX）时用浏览器运行页面脚本后读取：auto、off 或浏览器`程序`的路径")
	pos, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fail(stderr, "page", fmt.Sprintf("--format %q 无效：可选 text 或 json", *format))
		return exitUsage
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	raw := pos[0]
	opts := transport.Options{Timeout: *timeout}
	if *demoMode {
		site, err := demo.Start()
		if err != nil {
			fail(stderr, "page", "无法启动演示站点："+zh(err))
			return exitFailed
		}
		defer site.Close()
		opts.Hosts, opts.HostsOnly = site.Hosts, true
		if strings.HasPrefix(raw, "/") {
			raw = strings.TrimSuffix(site.URL, "/") + raw
		}
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	bin, err := job.Browser(*browserFlag)
	if err != nil {
		fail(stderr, "page", err.Error())
		return exitUsage
	}
	var draw crawl.Renderer
	if bin != "" {
		b := render.New(render.Options{Path: bin, Timeout: 2 * *timeout})
		defer b.Close()
		draw = b.Render
	}
	rt := transport.WithUserAgent(transport.New(opts), transport.UserAgent)
	v, err := crawl.Fetch(ctx, raw, rt, *timeout, time.Now(), draw)
	if err != nil {
		fail(stderr, "page", zh(err), "请给出完整的网页网址，如 https://jyj.example.gov.cn/col/col1229/index.html")
		return exitUsage
	}
	view := describePage(v)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(view); err != nil {
			return exitFailed
		}
	} else {
		printPage(stdout, view)
	}
	if v.Err != nil || v.Page == nil {
		return exitFailed
	}
	return exitOK
}

func describePage(v *crawl.Visit) pageView {
	view := pageView{URL: v.URL, Final: v.Final, Status: v.Status, ContentType: v.ContentType,
		Declared: v.Declared, Charset: v.Charset, Truncated: v.Truncated,
		Crumbs: []string{}, DocNos: []string{}, Items: []pageItem{}, Pagination: []string{},
		LinkList: []pageLink{}, Attachments: []pageLink{}, Blocks: []pageBlock{}}
	if v.Err != nil {
		view.Error = v.Err.Error()
	}
	if v.RenderErr != nil {
		view.RenderErr = v.RenderErr.Error()
	}
	p := v.Page
	if p == nil {
		return view
	}
	view.Title = p.Title
	if !p.Date.IsZero() {
		view.Date, view.DateSource = p.Date.Format("2006-01-02 15:04"), p.DateSource
		view.Date = strings.TrimSuffix(view.Date, " 00:00")
	}
	for _, c := range p.Crumbs {
		view.Crumbs = append(view.Crumbs, c.Text)
	}
	view.Column, view.ColumnFrom = p.ColumnName, "meta"
	if view.Column == "" && len(p.Crumbs) > 0 {
		view.Column, view.ColumnFrom = p.Crumbs[len(p.Crumbs)-1].Text, "crumb"
	}
	if view.Column == "" {
		view.ColumnFrom = ""
	}
	if cl, ok := rules.Classify(rules.DefaultColumnClasses(), view.Column); ok && view.Column != "" {
		view.Class, view.ClassName = cl.ID, cl.Name
		view.Window = checks.Window{Days: cl.Window.Days, Months: cl.Window.Months, Years: cl.Window.Years}.String()
		if cl.Exempt {
			view.Window = "不考核（专题）"
		}
	}
	for _, n := range docno.Find(p.Title + "\n" + p.Text) {
		if !contains(view.DocNos, n.Canonical) {
			view.DocNos = append(view.DocNos, n.Canonical)
		}
	}
	for _, it := range p.Items {
		d := "无日期"
		if !it.Date.IsZero() {
			d = it.Date.Format("2006-01-02")
		}
		view.Items = append(view.Items, pageItem{Date: d, Title: it.Title, URL: it.URL})
	}
	view.Empty, view.List = p.Empty, p.IsList()
	view.EmptyWhy, view.Search, view.Script, view.Records = p.NoItems, p.Search, p.Script, p.Records
	if p.Doc != nil {
		if d, ok := pubdate.Page(p.Doc, p.URL); ok && !d.Meta.IsZero() {
			view.MetaDate = strings.TrimSuffix(d.Meta.Format("2006-01-02 15:04"), " 00:00")
		}
	}
	for i, l := range p.Lists {
		view.Blocks = append(view.Blocks, describeBlock(l, i == p.Own && p.Own < len(p.Lists)))
	}
	for _, sub := range (column.Template{}).Subs(p.PageSummary) {
		ps := pageSub{Heading: sub.Heading, Key: sub.Key, More: sub.More, Items: len(sub.Items), Empty: sub.Empty != ""}
		for _, it := range sub.Items {
			if d := it.Date.Format("2006-01-02"); !it.Date.IsZero() && d > ps.Newest {
				ps.Newest = d
			}
		}
		view.Index = append(view.Index, ps)
	}
	if len(view.Index) > 0 {
		view.List = false // the parent of its sub-columns, no column itself
	}
	view.Pagination = append(view.Pagination, p.Pagination...)
	for _, l := range p.Links {
		pl := pageLink{Kind: l.Kind.String(), Text: l.Text, URL: l.URL}
		if link.IsAttachmentString(l.URL) {
			view.Attachments = append(view.Attachments, pl)
		} else {
			view.LinkList = append(view.LinkList, pl)
		}
	}
	return view
}

// describeBlock says what a candidate list is and why it was taken or set
// aside, in Chinese.
func describeBlock(l checks.List, taken bool) pageBlock {
	b := pageBlock{Heading: l.Heading, Items: len(l.Items), Source: l.Source, Taken: taken, Cues: []string{}}
	for _, it := range l.Items {
		if it.Date.IsZero() {
			continue
		}
		b.Dated++
		if d := it.Date.Format("2006-01-02"); d > b.Newest {
			b.Newest, b.First = d, it.Title
		}
	}
	if len(l.Items) == 0 {
		b.Cues = append(b.Cues, "板块没有信息（标题和“更多”链接下显示暂无信息）")
	}
	if l.Pager {
		b.Cues = append(b.Cues, "紧接分页或记录数（共N条、第1/N页）")
	}
	if l.HeadingHit {
		b.Cues = append(b.Cues, "标题与栏目名一致")
	}
	if l.Side {
		if sideHeading(l.Heading) {
			b.Cues = append(b.Cues, "侧栏板块（标题“"+l.Heading+"”）")
		} else {
			b.Cues = append(b.Cues, "侧栏板块（aside，或 side、hot、latest、related 等样式名）")
		}
	}
	switch l.Source {
	case "comment":
		b.Cues = append(b.Cues, "列表行写在 HTML 注释中，由脚本显示")
	case "json":
		b.Cues = append(b.Cues, "从页面脚本内嵌的数据（JSON）读取")
	case "datastore":
		b.Cues = append(b.Cues, "从大汉 datastore 脚本读取")
	}
	if taken && len(b.Cues) == 0 {
		b.Cues = append(b.Cues, "页面中信息最多的列表")
	}
	return b
}

// sideHeading reports a heading of a side block (最新发布, 热点推荐 …).
func sideHeading(h string) bool {
	for _, w := range []string{"最新", "热点", "热门", "推荐", "排行", "相关"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func printPage(w io.Writer, v pageView) {
	row := func(k, val string) {
		if val != "" {
			for len([]rune(k)) < 4 {
				k += "　"
			}
			fmt.Fprintf(w, "%s  %s\n", k, val)
		}
	}
	row("网址", v.URL)
	row("最终网址", v.Final)
	if v.Error != "" {
		row("错误", v.Error)
	}
	row("状态", fmt.Sprint(v.Status))
	row("类型", v.ContentType)
	cs := "实际按 " + v.Charset + " 解码"
	if v.Declared != "" {
		cs = "声明 " + v.Declared + " · " + cs
	} else if v.Charset != "" {
		cs = "未声明 · " + cs
	}
	if v.Charset != "" {
		row("字符集", cs)
	}
	if v.Truncated {
		row("注意", "页面超过大小上限，只读取了前一部分")
	}
	row("标题", v.Title)
	if v.Date != "" {
		row("发布日期", v.Date+"（来源："+dateSourceLabel(v.DateSource)+"）")
	} else if v.Title != "" && !v.List {
		row("发布日期", "未找到（检查按“无可见日期”计）")
	}
	if v.Column != "" {
		col := v.Column + "（来源：" + map[string]string{"meta": "ColumnName 元数据", "crumb": "面包屑"}[v.ColumnFrom] + "）"
		if v.Class != "" {
			col += " · 类别 " + v.ClassName + " · 更新时限 " + v.Window
		} else {
			col += " · 未归入任何类别，不判断是否超期"
		}
		row("栏目", col)
	}
	if len(v.Crumbs) > 0 {
		row("面包屑", strings.Join(v.Crumbs, " > "))
	}
	if len(v.DocNos) > 0 {
		row("文号", strings.Join(v.DocNos, "、"))
	}
	if v.MetaDate != "" {
		row("注意", "PubDate 元数据为 "+v.MetaDate+"，与页面显示的日期不同：按页面显示的日期计")
	}
	if v.Search {
		row("页面类型", "站内搜索结果页：不是栏目，不判断空白或超期")
	}
	if v.Empty {
		why := map[string]string{"zero": "页面显示“共0条”", "blank": "栏目列表为空"}[v.EmptyWhy]
		if why == "" {
			why = "页面显示“暂无信息”"
		}
		row("列表", "空白（"+why+"，侧栏等其他板块不计）")
	}
	switch v.Script {
	case "unread":
		why := "未读取"
		if v.RenderErr != "" {
			why = "用浏览器运行页面脚本后仍未读到（" + v.RenderErr + "）"
		}
		row("列表", "由脚本加载（AJAX 等），页面源码中没有列表数据："+why+"，不判断空白或超期")
	case "browser":
		row("列表", "由脚本加载（AJAX 等）：已用浏览器运行页面脚本后读取")
	case "comment":
		row("列表", "由脚本显示，列表行写在 HTML 注释中：已从注释读取")
	case "json":
		row("列表", "由脚本根据页面内嵌数据绘制：已从数据（JSON）读取")
	case "datastore":
		row("列表", "大汉 datastore 脚本数据：已读取")
	}
	if v.Records > 0 {
		row("记录数", fmt.Sprintf("页面显示共 %d 条", v.Records))
	}
	if len(v.Blocks) > 0 {
		fmt.Fprintf(w, "页面中的列表板块 %d 个：\n", len(v.Blocks))
		for _, b := range v.Blocks {
			mark := "  搁置"
			if b.Taken {
				mark = "→ 采用"
			}
			h := b.Heading
			if h == "" {
				h = "（无标题）"
			}
			newest := ""
			if b.Newest != "" {
				newest = "，最新 " + b.Newest
			}
			fmt.Fprintf(w, "%s  %s：%d 条%s；%s\n", mark, h, b.Items, newest, strings.Join(b.Cues, "；"))
		}
		fmt.Fprintln(w, "  （单页查看只凭页面内线索；审计时还会比对全站页面，多页重复出现的板块（最新发布、热点推荐等）作为网站模板搁置，不算栏目内容）")
	}
	if len(v.Index) > 0 {
		fmt.Fprintf(w, "信息公开索引页：本页不作为栏目判断，%d 个板块各代表一个子栏目（读到子栏目自己的列表页时以列表页为准）：\n", len(v.Index))
		for _, sub := range v.Index {
			h := sub.Heading
			if h == "" {
				h = "（无标题）"
			}
			what := fmt.Sprintf("%d 条", sub.Items)
			if sub.Newest != "" {
				what += "，最新 " + sub.Newest
			}
			if sub.Empty {
				what = "板块没有信息（空白）"
			}
			fmt.Fprintf(w, "  %s：%s → %s\n", h, what, sub.Key)
		}
	}
	if len(v.Items) > 0 && v.List && len(v.Index) == 0 {
		fmt.Fprintf(w, "列表信息 %d 条（栏目列表页）：\n", len(v.Items))
		for i, it := range v.Items {
			if i == 20 {
				fmt.Fprintf(w, "  …… 另有 %d 条\n", len(v.Items)-20)
				break
			}
			fmt.Fprintf(w, "  %s  %s\n", it.Date, it.Title)
		}
	}
	if len(v.Pagination) > 0 {
		fmt.Fprintf(w, "分页 %d 页：%s\n", len(v.Pagination), strings.Join(v.Pagination, " "))
	}
	fmt.Fprintf(w, "链接 %d 条，附件 %d 个\n", len(v.LinkList), len(v.Attachments))
	for _, a := range v.Attachments {
		fmt.Fprintf(w, "  附件  %s  %s\n", a.Text, a.URL)
	}
}

func dateSourceLabel(s string) string {
	return map[string]string{"meta": "PubDate 元数据", "label": "页面“发布日期”等标注", "url": "网址中的日期", "text": "标题下的日期", "stamp": "页面注释中的发布时间"}[s]
}
