package ec2sim

import (
	"net/netip"
	"strconv"
	"unicode/utf8"
)

// Customer gateways: Describe, Create (idempotent) and Delete (refused while a
// connection uses the gateway; a deleted gateway stays listed in state
// deleted for the retention period, as connections do).

func (c *call) describeCustomerGateways() (any, *apiError) {
	ids := c.q.strList("CustomerGatewayId")
	fs := c.q.filters()
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	resp := &customerGatewaysResponse{}
	e := cgwDescribe.matching(c, ids, fs, dry, func(_ *regionState, g *customerGateway) {
		resp.CustomerGateways.Items = append(resp.CustomerGateways.Items, cgwXML(g))
	})
	if e != nil {
		return nil, e
	}
	return resp, nil
}

var cgwDescribe = describeOf[customerGateway]{
	kind:   kindCgw,
	fields: func(*regionState) map[string]fieldFunc[*customerGateway] { return cgwFields },
	tags:   func(g *customerGateway) []tag { return g.x.TagSet.Items },
	all:    func(rs *regionState, c *call) []*customerGateway { return rs.allCgws(c.now, c.s.retention) },
	has:    func(rs *regionState, id string) bool { return rs.cgws.get(id) != nil },
	id:     func(g *customerGateway) string { return g.x.CustomerGatewayID },
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
	if e := validateNewTags(tags); e != nil {
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
	for _, g := range rs.allCgws(c.now, c.s.retention) {
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

func (c *call) deleteCustomerGateway() (any, *apiError) {
	id, e := c.oneID("CustomerGatewayId", kindCgw)
	if e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	g := rs.cgw(id, c.now, c.s.retention)
	if g == nil {
		return nil, notFound(kindCgw, []string{id})
	}
	// Deleting a gateway that is already going succeeds, as for connections.
	if !usable(g.x.State) {
		return &returnResponse{Return: true}, nil
	}
	// "You must delete the VPN connection before you can delete the customer
	// gateway": a connection that is deleting still counts.
	if rs.inUse(c.now, c.s.retention, func(v *vpnConn) bool { return v.cgwID == id }) {
		return nil, errorf("IncorrectState", "The customer gateway is in use.")
	}
	g.startDelete(&g.x.State, c.now, c.s.opts.ProvisionDelay)
	return &returnResponse{Return: true}, nil
}
