package ec2sim

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func tagMap(ts []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range ts {
		m[*t.Key] = *t.Value
	}
	return m
}

func TestCustomerGateways(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	in := &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.7"), BgpAsn: aws.Int32(65000),
		DeviceName: aws.String("edge-1"), TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeCustomerGateway, Tags: tags("Name", "cgw1")}}}
	g := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, in)).CustomerGateway
	want := types.CustomerGateway{CustomerGatewayId: g.CustomerGatewayId, State: aws.String("available"), Type: aws.String("ipsec.1"),
		IpAddress: aws.String("198.51.100.7"), BgpAsn: aws.String("65000"), DeviceName: aws.String("edge-1"), Tags: tags("Name", "cgw1")}
	if !reflect.DeepEqual(*g, want) {
		t.Errorf("created %+v", *g)
	}
	// An identical request returns the existing gateway.
	again := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, in)).CustomerGateway
	if *again.CustomerGatewayId != *g.CustomerGatewayId {
		t.Errorf("identical request made %s", *again.CustomerGatewayId)
	}
	ext := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, IpAddress: aws.String("203.0.113.9"), BgpAsnExtended: aws.Int64(4200000000)})).CustomerGateway
	if *ext.BgpAsnExtended != "4200000000" || ext.BgpAsn != nil {
		t.Errorf("extended ASN %+v", *ext)
	}
	list := func(in *ec2.DescribeCustomerGatewaysInput) []string {
		var out []string
		for _, g := range must[*ec2.DescribeCustomerGatewaysOutput](t)(c.DescribeCustomerGateways(ctx, in)).CustomerGateways {
			out = append(out, *g.CustomerGatewayId)
		}
		return out
	}
	a, b := *g.CustomerGatewayId, *ext.CustomerGatewayId
	cases := []struct {
		name string
		in   *ec2.DescribeCustomerGatewaysInput
		want []string
	}{
		{"all", &ec2.DescribeCustomerGatewaysInput{}, []string{a, b}},
		{"ids", &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{b}}, []string{b}},
		{"bgp-asn", &ec2.DescribeCustomerGatewaysInput{Filters: filters("bgp-asn", "65000")}, []string{a}},
		{"bgp-asn extended", &ec2.DescribeCustomerGatewaysInput{Filters: filters("bgp-asn", "4200000000")}, []string{b}},
		{"ip-address", &ec2.DescribeCustomerGatewaysInput{Filters: filters("ip-address", "203.0.113.*")}, []string{b}},
		{"customer-gateway-id", &ec2.DescribeCustomerGatewaysInput{Filters: filters("customer-gateway-id", a)}, []string{a}},
		{"state and type", &ec2.DescribeCustomerGatewaysInput{Filters: filters("state", "available", "type", "ipsec.1")}, []string{a, b}},
		{"tag", &ec2.DescribeCustomerGatewaysInput{Filters: filters("tag:Name", "cgw1")}, []string{a}},
		{"tag-key", &ec2.DescribeCustomerGatewaysInput{Filters: filters("tag-key", "Name")}, []string{a}},
	}
	for _, tc := range cases {
		if got := list(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	_, err := c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{"cgw-0123456789abcdef0"}})
	wantError(t, err, "InvalidCustomerGatewayID.NotFound", 400)
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("not-an-ip")})
	wantError(t, err, "InvalidParameterValue", 400)
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("192.0.2.1"), BgpAsn: aws.Int32(0)})
	wantError(t, err, "InvalidParameterValue", 400)
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, DryRun: aws.Bool(true), IpAddress: aws.String("192.0.2.1")})
	wantError(t, err, "DryRunOperation", 412)
}

func TestVpnGateways(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	g := must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1,
		AmazonSideAsn: aws.Int64(65100), AvailabilityZone: aws.String("us-east-1b"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: tags("Name", "vgw1")}}})).VpnGateway
	if *g.AmazonSideAsn != 65100 || *g.AvailabilityZone != "us-east-1b" || g.State != types.VpnStateAvailable || tagMap(g.Tags)["Name"] != "vgw1" {
		t.Errorf("created %+v", *g)
	}
	if err := e.sim.Seed(SeedConfig{PerRegion: 8}); err != nil { // seeded VGWs are attached to VPCs
		t.Fatal(err)
	}
	count := func(fs ...types.Filter) int {
		return len(must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{Filters: fs})).VpnGateways)
	}
	cases := []struct {
		name    string
		filters []types.Filter
		want    int
	}{
		{"all", nil, 2},
		{"amazon-side-asn", filters("amazon-side-asn", "65100"), 1},
		{"availability-zone", filters("availability-zone", "us-east-1b"), 1},
		{"attachment.state", filters("attachment.state", "attached"), 1},
		{"attachment.vpc-id", filters("attachment.vpc-id", "vpc-*"), 1},
		{"state, type", filters("state", "available", "type", "ipsec.1"), 2},
		{"vpn-gateway-id", filters("vpn-gateway-id", *g.VpnGatewayId), 1},
		{"tag", filters("tag:Name", "vgw1"), 1},
	}
	for _, tc := range cases {
		if got := count(tc.filters...); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	for _, bad := range []*ec2.CreateVpnGatewayInput{
		{Type: types.GatewayTypeIpsec1, AmazonSideAsn: aws.Int64(100)},
		{Type: types.GatewayTypeIpsec1, AvailabilityZone: aws.String("eu-west-1a")},
	} {
		_, err := c.CreateVpnGateway(ctx, bad)
		wantError(t, err, "InvalidParameterValue", 400)
	}
	_, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{"vgw-0123456789abcdef0"}})
	wantError(t, err, "InvalidVpnGatewayID.NotFound", 400)
}

func TestTransitGateways_Paginated(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	var made []string
	for i := range 12 {
		out := must[*ec2.CreateTransitGatewayOutput](t)(c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{
			Description: aws.String(fmt.Sprint("tgw ", i)), Options: &types.TransitGatewayRequestOptions{AmazonSideAsn: aws.Int64(int64(64600 + i%2))},
			TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeTransitGateway, Tags: tags("Name", fmt.Sprint("tgw", i))}}}))
		made = append(made, *out.TransitGateway.TransitGatewayId)
	}
	first := must[*ec2.DescribeTransitGatewaysOutput](t)(c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: made[:1]})).TransitGateways[0]
	if *first.OwnerId != DefaultAccount || *first.TransitGatewayArn != "arn:aws:ec2:us-east-1:123456789012:transit-gateway/"+made[0] ||
		first.Options.DefaultRouteTableAssociation != "enable" || first.Options.AssociationDefaultRouteTableId == nil || first.CreationTime == nil {
		t.Errorf("transit gateway %+v %+v", first, *first.Options)
	}
	var pages []int
	var got []string
	p := ec2.NewDescribeTransitGatewaysPaginator(c, &ec2.DescribeTransitGatewaysInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() {
		out := must[*ec2.DescribeTransitGatewaysOutput](t)(p.NextPage(ctx))
		pages = append(pages, len(out.TransitGateways))
		for _, g := range out.TransitGateways {
			got = append(got, *g.TransitGatewayId)
		}
	}
	if !slices.Equal(pages, []int{5, 5, 2}) || !slices.Equal(got, made) {
		t.Errorf("pages %v, ids %v", pages, got)
	}
	filtered := must[*ec2.DescribeTransitGatewaysOutput](t)(c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{
		Filters: filters("options.amazon-side-asn", "64601", "owner-id", DefaultAccount, "state", "available")}))
	if len(filtered.TransitGateways) != 6 {
		t.Errorf("filtered %d", len(filtered.TransitGateways))
	}
	_, err := c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{MaxResults: aws.Int32(4)})
	wantError(t, err, "InvalidParameterValue", 400)
	_, err = c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{"tgw-0123456789abcdef0"}})
	wantError(t, err, "InvalidTransitGatewayID.NotFound", 400)
}

func TestTags(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	f := newFixture(t, c)
	v := f.createVpn(t, c, false, tags("Name", "a", "Env", "prod", "Team", "net")...)
	vpnTags := func() map[string]string { return tagMap(one1(t, c, v.VpnConnectionId).Tags) }
	must[*ec2.CreateTagsOutput](t)(c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*v.VpnConnectionId, f.cgw},
		Tags: tags("Name", "b", "Empty", "")}))
	if got := vpnTags(); !reflect.DeepEqual(got, map[string]string{"Name": "b", "Env": "prod", "Team": "net", "Empty": ""}) {
		t.Errorf("after CreateTags: %v", got)
	}
	cg := must[*ec2.DescribeCustomerGatewaysOutput](t)(c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{f.cgw}}))
	if tagMap(cg.CustomerGateways[0].Tags)["Name"] != "b" {
		t.Errorf("customer gateway tags %v", cg.CustomerGateways[0].Tags)
	}
	cases := []struct {
		name string
		del  []types.Tag
		want map[string]string
	}{
		{"value differs: kept", []types.Tag{{Key: aws.String("Env"), Value: aws.String("dev")}}, map[string]string{"Name": "b", "Env": "prod", "Team": "net", "Empty": ""}},
		{"value matches", []types.Tag{{Key: aws.String("Env"), Value: aws.String("prod")}}, map[string]string{"Name": "b", "Team": "net", "Empty": ""}},
		{"key only", []types.Tag{{Key: aws.String("Name")}}, map[string]string{"Team": "net", "Empty": ""}},
		{"empty value matches only empty", []types.Tag{{Key: aws.String("Team"), Value: aws.String("")}, {Key: aws.String("Empty"), Value: aws.String("")}}, map[string]string{"Team": "net"}},
		{"no tags: all", nil, map[string]string{}},
	}
	for _, tc := range cases {
		must[*ec2.DeleteTagsOutput](t)(c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{*v.VpnConnectionId}, Tags: tc.del}))
		if got := vpnTags(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// One bad resource fails the call and changes nothing.
	_, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*v.VpnConnectionId, "vgw-0123456789abcdef0"}, Tags: tags("X", "y")})
	wantError(t, err, "InvalidVpnGatewayID.NotFound", 400)
	if got := vpnTags(); len(got) != 0 {
		t.Errorf("failed CreateTags changed tags: %v", got)
	}
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*v.VpnConnectionId}, Tags: tags("X", "y"), DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", 412)
}

func TestCreateVpnConnection_Idempotent(t *testing.T) {
	e := newEnv(t, Options{VpnConnectionQuota: 1})
	c := e.client()
	f := newFixture(t, c)
	a := f.createVpn(t, c, false)
	b := f.createVpn(t, c, false) // same customer and target gateway: the same connection, no quota used
	if *a.VpnConnectionId != *b.VpnConnectionId {
		t.Errorf("second create made %s", *b.VpnConnectionId)
	}
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: a.VpnConnectionId}))
	if n := f.createVpn(t, c, false); *n.VpnConnectionId == *a.VpnConnectionId {
		t.Error("a deleted connection was returned")
	}
}
