package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// EXPLAIN of a write lists the calls it would make and makes none;
// EXPLAIN ANALYZE makes them, through every write rule.

func explainText(rows [][]string) string {
	var lines []string
	for _, r := range rows {
		lines = append(lines, r[0])
	}
	return strings.Join(lines, "\n")
}

func TestExplainWrite_ListsCallsWithoutMakingThem(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.81")
	id, _ := w.oneConnection(`region = 'us-east-1' AND state = 'available' AND tags ? 'Name'`)
	tests := []struct {
		name, sql string
		params    []any
		want      []string // lines the plan must hold
	}{
		{"INSERT, the pre-shared key redacted",
			`EXPLAIN INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags, options) VALUES ($1, 'ipsec.1', $2, '{"Name": "x"}', '{"tunnelOptionSet": [{"preSharedKey": "s3cret_psk_1"}]}')`,
			[]any{cgw, vgw},
			[]string{"Insert on vpn_connections",
				`  API Call 1: CreateVpnConnection in us-east-1 (account 123456789012) for row 1: {"CustomerGatewayId":"` + cgw +
					`","Options":{"TunnelOptions":[{"PreSharedKey":"<redacted>"}]},"TagSpecifications":[{"ResourceType":"vpn-connection","Tags":[{"Key":"Name","Value":"x"}]}],"Type":"ipsec.1","VpnGatewayId":"` + vgw + `"}`,
				"  ->  Result"}},
		{"UPDATE: the difference, after reading the row",
			`EXPLAIN UPDATE vpn_connections SET tags = '{"Owner": "ops"}', routes = routes || '["10.77.0.0/16"]' WHERE "vpnConnectionId" = $1`,
			[]any{id},
			[]string{"Update on vpn_connections",
				`  API Call 1: DeleteTags in us-east-1 (account 123456789012) for ` + id + `: {"Resources":["` + id + `"],"Tags":[{"Key":"Name"`,
				`  API Call 2: CreateTags in us-east-1 (account 123456789012) for ` + id + `: {"Resources":["` + id + `"],"Tags":[{"Key":"Owner","Value":"ops"}]}`,
				`  API Call 3: CreateVpnConnectionRoute in us-east-1 (account 123456789012) for ` + id + `: {"DestinationCidrBlock":"10.77.0.0/16","VpnConnectionId":"` + id + `"}`,
				`  ->  Foreign Scan on ec2.vpn_connections`,
				`        Filter: "vpnConnectionId" = $1`}},
		{"DELETE",
			`EXPLAIN DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, []any{id},
			[]string{"Delete on vpn_connections",
				`  API Call 1: DeleteVpnConnection in us-east-1 (account 123456789012) for ` + id + `: {"VpnConnectionId":"` + id + `"}`}},
		{"a pair with a live connection is refused as the INSERT would be", "", nil, nil},
	}
	for _, tt := range tests {
		if tt.sql == "" {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			w.reset()
			plan := explainText(w.exec(tt.sql, tt.params...))
			for _, l := range tt.want {
				if !strings.Contains(plan, l) {
					t.Errorf("plan lacks %q:\n%s", l, plan)
				}
			}
			if strings.Contains(plan, "s3cret_psk_1") {
				t.Error("the plan shows the pre-shared key")
			}
			expectCalls(t, w.writes())
		})
	}
	// The unique index applies: EXPLAIN of an INSERT of a taken pair is
	// the INSERT's error.
	_, pc, pv := w.livePair()
	w.reset()
	if pe := w.fail(`EXPLAIN `+insPair, pc, pv); pe.Code != pgerr.UniqueViolation {
		t.Errorf("EXPLAIN of a taken pair: %s %s", pe.Code, pe.Message)
	}
	expectCalls(t, w.writes())
}

func TestExplainWrite_RulesAndAnalyze(t *testing.T) {
	w := newWriteEnv(t)
	id, _ := w.oneConnection(`region = 'us-east-1' AND state = 'available'`)
	other, _ := w.oneConnection(`region = 'us-east-1' AND state = 'available' AND "vpnConnectionId" <> '` + id + `'`)
	del := `DELETE FROM vpn_connections WHERE "vpnConnectionId" = '` + id + `'`

	// Plain EXPLAIN changes nothing: allowed in a transaction block and on
	// a read-only server; ANALYZE is the write, and refused there.
	w.exec("BEGIN")
	w.reset()
	if plan := explainText(w.exec("EXPLAIN " + del)); !strings.Contains(plan, "DeleteVpnConnection") {
		t.Errorf("EXPLAIN in BEGIN:\n%s", plan)
	}
	if pe := w.fail("EXPLAIN ANALYZE " + del); pe.Code != pgerr.ActiveSqlTransaction {
		t.Errorf("EXPLAIN ANALYZE in BEGIN: %s %s", pe.Code, pe.Message)
	}
	w.exec("ROLLBACK")
	w.eng.ReadOnly = true
	if plan := explainText(w.exec("EXPLAIN " + del)); !strings.Contains(plan, "DeleteVpnConnection") {
		t.Errorf("EXPLAIN on a read-only server:\n%s", plan)
	}
	if pe := w.fail("EXPLAIN ANALYZE " + del); pe.Code != pgerr.ReadOnlySqlTransaction {
		t.Errorf("EXPLAIN ANALYZE read-only: %s %s", pe.Code, pe.Message)
	}
	w.eng.ReadOnly = false
	w.eng.CanWrite = func(string) bool { return false }
	if pe := w.fail("EXPLAIN ANALYZE " + del); pe.Code != pgerr.InsufficientPrivilege {
		t.Errorf("EXPLAIN ANALYZE by a reader: %s %s", pe.Code, pe.Message)
	}
	w.eng.CanWrite = nil
	if pe := w.fail("EXPLAIN ANALYZE DELETE FROM vpn_connections"); pe.Code != pgerr.CardinalityViolation {
		t.Errorf("EXPLAIN ANALYZE without WHERE: %s %s", pe.Code, pe.Message)
	}
	expectCalls(t, w.writes())

	// ANALYZE makes the call and shows its request id, as ec2sim logged it.
	plan := explainText(w.exec("EXPLAIN ANALYZE " + del))
	expectCalls(t, w.writes(), "DeleteVpnConnection VpnConnectionId="+id)
	var reqID string
	for _, r := range w.sim.Requests() {
		if r.Action == "DeleteVpnConnection" {
			reqID = r.RequestID
		}
	}
	if reqID == "" || !strings.Contains(plan, "Delete on vpn_connections  (actual rows=1 loops=1)") ||
		!strings.Contains(plan, `API Call 1: DeleteVpnConnection in us-east-1 (account 123456789012) for `+id+`: {"VpnConnectionId":"`+id+`"} -> ok, request id `+reqID) ||
		!strings.Contains(plan, "Execution Time:") {
		t.Errorf("EXPLAIN ANALYZE (request id %s):\n%s", reqID, plan)
	}

	// FORMAT JSON lists the calls as objects.
	w.reset()
	out := w.exec(`EXPLAIN (FORMAT JSON) UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE "vpnConnectionId" = '` + other + `'`)
	if !strings.Contains(out[0][0], `"API Calls": [{"Key": "`+other+`", "Row": 1, "Action": "CreateTags", "Region": "us-east-1", "Result": "planned"`) {
		t.Errorf("JSON: %s", out[0][0])
	}
	expectCalls(t, w.writes())
}

// TestExplainWrite_Functions: EXPLAIN of SELECT ... FROM ec2.f(...) lists
// the function's call without making it; ANALYZE makes it.
func TestExplainWrite_Functions(t *testing.T) {
	w := newWriteEnv(t)
	id, _ := w.oneConnection(`region = 'us-east-1' AND state = 'available'`)
	w.exec("BEGIN")
	w.reset()
	plan := explainText(w.exec(`EXPLAIN SELECT "vpnConnectionId" FROM ec2.vpn_connection_route_create($1, '10.88.0.0/16')`, id))
	want := `API Call 1: CreateVpnConnectionRoute in us-east-1 (account 123456789012) for ` + id + `: {"DestinationCidrBlock":"10.88.0.0/16","VpnConnectionId":"` + id + `"}`
	if !strings.Contains(plan, "Function Scan on vpn_connection_route_create") || !strings.Contains(plan, want) {
		t.Errorf("plan lacks %q:\n%s", want, plan)
	}
	expectCalls(t, w.writes())
	if pe := w.fail(`EXPLAIN ANALYZE SELECT * FROM ec2.vpn_connection_route_create($1, '10.88.0.0/16')`, id); pe.Code != pgerr.ActiveSqlTransaction {
		t.Errorf("EXPLAIN ANALYZE in BEGIN: %s %s", pe.Code, pe.Message)
	}
	w.exec("ROLLBACK")
	expectCalls(t, w.writes())

	plan = explainText(w.exec(`EXPLAIN ANALYZE SELECT options FROM ec2.vpn_connection_options_modify($1, '{"localIpv4NetworkCidr": "10.1.0.0/16"}')`, id))
	expectCalls(t, w.writes(), "ModifyVpnConnectionOptions LocalIpv4NetworkCidr=10.1.0.0/16 VpnConnectionId="+id)
	if !strings.Contains(plan, `API Call 1: ModifyVpnConnectionOptions in us-east-1 (account 123456789012) for `+id+`: {"LocalIpv4NetworkCidr":"10.1.0.0/16","VpnConnectionId":"`+id+`"} -> ok, request id `) {
		t.Errorf("EXPLAIN ANALYZE:\n%s", plan)
	}
}
