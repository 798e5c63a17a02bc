package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The operations StackQL exposes for this resource besides create and
// delete, as functions in schema ec2 that make exactly the one call they
// name and return the connection as it is afterwards:
//
//	SELECT * FROM ec2.vpn_connection_modify('vpn-…', '{"transitGatewayId": "tgw-…"}');
//	SELECT * FROM ec2.vpn_connection_options_modify('vpn-…', '{"localIpv4NetworkCidr": "10.0.0.0/16"}');
//	SELECT * FROM ec2.vpn_tunnel_options_modify('vpn-…', '203.0.113.17', '{"dpdTimeoutSeconds": 40}');
//	SELECT * FROM ec2.vpn_connection_route_create('vpn-…', '10.1.0.0/16');
//	SELECT * FROM ec2.vpn_connection_route_delete('vpn-…', '10.1.0.0/16');
//
// The same changes are also reachable by UPDATE (which computes them from
// the new row); the functions are for callers that think in API calls.
// The connection is found by id in every served region and account.

type vpnMethod struct {
	catalog.Method
	calls func(id string, args []any) ([]apiCall, error)
}

var vpnMethods = []vpnMethod{
	{Method: catalog.Method{Name: "vpn_connection_modify", OIDs: []uint32{catalog.OIDFunctionVPNConnectionModify},
		Params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "changes", Type: value.JSONB}},
		Doc:    "ModifyVpnConnection: changes holds customerGatewayId, vpnGatewayId and/or transitGatewayId."},
		calls: func(id string, args []any) ([]apiCall, error) {
			obj, err := asObject(jsonValue(args[1]), "changes")
			if err != nil {
				return nil, err
			}
			in := &ec2.ModifyVpnConnectionInput{VpnConnectionId: aws.String(id)}
			fields := map[string]**string{"customergatewayid": &in.CustomerGatewayId, "vpngatewayid": &in.VpnGatewayId, "transitgatewayid": &in.TransitGatewayId}
			for _, k := range sortedKeys(obj) {
				dst, ok := fields[fold(k)]
				if !ok {
					return nil, unknownKey(k, "changes", []string{"customerGatewayId", "vpnGatewayId", "transitGatewayId"})
				}
				if err := setString(dst, obj[k], "changes."+k); err != nil {
					return nil, err
				}
			}
			return []apiCall{modifyCall(in)}, nil
		}},
	{Method: catalog.Method{Name: "vpn_connection_options_modify", OIDs: []uint32{catalog.OIDFunctionVPNConnectionOptionsModify},
		Params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "options", Type: value.JSONB}},
		Doc:    "ModifyVpnConnectionOptions: options holds local/remoteIpv4/Ipv6NetworkCidr and/or tunnelBandwidth."},
		calls: func(id string, args []any) ([]apiCall, error) {
			obj, err := asObject(jsonValue(args[1]), "options")
			if err != nil {
				return nil, err
			}
			in := &ec2.ModifyVpnConnectionOptionsInput{VpnConnectionId: aws.String(id)}
			for _, k := range sortedKeys(obj) {
				o, ok := findConnOption(k)
				if !ok {
					return nil, unknownKey(k, "options", connOptionNames())
				}
				if o.modify == nil {
					return nil, pgerr.New(pgerr.FeatureNotSupported, "options.%s cannot be changed", k).
						WithDetail("ModifyVpnConnectionOptions changes the network CIDRs and the tunnel bandwidth; tunnel options change with ec2.vpn_tunnel_options_modify.")
				}
				if err := o.modify(in, obj[k], "options."+k); err != nil {
					return nil, err
				}
			}
			return []apiCall{modifyOptionsCall(in)}, nil
		}},
	{Method: catalog.Method{Name: "vpn_tunnel_options_modify", OIDs: []uint32{catalog.OIDFunctionVPNTunnelOptionsModify, catalog.OIDFunctionVPNTunnelOptionsModify4},
		Params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "vpn_tunnel_outside_ip_address", Type: value.Text},
			{Name: "tunnel_options", Type: value.JSONB}, {Name: "skip_tunnel_replacement", Type: value.Bool, Optional: true}},
		Doc: "ModifyVpnTunnelOptions for the tunnel with that outside address; tunnel_options uses the keys of options.tunnelOptionSet."},
		calls: func(id string, args []any) ([]apiCall, error) {
			spec, err := parseTunnel(jsonValue(args[2]), "tunnel_options", true)
			if err != nil {
				return nil, err
			}
			in := &ec2.ModifyVpnTunnelOptionsInput{VpnConnectionId: aws.String(id),
				VpnTunnelOutsideIpAddress: aws.String(textOf(args[1])), TunnelOptions: spec}
			if len(args) > 3 {
				b, _ := args[3].(bool)
				in.SkipTunnelReplacement = aws.Bool(b)
			}
			return []apiCall{modifyTunnelCall(in)}, nil
		}},
	{Method: catalog.Method{Name: "vpn_connection_route_create", OIDs: []uint32{catalog.OIDFunctionVPNConnectionRouteCreate},
		Params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "destination_cidr_block", Type: value.Text}},
		Doc:    "CreateVpnConnectionRoute: adds a static route."},
		calls: func(id string, args []any) ([]apiCall, error) {
			return []apiCall{routeCall(true, id, textOf(args[1]))}, nil
		}},
	{Method: catalog.Method{Name: "vpn_connection_route_delete", OIDs: []uint32{catalog.OIDFunctionVPNConnectionRouteDelete},
		Params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "destination_cidr_block", Type: value.Text}},
		Doc:    "DeleteVpnConnectionRoute: removes a static route."},
		calls: func(id string, args []any) ([]apiCall, error) {
			return []apiCall{routeCall(false, id, textOf(args[1]))}, nil
		}},
}

func init() {
	cols := (&resourceTable[vpnConnection]{columns: vpnConnectionColumns}).Columns()
	for _, m := range vpnMethods {
		m.Schema, m.Table, m.Columns = "ec2", "vpn_connections", cols
		catalog.RegisterMethod(m.Method)
	}
}

// CallMethod runs one of vpnMethods.
func (t *vpnConnectionsTable) CallMethod(ctx context.Context, name string, args []any, opt catalog.WriteOptions) (catalog.WriteResult, error) {
	var m *vpnMethod
	for i := range vpnMethods {
		if vpnMethods[i].Name == name {
			m = &vpnMethods[i]
		}
	}
	if m == nil {
		return catalog.WriteResult{}, pgerr.New(pgerr.UndefinedFunction, "function ec2.%s does not exist", name)
	}
	id := textOf(args[0])
	calls, err := m.calls(id, args)
	if err != nil {
		return catalog.WriteResult{}, &catalog.RowError{Key: id, Err: err}
	}
	v, err := t.find(ctx, id)
	if err != nil {
		return catalog.WriteResult{}, &catalog.RowError{Key: id, Err: err}
	}
	w := &writeRun{src: t.src, opt: opt}
	tg := target{account: v.account, accountID: v.accountID, region: v.region}
	if _, err := w.doAll(ctx, tg, 0, id, calls); err != nil {
		return w.res, err
	}
	if opt.DryRun || opt.Plan {
		return w.res, nil
	}
	found, err := listVPNConnections(ctx, tg, []string{id}, nil)
	if err != nil {
		return w.res, &catalog.RowError{Key: id, Done: []string{calls[0].what}, Err: pgerr.From(err).
			WithDetail("%s was made; reading the connection back failed.", calls[0].action)}
	}
	for _, f := range found {
		w.res.Rows = append(w.res.Rows, t.row(f))
	}
	return w.res, nil
}

// located is a connection and the account it was found in.
type located struct {
	vpnConnection
	account *Account
}

// find looks a connection up by id in every served account and region.
func (t *vpnConnectionsTable) find(ctx context.Context, id string) (located, error) {
	if t.src == nil {
		return located{}, pgerr.New(pgerr.FeatureNotSupported, "no AWS account or region is configured")
	}
	targets, err := t.src.targets(ctx, nil, nil)
	if err != nil {
		return located{}, err
	}
	type hit struct {
		v vpnConnection
		a *Account
	}
	hits, err := fanOut(ctx, t.src, targets, func(ctx context.Context, tg target) ([]hit, error) {
		vs, err := listVPNConnections(ctx, tg, []string{id}, nil)
		out := make([]hit, len(vs))
		for i, v := range vs {
			out[i] = hit{v, tg.account}
		}
		return out, err
	})
	if err != nil {
		return located{}, err
	}
	if len(hits) == 0 {
		return located{}, pgerr.New(pgerr.NoDataFound, "VPN connection %q does not exist", id).
			WithDetail("It is in none of the served regions (%s).", fmt.Sprint(t.src.Regions))
	}
	return located{vpnConnection: hits[0].v, account: hits[0].a}, nil
}
