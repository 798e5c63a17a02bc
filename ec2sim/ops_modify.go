package ec2sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// ModifyVpnConnection, ModifyVpnConnectionOptions, ModifyVpnTunnelOptions,
// Create/DeleteVpnConnectionRoute. All need the connection to be available.
// The first two put it in state "modifying" (as AWS reports) for
// ProvisionDelay, with both tunnels down; a tunnel change replaces that
// tunnel, which is down for ProvisionDelay.

// lookupAvailable finds connection id and requires it to be available.
func (c *call) lookupAvailable(rs *regionState, id string) (*vpnConn, *apiError) {
	v := rs.vpn(id, c.now, c.s.retention)
	if v == nil {
		return nil, notFound(kindVpn, []string{id})
	}
	if v.state != stateAvailable {
		return nil, errInvalidState()
	}
	return v, nil
}

func (c *call) modifyVpnConnection() (any, *apiError) {
	q := c.q
	id := q.str("VpnConnectionId")
	cgwID, vgwID, tgwID := q.str("CustomerGatewayId"), q.str("VpnGatewayId"), q.str("TransitGatewayId")
	dry := q.boolean("DryRun")
	if e := q.done(); e != nil {
		return nil, e
	}
	switch {
	case id == "":
		return nil, errMissing("VpnConnectionId")
	case cgwID == "" && vgwID == "" && tgwID == "":
		return nil, errorf("MissingParameter", "The request must contain one of the parameters CustomerGatewayId, VpnGatewayId or TransitGatewayId")
	case vgwID != "" && tgwID != "":
		return nil, errorf("InvalidParameterCombination", "The request must not contain both parameter vpnGatewayId and transitGatewayId")
	}
	for _, e := range []*apiError{checkIDs(kindVpn, id), checkIDs(kindCgw, cgwID), checkIDs(kindVgw, vgwID), checkIDs(kindTgw, tgwID)} {
		if e != nil {
			return nil, e
		}
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	v, e := c.lookupAvailable(rs, id)
	if e != nil {
		return nil, e
	}
	switch {
	case cgwID != "" && !rs.cgwUsable(cgwID, c.now, c.s.retention):
		return nil, notFound(kindCgw, []string{cgwID})
	case vgwID != "" && !rs.vgwUsable(vgwID, c.now, c.s.retention):
		return nil, notFound(kindVgw, []string{vgwID})
	case tgwID != "" && rs.tgw(tgwID, c.now) == nil:
		return nil, notFound(kindTgw, []string{tgwID})
	case tgwID != "" && rs.tgw(tgwID, c.now).x.State != stateAvailable:
		return nil, errorf("IncorrectState", "Transit Gateway %s is in invalid state %s", tgwID, rs.tgw(tgwID, c.now).x.State)
	case tgwID != "" && v.vgwID != "" && len(v.routes) > 0:
		return nil, errorf("IncorrectState", "Delete the static routes of VPN connection %s before migrating it to a transit gateway.", id)
	case vgwID != "" && (v.opts.EnableAcceleration || v.opts.InsideIPVersion == "ipv6" || v.opts.Bandwidth == "large" || v.opts.OutsideIPAddressType == "PrivateIpv4"):
		return nil, errorf("InvalidParameterValue", "VPN connection %s uses options a virtual private gateway does not support.", id)
	}
	gatewayChange := vgwID != "" && vgwID != v.vgwID || tgwID != "" && tgwID != v.tgwID
	if cgwID != "" {
		v.cgwID = cgwID
	}
	delay := c.s.opts.ProvisionDelay
	if gatewayChange {
		v.vgwID, v.tgwID = vgwID, tgwID
		v.assoc, v.assocSwitchAt = assocDisassociating, c.now.Add(delay/2)
	}
	v.tunnelsDown(c.now, c.now.Add(delay))
	v.transition(stateModifying, c.now, delay)
	return &vpnConnectionResponse{VpnConnection: rs.vpnXML(v, false)}, nil
}

func (c *call) modifyVpnConnectionOptions() (any, *apiError) {
	q := c.q
	id := q.str("VpnConnectionId")
	l4, r4 := q.str("LocalIpv4NetworkCidr"), q.str("RemoteIpv4NetworkCidr")
	l6, r6 := q.str("LocalIpv6NetworkCidr"), q.str("RemoteIpv6NetworkCidr")
	bw := q.str("TunnelBandwidth")
	dry := q.boolean("DryRun")
	if e := q.done(); e != nil {
		return nil, e
	}
	switch {
	case id == "":
		return nil, errMissing("VpnConnectionId")
	case l4+r4+l6+r6+bw == "":
		return nil, errorf("MissingParameter", "The request must contain at least one of the parameters LocalIpv4NetworkCidr, RemoteIpv4NetworkCidr, LocalIpv6NetworkCidr, RemoteIpv6NetworkCidr or TunnelBandwidth")
	case bw != "" && bw != "standard" && bw != "large":
		return nil, errInvalidValue("TunnelBandwidth", bw)
	}
	if e := checkNetworkCidrs(l4, r4, l6, r6); e != nil {
		return nil, e
	}
	if e := checkIDs(kindVpn, id); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	v, e := c.lookupAvailable(rs, id)
	if e != nil {
		return nil, e
	}
	ipv6 := v.opts.InsideIPVersion == "ipv6"
	switch {
	case ipv6 && l4+r4 != "", !ipv6 && l6+r6 != "":
		return nil, errorf("InvalidParameterCombination", "The network CIDRs must match the connection's TunnelInsideIpVersion %s.", v.opts.InsideIPVersion)
	case bw == "large" && v.vgwID != "":
		return nil, errorf("InvalidParameterValue", "Large tunnel bandwidth is only supported for VPN connections on a transit gateway or Cloud WAN.")
	}
	o := &v.opts
	o.LocalIpv4, o.RemoteIpv4 = or(l4, o.LocalIpv4), or(r4, o.RemoteIpv4)
	o.LocalIpv6, o.RemoteIpv6 = or(l6, o.LocalIpv6), or(r6, o.RemoteIpv6)
	o.Bandwidth = or(bw, o.Bandwidth)
	delay := c.s.opts.ProvisionDelay
	v.tunnelsDown(c.now, c.now.Add(delay))
	v.transition(stateModifying, c.now, delay)
	return &vpnConnectionResponse{VpnConnection: rs.vpnXML(v, false)}, nil
}

func (c *call) modifyVpnTunnelOptions() (any, *apiError) {
	q := c.q
	id, outside := q.str("VpnConnectionId"), q.str("VpnTunnelOutsideIpAddress")
	hasOptions := false
	for k := range q.vals {
		hasOptions = hasOptions || strings.HasPrefix(k, "TunnelOptions.")
	}
	spec := q.tunnelSpec("TunnelOptions.")
	skip := q.boolean("SkipTunnelReplacement")
	pskStorage := q.str("PreSharedKeyStorage")
	dry := q.boolean("DryRun")
	if e := q.done(); e != nil {
		return nil, e
	}
	switch {
	case id == "":
		return nil, errMissing("VpnConnectionId")
	case outside == "":
		return nil, errMissing("VpnTunnelOutsideIpAddress")
	case !hasOptions:
		return nil, errMissing("TunnelOptions")
	case pskStorage != "" && pskStorage != "Standard" && pskStorage != "SecretsManager":
		return nil, errInvalidValue("PreSharedKeyStorage", pskStorage)
	}
	if _, err := netip.ParseAddr(outside); err != nil {
		return nil, errInvalidValue("VpnTunnelOutsideIpAddress", outside)
	}
	if e := validateTunnel(spec, spec.InsideIpv6Cidr != ""); e != nil {
		return nil, e
	}
	if e := checkIDs(kindVpn, id); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	v, e := c.lookupAvailable(rs, id)
	if e != nil {
		return nil, e
	}
	i := slices.IndexFunc(v.tunnels, func(t tunnel) bool { return t.outsideIP == outside })
	if i < 0 {
		return nil, errorf("InvalidParameterValue", "The VPN tunnel outside IP address %s does not belong to VPN connection %s.", outside, id)
	}
	merged := mergeTunnelSpec(v.tunnels[i].spec, spec)
	if e := validateTunnel(merged, v.opts.InsideIPVersion == "ipv6"); e != nil {
		return nil, e
	}
	if e := rs.checkInsideCidrsFree([]tunnelSpec{spec}, v.vgwID+v.tgwID, v.id); e != nil {
		return nil, e
	}
	if other := v.tunnels[1-i].spec.InsideCidr; spec.InsideCidr != "" && spec.InsideCidr == other {
		return nil, errorf("InvalidParameterValue", "The tunnel inside CIDRs of the two tunnels must differ.")
	}
	switch pskStorage {
	case "SecretsManager":
		if v.preSharedKeyArn == "" {
			v.preSharedKeyArn = fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:vpn-psk-%s-%06x", c.region, c.account, v.id, c.s.randUint64()&0xffffff)
		}
	case "Standard":
		v.preSharedKeyArn = ""
	}
	if v.preSharedKeyArn != "" {
		merged.PreSharedKey = ""
	} else if merged.PreSharedKey == "" {
		merged.PreSharedKey = c.s.gen().psk()
	}
	v.tunnels[i].spec = merged
	// SkipTunnelReplacement applies only to a change of lifecycle control.
	onlyLifecycle := mergeTunnelSpec(tunnelSpec{}, spec).onlyLifecycleControl()
	if !(skip && onlyLifecycle) {
		delay := c.s.opts.ProvisionDelay
		v.tunnelsDown(c.now, c.now.Add(delay), i)
		v.advance(c.now, -1)
	}
	return &vpnConnectionResponse{VpnConnection: rs.vpnXML(v, false)}, nil
}

func (c *call) routeInput() (id, cidr string, e *apiError) {
	id, cidr = c.q.str("VpnConnectionId"), c.q.str("DestinationCidrBlock")
	if e := c.q.done(); e != nil {
		return "", "", e
	}
	switch {
	case cidr == "":
		return "", "", errMissing("DestinationCidrBlock")
	case id == "":
		return "", "", errMissing("VpnConnectionId")
	}
	if e := checkCidr("DestinationCidrBlock", cidr, false); e != nil {
		return "", "", e
	}
	if e := checkIDs(kindVpn, id); e != nil {
		return "", "", e
	}
	return id, cidr, c.authorize(false)
}

func (c *call) createVpnConnectionRoute() (any, *apiError) {
	id, cidr, e := c.routeInput()
	if e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	v := rs.vpn(id, c.now, c.s.retention)
	switch {
	case v == nil:
		return nil, notFound(kindVpn, []string{id})
	case !v.opts.StaticRoutesOnly || v.vgwID == "":
		return nil, errorf("InvalidVpnConnection.InvalidType", "The specified VPN connection does not support static routes.")
	case v.state != stateAvailable:
		return nil, errInvalidState()
	case slices.ContainsFunc(v.routes, func(r route) bool { return r.cidr == cidr && r.state != stateDeleting }):
		return nil, errorf("RouteAlreadyExists", "The route identified by %s already exists.", cidr)
	}
	v.routes = append(v.routes, route{cidr: cidr, state: statePending, readyAt: c.now.Add(c.s.opts.ProvisionDelay)})
	v.advance(c.now, -1)
	return &returnResponse{Return: true}, nil
}

func (c *call) deleteVpnConnectionRoute() (any, *apiError) {
	id, cidr, e := c.routeInput()
	if e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	v := rs.vpn(id, c.now, c.s.retention)
	if v == nil {
		return nil, notFound(kindVpn, []string{id})
	}
	i := slices.IndexFunc(v.routes, func(r route) bool { return r.cidr == cidr && r.state != stateDeleting })
	if i < 0 {
		return nil, errorf("InvalidRoute.NotFound", "The route identified by %s does not exist.", cidr)
	}
	v.routes[i] = route{cidr: cidr, state: stateDeleting, readyAt: c.now.Add(c.s.opts.ProvisionDelay)}
	v.advance(c.now, -1)
	return &returnResponse{Return: true}, nil
}
