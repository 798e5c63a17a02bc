package ec2sim

import (
	"net/netip"
	"strconv"
	"unicode/utf8"
)

// Customer gateways and virtual private gateways: Describe and Create.

func (c *call) describeCustomerGateways() (any, *apiError) {
	ids := c.q.strList("CustomerGatewayId")
	fs := c.q.filters()
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	if e := checkIDs(kindCgw, ids...); e != nil {
		return nil, e
	}
	match, e := compileFilters(fs, cgwFields, func(g *customerGateway) []tag { return g.x.TagSet.Items })
	if e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	if missing := missingIDs(ids, func(id string) bool { return rs.cgws.get(id) != nil }); missing != nil {
		return nil, notFound(kindCgw, missing)
	}
	resp := &customerGatewaysResponse{}
	for _, g := range selectByID(rs.cgws.all(), ids, func(g *customerGateway) string { return g.x.CustomerGatewayID }) {
		if match(g) {
			resp.CustomerGateways.Items = append(resp.CustomerGateways.Items, cgwXML(g))
		}
	}
	return resp, nil
}

var cgwFields = map[string]fieldFunc[*customerGateway]{
	"bgp-asn":             func(g *customerGateway) []string { return []string{g.x.BgpAsn, g.x.BgpAsnExtended} },
	"customer-gateway-id": func(g *customerGateway) []string { return one(g.x.CustomerGatewayID) },
	"ip-address":          func(g *customerGateway) []string { return one(g.x.IPAddress) },
	"state":               func(g *customerGateway) []string { return one(g.x.State) },
	"type":                func(g *customerGateway) []string { return one(g.x.Type) },
}

func (c *call) createCustomerGateway() (any, *apiError) {
	q := c.q
	typ := q.str("Type")
	asn, asnExt := q.int64p("BgpAsn"), q.int64p("BgpAsnExtended")
	ip, publicIP := q.str("IpAddress"), q.str("PublicIp")
	cert, device := q.str("CertificateArn"), q.str("DeviceName")
	dry := q.boolean("DryRun")
	tags := q.tagSpecs("customer-gateway")
	if e := q.done(); e != nil {
		return nil, e
	}
	ip = or(ip, publicIP)
	switch {
	case typ == "":
		return nil, errMissing("Type")
	case typ != "ipsec.1":
		return nil, errInvalidValue("Type", typ)
	case asn != nil && asnExt != nil:
		return nil, errorf("InvalidParameterCombination", "Specify either BgpAsn or BgpAsnExtended, not both.")
	case asn != nil && (*asn < 1 || *asn > 2147483647):
		return nil, errInvalidValue("BgpAsn", strconv.FormatInt(*asn, 10))
	case asnExt != nil && (*asnExt < 2147483648 || *asnExt > 4294967295):
		return nil, errInvalidValue("BgpAsnExtended", strconv.FormatInt(*asnExt, 10))
	case ip == "" && cert == "":
		return nil, errMissing("IpAddress")
	case utf8.RuneCountInString(device) > 255:
		return nil, errInvalidValue("DeviceName", device)
	}
	if ip != "" {
		if _, err := netip.ParseAddr(ip); err != nil {
			return nil, errInvalidValue("IpAddress", ip)
		}
	}
	if e := validateTags(tags); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	x := xCustomerGateway{State: stateAvailable, Type: typ, IPAddress: ip, CertificateArn: cert,
		DeviceName: device, BgpAsn: "65000", TagSet: list[xTag]{Items: tags}}
	switch {
	case asn != nil:
		x.BgpAsn = strconv.FormatInt(*asn, 10)
	case asnExt != nil:
		x.BgpAsn, x.BgpAsnExtended = "", strconv.FormatInt(*asnExt, 10)
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	// "An identical request returns information about the existing customer
	// gateway; it doesn't create a new customer gateway."
	for _, g := range rs.cgws.all() {
		o := g.x
		if o.State == stateAvailable && o.Type == x.Type && o.IPAddress == x.IPAddress && o.BgpAsn == x.BgpAsn &&
			o.BgpAsnExtended == x.BgpAsnExtended && o.DeviceName == x.DeviceName && o.CertificateArn == x.CertificateArn {
			return &customerGatewayResponse{CustomerGateway: cgwXML(g)}, nil
		}
	}
	x.CustomerGatewayID = rs.newID(c.s.gen(), "cgw")
	g := &customerGateway{x: x}
	rs.cgws.put(x.CustomerGatewayID, g)
	return &customerGatewayResponse{CustomerGateway: cgwXML(g)}, nil
}

func (c *call) describeVpnGateways() (any, *apiError) {
	ids := c.q.strList("VpnGatewayId")
	fs := c.q.filters()
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	if e := checkIDs(kindVgw, ids...); e != nil {
		return nil, e
	}
	match, e := compileFilters(fs, vgwFields, func(g *vpnGateway) []tag { return g.x.TagSet.Items })
	if e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	if missing := missingIDs(ids, func(id string) bool { return rs.vgws.get(id) != nil }); missing != nil {
		return nil, notFound(kindVgw, missing)
	}
	resp := &vpnGatewaysResponse{}
	for _, g := range selectByID(rs.vgws.all(), ids, func(g *vpnGateway) string { return g.x.VpnGatewayID }) {
		if match(g) {
			resp.VpnGateways.Items = append(resp.VpnGateways.Items, vgwXML(g))
		}
	}
	return resp, nil
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
	if e := validateTags(tags); e != nil {
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
