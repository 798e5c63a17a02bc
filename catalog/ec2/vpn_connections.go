package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/value"
)

// ec2.vpn_connections: one row per Site-to-Site VPN connection
// (DescribeVpnConnections). Its writes are in vpn_connections_write.go, the
// options document in vpn_options.go.

var vpnConnections = &resourceTable[types.VpnConnection, types.VpnConnection]{
	name:     "vpn_connections",
	comment:  "Site-to-Site VPN connections (DescribeVpnConnections).",
	columns:  vpnConnectionColumns,
	key:      []string{"vpnConnectionId"},
	describe: describeVPNConnections,
	writes:   vpnConnectionWrites,
	methods:  vpnConnectionMethods,
	uniques:  []uniqueKey{gatewayPairKey},
}

// describeVPNConnections is DescribeVpnConnections, which vpn_tunnels reads
// too.
var describeVPNConnections = &describeCall[types.VpnConnection]{
	action:  "DescribeVpnConnections",
	idParam: "VpnConnectionId",
	idError: "InvalidVpnConnectionID",
	call: func(ctx context.Context, c *ec2.Client, ids []string, filters []types.Filter) ([]types.VpnConnection, error) {
		out, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: ids, Filters: filters})
		if err != nil {
			return nil, err
		}
		return out.VpnConnections, nil
	},
}

// vpnConnectionColumns are the table's columns: each column's name, type,
// documentation and how to read it from the API object. pushdown names the
// API parameter an equality on the column becomes.
var vpnConnectionColumns = []resourceColumn[types.VpnConnection]{
	{name: "vpnConnectionId", typ: value.Text, notNull: true, pushdown: "VpnConnectionId",
		doc: "The ID of the VPN connection.",
		get: func(v *types.VpnConnection) any { return str(v.VpnConnectionId) }},
	{name: "customerGatewayId", typ: value.Text, pushdown: "customer-gateway-id",
		doc: "The ID of the customer gateway at your end of the VPN connection.",
		get: func(v *types.VpnConnection) any { return str(v.CustomerGatewayId) }},
	{name: "vpnGatewayId", typ: value.Text, pushdown: "vpn-gateway-id",
		doc: "The ID of the virtual private gateway at the Amazon Web Services side of the VPN connection.",
		get: func(v *types.VpnConnection) any { return str(v.VpnGatewayId) }},
	{name: "transitGatewayId", typ: value.Text, pushdown: "transit-gateway-id",
		doc: "The ID of the transit gateway associated with the VPN connection.",
		get: func(v *types.VpnConnection) any { return str(v.TransitGatewayId) }},
	{name: "coreNetworkArn", typ: value.Text,
		doc: "The ARN of the core network.",
		get: func(v *types.VpnConnection) any { return str(v.CoreNetworkArn) }},
	{name: "coreNetworkAttachmentArn", typ: value.Text,
		doc: "The ARN of the core network attachment.",
		get: func(v *types.VpnConnection) any { return str(v.CoreNetworkAttachmentArn) }},
	{name: "gatewayAssociationState", typ: value.Text,
		doc: "The current state of the gateway association.",
		get: func(v *types.VpnConnection) any { return enum(v.GatewayAssociationState) }},
	{name: "category", typ: value.Text,
		doc: "The category of the VPN connection.",
		get: func(v *types.VpnConnection) any { return str(v.Category) }},
	{name: "state", typ: value.Text, pushdown: "state",
		doc: "The current state of the VPN connection.",
		get: func(v *types.VpnConnection) any { return enum(v.State) }},
	{name: "type", typ: value.Text, pushdown: "type",
		doc: "The type of VPN connection.",
		get: func(v *types.VpnConnection) any { return enum(v.Type) }},
	{name: "customerGatewayConfiguration", typ: value.Text, secret: maskWhole,
		doc: "The configuration information for the VPN connection's customer gateway (in the native XML format).",
		get: func(v *types.VpnConnection) any { return str(v.CustomerGatewayConfiguration) }},
	{name: "options", typ: value.JSONB, secret: maskMembers("tunnelOptionSet", "*", "preSharedKey"),
		doc: "The VPN connection options.",
		get: func(v *types.VpnConnection) any {
			if v.Options == nil {
				return nil
			}
			return value.JSON{V: optionsJSON(v.Options)}
		}},
	{name: "routes", typ: value.JSONB,
		doc: "The static routes associated with the VPN connection.",
		get: func(v *types.VpnConnection) any { return jsonList(v.Routes, routeJSON) }},
	tagSetColumn("Any tags assigned to the VPN connection.", func(v *types.VpnConnection) []types.Tag { return v.Tags }),
	{name: "vgwTelemetry", typ: value.JSONB,
		doc: "Information about the VPN tunnel.",
		get: func(v *types.VpnConnection) any { return jsonList(v.VgwTelemetry, telemetryJSON) }},
	regionColumn[types.VpnConnection]("VPN connection"),
	accountColumn[types.VpnConnection]("VPN connection"),
	tagsColumn(func(v *types.VpnConnection) []types.Tag { return v.Tags }),
}

func str(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func enum[T ~string](v T) any {
	if v == "" {
		return nil
	}
	return string(v)
}
