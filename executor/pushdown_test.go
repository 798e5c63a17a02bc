package executor

import (
	"context"
	"net/http/httptest"
	"os"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

var demoRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-2"}

// newSimSession starts ec2sim with the demo data on an httptest server and
// returns a session whose vpn_connections table reads it through the real
// SDK.
func newSimSession(t *testing.T) (*Session, *ec2sim.Sim) {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}})
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: demoRegions}
	eng := &Engine{Catalog: catalog.New(ec2.NewVPNConnections(src))}
	// Every query reaches the simulator unless a test turns the cache on.
	s, err := eng.NewSession(SessionInfo{User: "test", Database: "aws", Params: map[string]string{"vpnsql.cache_ttl": "0"}})
	if err != nil {
		t.Fatal(err)
	}
	return s, sim
}

func TestReadCache(t *testing.T) {
	s, sim := newSimSession(t)
	count := func(sql string) int {
		t.Helper()
		sim.ResetRequests()
		if _, _, err := run(t, s, sql); err != nil {
			t.Fatal(err)
		}
		return len(describeCalls(sim))
	}
	q := `SELECT count(*) FROM vpn_connections WHERE region = 'us-east-1'`
	if _, _, err := run(t, s, "SET vpnsql.cache_ttl = '1min'"); err != nil {
		t.Fatal(err)
	}
	if n := count(q); n != 1 {
		t.Fatalf("first read made %d calls, want 1", n)
	}
	if n := count(q); n != 0 {
		t.Errorf("second read within the TTL made %d calls, want 0", n)
	}
	if n := count(`SELECT count(*) FROM vpn_connections WHERE region = 'us-east-1' AND state = 'available'`); n != 1 {
		t.Errorf("different parameters made %d calls, want 1", n)
	}
	if _, _, err := run(t, s, "SET vpnsql.cache_ttl = 0"); err != nil {
		t.Fatal(err)
	}
	if n := count(q); n != 1 {
		t.Errorf("with the cache off a read made %d calls, want 1", n)
	}
}

type call struct {
	region string
	params map[string][]string
}

func describeCalls(sim *ec2sim.Sim) []call {
	var out []call
	for _, r := range sim.Requests() {
		if r.Action == "DescribeVpnConnections" {
			p := map[string][]string{}
			for k, v := range r.Params {
				if k != "Action" && k != "Version" {
					p[k] = v
				}
			}
			out = append(out, call{region: r.Region, params: p})
		}
	}
	return out
}

func TestPushdownCalls(t *testing.T) {
	s, sim := newSimSession(t)
	// Find a real id in eu-west-1 first.
	_, rows, err := run(t, s, `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1 LIMIT 1`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	id := rows[0][0]
	_, rows, err = run(t, s, `SELECT tags->>'Name' FROM vpn_connections WHERE "vpnConnectionId" = '`+id+`'`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	name := rows[0][0]

	tests := []struct {
		name     string
		sql      string
		params   []any
		rows     int
		regions  []string
		wantArgs map[string][]string
	}{
		{"id and region", `SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" = '` + id + `' AND region = 'eu-west-1'`,
			nil, 1, []string{"eu-west-1"}, map[string][]string{"VpnConnectionId.1": {id}}},
		{"snake case and IN", `SELECT 1 FROM vpn_connections WHERE vpn_connection_id IN ('` + id + `', 'vpn-0000000000000000f') AND region = 'eu-west-1'`,
			nil, 1, []string{"eu-west-1", "eu-west-1"}, nil},
		{"unknown id", `SELECT 1 FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-0000000000000000f' AND region = 'us-east-1'`,
			nil, 0, []string{"us-east-1"}, map[string][]string{"VpnConnectionId.1": {"vpn-0000000000000000f"}}},
		{"state filter", `SELECT 1 FROM vpn_connections WHERE state = 'available' AND region = 'ap-southeast-2'`,
			nil, -1, []string{"ap-southeast-2"}, map[string][]string{"Filter.1.Name": {"state"}, "Filter.1.Value.1": {"available"}}},
		{"parameter", `SELECT 1 FROM vpn_connections WHERE region = $1 AND "vpnConnectionId" = $2`,
			[]any{"eu-west-1", id}, 1, []string{"eu-west-1"}, map[string][]string{"VpnConnectionId.1": {id}}},
		{"tag key", `SELECT 1 FROM vpn_connections WHERE tags->>'Name' = '` + name + `' AND region = 'eu-west-1'`,
			nil, 1, []string{"eu-west-1"}, map[string][]string{"Filter.1.Name": {"tag:Name"}, "Filter.1.Value.1": {name}}},
		{"tagSet containment", `SELECT 1 FROM vpn_connections WHERE "tagSet" @> jsonb_build_array(jsonb_build_object('key', 'Name', 'value', '` + name + `')) AND region = 'eu-west-1'`,
			nil, 1, []string{"eu-west-1"}, map[string][]string{"Filter.1.Name": {"tag:Name"}, "Filter.1.Value.1": {name}}},
		{"wildcards are literal", `SELECT 1 FROM vpn_connections WHERE state = 'avail*' AND region = 'eu-west-1'`,
			nil, 0, []string{"eu-west-1"}, map[string][]string{"Filter.1.Name": {"state"}, "Filter.1.Value.1": {`avail\*`}}},
		{"anchored literal pattern", `SELECT 1 FROM vpn_connections WHERE "vpnConnectionId" ~ '^(` + id + `)$' AND region = 'eu-west-1'`,
			nil, 1, []string{"eu-west-1"}, map[string][]string{"VpnConnectionId.1": {id}}},
		{"other patterns are local", `SELECT 1 FROM vpn_connections WHERE "vpnConnectionId" ~ '^vpn-.*$' AND region = 'eu-west-1'`,
			nil, -1, []string{"eu-west-1"}, map[string][]string{}},
		{"OR is local", `SELECT 1 FROM vpn_connections WHERE region = 'eu-west-1' OR state = 'x'`,
			nil, -1, demoRegions, map[string][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim.ResetRequests()
			_, rows, err := run(t, s, tt.sql, tt.params...)
			if err != nil {
				t.Fatal(err)
			}
			if tt.rows >= 0 && len(rows) != tt.rows {
				t.Errorf("rows = %d, want %d", len(rows), tt.rows)
			}
			calls := describeCalls(sim)
			var regions []string
			for _, c := range calls {
				regions = append(regions, c.region)
			}
			slices.Sort(regions)
			want := slices.Clone(tt.regions)
			slices.Sort(want)
			if !slices.Equal(regions, want) {
				t.Errorf("calls went to %v, want %v", regions, want)
			}
			if tt.wantArgs != nil && len(calls) > 0 {
				got := calls[0].params
				if len(got) != len(tt.wantArgs) {
					t.Errorf("params = %v, want %v", got, tt.wantArgs)
				}
				for k, v := range tt.wantArgs {
					if !slices.Equal(got[k], v) {
						t.Errorf("param %s = %v, want %v", k, got[k], v)
					}
				}
			}
		})
	}
}

func TestVPNConnectionsThroughSQL(t *testing.T) {
	s, _ := newSimSession(t)
	names, rows, err := run(t, s, `SELECT region, count(*), count(DISTINCT state) FROM aws.ec2.vpn_connections GROUP BY region ORDER BY region`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"region", "count", "count"}) {
		t.Errorf("names = %v", names)
	}
	if len(rows) != 3 || rows[0][0] != "ap-southeast-2" || rows[2][0] != "us-east-1" {
		t.Errorf("rows = %v", rows)
	}
	_, rows, err = run(t, s, `SELECT tags->>'Name', jsonb_array_length(options->'tunnelOptionSet'), "vgwTelemetry"->0->>'status' IS NOT NULL FROM vpn_connections WHERE region = 'us-east-1' LIMIT 1`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0][0] == "NULL" || rows[0][1] != "2" || rows[0][2] != "t" {
		t.Errorf("rows = %v", rows)
	}
	_ = context.Background
}
