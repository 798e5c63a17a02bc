package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/value"
)

// ec2.vpn_gateways: one row per virtual private gateway, the VPN
// concentrator on the AWS side of a VPN connection attached to a VPC
// (DescribeVpnGateways). Its writes and the attach/detach functions are in
// vpn_gateways_write.go.
//
// Pushed down: the ids, and the filters availability-zone, state, type
// and tag:<key>. Not pushed: amazon-side-asn, because amazonSideAsn is a
// bigint (the API's Long, so ranges and arithmetic work) while the filter
// compares text, and a region holds a handful of gateways (the default
// quota is 5), so the local filter costs nothing; attachment.vpc-id and
// attachment.state, because they test elements of vpcAttachments, not a
// column's value.

var vpnGateways = &resourceTable[types.VpnGateway, types.VpnGateway]{
	name:    "vpn_gateways",
	comment: "Virtual private gateways: the AWS side of Site-to-Site VPN connections to a VPC (DescribeVpnGateways).",
	columns: []resourceColumn[types.VpnGateway]{
		{name: "vpnGatewayId", typ: value.Text, notNull: true, pushdown: "VpnGatewayId",
			doc: "The ID of the virtual private gateway.",
			get: func(g *types.VpnGateway) any { return str(g.VpnGatewayId) }},
		{name: "amazonSideAsn", typ: value.Int8,
			doc: "The private Autonomous System Number (ASN) for the Amazon side of a BGP session.",
			get: func(g *types.VpnGateway) any { return int64Of(g.AmazonSideAsn) }},
		{name: "availabilityZone", typ: value.Text, pushdown: "availability-zone",
			doc: "The Availability Zone where the virtual private gateway was created, if applicable.",
			get: func(g *types.VpnGateway) any { return str(g.AvailabilityZone) }},
		{name: "state", typ: value.Text, pushdown: "state",
			doc: "The current state of the virtual private gateway (pending | available | deleting | deleted).",
			get: func(g *types.VpnGateway) any { return enum(g.State) }},
		{name: "type", typ: value.Text, pushdown: "type",
			doc: "The type of VPN connection the virtual private gateway supports (ipsec.1).",
			get: func(g *types.VpnGateway) any { return enum(g.Type) }},
		{name: "vpcAttachments", typ: value.JSONB,
			doc: "Any VPCs attached to the virtual private gateway: [{\"vpcId\": ..., \"state\": attaching | attached | detaching | detached}].",
			get: func(g *types.VpnGateway) any { return jsonList(g.VpcAttachments, vpcAttachmentJSON) }},
		tagSetColumn("Any tags assigned to the virtual private gateway.", func(g *types.VpnGateway) []types.Tag { return g.Tags }),
		regionColumn[types.VpnGateway]("virtual private gateway"),
		accountColumn[types.VpnGateway]("virtual private gateway"),
		tagsColumn(func(g *types.VpnGateway) []types.Tag { return g.Tags }),
	},
	key:     []string{"vpnGatewayId"},
	writes:  vpnGatewayWrites,
	methods: vpnGatewayMethods,
	describe: &describeCall[types.VpnGateway]{
		action:  "DescribeVpnGateways",
		idParam: "VpnGatewayId",
		idError: "InvalidVpnGatewayID",
		call: func(ctx context.Context, c *ec2.Client, ids []string, filters []types.Filter) ([]types.VpnGateway, error) {
			out, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: ids, Filters: filters})
			if err != nil {
				return nil, err
			}
			return out.VpnGateways, nil
		},
	},
}

func vpcAttachmentJSON(a types.VpcAttachment) any {
	o := jsonObject{}
	o.str("vpcId", a.VpcId)
	o.enum("state", string(a.State))
	return map[string]any(o)
}
