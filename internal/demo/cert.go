package demo

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"time"
)

// certs for the https host: an expired self-signed certificate (the planted
// tls-error) and, for after Repair, a current one signed by a demo CA.
type certs struct {
	expired, valid tls.Certificate
	pool           *x509.CertPool
}

func newCerts(host string) (*certs, error) {
	subject := pkix.Name{Organization: []string{"澜江市大数据发展管理局"}, CommonName: host}
	expired, _, err := certificate(&x509.Certificate{
		Subject:     subject,
		DNSNames:    []string{host},
		NotBefore:   time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, nil, nil)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ca, caKey, err := certificate(&x509.Certificate{
		Subject:               pkix.Name{Organization: []string{"govaudit demo"}, CommonName: "govaudit demo CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}, nil, nil)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(ca.Certificate[0])
	if err != nil {
		return nil, err
	}
	valid, _, err := certificate(&x509.Certificate{
		Subject:     subject,
		DNSNames:    []string{host},
		NotBefore:   now.Add(-time.Hour),
		NotAfter:    now.Add(365 * 24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, caCert, caKey)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return &certs{expired: expired, valid: valid, pool: pool}, nil
}

// certificate signs tmpl with parent/parentKey, or self-signs it when parent is nil.
func certificate(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (tls.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl.SerialNumber = serial
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, key, nil
}

func (s *Site) tlsConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			if s.repaired(idTLS) {
				return &s.certs.valid, nil
			}
			return &s.certs.expired, nil
		},
	}
}
