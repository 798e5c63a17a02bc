package integration

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/sync/errgroup"
)

// 200 dashboards on 200 connections ask the same cold question at once:
// `vpnsql serve` makes one DescribeVpnConnections for them (ec2sim's
// request log), and answers each within about one call's time. The time
// is reported, not asserted: the slowest answer over a lone cold query's.
// 200 sessions hold about 200 descriptors in each process, well under the
// usual 1024.
func TestServe_200DashboardsOneCall(t *testing.T) {
	const dashboards = 200
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	pgURL := start(t, simEnv(simURL), serveReady, "serve", "--listen", "127.0.0.1:0", "--regions", "us-east-1,eu-west-1,ap-southeast-2",
		"--max-connections", "250")
	fault, err := http.Post(simURL+"/_sim/faults", "application/json", strings.NewReader(
		`{"action": "DescribeVpnConnections", "kind": "latency", "latency": "200ms"}`))
	if err != nil {
		t.Fatal(err)
	}
	fault.Body.Close()
	ctx := testContext(t)
	conns := make([]*pgconn.PgConn, dashboards)
	var g errgroup.Group
	g.SetLimit(16)
	for i := range conns {
		g.Go(func() (err error) {
			conns[i], err = pgconn.Connect(ctx, pgURL+"?sslmode=disable&application_name=dashboard")
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close(context.Background())
		}
	})
	query := func(c *pgconn.PgConn, region string) (string, time.Duration, error) {
		start := time.Now()
		res, err := c.Exec(ctx, `SELECT count(*) FROM vpn_connections WHERE region = '`+region+`'`).ReadAll()
		if err != nil {
			return "", 0, err
		}
		return string(res[0].Rows[0][0]), time.Since(start), nil
	}
	_, lone, err := query(conns[0], "ap-southeast-2")
	if err != nil {
		t.Fatal(err)
	}
	clearSimRequests(t, simURL)

	gate := make(chan struct{})
	counts := make([]string, dashboards)
	took := make([]time.Duration, dashboards)
	var all errgroup.Group // no limit: every dashboard waits at the gate
	for i, c := range conns {
		all.Go(func() (err error) {
			<-gate
			counts[i], took[i], err = query(c, "eu-west-1")
			return err
		})
	}
	close(gate)
	if err := all.Wait(); err != nil {
		t.Fatal(err)
	}
	if calls := simRequests(t, simURL, "DescribeVpnConnections"); len(calls) != 1 || calls[0].Region != "eu-west-1" {
		t.Errorf("%d concurrent identical queries made %d calls, want one: %+v", dashboards, len(calls), calls)
	}
	if distinct := slices.Compact(slices.Sorted(slices.Values(counts))); len(distinct) != 1 {
		t.Errorf("the dashboards got different counts: %v", distinct)
	}
	slices.Sort(took)
	t.Logf("%d connections, one cold query each at once: median %v, slowest %v; a lone cold query %v (200ms injected); slowest/lone = %.2f",
		dashboards, took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond),
		lone.Round(time.Millisecond), float64(took[len(took)-1])/float64(lone))
}
