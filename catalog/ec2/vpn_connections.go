package ec2

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// vpnConnection is one row's source: the API object and where it lives.
type vpnConnection struct {
	types.VpnConnection
	region, accountID string
}

// vpnConnectionColumns declares the table: each column's name, type,
// documentation and how to read it from the API object. pushdown names the
// API parameter an equality on the column becomes.
var vpnConnectionColumns = []resourceColumn[vpnConnection]{
	{name: "vpnConnectionId", typ: value.Text, notNull: true, pushdown: "VpnConnectionId",
		doc: "The ID of the VPN connection.",
		get: func(v *vpnConnection) any { return str(v.VpnConnectionId) }},
	{name: "customerGatewayId", typ: value.Text, pushdown: "customer-gateway-id",
		doc: "The ID of the customer gateway at your end of the VPN connection.",
		get: func(v *vpnConnection) any { return str(v.CustomerGatewayId) }},
	{name: "vpnGatewayId", typ: value.Text, pushdown: "vpn-gateway-id",
		doc: "The ID of the virtual private gateway at the Amazon Web Services side of the VPN connection.",
		get: func(v *vpnConnection) any { return str(v.VpnGatewayId) }},
	{name: "transitGatewayId", typ: value.Text, pushdown: "transit-gateway-id",
		doc: "The ID of the transit gateway associated with the VPN connection.",
		get: func(v *vpnConnection) any { return str(v.TransitGatewayId) }},
	{name: "coreNetworkArn", typ: value.Text,
		doc: "The ARN of the core network.",
		get: func(v *vpnConnection) any { return str(v.CoreNetworkArn) }},
	{name: "coreNetworkAttachmentArn", typ: value.Text,
		doc: "The ARN of the core network attachment.",
		get: func(v *vpnConnection) any { return str(v.CoreNetworkAttachmentArn) }},
	{name: "gatewayAssociationState", typ: value.Text,
		doc: "The current state of the gateway association.",
		get: func(v *vpnConnection) any { return enum(v.GatewayAssociationState) }},
	{name: "category", typ: value.Text,
		doc: "The category of the VPN connection.",
		get: func(v *vpnConnection) any { return str(v.Category) }},
	{name: "state", typ: value.Text, pushdown: "state",
		doc: "The current state of the VPN connection.",
		get: func(v *vpnConnection) any { return enum(v.State) }},
	{name: "type", typ: value.Text, pushdown: "type",
		doc: "The type of VPN connection.",
		get: func(v *vpnConnection) any { return enum(v.Type) }},
	{name: "customerGatewayConfiguration", typ: value.Text,
		doc: "The configuration information for the VPN connection's customer gateway (in the native XML format).",
		get: func(v *vpnConnection) any { return str(v.CustomerGatewayConfiguration) }},
	{name: "options", typ: value.JSONB,
		doc: "The VPN connection options.",
		get: func(v *vpnConnection) any {
			if v.Options == nil {
				return nil
			}
			return value.JSON{V: optionsJSON(v.Options)}
		}},
	{name: "routes", typ: value.JSONB,
		doc: "The static routes associated with the VPN connection.",
		get: func(v *vpnConnection) any { return jsonList(v.Routes, routeJSON) }},
	{name: "tagSet", typ: value.JSONB, keyFilter: "tag:",
		doc: "Any tags assigned to the VPN connection.",
		get: func(v *vpnConnection) any { return jsonList(v.Tags, tagJSON) }},
	{name: "vgwTelemetry", typ: value.JSONB,
		doc: "Information about the VPN tunnel.",
		get: func(v *vpnConnection) any { return jsonList(v.VgwTelemetry, telemetryJSON) }},
	{name: "region", typ: value.Text, notNull: true, pushdown: pushRegion,
		doc: "The AWS Region the VPN connection is in.",
		get: func(v *vpnConnection) any { return v.region }},
	{name: "accountId", typ: value.Text, notNull: true, pushdown: pushAccount,
		doc: "The ID of the AWS account that owns the VPN connection.",
		get: func(v *vpnConnection) any { return v.accountID }},
	{name: "tags", typ: value.JSONB, keyFilter: "tag:",
		doc: "The tags as one JSON object of key to value.",
		get: func(v *vpnConnection) any { return tagsObject(v.Tags) }},
}

// NewVPNConnections returns the ec2.vpn_connections table reading from
// src. It is writable: INSERT, UPDATE and DELETE and the functions in
// schema ec2 (vpn_writes.go, vpn_write_methods.go).
func NewVPNConnections(src *Source) catalog.Table {
	return writableVPNConnections(&resourceTable[vpnConnection]{
		schema:  "ec2",
		name:    "vpn_connections",
		oid:     catalog.OIDVPNConnections,
		columns: vpnConnectionColumns,
		key:     "vpnConnectionId",
		src:     src,
		list:    listVPNConnections,
		action:  "DescribeVpnConnections",
		idParam: "VpnConnectionId",
	})
}

// listVPNConnections calls DescribeVpnConnections in one account and
// region. Ids that do not exist (or are malformed) are not an error for
// SQL: they are dropped and the call repeated for the rest, so
// `WHERE id IN (...)` returns the rows that exist.
func listVPNConnections(ctx context.Context, t target, ids []string, filters []types.Filter) ([]vpnConnection, error) {
	client := t.account.EC2(t.region)
	out, err := client.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{
		VpnConnectionIds: ids,
		Filters:          filters,
	})
	if err != nil {
		if !isIDError(err) || len(ids) == 0 {
			return nil, apiError(ctx, err)
		}
		named := idsNamed(err, ids)
		switch {
		case len(named) > 0:
			rest := without(ids, named)
			if len(rest) == 0 {
				return nil, nil
			}
			return listVPNConnections(ctx, t, rest, filters)
		case len(ids) == 1:
			return nil, nil
		}
		// The error names none of the ids: ask for each on its own.
		var rows []vpnConnection
		for _, id := range ids {
			r, err := listVPNConnections(ctx, t, []string{id}, filters)
			if err != nil {
				return nil, err
			}
			rows = append(rows, r...)
		}
		return rows, nil
	}
	rows := make([]vpnConnection, len(out.VpnConnections))
	for i, v := range out.VpnConnections {
		rows[i] = vpnConnection{VpnConnection: v, region: t.region, accountID: t.accountID}
	}
	return rows, nil
}

// isIDError reports whether err rejects the requested ids
// (InvalidVpnConnectionID.NotFound, .Malformed, ...).
func isIDError(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && strings.HasPrefix(ae.ErrorCode(), "InvalidVpnConnectionID")
}

// idsNamed returns the requested ids the error message names.
func idsNamed(err error, ids []string) []string {
	var ae smithy.APIError
	errors.As(err, &ae)
	var named []string
	for _, id := range ids {
		if strings.Contains(ae.ErrorMessage(), id) {
			named = append(named, id)
		}
	}
	return named
}

func without(ids, drop []string) []string {
	var out []string
	for _, id := range ids {
		keep := true
		for _, d := range drop {
			if id == d {
				keep = false
			}
		}
		if keep {
			out = append(out, id)
		}
	}
	return out
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
