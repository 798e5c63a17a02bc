package integration

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestSCRAMConfig follows docs/configuration.md: a verifier from
// `vpnsql passwd`, a config file, and clients that must authenticate.
func TestSCRAMConfig(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary, "passwd")
	cmd.Stdin = strings.NewReader("s3cret-pw\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	verifier := strings.TrimSpace(string(out))
	if !strings.HasPrefix(verifier, "SCRAM-SHA-256$4096:") {
		t.Fatalf("verifier = %q", verifier)
	}
	cfg := filepath.Join(t.TempDir(), "vpnsql.json")
	body := `{"auth": "scram-sha-256", "users": {"alice": {"scram": "` + verifier + `", "role": "write"}, "viewer": {"password": "view-pw", "role": "read"}}}`
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(binary, "check-config", cfg).CombinedOutput(); err != nil || !strings.Contains(string(out), "2 user(s), 1 read-only") {
		t.Fatalf("check-config: %v %s", err, out)
	}
	url := start(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0", "--config", cfg)
	base := strings.TrimPrefix(url, "postgres://")
	ctx := testContext(t)

	_, err = pgx.Connect(ctx, "postgres://alice:wrong@"+base)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		t.Fatalf("wrong password: %v, want 28P01", err)
	}
	conn, err := pgx.Connect(ctx, "postgres://alice:s3cret-pw@"+base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var user string
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != "alice" {
		t.Fatalf("current_user = %q, %v", user, err)
	}

	psqlBin := requireTool(t, "psql")
	c := exec.Command(psqlBin, "postgres://viewer@"+base, "-X", "-A", "-t", "-c", "SELECT count(*) > 0 FROM vpn_connections")
	c.Env = append(os.Environ(), "PGPASSWORD=view-pw")
	got, err := c.Output() // stdout: a read role's scan raises the masked-secrets NOTICE on stderr
	if err != nil || strings.TrimSpace(string(got)) != "t" {
		t.Fatalf("psql as viewer: %v %s", err, got)
	}
}
