package executor

import (
	"context"
	"testing"
)

// TestPushdownRefusesVolatileAndMistypedValues: a conjunct whose value
// calls a volatile function, or reads a parameter of another type than
// its column, stays a local filter (no API parameter), and the answer is
// the one the local evaluation gives; a stable function (now()) and a
// parameter of the column's type are still pushed.
func TestPushdownRefusesVolatileAndMistypedValues(t *testing.T) {
	s, sim := newSimSession(t)
	_, rows, err := run(t, s, `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1 LIMIT 1`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	id := rows[0][0]
	const oidVarchar, oidText, oidBpchar, oidInt4, oidTextArray = 1043, 25, 1042, 23, 1009
	tests := []struct {
		name   string
		sql    string
		oids   []uint32
		params []any
		pushed bool // VpnConnectionId.1 = id was sent
	}{
		{"literal", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = '` + id + `'`, nil, nil, true},
		{"stable now()", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = '` + id + `' || substr(now()::text, 1, 0)`, nil, nil, true},
		{"volatile random()", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = '` + id + `' || substr(random()::text, 1, 0)`, nil, nil, false},
		{"volatile clock_timestamp()", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" IN ('` + id + `' || substr(clock_timestamp()::text, 1, 0))`, nil, nil, false},
		{"text parameter", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = $1`, []uint32{oidText}, []any{id}, true},
		{"varchar parameter (pgJDBC's setString)", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = $1`, []uint32{oidVarchar}, []any{id}, true},
		{"bpchar parameter", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = $1`, []uint32{oidBpchar}, []any{id}, false},
		{"integer parameter cast to text", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = '` + id + `' || substr($1::text, 1, 0)`, []uint32{oidInt4}, []any{int64(7)}, false},
		{"text array parameter", `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND "vpnConnectionId" = ANY($1)`, []uint32{oidTextArray}, []any{[]any{id}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim.ResetRequests()
			stmts, err := s.Parse(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Prepare(context.Background(), stmts[0], tt.oids)
			if err != nil {
				t.Fatal(err)
			}
			c, err := s.Execute(context.Background(), p, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var got []any
			for {
				r, err := c.Next(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if r == nil {
					break
				}
				got = append(got, r[0])
			}
			if len(got) != 1 || got[0] != id {
				t.Errorf("rows = %v, want [%s]", got, id)
			}
			calls := describeCalls(sim)
			if len(calls) != 1 {
				t.Fatalf("%d DescribeVpnConnections calls, want 1", len(calls))
			}
			sent := calls[0].params["VpnConnectionId.1"]
			if pushed := len(sent) == 1 && sent[0] == id; pushed != tt.pushed {
				t.Errorf("pushed = %v (params %v), want %v", pushed, calls[0].params, tt.pushed)
			}
		})
	}
}
