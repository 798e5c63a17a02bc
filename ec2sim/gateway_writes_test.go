package ec2sim

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func cgwOf(t *testing.T, c *ec2.Client, id string) types.CustomerGateway {
	t.Helper()
	return must[*ec2.DescribeCustomerGatewaysOutput](t)(c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{id}})).CustomerGateways[0]
}

func vgwOf(t *testing.T, c *ec2.Client, id string) types.VpnGateway {
	t.Helper()
	return must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{id}})).VpnGateways[0]
}

// attachments renders a VGW's attachments as "vpc-…:state" strings.
func attachments(g types.VpnGateway) []string {
	var out []string
	for _, a := range g.VpcAttachments {
		out = append(out, *a.VpcId+":"+string(a.State))
	}
	return out
}

// TestDeleteCustomerGateway: refused while a connection not deleted uses the
// gateway (a deleting one included), then deleting -> deleted, listed for the
// retention period, then NotFound; no use for new connections meanwhile.
func TestDeleteCustomerGateway(t *testing.T) {
	e, clk, c, f := newLifecycleEnv(t)
	v := f.createVpn(t, c, false)
	del := &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: &f.cgw}
	_, err := c.DeleteCustomerGateway(ctx, del)
	wantMessage(t, err, "IncorrectState", "The customer gateway is in use.")
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: v.VpnConnectionId}))
	_, err = c.DeleteCustomerGateway(ctx, del) // the connection is deleting: still in use
	wantMessage(t, err, "IncorrectState", "The customer gateway is in use.")
	clk.Advance(delay)

	_, err = c.DeleteCustomerGateway(ctx, &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: &f.cgw, DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", 412)
	if s := *cgwOf(t, c, f.cgw).State; s != "available" {
		t.Fatalf("after a dry run: %s", s)
	}
	must[*ec2.DeleteCustomerGatewayOutput](t)(c.DeleteCustomerGateway(ctx, del))
	if s := *cgwOf(t, c, f.cgw).State; s != "deleting" {
		t.Fatalf("just deleted: %s", s)
	}
	_, err = c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), VpnGatewayId: &f.vgw})
	wantMessage(t, err, "InvalidCustomerGatewayID.NotFound", "The customerGateway ID '"+f.cgw+"' does not exist")
	clk.Advance(delay)
	if got := cgwIDs(t, c, &ec2.DescribeCustomerGatewaysInput{Filters: filters("state", "deleted")}); !slices.Equal(got, []string{f.cgw}) {
		t.Fatalf("deleted gateways listed: %v", got)
	}
	must[*ec2.DeleteCustomerGatewayOutput](t)(c.DeleteCustomerGateway(ctx, del)) // again while listed: success
	clk.Advance(DefaultDeleteRetention)
	if got := cgwIDs(t, c, &ec2.DescribeCustomerGatewaysInput{}); len(got) != 0 {
		t.Fatalf("listed after retention: %v", got)
	}
	_, err = c.DeleteCustomerGateway(ctx, del)
	wantMessage(t, err, "InvalidCustomerGatewayID.NotFound", "The customerGateway ID '"+f.cgw+"' does not exist")

	for _, tc := range []struct {
		name, code string
		opt        func(*ec2.Options)
		id         string
	}{
		{"missing id", "MissingParameter", editBody(func(v url.Values) { v.Del("CustomerGatewayId") }), "cgw-0123456789abcdef0"},
		{"malformed", "InvalidCustomerGatewayId.Malformed", func(*ec2.Options) {}, "cgw-zz"},
		{"unknown parameter", "UnknownParameter", editBody(func(v url.Values) { v.Set("Force", "true") }), "cgw-0123456789abcdef0"},
	} {
		_, err := e.ec2("us-east-1", "AKIDTEST", tc.opt).DeleteCustomerGateway(ctx, &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: &tc.id})
		if code, _ := sdkError(t, err); code != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
}

// TestVpnGateway_AttachDetachDelete walks a VGW through attaching ->
// attached -> detaching -> detached and deletion, with the refusals on the
// way: another VPC, a VPC that has a VGW, detaching what is not attached,
// deleting while attached or used by a connection.
func TestVpnGateway_AttachDetachDelete(t *testing.T) {
	e, clk, c, f := newLifecycleEnv(t)
	vpc, vpc2 := newVpc(t, c, "10.1.0.0/16"), newVpc(t, c, "10.2.0.0/16")
	attach := func(vgw, vpc string) (*ec2.AttachVpnGatewayOutput, error) {
		return c.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: &vgw, VpcId: aws.String(vpc)})
	}
	detach := func(vgw, vpc string) error {
		_, err := c.DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpnGatewayId: &vgw, VpcId: aws.String(vpc)})
		return err
	}
	byAttachState := func(state string) []string {
		return vgwIDs(t, c, &ec2.DescribeVpnGatewaysInput{Filters: filters("attachment.state", state)})
	}

	_, err := c.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: &f.vgw, VpcId: aws.String(vpc), DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", 412)
	out := must[*ec2.AttachVpnGatewayOutput](t)(attach(f.vgw, vpc))
	if *out.VpcAttachment.VpcId != vpc || out.VpcAttachment.State != types.AttachmentStatusAttaching || !slices.Equal(byAttachState("attaching"), []string{f.vgw}) {
		t.Fatalf("attach: %+v", out.VpcAttachment)
	}
	_, err = c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: &f.vgw})
	wantMessage(t, err, "IncorrectState", "The VPN gateway is in use.")
	clk.Advance(delay)
	if got := attachments(vgwOf(t, c, f.vgw)); !slices.Equal(got, []string{vpc + ":attached"}) {
		t.Fatalf("after the delay: %v", got)
	}
	if out := must[*ec2.AttachVpnGatewayOutput](t)(attach(f.vgw, vpc)); out.VpcAttachment.State != types.AttachmentStatusAttached {
		t.Errorf("attaching again to the same VPC: %+v", out.VpcAttachment)
	}
	_, err = attach(f.vgw, vpc2)
	wantMessage(t, err, "VpnGatewayAttachmentLimitExceeded", "The VPN gateway "+f.vgw+" is already attached to "+vpc+".")
	other := *must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})).VpnGateway.VpnGatewayId
	_, err = attach(other, vpc)
	wantMessage(t, err, "InvalidVpcState", "VPC "+vpc+" is currently attached to the Virtual Private Gateway.")
	err = detach(f.vgw, vpc2)
	wantMessage(t, err, "InvalidVpnGatewayAttachment.NotFound", "The attachment with vpn gateway ID '"+f.vgw+"' and vpc ID '"+vpc2+"' does not exist")
	err = detach(other, vpc)
	wantError(t, err, "InvalidVpnGatewayAttachment.NotFound", 400)

	must[*ec2.DetachVpnGatewayOutput](t)(c.DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpnGatewayId: &f.vgw, VpcId: aws.String(vpc)}))
	if got := attachments(vgwOf(t, c, f.vgw)); !slices.Equal(got, []string{vpc + ":detaching"}) {
		t.Fatalf("detaching: %v", got)
	}
	must[*ec2.DetachVpnGatewayOutput](t)(c.DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpnGatewayId: &f.vgw, VpcId: aws.String(vpc)})) // again: success
	_, err = attach(f.vgw, vpc2)
	wantError(t, err, "IncorrectState", 400)
	clk.Advance(delay)
	if got := attachments(vgwOf(t, c, f.vgw)); !slices.Equal(got, []string{vpc + ":detached"}) || !slices.Equal(byAttachState("detached"), []string{f.vgw}) {
		t.Fatalf("detached: %v", got)
	}
	err = detach(f.vgw, vpc)
	wantError(t, err, "InvalidVpnGatewayAttachment.NotFound", 400)
	// The detached attachment is replaced by the next one.
	must[*ec2.AttachVpnGatewayOutput](t)(attach(other, vpc))
	must[*ec2.AttachVpnGatewayOutput](t)(attach(f.vgw, vpc2))
	clk.Advance(delay)
	if got := attachments(vgwOf(t, c, f.vgw)); !slices.Equal(got, []string{vpc2 + ":attached"}) {
		t.Fatalf("re-attached: %v", got)
	}
	must[*ec2.DetachVpnGatewayOutput](t)(c.DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpnGatewayId: &f.vgw, VpcId: aws.String(vpc2)}))
	clk.Advance(delay)

	// Detached, but a connection uses it.
	v := f.createVpn(t, c, false)
	_, err = c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: &f.vgw})
	wantMessage(t, err, "IncorrectState", "The VPN gateway is in use.")
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: v.VpnConnectionId}))
	clk.Advance(delay)
	must[*ec2.DeleteVpnGatewayOutput](t)(c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: &f.vgw}))
	if g := vgwOf(t, c, f.vgw); g.State != types.VpnStateDeleting {
		t.Fatalf("deleting: %s", g.State)
	}
	_, err = attach(f.vgw, vpc2)
	wantMessage(t, err, "IncorrectState", "The VPN gateway "+f.vgw+" is in invalid state deleting")
	_, err = c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), VpnGatewayId: &f.vgw})
	wantError(t, err, "InvalidVpnGatewayID.NotFound", 400)
	clk.Advance(delay)
	if got := vgwIDs(t, c, &ec2.DescribeVpnGatewaysInput{Filters: filters("state", "deleted")}); !slices.Equal(got, []string{f.vgw}) {
		t.Fatalf("deleted: %v", got)
	}
	clk.Advance(time.Hour)
	_, err = c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{f.vgw}})
	wantError(t, err, "InvalidVpnGatewayID.NotFound", 400)

	for _, tc := range []struct {
		name, code string
		opt        func(*ec2.Options)
		vgw, vpc   string
	}{
		{"missing VpcId", "MissingParameter", editBody(func(v url.Values) { v.Del("VpcId") }), other, vpc},
		{"missing VpnGatewayId", "MissingParameter", editBody(func(v url.Values) { v.Del("VpnGatewayId") }), other, vpc},
		{"malformed vgw", "InvalidVpnGatewayID.Malformed", func(*ec2.Options) {}, "vgw-1", vpc},
		{"malformed vpc", "InvalidVpcID.Malformed", func(*ec2.Options) {}, other, "vpc-nothex!"},
		{"unknown vgw", "InvalidVpnGatewayID.NotFound", func(*ec2.Options) {}, "vgw-0123456789abcdef0", vpc},
		{"unknown vpc", "InvalidVpcID.NotFound", func(*ec2.Options) {}, other, "vpc-0123456789abcdef0"},
	} {
		_, err := e.ec2("us-east-1", "AKIDTEST", tc.opt).AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: &tc.vgw, VpcId: &tc.vpc})
		if code, _ := sdkError(t, err); code != tc.code {
			t.Errorf("attach, %s: %v, want %s", tc.name, err, tc.code)
		}
		_, err = e.ec2("us-east-1", "AKIDTEST", tc.opt).DetachVpnGateway(ctx, &ec2.DetachVpnGatewayInput{VpnGatewayId: &tc.vgw, VpcId: &tc.vpc})
		if code, _ := sdkError(t, err); code != tc.code && !(tc.name == "unknown vgw" && code == "InvalidVpnGatewayID.NotFound") {
			t.Errorf("detach, %s: %v, want %s", tc.name, err, tc.code)
		}
	}
	_, err = c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: aws.String("vgw-0123456789abcdef0")})
	wantMessage(t, err, "InvalidVpnGatewayID.NotFound", "The virtual private gateway ID 'vgw-0123456789abcdef0' does not exist")
}

func newVpc(t *testing.T, c *ec2.Client, cidr string) string {
	t.Helper()
	return *must[*ec2.CreateVpcOutput](t)(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})).Vpc.VpcId
}

// TestVpcs: CreateVpc registers a VPC that DescribeVpcs lists and
// AttachVpnGateway accepts; a VPC the region lacks is InvalidVpcID.NotFound,
// as on AWS; the seed's gateways' VPCs exist.
func TestVpcs(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	out := must[*ec2.CreateVpcOutput](t)(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.9.0.0/16"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpc, Tags: tags("Name", "app")}}})).Vpc
	if out.State != types.VpcStateAvailable || *out.CidrBlock != "10.9.0.0/16" || tagMap(out.Tags)["Name"] != "app" || *out.OwnerId == "" {
		t.Errorf("created %+v", out)
	}
	got := must[*ec2.DescribeVpcsOutput](t)(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: filters("cidr-block", "10.9.0.0/16")})).Vpcs
	if len(got) != 1 || *got[0].VpcId != *out.VpcId {
		t.Errorf("described %+v", got)
	}
	for _, bad := range []string{"10.0.0.0/8", "10.0.0.1/16", "fd00::/56", "x"} {
		_, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(bad)})
		wantError(t, err, "InvalidVpc.Range", 400)
	}
	_, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{})
	wantError(t, err, "MissingParameter", 400)
	_, err = c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{"vpc-0123456789abcdef0"}})
	wantMessage(t, err, "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist")
	vgw := *must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})).VpnGateway.VpnGatewayId
	_, err = c.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: &vgw, VpcId: aws.String("vpc-0123456789abcdef0")})
	wantMessage(t, err, "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist")
	must[*ec2.AttachVpnGatewayOutput](t)(c.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: &vgw, VpcId: out.VpcId}))

	if err := e.sim.Seed(SeedConfig{PerRegion: 8}); err != nil {
		t.Fatal(err)
	}
	gws := must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{})).VpnGateways
	for _, g := range gws {
		for _, a := range g.VpcAttachments {
			if _, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{*a.VpcId}}); err != nil {
				t.Errorf("seeded %s's VPC: %v", *g.VpnGatewayId, err)
			}
		}
	}
}

// TestGatewayWrites_Tags: TagSpecifications on the creates, CreateTags on a
// deleted gateway within retention, and NotFound after it.
func TestGatewayWrites_Tags(t *testing.T) {
	_, clk, c, _ := newLifecycleEnv(t)
	vg := *must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: tags("Name", "v", "Env", "prod")}}})).VpnGateway
	if got := tagMap(vgwOf(t, c, *vg.VpnGatewayId).Tags); len(got) != 2 || got["Env"] != "prod" {
		t.Errorf("tags %v", got)
	}
	_, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: tags("aws:x", "v")}}})
	wantError(t, err, "InvalidParameterValue", 400)
	var many []string
	for i := range 51 {
		many = append(many, fmt.Sprint("k", i), "v")
	}
	_, err = c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("192.0.2.1"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeCustomerGateway, Tags: tags(many...)}}})
	wantError(t, err, "TagLimitExceeded", 400)
	must[*ec2.DeleteVpnGatewayOutput](t)(c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: vg.VpnGatewayId}))
	clk.Advance(delay)
	must[*ec2.CreateTagsOutput](t)(c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*vg.VpnGatewayId}, Tags: tags("Gone", "yes")}))
	clk.Advance(time.Hour)
	_, err = c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*vg.VpnGatewayId}, Tags: tags("Gone", "yes")})
	wantError(t, err, "InvalidVpnGatewayID.NotFound", 400)
}
