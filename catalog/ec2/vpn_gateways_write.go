package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Writes to ec2.vpn_gateways, onto the API (write.go does the rest):
//
//	INSERT  CreateVpnGateway per row: type (required), amazonSideAsn,
//	        availabilityZone, tags
//	UPDATE  tags only (DeleteTags, CreateTags)
//	DELETE  DeleteVpnGateway per row. A gateway still attached to a VPC
//	        is 55000, since EC2 deletes only a detached gateway; one a live
//	        connection uses is 23503 (the foreign key
//	        vpn_connections_vpnGatewayId_fkey, write_references.go).
//
// The VPC attachment changes with the functions ec2.vpn_gateway_attach and
// ec2.vpn_gateway_detach (AttachVpnGateway, DetachVpnGateway), which
// return the gateway as it is afterwards. User documentation:
// docs/writes.md.
var vpnGatewayWrites = &writeMapping[types.VpnGateway]{
	title:        "virtual private gateway",
	noun:         "gateway",
	create:       createVPNGateway,
	tagType:      types.ResourceTypeVpnGateway,
	createdState: "pending",
	delete:       deleteVPNGatewayCall,
	fixed: map[string]string{
		"vpnGatewayId":     "AWS assigns the id of a virtual private gateway.",
		"amazonSideAsn":    "The Amazon side ASN is chosen when the gateway is created: INSERT a new gateway.",
		"availabilityZone": "The Availability Zone is chosen when the gateway is created: INSERT a new gateway.",
		"state":            "AWS reports the state; DELETE deletes a gateway.",
		"type":             "ipsec.1 is the only type.",
		"vpcAttachments":   "Attach and detach a VPC with ec2.vpn_gateway_attach(vpn_gateway_id, vpc_id) and ec2.vpn_gateway_detach(vpn_gateway_id, vpc_id).",
		"region":           "A gateway cannot move between regions: INSERT a new one and DELETE the old.",
		"accountId":        "A gateway cannot move between accounts: INSERT a new one and DELETE the old.",
	},
	gone:         []string{"deleting", "deleted"},
	refuseDelete: refuseAttachedDelete,
	// EC2's IncorrectState after both checks passed is most often a
	// connection still deleting, which EC2 counts as a use: 23503, as for
	// customer gateways.
	inUse: "IncorrectState",
}

// createVPNGateway maps one INSERT row onto CreateVpnGateway.
func createVPNGateway(v *rowValues, tags []types.TagSpecification) (apiCall, error) {
	in := &ec2.CreateVpnGatewayInput{
		AvailabilityZone:  v.text("availabilityZone"),
		TagSpecifications: tags,
	}
	typ := v.text("type")
	if typ == nil {
		return apiCall{}, pgerr.New(pgerr.NotNullViolation, "null value in column \"type\" of relation \"vpn_gateways\" violates not-null constraint").
			WithDetail("CreateVpnGateway requires Type (ipsec.1).")
	}
	in.Type = types.GatewayType(*typ)
	if asn, _ := v.get("amazonSideAsn"); asn != nil {
		n, ok := asn.(int64)
		if !ok {
			return apiCall{}, pgerr.New(pgerr.InvalidParameterValue, "amazonSideAsn must be a bigint, not %T", asn)
		}
		in.AmazonSideAsn = aws.Int64(n)
	}
	return apiCall{action: "CreateVpnGateway", what: "CreateVpnGateway", input: in,
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			x := *in
			x.DryRun = dry
			out, err := c.CreateVpnGateway(ctx, &x, writeOptions)
			if err != nil {
				return nil, err
			}
			return out.VpnGateway, nil
		}}, nil
}

func deleteVPNGatewayCall(id string) apiCall {
	return apiCall{action: "DeleteVpnGateway", what: "DeleteVpnGateway " + id,
		input: &ec2.DeleteVpnGatewayInput{VpnGatewayId: aws.String(id)},
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			_, err := c.DeleteVpnGateway(ctx, &ec2.DeleteVpnGatewayInput{VpnGatewayId: aws.String(id), DryRun: dry}, writeOptions)
			return nil, err
		}}
}

// refuseAttachedDelete refuses to delete a gateway whose row shows a VPC
// attachment that is not detached: EC2 would answer IncorrectState ("The
// VPN gateway is in use."), the same words as for a connection using it.
// PostgreSQL reports an object in the wrong state for an operation as
// 55000 object_not_in_prerequisite_state.
func refuseAttachedDelete(id string, get func(string) any) error {
	list, _ := jsonValue(get("vpcAttachments")).([]any)
	for _, el := range list {
		a, _ := el.(map[string]any)
		vpc, _ := a["vpcId"].(string)
		state, _ := a["state"].(string)
		if state == string(types.AttachmentStatusDetached) {
			continue
		}
		e := pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cannot delete virtual private gateway %q because it is attached to VPC %q", id, vpc).
			WithDetail("Its attachment to %s is %s; EC2 deletes only a virtual private gateway detached from every VPC.", vpc, state)
		if state == string(types.AttachmentStatusDetaching) {
			return e.WithHint("Wait until vpcAttachments shows the attachment detached, then DELETE again.")
		}
		return e.WithHint("Detach it first: SELECT * FROM ec2.vpn_gateway_detach('%s', '%s'); then DELETE once vpcAttachments shows it detached.", id, vpc)
	}
	return nil
}

// The VPC attachment, as functions in schema ec2 that make exactly the one
// call they name and return the gateway as it is afterwards:
//
//	SELECT * FROM ec2.vpn_gateway_attach('vgw-…', 'vpc-…');
//	SELECT * FROM ec2.vpn_gateway_detach('vgw-…', 'vpc-…');
//
// The gateway is found by id in every served region and account.
var vpnGatewayMethods = []method{
	{name: "vpn_gateway_attach",
		params: []catalog.Param{{Name: "vpn_gateway_id", Type: value.Text}, {Name: "vpc_id", Type: value.Text}},
		doc:    "AttachVpnGateway: attaches the virtual private gateway to a VPC (one VPC at a time); the attachment is attaching, then attached.",
		calls: func(id string, args []any) ([]apiCall, error) {
			vpc, err := vpcArg(args[1])
			if err != nil {
				return nil, err
			}
			in := &ec2.AttachVpnGatewayInput{VpnGatewayId: aws.String(id), VpcId: aws.String(vpc)}
			return []apiCall{{action: "AttachVpnGateway", what: "AttachVpnGateway " + vpc, input: in,
				run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
					x := *in
					x.DryRun = dry
					_, err := c.AttachVpnGateway(ctx, &x, writeOptions)
					return nil, err
				}}}, nil
		}},
	{name: "vpn_gateway_detach",
		params: []catalog.Param{{Name: "vpn_gateway_id", Type: value.Text}, {Name: "vpc_id", Type: value.Text}},
		doc:    "DetachVpnGateway: detaches the virtual private gateway from a VPC; the attachment is detaching, then detached.",
		calls: func(id string, args []any) ([]apiCall, error) {
			vpc, err := vpcArg(args[1])
			if err != nil {
				return nil, err
			}
			in := &ec2.DetachVpnGatewayInput{VpnGatewayId: aws.String(id), VpcId: aws.String(vpc)}
			return []apiCall{{action: "DetachVpnGateway", what: "DetachVpnGateway " + vpc, input: in,
				run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
					x := *in
					x.DryRun = dry
					_, err := c.DetachVpnGateway(ctx, &x, writeOptions)
					return nil, err
				}}}, nil
		}},
}

// vpcArg reads the vpc_id argument, which must be given.
func vpcArg(v any) (string, error) {
	s, ok := v.(string)
	if !ok || s == "" {
		return "", pgerr.New(pgerr.NullValueNotAllowed, "vpc_id must not be null or empty").
			WithDetail("The VPC to attach or detach is required.")
	}
	return s, nil
}
