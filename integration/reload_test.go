package integration

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// writeCert writes a self-signed certificate and its key as PEM files,
// the certificate named cn.
func writeCert(t *testing.T, certFile, keyFile, cn string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// Key first: a reload between the two writes then fails and keeps
	// the old pair rather than pairing a new key with the old certificate.
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// servedCert connects over TLS and returns the common name of the
// certificate the server presented.
func servedCert(ctx context.Context, t *testing.T, base, user, password string) string {
	t.Helper()
	cfg, err := pgconn.ParseConfig("postgres://" + user + ":" + password + "@" + base + "?sslmode=require")
	if err != nil {
		t.Fatal(err)
	}
	var cn string
	cfg.TLSConfig.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
		c, err := x509.ParseCertificate(raw[0])
		if err == nil {
			cn = c.Subject.CommonName
		}
		return err
	}
	pc, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("TLS connect: %v", err)
	}
	pc.Close(ctx)
	return cn
}

func sqlstate(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// TestReloadOnSIGHUP: SIGHUP re-reads the config file's users and the TLS
// certificate without dropping sessions. A removed user's session ends
// with 57P01, a role changed to read applies from the session's next
// statement (42501), a new user logs in, new handshakes get the new
// certificate, and a broken file keeps everything as it was.
func TestReloadOnSIGHUP(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgFile, certFile, keyFile := filepath.Join(dir, "vpnsql.json"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeCert(t, certFile, keyFile, "first")
	writeConfig := func(body string) {
		t.Helper()
		if err := os.WriteFile(cfgFile, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(`{"auth": "scram-sha-256", "users": {"alice": {"password": "alice-reload-pw"}, "bob": {"password": "bob-reload-pw"}}}`)
	url, p := startCmd(t, exec.Command(binary, "serve", "--demo", "--listen", "127.0.0.1:0", "--config", cfgFile, "--tls-cert", certFile, "--tls-key", keyFile),
		nil, serveReady, "serve")
	base := strings.TrimPrefix(url, "postgres://")
	ctx := testContext(t)
	connect := func(user, password string) (*pgconn.PgConn, error) {
		return pgconn.Connect(ctx, "postgres://"+user+":"+password+"@"+base+"?sslmode=disable")
	}
	alice, err := connect("alice", "alice-reload-pw")
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close(ctx)
	bob, err := connect("bob", "bob-reload-pw")
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close(ctx)
	// A write that matches no row: allowed for a write role, no API write.
	const write = "DELETE FROM vpn_connections WHERE vpnConnectionId = 'vpn-0000000000000000f'"
	if _, err := bob.Exec(ctx, write).ReadAll(); err != nil {
		t.Fatalf("bob's write before the reload: %v", err)
	}
	if cn := servedCert(ctx, t, base, "alice", "alice-reload-pw"); cn != "first" {
		t.Fatalf("certificate %q before the reload", cn)
	}

	hup := func() {
		t.Helper()
		if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}
	waitLog := func(what string, n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(p.stderr.String(), what) < n {
			if time.Now().After(deadline) {
				t.Fatalf("no %d× %q in the log:\n%s", n, what, p.stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	writeConfig(`{"auth": "scram-sha-256", "users": {"bob": {"password": "bob-reload-pw", "role": "read"}, "carol": {"password": "carol-reload-pw"}}}`)
	writeCert(t, certFile, keyFile, "second")
	hup()
	waitLog("reloaded the users", 1)
	waitLog("reloaded the TLS certificate", 1)

	_, err = alice.Exec(ctx, "SELECT 1").ReadAll()
	if got := sqlstate(err); got != "57P01" && !alice.IsClosed() {
		t.Errorf("removed user's session: %v, want 57P01", err)
	}
	_, err = bob.Exec(ctx, write).ReadAll()
	if got := sqlstate(err); got != "42501" {
		t.Errorf("bob's write after the role became read: %v, want 42501", err)
	}
	if _, err := bob.Exec(ctx, "SELECT count(*) FROM vpn_connections").ReadAll(); err != nil {
		t.Errorf("bob's session after the reload: %v", err)
	}
	if _, err := connect("alice", "alice-reload-pw"); sqlstate(err) != "28P01" {
		t.Errorf("removed user logging in: %v, want 28P01", err)
	}
	carol, err := connect("carol", "carol-reload-pw")
	if err != nil {
		t.Fatalf("added user: %v", err)
	}
	carol.Close(ctx)
	if cn := servedCert(ctx, t, base, "bob", "bob-reload-pw"); cn != "second" {
		t.Errorf("certificate %q after the reload, want second", cn)
	}

	// A broken file: logged, and the previous users stay.
	writeConfig(`{"auth": "scram-sha-256", "users": {"bob": {"password": "x", "rol": "write"}}}`)
	hup()
	waitLog("reload failed; keeping the previous configuration", 1)
	carol, err = connect("carol", "carol-reload-pw")
	if err != nil {
		t.Fatalf("after a failed reload: %v", err)
	}
	carol.Close(ctx)
	if _, err := bob.Exec(ctx, "SELECT 1").ReadAll(); err != nil {
		t.Errorf("bob's session after a failed reload: %v", err)
	}
}
