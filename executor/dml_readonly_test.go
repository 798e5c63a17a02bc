package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestDML_ReadOnlyTables: a resource table with no write mapping refuses
// INSERT, UPDATE and DELETE with 0A000, its hint saying what to do
// instead, before any API call; a view keeps 42501. The session stays
// usable.
func TestDML_ReadOnlyTables(t *testing.T) {
	s, sim := newResourcesSession(t)
	const tgwHint = "vpnsql lists transit gateways but makes no call that creates, changes or deletes one: use the AWS console, the AWS CLI (aws ec2 create-transit-gateway, ...) or CloudFormation."
	const tunnelHint = "A tunnel is part of its VPN connection: change its options with UPDATE ec2.vpn_connections SET options = ... or SELECT ec2.vpn_tunnel_options_modify(vpn_connection_id, vpn_tunnel_outside_ip_address, tunnel_options); a tunnel is deleted with its connection."
	for _, tc := range []struct {
		sql               string
		code              pgerr.Code
		msg, detail, hint string
	}{
		{`INSERT INTO transit_gateways (description) VALUES ('x')`, pgerr.FeatureNotSupported,
			`cannot insert into table "transit_gateways"`, "ec2.transit_gateways is read-only: INSERT is not supported on it.", tgwHint},
		{`UPDATE ec2.transit_gateways SET description = 'x' WHERE "transitGatewayId" = 'tgw-1'`, pgerr.FeatureNotSupported,
			`cannot update table "transit_gateways"`, "ec2.transit_gateways is read-only: UPDATE is not supported on it.", tgwHint},
		{`DELETE FROM transit_gateways`, pgerr.FeatureNotSupported,
			`cannot delete from table "transit_gateways"`, "ec2.transit_gateways is read-only: DELETE is not supported on it.", tgwHint},
		{`INSERT INTO vpn_tunnels ("vpnConnectionId", "outsideIpAddress") VALUES ('vpn-1', '1.2.3.4')`, pgerr.FeatureNotSupported,
			`cannot insert into table "vpn_tunnels"`, "ec2.vpn_tunnels is read-only: INSERT is not supported on it.", tunnelHint},
		{`UPDATE vpn_tunnels SET options = '{}' WHERE status = 'DOWN'`, pgerr.FeatureNotSupported,
			`cannot update table "vpn_tunnels"`, "ec2.vpn_tunnels is read-only: UPDATE is not supported on it.", tunnelHint},
		{`DELETE FROM vpn_tunnels WHERE status = 'DOWN' RETURNING *`, pgerr.FeatureNotSupported,
			`cannot delete from table "vpn_tunnels"`, "ec2.vpn_tunnels is read-only: DELETE is not supported on it.", tunnelHint},
		{`DELETE FROM vpnsql.api_calls`, pgerr.InsufficientPrivilege,
			"permission denied for table api_calls", "vpnsql.api_calls is read-only: DELETE is not supported on it.", ""},
	} {
		sim.ResetRequests()
		_, _, err := run(t, s, tc.sql)
		e := pgerr.From(err)
		if err == nil || e.Code != tc.code || e.Message != tc.msg || e.Detail != tc.detail || e.Hint != tc.hint {
			t.Errorf("%s:\n got %v\nwant %s %s / %s / %s", tc.sql, describeErr(err), tc.code, tc.msg, tc.detail, tc.hint)
		}
		for _, r := range sim.Requests() {
			t.Errorf("%s: called %s", tc.sql, r.Action)
		}
	}
	if _, rows, err := run(t, s, `SELECT count(*) FROM vpn_tunnels WHERE status = 'DOWN'`); err != nil || rows[0][0] != "3" {
		t.Errorf("after the refusals: %v %v", rows, err)
	}
}
