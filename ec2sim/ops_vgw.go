package ec2sim

import (
	"strconv"
)

// Virtual private gateways: Describe, Create, Delete (refused while attached
// to a VPC or used by a connection), AttachVpnGateway and DetachVpnGateway
// (attaching -> attached, detaching -> detached over ProvisionDelay) to a
// VPC the region has (ops_vpc.go).

func (c *call) describeVpnGateways() (any, *apiError) {
	ids := c.q.strList("VpnGatewayId")
	fs := c.q.filters()
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	resp := &vpnGatewaysResponse{}
	e := vgwDescribe.matching(c, ids, fs, dry, func(_ *regionState, g *vpnGateway) {
		resp.VpnGateways.Items = append(resp.VpnGateways.Items, vgwXML(g))
	})
	if e != nil {
		return nil, e
	}
	return resp, nil
}

var vgwDescribe = describeOf[vpnGateway]{
	kind:   kindVgw,
	fields: func(*regionState) map[string]fieldFunc[*vpnGateway] { return vgwFields },
	tags:   func(g *vpnGateway) []tag { return g.x.TagSet.Items },
	all:    func(rs *regionState, c *call) []*vpnGateway { return rs.allVgws(c.now, c.s.retention) },
	has:    func(rs *regionState, id string) bool { return rs.vgws.get(id) != nil },
	id:     func(g *vpnGateway) string { return g.x.VpnGatewayID },
}

var vgwFields = map[string]fieldFunc[*vpnGateway]{
	"amazon-side-asn": func(g *vpnGateway) []string { return []string{strconv.FormatInt(g.x.AmazonSideAsn, 10)} },
	"attachment.state": func(g *vpnGateway) []string {
		var out []string
		for _, a := range g.x.Attachments.Items {
			out = append(out, a.State)
		}
		return out
	},
	"attachment.vpc-id": func(g *vpnGateway) []string {
		var out []string
		for _, a := range g.x.Attachments.Items {
			out = append(out, a.VpcID)
		}
		return out
	},
	"availability-zone": func(g *vpnGateway) []string { return one(g.x.AvailabilityZone) },
	"state":             func(g *vpnGateway) []string { return one(g.x.State) },
	"type":              func(g *vpnGateway) []string { return one(g.x.Type) },
	"vpn-gateway-id":    func(g *vpnGateway) []string { return one(g.x.VpnGatewayID) },
}

// validAmazonASN: a private 2-byte or 4-byte ASN, as CreateVpnGateway and
// CreateTransitGateway require.
func validAmazonASN(n int64) bool {
	return n >= 64512 && n <= 65534 || n >= 4200000000 && n <= 4294967294
}

func (c *call) createVpnGateway() (any, *apiError) {
	q := c.q
	typ, az := q.str("Type"), q.str("AvailabilityZone")
	asn := q.int64p("AmazonSideAsn")
	dry := q.boolean("DryRun")
	tags := q.tagSpecs("vpn-gateway")
	if e := q.done(); e != nil {
		return nil, e
	}
	switch {
	case typ == "":
		return nil, errMissing("Type")
	case typ != "ipsec.1":
		return nil, errInvalidValue("Type", typ)
	case asn != nil && !validAmazonASN(*asn):
		return nil, errInvalidValue("AmazonSideAsn", strconv.FormatInt(*asn, 10))
	case az != "" && (len(az) != len(c.region)+1 || az[:len(c.region)] != c.region || az[len(az)-1] < 'a' || az[len(az)-1] > 'f'):
		return nil, errorf("InvalidParameterValue", "Invalid availability zone: [%s]", az)
	}
	if e := validateNewTags(tags); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	x := xVpnGateway{VpnGatewayID: rs.newID(c.s.gen(), "vgw"), State: stateAvailable, Type: typ,
		AvailabilityZone: az, AmazonSideAsn: 64512, TagSet: list[xTag]{Items: tags}}
	if asn != nil {
		x.AmazonSideAsn = *asn
	}
	g := &vpnGateway{x: x}
	rs.vgws.put(x.VpnGatewayID, g)
	return &vpnGatewayResponse{VpnGateway: vgwXML(g)}, nil
}

// lockVgwAndVpc is AttachVpnGateway's and DetachVpnGateway's common
// start: their input checked, the gateway found with its region locked
// (the caller unlocks rs.mu), and the VPC known in that region.
func (c *call) lockVgwAndVpc() (rs *regionState, g *vpnGateway, vgwID, vpcID string, e *apiError) {
	if vgwID, vpcID, e = c.vgwAndVpc(); e != nil {
		return nil, nil, "", "", e
	}
	if rs, g, e = c.lockVgw(vgwID); e != nil {
		return nil, nil, "", "", e
	}
	if rs.vpcs.get(vpcID) == nil {
		rs.mu.Unlock()
		return nil, nil, "", "", notFound(kindVpc, []string{vpcID})
	}
	return rs, g, vgwID, vpcID, nil
}

// vgwAndVpc reads the VpnGatewayId and VpcId of AttachVpnGateway and
// DetachVpnGateway and runs their input checks.
func (c *call) vgwAndVpc() (vgwID, vpcID string, e *apiError) {
	vpcID, vgwID = c.q.str("VpcId"), c.q.str("VpnGatewayId")
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return "", "", e
	}
	switch {
	case vpcID == "":
		return "", "", errMissing("VpcId")
	case vgwID == "":
		return "", "", errMissing("VpnGatewayId")
	}
	if e := checkIDs(kindVgw, vgwID); e != nil {
		return "", "", e
	}
	if e := checkIDs(kindVpc, vpcID); e != nil {
		return "", "", e
	}
	return vgwID, vpcID, c.authorize(dry)
}

func (c *call) attachVpnGateway() (any, *apiError) {
	rs, g, vgwID, vpcID, e := c.lockVgwAndVpc()
	if e != nil {
		return nil, e
	}
	defer rs.mu.Unlock()
	if g.x.State != stateAvailable {
		return nil, errorf("IncorrectState", "The VPN gateway %s is in invalid state %s", vgwID, g.x.State)
	}
	if a := g.attachment(); g.attached() {
		switch {
		case a.VpcID == vpcID && a.State != attachDetaching: // already (being) attached there
			return &attachVpnGatewayResponse{Attachment: *a}, nil
		case a.State == attachDetaching:
			return nil, errorf("IncorrectState", "The VPN gateway %s is detaching from %s; wait until it is detached.", vgwID, a.VpcID)
		default:
			return nil, errorf("VpnGatewayAttachmentLimitExceeded", "The VPN gateway %s is already attached to %s.", vgwID, a.VpcID)
		}
	}
	for _, o := range rs.allVgws(c.now, c.s.retention) {
		if a := o.attachment(); o.attached() && a.VpcID == vpcID {
			return nil, errorf("InvalidVpcState", "VPC %s is currently attached to the Virtual Private Gateway.", vpcID)
		}
	}
	g.x.Attachments.Items = []xVpcAttachment{{VpcID: vpcID, State: attachAttaching}}
	g.attachReadyAt = c.now.Add(c.s.opts.ProvisionDelay)
	g.advance(c.now, -1)
	return &attachVpnGatewayResponse{Attachment: *g.attachment()}, nil
}

func (c *call) detachVpnGateway() (any, *apiError) {
	rs, g, vgwID, vpcID, e := c.lockVgwAndVpc()
	if e != nil {
		return nil, e
	}
	defer rs.mu.Unlock()
	a := g.attachment()
	if !g.attached() || a.VpcID != vpcID {
		return nil, errorf("InvalidVpnGatewayAttachment.NotFound", "The attachment with vpn gateway ID '%s' and vpc ID '%s' does not exist", vgwID, vpcID)
	}
	if a.State != attachDetaching { // detaching again while it goes succeeds
		a.State = attachDetaching
		g.attachReadyAt = c.now.Add(c.s.opts.ProvisionDelay)
		g.advance(c.now, -1)
	}
	return &returnResponse{Return: true}, nil
}

func (c *call) deleteVpnGateway() (any, *apiError) {
	id, e := c.oneID("VpnGatewayId", kindVgw)
	if e != nil {
		return nil, e
	}
	rs, g, e := c.lockVgw(id)
	if e != nil {
		return nil, e
	}
	defer rs.mu.Unlock()
	if !usable(g.x.State) {
		return &returnResponse{Return: true}, nil
	}
	// "You must first detach the virtual private gateway from the VPC"; AWS
	// words both that and a connection still on it the same way.
	if g.attached() || rs.inUse(c.now, c.s.retention, func(v *vpnConn) bool { return v.vgwID == id }) {
		return nil, errorf("IncorrectState", "The VPN gateway is in use.")
	}
	g.startDelete(&g.x.State, c.now, c.s.opts.ProvisionDelay)
	return &returnResponse{Return: true}, nil
}

// lockVgw locks the call's region and finds a VPN gateway in it; the
// caller unlocks. A gateway that is not there leaves the region unlocked.
func (c *call) lockVgw(id string) (*regionState, *vpnGateway, *apiError) {
	rs := c.lock()
	g := rs.vgw(id, c.now, c.s.retention)
	if g == nil {
		rs.mu.Unlock()
		return nil, nil, notFound(kindVgw, []string{id})
	}
	return rs, g, nil
}
