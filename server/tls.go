package server

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	_ "crypto/sha512" // SHA-384/512 for channel binding
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"os"
	"strings"
	"time"
)

// SelfSignedTLS returns a TLS configuration with a fresh self-signed
// certificate (ECDSA P-256, one year, for localhost, the host name and the
// loopback addresses), for --tls-self-signed. Clients must not verify it
// (sslmode=require, not verify-full).
func SelfSignedTLS() (*tls.Config, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	names := []string{"localhost"}
	if h, err := os.Hostname(); err == nil && h != "" && h != "localhost" {
		names = append(names, h)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "vpnsql", Organization: []string{"vpnsql self-signed"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              names,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}},
	}, nil
}

// startTLS runs the server side of the handshake after 'S' and remembers
// the certificate it served, for SCRAM channel binding.
func (c *conn) startTLS() error {
	base := c.srv.cfg.TLS
	cfg := base.Clone()
	var served *tls.Certificate
	cfg.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		cert, err := pickCertificate(base, hello)
		served = cert
		return cert, err
	}
	cfg.Certificates = nil
	tc := tls.Server(c.nc, cfg)
	if err := tc.Handshake(); err != nil {
		return err
	}
	c.nc, c.tls = tc, true
	version, cipher, bits := describeTLS(tc.ConnectionState())
	c.mu.Lock()
	c.info.TLSVersion, c.info.TLSCipher, c.info.TLSBits = version, cipher, bits
	c.mu.Unlock()
	if served != nil && len(served.Certificate) > 0 {
		leaf := served.Leaf
		if leaf == nil {
			leaf, _ = x509.ParseCertificate(served.Certificate[0])
		}
		if leaf != nil {
			c.cert = endpointHash(leaf)
		}
	}
	return nil
}

// describeTLS names a session's protocol and cipher as OpenSSL does, as
// PostgreSQL's pg_stat_ssl shows them, with the cipher's key bits.
func describeTLS(st tls.ConnectionState) (version, cipher string, bits int) {
	switch st.Version {
	case tls.VersionTLS13:
		version = "TLSv1.3"
	case tls.VersionTLS12:
		version = "TLSv1.2"
	default:
		version = tls.VersionName(st.Version)
	}
	cipher = tls.CipherSuiteName(st.CipherSuite)
	if name, ok := openSSLCiphers[st.CipherSuite]; ok {
		cipher = name
	}
	switch {
	case strings.Contains(cipher, "AES128"), strings.Contains(cipher, "AES_128"):
		bits = 128
	case strings.Contains(cipher, "AES256"), strings.Contains(cipher, "AES_256"), strings.Contains(cipher, "CHACHA20"):
		bits = 256
	}
	return version, cipher, bits
}

// openSSLCiphers are OpenSSL's names of the TLS 1.2 suites crypto/tls
// offers by default; TLS 1.3's names are the same in both.
var openSSLCiphers = map[uint16]string{
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         "ECDHE-RSA-AES128-GCM-SHA256",
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         "ECDHE-RSA-AES256-GCM-SHA384",
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       "ECDHE-ECDSA-AES128-GCM-SHA256",
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       "ECDHE-ECDSA-AES256-GCM-SHA384",
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   "ECDHE-RSA-CHACHA20-POLY1305",
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:            "ECDHE-RSA-AES128-SHA",
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:            "ECDHE-RSA-AES256-SHA",
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:          "ECDHE-ECDSA-AES128-SHA",
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:          "ECDHE-ECDSA-AES256-SHA",
}

// pickCertificate chooses as crypto/tls would: GetCertificate, else the
// first certificate the client supports, else the first.
func pickCertificate(cfg *tls.Config, hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	if cfg.GetCertificate != nil {
		if cert, err := cfg.GetCertificate(hello); cert != nil || err != nil {
			return cert, err
		}
	}
	if len(cfg.Certificates) == 0 {
		return nil, errors.New("server: TLS configuration has no certificate")
	}
	for i := range cfg.Certificates {
		if hello.SupportsCertificate(&cfg.Certificates[i]) == nil {
			return &cfg.Certificates[i], nil
		}
	}
	return &cfg.Certificates[0], nil
}

// endpointHash is the tls-server-end-point channel binding data (RFC
// 5929): the certificate hashed with its signature's hash, SHA-256 in
// place of MD5 and SHA-1.
func endpointHash(cert *x509.Certificate) []byte {
	h := crypto.SHA256
	switch cert.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.SHA384WithRSAPSS, x509.ECDSAWithSHA384:
		h = crypto.SHA384
	case x509.SHA512WithRSA, x509.SHA512WithRSAPSS, x509.ECDSAWithSHA512:
		h = crypto.SHA512
	}
	d := h.New()
	d.Write(cert.Raw)
	return d.Sum(nil)
}
