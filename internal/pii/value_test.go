package pii

import (
	"strings"
	"testing"
)

type inner struct {
	Text  string
	Notes []string
}

type record struct {
	URL    string
	Inner  inner
	Ptr    *inner
	List   []inner
	ByName map[string]string
	Bytes  []byte
	hidden string
}

func TestRedactValueReachesEveryString(t *testing.T) {
	// 11010519491231002X is the GB 11643 example number; 13812345678 a mobile.
	const id, mobile = "11010519491231002X", "13812345678"
	r := &record{
		URL:    "http://a.gov.cn/search?sfzh=" + id,
		Inner:  inner{Text: "联系人 张三 " + mobile, Notes: []string{"身份证 " + id}},
		Ptr:    &inner{Text: mobile},
		List:   []inner{{Text: "电话" + mobile}},
		ByName: map[string]string{"key" + mobile: "value " + id},
		Bytes:  []byte(mobile),
		hidden: mobile,
	}
	RedactValue(r)
	var all strings.Builder
	all.WriteString(r.URL + r.Inner.Text + strings.Join(r.Inner.Notes, "") + r.Ptr.Text + r.List[0].Text)
	for k, v := range r.ByName {
		all.WriteString(k + v)
	}
	if s := all.String(); strings.Contains(s, id) || strings.Contains(s, mobile) {
		t.Errorf("unmasked number left in %q", s)
	}
	if !strings.Contains(r.Inner.Text, "138******78") || !strings.Contains(r.URL, "1101************2X") {
		t.Errorf("masked forms missing: %q, %q", r.Inner.Text, r.URL)
	}
	if string(r.Bytes) != mobile || r.hidden != mobile {
		t.Error("bytes and unexported fields are not text to redact")
	}
}
