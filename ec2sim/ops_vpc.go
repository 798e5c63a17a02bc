package ec2sim

import (
	"net/netip"
)

// VPCs, only as far as virtual private gateways need them: CreateVpc
// registers one, DescribeVpcs lists them, and AttachVpnGateway and
// DetachVpnGateway answer InvalidVpcID.NotFound for a VPC the region does
// not have. The seed registers the VPCs its gateways are attached to.

func (c *call) createVpc() (any, *apiError) {
	q := c.q
	cidr := q.str("CidrBlock")
	dry := q.boolean("DryRun")
	tags := q.tagSpecs("vpc")
	if e := q.done(); e != nil {
		return nil, e
	}
	if cidr == "" {
		return nil, errMissing("CidrBlock")
	}
	// AWS: an IPv4 block between /16 and /28.
	if p, err := netip.ParsePrefix(cidr); err != nil || !p.Addr().Is4() || p.Bits() < 16 || p.Bits() > 28 || p.Masked() != p {
		return nil, errorf("InvalidVpc.Range", "The CIDR '%s' is invalid.", cidr)
	}
	if e := validateNewTags(tags); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	x := xVpc{VpcID: rs.newID(c.s.gen(), "vpc"), State: stateAvailable, CidrBlock: cidr, OwnerID: rs.account,
		InstanceTenancy: "default", TagSet: list[xTag]{Items: tags}}
	rs.vpcs.put(x.VpcID, &vpc{x: x})
	return &vpcResponse{Vpc: x}, nil
}

func (c *call) describeVpcs() (any, *apiError) {
	ids := c.q.strList("VpcId")
	fs := c.q.filters()
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	resp := &vpcsResponse{}
	e := vpcDescribe.matching(c, ids, fs, dry, func(_ *regionState, v *vpc) {
		resp.Vpcs.Items = append(resp.Vpcs.Items, v.x)
	})
	if e != nil {
		return nil, e
	}
	return resp, nil
}

var vpcDescribe = describeOf[vpc]{
	kind:   kindVpc,
	fields: func(*regionState) map[string]fieldFunc[*vpc] { return vpcFields },
	tags:   func(v *vpc) []tag { return v.x.TagSet.Items },
	all:    func(rs *regionState, _ *call) []*vpc { return rs.vpcs.all() },
	has:    func(rs *regionState, id string) bool { return rs.vpcs.get(id) != nil },
	id:     func(v *vpc) string { return v.x.VpcID },
}

var vpcFields = map[string]fieldFunc[*vpc]{
	"cidr-block": func(v *vpc) []string { return one(v.x.CidrBlock) },
	"owner-id":   func(v *vpc) []string { return one(v.x.OwnerID) },
	"state":      func(v *vpc) []string { return one(v.x.State) },
	"vpc-id":     func(v *vpc) []string { return one(v.x.VpcID) },
}

// knowVpc registers a VPC id the seed uses (with a /16 of 10.0.0.0/8).
func (rs *regionState) knowVpc(id string, n int) {
	if rs.vpcs.get(id) != nil {
		return
	}
	cidr := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(n), 0, 0}), 16).String()
	rs.vpcs.put(id, &vpc{x: xVpc{VpcID: id, State: stateAvailable, CidrBlock: cidr, OwnerID: rs.account,
		InstanceTenancy: "default", TagSet: list[xTag]{Items: []tag{}}}})
}
