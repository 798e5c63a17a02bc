package executor

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExplainShowsAPICalls(t *testing.T) {
	s, sim := newSimSession(t)
	_, rows, err := run(t, s, `EXPLAIN SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND state = 'available' ORDER BY 1 LIMIT 5`)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range rows {
		lines = append(lines, r[0])
	}
	got := strings.Join(lines, "\n")
	want := `Limit
  ->  Sort
        Sort Key: "vpnConnectionId"
        ->  Foreign Scan on ec2.vpn_connections
              Filter: region = 'eu-west-1' AND state = 'available'
              Regions: eu-west-1
              Accounts: all configured
              Sources: (default credentials): eu-west-1
              API Call: DescribeVpnConnections Filter.1.Name=state Filter.1.Value.1=available`
	if got != want {
		t.Errorf("EXPLAIN:\n%s\nwant:\n%s", got, want)
	}
	if n := len(describeCalls(sim)); n != 0 {
		t.Errorf("EXPLAIN without ANALYZE made %d API calls", n)
	}

	sim.ResetRequests()
	_, rows, err = run(t, s, `EXPLAIN ANALYZE SELECT count(*) FROM vpn_connections WHERE region IN ('eu-west-1', 'us-east-1')`)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range rows {
		text += r[0] + "\n"
	}
	for _, want := range []string{"Aggregate  (actual rows=1 loops=1)", "API Calls Made: 2", "Cache Hits: 0", "Regions: eu-west-1, us-east-1", "Execution Time:"} {
		if !strings.Contains(text, want) {
			t.Errorf("EXPLAIN ANALYZE lacks %q:\n%s", want, text)
		}
	}
	if n := len(describeCalls(sim)); n != 2 {
		t.Errorf("EXPLAIN ANALYZE made %d API calls, want 2", n)
	}

	_, rows, err = run(t, s, `EXPLAIN (FORMAT JSON) SELECT * FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-1'`)
	if err != nil {
		t.Fatal(err)
	}
	var doc []map[string]map[string]any
	if err := json.Unmarshal([]byte(rows[0][0]), &doc); err != nil {
		t.Fatalf("%v: %s", err, rows[0][0])
	}
	plan := doc[0]["Plan"]
	if plan["Node Type"] != "Foreign Scan" || plan["Relation Name"] != "ec2.vpn_connections" || plan["API Call"] != "DescribeVpnConnections VpnConnectionId.1=vpn-1" {
		t.Errorf("JSON plan = %v", plan)
	}
}
