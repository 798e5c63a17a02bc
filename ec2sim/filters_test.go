package ec2sim

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func tags(kv ...string) []types.Tag {
	var out []types.Tag
	for i := 0; i < len(kv); i += 2 {
		out = append(out, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

func filters(kv ...string) []types.Filter {
	var out []types.Filter
	for i := 0; i < len(kv); i += 2 {
		out = append(out, types.Filter{Name: aws.String(kv[i]), Values: strings.Split(kv[i+1], ",")})
	}
	return out
}

func newCGW(t *testing.T, c *ec2.Client, ip string, asn int32) string {
	t.Helper()
	out := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, IpAddress: aws.String(ip), BgpAsn: aws.Int32(asn)}))
	return *out.CustomerGateway.CustomerGatewayId
}

// TestDescribeVpnConnections_Filters covers the 12 filters of the model
// (plus tag-value), OR within a filter, AND across filters and ids,
// wildcards with escapes, and ids that do not exist.
func TestDescribeVpnConnections_Filters(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	f := newFixture(t, c)
	cgw2, cgw3 := newCGW(t, c, "198.51.100.20", 65020), newCGW(t, c, "198.51.100.30", 65030)
	a := f.createVpn(t, c, true, tags("Name", "alpha-prod", "Env", "prod")...)
	must[*ec2.CreateVpnConnectionRouteOutput](t)(c.CreateVpnConnectionRoute(ctx, &ec2.CreateVpnConnectionRouteInput{
		VpnConnectionId: a.VpnConnectionId, DestinationCidrBlock: aws.String("10.1.0.0/16")}))
	b := fixture{cgw: cgw2, vgw: f.vgw}.createVpn(t, c, false, tags("Name", "beta", "Env", "dev")...)
	cc := *must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), TransitGatewayId: &f.tgw,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnConnection, Tags: tags("Name", "gamma*star", "Env", "prod")}},
	})).VpnConnection
	d := fixture{cgw: cgw3, vgw: f.vgw}.createVpn(t, c, false, tags("Team", "net")...)
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: d.VpnConnectionId}))
	name := map[string]string{*a.VpnConnectionId: "A", *b.VpnConnectionId: "B", *cc.VpnConnectionId: "C", *d.VpnConnectionId: "D"}

	cases := []struct {
		name    string
		ids     []string
		filters []types.Filter
		want    string
	}{
		{"no filter", nil, nil, "ABCD"},
		{"customer-gateway-configuration", nil, filters("customer-gateway-configuration", "*<asn>65020</asn>*"), "B"},
		{"customer-gateway-id", nil, filters("customer-gateway-id", cgw2), "B"},
		{"state available", nil, filters("state", "available"), "ABC"},
		{"state deleted or pending", nil, filters("state", "deleted,pending"), "D"},
		{"option.static-routes-only", nil, filters("option.static-routes-only", "true"), "A"},
		{"route.destination-cidr-block", nil, filters("route.destination-cidr-block", "10.1.0.0/16"), "A"},
		{"route wildcard", nil, filters("route.destination-cidr-block", "10.1.*"), "A"},
		{"bgp-asn", nil, filters("bgp-asn", "65020"), "B"},
		{"tag:Env", nil, filters("tag:Env", "prod"), "AC"},
		{"tag:Env with ?", nil, filters("tag:Env", "pr?d"), "AC"},
		{"tag:Env case-sensitive", nil, filters("tag:Env", "PROD"), ""},
		{"tag-key", nil, filters("tag-key", "Team"), "D"},
		{"tag-key wildcard", nil, filters("tag-key", "*"), "ABCD"},
		{"tag-value", nil, filters("tag-value", "dev"), "B"},
		{"type", nil, filters("type", "ipsec.1"), "ABCD"},
		{"vpn-connection-id", nil, filters("vpn-connection-id", *b.VpnConnectionId), "B"},
		{"vpn-gateway-id", nil, filters("vpn-gateway-id", f.vgw), "ABD"},
		{"transit-gateway-id", nil, filters("transit-gateway-id", f.tgw), "C"},
		{"escaped star", nil, filters("tag:Name", `gamma\*star`), "C"},
		{"escaped star is literal", nil, filters("tag:Name", `gamma\*`), ""},
		{"star", nil, filters("tag:Name", "gamma*"), "C"},
		{"star in the middle", nil, filters("tag:Name", "a*d"), "A"},
		{"several values OR", nil, filters("tag:Name", "alpha-prod,beta"), "AB"},
		{"several filters AND", nil, filters("state", "available", "tag:Env", "prod"), "AC"},
		{"ids", []string{*a.VpnConnectionId, *d.VpnConnectionId}, nil, "AD"},
		{"ids AND filter", []string{*a.VpnConnectionId, *b.VpnConnectionId}, filters("tag:Env", "prod"), "A"},
		{"nothing matches", nil, filters("tag:Env", "qa"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vs := describe(t, c, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: tc.ids, Filters: tc.filters})
			var got []string
			for _, v := range vs {
				got = append(got, name[*v.VpnConnectionId])
			}
			slices.Sort(got)
			if s := strings.Join(got, ""); s != tc.want {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}

	t.Run("missing ids fail the whole call", func(t *testing.T) {
		missing := []string{"vpn-00000000000000001", "vpn-00000000000000002"}
		_, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{
			VpnConnectionIds: append([]string{*a.VpnConnectionId}, missing...)})
		wantError(t, err, "InvalidVpnConnectionID.NotFound", 400)
		for _, id := range missing {
			if !strings.Contains(err.Error(), id) {
				t.Errorf("error %q does not name %s", err, id)
			}
		}
		if strings.Contains(err.Error(), *a.VpnConnectionId) {
			t.Errorf("error %q names an id that exists", err)
		}
	})
	t.Run("old-style 8-digit ids are well-formed", func(t *testing.T) {
		_, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{"vpn-5b4a9f32"}})
		wantError(t, err, "InvalidVpnConnectionID.NotFound", 400)
	})
}
