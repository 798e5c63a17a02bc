package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/server"
)

// TestReloader: a good file replaces the users and roles; a bad one, or
// one changing the method, is an error and changes nothing.
func TestReloader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vpnsql.json")
	write := func(body string) {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"users": {"a": {"password": "pa"}, "b": {"password": "pb", "role": "read"}}}`)
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{Auth: cfg.method(), Users: cfg.users()})
	r := &reloader{logger: slog.New(slog.NewTextHandler(io.Discard, nil)), configFile: path, method: cfg.method(), srv: srv, roles: newRoleTable(cfg)}
	if !r.roles.canWrite("a") || r.roles.canWrite("b") {
		t.Fatal("roles before the reload")
	}

	write(`{"users": {"a": {"password": "pa", "role": "read"}, "c": {"password": "pc", "regions": ["eu-*"], "secrets": false}}}`)
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	if r.roles.canWrite("a") || !r.roles.canWrite("c") {
		t.Error("roles after the reload")
	}
	if _, sc := r.roles.role("c"); !sc.Limited() || sc.AllowsRegion("us-east-1") || sc.SeesSecrets() {
		t.Errorf("c's scope after the reload: %+v", sc)
	}
	for _, bad := range []struct{ body, err string }{
		{`{"users": {"a": {"password": "pa", "role": "write"}}, "surprise": 1}`, `unknown field "surprise"`},
		{`{"auth": "md5", "users": {"a": {"password": "pa"}}}`, "auth changed from scram-sha-256 to md5"},
		{`{"users": {`, "unexpected EOF"},
	} {
		write(bad.body)
		if err := r.reload(); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("reload of %s: %v, want %q", bad.body, err, bad.err)
		}
		if r.roles.canWrite("a") || !r.roles.canWrite("c") {
			t.Errorf("a failed reload (%s) changed the roles", bad.err)
		}
	}
}

// TestCertFiles_Reload: a reloaded pair serves new handshakes; a broken
// one is an error and the previous certificate stays.
func TestCertFiles_Reload(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePair := func(cn string) {
		t.Helper()
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatal(err)
		}
		kb, _ := x509.MarshalECPrivateKey(key)
		os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
		os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	}
	served := func(c *certFiles) string {
		cert, err := c.tlsConfig().GetCertificate(nil)
		if err != nil {
			t.Fatal(err)
		}
		leaf, err := x509.ParseCertificate(cert.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		return leaf.Subject.CommonName
	}
	writePair("one")
	c, err := loadCertFiles(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	writePair("two")
	if err := c.load(); err != nil || served(c) != "two" {
		t.Fatalf("after a reload: %v, serving %q", err, served(c))
	}
	os.WriteFile(keyFile, []byte("not a key"), 0o600)
	if err := c.load(); err == nil {
		t.Fatal("a broken key loaded")
	}
	if got := served(c); got != "two" {
		t.Errorf("after a failed reload the server serves %q, want two", got)
	}
}
