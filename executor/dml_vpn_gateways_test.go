package executor

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
)

// vpc creates a VPC in us-east-1 (a setup call).
func (w *writeEnv) vpc(cidr string) string {
	w.t.Helper()
	out, err := w.client.CreateVpc(context.Background(), &sdkec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
	if err != nil {
		w.t.Fatal(err)
	}
	return *out.Vpc.VpcId
}

// TestVpnGateways_SQL: INSERT, UPDATE of tags, attach and detach, DELETE,
// as SQL, with the calls each makes.
func TestVpnGateways_SQL(t *testing.T) {
	w := newWriteEnv(t)
	vpc := w.vpc("10.20.0.0/16")
	w.reset()

	rows := w.exec(`INSERT INTO vpn_gateways (type, "amazonSideAsn", tags) VALUES ('ipsec.1', 65020, '{"Name": "sql"}') RETURNING "vpnGatewayId", state, "amazonSideAsn", region`)
	if len(rows) != 1 || rows[0][1] != "available" || rows[0][2] != "65020" || rows[0][3] != "us-east-1" {
		t.Fatalf("INSERT RETURNING %v", rows)
	}
	id := rows[0][0]
	expectCalls(t, w.writes(), "CreateVpnGateway AmazonSideAsn=65020 TagSpecification.1.ResourceType=vpn-gateway TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=sql Type=ipsec.1")
	w.reset()

	if tag := w.tag(`UPDATE vpn_gateways SET tags = tags || '{"Env": "test"}' WHERE "vpnGatewayId" = $1`, id); tag != "UPDATE 1" {
		t.Errorf("UPDATE tag %q", tag)
	}
	expectCalls(t, w.writes(), "CreateTags ResourceId.1="+id+" Tag.1.Key=Env Tag.1.Value=test")
	w.reset()
	if pe := w.fail(`UPDATE vpn_gateways SET "amazonSideAsn" = 65021 WHERE "vpnGatewayId" = $1`, id); pe.Code != pgerr.FeatureNotSupported ||
		!strings.Contains(pe.Detail, "INSERT a new gateway") {
		t.Errorf("UPDATE amazonSideAsn: %s %s / %s", pe.Code, pe.Message, pe.Detail)
	}

	rows = w.exec(`SELECT "vpcAttachments"->0->>'vpcId', "vpcAttachments"->0->>'state' FROM ec2.vpn_gateway_attach($1, $2)`, id, vpc)
	if len(rows) != 1 || rows[0][0] != vpc || rows[0][1] != "attached" {
		t.Errorf("attach returned %v", rows)
	}
	expectCalls(t, w.writes(), "AttachVpnGateway VpcId="+vpc+" VpnGatewayId="+id)
	w.reset()

	// Attached: DELETE is refused before any call.
	pe := w.fail(`DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, id)
	if pe.Code != pgerr.ObjectNotInPrerequisiteState || pe.Message != `cannot delete virtual private gateway "`+id+`" because it is attached to VPC "`+vpc+`"` ||
		!strings.Contains(pe.Hint, "SELECT * FROM ec2.vpn_gateway_detach('"+id+"', '"+vpc+"')") {
		t.Errorf("DELETE attached: %s %q / %q", pe.Code, pe.Message, pe.Hint)
	}
	expectCalls(t, w.writes())

	// Detach per row, in the safe form, then DELETE.
	rows = w.exec(`SELECT r."vpcAttachments"->0->>'state' FROM vpn_gateways g, ec2.vpn_gateway_detach(g."vpnGatewayId", g."vpcAttachments"->0->>'vpcId') r
		WHERE g."vpnGatewayId" = $1`, id)
	if len(rows) != 1 || rows[0][0] != "detached" {
		t.Errorf("detach returned %v", rows)
	}
	expectCalls(t, w.writes(), "DetachVpnGateway VpcId="+vpc+" VpnGatewayId="+id)
	w.reset()
	if rows := w.exec(`DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1 RETURNING "vpnGatewayId"`, id); len(rows) != 1 {
		t.Errorf("DELETE RETURNING %v", rows)
	}
	expectCalls(t, w.writes(), "DeleteVpnGateway VpnGatewayId="+id)
}

// TestVpnGateways_UnknownOutcome: a CreateVpnGateway that fails with a 5xx
// is sent once (EC2 may have acted) and is 40003; a throttled attach is
// retried, since EC2 answers that before acting.
func TestVpnGateways_UnknownOutcome(t *testing.T) {
	w := newWriteEnv(t)
	_, vgw := w.gateways("us-east-1", "198.51.100.152")
	vpc := w.vpc("10.22.0.0/16")
	w.sim.SetFaults([]ec2sim.Fault{ecFault("CreateVpnGateway", "us-east-1", "InternalError", 500)})
	w.reset()
	pe := w.fail(`INSERT INTO vpn_gateways (type) VALUES ('ipsec.1')`)
	if pe.Code != pgerr.TRStatementCompletionUnknown {
		t.Errorf("5xx: %s %s", pe.Code, pe.Message)
	}
	expectCalls(t, w.writes(), "CreateVpnGateway Type=ipsec.1")
	w.sim.SetFaults([]ec2sim.Fault{{Action: "AttachVpnGateway", Region: "us-east-1", Kind: ec2sim.FaultError, Code: "RequestLimitExceeded", Status: 503, Count: 1}})
	w.reset()
	w.exec(`SELECT 1 FROM ec2.vpn_gateway_attach($1, $2)`, vgw, vpc)
	attach := "AttachVpnGateway VpcId=" + vpc + " VpnGatewayId=" + vgw
	expectCalls(t, w.writes(), attach, attach)
}

// TestVpnGateways_DeleteInUse: a gateway a live connection uses is 23503
// on the foreign key, before any call; a seeded gateway both attached and
// in use is refused as attached first.
func TestVpnGateways_DeleteInUse(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.150")
	out, err := w.client.CreateVpnConnection(context.Background(), &sdkec2.CreateVpnConnectionInput{CustomerGatewayId: &cgw, VpnGatewayId: &vgw, Type: aws.String("ipsec.1")})
	if err != nil {
		t.Fatal(err)
	}
	vpn := *out.VpnConnection.VpnConnectionId
	w.reset()
	pe := w.fail(`DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, vgw)
	if pe.Code != pgerr.ForeignKeyViolation || pe.ConstraintName != "vpn_connections_vpnGatewayId_fkey" ||
		!strings.Contains(pe.Detail, `Key ("vpnGatewayId")=(`+vgw+`) is still referenced from table "vpn_connections": `+vpn) {
		t.Errorf("DELETE in use: %s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
	expectCalls(t, w.writes())

	seeded := w.exec(`SELECT "vpnGatewayId" FROM vpn_gateways g WHERE region = 'us-east-1' AND "vpcAttachments" @> '[{"state": "attached"}]'
		AND EXISTS (SELECT 1 FROM vpn_connections v WHERE v."vpnGatewayId" = g."vpnGatewayId" AND v.state = 'available')`)
	if len(seeded) == 0 {
		t.Fatal("no seeded gateway attached and in use")
	}
	w.reset()
	if pe := w.fail(`DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, seeded[0][0]); pe.Code != pgerr.ObjectNotInPrerequisiteState {
		t.Errorf("DELETE attached and in use: %s %s", pe.Code, pe.Message)
	}
	expectCalls(t, w.writes())
}

// TestVpnGateways_SafetyAndPlans: the methods obey the write rules of the
// VPN functions, with hints that name vpn_gateways; dry run and EXPLAIN
// make no change.
func TestVpnGateways_SafetyAndPlans(t *testing.T) {
	w := newWriteEnv(t)
	_, vgw := w.gateways("us-east-1", "198.51.100.151")
	vpc := w.vpc("10.21.0.0/16")
	w.reset()

	for _, tt := range []struct{ sql, msg, hint string }{
		{`SELECT * FROM vpn_gateways g, ec2.vpn_gateway_attach(g."vpnGatewayId", '` + vpc + `') r WHERE r.state = 'available'`,
			"WHERE cannot read the result of ec2.vpn_gateway_attach", `FROM vpn_gateways v, ec2.vpn_gateway_attach(v."vpnGatewayId", ...) r WHERE <conditions on v>`},
		{`SELECT * FROM vpn_gateways g, ec2.vpn_gateway_detach(g."vpnGatewayId", '` + vpc + `') r WHERE g.region = 'us-east-1' LIMIT 1`,
			"LIMIT and OFFSET are not allowed", `WITH pick AS (SELECT "vpnGatewayId" FROM vpn_gateways WHERE ... ORDER BY ... LIMIT n) SELECT ... FROM pick, ec2.vpn_gateway_detach(pick."vpnGatewayId", ...) r`},
		{`SELECT ec2.vpn_gateway_attach('` + vgw + `', '` + vpc + `')`, "can only be called in FROM", `ec2.vpn_gateway_attach(v."vpnGatewayId", ...)`},
		{`SELECT * FROM vpn_gateways g, ec2.vpn_gateway_detach(g."vpnGatewayId", '` + vpc + `') r`, "requires a WHERE clause", ""},
	} {
		pe := w.fail(tt.sql)
		if !strings.Contains(pe.Message, tt.msg) || !strings.Contains(pe.Hint, tt.hint) || strings.Contains(pe.Hint+pe.Detail, "vpnConnectionId") {
			t.Errorf("%s:\n  %s %q / %q / %q", tt.sql, pe.Code, pe.Message, pe.Detail, pe.Hint)
		}
	}
	w.exec(`BEGIN`)
	if pe := w.fail(`SELECT * FROM ec2.vpn_gateway_attach($1, $2)`, vgw, vpc); pe.Code != pgerr.ActiveSqlTransaction {
		t.Errorf("in a transaction: %s %s", pe.Code, pe.Message)
	}
	w.exec(`ROLLBACK`)
	expectCalls(t, w.writes())

	// EXPLAIN lists the calls and makes none.
	var plan []string
	for _, r := range w.exec(`EXPLAIN SELECT * FROM ec2.vpn_gateway_attach($1, $2)`, vgw, vpc) {
		plan = append(plan, r[0])
	}
	for _, r := range w.exec(`EXPLAIN DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, vgw) {
		plan = append(plan, r[0])
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, `AttachVpnGateway in us-east-1 (account 123456789012) for `+vgw+`: {"VpcId":"`+vpc+`","VpnGatewayId":"`+vgw+`"}`) ||
		!strings.Contains(text, `DeleteVpnGateway in us-east-1 (account 123456789012) for `+vgw) {
		t.Errorf("EXPLAIN:\n%s", text)
	}
	expectCalls(t, w.writes())

	// A dry run sends DryRun=true and changes nothing.
	w.exec(`SET vpnsql.dry_run = on`)
	w.s.Notices()
	w.exec(`SELECT * FROM ec2.vpn_gateway_attach($1, $2)`, vgw, vpc)
	w.tag(`DELETE FROM vpn_gateways WHERE "vpnGatewayId" = $1`, vgw)
	expectCalls(t, w.writes(), "AttachVpnGateway DryRun=true VpcId="+vpc+" VpnGatewayId="+vgw, "DeleteVpnGateway DryRun=true VpnGatewayId="+vgw)
	if n := noticeText(w.s.Notices()); !strings.Contains(n, "AttachVpnGateway would succeed") || !strings.Contains(n, "DeleteVpnGateway would succeed") {
		t.Errorf("notices: %s", n)
	}
	w.exec(`SET vpnsql.dry_run = off`)
	if rows := w.exec(`SELECT state, "vpcAttachments" FROM vpn_gateways WHERE "vpnGatewayId" = $1`, vgw); rows[0][0] != "available" || rows[0][1] != "[]" {
		t.Errorf("after the dry run: %v", rows)
	}

	// An unknown VPC is EC2's InvalidVpcID.NotFound, as 23503.
	w.reset()
	pe := w.fail(`SELECT * FROM ec2.vpn_gateway_attach($1, 'vpc-0123456789abcdef0')`, vgw)
	if pe.Code != pgerr.ForeignKeyViolation || !strings.Contains(pe.Detail, "InvalidVpcID.NotFound") {
		t.Errorf("unknown VPC: %s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
}
