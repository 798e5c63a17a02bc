package executor

import (
	"maps"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// newResourcesSession is newSimSession with every table of the list of
// resources, and no read cache but the statement's own.
func newResourcesSession(t *testing.T) (*Session, *ec2sim.Sim) {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}})
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: demoRegions}
	eng := &Engine{Catalog: catalog.New(ec2.Tables(src, nil)...)}
	s, err := eng.NewSession(SessionInfo{User: "test", Database: "aws", Params: map[string]string{"vpnsql.cache_ttl": "0"}})
	if err != nil {
		t.Fatal(err)
	}
	return s, sim
}

// TestSharedCall: the join reads DescribeVpnConnections once per
// region for vpn_connections and vpn_tunnels together, with no cache TTL
// (the statement shares its answers); so does a correlated subquery or a
// LATERAL join whose inner scan is sent each outer row's id: the inner
// scans are answered from the outer scan's unfiltered answer.
func TestSharedCall(t *testing.T) {
	s, sim := newResourcesSession(t)
	for _, tc := range []struct {
		name, sql string
		want      string
	}{
		{"the issue's join",
			`SELECT v."vpnConnectionId", c."ipAddress", t."outsideIpAddress", t.status FROM vpn_connections v
			 JOIN customer_gateways c USING ("customerGatewayId") JOIN vpn_tunnels t USING ("vpnConnectionId")
			 WHERE t.status = 'DOWN' ORDER BY 1`,
			"vpn-02896b09539ed95a5 50.67.42.239 34.183.36.32 DOWN; vpn-08c78bef41462b981 92.251.176.91 15.28.15.249 DOWN; vpn-0c2969acca35d870a 141.179.37.242 35.204.63.244 DOWN"},
		{"a correlated subquery",
			`SELECT count(*) FILTER (WHERE up = 2), count(*) FILTER (WHERE up = 1) FROM (SELECT (SELECT count(*) FROM vpn_tunnels t
			 WHERE t."vpnConnectionId" = v."vpnConnectionId" AND t.status = 'UP') AS up FROM vpn_connections v) s`,
			"8 3"},
		{"a LATERAL join",
			`SELECT t.status, count(*) FROM vpn_connections v, LATERAL (SELECT * FROM vpn_tunnels t
			 WHERE t."vpnConnectionId" = v."vpnConnectionId") t GROUP BY 1 ORDER BY 1`,
			"DOWN 3; UP 19"},
	} {
		sim.ResetRequests()
		_, rows, err := run(t, s, tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, " "))
		}
		if g := strings.Join(got, "; "); g != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, g, tc.want)
		}
		calls := map[string]int{}
		for _, r := range sim.Requests() {
			if r.Action == "GetCallerIdentity" {
				continue
			}
			key := r.Action
			if len(r.Params) > 2 { // more than Action and Version
				key += " with parameters"
			}
			calls[key]++
		}
		want := map[string]int{"DescribeVpnConnections": 3}
		if tc.name == "the issue's join" {
			want["DescribeCustomerGateways"] = 3
		}
		if !maps.Equal(calls, want) {
			t.Errorf("%s: calls %v, want %v (one unfiltered call per region)", tc.name, calls, want)
		}
	}
}
