package demo

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
	"time"

	"govaudit/internal/filetype"
)

// generated lists the binary files of the site (images and attachments),
// built at first use so that the tree holds no binaries. Key: host + path.
// Add a row to add a file; the content type follows the extension.
var generated = map[string]func() []byte{
	// images
	mainHost + "/images/logo.png":                             func() []byte { return pngImage(400, 80, 0) },
	mainHost + "/images/banner.png":                           func() []byte { return pngImage(1000, 200, 1) },
	mainHost + "/images/gaba.png":                             func() []byte { return pngImage(20, 20, 2) },
	mainHost + "/images/zt_map.png":                           func() []byte { return pngImage(600, 200, 3) },
	mainHost + "/images/tj_xqzz.png":                          func() []byte { return pngImage(600, 900, 4) },
	mainHost + "/images/tj_jljl.png":                          func() []byte { return pngImage(600, 900, 5) },
	mainHost + "/zt/xyaq/xyaq_banner.png":                     func() []byte { return pngImage(600, 150, 6) },
	mainHost + "/xxgk/gzdt/202611/W020261127512345678911.jpg": func() []byte { return jpegImage(600, 400, 0) },
	mainHost + "/xxgk/gzdt/202611/W020261118512345678901.jpg": func() []byte { return jpegImage(600, 400, 1) },
	mainHost + "/xxgk/gzdt/202611/W020261118512345678902.jpg": func() []byte { return jpegImage(600, 400, 2) },
	"dcs.conac.cn/image/red.png":                              func() []byte { return pngImage(48, 60, 7) },

	// attachments
	mainHost + "/xxgk/zcwj/202611/P020261116384756100001.pdf": func() []byte {
		return pdfDocument("Lanjiang Municipal Education Bureau", "Measures for After-school Services in Primary and Secondary Schools", "Lanjiaofa [2026] No. 28")
	},
	mainHost + "/xxgk/tzgg/202611/P020261123384756100002.xlsx": func() []byte {
		return xlsxDocument([][]string{
			{"序号", "成果名称", "第一完成人", "完成单位", "等级"},
			{"1", "指向深度学习的小学数学大单元教学实践", "陈晓燕", "江滨区实验小学", "一等奖"},
			{"2", "初中科学跨学科项目化学习的区域推进", "刘志强", "澜湖区青石中学", "一等奖"},
			{"3", "普通高中生涯规划教育课程体系建设", "黄丽君", "澜江市第一中学", "二等奖"},
			{"4", "幼儿园自主游戏中的教师观察与支持", "吴佳敏", "澜江市实验幼儿园", "三等奖"},
		})
	},
	mainHost + "/xxgk/tzgg/202611/P020261119384756100003.xlsx": func() []byte {
		return xlsxDocument([][]string{
			{"序号", "核查指标", "核查要点"},
			{"1", "在校学生数", "与学籍系统数据一致"},
			{"2", "教职工数", "与人事系统数据一致"},
			{"3", "校舍建筑面积", "与产权证明或竣工验收资料一致"},
		})
	},
	mainHost + "/xxgk/tzgg/202611/P020261119384756100004.docx": func() []byte {
		return docxDocument("2026年度教育统计数据核查情况报告（模板）", "一、核查工作开展情况", "二、发现的问题及整改情况", "三、下一步工作打算", "填报单位（盖章）：            填报日期：")
	},
	mainHost + "/xxgk/tzgg/202611/P020261105384756100005.docx": func() []byte {
		return docxDocument("2026年澜江市中小学教师教学技能比赛报名表", "姓名：", "性别：", "任教学科：", "所在学校：", "联系电话：", "学校意见（盖章）：")
	},
	mainHost + "/xxgk/tzgg/202611/P020261105384756100006.zip": func() []byte {
		return zipArchive([][2]string{
			{"比赛规程.docx", string(docxDocument("2026年澜江市中小学教师教学技能比赛规程", "一、比赛时间：2026年12月", "二、比赛地点：澜江市教师发展中心", "三、比赛环节：教学设计、课堂教学展示、说课答辩"))},
			{"评分标准.txt", "教学设计30分；课堂教学展示50分；说课答辩20分。\r\n"},
		})
	},
	mainHost + "/xxgk/tzgg/202610/P020261015384756100007.pdf": func() []byte {
		return pdfDocument("Lanjiang Municipal Education Bureau", "Teacher Qualification Certification, second half of 2026", "Online application: 2026-10-20 to 2026-11-10")
	},
	mainHost + "/xxgk/tzgg/202610/P020261012384756100008.docx": func() []byte {
		return docxDocument("学校食品安全自查表", "一、证照管理：□符合 □不符合", "二、食材采购查验：□符合 □不符合", "三、餐具清洗消毒：□符合 □不符合", "四、校长陪餐制度：□落实 □未落实")
	},
	mainHost + "/xxgk/rsxx/202610/P020261020384756100009.xlsx": func() []byte {
		return xlsxDocument([][]string{
			{"序号", "姓名", "性别", "招聘岗位", "毕业院校", "学历"},
			{"1", "张思远", "男", "高中数学教师", "浙江师范大学", "硕士研究生"},
			{"2", "李雨桐", "女", "初中语文教师", "杭州师范大学", "大学本科"},
			{"3", "王子涵", "女", "小学英语教师", "宁波大学", "大学本科"},
			{"4", "赵一鸣", "男", "高中物理教师", "华东师范大学", "硕士研究生"},
		})
	},
	mainHost + "/xxgk/rsxx/202606/P020260612384756100010.docx": func() []byte {
		return docxDocument("2026年澜江市教育局直属事业单位公开招聘工作人员报名表", "报考岗位：", "姓名：", "出生年月：", "学历学位：", "毕业院校及专业：", "联系电话：", "本人承诺所填信息真实有效。签名：")
	},
	mainHost + "/xxgk/ghjh/202512/P020251230384756100011.pdf": func() []byte {
		return pdfDocument("Lanjiang Municipal Education Bureau", "15th Five-Year Plan for Education (draft for comments)", "2026-2030")
	},
	mainHost + "/xxgk/ghjh/202108/P020210820384756100012.pdf": func() []byte {
		return pdfDocument("Lanjiang Municipal Education Bureau", "14th Five-Year Plan for Education", "2021-2025")
	},
	mainHost + "/xxgk/ndbg/202601/P020260128384756100013.pdf": func() []byte {
		return pdfDocument("Lanjiang Municipal Education Bureau", "Annual Report on Government Information Disclosure 2025")
	},
	mainHost + "/xxgk/sjkf/202611/P020261110384756100014.xlsx": func() []byte {
		return xlsxDocument([][]string{
			{"学校名称", "学校类型", "办学性质", "所在区县", "地址", "联系电话", "在校生数", "班级数"},
			{"澜江市第一中学", "普通高中", "公办", "江滨区", "江滨区学府路1号", "0570-87650001", "2350", "48"},
			{"江滨区实验小学", "小学", "公办", "江滨区", "江滨区文昌路18号", "0570-87650002", "1980", "42"},
			{"澜湖区青石中学", "初级中学", "公办", "澜湖区", "澜湖区青石街66号", "0570-87650003", "1420", "30"},
		})
	},
	mainHost + "/xxgk/sjkf/202609/P020260915384756100015.xlsx": func() []byte {
		return xlsxDocument([][]string{
			{"学校名称", "学段", "招生班级数", "招生计划数", "学区范围"},
			{"江滨区实验小学", "小学", "8", "360", "文昌社区、学府社区"},
			{"澜湖区青石中学", "初中", "10", "500", "青石街道"},
		})
	},
	mainHost + "/xxgk/sjkf/202605/P020260520384756100016.zip": func() []byte {
		return zipArchive([][2]string{
			{"澜江市校外培训机构白名单.csv", "\ufeff机构名称,统一社会信用代码,办学许可证号,培训类别,地址\r\n澜江市启明艺术培训学校有限公司,91339900MA2X0A1B2C,教民133990070000011号,艺术类,江滨区滨江大道200号\r\n"},
			{"说明.txt", "数据更新时间：2026年5月20日。\r\n"},
		})
	},
	// trap: a 3 MB PDF (served with Range support: its head and tail are
	// read, never the whole of it)
	mainHost + "/xxgk/tzgg/202610/P020261015384756100026.pdf": func() []byte {
		return paddedPDF(3<<20, "Lanjiang Municipal Education Bureau", "Teacher Qualification Certification: questions and answers 2016-2026")
	},
}

var (
	genMu    sync.Mutex
	genCache = map[string][]byte{}
)

// generatedFile returns the generated file at key (host + path).
func generatedFile(key string) ([]byte, bool) {
	build, ok := generated[key]
	if !ok {
		return nil, false
	}
	genMu.Lock()
	defer genMu.Unlock()
	b, ok := genCache[key]
	if !ok {
		b = build()
		genCache[key] = b
	}
	return b, true
}

var palette = []color.RGBA{
	{0x1f, 0x4e, 0x8c, 0xff}, {0x2e, 0x7d, 0x32, 0xff}, {0xc6, 0x28, 0x28, 0xff}, {0x6a, 0x1b, 0x9a, 0xff},
	{0xef, 0x6c, 0x00, 0xff}, {0x00, 0x83, 0x8f, 0xff}, {0x45, 0x5a, 0x64, 0xff}, {0xd3, 0x2f, 0x2f, 0xff},
}

// picture draws a deterministic banded picture.
func picture(w, h, variant int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c := palette[variant%len(palette)]
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			k := uint8((x + 2*y) / 16 % 4 * 12)
			img.SetRGBA(x, y, color.RGBA{c.R + k/2, c.G + k/3, c.B, 0xff})
		}
	}
	return img
}

func pngImage(w, h, variant int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h, variant)); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return b.Bytes()
}

func jpegImage(w, h, variant int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h, variant), &jpeg.Options{Quality: 70}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// pdfDocument builds a one-page PDF 1.4 with a correct cross-reference
// table; lines must be ASCII (standard Helvetica font).
func pdfDocument(lines ...string) []byte { return paddedPDF(0, lines...) }

// paddedPDF is pdfDocument made at least size bytes long by an embedded
// (unreferenced) stream of filler text, like a scanned document's bulk.
func paddedPDF(size int, lines ...string) []byte {
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	var content strings.Builder
	content.WriteString("BT\n/F1 14 Tf\n72 770 Td\n")
	for i, l := range lines {
		if i > 0 {
			content.WriteString("0 -22 Td\n")
		}
		fmt.Fprintf(&content, "(%s) Tj\n", esc.Replace(l))
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		fmt.Sprintf("<< /Title (%s) /Producer (govaudit demo) /CreationDate (D:20261127180000+08'00') >>", esc.Replace(lines[0])),
	}
	if size > 0 {
		var fill strings.Builder
		for i := 0; fill.Len() < size; i++ {
			fmt.Fprintf(&fill, "%% scanned page data, line %08d: 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\n", i)
		}
		objects = append(objects, fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", fill.Len(), fill.String()))
	}
	return filetype.AssemblePDF(objects, "/Info 6 0 R")
}

var zipTime = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)

// zipArchive builds a ZIP of name/content pairs, deterministically.
func zipArchive(entries [][2]string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		f, err := z.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			panic(err)
		}
		if _, err := f.Write([]byte(e[1])); err != nil {
			panic(err)
		}
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// docxDocument builds a minimal Word document, one paragraph per line.
func docxDocument(lines ...string) []byte {
	var body strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(l))
	}
	return zipArchive([][2]string{
		{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", xmlHeader + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `<w:sectPr/></w:body></w:document>`},
	})
}

// xlsxDocument builds a minimal one-sheet workbook of inline strings.
func xlsxDocument(rows [][]string) []byte { return zipArchive(xlsxEntries(rows)) }

// xlsxEntries are the parts of xlsxDocument's workbook.
func xlsxEntries(rows [][]string) [][2]string {
	var sheet strings.Builder
	for i, row := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">`, i+1)
		for j, cell := range row {
			fmt.Fprintf(&sheet, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+j, i+1, xmlText(cell))
		}
		sheet.WriteString("</row>")
	}
	return [][2]string{
		{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", xmlHeader + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheet.String() + `</sheetData></worksheet>`},
	}
}
