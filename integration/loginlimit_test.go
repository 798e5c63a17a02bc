package integration

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestLoginLimitConfig: the config file's login_limit reaches the server.
// Wrong passwords from one address lock that (user, address) out, and
// then the right password gets the same 28P01 as a wrong one; the same
// user from another loopback address logs in. The time each failure took
// is logged, not asserted.
func TestLoginLimitConfig(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "vpnsql.json")
	body := `{"auth": "scram-sha-256", "login_limit": {"delay": "20ms", "max_delay": "80ms", "lockout_after": 3, "lockout": "1h"},
		"users": {"ops": {"password": "ops-limit-pw"}}}`
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	url := start(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0", "--config", cfg)
	base := strings.TrimPrefix(url, "postgres://")
	ctx := testContext(t)
	connect := func(src, password string) error {
		c, err := pgconn.ParseConfig("postgres://ops:" + password + "@" + base + "?sslmode=disable")
		if err != nil {
			t.Fatal(err)
		}
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
		c.DialFunc = d.DialContext
		pc, err := pgconn.ConnectConfig(ctx, c)
		if err == nil {
			pc.Close(context.Background())
		}
		return err
	}
	const wrong = `password authentication failed for user "ops"`
	for i := range 3 {
		start := time.Now()
		err := connect("127.0.0.1", "nope")
		if sqlstate(err) != "28P01" || !strings.Contains(err.Error(), wrong) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
		t.Logf("failure %d answered after %v", i+1, time.Since(start).Round(time.Millisecond))
	}
	start := time.Now()
	err := connect("127.0.0.1", "ops-limit-pw")
	if sqlstate(err) != "28P01" || !strings.Contains(err.Error(), wrong) {
		t.Fatalf("locked out with the right password: %v, want the wrong-password error", err)
	}
	t.Logf("locked login answered after %v", time.Since(start).Round(time.Millisecond))
	if err := connect("127.0.0.2", "ops-limit-pw"); err != nil {
		t.Fatalf("the same user from another address: %v", err)
	}
}
