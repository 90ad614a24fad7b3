package demo

// Attachments that leak personal data (issue 4, personal-info): a student
// aid list whose spreadsheet carries full ID numbers and whose CSV carries
// the guardians' mobile numbers, linked from
// /xxgk/sjkf/202610/t20261016_5011950.html. The numbers are made up but
// valid (province 33, check digits per GB 11643), as a leak's would be.
var personalFiles = map[string]func() []byte{
	mainHost + "/xxgk/sjkf/202610/P020261016384756100030.xlsx": func() []byte {
		return xlsxDocument([][]string{
			{"序号", "学生姓名", "性别", "身份证号码", "就读学校", "资助项目", "金额（元）"},
			{"1", "陈雨萱", "女", "339902201203150429", "江滨区实验小学", "生活补助", "1000"},
			{"2", "林浩然", "男", "339903201009211634", "澜湖区青石中学", "生活补助", "1250"},
			{"3", "周子墨", "男", "339902201306073817", "江滨区实验小学", "学杂费减免", "800"},
			{"4", "吴思琪", "女", "339902201411300268", "江滨区实验小学", "生活补助", "1000"},
			{"5", "郑一凡", "男", "339903200904051978", "澜江市第一中学", "国家助学金", "2000"},
		})
	},
	mainHost + "/xxgk/sjkf/202610/P020261016384756100031.csv": func() []byte {
		return []byte("\ufeff序号,学生姓名,监护人,与学生关系,联系电话\r\n" +
			"1,陈雨萱,陈建国,父女,13857012468\r\n" +
			"2,林浩然,林美华,母子,15967023579\r\n" +
			"3,周子墨,周伟,父子,18857034680\r\n" +
			"4,吴思琪,吴秀英,祖孙,13757045791\r\n")
	},
}

func init() {
	for k, f := range personalFiles {
		generated[k] = f
	}
}
