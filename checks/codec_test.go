package checks

import (
	"reflect"
	"testing"
	"time"
)

// fullSummary sets every field of a summary, and of the lists, items and
// links in it, to something other than its zero value.
func fullSummary() *PageSummary {
	beijing := time.FixedZone("CST", 8*3600)
	d := time.Date(2026, 11, 3, 9, 30, 0, 0, beijing)
	item := Item{URL: "http://x.gov.cn/a/1.html", Title: "关于印发《办法》的通知", Date: d}
	return &PageSummary{
		URL: "http://x.gov.cn/list/index.html", Title: "通知公告", Depth: 2, Home: true,
		Links: []Link{{URL: "http://x.gov.cn/logo.png", Text: "徽标", Kind: Image}, {URL: "http://x.gov.cn/", Text: "首页", Kind: Anchor},
			{URL: "http://x.gov.cn/logo.png", Text: "徽标", Kind: Image}},
		Date: d.Add(time.Hour), DateSource: "meta", ColumnName: "通知公告",
		Crumbs:     []Link{{URL: "http://x.gov.cn/list/", Text: "通知公告", Kind: Frame}, {URL: "http://x.gov.cn/", Text: "首页"}},
		Items:      []Item{item, {URL: "http://x.gov.cn/a/2.html", Title: "无日期"}},
		Empty:      true,
		Pagination: []string{"http://x.gov.cn/list/index_1.html"},
		DocNos:     []string{"杭教办〔2026〕12号"},
		Lists: []List{{Items: []Item{item}, Fingerprint: 0xfedcba9876543210, Heading: "最新发布", Pager: true, HeadingHit: true,
			Side: true, Source: "html", More: "http://x.gov.cn/more/"}},
		Own: 0, Blocks: []uint64{1, 1 << 63}, NoItems: "marker", Script: "json", Records: -3, Search: true,
	}
}

// nonZero fails for every field of v (a struct), or of a struct in it, that
// holds its zero value: a field added to the summary and not to the codec
// shows here first.
func nonZero(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			if v.Interface().(time.Time).IsZero() {
				t.Errorf("%s is zero", path)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Name == "Own" {
				continue // 0 is a list's index
			}
			nonZero(t, v.Field(i), path+"."+f.Name)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			t.Errorf("%s is empty", path)
		}
		if e := v.Index(0); e.Kind() == reflect.Struct {
			nonZero(t, e, path+"[0]")
		}
	default:
		if v.IsZero() {
			t.Errorf("%s is zero", path)
		}
	}
}

func TestSummaryCodecRoundTrip(t *testing.T) {
	in := fullSummary()
	nonZero(t, reflect.ValueOf(*in), "PageSummary")

	c := NewSummaryCodec()
	b := c.Append(nil, in)
	// A second page sharing links numbers them once.
	b2 := c.Append(nil, &PageSummary{URL: "http://x.gov.cn/b.html", Links: in.Links[:1]})
	if c.Links().Len() != 2 {
		t.Errorf("table holds %d links, want the 2 distinct ones", c.Links().Len())
	}
	out, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.Links != nil {
		t.Errorf("decoded Links = %v, want nil (compact form)", out.Links)
	}
	var got []Link
	for l := range out.AllLinks() {
		got = append(got, l)
	}
	if !reflect.DeepEqual(got, in.Links) {
		t.Errorf("links = %v, want %v", got, in.Links)
	}
	// Field for field, dates with their very location (== compares them).
	want := *in
	want.Links = nil
	out.linkIDs, out.linkTab = nil, nil
	if !reflect.DeepEqual(*out, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *out, want)
	}
	if out.Items[0] != in.Items[0] || out.Lists[0].Items[0] != in.Items[0] {
		t.Errorf("decoded item %v is not == to %v", out.Items[0], in.Items[0])
	}
	if out.IsList() != in.IsList() {
		t.Error("IsList differs after the round trip")
	}
	if p, err := c.Decode(b2); err != nil || p.LinkCount() != 1 || p.Title != "" || p.Items != nil {
		t.Errorf("second page: %+v, %v", p, err)
	}
}

func TestSummaryCodecRefusesDamage(t *testing.T) {
	c := NewSummaryCodec()
	b := c.Append(nil, fullSummary())
	// Every truncation, and a byte too many, is refused, never misread
	// and never a panic.
	for n := 0; n < len(b); n++ {
		if p, err := c.Decode(b[:n]); err == nil {
			t.Fatalf("decoding %d of %d bytes gave %+v, want an error", n, len(b), p)
		}
	}
	if _, err := c.Decode(append(b[:len(b):len(b)], 0)); err == nil {
		t.Error("a trailing byte was accepted")
	}
	bad := append([]byte{}, b...)
	bad[0] = codecVersion + 1
	if _, err := c.Decode(bad); err == nil {
		t.Error("another layout's version was accepted")
	}
	// A link number past the table's end.
	other := NewSummaryCodec()
	if _, err := other.Decode(b); err == nil {
		t.Error("link numbers of another table were accepted")
	}
	// Every single byte flipped: an error or a summary, never a panic.
	for i := range b {
		flip := append([]byte{}, b...)
		flip[i] ^= 0xff
		c.Decode(flip)
	}
}

func TestPages(t *testing.T) {
	a, b, c := &PageSummary{URL: "http://x/a"}, &PageSummary{URL: "http://x/b"}, &PageSummary{URL: "http://x/c"}
	ps := PagesOf(c, a, b)
	var order []string
	for p := range ps.All() {
		order = append(order, p.URL)
	}
	if !reflect.DeepEqual(order, []string{"http://x/a", "http://x/b", "http://x/c"}) {
		t.Errorf("order %v, want by URL", order)
	}
	if ps.Len() != 3 || ps.Get("http://x/b") != b || ps.Get("http://x/bb") != nil || ps.Err() != nil {
		t.Error("Len, Get or Err wrong")
	}
	for range ps.All() {
		break // stopping early is allowed
	}
	var none *Pages
	for range none.All() {
		t.Error("a nil Pages yielded a page")
	}
	if none.Len() != 0 || none.Get("http://x/a") != nil || none.Err() != nil {
		t.Error("a nil Pages is not empty")
	}
}
