package containers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/vpnsql/vpnsql/vpnsqltest"
)

// TestStopDrains is `docker stop` with its default 10 s: SIGTERM, the
// image's drain (VPNSQL_SHUTDOWN_DRAIN, shorter than 10 s) lets the
// running statement go on, then cancels it with 57P01, and the server
// exits 0 before the engine would send SIGKILL.
func TestStopDrains(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	ctr := runVpnsql(t, ctx)
	url, err := ctr.ConnectionString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inspect, err := ctr.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	drain := imageDrain(t, inspect.Config.Env)
	if drain >= 10*time.Second {
		t.Fatalf("the image's drain %s is not shorter than docker stop's 10 s", drain)
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	queryErr := make(chan error, 1)
	go func() {
		_, err := conn.Exec(ctx, "SELECT pg_sleep(60)")
		queryErr <- err
	}()
	time.Sleep(500 * time.Millisecond) // the statement is running

	stopTimeout := 10 * time.Second
	start := time.Now()
	if err := ctr.Stop(ctx, &stopTimeout); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)

	var pgErr *pgconn.PgError
	if err := <-queryErr; !errors.As(err, &pgErr) || pgErr.Code != "57P01" {
		t.Errorf("the running statement ended with %v, want SQLSTATE 57P01", err)
	}
	state, err := ctr.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if state.ExitCode != 0 || state.OOMKilled {
		t.Errorf("the server exited %d (OOM killed %v), want 0", state.ExitCode, state.OOMKilled)
	}
	if took < drain-time.Second || took > drain+2*time.Second {
		t.Errorf("stop took %s, want about the drain, %s", took, drain)
	}
	t.Logf("stop took %s with a %s drain", took.Round(time.Millisecond), drain)
}

func imageDrain(t *testing.T, env []string) time.Duration {
	t.Helper()
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "VPNSQL_SHUTDOWN_DRAIN="); ok {
			d, err := time.ParseDuration(v)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	t.Fatal("the image sets no VPNSQL_SHUTDOWN_DRAIN: the default drain (10 s) is as long as docker stop's wait")
	return 0
}

// TestEC2SimRestart stops ec2sim while a scan is paging through it and
// starts it again once the statement has ended: the statement gets a
// PostgreSQL error, and the next statement on the same session succeeds.
//
// The session sets statement_timeout, as a deployment should: a request
// in flight to the stopped container's address can get no answer, not
// even a reset, and the SDK's HTTP client (no response timeout) then
// holds the statement for minutes (2m47s and 2m50s measured) before it
// ends. With the timeout the statement ends with 58000 (EC2 did not
// answer, usually within 2 s) or at worst 57014.
func TestEC2SimRestart(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	nw := newNetwork(t, ctx)
	sim := startEC2Sim(t, ctx, nw, "--seed-per-region", "3000", "--no-throttle")
	ctr := runVpnsql(t, ctx,
		vpnsqltest.WithEndpoint("http://ec2sim:4510", "us-east-1"),
		network.WithNetwork([]string{"vpnsql"}, nw))
	url, err := ctr.ConnectionString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	const scan = `SELECT count(*) FROM vpn_connections WHERE region = 'us-east-1'`
	for _, set := range []string{"SET vpnsql.cache_ttl = 0", "SET statement_timeout = '15s'"} {
		if _, err := conn.Exec(ctx, set); err != nil {
			t.Fatal(err)
		}
	}

	// A first scan says how long one takes, so ec2sim is stopped in the
	// middle of the next.
	start := time.Now()
	if _, err := conn.Exec(ctx, scan); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	if full < 200*time.Millisecond {
		t.Fatalf("a scan takes %s: too short to stop ec2sim during one; seed more connections", full)
	}

	queryErr := make(chan error, 1)
	start = time.Now()
	go func() {
		var n int
		queryErr <- conn.QueryRow(ctx, scan).Scan(&n)
	}()
	time.Sleep(full / 3)
	// ec2sim goes away mid-scan and comes back only after the statement
	// ended, so the statement cannot succeed through a retry.
	stopTimeout := 5 * time.Second
	if err := sim.Stop(ctx, &stopTimeout); err != nil {
		t.Fatal(err)
	}
	err = <-queryErr
	t.Logf("a scan takes %s; with ec2sim stopped during one it ended after %s with: %v", full.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), err)
	if err := sim.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || (pgErr.Code != "58000" && pgErr.Code != "57014") {
		t.Fatalf("the scan with ec2sim stopped ended with %v, want SQLSTATE 58000 (EC2 did not answer) or 57014 (statement_timeout)", err)
	}

	var n int
	if err := conn.QueryRow(ctx, scan).Scan(&n); err != nil {
		t.Fatalf("after ec2sim restarted: %v", err)
	}
	if n < 3000 {
		t.Errorf("after the restart the scan counted %d connections, want at least 3000", n)
	}
}

// TestLockedDown runs the demo with a read-only root file system, every
// capability dropped and no new privileges: it still starts, passes its
// health check and answers.
func TestLockedDown(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	ctr := runVpnsql(t, ctx, testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
		hc.ReadonlyRootfs = true
		hc.CapDrop = []string{"ALL"}
		hc.SecurityOpt = append(hc.SecurityOpt, "no-new-privileges")
	}))
	url, err := ctr.ConnectionString(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM vpn_connections`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("count = %d, %v", n, err)
	}
	inspect, err := ctr.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !inspect.HostConfig.ReadonlyRootfs {
		t.Error("the root file system is writable")
	}
	if got := execOK(t, ctx, ctr, "sh", "-c", "touch /usr/local/x 2>&1 || echo read-only; grep CapEff /proc/1/status"); !strings.Contains(got, "read-only") || !strings.Contains(got, "0000000000000000") {
		t.Errorf("inside the container: %q, want a read-only file system and no capabilities for the server (pid 1)", got)
	}
}
