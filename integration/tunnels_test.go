package integration

import (
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const tunnelsJoin = `SELECT v."vpnConnectionId", c."ipAddress", t."outsideIpAddress", t.status
    FROM vpn_connections v
    JOIN customer_gateways c USING ("customerGatewayId")
    JOIN vpn_tunnels t USING ("vpnConnectionId")
    WHERE t.status = 'DOWN';`

// readmeRow is a row of the README's output of the join.
var readmeRow = regexp.MustCompile(`(?m)^\s+(vpn-\S+)\s+\|\s+(\S+)\s+\|\s+(\S+)\s+\|\s+(DOWN)\s*$`)

// TestTunnelsJoin_Demo runs the README's join in the demo (both accounts)
// from psql with no cache TTL: the rows are the README's, and
// vpnsql.api_calls (of a server that has made no other EC2 call) shows
// one DescribeVpnConnections and one
// DescribeCustomerGateways per account and region, the tunnels' scan
// answered by the connections' call.
func TestTunnelsJoin_Demo(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), tunnelsJoin) {
		t.Fatalf("the README does not show the query:\n%s", tunnelsJoin)
	}
	var want []string
	for _, m := range readmeRow.FindAllStringSubmatch(string(readme), -1) {
		want = append(want, strings.Join(m[1:], "|"))
	}
	out := psql(t, url, "-q", "-t", "-c", "SET vpnsql.cache_ttl = 0", "-c", tunnelsJoin,
		"-c", `SELECT action, "cacheHit", count(*) FROM vpnsql.api_calls WHERE service = 'EC2' GROUP BY 1, 2 ORDER BY 1, 2`)
	var got, calls []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, "vpn-") {
			got = append(got, l)
		} else {
			calls = append(calls, l)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("rows (sorted):\n%s\nthe README shows:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if g, w := strings.Join(calls, "\n"), "DescribeCustomerGateways|f|6\nDescribeVpnConnections|f|6\nDescribeVpnConnections|t|6"; g != w {
		t.Errorf("calls:\n%s\nwant (2 accounts x 3 regions, the tunnels' reads shared):\n%s", g, w)
	}
}

// TestReadOnlyTables_Refused: a write to a read-only resource table is
// 0A000 with a hint, as a client sees it; the session goes on.
func TestReadOnlyTables_Refused(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, sql := range []string{
		`DELETE FROM vpn_tunnels WHERE status = 'DOWN'`,
		`UPDATE ec2.transit_gateways SET description = 'core'`,
		`INSERT INTO transit_gateways (description) VALUES ($1)`,
	} {
		var args []any
		if strings.Contains(sql, "$1") {
			args = append(args, "core")
		}
		_, err := conn.Exec(ctx, sql, args...)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "0A000" || !strings.HasPrefix(pe.Message, "cannot ") || pe.Hint == "" || pe.Position == 0 {
			t.Errorf("%s: %#v", sql, err)
		}
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM vpn_tunnels`).Scan(&n); err != nil || n != 42 {
		t.Errorf("after the refusals: %d tunnels, %v; want the demo's 42", n, err)
	}
}
