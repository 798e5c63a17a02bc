package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestMethods: the functions in schema ec2 make exactly their one call
// and return the connection as it is afterwards.
func TestMethods(t *testing.T) {
	tests := []struct {
		name, where, sql string // $1 id, $2 from args
		args             func(w *writeEnv, c conn) any
		call             func(w *writeEnv, c conn) string
		result           string // the first column of the result, given the RETURNING-like select list
	}{
		{name: "vpn_connection_modify", where: bgpVGW,
			sql:  `SELECT "transitGatewayId" = $2, "vpnGatewayId" IS NULL FROM ec2.vpn_connection_modify($1, jsonb_build_object('transitGatewayId', $2::text))`,
			args: func(w *writeEnv, c conn) any { return w.transitGateway() },
			call: func(w *writeEnv, c conn) string {
				return "ModifyVpnConnection TransitGatewayId=" + w.transitGateway() + " VpnConnectionId=" + c.id
			},
			result: "t t"},
		{name: "vpn_connection_options_modify", where: bgpVGW,
			sql:  `SELECT options->>'localIpv4NetworkCidr' FROM ec2.vpn_connection_options_modify($1, $2)`,
			args: func(*writeEnv, conn) any { return `{"localIpv4NetworkCidr": "10.5.0.0/16"}` },
			call: func(w *writeEnv, c conn) string {
				return "ModifyVpnConnectionOptions LocalIpv4NetworkCidr=10.5.0.0/16 VpnConnectionId=" + c.id
			},
			result: "10.5.0.0/16"},
		{name: "vpn_tunnel_options_modify", where: onTGW,
			sql:  `SELECT options->'tunnelOptionSet'->0->>'dpdTimeoutSeconds' FROM ec2.vpn_tunnel_options_modify($1, $2, '{"dpdTimeoutSeconds": 35}')`,
			args: func(w *writeEnv, c conn) any { return c.ip0 },
			call: func(w *writeEnv, c conn) string {
				return "ModifyVpnTunnelOptions TunnelOptions.DPDTimeoutSeconds=35 VpnConnectionId=" + c.id + " VpnTunnelOutsideIpAddress=" + c.ip0
			},
			result: "35"},
		{name: "vpn_tunnel_options_modify with skip_tunnel_replacement", where: onTGW,
			sql:  `SELECT count(*) FROM ec2.vpn_tunnel_options_modify($1, $2, '{"enableTunnelLifecycleControl": true}', true)`,
			args: func(w *writeEnv, c conn) any { return c.ip1 },
			call: func(w *writeEnv, c conn) string {
				return "ModifyVpnTunnelOptions SkipTunnelReplacement=true TunnelOptions.EnableTunnelLifecycleControl=true VpnConnectionId=" + c.id + " VpnTunnelOutsideIpAddress=" + c.ip1
			},
			result: "1"},
		{name: "vpn_connection_route_create", where: staticVGW,
			sql:  `SELECT routes @> '[{"destinationCidrBlock": "10.150.0.0/16"}]' FROM ec2.vpn_connection_route_create($1, $2)`,
			args: func(*writeEnv, conn) any { return "10.150.0.0/16" },
			call: func(w *writeEnv, c conn) string {
				return "CreateVpnConnectionRoute DestinationCidrBlock=10.150.0.0/16 VpnConnectionId=" + c.id
			},
			result: "t"},
		{name: "vpn_connection_route_delete", where: staticVGW,
			sql:  `SELECT routes @> jsonb_build_array(jsonb_build_object('destinationCidrBlock', $2::text)) FROM vpn_connection_route_delete($1, $2)`,
			args: func(w *writeEnv, c conn) any { return c.routes[0] },
			call: func(w *writeEnv, c conn) string {
				return "DeleteVpnConnectionRoute DestinationCidrBlock=" + c.routes[0] + " VpnConnectionId=" + c.id
			},
			result: "f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWriteEnv(t)
			c := w.conn(tt.where)
			arg := tt.args(w, c)
			w.reset()
			rows := w.exec(tt.sql, c.id, arg)
			if len(rows) != 1 || strings.Join(rows[0], " ") != tt.result {
				t.Errorf("result %v, want %q", rows, tt.result)
			}
			expectCalls(t, w.writes(), tt.call(w, c))
		})
	}
}

func TestMethods_Errors(t *testing.T) {
	w := newWriteEnv(t)
	c := w.conn(staticVGW)
	tests := []struct {
		sql  string
		code pgerr.Code
		msg  string
	}{
		{`SELECT * FROM ec2.vpn_connection_route_create('vpn-0000000000000000a', '10.0.0.0/16')`, pgerr.NoDataFound, `VPN connection "vpn-0000000000000000a" does not exist`},
		{`SELECT * FROM ec2.vpn_connection_modify($1, '{"gateway": "x"}')`, pgerr.InvalidParameterValue, `unknown key "gateway" in changes`},
		{`SELECT * FROM ec2.vpn_connection_options_modify($1, '{"staticRoutesOnly": false}')`, pgerr.FeatureNotSupported, "options.staticRoutesOnly cannot be changed"},
		{`SELECT * FROM ec2.vpn_tunnel_options_modify($1, '192.0.2.1', '{"bogus": 1}')`, pgerr.InvalidParameterValue, `unknown key "bogus" in tunnel_options`},
		{`SELECT * FROM ec2.vpn_connection_route_create($1)`, pgerr.UndefinedFunction, "function vpn_connection_route_create(unknown) does not exist"},
		{`SELECT * FROM ec2.vpn_tunnel_options_modify($1, '192.0.2.1', '{"dpdTimeoutSeconds": 40}')`, pgerr.InvalidParameterValue, "192.0.2.1"},
		{`SELECT * FROM ec2.vpn_tunnel_options_modify($1, '192.0.2.1', '{}')`, pgerr.InvalidParameterValue, "The request must contain the parameter TunnelOptions"},
	}
	for _, tt := range tests {
		w.reset()
		_, _, err := run(t, w.s, tt.sql, c.id)
		pe := pgerr.From(err)
		if err == nil || pe.Code != tt.code || !strings.Contains(pe.Message, tt.msg) {
			t.Errorf("%s: %v; want %s %q", tt.sql, describeErr(err), tt.code, tt.msg)
		}
	}
	// Dry run: the route calls have no DryRun parameter and are not sent.
	w.exec(`SET vpnsql.dry_run = on`)
	w.s.Notices()
	w.reset()
	if rows := w.exec(`SELECT * FROM ec2.vpn_connection_route_create($1, '10.151.0.0/16')`, c.id); len(rows) != 0 {
		t.Errorf("a dry run returned %v", rows)
	}
	expectCalls(t, w.writes())
	if n := noticeText(w.s.Notices()); !strings.Contains(n, "CreateVpnConnectionRoute has no DryRun parameter: not sent, not checked") {
		t.Errorf("notices %s", n)
	}
}
