package integration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pg_stat_activity shows wait_event_type IO and wait_event AwsApi for a
// session whose DescribeVpnConnections call ec2sim holds, and neither for
// it once it is idle again, for an idle session or for the session asking.
func TestServe_WaitEventAwsApi(t *testing.T) {
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	pgURL := start(t, simEnv(simURL), serveReady, "serve", "--listen", "127.0.0.1:0", "--regions", "us-east-1")
	ctx := testContext(t)
	connect := func() (*pgx.Conn, uint32) {
		c, err := pgx.Connect(ctx, pgURL+"?options=-c%20vpnsql.cache_ttl%3D0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c, c.PgConn().PID()
	}
	held, heldPID := connect()
	_, idlePID := connect()
	watcher, watcherPID := connect()
	const scan = `SELECT count(*) FROM vpn_connections`
	if _, err := held.Exec(ctx, scan); err != nil { // a first statement, then idle
		t.Fatal(err)
	}
	type activity struct{ state, waitType, wait string }
	look := func(pid uint32) activity {
		t.Helper()
		var a activity
		if err := watcher.QueryRow(ctx, `SELECT coalesce(state, ''), coalesce(wait_event_type, ''), coalesce(wait_event, '')
			FROM pg_stat_activity WHERE pid = $1`, int64(pid)).Scan(&a.state, &a.waitType, &a.wait); err != nil {
			t.Fatalf("pg_stat_activity of %d: %v", pid, err)
		}
		return a
	}
	notWaiting := func(when string, pid uint32) {
		t.Helper()
		if a := look(pid); a.waitType == "IO" || a.wait == "AwsApi" {
			t.Errorf("%s: session %d shows %+v", when, pid, a)
		}
	}
	notWaiting("idle after a statement", heldPID)
	notWaiting("idle", idlePID)

	post := func(method, body string) {
		t.Helper()
		req, _ := http.NewRequest(method, simURL+"/_sim/faults", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(http.MethodPost, `{"action": "DescribeVpnConnections", "kind": "hang", "latency": "30s"}`)
	fired := func() int {
		resp, err := http.Get(simURL + "/_sim/faults")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var rules []struct {
			Fired int `json:"fired"`
		}
		json.NewDecoder(resp.Body).Decode(&rules)
		n := 0
		for _, r := range rules {
			n += r.Fired
		}
		return n
	}
	done := make(chan error, 1)
	go func() { _, err := held.Exec(ctx, scan); done <- err }()

	// Wait until the simulator holds the call, then until the session
	// shows it (the wait is marked when the call starts).
	var a activity
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if fired() > 0 {
			if a = look(heldPID); a.waitType == "IO" && a.wait == "AwsApi" {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if a.state != "active" || a.waitType != "IO" || a.wait != "AwsApi" {
		t.Fatalf("the session whose call is held shows %+v (fault fired %d times), want active IO/AwsApi", a, fired())
	}
	notWaiting("while another session waits", idlePID)
	notWaiting("the asking session", watcherPID)

	// Cancel the held statement (a protocol CancelRequest, as psql's ^C):
	// the session is idle and not waiting.
	post(http.MethodDelete, "")
	if err := held.PgConn().CancelRequest(ctx); err != nil {
		t.Fatal(err)
	}
	var pe *pgconn.PgError
	if err := <-done; !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("the cancelled statement ended with %v, want 57014", err)
	}
	for deadline = time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if a = look(heldPID); a.state == "idle" {
			break
		}
	}
	if a.state != "idle" || a.waitType == "IO" || a.wait == "AwsApi" {
		t.Errorf("after the cancel the session shows %+v, want idle and not waiting on AWS", a)
	}
}
