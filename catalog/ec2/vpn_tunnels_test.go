package ec2

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/value"
)

// tunSim is the demo seed in ec2sim, read through the SDK by every table
// of the list of resources.
type tunSim struct {
	sim    *ec2sim.Sim
	tables []catalog.Table
	client *sdkec2.Client // us-east-1, for setup
}

func newTunSim(t *testing.T) *tunSim {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}, RandSeed: 7})
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTUNNELS", "secret", "")}
	src := &Source{Accounts: []*Account{NewAccount(cfg)}, Regions: ec2sim.DemoSeed().Regions}
	return &tunSim{sim: sim, tables: Tables(src, nil), client: sdkec2.NewFromConfig(cfg)}
}

// scan reads a table with the constraints given as column name, values.
func (s *tunSim) scan(t *testing.T, table string, fresh catalog.Freshness, cons ...any) [][]any {
	t.Helper()
	tb := tableNamed(s.tables, table)
	q := catalog.ScanRequest{Freshness: fresh}
	for i := 0; i < len(cons); i += 2 {
		q.Constraints = append(q.Constraints, catalog.Constraint{Column: colIndex(t, tb, cons[i].(string)), Values: cons[i+1].([]any)})
	}
	rows, err := tb.Scan(context.Background(), q)
	if err != nil {
		t.Fatalf("scan %s: %v", table, err)
	}
	return rows
}

// calls counts the requests ec2sim answered for an action.
func (s *tunSim) calls(action string) (n int, params []string) {
	for _, r := range s.sim.Requests() {
		if r.Action == action {
			n++
			var ps []string
			for k, v := range r.Params {
				if k != "Action" && k != "Version" {
					ps = append(ps, k+"="+strings.Join(v, ","))
				}
			}
			sort.Strings(ps)
			params = append(params, strings.Join(ps, "&"))
		}
	}
	return n, params
}

func colIndex(t *testing.T, tb catalog.Table, name string) int {
	t.Helper()
	for i, c := range tb.Columns() {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("%s has no column %s", tb.Name(), name)
	return -1
}

// TestVPNTunnels_Demo: one row per tunnel of every demo connection, each
// column the telemetry's or the options' member of the tunnel with that
// outside address.
func TestVPNTunnels_Demo(t *testing.T) {
	s := newTunSim(t)
	rows := s.scan(t, "vpn_tunnels", catalog.Freshness{})
	tb := tableNamed(s.tables, "vpn_tunnels")
	col := func(r []any, name string) any { return r[colIndex(t, tb, name)] }

	perConn, status := map[string]int{}, map[any]int{}
	for _, r := range rows {
		perConn[col(r, "vpnConnectionId").(string)]++
		status[col(r, "status")]++
	}
	if len(rows) != 22 || len(perConn) != 11 || status["UP"] != 19 || status["DOWN"] != 3 {
		t.Fatalf("%d tunnels of %d connections, status %v; want the demo's 22 of 11, 19 UP and 3 DOWN", len(rows), len(perConn), status)
	}
	for id, n := range perConn {
		if n != 2 {
			t.Errorf("%s has %d tunnels", id, n)
		}
	}

	// Every column against the API objects, for the connections of us-east-1.
	out, err := s.client.DescribeVpnConnections(context.Background(), &sdkec2.DescribeVpnConnectionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]any{}
	for _, r := range rows {
		byKey[col(r, "vpnConnectionId").(string)+"/"+col(r, "outsideIpAddress").(string)] = r
	}
	checked := 0
	for _, v := range out.VpnConnections {
		for i, tel := range v.VgwTelemetry {
			opt := v.Options.TunnelOptions[i]
			if *opt.OutsideIpAddress != *tel.OutsideIpAddress {
				t.Fatalf("ec2sim lists %s's options and telemetry in different orders", *v.VpnConnectionId)
			}
			r := byKey[*v.VpnConnectionId+"/"+*tel.OutsideIpAddress]
			if r == nil {
				t.Fatalf("no row for %s tunnel %s", *v.VpnConnectionId, *tel.OutsideIpAddress)
			}
			want := map[string]any{
				"status": string(tel.Status), "statusMessage": str(tel.StatusMessage), "lastStatusChange": tel.LastStatusChange.UTC(),
				"acceptedRouteCount": int64(*tel.AcceptedRouteCount), "certificateArn": str(tel.CertificateArn),
				"tunnelInsideCidr": *opt.TunnelInsideCidr, "tunnelInsideIpv6Cidr": str(opt.TunnelInsideIpv6Cidr),
				"region": "us-east-1", "accountId": ec2sim.DefaultAccount,
			}
			for name, w := range want {
				if got := col(r, name); fmt.Sprint(got) != fmt.Sprint(w) {
					t.Errorf("%s %s: %s = %v, want %v", *v.VpnConnectionId, *tel.OutsideIpAddress, name, got, w)
				}
			}
			opts, _ := col(r, "options").(value.JSON).V.(map[string]any)
			if opts["preSharedKey"] != *opt.PreSharedKey || opts["outsideIpAddress"] != *opt.OutsideIpAddress {
				t.Errorf("%s options = %v", *v.VpnConnectionId, opts)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no tunnel checked")
	}
}

// TestVPNTunnels_Pushdown: equality on vpnConnectionId is the call's
// VpnConnectionId list, on region and accountId where it is sent; the
// tunnel columns are filtered locally.
func TestVPNTunnels_Pushdown(t *testing.T) {
	s := newTunSim(t)
	all := s.scan(t, "vpn_tunnels", catalog.Freshness{}, "region", []any{"us-east-1"})
	id := all[0][0].(string)
	s.sim.ResetRequests()
	rows := s.scan(t, "vpn_tunnels", catalog.Freshness{}, "vpnConnectionId", []any{id, "vpn-0000000000000000f"}, "region", []any{"us-east-1"})
	if len(rows) != 2 || rows[0][0] != id || rows[1][0] != id {
		t.Errorf("rows %v, want %s's two tunnels", rows, id)
	}
	n, params := s.calls("DescribeVpnConnections")
	// The unknown id is dropped and the call repeated for the rest.
	if n != 2 || params[1] != "VpnConnectionId.1="+id {
		t.Errorf("%d calls %v, want the ids then %s alone", n, params, id)
	}

	tb := tableNamed(s.tables, "vpn_tunnels")
	got := strings.Join(tb.Explain(catalog.ScanRequest{Constraints: []catalog.Constraint{
		{Column: colIndex(t, tb, "vpnConnectionId"), Values: []any{id}},
		{Column: colIndex(t, tb, "accountId"), Values: []any{ec2sim.DefaultAccount}},
	}}), "\n")
	if !strings.Contains(got, "API Call: DescribeVpnConnections VpnConnectionId.1="+id) || !strings.Contains(got, "Accounts: "+ec2sim.DefaultAccount) {
		t.Errorf("explain:\n%s", got)
	}
	for _, c := range []string{"status", "outsideIpAddress", "options"} {
		if tb.Pushable(colIndex(t, tb, c)) {
			t.Errorf("%s is pushable: DescribeVpnConnections has no filter for it", c)
		}
	}
}

// TestVPNTunnels_SharedCall: within one statement (Freshness.Statement), with
// no TTL, vpn_connections and vpn_tunnels read one DescribeVpnConnections
// per region, and an inner scan for one connection's id (a correlated
// subquery's) is answered from the statement's unfiltered answer.
func TestVPNTunnels_SharedCall(t *testing.T) {
	s := newTunSim(t)
	s.scan(t, "vpn_connections", catalog.Freshness{}) // the account id, once
	s.sim.ResetRequests()
	stmt := catalog.Freshness{Statement: 1}
	conns := s.scan(t, "vpn_connections", stmt)
	tunnels := s.scan(t, "vpn_tunnels", stmt)
	for _, c := range conns {
		if got := s.scan(t, "vpn_tunnels", stmt, "vpnConnectionId", []any{c[0]}, "region", []any{c[colIndex(t, tableNamed(s.tables, "vpn_connections"), "region")]}); len(got) != 2 {
			t.Errorf("%s: %d tunnels", c[0], len(got))
		}
	}
	if n, params := s.calls("DescribeVpnConnections"); n != 3 || len(conns) != 11 || len(tunnels) != 22 {
		t.Errorf("%d connections, %d tunnels, calls %v; want one call per region", len(conns), len(tunnels), params)
	}

	// A later statement calls again; with a filter, the call is its own.
	next := catalog.Freshness{Statement: 2}
	s.sim.ResetRequests()
	s.scan(t, "vpn_tunnels", next, "vpnConnectionId", []any{conns[0][0]}, "region", []any{"us-east-1", "eu-west-1", "ap-southeast-2"})
	if n, _ := s.calls("DescribeVpnConnections"); n != 3 {
		t.Errorf("the next statement made %d calls, want its own 3", n)
	}
}

// TestTunnelsOf: the join of options and telemetry by outside address.
func TestTunnelsOf(t *testing.T) {
	ip := aws.String
	tel := func(addr string, st types.TelemetryStatus) types.VgwTelemetry {
		return types.VgwTelemetry{OutsideIpAddress: ip(addr), Status: st}
	}
	opt := func(addr string) types.TunnelOption { return types.TunnelOption{OutsideIpAddress: ip(addr)} }
	for _, tc := range []struct {
		name string
		v    types.VpnConnection
		want string
	}{
		{"both, in other orders",
			types.VpnConnection{Options: &types.VpnConnectionOptions{TunnelOptions: []types.TunnelOption{opt("a"), opt("b")}},
				VgwTelemetry: []types.VgwTelemetry{tel("b", "DOWN"), tel("a", "UP")}},
			"a opt UP; b opt DOWN"},
		{"pending: options, no telemetry",
			types.VpnConnection{Options: &types.VpnConnectionOptions{TunnelOptions: []types.TunnelOption{opt("a"), opt("b")}}},
			"a opt -; b opt -"},
		{"telemetry without options",
			types.VpnConnection{VgwTelemetry: []types.VgwTelemetry{tel("a", "UP"), tel("c", "DOWN")}},
			"a - UP; c - DOWN"},
		{"an element without an address",
			types.VpnConnection{Options: &types.VpnConnectionOptions{TunnelOptions: []types.TunnelOption{{}, opt("a")}},
				VgwTelemetry: []types.VgwTelemetry{{Status: "UP"}, tel("a", "UP")}},
			"a opt UP"},
		{"no tunnels", types.VpnConnection{}, ""},
	} {
		var got []string
		for _, tu := range tunnelsOf(&tc.v) {
			o, st := "-", "-"
			if tu.opt != nil {
				o = "opt"
			}
			if tu.tel != nil {
				st = string(tu.tel.Status)
			}
			got = append(got, tu.outsideIP+" "+o+" "+st)
		}
		if g := strings.Join(got, "; "); g != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, g, tc.want)
		}
	}
}
