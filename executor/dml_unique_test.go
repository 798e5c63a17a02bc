package executor

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
)

// The unique index vpn_connections_gateway_pair_key: an INSERT of a
// customer gateway and target gateway pair that has a live connection is
// 23505 with no CreateVpnConnection sent (EC2 would return the existing
// connection); ON CONFLICT DO NOTHING skips such rows.

const insPair = `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags) VALUES ($1, 'ipsec.1', $2, '{"Name": "dup"}')`

// livePair returns a seeded available connection on a VGW in us-east-1.
func (w *writeEnv) livePair() (id, cgw, vgw string) {
	w.t.Helper()
	rows := w.exec(`SELECT "vpnConnectionId", "customerGatewayId", "vpnGatewayId" FROM vpn_connections
		WHERE region = 'us-east-1' AND state = 'available' AND "vpnGatewayId" IS NOT NULL ORDER BY 1 LIMIT 1`)
	if len(rows) != 1 {
		w.t.Fatal("no available VGW connection in us-east-1")
	}
	return rows[0][0], rows[0][1], rows[0][2]
}

// pairCount counts the connections ec2sim has for a pair, by state.
func (w *writeEnv) pairCount(cgw, vgw string) map[string]int {
	w.t.Helper()
	out, err := w.client.DescribeVpnConnections(context.Background(), &sdkec2.DescribeVpnConnectionsInput{Filters: []types.Filter{
		{Name: aws.String("customer-gateway-id"), Values: []string{cgw}}, {Name: aws.String("vpn-gateway-id"), Values: []string{vgw}}}})
	if err != nil {
		w.t.Fatal(err)
	}
	n := map[string]int{}
	for _, v := range out.VpnConnections {
		n[string(v.State)]++
	}
	return n
}

func TestInsert_GatewayPairIsUnique(t *testing.T) {
	w := newWriteEnv(t)
	id, cgw, vgw := w.livePair()
	before := w.pairCount(cgw, vgw)
	w.reset()
	pe := w.fail(insPair, cgw, vgw)
	wantDetail := `Key ("customerGatewayId", "vpnGatewayId", "transitGatewayId")=(` + cgw + `, ` + vgw + `, null) already exists. The live connection is ` + id + ` (available) in us-east-1.`
	if pe.Code != pgerr.UniqueViolation || pe.Message != `duplicate key value violates unique constraint "vpn_connections_gateway_pair_key"` || pe.Detail != wantDetail {
		t.Errorf("got %s %q / %q\nwant 23505 / %q", pe.Code, pe.Message, pe.Detail, wantDetail)
	}
	if pe.ConstraintName != "vpn_connections_gateway_pair_key" || pe.TableName != "vpn_connections" || pe.SchemaName != "ec2" {
		t.Errorf("error fields %q %q %q", pe.SchemaName, pe.TableName, pe.ConstraintName)
	}
	var got []string
	for _, c := range w.calls() {
		if c.Action != "GetCallerIdentity" {
			got = append(got, c.String())
		}
	}
	expectCalls(t, got, "DescribeVpnConnections Filter.1.Name=customer-gateway-id Filter.1.Value.1="+cgw)
	if after := w.pairCount(cgw, vgw); after["available"] != before["available"] || after["pending"] != 0 {
		t.Errorf("ec2sim's connections for the pair: %v, before %v", after, before)
	}

	// A deleted connection frees the pair, as in EC2.
	w.exec(`DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, id)
	w.reset()
	if tag := w.tag(insPair, cgw, vgw); tag != "INSERT 0 1" {
		t.Errorf("after DELETE: %s, want INSERT 0 1", tag)
	}
	expectCalls(t, w.writes(), "CreateVpnConnection CustomerGatewayId="+cgw+" TagSpecification.1.ResourceType=vpn-connection TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=dup Type=ipsec.1 VpnGatewayId="+vgw)
}

func TestInsert_GatewayPairTwiceInOneStatement(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.71")
	w.reset()
	pe := w.fail(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2), ($1, 'ipsec.1', $2)`, cgw, vgw)
	if pe.Code != pgerr.UniqueViolation || !strings.Contains(pe.Detail, "Row 1 of this INSERT has the same key.") || !strings.Contains(pe.Detail, "Row 2 of 2 failed.\nNo row was created.") {
		t.Errorf("got %s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
	expectCalls(t, w.writes())

	// ON CONFLICT DO NOTHING creates the first and skips the second.
	w.reset()
	if tag := w.tag(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2), ($1, 'ipsec.1', $2) ON CONFLICT DO NOTHING`, cgw, vgw); tag != "INSERT 0 1" {
		t.Errorf("tag %s, want INSERT 0 1", tag)
	}
	expectCalls(t, w.writes(), "CreateVpnConnection CustomerGatewayId="+cgw+" Type=ipsec.1 VpnGatewayId="+vgw)
}

func TestInsert_OnConflictDoNothing(t *testing.T) {
	w := newWriteEnv(t)
	_, cgw, vgw := w.livePair()
	fc, fv := w.gateways("us-east-1", "198.51.100.72")
	both := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2), ($3, 'ipsec.1', $4) `
	for _, target := range []string{"", `("vpnGatewayId", "transitGatewayId", "customerGatewayId") WHERE state NOT IN ('deleting', 'deleted') AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`} {
		w.reset()
		want, wantTag := []string{"CreateVpnConnection CustomerGatewayId=" + fc + " Type=ipsec.1 VpnGatewayId=" + fv}, "INSERT 0 1"
		if target != "" {
			want, wantTag = nil, "INSERT 0 0" // the fresh pair is taken now, by the first round
		}
		if tag := w.tag(both+"ON CONFLICT "+target+" DO NOTHING", cgw, vgw, fc, fv); tag != wantTag {
			t.Errorf("ON CONFLICT %s: tag %s, want %s", target, tag, wantTag)
		}
		expectCalls(t, w.writes(), want...)
	}
	if n := w.pairCount(fc, fv); n["pending"]+n["available"] != 1 {
		t.Errorf("fresh pair has %v connections, want 1", n)
	}
	// An arbiter that is not the pair's index does not skip the pair.
	w.reset()
	pe := w.fail(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2) ON CONFLICT ("vpnConnectionId") DO NOTHING`, cgw, vgw)
	if pe.Code != pgerr.UniqueViolation {
		t.Errorf("arbiter pkey: %s %s, want 23505", pe.Code, pe.Message)
	}
	expectCalls(t, w.writes())
}

// TestInsert_OnConflictInference: the conflict targets PostgreSQL 15
// accepts for the table's indexes, and its errors for the others (each
// case checked against PostgreSQL 15 with the same index; see also
// integration TestOnConflictDiff). No row is inserted: nothing is called.
func TestInsert_OnConflictInference(t *testing.T) {
	w := newWriteEnv(t)
	pred := `state NOT IN ('deleting', 'deleted') AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`
	cols := `("customerGatewayId", "vpnGatewayId", "transitGatewayId")`
	tests := []struct {
		target string
		code   pgerr.Code // "" accepted
	}{
		{"", ""},
		{`("vpnConnectionId")`, ""},
		{`("vpnConnectionId", "vpnConnectionId")`, ""},
		{cols, pgerr.InvalidColumnReference},
		{cols + " WHERE " + pred, ""},
		{`("transitGatewayId", "customerGatewayId", "vpnGatewayId") WHERE ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL) AND state NOT IN ('deleting', 'deleted')`, ""},
		{cols + " WHERE " + pred + " AND type = 'ipsec.1'", ""},
		{cols + ` WHERE state = 'available' AND "vpnGatewayId" IS NOT NULL`, ""},
		{cols + ` WHERE state = 'available' AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`, ""},
		{cols + ` WHERE state NOT IN ('deleted', 'deleting') AND ("transitGatewayId" IS NOT NULL OR "vpnGatewayId" IS NOT NULL)`, ""},
		{cols + ` WHERE state <> ALL (ARRAY['deleting', 'deleted']) AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`, ""},
		{cols + ` WHERE state NOT IN ('deleting', 'deleted')`, pgerr.InvalidColumnReference},
		{`("customerGatewayId", "vpnGatewayId") WHERE ` + pred, pgerr.InvalidColumnReference},
		{`("customerGatewayId", "vpnGatewayId", "transitGatewayId", "vpnConnectionId")`, pgerr.InvalidColumnReference},
		{`(lower("vpnConnectionId"))`, pgerr.InvalidColumnReference},
		{`("vpnConnectionId" COLLATE "C")`, pgerr.InvalidColumnReference},
		{`("vpnConnectionId" text_pattern_ops)`, pgerr.InvalidColumnReference},
		{`ON CONSTRAINT vpn_connections_pkey`, ""},
		{`ON CONSTRAINT vpn_connections_gateway_pair_key`, pgerr.UndefinedObject},
		{`ON CONSTRAINT nope`, pgerr.UndefinedObject},
		{`("nope")`, pgerr.UndefinedColumn},
	}
	for _, tt := range tests {
		w.reset()
		sql := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") SELECT 'cgw-1', 'ipsec.1', 'vgw-1' WHERE false ON CONFLICT ` + tt.target + ` DO NOTHING`
		_, _, err := run(t, w.s, sql)
		switch {
		case tt.code == "" && err != nil:
			t.Errorf("ON CONFLICT %s: %v, want accepted", tt.target, describeErr(err))
		case tt.code != "" && (err == nil || pgerr.From(err).Code != tt.code):
			t.Errorf("ON CONFLICT %s: %v, want %s", tt.target, err, tt.code)
		}
		expectCalls(t, w.writes())
	}
}

// TestInsert_GatewayPairRace: a connection for the pair is created by
// someone else between vpnsql's check and its CreateVpnConnection; EC2
// returns that connection, and the INSERT reports 23505 instead of a new
// row.
func TestInsert_GatewayPairRace(t *testing.T) {
	var (
		mu    sync.Mutex
		race  func()
		fired bool
	)
	w := newWriteEnv(t, func(o *writeEnvOptions) {
		o.sim.OnRequest = func(r ec2sim.Request) {
			if r.Action != "DescribeVpnConnections" || r.AccessKey == "AKIDSETUP" || r.Params.Get("Filter.1.Name") != "customer-gateway-id" {
				return
			}
			mu.Lock()
			f := race
			if fired {
				f = nil
			}
			fired = fired || f != nil
			mu.Unlock()
			if f != nil {
				f() // the racer's own request calls this hook again: not under mu
			}
		}
	})
	cgw, vgw := w.gateways("us-east-1", "198.51.100.73")
	var racer string
	mu.Lock()
	race = func() {
		out, err := w.client.CreateVpnConnection(context.Background(), &sdkec2.CreateVpnConnectionInput{
			CustomerGatewayId: aws.String(cgw), VpnGatewayId: aws.String(vgw), Type: aws.String("ipsec.1")})
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock() // the hook runs in ec2sim's handler goroutine
		racer = *out.VpnConnection.VpnConnectionId
		mu.Unlock()
	}
	mu.Unlock()
	w.reset()
	pe := w.fail(insPair, cgw, vgw)
	mu.Lock()
	got := racer
	mu.Unlock()
	if pe.Code != pgerr.UniqueViolation || !strings.Contains(pe.Detail, "CreateVpnConnection returned the existing connection "+got) ||
		!strings.Contains(pe.Detail, "lacks the tag Name") {
		t.Errorf("got %s %q / %q (racer %s)", pe.Code, pe.Message, pe.Detail, got)
	}
	if n := w.pairCount(cgw, vgw); n["pending"]+n["available"] != 1 {
		t.Errorf("pair has %v, want the racer's one connection", n)
	}
	var creates int
	for _, c := range w.calls() {
		if c.Action == "CreateVpnConnection" {
			creates++
		}
	}
	if creates != 1 {
		t.Errorf("vpnsql sent %d CreateVpnConnection, want 1 (answered with the racer's connection)", creates)
	}
}
