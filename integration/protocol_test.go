package integration

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// The protocol tests run real client programs (psql, pgJDBC, psycopg 3,
// node-postgres, pgx) through every message flow of the protocol, each
// program twice: against the vpnsql binary in demo mode and against a
// PostgreSQL 15 cluster, each time through a recording proxy
// (protocol_proxy_test.go). They assert that
//
//   - what the program prints is the same for both servers, and equal to
//     testdata/protocol/<client>.out (PostgreSQL's output: regenerate it
//     with go test ./integration -run Protocol -protocol.update, never by
//     hand);
//   - the messages on the wire are the same for both servers (after the
//     startup, whose ParameterStatus values differ), message by message;
//   - the flow really happened on the wire (the per-client checks: a
//     named statement parsed once and bound often, Execute with a row
//     limit answered by PortalSuspended, binary formats, a CancelRequest).
//
// The programs are in testdata/protocol/. Flows that need the statement to
// be running (cancel) watch pg_stat_activity on a direct connection rather
// than sleep for the right time. After a cancel they pause briefly before
// the next statement: PostgreSQL signals a cancelled backend twice (its
// process, then its process group), and under load the second signal can
// land in the next statement instead of the idle session.
var (
	protocolUpdate = flag.Bool("protocol.update", false, "rewrite testdata/protocol/*.out from PostgreSQL's output")
	protocolTrace  = flag.Bool("protocol.trace", false, "log the wire traffic of the protocol tests")
)

// protoTarget is one server under a client program.
type protoTarget struct {
	name   string // "vpnsql" or "postgres"
	direct string // host:port of the server itself
	proxy  *protoProxy
}

// url is the libpq URL of the server through the proxy.
func (p protoTarget) url() string {
	return "postgres://postgres@" + p.proxy.addr() + "/postgres?sslmode=disable"
}

// watchURL reaches the server directly, for watching pg_stat_activity.
func (p protoTarget) watchURL() string {
	return "postgres://postgres@" + p.direct + "/postgres?sslmode=disable"
}

func (p protoTarget) hostPort() (string, string) {
	h, port, _ := net.SplitHostPort(p.proxy.addr())
	return h, port
}

// protoTargets starts a vpnsql demo server and a PostgreSQL 15 cluster,
// each behind a proxy.
func protoTargets(t *testing.T) []protoTarget {
	t.Helper()
	pgAddr := startProtoReference(t)
	u, err := url.Parse(startDemo(t))
	if err != nil {
		t.Fatal(err)
	}
	vpnAddr := "127.0.0.1:" + u.Port()
	return []protoTarget{
		{name: "vpnsql", direct: vpnAddr, proxy: startProtoProxy(t, vpnAddr)},
		{name: "postgres", direct: pgAddr, proxy: startProtoProxy(t, pgAddr)},
	}
}

// startProtoReference starts a PostgreSQL 15 cluster (trust, user
// postgres) for the test and returns its host:port.
func startProtoReference(t *testing.T) string {
	t.Helper()
	if why := pgtest.Available(); why != "" {
		t.Fatalf("the protocol tests compare with PostgreSQL 15: %s", why)
	}
	cluster, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	// vpnsql's sessions start in UTC; initdb took the machine's zone.
	// ParameterStatus is sent when a value changes, so the two must start
	// alike for a client's SET TimeZone to be answered alike.
	admin := connectText(t, cluster.URL("postgres"))
	if _, err := admin.Exec(testContext(t), "ALTER ROLE postgres SET TimeZone = 'UTC'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	admin.Close(testContext(t))
	return fmt.Sprintf("127.0.0.1:%d", cluster.Port)
}

// protoRun runs a client program against both servers at once, compares
// its output with testdata/protocol/<client>.out and the wire traffic of
// the two servers, and returns vpnsql's traffic for the client's own
// checks. run is called on two goroutines at once: it reports problems
// with t.Errorf, never t.Fatal.
func protoRun(t *testing.T, client string, run func(t *testing.T, target protoTarget) string) (vpnsql []*protoSession, proxy *protoProxy) {
	t.Helper()
	targets := protoTargets(t)
	outs := make([]string, len(targets))
	var wg sync.WaitGroup
	for i, tg := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = run(t, tg)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	golden := filepath.Join("testdata", "protocol", client+".out")
	if *protocolUpdate {
		if err := os.WriteFile(golden, []byte(outs[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -protocol.update)", err)
	}
	for i, tg := range targets {
		if d := protoDiff(string(want), outs[i]); d != "" {
			who := "vpnsql's output differs from PostgreSQL's"
			if tg.name == "postgres" {
				who = "PostgreSQL's own output differs from the golden file (regenerate with -protocol.update?)"
			}
			t.Errorf("%s client: %s (%s):\n%s\nfull output:\n%s", client, who, golden, d, outs[i])
		}
	}
	vt, pt := targets[0].proxy.traces(), targets[1].proxy.traces()
	if *protocolTrace {
		for i, tg := range targets {
			for j, s := range [][]*protoSession{vt, pt}[i] {
				t.Logf("%s session %d frontend:\n%s\nbackend:\n%s", tg.name, j+1, strings.Join(s.frontend, "\n"), strings.Join(s.backend, "\n"))
			}
		}
	}
	if len(vt) != len(pt) {
		t.Errorf("%s client: %d sessions on vpnsql, %d on PostgreSQL", client, len(vt), len(pt))
	}
	for i := 0; i < min(len(vt), len(pt)); i++ {
		for _, dir := range []struct {
			name     string
			vpn, ref []string
		}{
			{"frontend", vt[i].frontend, pt[i].frontend},
			{"backend", protoAfterStartup(vt[i].backend), protoAfterStartup(pt[i].backend)},
		} {
			if d := protoDiff(strings.Join(dir.ref, "\n"), strings.Join(dir.vpn, "\n")); d != "" {
				t.Errorf("%s client, session %d: %s messages differ from PostgreSQL's:\n%s", client, i+1, dir.name, d)
			}
		}
	}
	if n, m := targets[0].proxy.cancelCount(), targets[1].proxy.cancelCount(); n != m {
		t.Errorf("%s client: %d CancelRequests to vpnsql, %d to PostgreSQL", client, n, m)
	}
	return vt, targets[0].proxy
}

// protoAfterStartup drops the startup messages (authentication,
// ParameterStatus, BackendKeyData) up to the first ReadyForQuery.
func protoAfterStartup(lines []string) []string {
	for i, l := range lines {
		if strings.HasPrefix(l, "ReadyForQuery") {
			return lines[i+1:]
		}
	}
	return lines
}

// protoDiff shows where got first differs from want, with context; "" if
// they are equal.
func protoDiff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	from := max(0, i-3)
	fmt.Fprintf(&b, "first difference at line %d\n", i+1)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "    %s\n", w[j])
	}
	for j := i; j < min(len(w), i+4); j++ {
		fmt.Fprintf(&b, "  - %s\n", w[j])
	}
	for j := i; j < min(len(g), i+4); j++ {
		fmt.Fprintf(&b, "  + %s\n", g[j])
	}
	return b.String()
}

// protoWaitActive waits until a session of the server runs query.
func protoWaitActive(ctx context.Context, watchURL, query string) error {
	conn, err := pgconn.Connect(ctx, watchURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for {
		res := conn.ExecParams(ctx, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = $1",
			[][]byte{[]byte(query)}, nil, nil, nil).Read()
		if res.Err != nil {
			return res.Err
		}
		if len(res.Rows) == 1 && string(res.Rows[0][0]) != "0" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%q never showed up in pg_stat_activity: %w", query, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// protoExpect fails unless lines (one direction of a session) hold each
// of want, in this order, each within a line.
func protoExpect(t *testing.T, what string, lines []string, want ...string) {
	t.Helper()
	i := 0
	for _, l := range lines {
		if i < len(want) && strings.Contains(l, want[i]) {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("%s: no %q in order in:\n%s", what, want[i], strings.Join(lines, "\n"))
	}
}

// protoLines returns the lines starting with prefix.
func protoLines(lines []string, prefix string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}
