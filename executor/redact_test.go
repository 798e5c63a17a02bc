package executor

import "testing"

func TestRedactStatement(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT * FROM vpn_connections WHERE state = 'available'", "SELECT * FROM vpn_connections WHERE state = 'available'"},
		{`INSERT INTO vpn_connections ("customerGatewayId", type, options) VALUES ('cgw-1', 'ipsec.1', '{"tunnelOptions": [{"preSharedKey": "Abcdefgh12345678"}]}')`,
			`INSERT INTO vpn_connections ("customerGatewayId", type, options) VALUES ($1, $2, $3)`},
		{`UPDATE vpn_connections SET options = jsonb_set(options, '{tunnelOptions,0,PreSharedKey}', '"Zyxwvuts98765432"') WHERE "vpnConnectionId" = 'vpn-1'`,
			`UPDATE vpn_connections SET options = jsonb_set(options, $1, $2) WHERE "vpnConnectionId" = $3`},
		{`SELECT ec2.modify_vpn_tunnel_options('vpn-1', '1.2.3.4', '{"pre_shared_key": "Qwertyui11223344"}')`,
			`SELECT ec2.modify_vpn_tunnel_options($1, $2, $3)`},
		{`SELECT 'preSharedKey: Abcdefgh12345678' FROM`, "(statement text withheld: it may hold a pre-shared key)"},
	}
	for _, tc := range cases {
		if got := RedactStatement(tc.in); got != tc.want {
			t.Errorf("RedactStatement(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
