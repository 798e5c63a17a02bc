package executor

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// TestInsert_CreateVpnConnection checks, from the simulator's request
// log, the exact CreateVpnConnection each INSERT form sends.
func TestInsert_CreateVpnConnection(t *testing.T) {
	w := newWriteEnv(t)
	tgw := w.transitGateway()
	tests := []struct {
		name   string
		sql    string
		params func(cgw, vgw string) []any
		tag    string
		calls  []string // {cgw} and {vgw} stand for the fresh gateways
		region string   // where the call must go (default us-east-1)
	}{
		{name: "VALUES with a column list",
			sql:    `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2)`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "transit gateway, snake_case names, three-part table name",
			sql:    `INSERT INTO aws.ec2.vpn_connections (customer_gateway_id, type, transit_gateway_id) VALUES ($1, 'ipsec.1', '` + tgw + `')`,
			params: func(c, _ string) []any { return []any{c} }, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} TransitGatewayId=" + tgw + " Type=ipsec.1"}},
		{name: "without a column list, DEFAULT and NULL",
			sql:    `INSERT INTO vpn_connections VALUES (DEFAULT, $1, $2, NULL, NULL, NULL, NULL, NULL, NULL, 'ipsec.1')`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "options with tunnel options, the column's key names",
			sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options) VALUES ($1, 'ipsec.1', $2, '{
				"staticRoutesOnly": true, "tunnelInsideIpVersion": "ipv4", "localIpv4NetworkCidr": "10.0.0.0/16",
				"tunnelOptionSet": [
					{"tunnelInsideCidr": "169.254.10.0/30", "preSharedKey": "psk_tunnel_one.1", "phase1LifetimeSeconds": 28800,
					 "dpdTimeoutSeconds": 30, "dpdTimeoutAction": "restart",
					 "phase1EncryptionAlgorithmSet": [{"value": "AES256"}, {"value": "AES128"}],
					 "phase1DHGroupNumberSet": [{"value": 14}], "ikeVersionSet": [{"value": "ikev2"}], "startupAction": "start",
					 "logOptions": {"cloudWatchLogOptions": {"logEnabled": true, "logOutputFormat": "json"}}},
					{"tunnelInsideCidr": "169.254.11.0/30", "preSharedKey": "psk_tunnel_two.2"}]}')`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} Options.LocalIpv4NetworkCidr=10.0.0.0/16 Options.StaticRoutesOnly=true" +
				" Options.TunnelInsideIpVersion=ipv4 Options.TunnelOptions.1.DPDTimeoutAction=restart Options.TunnelOptions.1.DPDTimeoutSeconds=30" +
				" Options.TunnelOptions.1.IKEVersion.1.Value=ikev2 Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.LogEnabled=true" +
				" Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.LogOutputFormat=json" +
				" Options.TunnelOptions.1.Phase1DHGroupNumber.1.Value=14 Options.TunnelOptions.1.Phase1EncryptionAlgorithm.1.Value=AES256" +
				" Options.TunnelOptions.1.Phase1EncryptionAlgorithm.2.Value=AES128 Options.TunnelOptions.1.Phase1LifetimeSeconds=28800" +
				" Options.TunnelOptions.1.PreSharedKey=psk_tunnel_one.1 Options.TunnelOptions.1.StartupAction=start" +
				" Options.TunnelOptions.1.TunnelInsideCidr=169.254.10.0/30 Options.TunnelOptions.2.PreSharedKey=psk_tunnel_two.2" +
				" Options.TunnelOptions.2.TunnelInsideCidr=169.254.11.0/30 Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "options with the API's input names and plain value lists",
			sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options) VALUES ($1, 'ipsec.1', $2,
				'{"StaticRoutesOnly": false, "TunnelOptions": [{"DPDTimeoutSeconds": 40, "Phase2IntegrityAlgorithms": ["SHA2-256"], "IKEVersions": [{"Value": "ikev1"}]}]}')`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} Options.StaticRoutesOnly=false Options.TunnelOptions.1.DPDTimeoutSeconds=40" +
				" Options.TunnelOptions.1.IKEVersion.1.Value=ikev1 Options.TunnelOptions.1.Phase2IntegrityAlgorithm.1.Value=SHA2-256" +
				" Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "tags object",
			sql:    `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags) VALUES ($1, 'ipsec.1', $2, '{"Name": "branch", "Env": "prod"}')`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} TagSpecification.1.ResourceType=vpn-connection TagSpecification.1.Tag.1.Key=Env" +
				" TagSpecification.1.Tag.1.Value=prod TagSpecification.1.Tag.2.Key=Name TagSpecification.1.Tag.2.Value=branch Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "tagSet array, same tags in tags",
			sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", "tagSet", tags)
				VALUES ($1, 'ipsec.1', $2, '[{"key": "Name", "value": "x"}, {"key": "Empty"}]', '{"Empty": "", "Name": "x"}')`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} TagSpecification.1.ResourceType=vpn-connection TagSpecification.1.Tag.1.Key=Name" +
				" TagSpecification.1.Tag.1.Value=x TagSpecification.1.Tag.2.Key=Empty TagSpecification.1.Tag.2.Value= Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "region and account choose the target",
			sql:    `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", region, "accountId") VALUES ($1, 'ipsec.1', $2, 'eu-west-1', '123456789012')`,
			params: pair, tag: "INSERT 0 1", region: "eu-west-1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} Type=ipsec.1 VpnGatewayId={vgw}"}},
		{name: "INSERT ... SELECT",
			sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags)
				SELECT c, 'ipsec.1', v, jsonb_build_object('Name', 'from-select') FROM (VALUES ($1, $2)) AS x(c, v)`,
			params: pair, tag: "INSERT 0 1",
			calls: []string{"CreateVpnConnection CustomerGatewayId={cgw} TagSpecification.1.ResourceType=vpn-connection TagSpecification.1.Tag.1.Key=Name" +
				" TagSpecification.1.Tag.1.Value=from-select Type=ipsec.1 VpnGatewayId={vgw}"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region := tt.region
			if region == "" {
				region = "us-east-1"
			}
			cgw, vgw := w.gateways(region, fmt.Sprintf("198.51.100.%d", 20+i))
			w.reset()
			if got := w.tag(tt.sql, tt.params(cgw, vgw)...); got != tt.tag {
				t.Errorf("tag = %q, want %q", got, tt.tag)
			}
			var want []string
			for _, c := range tt.calls {
				want = append(want, strings.NewReplacer("{cgw}", cgw, "{vgw}", vgw).Replace(c))
			}
			expectCalls(t, w.writes(), want...)
			for _, c := range w.calls() {
				if c.Action == "CreateVpnConnection" && c.Region != region {
					t.Errorf("CreateVpnConnection went to %s, want %s", c.Region, region)
				}
			}
		})
	}
}

func pair(cgw, vgw string) []any { return []any{cgw, vgw} }

func TestInsert_MultiRowAndReturning(t *testing.T) {
	w := newWriteEnv(t)
	c1, v1 := w.gateways("us-east-1", "198.51.100.41")
	c2, v2 := w.gateways("us-east-1", "198.51.100.42")
	w.reset()
	rows := w.exec(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags)
		VALUES ($1, 'ipsec.1', $2, '{"Name": "a"}'), ($3, 'ipsec.1', $4, '{"Name": "b"}')
		RETURNING "vpnConnectionId" LIKE 'vpn-%', state, region, tags->>'Name', jsonb_array_length(options->'tunnelOptionSet'),
		          "customerGatewayConfiguration" IS NOT NULL, upper(type)`, c1, v1, c2, v2)
	want := [][]string{
		{"t", "available", "us-east-1", "a", "2", "t", "IPSEC.1"},
		{"t", "available", "us-east-1", "b", "2", "t", "IPSEC.1"},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("RETURNING rows = %v, want %v", rows, want)
	}
	if n := len(w.writes()); n != 2 {
		t.Errorf("%d write calls, want 2: %v", n, w.writes())
	}
	// RETURNING * names the table's columns, with their table OID and
	// attribute number as RowDescription carries them.
	stmts, _ := w.s.Parse(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, $2, $3) RETURNING *, 1 AS one`)
	p, err := w.s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Columns) != 19 || p.Columns[0].Name != "vpnConnectionId" || p.Columns[0].TableOID != ec2.NewVPNConnections(nil).OID() ||
		p.Columns[0].AttNum != 1 || p.Columns[18].Name != "one" || p.Columns[18].TableOID != 0 {
		t.Errorf("RETURNING columns = %+v", p.Columns)
	}
	if fmt.Sprint(p.ParamOIDs) != fmt.Sprint([]uint32{value.Text.OID, value.Text.OID, value.Text.OID}) {
		t.Errorf("parameter types = %v, want three text", p.ParamOIDs)
	}
}

// TestInsert_PreparedWithDeclaredTypes runs an INSERT as pgJDBC sends it:
// every parameter declared varchar (setString), the jsonb ones too.
func TestInsert_PreparedWithDeclaredTypes(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.43")
	stmts, _ := w.s.Parse(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags, options) VALUES ($1, $2, $3, $4, $5) RETURNING tags->>'Name'`)
	p, err := w.s.Prepare(context.Background(), stmts[0], []uint32{1043, 1043, 1043, 1043, 1043})
	if err != nil {
		t.Fatal(describeErr(err))
	}
	for i, args := range [][]any{
		{cgw, "ipsec.1", vgw, `{"Name": "jdbc"}`, `{"staticRoutesOnly": true}`},
	} {
		w.reset()
		c, err := w.s.Execute(context.Background(), p, args)
		if err != nil {
			t.Fatalf("execution %d: %s", i, describeErr(err))
		}
		r, _ := c.Next(context.Background())
		if r == nil || r[0] != "jdbc" || c.Tag() != "INSERT 0 1" {
			t.Errorf("row %v tag %q", r, c.Tag())
		}
		expectCalls(t, w.writes(), "CreateVpnConnection CustomerGatewayId="+cgw+" Options.StaticRoutesOnly=true TagSpecification.1.ResourceType=vpn-connection"+
			" TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=jdbc Type=ipsec.1 VpnGatewayId="+vgw)
	}
}

// TestInsert_Errors: every refusal comes before any API call, with the
// SQLSTATE and the column or key it is about.
func TestInsert_Errors(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.50")
	tgw := w.transitGateway()
	ins := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options) VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', `
	tests := []struct {
		name, sql  string
		code       pgerr.Code
		msg        string // substring of the message
		detail     string // substring of the detail
		apiCalled  bool
		noRowCheck bool
	}{
		{name: "no customer gateway", sql: `INSERT INTO vpn_connections (type, "vpnGatewayId") VALUES ('ipsec.1', '` + vgw + `')`,
			code: pgerr.NotNullViolation, msg: `column "customerGatewayId"`},
		{name: "NULL type", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('` + cgw + `', NULL, '` + vgw + `')`,
			code: pgerr.NotNullViolation, msg: `column "type"`},
		{name: "both gateways", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", "transitGatewayId") VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', '` + tgw + `')`,
			code: pgerr.CheckViolation, msg: "vpn_connections_gateway_check", detail: "exactly one of vpnGatewayId and transitGatewayId"},
		{name: "no gateway", sql: `INSERT INTO vpn_connections ("customerGatewayId", type) VALUES ('` + cgw + `', 'ipsec.1')`,
			code: pgerr.CheckViolation, msg: "vpn_connections_gateway_check"},
		{name: "unknown option key", sql: ins + `'{"staticRoutesOnly": true, "bogus": 1}')`,
			code: pgerr.InvalidParameterValue, msg: `unknown key "bogus" in options`},
		{name: "unknown tunnel option key", sql: ins + `'{"tunnelOptionSet": [{}, {"dpdTimeout": 30}]}')`,
			code: pgerr.InvalidParameterValue, msg: `unknown key "dpdTimeout" in options.tunnelOptionSet[1]`},
		{name: "unknown log option key", sql: ins + `'{"tunnelOptionSet": [{"logOptions": {"cloudWatchLogOptions": {"enabled": true}}}]}')`,
			code: pgerr.InvalidParameterValue, msg: `unknown key "enabled" in options.tunnelOptionSet[0].logOptions.cloudWatchLogOptions`},
		{name: "wrong JSON type", sql: ins + `'{"tunnelOptionSet": [{"dpdTimeoutSeconds": "30"}]}')`,
			code: pgerr.InvalidParameterValue, msg: `options.tunnelOptionSet[0].dpdTimeoutSeconds must be an integer`},
		{name: "three tunnels", sql: ins + `'{"tunnelOptionSet": [{}, {}, {}]}')`,
			code: pgerr.InvalidParameterValue, msg: "two tunnels"},
		{name: "outside address chosen", sql: ins + `'{"tunnelOptionSet": [{"outsideIpAddress": "203.0.113.1"}]}')`,
			code: pgerr.FeatureNotSupported, msg: "outsideIpAddress cannot be chosen"},
		{name: "a column AWS sets", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", state) VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', 'available')`,
			code: pgerr.FeatureNotSupported, msg: `column "state" cannot be set`},
		{name: "routes", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", routes) VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', '["10.0.0.0/8"]')`,
			code: pgerr.FeatureNotSupported, msg: `column "routes" cannot be set`},
		{name: "tags disagree", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags, "tagSet") VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', '{"a": "1"}', '[]')`,
			code: pgerr.InvalidParameterValue, msg: "tags and tagSet"},
		{name: "region not served", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", region) VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', 'us-west-2')`,
			code: pgerr.InvalidParameterValue, msg: `region "us-west-2" is not served`},
		{name: "unknown account", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", "accountId") VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `', '000000000000')`,
			code: pgerr.InvalidParameterValue, msg: `account "000000000000"`},
		{name: "unknown column", sql: `INSERT INTO vpn_connections (nope) VALUES (1)`,
			code: pgerr.UndefinedColumn, msg: `column "nope" of relation "vpn_connections" does not exist`},
		{name: "column twice", sql: `INSERT INTO vpn_connections (type, "type") VALUES ('a', 'b')`,
			code: pgerr.DuplicateColumn, msg: `column "type" specified more than once`},
		{name: "wrong type", sql: ins + `5)`,
			code: pgerr.DatatypeMismatch, msg: `column "options" is of type jsonb but expression is of type integer`},
		{name: "too many values", sql: `INSERT INTO vpn_connections (type) VALUES ('a', 'b')`,
			code: pgerr.SyntaxError, msg: "more expressions than target columns"},
		{name: "VALUES of different lengths", sql: `INSERT INTO vpn_connections VALUES (NULL), (NULL, NULL)`,
			code: pgerr.SyntaxError, msg: "VALUES lists must all be the same length"},
		{name: "ON CONFLICT DO UPDATE", sql: `INSERT INTO vpn_connections (type) VALUES ('a') ON CONFLICT ("vpnConnectionId") DO UPDATE SET type = 'b'`,
			code: pgerr.FeatureNotSupported, msg: "ON CONFLICT DO UPDATE"},
		{name: "a read-only table", sql: `INSERT INTO vpnsql.api_calls (action) VALUES ('x')`,
			code: pgerr.InsufficientPrivilege, msg: "permission denied for table api_calls"},
		{name: "bad row among good ones", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `'), ('` + cgw + `', NULL, '` + vgw + `')`,
			code: pgerr.NotNullViolation, msg: `column "type"`, detail: "Row 2 of 2 failed.\nNo row was created."},
		// Refused by EC2: the AWS code, message and request id in DETAIL.
		{name: "unknown customer gateway", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('cgw-0123456789abcdef0', 'ipsec.1', '` + vgw + `')`,
			code: pgerr.ForeignKeyViolation, msg: "cgw-0123456789abcdef0", detail: "CreateVpnConnection failed. AWS error code: InvalidCustomerGatewayID.NotFound, message: ", apiCalled: true},
		{name: "bad type", sql: `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('` + cgw + `', 'ipsec.2', '` + vgw + `')`,
			code: pgerr.InvalidParameterValue, detail: "AWS error code: InvalidParameterValue", apiCalled: true},
		{name: "reserved inside CIDR", sql: ins + `'{"tunnelOptionSet": [{"tunnelInsideCidr": "169.254.1.0/30"}]}')`,
			code: pgerr.InvalidParameterValue, msg: "reserved", detail: "AWS error code: InvalidParameterValue", apiCalled: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.reset()
			pe := w.fail(tt.sql)
			if pe.Code != tt.code || !strings.Contains(pe.Message, tt.msg) || !strings.Contains(pe.Detail, tt.detail) {
				t.Errorf("error %s %q / %q; want %s %q / %q", pe.Code, pe.Message, pe.Detail, tt.code, tt.msg, tt.detail)
			}
			writes := w.writes()
			if tt.apiCalled {
				if len(writes) != 1 {
					t.Errorf("calls %v, want one CreateVpnConnection", writes)
				}
				if !strings.Contains(pe.Detail, "request id: ") {
					t.Errorf("DETAIL %q has no request id", pe.Detail)
				}
			} else if len(writes) != 0 {
				t.Errorf("calls made before the refusal: %v", writes)
			}
		})
	}
}

// TestInsert_StopsAtFailedRow: a multi-row INSERT failing at row 3 keeps
// rows 1 and 2 (there is no rollback) and says so.
func TestInsert_StopsAtFailedRow(t *testing.T) {
	w := newWriteEnv(t)
	c1, v1 := w.gateways("us-east-1", "198.51.100.61")
	c2, v2 := w.gateways("us-east-1", "198.51.100.62")
	_, v3 := w.gateways("us-east-1", "198.51.100.63")
	w.reset()
	pe := w.fail(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2), ($3, 'ipsec.1', $4), ('cgw-0000000000000dead', 'ipsec.1', $5)`,
		c1, v1, c2, v2, v3)
	if pe.Code != pgerr.ForeignKeyViolation {
		t.Errorf("code %s, want 23503", pe.Code)
	}
	writes := w.writes()
	if len(writes) != 3 {
		t.Fatalf("calls %v, want three CreateVpnConnection", writes)
	}
	ids := w.exec(`SELECT "vpnConnectionId" FROM vpn_connections WHERE "customerGatewayId" IN ($1, $2) ORDER BY "customerGatewayId" = $2`, c1, c2)
	if len(ids) != 2 {
		t.Fatalf("created %v, want 2 connections", ids)
	}
	wantDetail := "Row 3 of 3 failed.\n2 row(s) were already created and stay created: " + ids[0][0] + " (us-east-1), " + ids[1][0] + " (us-east-1)."
	if !strings.Contains(pe.Detail, "InvalidCustomerGatewayID.NotFound") || !strings.HasSuffix(pe.Detail, wantDetail) || pe.Hint == "" {
		t.Errorf("DETAIL %q\nHINT %q\nwant it to end with %q", pe.Detail, pe.Hint, wantDetail)
	}
}
