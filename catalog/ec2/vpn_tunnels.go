package ec2

import (
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/value"
)

// ec2.vpn_tunnels: one row per tunnel of each VPN connection, read through
// DescribeVpnConnections (the call vpn_connections reads: one answer
// serves both tables in a statement). A tunnel is two API objects joined
// by its outside IP address: its telemetry (vgwTelemetry) and its options
// (options.tunnelOptionSet).

var vpnTunnels = &resourceTable[types.VpnConnection, vpnTunnel]{
	name:    "vpn_tunnels",
	comment: "The tunnels of Site-to-Site VPN connections: each tunnel's telemetry (vgwTelemetry) and options (options.tunnelOptionSet), joined by outside IP address (DescribeVpnConnections).",
	columns: []resourceColumn[vpnTunnel]{
		{name: "vpnConnectionId", typ: value.Text, notNull: true, pushdown: "VpnConnectionId",
			doc: "The ID of the VPN connection.",
			get: func(t *vpnTunnel) any { return str(t.conn.VpnConnectionId) }},
		{name: "outsideIpAddress", typ: value.Text, notNull: true,
			doc: "The Internet-routable IP address of the virtual private gateway's outside interface.",
			get: func(t *vpnTunnel) any { return t.outsideIP }},
		{name: "status", typ: value.Text,
			doc: "The status of the VPN tunnel (UP or DOWN); NULL before the connection reports telemetry.",
			get: func(t *vpnTunnel) any { return t.telemetry(func(v *types.VgwTelemetry) any { return enum(v.Status) }) }},
		{name: "statusMessage", typ: value.Text,
			doc: "If an error occurs, a description of the error.",
			get: func(t *vpnTunnel) any {
				return t.telemetry(func(v *types.VgwTelemetry) any { return str(v.StatusMessage) })
			}},
		{name: "lastStatusChange", typ: value.Timestamptz,
			doc: "The date and time of the last change in status.",
			get: func(t *vpnTunnel) any {
				return t.telemetry(func(v *types.VgwTelemetry) any { return timeOf(v.LastStatusChange) })
			}},
		{name: "acceptedRouteCount", typ: value.Int4,
			doc: "The number of accepted routes.",
			get: func(t *vpnTunnel) any {
				return t.telemetry(func(v *types.VgwTelemetry) any { return int32Of(v.AcceptedRouteCount) })
			}},
		{name: "certificateArn", typ: value.Text,
			doc: "The Amazon Resource Name (ARN) of the VPN tunnel endpoint certificate.",
			get: func(t *vpnTunnel) any {
				return t.telemetry(func(v *types.VgwTelemetry) any { return str(v.CertificateArn) })
			}},
		{name: "tunnelInsideCidr", typ: value.Text,
			doc: "The range of inside IPv4 addresses for the tunnel.",
			get: func(t *vpnTunnel) any {
				return t.option(func(o *types.TunnelOption) any { return str(o.TunnelInsideCidr) })
			}},
		{name: "tunnelInsideIpv6Cidr", typ: value.Text,
			doc: "The range of inside IPv6 addresses for the tunnel.",
			get: func(t *vpnTunnel) any {
				return t.option(func(o *types.TunnelOption) any { return str(o.TunnelInsideIpv6Cidr) })
			}},
		{name: "options", typ: value.JSONB, secret: maskMembers("preSharedKey"),
			doc: "The VPN tunnel options: the connection's options.tunnelOptionSet element for this tunnel (keys as the API's wire names).",
			get: func(t *vpnTunnel) any {
				return t.option(func(o *types.TunnelOption) any { return value.JSON{V: tunnelOptionJSON(*o)} })
			}},
		regionColumn[vpnTunnel]("VPN connection"),
		accountColumn[vpnTunnel]("VPN connection"),
	},
	key:      []string{"vpnConnectionId", "outsideIpAddress"},
	describe: describeVPNConnections,
	expand:   tunnelsOf,
	readOnly: "A tunnel is part of its VPN connection: change its options with UPDATE ec2.vpn_connections SET options = ... or SELECT ec2.vpn_tunnel_options_modify(vpn_connection_id, vpn_tunnel_outside_ip_address, tunnel_options); a tunnel is deleted with its connection.",
}

// vpnTunnel is one tunnel of a connection: its telemetry and its options,
// either of which may be missing (a connection still pending has options
// but no telemetry yet).
type vpnTunnel struct {
	conn      *types.VpnConnection
	outsideIP string
	tel       *types.VgwTelemetry
	opt       *types.TunnelOption
}

func (t *vpnTunnel) telemetry(get func(*types.VgwTelemetry) any) any {
	if t.tel == nil {
		return nil
	}
	return get(t.tel)
}

func (t *vpnTunnel) option(get func(*types.TunnelOption) any) any {
	if t.opt == nil {
		return nil
	}
	return get(t.opt)
}

// tunnelsOf joins a connection's tunnel options and telemetry by outside
// IP address, in the options' order, then telemetry no option names. An
// element without an outside address cannot be joined or keyed: EC2 gives
// every tunnel one, and such an element is left out.
func tunnelsOf(v *types.VpnConnection) []vpnTunnel {
	var out []vpnTunnel
	at := map[string]int{}
	add := func(ip *string) *vpnTunnel {
		if ip == nil || *ip == "" {
			return nil
		}
		i, seen := at[*ip]
		if !seen {
			i = len(out)
			at[*ip] = i
			out = append(out, vpnTunnel{conn: v, outsideIP: *ip})
		}
		return &out[i]
	}
	if v.Options != nil {
		for i := range v.Options.TunnelOptions {
			if t := add(v.Options.TunnelOptions[i].OutsideIpAddress); t != nil {
				t.opt = &v.Options.TunnelOptions[i]
			}
		}
	}
	for i := range v.VgwTelemetry {
		if t := add(v.VgwTelemetry[i].OutsideIpAddress); t != nil {
			t.tel = &v.VgwTelemetry[i]
		}
	}
	return out
}

func int32Of(p *int32) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}
