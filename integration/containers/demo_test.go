package containers

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/testcontainers/testcontainers-go"
	tcexec "github.com/testcontainers/testcontainers-go/exec"

	"github.com/vpnsql/vpnsql/vpnsqltest"
)

// TestDemoImage runs the image as the README does (serve --demo) and
// queries it through the mapped port with pgx and with psql. It also
// checks what the image promises: a non-root user, the version it was
// built with, a passing HEALTHCHECK.
func TestDemoImage(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	ctr := runVpnsql(t, ctx)
	url, err := ctr.ConnectionString(ctx, "application_name=container-test")
	if err != nil {
		t.Fatal(err)
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM vpn_connections WHERE region = $1`, "us-east-1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the demo has no connections in us-east-1")
	}

	psql := requireTool(t, "psql")
	out, err := exec.CommandContext(ctx, psql, url, "-XAtc", "SELECT count(*) > 0, current_user FROM vpn_connections").CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "t|vpnsql" {
		t.Errorf("psql printed %q, want t|vpnsql", got)
	}

	if got := execOK(t, ctx, ctr, "id", "-u"); got != "10001" {
		t.Errorf("the server runs as uid %q, want 10001", got)
	}
	if got := execOK(t, ctx, ctr, "/usr/local/bin/vpnsql", "version"); got != "vpnsql test" {
		t.Errorf("vpnsql version = %q, want the VERSION build argument", got)
	}
	if got := execOK(t, ctx, ctr, "/usr/local/bin/vpnsql", "health"); !strings.HasPrefix(got, "healthy") {
		t.Errorf("vpnsql health = %q", got)
	}
	inspect, err := ctr.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if hc := inspect.Config.Healthcheck; hc == nil || !strings.Contains(strings.Join(hc.Test, " "), "vpnsql health") {
		t.Errorf("HEALTHCHECK = %+v, want vpnsql health", inspect.Config.Healthcheck)
	}
}

// runVpnsql starts the test image through vpnsqltest, the module users
// get, and terminates it when the test ends.
func runVpnsql(t *testing.T, ctx context.Context, opts ...testcontainers.ContainerCustomizer) *vpnsqltest.Container {
	t.Helper()
	ctr, err := vpnsqltest.Run(ctx, vpnsqlImage, opts...)
	if ctr != nil {
		terminate(t, ctr)
	}
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

// terminate removes a container when the test ends, printing its logs
// first if the test failed.
func terminate(t *testing.T, ctr testcontainers.Container) {
	t.Helper()
	t.Cleanup(func() {
		if ctr == nil {
			return
		}
		if t.Failed() {
			if r, err := ctr.Logs(context.Background()); err == nil {
				var b strings.Builder
				io.Copy(&b, r)
				t.Logf("%s logs:\n%s", ctr.GetContainerID()[:12], tail(b.String(), 40))
			}
		}
		if err := testcontainers.TerminateContainer(ctr); err != nil {
			t.Errorf("terminate: %v", err)
		}
	})
}

// execOK runs a command in the container and returns its trimmed output;
// a non-zero exit fails the test.
func execOK(t *testing.T, ctx context.Context, ctr testcontainers.Container, cmd ...string) string {
	t.Helper()
	code, r, err := ctr.Exec(ctx, cmd, tcexec.Multiplexed())
	if err != nil {
		t.Fatalf("exec %v: %v", cmd, err)
	}
	var b strings.Builder
	io.Copy(&b, r)
	if code != 0 {
		t.Fatalf("exec %v: exit %d\n%s", cmd, code, b.String())
	}
	return strings.TrimSpace(b.String())
}

func testContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// requireTool finds a client binary on the host; a missing one fails
// (make test installs them, scripts/test-deps.sh).
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed; make test installs it (scripts/test-deps.sh)", name)
	}
	return path
}
