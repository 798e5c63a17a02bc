package ec2sim

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

func tagMap(ts []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range ts {
		m[*t.Key] = *t.Value
	}
	return m
}

// wantMessage checks an API error's code (HTTP 400) and exact message.
func wantMessage(t *testing.T, err error, code, msg string) {
	t.Helper()
	wantError(t, err, code, 400)
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorMessage() != msg {
		t.Fatalf("%s: message %q, want %q", code, ae.ErrorMessage(), msg)
	}
}

func cgwIDs(t *testing.T, c *ec2.Client, in *ec2.DescribeCustomerGatewaysInput) []string {
	t.Helper()
	var out []string
	for _, g := range must[*ec2.DescribeCustomerGatewaysOutput](t)(c.DescribeCustomerGateways(ctx, in)).CustomerGateways {
		out = append(out, *g.CustomerGatewayId)
	}
	return out
}

func vgwIDs(t *testing.T, c *ec2.Client, in *ec2.DescribeVpnGatewaysInput) []string {
	t.Helper()
	var out []string
	for _, g := range must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, in)).VpnGateways {
		out = append(out, *g.VpnGatewayId)
	}
	return out
}

func tgwIDs(t *testing.T, c *ec2.Client, in *ec2.DescribeTransitGatewaysInput) []string {
	t.Helper()
	var out []string
	for _, g := range must[*ec2.DescribeTransitGatewaysOutput](t)(c.DescribeTransitGateways(ctx, in)).TransitGateways {
		out = append(out, *g.TransitGatewayId)
	}
	return out
}

// TestCustomerGateways covers CreateCustomerGateway (fields, tag
// specifications, validation) and DescribeCustomerGateways: ids, every
// documented filter (plus tag-value), wildcards, and the id errors.
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
	ext := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, IpAddress: aws.String("203.0.113.9"), BgpAsnExtended: aws.Int64(4200000000),
		CertificateArn: aws.String("arn:aws:acm:us-east-1:123456789012:certificate/c1")})).CustomerGateway
	if *ext.BgpAsnExtended != "4200000000" || ext.BgpAsn != nil || *ext.CertificateArn != "arn:aws:acm:us-east-1:123456789012:certificate/c1" {
		t.Errorf("extended ASN %+v", *ext)
	}
	a, b := *g.CustomerGatewayId, *ext.CustomerGatewayId
	cases := []struct {
		name string
		in   *ec2.DescribeCustomerGatewaysInput
		want []string
	}{
		{"all", &ec2.DescribeCustomerGatewaysInput{}, []string{a, b}},
		{"ids", &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{b}}, []string{b}},
		{"ids and filter", &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{a, b}, Filters: filters("ip-address", "198.*")}, []string{a}},
		{"bgp-asn", &ec2.DescribeCustomerGatewaysInput{Filters: filters("bgp-asn", "65000")}, []string{a}},
		{"bgp-asn extended", &ec2.DescribeCustomerGatewaysInput{Filters: filters("bgp-asn", "4200000000")}, []string{b}},
		{"bgp-asn either", &ec2.DescribeCustomerGatewaysInput{Filters: filters("bgp-asn", "65000,4200000000")}, []string{a, b}},
		{"ip-address", &ec2.DescribeCustomerGatewaysInput{Filters: filters("ip-address", "203.0.113.*")}, []string{b}},
		{"ip-address one char", &ec2.DescribeCustomerGatewaysInput{Filters: filters("ip-address", "198.51.100.?")}, []string{a}},
		{"customer-gateway-id", &ec2.DescribeCustomerGatewaysInput{Filters: filters("customer-gateway-id", a)}, []string{a}},
		{"state and type", &ec2.DescribeCustomerGatewaysInput{Filters: filters("state", "available", "type", "ipsec.1")}, []string{a, b}},
		{"state deleted", &ec2.DescribeCustomerGatewaysInput{Filters: filters("state", "deleted")}, nil},
		{"tag", &ec2.DescribeCustomerGatewaysInput{Filters: filters("tag:Name", "cgw1")}, []string{a}},
		{"tag other value", &ec2.DescribeCustomerGatewaysInput{Filters: filters("tag:Name", "cgw2")}, nil},
		{"tag-key", &ec2.DescribeCustomerGatewaysInput{Filters: filters("tag-key", "Name")}, []string{a}},
		{"tag-value", &ec2.DescribeCustomerGatewaysInput{Filters: filters("tag-value", "cgw*")}, []string{a}},
	}
	for _, tc := range cases {
		if got := cgwIDs(t, c, tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	_, err := c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{a, "cgw-0123456789abcdef0"}})
	wantMessage(t, err, "InvalidCustomerGatewayID.NotFound", "The customerGateway ID 'cgw-0123456789abcdef0' does not exist")
	_, err = c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{"cgw-0123456789abcdef0", "cgw-1234abcd"}})
	wantMessage(t, err, "InvalidCustomerGatewayID.NotFound", "The customerGateway IDs 'cgw-0123456789abcdef0, cgw-1234abcd' do not exist")
	_, err = c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{"cgw-nope"}})
	wantMessage(t, err, "InvalidCustomerGatewayId.Malformed", `Invalid id: "cgw-nope" (expecting "cgw-...")`)
	_, err = c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{Filters: filters("vpn-gateway-id", "vgw-*")})
	wantMessage(t, err, "InvalidParameterValue", "The filter 'vpn-gateway-id' is invalid")

	for name, bad := range map[string]*ec2.CreateCustomerGatewayInput{
		"ip":           {Type: types.GatewayTypeIpsec1, IpAddress: aws.String("not-an-ip")},
		"asn 0":        {Type: types.GatewayTypeIpsec1, IpAddress: aws.String("192.0.2.1"), BgpAsn: aws.Int32(0)},
		"extended low": {Type: types.GatewayTypeIpsec1, IpAddress: aws.String("192.0.2.1"), BgpAsnExtended: aws.Int64(65000)},
		"type":         {Type: "ipsec.2", IpAddress: aws.String("192.0.2.1")},
		"tag type": {Type: types.GatewayTypeIpsec1, IpAddress: aws.String("192.0.2.1"),
			TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: tags("Name", "x")}}},
	} {
		_, err := c.CreateCustomerGateway(ctx, bad)
		if code, _ := sdkError(t, err); code != "InvalidParameterValue" {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("192.0.2.1"),
		BgpAsn: aws.Int32(65000), BgpAsnExtended: aws.Int64(4200000000)})
	wantError(t, err, "InvalidParameterCombination", 400)
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, DryRun: aws.Bool(true), IpAddress: aws.String("192.0.2.1")})
	wantError(t, err, "DryRunOperation", 412)
	if got := cgwIDs(t, c, &ec2.DescribeCustomerGatewaysInput{}); len(got) != 2 {
		t.Errorf("failed and dry-run creates left %d gateways", len(got))
	}
}

// TestCreateCustomerGateway_Idempotent: the key is (type, ipAddress, bgpAsn,
// bgpAsnExtended, deviceName, certificateArn) among available gateways;
// tags are not part of it.
func TestCreateCustomerGateway_Idempotent(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	base := func() *ec2.CreateCustomerGatewayInput {
		return &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.7"), BgpAsn: aws.Int32(65000)}
	}
	create := func(in *ec2.CreateCustomerGatewayInput) string {
		t.Helper()
		return *must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, in)).CustomerGateway.CustomerGatewayId
	}
	first := create(base())
	cases := []struct {
		name string
		edit func(*ec2.CreateCustomerGatewayInput)
		same bool
	}{
		{"identical", func(*ec2.CreateCustomerGatewayInput) {}, true},
		{"default ASN is 65000", func(in *ec2.CreateCustomerGatewayInput) { in.BgpAsn = nil }, true},
		{"deprecated PublicIp", func(in *ec2.CreateCustomerGatewayInput) { in.IpAddress, in.PublicIp = nil, aws.String("198.51.100.7") }, true},
		{"tags differ", func(in *ec2.CreateCustomerGatewayInput) {
			in.TagSpecifications = []types.TagSpecification{{ResourceType: types.ResourceTypeCustomerGateway, Tags: tags("Name", "x")}}
		}, true},
		{"ip", func(in *ec2.CreateCustomerGatewayInput) { in.IpAddress = aws.String("198.51.100.8") }, false},
		{"asn", func(in *ec2.CreateCustomerGatewayInput) { in.BgpAsn = aws.Int32(65001) }, false},
		{"extended asn", func(in *ec2.CreateCustomerGatewayInput) { in.BgpAsn, in.BgpAsnExtended = nil, aws.Int64(4200000000) }, false},
		{"device name", func(in *ec2.CreateCustomerGatewayInput) { in.DeviceName = aws.String("edge-2") }, false},
		{"certificate", func(in *ec2.CreateCustomerGatewayInput) {
			in.CertificateArn = aws.String("arn:aws:acm:us-east-1:123456789012:certificate/c")
		}, false},
	}
	for _, tc := range cases {
		in := base()
		tc.edit(in)
		if got := create(in); (got == first) != tc.same {
			t.Errorf("%s: got %s, first %s, want same %v", tc.name, got, first, tc.same)
		}
	}
	// A deleted gateway is not returned: the same request makes a new one.
	must[*ec2.DeleteCustomerGatewayOutput](t)(c.DeleteCustomerGateway(ctx, &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: &first}))
	if again := create(base()); again == first {
		t.Error("a deleted gateway was returned")
	}
}

// TestVpnGateways covers CreateVpnGateway and DescribeVpnGateways: ids,
// every documented filter, and the id errors.
func TestVpnGateways(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	g := must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1,
		AmazonSideAsn: aws.Int64(65100), AvailabilityZone: aws.String("us-east-1b"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: tags("Name", "vgw1")}}})).VpnGateway
	if *g.AmazonSideAsn != 65100 || *g.AvailabilityZone != "us-east-1b" || g.State != types.VpnStateAvailable || tagMap(g.Tags)["Name"] != "vgw1" ||
		g.Type != types.GatewayTypeIpsec1 || g.VpcAttachments == nil || len(g.VpcAttachments) != 0 {
		t.Errorf("created %+v", *g)
	}
	plain := *must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})).VpnGateway
	if *plain.AmazonSideAsn != 64512 || plain.AvailabilityZone != nil {
		t.Errorf("defaults %+v", plain)
	}
	// Seeded: one VGW attached to a VPC (8 connections), one detached.
	if err := e.sim.Seed(SeedConfig{PerRegion: 8}); err != nil {
		t.Fatal(err)
	}
	attached := vgwIDs(t, c, &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.state", "attached")})
	detached := vgwIDs(t, c, &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.state", "detached")})
	if len(attached) != 1 || len(detached) != 1 {
		t.Fatalf("seeded: attached %v, detached %v", attached, detached)
	}
	vpc := *must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: attached})).VpnGateways[0].VpcAttachments[0].VpcId
	id, pid := *g.VpnGatewayId, *plain.VpnGatewayId
	cases := []struct {
		name string
		in   *ec2.DescribeVpnGatewaysInput
		want []string
	}{
		{"all", &ec2.DescribeVpnGatewaysInput{}, []string{id, pid, attached[0], detached[0]}},
		{"ids", &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{pid, id}}, []string{id, pid}},
		{"amazon-side-asn", &ec2.DescribeVpnGatewaysInput{Filters: filters("amazon-side-asn", "65100")}, []string{id}},
		{"amazon-side-asn default", &ec2.DescribeVpnGatewaysInput{Filters: filters("amazon-side-asn", "64512"), VpnGatewayIds: []string{id, pid}}, []string{pid}},
		{"availability-zone", &ec2.DescribeVpnGatewaysInput{Filters: filters("availability-zone", "us-east-1b")}, []string{id}},
		{"attachment.state", &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.state", "attached,detached")}, []string{attached[0], detached[0]}},
		{"attachment.vpc-id", &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.vpc-id", vpc)}, attached},
		{"attachment.vpc-id wildcard", &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.vpc-id", "vpc-*")}, []string{attached[0], detached[0]}},
		{"state, type", &ec2.DescribeVpnGatewaysInput{Filters: filters("state", "available", "type", "ipsec.1")}, []string{id, pid, attached[0], detached[0]}},
		{"state pending", &ec2.DescribeVpnGatewaysInput{Filters: filters("state", "pending")}, nil},
		{"vpn-gateway-id", &ec2.DescribeVpnGatewaysInput{Filters: filters("vpn-gateway-id", id)}, []string{id}},
		{"tag", &ec2.DescribeVpnGatewaysInput{Filters: filters("tag:Name", "vgw1")}, []string{id}},
		{"tag-key", &ec2.DescribeVpnGatewaysInput{Filters: filters("tag-key", "Name")}, []string{id, attached[0], detached[0]}},
		{"tag-value", &ec2.DescribeVpnGatewaysInput{Filters: filters("tag-value", "spare-*")}, detached},
	}
	for _, tc := range cases {
		if got := vgwIDs(t, c, tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
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
	wantMessage(t, err, "InvalidVpnGatewayID.NotFound", "The virtual private gateway ID 'vgw-0123456789abcdef0' does not exist")
	_, err = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{"vgw-XYZ"}})
	wantMessage(t, err, "InvalidVpnGatewayID.Malformed", `Invalid id: "vgw-XYZ" (expecting "vgw-...")`)
	_, err = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.vpc", "x")})
	wantMessage(t, err, "InvalidParameterValue", "The filter 'attachment.vpc' is invalid")
	_, err = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", 412)
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
	_, err = c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{NextToken: aws.String("bogus")})
	wantError(t, err, "InvalidNextToken", 400)
}

// TestTransitGateways_Filters covers every documented filter of
// DescribeTransitGateways (plus the tag ones), ids and the id errors.
func TestTransitGateways_Filters(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{ProvisionDelay: delay, Now: clk.Now})
	c := e.client()
	a := *must[*ec2.CreateTransitGatewayOutput](t)(c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Description: aws.String("a"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeTransitGateway, Tags: tags("Name", "core")}}})).TransitGateway
	clk.Advance(delay)
	b := *must[*ec2.CreateTransitGatewayOutput](t)(c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Description: aws.String("b"),
		Options: &types.TransitGatewayRequestOptions{AmazonSideAsn: aws.Int64(4200000000), AutoAcceptSharedAttachments: "enable",
			DefaultRouteTableAssociation: "disable", DefaultRouteTablePropagation: "disable", DnsSupport: "disable", VpnEcmpSupport: "disable",
			TransitGatewayCidrBlocks: []string{"10.99.0.0/24"}}})).TransitGateway
	if b.State != types.TransitGatewayStatePending || b.Options.AssociationDefaultRouteTableId != nil || b.Options.TransitGatewayCidrBlocks[0] != "10.99.0.0/24" ||
		b.Options.EncryptionSupport == nil || b.Options.EncryptionSupport.EncryptionState != types.EncryptionStateValueDisabled {
		t.Errorf("created %+v %+v", b, *b.Options)
	}
	ia, ib := *a.TransitGatewayId, *b.TransitGatewayId
	rtb := *a.Options.AssociationDefaultRouteTableId
	cases := []struct {
		filter, value string
		want          []string
	}{
		{"options.propagation-default-route-table-id", rtb, []string{ia}},
		{"options.amazon-side-asn", "4200000000", []string{ib}},
		{"options.association-default-route-table-id", "tgw-rtb-*", []string{ia}},
		{"options.auto-accept-shared-attachments", "enable", []string{ib}},
		{"options.default-route-table-association", "enable", []string{ia}},
		{"options.default-route-table-propagation", "disable", []string{ib}},
		{"options.dns-support", "enable", []string{ia}},
		{"options.vpn-ecmp-support", "disable", []string{ib}},
		{"owner-id", DefaultAccount, []string{ia, ib}},
		{"owner-id", "210987654321", nil},
		{"state", "available", []string{ia}},
		{"state", "pending", []string{ib}},
		{"transit-gateway-id", ib, []string{ib}},
		{"tag:Name", "core", []string{ia}},
		{"tag-key", "Name", []string{ia}},
		{"tag-value", "co?e", []string{ia}},
	}
	for _, tc := range cases {
		if got := tgwIDs(t, c, &ec2.DescribeTransitGatewaysInput{Filters: filters(tc.filter, tc.value)}); !slices.Equal(got, tc.want) {
			t.Errorf("%s=%s: %v, want %v", tc.filter, tc.value, got, tc.want)
		}
	}
	if got := tgwIDs(t, c, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{ib}, Filters: filters("state", "available")}); got != nil {
		t.Errorf("ids and filters: %v", got)
	}
	_, err := c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{ia, "tgw-0123456789abcdef0"}})
	wantMessage(t, err, "InvalidTransitGatewayID.NotFound", "The transitGateway ID 'tgw-0123456789abcdef0' does not exist")
	_, err = c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{"tgw-1"}})
	wantMessage(t, err, "InvalidTransitGatewayID.Malformed", `Invalid id: "tgw-1" (expecting "tgw-...")`)
	_, err = c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{Filters: filters("options.multicast-support", "enable")})
	wantMessage(t, err, "InvalidParameterValue", "The filter 'options.multicast-support' is invalid")
}

// TestGateways_EveryField checks by reflection that every field of
// types.CustomerGateway, types.VpnGateway and types.TransitGateway is set by
// some response of the demo data plus what the tests above create.
func TestGateways_EveryField(t *testing.T) {
	e := seeded(t, DemoSeed())
	c := e.client()
	must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1, AvailabilityZone: aws.String("us-east-1c")}))
	must[*ec2.CreateTransitGatewayOutput](t)(c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Description: aws.String("cidrs"),
		Options: &types.TransitGatewayRequestOptions{TransitGatewayCidrBlocks: []string{"10.99.0.0/24"}}}))
	s := snap(t, c)
	// EncryptionSupport.StateMessage explains a change of encryption state,
	// which the simulator does not model.
	exempt := map[string]bool{"TransitGateway.Options.EncryptionSupport.StateMessage": true}
	check := func(name string, typ reflect.Type, objs reflect.Value) {
		var unset []string
		coverage(typ, name, func(path string) bool {
			if exempt[path] {
				return true
			}
			for i := range objs.Len() {
				if anySet(objs.Index(i), strings.Split(path, ".")[1:]) {
					return true
				}
			}
			return false
		}, &unset)
		if len(unset) > 0 {
			t.Errorf("%s fields no response set: %v", name, unset)
		}
	}
	check("CustomerGateway", reflect.TypeOf(types.CustomerGateway{}), reflect.ValueOf(s.Cgws))
	check("VpnGateway", reflect.TypeOf(types.VpnGateway{}), reflect.ValueOf(s.Vgws))
	check("TransitGateway", reflect.TypeOf(types.TransitGateway{}), reflect.ValueOf(s.Tgws))
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
