package demo

import (
	"fmt"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// How a GBK page says what it is.
type gbkDeclaration int

const (
	gbkInHeader   gbkDeclaration = iota // Content-Type: text/html; charset=GBK, nothing in the page
	gbkMeta                             // only <meta charset="gbk"> in the page
	gbkHTTPEquiv                        // only <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
	gbkUndeclared                       // nothing anywhere: the audit must sniff
)

// gbkPages are stored as UTF-8 like every other page and transcoded to GBK
// when served, with the Content-Type header their declaration calls for
// (plain "text/html" unless gbkInHeader). The page's own <meta>, if any, is
// in its source. Key: host + path.
var gbkPages = map[string]gbkDeclaration{
	mainHost + "/xxgk/rsxx/202610/t20261020_5011955.html": gbkInHeader,
	mainHost + "/xxgk/ghjh/202603/t20260315_4930060.html": gbkMeta,       // carries gbk-meta-dead-link
	mainHost + "/xxgk/ndbg/202601/t20260128_4910030.html": gbkHTTPEquiv,  // the 2025 annual report
	mainHost + "/xxgk/jgzn/index.html":                    gbkUndeclared, // carries gbk-undeclared-dead-link
}

func toGBK(utf8 []byte) ([]byte, error) {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf8)
	if err != nil {
		return nil, fmt.Errorf("page cannot be encoded in GBK: %w", err)
	}
	return b, nil
}
