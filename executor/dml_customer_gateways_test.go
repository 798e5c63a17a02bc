package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// Writes to customer_gateways through SQL: INSERT is CreateCustomerGateway
// under the unique index customer_gateways_identity_key (EC2 returns the
// existing gateway for an identical request), DELETE is
// DeleteCustomerGateway unless a live connection uses the gateway (23503),
// UPDATE changes tags only.

const insCgw = `INSERT INTO customer_gateways (type, "ipAddress", "bgpAsn", tags) VALUES ('ipsec.1', $1, '65010', '{"Name": "edge"}')`

func TestCustomerGateways_InsertTwice(t *testing.T) {
	w := newWriteEnv(t)
	w.reset()
	rows := w.exec(insCgw+` RETURNING "customerGatewayId", state, "bgpAsn", region`, "198.51.100.91")
	if len(rows) != 1 || !strings.HasPrefix(rows[0][0], "cgw-") || strings.Join(rows[0][1:], " ") != "available 65010 us-east-1" {
		t.Fatalf("RETURNING %v", rows)
	}
	id := rows[0][0]
	expectCalls(t, w.writes(), "CreateCustomerGateway BgpAsn=65010 IpAddress=198.51.100.91 TagSpecification.1.ResourceType=customer-gateway TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=edge Type=ipsec.1")

	// The same request again: EC2 would answer with the gateway just made.
	w.reset()
	pe := w.fail(insCgw, "198.51.100.91")
	want := `Key (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn")=(ipsec.1, 198.51.100.91, 65010, null, null, null) already exists. The live customer gateway is ` + id + ` (available) in us-east-1.`
	if pe.Code != pgerr.UniqueViolation || pe.Message != `duplicate key value violates unique constraint "customer_gateways_identity_key"` ||
		!strings.HasPrefix(pe.Detail, want) || pe.ConstraintName != "customer_gateways_identity_key" || pe.TableName != "customer_gateways" {
		t.Errorf("got %s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
	expectCalls(t, w.writes())

	// ON CONFLICT DO NOTHING, bare or naming the index by its columns and
	// predicate, skips the row.
	for _, target := range []string{"", `(type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn") WHERE state = 'available'`} {
		w.reset()
		if tag := w.tag(insCgw+" ON CONFLICT "+target+" DO NOTHING", "198.51.100.91"); tag != "INSERT 0 0" {
			t.Errorf("ON CONFLICT %s: %s", target, tag)
		}
		expectCalls(t, w.writes())
	}
	// Without the predicate no index matches, as in PostgreSQL.
	pe = w.fail(insCgw+` ON CONFLICT (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn") DO NOTHING`, "198.51.100.91")
	if pe.Code != pgerr.InvalidColumnReference {
		t.Errorf("ON CONFLICT without the predicate: %s %s", pe.Code, pe.Message)
	}
	if n := w.exec(`SELECT count(*) FROM customer_gateways WHERE "ipAddress" = '198.51.100.91'`); n[0][0] != "1" {
		t.Errorf("%s gateways for the address, want 1", n[0][0])
	}
}

func TestCustomerGateways_DeleteReferenced(t *testing.T) {
	w := newWriteEnv(t)
	rows := w.exec(`SELECT c."customerGatewayId", string_agg(v."vpnConnectionId" || ' (' || v.state || ')', ', ' ORDER BY v."vpnConnectionId")
		FROM customer_gateways c JOIN vpn_connections v USING ("customerGatewayId")
		WHERE c.region = 'us-east-1' AND v.region = 'us-east-1' AND v.state IN ('pending', 'available') GROUP BY 1 ORDER BY 1 LIMIT 1`)
	if len(rows) != 1 {
		t.Fatal("no customer gateway in use in us-east-1")
	}
	used, users := rows[0][0], rows[0][1]
	w.reset()
	pe := w.fail(`DELETE FROM customer_gateways WHERE "customerGatewayId" = $1`, used)
	if pe.Code != pgerr.ForeignKeyViolation || pe.ConstraintName != "vpn_connections_customerGatewayId_fkey" ||
		pe.Message != `update or delete on table "customer_gateways" violates foreign key constraint "vpn_connections_customerGatewayId_fkey" on table "vpn_connections"` ||
		!strings.HasPrefix(pe.Detail, `Key ("customerGatewayId")=(`+used+`) is still referenced from table "vpn_connections": `+users+`.`) {
		t.Errorf("got %s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
	expectCalls(t, w.writes())

	// An unused one: the demo's spare.
	spare := w.exec(`SELECT "customerGatewayId" FROM customer_gateways WHERE region = 'us-east-1' AND "deviceName" = 'spare-edge'`)
	if len(spare) != 1 {
		t.Fatalf("spares %v", spare)
	}
	w.reset()
	if tag := w.tag(`DELETE FROM customer_gateways WHERE "customerGatewayId" = $1`, spare[0][0]); tag != "DELETE 1" {
		t.Errorf("spare: %s", tag)
	}
	expectCalls(t, w.writes(), "DeleteCustomerGateway CustomerGatewayId="+spare[0][0])
}

func TestCustomerGateways_ExplainDryRunUpdate(t *testing.T) {
	w := newWriteEnv(t)
	w.reset()
	plan := explainText(w.exec(`EXPLAIN `+insCgw, "198.51.100.92"))
	want := `  API Call 1: CreateCustomerGateway in us-east-1 (account 123456789012) for row 1: {"BgpAsn":65010,"IpAddress":"198.51.100.92","TagSpecifications":[{"ResourceType":"customer-gateway","Tags":[{"Key":"Name","Value":"edge"}]}],"Type":"ipsec.1"}`
	if !strings.HasPrefix(plan, "Insert on customer_gateways\n") || !strings.Contains(plan, want) {
		t.Errorf("plan:\n%s\nwant the line\n%s", plan, want)
	}
	expectCalls(t, w.writes())

	w.exec(`SET vpnsql.dry_run = on`)
	w.reset()
	if tag := w.tag(insCgw, "198.51.100.92"); tag != "INSERT 0 0" {
		t.Errorf("dry run: %s", tag)
	}
	expectCalls(t, w.writes(), "CreateCustomerGateway BgpAsn=65010 DryRun=true IpAddress=198.51.100.92 TagSpecification.1.ResourceType=customer-gateway TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=edge Type=ipsec.1")
	w.exec(`SET vpnsql.dry_run = off`)

	spare := w.exec(`SELECT "customerGatewayId" FROM customer_gateways WHERE region = 'us-east-1' AND "deviceName" = 'spare-edge'`)[0][0]
	w.reset()
	if tag := w.tag(`UPDATE customer_gateways SET tags = tags || '{"Owner": "net"}' WHERE "customerGatewayId" = $1`, spare); tag != "UPDATE 1" {
		t.Errorf("UPDATE tags: %s", tag)
	}
	expectCalls(t, w.writes(), "CreateTags ResourceId.1="+spare+" Tag.1.Key=Owner Tag.1.Value=net")
	pe := w.fail(`UPDATE customer_gateways SET "ipAddress" = '198.51.100.93' WHERE "customerGatewayId" = $1`, spare)
	if pe.Code != pgerr.FeatureNotSupported || pe.Message != `column "ipAddress" cannot be changed` || !strings.Contains(pe.Detail, "no call that changes a customer gateway") {
		t.Errorf("UPDATE ipAddress: %s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
}
