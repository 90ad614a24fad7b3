// Package config reads a site's configuration file: which site, which other
// hosts belong to it, what to call, add, reclassify or exempt among its
// columns, and which column rules to use. Errors name the file, the line
// and the key.
package config

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"govaudit/internal/column"
	"govaudit/internal/outcome"
	"govaudit/internal/yamlfile"
	"govaudit/rules"
)

// Site is one site's configuration.
type Site struct {
	File          string
	URL           string // the homepage
	Name          string // what reports call the site, e.g. 杭州市教育局
	Hosts         []string
	Columns       []column.Override
	ColumnClasses []rules.ColumnClass // nil: the defaults
	Wording       *rules.Wording      // nil: the default wording rules
	// Accepted are findings the site's office has accepted (accepted:).
	Accepted []outcome.Acceptance
}

// Example is a commented configuration, for the README and `--help`.
const Example = `# govaudit site configuration
url: https://jyj.example.gov.cn/        # the homepage
name: 某市教育局                        # what reports call the site
hosts: [www.jyj.example.gov.cn]         # other host names of the same site
column_rules: my-columns.yaml           # optional: replaces rules/columns.yaml
wording_rules: [our-terms.yaml]         # optional: more wording rules, or disable: [ids] of defaults
columns:                                # optional: what the crawl cannot know
  - url: https://jyj.example.gov.cn/col/col1229/index.html
    name: 通知公告                       # name it (the page says otherwise)
    class: notice                       # reclassify it (a class id of the column rules)
  - url: https://jyj.example.gov.cn/zt/2019/index.html
    exempt: true                        # a closed 专题: never judged
accepted:                               # optional: findings the office accepts (govaudit accept does the same)
  - fingerprint: 4f1c0e6b2d9a8e7f3c5b1a20  # the finding's 识别码
    reason: 栏目已于2026年停用，链接保留备查
    until: 2027-03-31                   # optional: counts again after this day
`

// Load reads and checks a configuration file.
func Load(path string) (*Site, error) {
	data, err := yamlfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse checks a configuration held in memory; file names it in errors.
func Parse(file string, data []byte) (*Site, error) {
	root, err := yamlfile.Parse(file, data)
	if err != nil {
		return nil, err
	}
	if err := yamlfile.OnlyKeys(file, root, siteKeys...); err != nil {
		return nil, err
	}
	return parseSite(file, root)
}

// siteKeys are the keys of a site's configuration.
var siteKeys = []string{"url", "name", "hosts", "columns", "column_rules", "wording_rules", "accepted"}

// parseSite reads a site's keys from mapping root (its keys already checked).
func parseSite(file string, root *yaml.Node) (*Site, error) {
	var err error
	s := &Site{File: file}
	if s.URL, err = yamlfile.Str(file, root, "url", true); err != nil {
		return nil, err
	}
	if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, yamlfile.Errorf(file, yamlfile.Line(root, "url"), "url", "%q 不是 http(s) 网址：请写网站首页，如 https://jyj.example.gov.cn/", s.URL)
	}
	if s.Name, err = yamlfile.Str(file, root, "name", false); err != nil {
		return nil, err
	}
	if s.Hosts, err = yamlfile.Strs(file, root, "hosts", false); err != nil {
		return nil, err
	}
	for i, h := range s.Hosts {
		s.Hosts[i] = strings.ToLower(strings.TrimSpace(h))
		if strings.Contains(h, "/") {
			return nil, yamlfile.Errorf(file, yamlfile.Line(root, "hosts"), "hosts", "%q：只写主机名，不带 http:// 和路径，如 www.example.gov.cn", h)
		}
	}
	classes := rules.DefaultColumnClasses()
	if rf, err := yamlfile.Str(file, root, "column_rules", false); err != nil {
		return nil, err
	} else if rf != "" {
		if !filepath.IsAbs(rf) {
			rf = filepath.Join(filepath.Dir(file), rf)
		}
		data, err := yamlfile.ReadFile(rf)
		if err != nil {
			return nil, yamlfile.Errorf(file, yamlfile.Line(root, "column_rules"), "column_rules", "%v", err)
		}
		if classes, err = rules.ParseColumnClasses(rf, data); err != nil {
			return nil, err
		}
		s.ColumnClasses = classes
	}
	wf, err := yamlfile.Strs(file, root, "wording_rules", false)
	if err != nil {
		return nil, err
	}
	if len(wf) > 0 {
		for i, f := range wf {
			if !filepath.IsAbs(f) {
				wf[i] = filepath.Join(filepath.Dir(file), f)
			}
		}
		if s.Wording, err = rules.LoadWording(wf...); err != nil {
			return nil, err
		}
	}
	if s.Accepted, err = accepted(file, root); err != nil {
		return nil, err
	}
	cols, err := yamlfile.Field(file, root, "columns", yaml.SequenceNode, false)
	if err != nil || cols == nil {
		return s, err
	}
	known := map[string]bool{}
	for _, c := range classes {
		known[c.ID] = true
	}
	for _, n := range cols.Content {
		if err := yamlfile.OnlyKeys(file, n, "url", "name", "class", "exempt"); err != nil {
			return nil, err
		}
		var o column.Override
		if o.URL, err = yamlfile.Str(file, n, "url", true); err != nil {
			return nil, err
		}
		if u, err := url.Parse(o.URL); err != nil || u.Host == "" {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "url"), "columns.url", "%q 不是完整网址：应以 http:// 或 https:// 开头", o.URL)
		}
		if o.Name, err = yamlfile.Str(file, n, "name", false); err != nil {
			return nil, err
		}
		if o.Class, err = yamlfile.Str(file, n, "class", false); err != nil {
			return nil, err
		}
		if o.Class != "" && !known[o.Class] {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "class"), "columns.class", "没有类别 %q（栏目规则中定义的类别：%s）", o.Class, ids(classes))
		}
		if o.Exempt, err = yamlfile.Bool(file, n, "exempt"); err != nil {
			return nil, err
		}
		s.Columns = append(s.Columns, o)
	}
	return s, nil
}

// fingerprintRe is the form of a finding's fingerprint: 24 hex digits.
var fingerprintRe = regexp.MustCompile(`^[0-9a-f]{24}$`)

// accepted reads the accepted: list — findings the site's office accepts,
// each with its fingerprint, a reason and optionally the last day.
func accepted(file string, root *yaml.Node) ([]outcome.Acceptance, error) {
	list, err := yamlfile.Field(file, root, "accepted", yaml.SequenceNode, false)
	if err != nil || list == nil {
		return nil, err
	}
	var out []outcome.Acceptance
	for _, n := range list.Content {
		if err := yamlfile.OnlyKeys(file, n, "fingerprint", "reason", "until", "by"); err != nil {
			return nil, err
		}
		var a outcome.Acceptance
		if a.Fingerprint, err = yamlfile.Str(file, n, "fingerprint", true); err != nil {
			return nil, err
		}
		if !fingerprintRe.MatchString(a.Fingerprint) {
			return nil, yamlfile.Errorf(file, yamlfile.Line(n, "fingerprint"), "accepted.fingerprint",
				"%q 不是问题的识别码（报告中的识别码，24 位十六进制数字）", a.Fingerprint)
		}
		if a.Reason, err = yamlfile.Str(file, n, "reason", true); err != nil {
			return nil, err
		}
		if a.By, err = yamlfile.Str(file, n, "by", false); err != nil {
			return nil, err
		}
		until, err := yamlfile.Str(file, n, "until", false)
		if err != nil {
			return nil, err
		}
		if until != "" {
			loc, _ := time.LoadLocation("Asia/Shanghai")
			if a.Until, err = time.ParseInLocation("2006-01-02", until, loc); err != nil {
				return nil, yamlfile.Errorf(file, yamlfile.Line(n, "until"), "accepted.until", "%q：应为日期，如 2026-12-31", until)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

func ids(classes []rules.ColumnClass) string {
	var out []string
	for _, c := range classes {
		out = append(out, c.ID)
	}
	return strings.Join(out, ", ")
}
