package containers

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/vpnsql/vpnsql/vpnsqltest"
)

// clientScript is what the psql client container runs against vpnsql by
// its network alias: reads, then writes that must reach ec2sim and be
// read back. ON_ERROR_STOP makes any error the script's exit status.
const clientScript = `
\set ON_ERROR_STOP on
SELECT count(*) > 0 AS has_rows FROM vpn_connections WHERE region = 'us-east-1';
SELECT "vpnConnectionId" AS id FROM vpn_connections WHERE region = 'us-east-1' AND state = 'available' ORDER BY 1 LIMIT 1 \gset
UPDATE vpn_connections SET tags = tags || '{"Owner": "containers-test"}' WHERE "vpnConnectionId" = :'id';
SELECT 'tagged=' || (tags->>'Owner') FROM vpn_connections WHERE "vpnConnectionId" = :'id';
DELETE FROM vpn_connections WHERE "vpnConnectionId" = :'id';
SELECT 'state=' || state FROM vpn_connections WHERE "vpnConnectionId" = :'id';
`

// TestNetworkClients runs ec2sim, vpnsql pointed at it with
// AWS_ENDPOINT_URL_EC2, and a psql client container on one network,
// each reached by its alias.
func TestNetworkClients(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	nw := newNetwork(t, ctx)
	startEC2Sim(t, ctx, nw)
	runVpnsql(t, ctx,
		vpnsqltest.WithEndpoint("http://ec2sim:4510", "us-east-1"),
		vpnsqltest.WithUser("app", "app-secret"),
		network.WithNetwork([]string{"vpnsql"}, nw))

	out := runClient(t, ctx, nw, clientScript, "postgres://app:app-secret@vpnsql:5432/aws?sslmode=disable")
	for _, want := range []string{"t", "tagged=containers-test", "state=deleted"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("client output lacks %q:\n%s", want, out)
		}
	}
}

func newNetwork(t *testing.T, ctx context.Context) *testcontainers.DockerNetwork {
	t.Helper()
	nw, err := network.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := nw.Remove(context.Background()); err != nil {
			t.Errorf("removing network: %v", err)
		}
	})
	return nw
}

// startEC2Sim runs `vpnsql sim` from the same image, with the demo data,
// and args, as "ec2sim" on nw.
func startEC2Sim(t *testing.T, ctx context.Context, nw *testcontainers.DockerNetwork, args ...string) *testcontainers.DockerContainer {
	t.Helper()
	ctr, err := testcontainers.Run(ctx, vpnsqlImage,
		testcontainers.WithCmd(append([]string{"sim", "--listen", "0.0.0.0:4510"}, args...)...),
		testcontainers.WithExposedPorts("4510/tcp"),
		network.WithNetwork([]string{"ec2sim"}, nw),
		// The port, not the log line: a restarted container's log still
		// holds the first run's line.
		testcontainers.WithWaitStrategy(wait.ForListeningPort("4510/tcp").WithStartupTimeout(30*time.Second)),
	)
	if ctr != nil {
		terminate(t, ctr)
	}
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

// runClient runs script with psql in a client container on nw and
// returns its output; a failing script fails the test.
func runClient(t *testing.T, ctx context.Context, nw *testcontainers.DockerNetwork, script, url string) string {
	t.Helper()
	ctr, err := testcontainers.Run(ctx, clientImage,
		testcontainers.WithFiles(testcontainers.ContainerFile{Reader: strings.NewReader(script), ContainerFilePath: "/script.sql", FileMode: 0o644}),
		testcontainers.WithCmd("psql", "-XAt", "-f", "/script.sql", url),
		network.WithNetwork([]string{"client"}, nw),
		testcontainers.WithWaitStrategy(wait.ForExit().WithExitTimeout(60*time.Second)),
	)
	if ctr != nil {
		terminate(t, ctr)
	}
	if err != nil {
		t.Fatal(err)
	}
	state, err := ctr.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	logs := containerLogs(ctx, ctr)
	if state.ExitCode != 0 {
		t.Fatalf("psql in the client container exited %d:\n%s", state.ExitCode, logs)
	}
	return logs
}

func containerLogs(ctx context.Context, ctr testcontainers.Container) string {
	r, err := ctr.Logs(ctx)
	if err != nil {
		return "(logs: " + err.Error() + ")"
	}
	defer r.Close()
	var b strings.Builder
	io.Copy(&b, r)
	return b.String()
}
