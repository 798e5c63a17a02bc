package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/value"
)

// ec2.transit_gateways: one row per transit gateway, the regional hub a
// VPN connection can attach to instead of a virtual private gateway
// (DescribeTransitGateways).

var transitGateways = &resourceTable[types.TransitGateway, types.TransitGateway]{
	name:    "transit_gateways",
	comment: "Transit gateways: regional hubs that VPN connections and VPCs attach to (DescribeTransitGateways).",
	columns: []resourceColumn[types.TransitGateway]{
		{name: "transitGatewayId", typ: value.Text, notNull: true, pushdown: "TransitGatewayIds",
			doc: "The ID of the transit gateway.",
			get: func(g *types.TransitGateway) any { return str(g.TransitGatewayId) }},
		{name: "transitGatewayArn", typ: value.Text,
			doc: "The Amazon Resource Name (ARN) of the transit gateway.",
			get: func(g *types.TransitGateway) any { return str(g.TransitGatewayArn) }},
		{name: "state", typ: value.Text, pushdown: "state",
			doc: "The state of the transit gateway.",
			get: func(g *types.TransitGateway) any { return enum(g.State) }},
		{name: "ownerId", typ: value.Text, pushdown: "owner-id",
			doc: "The ID of the Amazon Web Services account that owns the transit gateway.",
			get: func(g *types.TransitGateway) any { return str(g.OwnerId) }},
		{name: "description", typ: value.Text,
			doc: "The description of the transit gateway.",
			get: func(g *types.TransitGateway) any { return str(g.Description) }},
		{name: "creationTime", typ: value.Timestamptz,
			doc: "The creation time.",
			get: func(g *types.TransitGateway) any { return timeOf(g.CreationTime) }},
		{name: "options", typ: value.JSONB, keyFilters: transitGatewayOptionFilters,
			doc: "The transit gateway options.",
			get: func(g *types.TransitGateway) any { return transitGatewayOptionsJSON(g.Options) }},
		tagSetColumn("The tags for the transit gateway.", func(g *types.TransitGateway) []types.Tag { return g.Tags }),
		regionColumn[types.TransitGateway]("transit gateway"),
		accountColumn[types.TransitGateway]("transit gateway"),
		tagsColumn(func(g *types.TransitGateway) []types.Tag { return g.Tags }),
	},
	key:      []string{"transitGatewayId"},
	readOnly: "vpnsql lists transit gateways but makes no call that creates, changes or deletes one: use the AWS console, the AWS CLI (aws ec2 create-transit-gateway, ...) or CloudFormation.",
	describe: &describeCall[types.TransitGateway]{
		action:  "DescribeTransitGateways",
		idParam: "TransitGatewayIds",
		idError: "InvalidTransitGatewayID",
		call: func(ctx context.Context, c *ec2.Client, ids []string, filters []types.Filter) ([]types.TransitGateway, error) {
			var out []types.TransitGateway
			p := ec2.NewDescribeTransitGatewaysPaginator(c, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: ids, Filters: filters})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				out = append(out, page.TransitGateways...)
			}
			return out, nil
		},
	},
}

// transitGatewayOptionFilters are the Describe filters on options keys.
var transitGatewayOptionFilters = map[string]string{
	"amazonSideAsn":                  "options.amazon-side-asn",
	"associationDefaultRouteTableId": "options.association-default-route-table-id",
	"autoAcceptSharedAttachments":    "options.auto-accept-shared-attachments",
	"defaultRouteTableAssociation":   "options.default-route-table-association",
	"defaultRouteTablePropagation":   "options.default-route-table-propagation",
	"dnsSupport":                     "options.dns-support",
	"propagationDefaultRouteTableId": "options.propagation-default-route-table-id",
	"vpnEcmpSupport":                 "options.vpn-ecmp-support",
}

func transitGatewayOptionsJSON(o *types.TransitGatewayOptions) any {
	if o == nil {
		return nil
	}
	j := jsonObject{}
	j.int64("amazonSideAsn", o.AmazonSideAsn)
	if len(o.TransitGatewayCidrBlocks) > 0 {
		j.list("transitGatewayCidrBlocks", mapList(o.TransitGatewayCidrBlocks, func(s string) any { return s }))
	}
	j.enum("autoAcceptSharedAttachments", string(o.AutoAcceptSharedAttachments))
	j.enum("defaultRouteTableAssociation", string(o.DefaultRouteTableAssociation))
	j.str("associationDefaultRouteTableId", o.AssociationDefaultRouteTableId)
	j.enum("defaultRouteTablePropagation", string(o.DefaultRouteTablePropagation))
	j.str("propagationDefaultRouteTableId", o.PropagationDefaultRouteTableId)
	j.enum("vpnEcmpSupport", string(o.VpnEcmpSupport))
	j.enum("dnsSupport", string(o.DnsSupport))
	j.enum("securityGroupReferencingSupport", string(o.SecurityGroupReferencingSupport))
	j.enum("multicastSupport", string(o.MulticastSupport))
	if e := o.EncryptionSupport; e != nil {
		es := jsonObject{}
		es.enum("encryptionState", string(e.EncryptionState))
		es.str("stateMessage", e.StateMessage)
		j["encryptionSupport"] = map[string]any(es)
	}
	return value.JSON{V: map[string]any(j)}
}
