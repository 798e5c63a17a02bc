package integration

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// vgwActions are the calls that change a virtual private gateway.
var vgwActions = map[string]bool{"CreateVpnGateway": true, "DeleteVpnGateway": true, "AttachVpnGateway": true,
	"DetachVpnGateway": true, "CreateTags": true, "DeleteTags": true}

// vgwWrites returns the gateway write calls since the last look, as
// "Action K=V ..." (parameters sorted), and clears the log.
func (w writesServer) vgwWrites(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range w.requests(t) {
		if !vgwActions[r.Action] {
			continue
		}
		var keys []string
		for k := range r.Params {
			if k != "Action" && k != "Version" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		s := r.Action
		for _, k := range keys {
			s += " " + k + "=" + strings.Join(r.Params[k], ",")
		}
		out = append(out, s)
	}
	clearSimRequests(t, w.simURL)
	return out
}

// TestVpnGatewayWrites: the life of a virtual private gateway from psql
// and pgx against vpnsql serve and vpnsql sim: INSERT, attach, the
// refusal to delete it while attached (55000) and while a connection uses
// it (23503), detach, DELETE, with dry run and EXPLAIN making no change.
func TestVpnGatewayWrites(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	ctx := testContext(t)
	sdk := w.sdk("us-east-1")
	vpc, err := sdk.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.77.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	vpcID := *vpc.Vpc.VpcId
	clearSimRequests(t, w.simURL)

	// INSERT from psql.
	out := psql(t, w.pgURL, "-c", `INSERT INTO vpn_gateways (type, "amazonSideAsn", "availabilityZone", tags)
		VALUES ('ipsec.1', 65077, 'us-east-1b', '{"Name": "from-psql"}') RETURNING "vpnGatewayId", state, "vpcAttachments"`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "vpnGatewayId|state|vpcAttachments" || !strings.HasSuffix(lines[1], "|available|[]") || lines[3] != "INSERT 0 1" {
		t.Fatalf("psql output:\n%s", out)
	}
	id := strings.Split(lines[1], "|")[0]
	expectWrites(t, w.vgwWrites(t), "CreateVpnGateway AmazonSideAsn=65077 AvailabilityZone=us-east-1b "+
		"TagSpecification.1.ResourceType=vpn-gateway TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=from-psql Type=ipsec.1")

	// Attach from psql: the function returns the gateway as it is after.
	out = psql(t, w.pgURL, "-t", "-c", `SELECT "vpcAttachments" FROM ec2.vpn_gateway_attach('`+id+`', '`+vpcID+`')`)
	if strings.TrimSpace(out) != `[{"state": "attached", "vpcId": "`+vpcID+`"}]` {
		t.Errorf("attach: %q", out)
	}
	expectWrites(t, w.vgwWrites(t), "AttachVpnGateway VpcId="+vpcID+" VpnGatewayId="+id)

	// Attached: DELETE is refused with 55000 and the way out, no call made.
	out, err = psqlResult(t, w.pgURL, "-c", `DELETE FROM vpn_gateways WHERE "vpnGatewayId" = '`+id+`'`)
	if err == nil || !strings.Contains(out, `ERROR:  cannot delete virtual private gateway "`+id+`" because it is attached to VPC "`+vpcID+`"`) ||
		!strings.Contains(out, "HINT:  Detach it first: SELECT * FROM ec2.vpn_gateway_detach('"+id+"', '"+vpcID+"');") {
		t.Errorf("DELETE attached: %v\n%s", err, out)
	}
	conn, err := pgx.Connect(ctx, w.pgURL+"?application_name=vgw-pgx")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, id)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55000" {
		t.Errorf("DELETE attached from pgx: %v", err)
	}
	expectWrites(t, w.vgwWrites(t))

	// EXPLAIN and a dry run of the detach make no change.
	var plan []string
	rows, err := conn.Query(ctx, `EXPLAIN SELECT * FROM ec2.vpn_gateway_detach($1, $2)`, id, vpcID)
	if err == nil {
		plan, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil || !strings.Contains(strings.Join(plan, "\n"), "DetachVpnGateway in us-east-1") {
		t.Errorf("EXPLAIN: %v\n%s", err, strings.Join(plan, "\n"))
	}
	out = psql(t, w.pgURL, "-c", "SET vpnsql.dry_run = on", "-c", `SELECT count(*) FROM ec2.vpn_gateway_detach('`+id+`', '`+vpcID+`')`)
	if !strings.Contains(out, "DetachVpnGateway would succeed") {
		t.Errorf("dry run:\n%s", out)
	}
	expectWrites(t, w.vgwWrites(t), "DetachVpnGateway DryRun=true VpcId="+vpcID+" VpnGatewayId="+id)

	// Detach from pgx, per row of the table, then a connection uses it:
	// 23503 on the foreign key.
	var state string
	if err := conn.QueryRow(ctx, `SELECT r."vpcAttachments"->0->>'state' FROM vpn_gateways g, ec2.vpn_gateway_detach(g."vpnGatewayId", $2) r
		WHERE g."vpnGatewayId" = $1`, id, vpcID).Scan(&state); err != nil || state != "detached" {
		t.Fatalf("detach: %q %v", state, err)
	}
	expectWrites(t, w.vgwWrites(t), "DetachVpnGateway VpcId="+vpcID+" VpnGatewayId="+id)
	cgw, err := sdk.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65077), IpAddress: aws.String("198.51.100.77")})
	if err != nil {
		t.Fatal(err)
	}
	vpn, err := sdk.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: cgw.CustomerGateway.CustomerGatewayId, VpnGatewayId: &id, Type: aws.String("ipsec.1")})
	if err != nil {
		t.Fatal(err)
	}
	clearSimRequests(t, w.simURL)
	_, err = conn.Exec(ctx, `DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, id)
	if !errors.As(err, &pe) || pe.Code != "23503" || pe.ConstraintName != "vpn_connections_vpnGatewayId_fkey" || pe.TableName != "vpn_connections" ||
		!strings.Contains(pe.Detail, *vpn.VpnConnection.VpnConnectionId) {
		t.Errorf("DELETE in use: %v", err)
	}
	expectWrites(t, w.vgwWrites(t))

	// Free again: DELETE from psql.
	if _, err := sdk.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: vpn.VpnConnection.VpnConnectionId}); err != nil {
		t.Fatal(err)
	}
	clearSimRequests(t, w.simURL)
	out = psql(t, w.pgURL, "-c", `EXPLAIN DELETE FROM vpn_gateways WHERE "vpnGatewayId" = '`+id+`'`)
	if !strings.Contains(out, "DeleteVpnGateway in us-east-1 (account ") || !strings.Contains(out, `{"VpnGatewayId":"`+id+`"}`) {
		t.Errorf("EXPLAIN DELETE:\n%s", out)
	}
	expectWrites(t, w.vgwWrites(t))
	out = psql(t, w.pgURL, "-c", `DELETE FROM vpn_gateways WHERE "vpnGatewayId" = '`+id+`' RETURNING "amazonSideAsn"`)
	if !strings.Contains(out, "65077\n(1 row)\nDELETE 1") {
		t.Errorf("DELETE:\n%s", out)
	}
	expectWrites(t, w.vgwWrites(t), "DeleteVpnGateway VpnGatewayId="+id)
}
