package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/ec2sim"
)

const secretPSK = "sup3r_s3cret.key"

// TestAudit: one audit line per write call, the same in vpnsql.api_calls,
// and never a pre-shared key or a customer gateway configuration.
func TestAudit(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.120")
	w.reset()
	sql := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options) VALUES ($1, 'ipsec.1', $2, '{"tunnelOptionSet": [{"preSharedKey": "` + secretPSK + `"}]}') RETURNING "vpnConnectionId"`
	id := w.exec(sql, cgw, vgw)[0][0]
	w.exec(`UPDATE vpn_connections SET options = jsonb_build_object('tunnelOptionSet', jsonb_build_array(jsonb_build_object('outsideIpAddress', options->'tunnelOptionSet'->0->>'outsideIpAddress', 'preSharedKey', 'an0ther_s3cret'))) WHERE "vpnConnectionId" = $1`, id)
	w.fail(`UPDATE vpn_connections SET "transitGatewayId" = 'tgw-0000000000000beef' WHERE "vpnConnectionId" = $1`, id)

	var simIDs []string // request ids of the write calls, in order
	for _, r := range w.sim.Requests() {
		if r.Action == "CreateVpnConnection" || r.Action == "ModifyVpnTunnelOptions" || r.Action == "ModifyVpnConnection" {
			simIDs = append(simIDs, r.RequestID)
		}
	}
	lines := w.auditLines()
	if len(lines) != 3 || len(simIDs) != 3 {
		t.Fatalf("%d audit lines for %d write calls: %v", len(lines), len(simIDs), lines)
	}
	want := []struct{ action, result string }{{"CreateVpnConnection", "ok"}, {"ModifyVpnTunnelOptions", "ok"}, {"ModifyVpnConnection", "InvalidTransitGatewayID.NotFound"}}
	for i, l := range lines {
		if l["msg"] != "audit" || l["user"] != "writer" || l["application_name"] != "dml-test" || l["action"] != want[i].action ||
			l["result"] != want[i].result || l["request_id"] != simIDs[i] || l["region"] != "us-east-1" || l["account"] != "123456789012" {
			t.Errorf("audit line %d: %v", i, l)
		}
	}
	if s := lines[0]["statement"].(string); strings.Contains(s, secretPSK) || !strings.Contains(s, "INSERT INTO vpn_connections") {
		t.Errorf("statement %q: want it without literals", s)
	}
	if p := lines[0]["parameters"].(string); !strings.Contains(p, `"PreSharedKey":"<redacted>"`) || !strings.Contains(p, `"CustomerGatewayId":"`+cgw+`"`) {
		t.Errorf("parameters %s", p)
	}
	if s := lines[2]["statement"].(string); !strings.Contains(s, "tgw-0000000000000beef") {
		t.Errorf("a statement that cannot carry a key is logged as written: %q", s)
	}
	all := w.audit.b.String()
	if strings.Contains(all, secretPSK) || strings.Contains(all, "an0ther_s3cret") || strings.Contains(all, "<vpn_connection") {
		t.Error("the audit log holds a pre-shared key or a customer gateway configuration")
	}

	// vpnsql.api_calls: every call, reads too, the writes with the same facts.
	rows := w.exec(`SELECT action, result, "requestId", "user", "applicationName", statement IS NOT NULL, parameters->'Options'->'TunnelOptions'->0->>'PreSharedKey',
		"errorMessage" IS NOT NULL, attempts, "cacheHit", region, "accountId", service
		FROM vpnsql.api_calls WHERE action IN ('CreateVpnConnection', 'ModifyVpnTunnelOptions', 'ModifyVpnConnection') ORDER BY time`)
	if len(rows) != 3 {
		t.Fatalf("api_calls rows %v", rows)
	}
	for i, r := range rows {
		if r[0] != want[i].action || r[1] != want[i].result || r[2] != simIDs[i] || r[3] != "writer" || r[4] != "dml-test" || r[5] != "t" ||
			r[8] != "1" || r[9] != "f" || r[10] != "us-east-1" || r[11] != "123456789012" || r[12] != "EC2" {
			t.Errorf("api_calls row %d: %v", i, r)
		}
	}
	if rows[0][6] != "<redacted>" || rows[2][7] != "t" {
		t.Errorf("api_calls rows %v", rows)
	}
	reads := w.exec(`SELECT count(*) FROM vpnsql.api_calls WHERE action = 'DescribeVpnConnections' AND "requestId" IS NOT NULL`)[0][0]
	if reads == "0" {
		t.Error("api_calls lists no reads")
	}
	leak := w.exec(`SELECT count(*) FROM vpnsql.api_calls WHERE parameters::text LIKE '%' || $1 || '%' OR statement LIKE '%' || $1 || '%'`, secretPSK)[0][0]
	if leak != "0" {
		t.Error("api_calls holds a pre-shared key")
	}
}

// TestAudit_Retries: a throttled write is one audit line and one
// api_calls row, with its attempts counted.
func TestAudit_Retries(t *testing.T) {
	w := newWriteEnv(t)
	c := w.conn(staticVGW)
	w.sim.AddFault(ec2sim.Fault{Action: "DeleteVpnConnection", Kind: ec2sim.FaultError, Code: "RequestLimitExceeded", Count: 1})
	w.exec(`DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, c.id)
	if r := w.exec(`SELECT attempts, result FROM vpnsql.api_calls WHERE action = 'DeleteVpnConnection'`); len(r) != 1 || r[0][0] != "2" || r[0][1] != "ok" {
		t.Errorf("api_calls %v, want one call of 2 attempts", r)
	}
	if l := w.auditLines(); len(l) != 1 || l[0]["attempts"] != float64(2) {
		t.Errorf("audit %v", l)
	}
}
