package ec2sim

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// DescribeVpnConnections, CreateVpnConnection, DeleteVpnConnection.

func (c *call) describeVpnConnections() (any, *apiError) {
	q := c.q
	ids := q.strList("VpnConnectionId")
	fs := q.filters()
	dry := q.boolean("DryRun")
	if e := q.done(); e != nil {
		return nil, e
	}
	resp := &vpnConnectionsResponse{}
	e := vpnDescribe.matching(c, ids, fs, dry, func(rs *regionState, v *vpnConn) {
		resp.VpnConnections.Items = append(resp.VpnConnections.Items, rs.vpnXML(v, false))
	})
	if e != nil {
		return nil, e
	}
	return resp, nil
}

var vpnDescribe = describeOf[vpnConn]{
	kind:   kindVpn,
	fields: (*regionState).vpnFields,
	tags:   func(v *vpnConn) []tag { return v.tags },
	all:    func(rs *regionState, c *call) []*vpnConn { return rs.allVpns(c.now, c.s.retention) },
	has:    func(rs *regionState, id string) bool { return rs.vpns.get(id) != nil },
	id:     func(v *vpnConn) string { return v.id },
}

// vpnFields are the DescribeVpnConnections filters (besides the tag ones).
// Called with rs.mu held when the predicate runs.
func (rs *regionState) vpnFields() map[string]fieldFunc[*vpnConn] {
	return map[string]fieldFunc[*vpnConn]{
		"customer-gateway-configuration": func(v *vpnConn) []string {
			switch v.state {
			case statePending, stateAvailable, stateModifying:
				return []string{rs.configFor(v)}
			}
			return nil
		},
		"customer-gateway-id": func(v *vpnConn) []string { return one(v.cgwID) },
		"state":               func(v *vpnConn) []string { return one(v.state) },
		"option.static-routes-only": func(v *vpnConn) []string {
			return []string{strconv.FormatBool(v.opts.StaticRoutesOnly)}
		},
		"route.destination-cidr-block": func(v *vpnConn) []string {
			out := make([]string, len(v.routes))
			for i, r := range v.routes {
				out[i] = r.cidr
			}
			return out
		},
		"bgp-asn": func(v *vpnConn) []string {
			if g := rs.cgws.get(v.cgwID); g != nil {
				return []string{g.x.BgpAsn, g.x.BgpAsnExtended}
			}
			return nil
		},
		"type":               func(v *vpnConn) []string { return one(v.typ) },
		"vpn-connection-id":  func(v *vpnConn) []string { return one(v.id) },
		"vpn-gateway-id":     func(v *vpnConn) []string { return one(v.vgwID) },
		"transit-gateway-id": func(v *vpnConn) []string { return one(v.tgwID) },
	}
}

func (c *call) createVpnConnection() (any, *apiError) {
	q := c.q
	cgwID, typ := q.str("CustomerGatewayId"), q.str("Type")
	vgwID, tgwID := q.str("VpnGatewayId"), q.str("TransitGatewayId")
	concentrator := q.str("VpnConcentratorId")
	pskStorage := q.str("PreSharedKeyStorage")
	dry := q.boolean("DryRun")
	tags := q.tagSpecs("vpn-connection")
	opts, specs := q.connOptions()
	if e := q.done(); e != nil {
		return nil, e
	}
	switch {
	case cgwID == "":
		return nil, errMissing("CustomerGatewayId")
	case typ == "":
		return nil, errMissing("Type")
	case typ != "ipsec.1":
		return nil, errInvalidValue("Type", typ)
	case vgwID != "" && tgwID != "":
		return nil, errorf("InvalidParameterCombination", "The request must not contain both parameter vpnGatewayId and transitGatewayId")
	case pskStorage != "" && pskStorage != "Standard" && pskStorage != "SecretsManager":
		return nil, errInvalidValue("PreSharedKeyStorage", pskStorage)
	}
	if e := checkIDs(kindCgw, cgwID); e != nil {
		return nil, e
	}
	if e := checkIDs(kindVgw, vgwID); e != nil {
		return nil, e
	}
	if e := checkIDs(kindTgw, tgwID); e != nil {
		return nil, e
	}
	if e := validateConnOptions(&opts, specs, vgwID != ""); e != nil {
		return nil, e
	}
	if e := validateNewTags(tags); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}

	rs := c.lock()
	defer rs.mu.Unlock()
	if !rs.cgwUsable(cgwID, c.now, c.s.retention) {
		return nil, notFound(kindCgw, []string{cgwID})
	}
	if vgwID != "" && !rs.vgwUsable(vgwID, c.now, c.s.retention) {
		return nil, notFound(kindVgw, []string{vgwID})
	}
	if tgwID != "" {
		t := rs.tgw(tgwID, c.now)
		if t == nil {
			return nil, notFound(kindTgw, []string{tgwID})
		}
		if t.x.State != stateAvailable {
			return nil, errorf("IncorrectState", "Transit Gateway %s is in invalid state %s", tgwID, t.x.State)
		}
	}
	all := rs.allVpns(c.now, c.s.retention)
	live := 0
	for _, v := range all {
		if v.state == stateDeleting || v.state == stateDeleted {
			continue
		}
		// CreateVpnConnection is idempotent: the same customer gateway and
		// target gateway give back the existing connection.
		if v.cgwID == cgwID && (vgwID != "" && v.vgwID == vgwID || tgwID != "" && v.tgwID == tgwID) {
			return &vpnConnectionResponse{VpnConnection: rs.vpnXML(v, true)}, nil
		}
		live++
	}
	if c.s.quota > 0 && live >= c.s.quota {
		return nil, errorf("VpnConnectionLimitExceeded", "You've reached the limit on the number of VPN connections that you can create (%d).", c.s.quota)
	}
	if e := rs.checkInsideCidrsFree(specs, vgwID+tgwID, ""); e != nil {
		return nil, e
	}
	g := c.s.gen()
	v := &vpnConn{
		id: rs.newID(g, "vpn"), typ: typ, category: "VPN",
		cgwID: cgwID, vgwID: vgwID, tgwID: tgwID, concentratorID: concentrator,
		opts: opts, tags: tags, bgpRoutes: 1,
		routes: []route{},
	}
	v.assoc = assocNotAssociated
	if v.hasGateway() {
		v.assoc = assocAssociated
	}
	if pskStorage == "SecretsManager" {
		v.preSharedKeyArn = fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:vpn-psk-%s-%06x", c.region, c.account, v.id, g.next()&0xffffff)
	}
	for i := range tunnelsPerConnection {
		var s tunnelSpec
		if i < len(specs) {
			s = specs[i]
		}
		v.tunnels = append(v.tunnels, rs.newTunnel(g, v, s))
	}
	v.tunnelsDown(c.now, c.now.Add(c.s.opts.ProvisionDelay))
	v.transition(statePending, c.now, c.s.opts.ProvisionDelay)
	rs.vpns.put(v.id, v)
	return &vpnConnectionResponse{VpnConnection: rs.vpnXML(v, true)}, nil
}

// newTunnel completes a caller's tunnel options with what AWS picks: the
// outside address, an inside CIDR and a pre-shared key.
func (rs *regionState) newTunnel(g *gen, v *vpnConn, s tunnelSpec) tunnel {
	if v.opts.InsideIPVersion == "ipv6" {
		if s.InsideIpv6Cidr == "" {
			s.InsideIpv6Cidr = g.insideIpv6Cidr()
		}
	} else if s.InsideCidr == "" {
		for s.InsideCidr == "" || rs.insideCidrUsed(s.InsideCidr, v.vgwID+v.tgwID, v.id) {
			s.InsideCidr = g.insideCidr()
		}
	}
	if v.preSharedKeyArn != "" {
		s.PreSharedKey = ""
	} else if s.PreSharedKey == "" {
		s.PreSharedKey = g.psk()
	}
	ip := g.outsideIP(v.opts.OutsideIPAddressType)
	for rs.outsideIPs[ip] {
		ip = g.outsideIP(v.opts.OutsideIPAddressType)
	}
	rs.outsideIPs[ip] = true
	t := tunnel{spec: s, outsideIP: ip, status: tunnelDown}
	// With certificate authentication each AWS tunnel endpoint has its own
	// certificate.
	if c := rs.cgws.get(v.cgwID); c != nil && c.x.CertificateArn != "" {
		t.certificateArn = fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", rs.region, rs.account, g.uuid())
	}
	return t
}

// newID returns an id of prefix not used in rs.
func (rs *regionState) newID(g *gen, prefix string) string {
	for {
		id := g.id(prefix)
		if rs.vpns.get(id) == nil && rs.cgws.get(id) == nil && rs.vgws.get(id) == nil && rs.tgws.get(id) == nil && rs.vpcs.get(id) == nil {
			return id
		}
	}
}

// insideCidrUsed: tunnel inside CIDRs must be unique among the connections
// on one gateway (other than the connection except).
func (rs *regionState) insideCidrUsed(cidr, gateway, except string) bool {
	if gateway == "" {
		return false
	}
	for _, v := range rs.vpns.all() {
		if v.id == except || v.state == stateDeleted || v.vgwID+v.tgwID != gateway {
			continue
		}
		for _, t := range v.tunnels {
			if t.spec.InsideCidr == cidr {
				return true
			}
		}
	}
	return false
}

func (rs *regionState) checkInsideCidrsFree(specs []tunnelSpec, gateway, except string) *apiError {
	for _, s := range specs {
		if s.InsideCidr != "" && rs.insideCidrUsed(s.InsideCidr, gateway, except) {
			return errorf("InvalidParameterValue", "The tunnel inside CIDR %s is already in use by another VPN connection on gateway %s.", s.InsideCidr, gateway)
		}
	}
	return nil
}

func (c *call) deleteVpnConnection() (any, *apiError) {
	id, e := c.oneID("VpnConnectionId", kindVpn)
	if e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	v := rs.vpn(id, c.now, c.s.retention)
	if v == nil {
		return nil, notFound(kindVpn, []string{id})
	}
	// Deleting a connection that is already going is a success, as on AWS
	// while it is still listed.
	if v.state != stateDeleting && v.state != stateDeleted {
		v.tunnelsDown(c.now, time.Time{})
		v.transition(stateDeleting, c.now, c.s.opts.ProvisionDelay)
	}
	return &returnResponse{Return: true}, nil
}

// connOptions reads Options.* of CreateVpnConnection.
func (q *query) connOptions() (connOptions, []tunnelSpec) {
	o := connOptions{
		EnableAcceleration:    q.boolean("Options.EnableAcceleration"),
		StaticRoutesOnly:      q.boolean("Options.StaticRoutesOnly"),
		LocalIpv4:             q.str("Options.LocalIpv4NetworkCidr"),
		RemoteIpv4:            q.str("Options.RemoteIpv4NetworkCidr"),
		LocalIpv6:             q.str("Options.LocalIpv6NetworkCidr"),
		RemoteIpv6:            q.str("Options.RemoteIpv6NetworkCidr"),
		OutsideIPAddressType:  q.str("Options.OutsideIpAddressType"),
		TransportAttachmentID: q.str("Options.TransportTransitGatewayAttachmentId"),
		InsideIPVersion:       q.str("Options.TunnelInsideIpVersion"),
		Bandwidth:             q.str("Options.TunnelBandwidth"),
	}
	var specs []tunnelSpec
	for _, n := range q.indices("Options.TunnelOptions") {
		specs = append(specs, q.tunnelSpec("Options.TunnelOptions."+strconv.Itoa(n)+"."))
	}
	return o, specs
}

// validateConnOptions checks the connection options and fills in AWS's
// defaults. Acceleration, IPv6 tunnels, large bandwidth and private outside
// addresses need a transit gateway (or Cloud WAN), not a VGW.
func validateConnOptions(o *connOptions, specs []tunnelSpec, onVGW bool) *apiError {
	if o.InsideIPVersion == "" {
		o.InsideIPVersion = "ipv4"
	}
	if o.OutsideIPAddressType == "" {
		o.OutsideIPAddressType = "PublicIpv4"
	}
	if o.Bandwidth == "" {
		o.Bandwidth = "standard"
	}
	ipv6 := o.InsideIPVersion == "ipv6"
	switch {
	case !slices.Contains([]string{"ipv4", "ipv6"}, o.InsideIPVersion):
		return errInvalidValue("TunnelInsideIpVersion", o.InsideIPVersion)
	case !slices.Contains([]string{"PrivateIpv4", "PublicIpv4", "Ipv6"}, o.OutsideIPAddressType):
		return errInvalidValue("OutsideIpAddressType", o.OutsideIPAddressType)
	case !slices.Contains([]string{"standard", "large"}, o.Bandwidth):
		return errInvalidValue("TunnelBandwidth", o.Bandwidth)
	case o.OutsideIPAddressType == "PrivateIpv4" && o.TransportAttachmentID == "":
		return errMissing("TransportTransitGatewayAttachmentId")
	case ipv6 && (o.LocalIpv4 != "" || o.RemoteIpv4 != ""), !ipv6 && (o.LocalIpv6 != "" || o.RemoteIpv6 != ""):
		return errorf("InvalidParameterCombination", "The network CIDRs must match TunnelInsideIpVersion %s.", o.InsideIPVersion)
	case len(specs) > 2:
		return errorf("InvalidParameterValue", "A VPN connection has two tunnels; %d tunnel options were given.", len(specs))
	case len(specs) == 2 && specs[0].InsideCidr != "" && specs[0].InsideCidr == specs[1].InsideCidr:
		return errorf("InvalidParameterValue", "The tunnel inside CIDRs of the two tunnels must differ.")
	}
	if onVGW {
		switch {
		case o.EnableAcceleration:
			return errorf("InvalidParameterValue", "Acceleration is only supported for VPN connections on a transit gateway.")
		case ipv6:
			return errorf("InvalidParameterValue", "IPv6 tunnels are only supported for VPN connections on a transit gateway.")
		case o.Bandwidth == "large":
			return errorf("InvalidParameterValue", "Large tunnel bandwidth is only supported for VPN connections on a transit gateway or Cloud WAN.")
		case o.OutsideIPAddressType == "PrivateIpv4":
			return errorf("InvalidParameterValue", "Private IPv4 outside addresses are only supported for VPN connections on a transit gateway.")
		}
	}
	if e := checkNetworkCidrs(o.LocalIpv4, o.RemoteIpv4, o.LocalIpv6, o.RemoteIpv6); e != nil {
		return e
	}
	if ipv6 {
		o.LocalIpv6, o.RemoteIpv6 = or(o.LocalIpv6, "::/0"), or(o.RemoteIpv6, "::/0")
	} else {
		o.LocalIpv4, o.RemoteIpv4 = or(o.LocalIpv4, "0.0.0.0/0"), or(o.RemoteIpv4, "0.0.0.0/0")
	}
	for _, s := range specs {
		if e := validateTunnel(s, ipv6); e != nil {
			return e
		}
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
