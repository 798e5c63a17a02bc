package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/value"
)

// ec2.customer_gateways: one row per customer gateway, the device at the
// customer's end of a VPN connection (DescribeCustomerGateways). Its
// writes and unique key are in customer_gateways_write.go.

var customerGateways = &resourceTable[types.CustomerGateway, types.CustomerGateway]{
	name:    "customer_gateways",
	comment: "Customer gateways: the devices at your end of Site-to-Site VPN connections (DescribeCustomerGateways).",
	columns: []resourceColumn[types.CustomerGateway]{
		{name: "customerGatewayId", typ: value.Text, notNull: true, pushdown: "CustomerGatewayId",
			doc: "The ID of the customer gateway.",
			get: func(g *types.CustomerGateway) any { return str(g.CustomerGatewayId) }},
		{name: "bgpAsn", typ: value.Text, pushdown: "bgp-asn",
			doc: "The customer gateway device's Border Gateway Protocol (BGP) Autonomous System Number (ASN), 1 to 2,147,483,647.",
			get: func(g *types.CustomerGateway) any { return str(g.BgpAsn) }},
		{name: "bgpAsnExtended", typ: value.Text,
			doc: "The customer gateway device's BGP Autonomous System Number (ASN), 2,147,483,648 to 4,294,967,295.",
			get: func(g *types.CustomerGateway) any { return str(g.BgpAsnExtended) }},
		{name: "certificateArn", typ: value.Text,
			doc: "The Amazon Resource Name (ARN) for the customer gateway certificate.",
			get: func(g *types.CustomerGateway) any { return str(g.CertificateArn) }},
		{name: "deviceName", typ: value.Text,
			doc: "The name of customer gateway device.",
			get: func(g *types.CustomerGateway) any { return str(g.DeviceName) }},
		{name: "ipAddress", typ: value.Text, pushdown: "ip-address",
			doc: "The IP address for the customer gateway device's outside interface.",
			get: func(g *types.CustomerGateway) any { return str(g.IpAddress) }},
		{name: "state", typ: value.Text, pushdown: "state",
			doc: "The current state of the customer gateway (pending | available | deleting | deleted).",
			get: func(g *types.CustomerGateway) any { return str(g.State) }},
		{name: "type", typ: value.Text, pushdown: "type",
			doc: "The type of VPN connection the customer gateway supports (ipsec.1).",
			get: func(g *types.CustomerGateway) any { return str(g.Type) }},
		tagSetColumn("Any tags assigned to the customer gateway.", func(g *types.CustomerGateway) []types.Tag { return g.Tags }),
		regionColumn[types.CustomerGateway]("customer gateway"),
		accountColumn[types.CustomerGateway]("customer gateway"),
		tagsColumn(func(g *types.CustomerGateway) []types.Tag { return g.Tags }),
	},
	key:     []string{"customerGatewayId"},
	writes:  customerGatewayWrites,
	uniques: []uniqueKey{customerGatewayIdentityKey},
	describe: &describeCall[types.CustomerGateway]{
		action:  "DescribeCustomerGateways",
		idParam: "CustomerGatewayId",
		idError: "InvalidCustomerGatewayID",
		call: func(ctx context.Context, c *ec2.Client, ids []string, filters []types.Filter) ([]types.CustomerGateway, error) {
			out, err := c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: ids, Filters: filters})
			if err != nil {
				return nil, err
			}
			return out.CustomerGateways, nil
		},
	},
}
