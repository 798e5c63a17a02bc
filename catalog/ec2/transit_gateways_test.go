package ec2

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
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/value"
)

// TestTransitGateways_Columns: every field of the API object, read
// through the SDK from ec2sim, for the demo's gateways and one created
// with CIDR blocks.
func TestTransitGateways_Columns(t *testing.T) {
	s := newTunSim(t)
	ctx := context.Background()
	if _, err := s.client.CreateTransitGateway(ctx, &sdkec2.CreateTransitGatewayInput{Description: aws.String("with blocks"),
		Options: &types.TransitGatewayRequestOptions{AmazonSideAsn: aws.Int64(64700), TransitGatewayCidrBlocks: []string{"10.99.0.0/24"}},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeTransitGateway,
			Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("tgw-new")}, {Key: aws.String("Env"), Value: aws.String("dev")}}}},
	}); err != nil {
		t.Fatal(err)
	}
	out, err := s.client.DescribeTransitGateways(ctx, &sdkec2.DescribeTransitGatewaysInput{})
	if err != nil {
		t.Fatal(err)
	}
	tb := tableNamed(s.tables, "transit_gateways")
	rows := s.scan(t, "transit_gateways", catalog.Freshness{}, "region", []any{"us-east-1"})
	if len(rows) != len(out.TransitGateways) || len(rows) != 2 {
		t.Fatalf("%d rows, the API lists %d gateways; want the demo's one and the new one", len(rows), len(out.TransitGateways))
	}
	byID := map[any][]any{}
	for _, r := range rows {
		byID[r[colIndex(t, tb, "transitGatewayId")]] = r
	}
	asJSON := func(v any) string {
		b, err := json.Marshal(v.(value.JSON).V)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, g := range out.TransitGateways {
		r := byID[*g.TransitGatewayId]
		if r == nil {
			t.Fatalf("no row for %s", *g.TransitGatewayId)
		}
		o := g.Options
		tags := map[string]string{}
		var tagSet []string
		for _, tg := range g.Tags {
			tags[*tg.Key] = *tg.Value
			tagSet = append(tagSet, fmt.Sprintf(`{"key":%q,"value":%q}`, *tg.Key, *tg.Value))
		}
		tagsJSON, _ := json.Marshal(tags)
		wantOptions := fmt.Sprintf(`{"amazonSideAsn":%d,"associationDefaultRouteTableId":%q,"autoAcceptSharedAttachments":%q,`+
			`"defaultRouteTableAssociation":%q,"defaultRouteTablePropagation":%q,"dnsSupport":%q,"encryptionSupport":{"encryptionState":%q},`+
			`"multicastSupport":%q,"propagationDefaultRouteTableId":%q,"securityGroupReferencingSupport":%q,`,
			*o.AmazonSideAsn, *o.AssociationDefaultRouteTableId, o.AutoAcceptSharedAttachments, o.DefaultRouteTableAssociation,
			o.DefaultRouteTablePropagation, o.DnsSupport, o.EncryptionSupport.EncryptionState, o.MulticastSupport,
			*o.PropagationDefaultRouteTableId, o.SecurityGroupReferencingSupport)
		if len(o.TransitGatewayCidrBlocks) > 0 {
			b, _ := json.Marshal(o.TransitGatewayCidrBlocks)
			wantOptions += `"transitGatewayCidrBlocks":` + string(b) + ","
		}
		wantOptions += fmt.Sprintf(`"vpnEcmpSupport":%q}`, o.VpnEcmpSupport)
		want := map[string]string{
			"transitGatewayArn": *g.TransitGatewayArn, "state": string(g.State), "ownerId": *g.OwnerId,
			"description": *g.Description, "creationTime": g.CreationTime.UTC().String(),
			"options": wantOptions, "tagSet": "[" + strings.Join(tagSet, ",") + "]", "tags": string(tagsJSON),
			"region": "us-east-1", "accountId": ec2sim.DefaultAccount,
		}
		for name, w := range want {
			v := r[colIndex(t, tb, name)]
			got := fmt.Sprint(v)
			if _, ok := v.(value.JSON); ok {
				got = asJSON(v)
			}
			if got != w {
				t.Errorf("%s %s:\n got %s\nwant %s", *g.TransitGatewayId, name, got, w)
			}
		}
	}
	if n := len(tb.Columns()); n != 11 {
		t.Errorf("%d columns: a new field of the API object needs a column and a check here", n)
	}
}

// TestTransitGateways_Pushdown: ids, state, ownerId, tags and the options
// keys DescribeTransitGateways filters on become the call's parameters;
// an unknown id is dropped.
func TestTransitGateways_Pushdown(t *testing.T) {
	s := newTunSim(t)
	tb := tableNamed(s.tables, "transit_gateways")
	demo := s.scan(t, "transit_gateways", catalog.Freshness{}, "region", []any{"us-east-1"})[0]
	id, name := demo[0].(string), "tgw-us-east-1-1"
	amazonASN := fmt.Sprint(demo[colIndex(t, tb, "options")].(value.JSON).V.(map[string]any)["amazonSideAsn"])
	for _, tc := range []struct {
		name   string
		cons   []catalog.Constraint
		params string
		rows   int
	}{
		{"id", []catalog.Constraint{{Column: colIndex(t, tb, "transitGatewayId"), Values: []any{id}}},
			"TransitGatewayIds.1=" + id, 1},
		{"an unknown id is dropped", []catalog.Constraint{{Column: colIndex(t, tb, "transitGatewayId"), Values: []any{id, "tgw-0000000000000000f"}}},
			"TransitGatewayIds.1=tgw-0000000000000000f&TransitGatewayIds.2=" + id + " | TransitGatewayIds.1=" + id, 1},
		{"state and owner", []catalog.Constraint{{Column: colIndex(t, tb, "state"), Values: []any{"available"}},
			{Column: colIndex(t, tb, "ownerId"), Values: []any{ec2sim.DefaultAccount}}},
			"Filter.1.Name=state&Filter.1.Value.1=available&Filter.2.Name=owner-id&Filter.2.Value.1=" + ec2sim.DefaultAccount, 1},
		{"a tag", []catalog.Constraint{{Column: colIndex(t, tb, "tags"), Key: "Name", Values: []any{name}}},
			"Filter.1.Name=tag:Name&Filter.1.Value.1=" + name, 1},
		{"options keys with a filter; others are local", []catalog.Constraint{
			{Column: colIndex(t, tb, "options"), Key: "dnsSupport", Values: []any{"enable"}},
			{Column: colIndex(t, tb, "options"), Key: "multicastSupport", Values: []any{"enable"}},
			{Column: colIndex(t, tb, "options"), Key: "amazonSideAsn", Values: []any{amazonASN}}},
			"Filter.1.Name=options.dns-support&Filter.1.Value.1=enable&Filter.2.Name=options.amazon-side-asn&Filter.2.Value.1=" + amazonASN, 1},
		{"a state that matches none", []catalog.Constraint{{Column: colIndex(t, tb, "state"), Values: []any{"deleted"}}},
			"Filter.1.Name=state&Filter.1.Value.1=deleted", 0},
	} {
		s.sim.ResetRequests()
		q := catalog.ScanRequest{Constraints: append(tc.cons, catalog.Constraint{Column: colIndex(t, tb, "region"), Values: []any{"us-east-1"}})}
		rows, err := tb.Scan(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, params := s.calls("DescribeTransitGateways")
		if got := strings.Join(params, " | "); got != tc.params || len(rows) != tc.rows {
			t.Errorf("%s: %d rows, calls %q; want %d, %q", tc.name, len(rows), got, tc.rows, tc.params)
		}
	}
	for _, c := range []string{"transitGatewayArn", "description", "creationTime"} {
		if tb.Pushable(colIndex(t, tb, c)) {
			t.Errorf("%s is pushable: DescribeTransitGateways has no filter for it", c)
		}
	}
}
