package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"

	"govaudit/checks"
	"govaudit/internal/match"
	"govaudit/internal/transport"
)

// Rules name the cause of a broken link; they are the rule ids of dead-link
// findings. HTTP statuses are "http-<code>".
const (
	RuleDNS              = "dns-failure"
	RuleRefused          = "connection-refused"
	RulePrivate          = "private-address"
	RuleTimeout          = "timeout"
	RuleTLS              = "tls-error"
	RuleRedirectLoop     = "redirect-loop"
	RuleTooManyRedirects = "too-many-redirects"
	RuleSoft404          = "soft-404"
	RuleSoft404Redirect  = "soft-404-redirect"
	RuleNetwork          = "network-error"
	RuleBlocked          = "blocked"
)

// errRedirectLoop and errTooManyRedirects are returned by the redirect walk.
var (
	errRedirectLoop     = errors.New("redirect loop")
	errTooManyRedirects = errors.New("too many redirects")
)

// FromError classifies a failed request.
func FromError(url string, err error) checks.LinkStatus {
	s := checks.LinkStatus{URL: url, Class: checks.Broken}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var invalidCert x509.CertificateInvalidError
	var hostErr x509.HostnameError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	var private *transport.PrivateError
	switch {
	case errors.As(err, &private):
		// Not followed: a link or redirect into an intranet, this machine or
		// the cloud metadata address (see transport.Guard). Not a failure.
		s.Rule, s.Detail, s.Class = RulePrivate, private.Error(), checks.Skipped
	case errors.Is(err, errRedirectLoop):
		s.Rule, s.Detail = RuleRedirectLoop, "重定向循环"
	case errors.Is(err, errTooManyRedirects):
		s.Rule, s.Detail = RuleTooManyRedirects, fmt.Sprintf("重定向超过 %d 次", maxRedirects)
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		s.Rule, s.Detail = RuleDNS, "域名无法解析"
	case errors.As(err, &dnsErr) && !dnsErr.IsTimeout:
		// SERVFAIL and the like: the name server failed, not the name.
		s.Rule, s.Detail, s.Class = RuleDNS, "域名解析暂时失败", checks.Transient
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &invalidCert),
		errors.As(err, &hostErr), errors.As(err, &recordErr), errors.As(err, &alertErr):
		s.Rule, s.Detail = RuleTLS, "HTTPS 证书或握手错误："+tlsReason(err)
	case errors.Is(err, syscall.ECONNREFUSED):
		s.Rule, s.Detail = RuleRefused, "连接被拒绝"
	case isTimeout(err):
		s.Rule, s.Detail, s.Class = RuleTimeout, "未在时限内打开", checks.Transient
	default:
		s.Rule, s.Detail, s.Class = RuleNetwork, "网络错误："+shortError(err), checks.Transient
	}
	return s
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryable says whether a failure may go away on a second try.
func retryable(s checks.LinkStatus) bool {
	return s.Rule == RuleTimeout || s.Status == http.StatusTooManyRequests || s.Status == http.StatusServiceUnavailable
}

func tlsReason(err error) string {
	var invalid x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	switch {
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "证书已过期"
	case errors.As(err, &invalid):
		return "证书无效"
	case errors.As(err, &unknown):
		return "证书不受信任（自签名或颁发机构未知）"
	case errors.As(err, &host):
		return "证书与域名不符"
	}
	return "握手失败"
}

func shortError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// FromStatus classifies an HTTP answer. title and text are the page's title
// and visible text (empty when the body was not read).
func FromStatus(url string, status int, title, text string) checks.LinkStatus {
	s := checks.LinkStatus{URL: url, Status: status}
	switch {
	case status >= 200 && status < 300:
		if Challenge(title, text) {
			s.Class, s.Rule, s.Detail = checks.Blocked, RuleBlocked, "目标站点防火墙要求人机验证"
		} else if Soft404(title, text) {
			s.Class, s.Rule, s.Detail = checks.Broken, RuleSoft404, "返回 200 但页面内容为“页面不存在”"
		}
	// 412 is what the 瑞数 bot wall answers (govaudit sends no conditional
	// headers that a real 412 would need); 999 is LinkedIn's.
	case status == http.StatusForbidden || status == http.StatusTooManyRequests || status == http.StatusPreconditionFailed || status == 999:
		s.Class, s.Rule, s.Detail = checks.Blocked, RuleBlocked, fmt.Sprintf("目标站点拒绝自动访问（HTTP %d）", status)
	case status >= 300 && status < 400:
		s.Class, s.Rule, s.Detail = checks.Broken, fmt.Sprintf("http-%d", status), "重定向缺少目标地址"
	case status >= 400 && status < 500:
		s.Class, s.Rule, s.Detail = checks.Broken, fmt.Sprintf("http-%d", status), statusText(status)
	default:
		s.Class, s.Rule, s.Detail = checks.Transient, fmt.Sprintf("http-%d", status), statusText(status)
	}
	return s
}

func statusText(code int) string {
	switch code {
	case 404:
		return "HTTP 404 页面不存在"
	case 410:
		return "HTTP 410 页面已永久删除"
	case 500:
		return "HTTP 500 服务器内部错误"
	case 502:
		return "HTTP 502 网关错误"
	case 503:
		return "HTTP 503 服务暂不可用"
	case 504:
		return "HTTP 504 网关超时"
	}
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("HTTP %d %s", code, t)
	}
	return fmt.Sprintf("HTTP %d", code)
}

var (
	// soft404Strong is wording only an error page uses; soft404Weak is
	// wording an error page uses but so may a real title ("财办〔2021〕404号",
	// "社保卡丢失找不到怎么办"), so it counts only as a whole part of the
	// title ("404", "404 - 澜江市教育局").
	soft404Strong = regexp.MustCompile(`(?i)页面不存在|页面未找到|页面找不到|找不到(该|此|您要访问的)?页面|您(所)?访问的页面不存在|无法找到(该|此)?页面|信息不存在|文章不存在|内容不存在|page\s+not\s+found|404\s*not\s*found|^\s*not\s*found\s*$|error\s*404|404\s*error`)
	soft404Weak   = regexp.MustCompile(`(?i)^(404|not\s*found|找不到了?|不存在|出错了|错误|错误页面?|页面错误|error)[!！。.]*$`)
	titleParts    = regexp.MustCompile(`\s*[-|_—｜:：]+\s*`)
	challengeRe   = regexp.MustCompile(`(?i)安全狗|safedog|云锁|yunsuo|__jsl_clearance|just a moment|cf-browser-verification|challenge-platform|访问验证|人机验证|您的访问被拦截|网站防火墙|滑动验证`)
)

// shortPage is the visible-text length (in runes) under which a page's
// body, not only its title, is read for error wording.
const shortPage = 400

// Soft404 says whether a page served with 200 is really an error page: its
// title says so, or its body is short and says so.
func Soft404(title, text string) bool {
	if maySoft404(title) {
		if soft404Strong.MatchString(title) {
			return true
		}
		for _, part := range titleParts.Split(strings.TrimSpace(title), -1) {
			if soft404Weak.MatchString(part) {
				return true
			}
		}
	}
	return shorterThan(text, shortPage) && maySoft404(text) && soft404Strong.MatchString(text)
}

// Challenge says whether a page is a firewall's challenge for robots. Long
// pages (articles that mention a firewall) are never taken for one.
func Challenge(title, text string) bool {
	if mayChallenge(title) && challengeRe.MatchString(title) {
		return true
	}
	return shorterThan(text, 2*shortPage) && mayChallenge(text) && challengeRe.MatchString(text)
}

// maySoft404 and mayChallenge rule out, by a byte search, text in which
// soft404Strong / soft404Weak or challengeRe cannot match: every
// alternative of theirs holds a Latin letter or one of these words. Most
// titles of a Chinese site hold none, and the regexps are then not run.
func maySoft404(s string) bool {
	return hasLatin(s) || match.ContainsAny(s, "页面", "不存在", "404", "找不到", "错")
}

func mayChallenge(s string) bool {
	return hasLatin(s) || match.ContainsAny(s, "安全狗", "云锁", "验证", "拦截", "防火墙")
}

// hasLatin says whether s holds an ASCII letter. (?i) also matches s with
// ſ and k with the Kelvin sign, but every Latin alternative of the regexps
// has some other letter too.
func hasLatin(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// shorterThan says whether s has fewer than n runes, without counting the
// runes of a long page: a rune takes at most 4 bytes.
func shorterThan(s string, n int) bool {
	if len(s) < n {
		return true
	}
	if len(s) >= 4*n {
		return false
	}
	return utf8.RuneCountInString(s) < n
}
