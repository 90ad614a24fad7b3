package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govaudit/internal/config"
	"govaudit/internal/notify"
	"govaudit/internal/store"
)

// emptyStore is a store without runs: a digest of a site not yet audited
// needs no demo audit.
func emptyStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "empty.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// oneDigest builds the week's one digest for a site not yet audited.
func oneDigest(t *testing.T, st *store.Store, m *config.Monitor) store.Digest {
	t.Helper()
	m.Sites = []config.MonitorSite{monitorSite("澜江市人民政府", "https://www.lanjiang.gov.cn/", "wang@lanjiang.gov.cn")}
	ds, err := notify.Build(st, m, time.Now(), titles())
	if err != nil || len(ds) != 1 {
		t.Fatalf("Build: %d digests, %v", len(ds), err)
	}
	return ds[0]
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key,
// and returns their paths and a pool trusting it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "mailpit test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:    []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestSendTLS sends over STARTTLS (port 587 style) and implicit TLS (465
// style) with authentication, trusting the test's own certificate; without
// that trust the certificate is refused and nothing is delivered.
func TestSendTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	for _, c := range []struct {
		mode string
		flag string
	}{
		{"starttls", "--smtp-require-starttls"},
		{"implicit", "--smtp-require-tls"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			mp := startMailpit(t, 0, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, c.flag, "--smtp-auth-accept-any")
			st := emptyStore(t)
			m := monitor(mp.SMTPPort, c.mode)
			m.Mail.Username, m.Mail.PasswordEnv = "govaudit@lanjiang.gov.cn", "NOTIFY_TEST_SMTP_PASSWORD"
			t.Setenv("NOTIFY_TEST_SMTP_PASSWORD", "授权码-abc123")
			d := oneDigest(t, st, m)
			ctx := context.Background()

			untrusted := d
			err := notify.Send(ctx, st, m.Mail, &untrusted, notify.SendOptions{Attempts: 1, Logger: testLogger(t, nil)})
			if err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Errorf("with an untrusted certificate: %v, want a certificate error", err)
			}
			if n := len(mp.Messages()); n != 0 {
				t.Fatalf("delivered %d messages over an untrusted connection", n)
			}

			if err := notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Attempts: 1, TLS: &tls.Config{RootCAs: pool}, Logger: testLogger(t, nil)}); err != nil {
				t.Fatal(err)
			}
			if list := mp.Messages(); len(list) != 1 || !strings.HasPrefix(list[0].Subject, "【网站检查周报】澜江市人民政府") {
				t.Fatalf("mailpit holds %v", list)
			}
			if d.Attempts != 2 || d.Sent.IsZero() {
				t.Errorf("attempts %d, sent %v", d.Attempts, d.Sent)
			}
		})
	}
}

// TestSendAuth: a wrong password is refused for good (535): Send stops
// after one attempt, the digest stays pending, and the password appears in
// neither the logs nor the stored error; without a username the server
// that wants one refuses too; the right password delivers.
func TestSendAuth(t *testing.T) {
	const user, password = "govaudit@lanjiang.gov.cn", "正确的授权码-Xq81"
	sum := sha1.Sum([]byte(password))
	htpasswd := filepath.Join(t.TempDir(), "htpasswd")
	if err := os.WriteFile(htpasswd, []byte(user+":{SHA}"+base64.StdEncoding.EncodeToString(sum[:])+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mp := startMailpit(t, 0, "--smtp-auth-file", htpasswd, "--smtp-auth-allow-insecure")
	st := emptyStore(t)
	m := monitor(mp.SMTPPort, "none")
	pwFile := filepath.Join(t.TempDir(), "password")
	m.Mail.Username, m.Mail.PasswordFile = user, pwFile
	d := oneDigest(t, st, m)
	ctx := context.Background()
	var logs syncBuffer

	const wrong = "错误的授权码-Zr55"
	if err := os.WriteFile(pwFile, []byte(wrong+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Attempts: 3, Backoff: time.Millisecond, Logger: testLogger(t, &logs)})
	if err == nil {
		t.Fatal("a wrong password was accepted")
	}
	stored, _, _ := st.Digest(d.Key)
	if stored.Attempts != 1 || !stored.Sent.IsZero() || !strings.Contains(stored.LastError, "535") {
		t.Errorf("after a refused password: attempts %d (want 1: a 5xx is not retried), sent %v, error %q", stored.Attempts, stored.Sent, stored.LastError)
	}
	for _, secret := range []string{wrong, password} {
		if strings.Contains(logs.String(), secret) || strings.Contains(stored.LastError, secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("the password %q was logged or stored", secret)
		}
	}

	noAuth := *m.Mail
	noAuth.Username, noAuth.PasswordFile = "", ""
	if err := notify.Send(ctx, st, &noAuth, &d, notify.SendOptions{Attempts: 1, Logger: testLogger(t, nil)}); err == nil {
		t.Error("the server that wants a login accepted a message without one")
	}

	if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Attempts: 1, Logger: testLogger(t, &logs)}); err != nil {
		t.Fatalf("the right password: %v", err)
	}
	if n := len(mp.Messages()); n != 1 || d.Attempts != 3 {
		t.Errorf("%d messages after %d attempts, want 1 after 3", n, d.Attempts)
	}
	if strings.Contains(logs.String(), password) {
		t.Error("the password was logged")
	}
}

// TestSendCancelled: a cancelled context ends the retries at once, and
// ends an attempt on a server that accepts the connection and never
// answers.
func TestSendCancelled(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never a greeting
		}
	}()
	for name, port := range map[string]int{"refused": freePort(t), "silent": silent.Addr().(*net.TCPAddr).Port} {
		t.Run(name, func(t *testing.T) {
			st := emptyStore(t)
			m := monitor(port, "none")
			d := oneDigest(t, st, m)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := notify.Send(ctx, st, m.Mail, &d, notify.SendOptions{Attempts: 10, Backoff: time.Second, Timeout: time.Minute, Logger: testLogger(t, nil)})
			if err == nil || time.Since(start) > 5*time.Second {
				t.Fatalf("Send with a 300 ms context: %v after %v", err, time.Since(start))
			}
			if stored, _, _ := st.Digest(d.Key); stored.Attempts != 1 || stored.LastError == "" || !stored.Sent.IsZero() {
				t.Errorf("stored: attempts %d, error %q, sent %v", stored.Attempts, stored.LastError, stored.Sent)
			}
		})
	}
}
