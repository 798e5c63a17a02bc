package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

const (
	staticVGW = `options->>'staticRoutesOnly' = 'true' AND "vpnGatewayId" IS NOT NULL AND region = 'us-east-1'`
	bgpVGW    = `options->>'staticRoutesOnly' = 'false' AND "vpnGatewayId" IS NOT NULL AND region = 'us-east-1'`
	onTGW     = `"transitGatewayId" IS NOT NULL AND region = 'us-east-1'`
)

// conn is a seeded connection the UPDATE tests change.
type conn struct {
	id, ip0, ip1 string
	routes       []string
	tagKeys      []string
}

func (w *writeEnv) conn(where string) conn {
	w.t.Helper()
	id, _ := w.oneConnection(where)
	r := w.exec(`SELECT options->'tunnelOptionSet'->0->>'outsideIpAddress', options->'tunnelOptionSet'->1->>'outsideIpAddress',
		routes::text, "tagSet"::text FROM vpn_connections WHERE "vpnConnectionId" = $1`, id)[0]
	c := conn{id: id, ip0: r[0], ip1: r[1]}
	var routes []struct{ DestinationCidrBlock string }
	var tags []struct{ Key string }
	json.Unmarshal([]byte(r[2]), &routes)
	json.Unmarshal([]byte(r[3]), &tags)
	for _, x := range routes {
		c.routes = append(c.routes, x.DestinationCidrBlock)
	}
	for _, x := range tags {
		c.tagKeys = append(c.tagKeys, x.Key)
	}
	return c
}

// TestUpdate_Calls checks the exact calls each kind of change makes: only
// the difference between the row and its new values, in a fixed order.
func TestUpdate_Calls(t *testing.T) {
	tests := []struct {
		name  string
		where string
		sql   string // $1 is the connection id
		args  func(w *writeEnv, c conn) []any
		calls func(w *writeEnv, c conn) []string
		check func(t *testing.T, w *writeEnv, c conn, rows [][]string)
	}{
		{name: "tags object: DeleteTags and CreateTags with the difference", where: bgpVGW,
			sql: `UPDATE vpn_connections SET tags = (tags - 'Env') || '{"Owner": "zed", "Site": "moved"}' WHERE "vpnConnectionId" = $1 RETURNING tags->>'Owner', tags ? 'Env'`,
			calls: func(w *writeEnv, c conn) []string {
				return []string{"DeleteTags ResourceId.1=" + c.id + " Tag.1.Key=Env",
					"CreateTags ResourceId.1=" + c.id + " Tag.1.Key=Owner Tag.1.Value=zed Tag.2.Key=Site Tag.2.Value=moved"}
			},
			check: func(t *testing.T, w *writeEnv, c conn, rows [][]string) {
				if fmt.Sprint(rows) != "[[zed f]]" {
					t.Errorf("RETURNING %v, want the row after the change", rows)
				}
			}},
		{name: "tagSet array replaces the whole set", where: onTGW,
			sql: `UPDATE vpn_connections SET "tagSet" = '[{"key": "Name", "value": "only"}]' WHERE "vpnConnectionId" = $1`,
			calls: func(w *writeEnv, c conn) []string {
				var del []string
				for i, k := range without(c.tagKeys, "Name") {
					del = append(del, fmt.Sprintf("Tag.%d.Key=%s", i+1, k))
				}
				return []string{"DeleteTags ResourceId.1=" + c.id + " " + strings.Join(sortedParams(del), " "),
					"CreateTags ResourceId.1=" + c.id + " Tag.1.Key=Name Tag.1.Value=only"}
			}},
		{name: "routes: create and delete the difference", where: staticVGW,
			sql: `UPDATE vpn_connections SET routes = $2 WHERE "vpnConnectionId" = $1 RETURNING jsonb_array_length(routes)`,
			args: func(w *writeEnv, c conn) []any {
				b, _ := json.Marshal(append(append([]string(nil), c.routes[1:]...), "10.200.0.0/16"))
				return []any{c.id, string(b)}
			},
			calls: func(w *writeEnv, c conn) []string {
				return []string{"DeleteVpnConnectionRoute DestinationCidrBlock=" + c.routes[0] + " VpnConnectionId=" + c.id,
					"CreateVpnConnectionRoute DestinationCidrBlock=10.200.0.0/16 VpnConnectionId=" + c.id}
			},
			check: func(t *testing.T, w *writeEnv, c conn, rows [][]string) {
				if rows[0][0] != fmt.Sprint(len(c.routes)) {
					t.Errorf("RETURNING %v routes, want %d listed", rows, len(c.routes))
				}
			}},
		{name: "option CIDRs: ModifyVpnConnectionOptions", where: bgpVGW,
			sql: `UPDATE vpn_connections SET options = options || '{"localIpv4NetworkCidr": "10.1.0.0/16", "remoteIpv4NetworkCidr": "10.2.0.0/16"}' WHERE "vpnConnectionId" = $1 RETURNING options->>'localIpv4NetworkCidr'`,
			calls: func(w *writeEnv, c conn) []string {
				return []string{"ModifyVpnConnectionOptions LocalIpv4NetworkCidr=10.1.0.0/16 RemoteIpv4NetworkCidr=10.2.0.0/16 VpnConnectionId=" + c.id}
			},
			check: func(t *testing.T, w *writeEnv, c conn, rows [][]string) {
				if rows[0][0] != "10.1.0.0/16" {
					t.Errorf("RETURNING %v", rows)
				}
			}},
		{name: "tunnel options: ModifyVpnTunnelOptions for the tunnel with that outside address", where: bgpVGW,
			sql: `UPDATE vpn_connections SET options = jsonb_build_object('tunnelOptionSet', jsonb_build_array(
				jsonb_build_object('outsideIpAddress', $2::text, 'dpdTimeoutSeconds', 45, 'ikeVersionSet', '[{"value": "ikev2"}]'::jsonb)))
				WHERE "vpnConnectionId" = $1`,
			args: func(w *writeEnv, c conn) []any { return []any{c.id, c.ip1} },
			calls: func(w *writeEnv, c conn) []string {
				return []string{"ModifyVpnTunnelOptions TunnelOptions.DPDTimeoutSeconds=45 TunnelOptions.IKEVersion.1.Value=ikev2 VpnConnectionId=" + c.id +
					" VpnTunnelOutsideIpAddress=" + c.ip1}
			}},
		{name: "the whole options value read back with one change sends only that change", where: staticVGW,
			sql: `UPDATE vpn_connections SET options = $2 WHERE "vpnConnectionId" = $1`,
			args: func(w *writeEnv, c conn) []any {
				var opts map[string]any
				json.Unmarshal([]byte(w.exec(`SELECT options::text FROM vpn_connections WHERE "vpnConnectionId" = $1`, c.id)[0][0]), &opts)
				opts["tunnelOptionSet"].([]any)[0].(map[string]any)["rekeyFuzzPercentage"] = 50
				b, _ := json.Marshal(opts)
				return []any{c.id, string(b)}
			},
			calls: func(w *writeEnv, c conn) []string {
				return []string{"ModifyVpnTunnelOptions TunnelOptions.RekeyFuzzPercentage=50 VpnConnectionId=" + c.id + " VpnTunnelOutsideIpAddress=" + c.ip0}
			}},
		{name: "transit gateway: ModifyVpnConnection migrates", where: bgpVGW,
			sql:  `UPDATE vpn_connections SET "transitGatewayId" = $2 WHERE "vpnConnectionId" = $1 RETURNING "vpnGatewayId" IS NULL, "transitGatewayId" = $2`,
			args: func(w *writeEnv, c conn) []any { return []any{c.id, w.transitGateway()} },
			calls: func(w *writeEnv, c conn) []string {
				return []string{"ModifyVpnConnection TransitGatewayId=" + w.transitGateway() + " VpnConnectionId=" + c.id}
			},
			check: func(t *testing.T, w *writeEnv, c conn, rows [][]string) {
				if fmt.Sprint(rows) != "[[t t]]" {
					t.Errorf("RETURNING %v", rows)
				}
			}},
		{name: "customer gateway: ModifyVpnConnection", where: onTGW,
			sql: `UPDATE vpn_connections SET "customerGatewayId" = $2 WHERE "vpnConnectionId" = $1`,
			args: func(w *writeEnv, c conn) []any {
				cgw, _ := w.gateways("us-east-1", "198.51.100.90")
				return []any{c.id, cgw}
			},
			calls: func(w *writeEnv, c conn) []string {
				cgw := w.exec(`SELECT "customerGatewayId" FROM vpn_connections WHERE "vpnConnectionId" = $1`, c.id)[0][0]
				return []string{"ModifyVpnConnection CustomerGatewayId=" + cgw + " VpnConnectionId=" + c.id}
			}},
		{name: "everything at once, in order", where: staticVGW,
			sql: `UPDATE vpn_connections SET tags = tags || '{"x": "y"}', routes = '[]', "vpnGatewayId" = $2,
				options = options || '{"remoteIpv4NetworkCidr": "10.3.0.0/16"}' WHERE "vpnConnectionId" = $1`,
			args: func(w *writeEnv, c conn) []any {
				_, vgw := w.gateways("us-east-1", "198.51.100.91")
				return []any{c.id, vgw}
			},
			calls: func(w *writeEnv, c conn) []string {
				out := []string{"CreateTags ResourceId.1=" + c.id + " Tag.1.Key=x Tag.1.Value=y"}
				for _, r := range c.routes {
					out = append(out, "DeleteVpnConnectionRoute DestinationCidrBlock="+r+" VpnConnectionId="+c.id)
				}
				vgw := w.exec(`SELECT "vpnGatewayId" FROM vpn_connections WHERE "vpnConnectionId" = $1`, c.id)[0][0]
				return append(out, "ModifyVpnConnectionOptions RemoteIpv4NetworkCidr=10.3.0.0/16 VpnConnectionId="+c.id,
					"ModifyVpnConnection VpnConnectionId="+c.id+" VpnGatewayId="+vgw)
			}},
		{name: "no difference, no call", where: staticVGW,
			sql:   `UPDATE vpn_connections SET tags = tags, "tagSet" = "tagSet", routes = routes, options = options, state = state, "vpnGatewayId" = "vpnGatewayId" WHERE "vpnConnectionId" = $1`,
			calls: func(*writeEnv, conn) []string { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWriteEnv(t)
			c := w.conn(tt.where)
			args := []any{c.id}
			if tt.args != nil {
				args = tt.args(w, c)
			}
			w.reset()
			_, rows, err := run(t, w.s, tt.sql, args...)
			if err != nil {
				t.Fatal(describeErr(err))
			}
			expectCalls(t, w.writes(), tt.calls(w, c)...)
			if tt.check != nil {
				tt.check(t, w, c, rows)
			}
		})
	}
}

func without(list []string, drop string) []string {
	var out []string
	for _, x := range list {
		if x != drop {
			out = append(out, x)
		}
	}
	return out
}

// sortedParams orders "K=V" strings as apiCall.String does.
func sortedParams(p []string) []string {
	c := apiCall{Params: map[string]string{}}
	for _, kv := range p {
		k, v, _ := strings.Cut(kv, "=")
		c.Params[k] = v
	}
	return strings.Fields(strings.TrimPrefix(c.String(), " "))
}

// TestUpdate_Pushdown: the WHERE clause narrows what is read before
// anything is written.
func TestUpdate_Pushdown(t *testing.T) {
	w := newWriteEnv(t)
	id, region := w.oneConnection(`region = 'eu-west-1'`)
	w.reset()
	if tag := w.tag(`UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE "vpnConnectionId" = $1 AND region = $2`, id, region); tag != "UPDATE 1" {
		t.Errorf("tag %q", tag)
	}
	var got []string
	for _, c := range w.calls() {
		got = append(got, c.Region+" "+c.String())
	}
	expectCalls(t, got, "eu-west-1 DescribeVpnConnections VpnConnectionId.1="+id,
		"eu-west-1 CreateTags ResourceId.1="+id+" Tag.1.Key=k Tag.1.Value=v")
}

func TestUpdate_Errors(t *testing.T) {
	w := newWriteEnv(t)
	static := w.conn(staticVGW)
	bgp := w.conn(bgpVGW)
	tgw := w.transitGateway()
	tests := []struct {
		name, sql string
		id        string
		code      pgerr.Code
		msg       string
		detail    string
		apiCalled bool
	}{
		{name: "state", sql: `UPDATE vpn_connections SET state = 'deleted' WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: `column "state" cannot be changed`},
		{name: "region", sql: `UPDATE vpn_connections SET region = 'eu-west-1' WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: `column "region" cannot be changed`, detail: "INSERT a new one and DELETE the old"},
		{name: "id", sql: `UPDATE vpn_connections SET "vpnConnectionId" = 'vpn-0000000000000000a' WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: `column "vpnConnectionId" cannot be changed`},
		{name: "customer gateway configuration", sql: `UPDATE vpn_connections SET "customerGatewayConfiguration" = '' WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: `column "customerGatewayConfiguration" cannot be changed`},
		{name: "an option set only at creation", sql: `UPDATE vpn_connections SET options = options || '{"staticRoutesOnly": false}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: "options.staticRoutesOnly cannot be changed"},
		{name: "options NULL", sql: `UPDATE vpn_connections SET options = NULL WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: `column "options" cannot be set to NULL`},
		{name: "unknown option", sql: `UPDATE vpn_connections SET options = options || '{"foo": 1}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, msg: `unknown key "foo" in options`},
		{name: "tunnel without its address", sql: `UPDATE vpn_connections SET options = '{"tunnelOptionSet": [{"dpdTimeoutSeconds": 40}]}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, msg: "options.tunnelOptionSet[0] has no outsideIpAddress"},
		{name: "tunnel of another connection", sql: `UPDATE vpn_connections SET options = '{"tunnelOptionSet": [{"outsideIpAddress": "192.0.2.1", "dpdTimeoutSeconds": 40}]}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, msg: `"192.0.2.1" is not a tunnel of this connection`},
		{name: "unknown tunnel option", sql: `UPDATE vpn_connections SET options = jsonb_build_object('tunnelOptionSet', jsonb_build_array(jsonb_build_object('outsideIpAddress', '` + static.ip0 + `', 'dpd', 1))) WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, msg: `unknown key "dpd" in options.tunnelOptionSet[0]`},
		{name: "no customer gateway", sql: `UPDATE vpn_connections SET "customerGatewayId" = NULL WHERE "vpnConnectionId" = $1`,
			code: pgerr.NotNullViolation, msg: `column "customerGatewayId"`},
		{name: "no gateway", sql: `UPDATE vpn_connections SET "vpnGatewayId" = NULL WHERE "vpnConnectionId" = $1`,
			code: pgerr.CheckViolation, msg: "vpn_connections_gateway_check"},
		{name: "two gateways", sql: `UPDATE vpn_connections SET "transitGatewayId" = '` + tgw + `', "vpnGatewayId" = "vpnGatewayId" WHERE "vpnConnectionId" = $1`,
			code: pgerr.CheckViolation, msg: "vpn_connections_gateway_check"},
		{name: "tags and tagSet disagree", sql: `UPDATE vpn_connections SET tags = '{}', "tagSet" = '[{"key": "a"}]' WHERE "vpnConnectionId" = $1`,
			code: pgerr.SyntaxError, msg: "tags and tagSet are assigned different tags"},
		{name: "tag value not a string", sql: `UPDATE vpn_connections SET tags = '{"a": 1}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, msg: "tags.a must be a JSON string"},
		{name: "route not a CIDR object", sql: `UPDATE vpn_connections SET routes = '[{"cidr": "10.0.0.0/8"}]' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, msg: `unknown key "cidr" in routes[0]`},
		{name: "assigned twice", sql: `UPDATE vpn_connections SET tags = '{}', tags = '{}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.SyntaxError, msg: `multiple assignments to same column "tags"`},
		{name: "unknown column", sql: `UPDATE vpn_connections SET nope = 1 WHERE "vpnConnectionId" = $1`,
			code: pgerr.UndefinedColumn, msg: `column "nope" of relation "vpn_connections" does not exist`},
		{name: "FROM", sql: `UPDATE vpn_connections SET tags = '{}' FROM (SELECT 1) x WHERE "vpnConnectionId" = $1`,
			code: pgerr.FeatureNotSupported, msg: "UPDATE ... FROM"},
		// Refused by EC2.
		{name: "static route on a BGP connection", id: bgp.id, sql: `UPDATE vpn_connections SET routes = '["10.9.0.0/16"]' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, detail: "CreateVpnConnectionRoute failed. AWS error code: InvalidVpnConnection.InvalidType, message: The specified VPN connection does not support static routes., request id: ", apiCalled: true},
		{name: "bad CIDR", sql: `UPDATE vpn_connections SET options = options || '{"localIpv4NetworkCidr": "10.0.0.1/8"}' WHERE "vpnConnectionId" = $1`,
			code: pgerr.InvalidParameterValue, detail: "ModifyVpnConnectionOptions failed. AWS error code: InvalidParameterValue", apiCalled: true},
		{name: "unknown transit gateway", id: bgp.id, sql: `UPDATE vpn_connections SET "transitGatewayId" = 'tgw-0000000000000beef' WHERE "vpnConnectionId" = $1`,
			code: pgerr.ForeignKeyViolation, detail: "AWS error code: InvalidTransitGatewayID.NotFound", apiCalled: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.id
			if id == "" {
				id = static.id
			}
			w.reset()
			pe := w.fail(tt.sql, id)
			if pe.Code != tt.code || !strings.Contains(pe.Message, tt.msg) || !strings.Contains(pe.Detail, tt.detail) {
				t.Errorf("error %s %q / %q; want %s %q / %q", pe.Code, pe.Message, pe.Detail, tt.code, tt.msg, tt.detail)
			}
			if n := len(w.writes()); (n > 0) != tt.apiCalled {
				t.Errorf("write calls %v", w.writes())
			}
		})
	}
}

// TestUpdate_StopsPartWay: a failure reports what was already changed,
// within the row and in the rows before it.
func TestUpdate_StopsPartWay(t *testing.T) {
	t.Run("within a row", func(t *testing.T) {
		w := newWriteEnv(t)
		c := w.conn(staticVGW)
		w.reset()
		pe := w.fail(`UPDATE vpn_connections SET tags = tags || '{"k": "v"}', options = options || '{"localIpv4NetworkCidr": "bogus"}' WHERE "vpnConnectionId" = $1`, c.id)
		expectCalls(t, w.writes(), "CreateTags ResourceId.1="+c.id+" Tag.1.Key=k Tag.1.Value=v",
			"ModifyVpnConnectionOptions LocalIpv4NetworkCidr=bogus VpnConnectionId="+c.id)
		want := "Row 1 of 1 (" + c.id + ") failed.\nAlready changed on " + c.id + " before the failure: CreateTags k."
		if !strings.HasSuffix(pe.Detail, want) || pe.Hint == "" {
			t.Errorf("DETAIL %q, want suffix %q; HINT %q", pe.Detail, want, pe.Hint)
		}
	})
	t.Run("across rows", func(t *testing.T) {
		w := newWriteEnv(t)
		ids := w.exec(`SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'us-east-1'`) // scan order
		first, second := ids[0][0], ids[1][0]
		w.reset()
		pe := w.fail(`UPDATE vpn_connections SET tags = tags || CASE WHEN "vpnConnectionId" = $2 THEN '{"aws:x": "no"}'::jsonb ELSE '{"ok": "1"}' END
			WHERE "vpnConnectionId" IN ($1, $2)`, first, second)
		expectCalls(t, w.writes(), "CreateTags ResourceId.1="+first+" Tag.1.Key=ok Tag.1.Value=1",
			"CreateTags ResourceId.1="+second+" Tag.1.Key=aws:x Tag.1.Value=no")
		want := "Row 2 of 2 (" + second + ") failed.\n1 row(s) were already changed and stay changed: " + first + " (us-east-1)."
		if pe.Code != pgerr.InvalidParameterValue || !strings.HasSuffix(pe.Detail, want) {
			t.Errorf("%s DETAIL %q, want suffix %q", pe.Code, pe.Detail, want)
		}
	})
}

func TestDelete(t *testing.T) {
	w := newWriteEnv(t)
	id, _ := w.oneConnection(`region = 'us-east-1'`)
	w.reset()
	rows := w.exec(`DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1 RETURNING "vpnConnectionId", state, tags->>'Name' IS NOT NULL`, id)
	if fmt.Sprint(rows) != "[["+id+" available t]]" {
		t.Errorf("RETURNING %v, want the row as it was", rows)
	}
	expectCalls(t, w.writes(), "DeleteVpnConnection VpnConnectionId="+id)
	if v := w.describe("us-east-1", id); v.State != "deleted" && v.State != "deleting" {
		t.Errorf("state after DELETE: %s", v.State)
	}

	// Deleted connections stay listed for a while; deleting again is a no-op.
	w.reset()
	if tag := w.tag(`DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, id); tag != "DELETE 0" {
		t.Errorf("second DELETE: tag %q, want DELETE 0", tag)
	}
	expectCalls(t, w.writes())
	if n := w.s.Notices(); len(n) != 1 || !strings.Contains(n[0].Message, "already deleted") {
		t.Errorf("notices %v", n)
	}

	// Pushdown: only eu-west-1 is read, then each match is deleted.
	w.reset()
	want := w.exec(`SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND tags ? 'Env' ORDER BY 1`)
	w.reset()
	rows = w.exec(`DELETE FROM vpn_connections WHERE region = 'eu-west-1' AND tags ? 'Env' RETURNING "vpnConnectionId"`)
	if len(rows) != len(want) || len(want) == 0 {
		t.Errorf("deleted %v, want %v", rows, want)
	}
	for _, c := range w.calls() {
		if c.Region != "eu-west-1" {
			t.Errorf("call outside eu-west-1: %s %s", c.Region, c)
		}
	}
	if n := len(w.writes()); n != len(want) {
		t.Errorf("%d DeleteVpnConnection calls, want %d", n, len(want))
	}
}

func TestDelete_StopsPartWay(t *testing.T) {
	w := newWriteEnv(t)
	us, _ := w.oneConnection(`region = 'us-east-1'`)
	eu, _ := w.oneConnection(`region = 'eu-west-1'`)
	// This account may not delete in eu-west-1.
	w.sim.AddFault(ecFault("DeleteVpnConnection", "eu-west-1", "UnauthorizedOperation", 403))
	w.reset()
	pe := w.fail(`DELETE FROM vpn_connections WHERE "vpnConnectionId" IN ($1, $2)`, us, eu)
	want := "Row 2 of 2 (" + eu + ") failed.\n1 row(s) were already deleted and stay deleted: " + us + " (us-east-1)."
	if pe.Code != pgerr.InsufficientPrivilege || !strings.Contains(pe.Detail, "AWS error code: UnauthorizedOperation") || !strings.HasSuffix(pe.Detail, want) {
		t.Errorf("%s %q\nwant 42501 and DETAIL suffix %q", pe.Code, pe.Detail, want)
	}
	expectCalls(t, w.writes(), "DeleteVpnConnection VpnConnectionId="+us, "DeleteVpnConnection VpnConnectionId="+eu)
	_ = catalog.Values{}
}

// TestUpdate_ReadsFresh: UPDATE computes its calls from the connection as
// it is now, never from the read cache: a tag added behind vpnsql's back
// since the last SELECT is seen.
func TestUpdate_ReadsFresh(t *testing.T) {
	w := newWriteEnv(t)
	id, _ := w.oneConnection(bgpVGW)
	where := `WHERE "vpnConnectionId" = $1 AND region = 'us-east-1'`
	if r := w.exec(`SELECT tags ? 'ext' FROM vpn_connections `+where, id); r[0][0] != "f" {
		t.Fatal("the tag exists already")
	}
	if _, err := w.client.CreateTags(context.Background(), &sdkec2.CreateTagsInput{Resources: []string{id},
		Tags: []types.Tag{{Key: aws.String("ext"), Value: aws.String("1")}}}); err != nil {
		t.Fatal(err)
	}
	if r := w.exec(`SELECT tags ? 'ext' FROM vpn_connections `+where, id); r[0][0] != "f" {
		t.Log("(the read cache is off: the SELECT already sees the new tag)")
	}
	w.reset()
	w.exec(`UPDATE vpn_connections SET tags = tags - 'ext' `+where, id)
	expectCalls(t, w.writes(), "DeleteTags ResourceId.1="+id+" Tag.1.Key=ext")
}
