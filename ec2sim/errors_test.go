package ec2sim

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// errWorld is what each error case starts from: a fixture, a BGP and a
// static connection on the VGW.
type errWorld struct {
	e           *env
	c           *ec2.Client
	f           fixture
	bgp, static string
}

func TestErrors(t *testing.T) {
	vpnIn := func(w errWorld) *ec2.CreateVpnConnectionInput {
		return &ec2.CreateVpnConnectionInput{CustomerGatewayId: &w.f.cgw, Type: aws.String("ipsec.1"), TransitGatewayId: &w.f.tgw}
	}
	withTunnel := func(w errWorld, s types.VpnTunnelOptionsSpecification) *ec2.CreateVpnConnectionInput {
		in := vpnIn(w)
		in.Options = &types.VpnConnectionOptionsSpecification{TunnelOptions: []types.VpnTunnelOptionsSpecification{s}}
		return in
	}
	drop := func(key string) func(*ec2.Options) { return editBody(func(v url.Values) { v.Del(key) }) }
	set := func(key, val string) func(*ec2.Options) { return editBody(func(v url.Values) { v.Set(key, val) }) }
	route := func(id, cidr string) *ec2.CreateVpnConnectionRouteInput {
		return &ec2.CreateVpnConnectionRouteInput{VpnConnectionId: &id, DestinationCidrBlock: &cidr}
	}

	cases := []struct {
		name   string
		opts   Options
		key    string // access key; "" = AKIDTEST
		call   func(w errWorld) error
		code   string
		status int
	}{
		{"missing CustomerGatewayId", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, vpnIn(w), drop("CustomerGatewayId"))
			return err
		}, "MissingParameter", 400},
		{"missing Type", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, vpnIn(w), drop("Type"))
			return err
		}, "MissingParameter", 400},
		{"missing VpnConnectionId", Options{}, "", func(w errWorld) error {
			_, err := w.c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: &w.bgp}, drop("VpnConnectionId"))
			return err
		}, "MissingParameter", 400},
		{"missing TunnelOptions", Options{}, "", func(w errWorld) error {
			_, err := w.c.ModifyVpnTunnelOptions(ctx, &ec2.ModifyVpnTunnelOptionsInput{VpnConnectionId: &w.bgp,
				VpnTunnelOutsideIpAddress: aws.String("3.3.3.3"), TunnelOptions: &types.ModifyVpnTunnelOptionsSpecification{}})
			return err
		}, "MissingParameter", 400},
		{"missing Tag", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{w.bgp},
				Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}, drop("Tag.1.Key"), drop("Tag.1.Value"))
			return err
		}, "MissingParameter", 400},
		{"bad Type", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			in.Type = aws.String("ipsec.2")
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "InvalidParameterValue", 400},
		{"reserved inside CIDR", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{TunnelInsideCidr: aws.String("169.254.1.0/30")}))
			return err
		}, "InvalidParameterValue", 400},
		{"inside CIDR not /30", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{TunnelInsideCidr: aws.String("169.254.10.0/29")}))
			return err
		}, "InvalidParameterValue", 400},
		{"phase 1 lifetime out of range", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{Phase1LifetimeSeconds: aws.Int32(100)}))
			return err
		}, "InvalidParameterValue", 400},
		{"phase 2 not shorter than phase 1", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{
				Phase1LifetimeSeconds: aws.Int32(1000), Phase2LifetimeSeconds: aws.Int32(2000)}))
			return err
		}, "InvalidParameterValue", 400},
		{"pre-shared key starting with 0", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{PreSharedKey: aws.String("0abcdefgh")}))
			return err
		}, "InvalidParameterValue", 400},
		{"bad encryption algorithm", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{
				Phase1EncryptionAlgorithms: []types.Phase1EncryptionAlgorithmsRequestListValue{{Value: aws.String("DES")}}}))
			return err
		}, "InvalidParameterValue", 400},
		{"bad DH group", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, withTunnel(w, types.VpnTunnelOptionsSpecification{
				Phase1DHGroupNumbers: []types.Phase1DHGroupNumbersRequestListValue{{Value: aws.Int32(5)}}}))
			return err
		}, "InvalidParameterValue", 400},
		{"three tunnels", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			add := types.VpnTunnelOptionsSpecification{StartupAction: aws.String("add")}
			in.Options = &types.VpnConnectionOptionsSpecification{TunnelOptions: []types.VpnTunnelOptionsSpecification{add, add, add}}
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "InvalidParameterValue", 400},
		{"acceleration on a VGW", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &w.f.cgw, Type: aws.String("ipsec.1"),
				VpnGatewayId: &w.f.vgw, Options: &types.VpnConnectionOptionsSpecification{EnableAcceleration: aws.Bool(true)}})
			return err
		}, "InvalidParameterValue", 400},
		{"unknown filter", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{Filters: []types.Filter{{Name: aws.String("colour"), Values: []string{"x"}}}})
			return err
		}, "InvalidParameterValue", 400},
		{"bad boolean", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{}, set("DryRun", "maybe"))
			return err
		}, "InvalidParameterValue", 400},
		{"tag key aws:", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{w.bgp}, Tags: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("v")}}})
			return err
		}, "InvalidParameterValue", 400},
		{"tag spec for another resource type", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			in.TagSpecifications = []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}}
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "InvalidParameterValue", 400},
		{"VGW and TGW", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			in.VpnGatewayId = &w.f.vgw
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "InvalidParameterCombination", 400},
		{"unknown customer gateway", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			in.CustomerGatewayId = aws.String("cgw-0123456789abcdef0")
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "InvalidCustomerGatewayID.NotFound", 400},
		{"unknown VGW", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &w.f.cgw, Type: aws.String("ipsec.1"), VpnGatewayId: aws.String("vgw-0123456789abcdef0")})
			return err
		}, "InvalidVpnGatewayID.NotFound", 400},
		{"unknown TGW", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			in.TransitGatewayId = aws.String("tgw-0123456789abcdef0")
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "InvalidTransitGatewayID.NotFound", 400},
		{"unknown VPN connection", Options{}, "", func(w errWorld) error {
			_, err := w.c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: aws.String("vpn-0123456789abcdef0")})
			return err
		}, "InvalidVpnConnectionID.NotFound", 400},
		{"malformed VPN connection id", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{"garbage"}})
			return err
		}, "InvalidVpnConnectionID", 400},
		{"modify a deleted connection", Options{}, "", func(w errWorld) error {
			must[*ec2.DeleteVpnConnectionOutput](t)(w.c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: &w.bgp}))
			_, err := w.c.ModifyVpnConnectionOptions(ctx, &ec2.ModifyVpnConnectionOptionsInput{VpnConnectionId: &w.bgp, LocalIpv4NetworkCidr: aws.String("10.0.0.0/8")})
			return err
		}, "InvalidVpnConnection.InvalidState", 400},
		{"static route on a BGP connection", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnectionRoute(ctx, route(w.bgp, "10.1.0.0/16"))
			return err
		}, "InvalidVpnConnection.InvalidType", 400},
		{"route exists", Options{}, "", func(w errWorld) error {
			must[*ec2.CreateVpnConnectionRouteOutput](t)(w.c.CreateVpnConnectionRoute(ctx, route(w.static, "10.1.0.0/16")))
			_, err := w.c.CreateVpnConnectionRoute(ctx, route(w.static, "10.1.0.0/16"))
			return err
		}, "RouteAlreadyExists", 400},
		{"route does not exist", Options{}, "", func(w errWorld) error {
			_, err := w.c.DeleteVpnConnectionRoute(ctx, &ec2.DeleteVpnConnectionRouteInput{VpnConnectionId: &w.static, DestinationCidrBlock: aws.String("10.9.0.0/16")})
			return err
		}, "InvalidRoute.NotFound", 400},
		{"migrating static routes to a TGW", Options{}, "", func(w errWorld) error {
			must[*ec2.CreateVpnConnectionRouteOutput](t)(w.c.CreateVpnConnectionRoute(ctx, route(w.static, "10.1.0.0/16")))
			_, err := w.c.ModifyVpnConnection(ctx, &ec2.ModifyVpnConnectionInput{VpnConnectionId: &w.static, TransitGatewayId: &w.f.tgw})
			return err
		}, "IncorrectState", 400},
		{"tunnel address of another connection", Options{}, "", func(w errWorld) error {
			_, err := w.c.ModifyVpnTunnelOptions(ctx, &ec2.ModifyVpnTunnelOptionsInput{VpnConnectionId: &w.bgp,
				VpnTunnelOutsideIpAddress: aws.String("192.0.2.1"), TunnelOptions: &types.ModifyVpnTunnelOptionsSpecification{StartupAction: aws.String("start")}})
			return err
		}, "InvalidParameterValue", 400},
		{"quota", Options{VpnConnectionQuota: 2}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnection(ctx, vpnIn(w))
			return err
		}, "VpnConnectionLimitExceeded", 400},
		{"too many tags", Options{}, "", func(w errWorld) error {
			var tags []types.Tag
			for i := range 51 {
				tags = append(tags, types.Tag{Key: aws.String(fmt.Sprint("k", i)), Value: aws.String("v")})
			}
			_, err := w.c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{w.bgp}, Tags: tags})
			return err
		}, "TagLimitExceeded", 400},
		{"tag an unsupported resource", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{"i-0123456789abcdef0"}, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		}, "InvalidID", 400},
		{"bad transit gateway token", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{NextToken: aws.String("nope")})
			return err
		}, "InvalidNextToken", 400},
		{"unknown parameter", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{}, set("Filters.1.Name", "state"))
			return err
		}, "UnknownParameter", 400},
		{"DryRun on a call without it", Options{}, "", func(w errWorld) error {
			_, err := w.c.CreateVpnConnectionRoute(ctx, route(w.static, "10.1.0.0/16"), set("DryRun", "true"))
			return err
		}, "UnknownParameter", 400},
		{"unknown action", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{}, set("Action", "DescribeVpnConnectionz"))
			return err
		}, "InvalidAction", 400},
		{"no action", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{}, drop("Action"))
			return err
		}, "MissingAction", 400},
		{"dry run", Options{}, "", func(w errWorld) error {
			in := vpnIn(w)
			in.DryRun = aws.Bool(true)
			_, err := w.c.CreateVpnConnection(ctx, in)
			return err
		}, "DryRunOperation", 412},
		{"dry run of describe", Options{}, "", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{DryRun: aws.Bool(true)})
			return err
		}, "DryRunOperation", 412},
		{"not allowed", Options{Allow: map[string][]string{"AKIDREAD": {"Describe*"}}}, "AKIDREAD", func(w errWorld) error {
			_, err := w.c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: &w.bgp})
			return err
		}, "UnauthorizedOperation", 403},
		{"dry run not allowed", Options{Allow: map[string][]string{"AKIDREAD": {"Describe*"}}}, "AKIDREAD", func(w errWorld) error {
			_, err := w.c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: &w.bgp, DryRun: aws.Bool(true)})
			return err
		}, "UnauthorizedOperation", 403},
		{"unknown access key", Options{Keys: map[string]string{"AKIDTEST": DefaultAccount}}, "AKIDOTHER", func(w errWorld) error {
			_, err := w.c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{})
			return err
		}, "AuthFailure", 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts)
			setup := e.client()
			w := errWorld{e: e, f: newFixture(t, setup)}
			w.bgp = *w.f.createVpn(t, setup, false).VpnConnectionId
			other := must[*ec2.CreateCustomerGatewayOutput](t)(setup.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
				Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.8")}))
			w.static = *fixture{cgw: *other.CustomerGateway.CustomerGatewayId, vgw: w.f.vgw}.createVpn(t, setup, true).VpnConnectionId
			key := tc.key
			if key == "" {
				key = "AKIDTEST"
			}
			w.c = e.ec2("us-east-1", key)
			before := len(describe(t, setup, nil))
			wantError(t, tc.call(w), tc.code, tc.status)
			if tc.status >= 400 && tc.code != "RouteAlreadyExists" && tc.code != "IncorrectState" && tc.code != "InvalidVpnConnection.InvalidState" {
				// A failed call changes nothing.
				if after := len(describe(t, setup, nil)); after != before {
					t.Errorf("%d connections before the failed call, %d after", before, after)
				}
			}
		})
	}
}
