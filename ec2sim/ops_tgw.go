package ec2sim

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
)

// Transit gateways (DescribeTransitGateways paginates) and DescribeRegions.

func (c *call) describeTransitGateways() (any, *apiError) {
	q := c.q
	ids := q.strList("TransitGatewayIds")
	fs := q.filters()
	maxResults := q.int32p("MaxResults")
	token := q.str("NextToken")
	dry := q.boolean("DryRun")
	if e := q.done(); e != nil {
		return nil, e
	}
	if maxResults != nil && (*maxResults < 5 || *maxResults > 1000) {
		return nil, errorf("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.", *maxResults)
	}
	// Rendered under the lock: a gateway may change once it is released.
	var matched []xTransitGateway
	e := tgwDescribe.matching(c, ids, fs, dry, func(_ *regionState, t *transitGateway) { matched = append(matched, tgwXML(t)) })
	if e != nil {
		return nil, e
	}
	// The token names the last gateway of the previous page.
	if token != "" {
		after, err := base64.RawURLEncoding.DecodeString(token)
		i := slices.IndexFunc(matched, func(t xTransitGateway) bool { return t.TransitGatewayID == string(after) })
		if err != nil || i < 0 {
			return nil, errorf("InvalidNextToken", "The token '%s' is invalid.", token)
		}
		matched = matched[i+1:]
	}
	resp := &transitGatewaysResponse{}
	if maxResults != nil && len(matched) > int(*maxResults) {
		matched = matched[:*maxResults]
		resp.NextToken = base64.RawURLEncoding.EncodeToString([]byte(matched[len(matched)-1].TransitGatewayID))
	}
	resp.TransitGateways.Items = matched
	return resp, nil
}

var tgwDescribe = describeOf[transitGateway]{
	kind:   kindTgw,
	fields: func(*regionState) map[string]fieldFunc[*transitGateway] { return tgwFields },
	tags:   func(t *transitGateway) []tag { return t.x.TagSet.Items },
	all: func(rs *regionState, c *call) []*transitGateway {
		all := rs.tgws.all()
		for _, t := range all {
			t.advance(c.now)
		}
		return all
	},
	has: func(rs *regionState, id string) bool { return rs.tgws.get(id) != nil },
	id:  func(t *transitGateway) string { return t.x.TransitGatewayID },
}

var tgwFields = map[string]fieldFunc[*transitGateway]{
	"options.propagation-default-route-table-id": func(t *transitGateway) []string { return one(t.x.Options.PropagationDefaultRouteTableID) },
	"options.amazon-side-asn":                    func(t *transitGateway) []string { return []string{strconv.FormatInt(t.x.Options.AmazonSideAsn, 10)} },
	"options.association-default-route-table-id": func(t *transitGateway) []string { return one(t.x.Options.AssociationDefaultRouteTableID) },
	"options.auto-accept-shared-attachments":     func(t *transitGateway) []string { return one(t.x.Options.AutoAcceptSharedAttachments) },
	"options.default-route-table-association":    func(t *transitGateway) []string { return one(t.x.Options.DefaultRouteTableAssociation) },
	"options.default-route-table-propagation":    func(t *transitGateway) []string { return one(t.x.Options.DefaultRouteTablePropagation) },
	"options.dns-support":                        func(t *transitGateway) []string { return one(t.x.Options.DNSSupport) },
	"options.vpn-ecmp-support":                   func(t *transitGateway) []string { return one(t.x.Options.VpnEcmpSupport) },
	"owner-id":                                   func(t *transitGateway) []string { return one(t.x.OwnerID) },
	"state":                                      func(t *transitGateway) []string { return one(t.x.State) },
	"transit-gateway-id":                         func(t *transitGateway) []string { return one(t.x.TransitGatewayID) },
}

func (c *call) createTransitGateway() (any, *apiError) {
	q := c.q
	desc := q.str("Description")
	asn := q.int64p("Options.AmazonSideAsn")
	o := xTGWOpts{
		AutoAcceptSharedAttachments:     or(q.str("Options.AutoAcceptSharedAttachments"), "disable"),
		DefaultRouteTableAssociation:    or(q.str("Options.DefaultRouteTableAssociation"), "enable"),
		DefaultRouteTablePropagation:    or(q.str("Options.DefaultRouteTablePropagation"), "enable"),
		VpnEcmpSupport:                  or(q.str("Options.VpnEcmpSupport"), "enable"),
		DNSSupport:                      or(q.str("Options.DnsSupport"), "enable"),
		SecurityGroupReferencingSupport: or(q.str("Options.SecurityGroupReferencingSupport"), "disable"),
		MulticastSupport:                or(q.str("Options.MulticastSupport"), "disable"),
		TransitGatewayCidrBlocks:        listOf(q.strList("Options.TransitGatewayCidrBlocks")),
		EncryptionSupport:               tgwEncryptionOff,
	}
	dry := q.boolean("DryRun")
	tags := q.tagSpecs("transit-gateway")
	if e := q.done(); e != nil {
		return nil, e
	}
	o.AmazonSideAsn = 64512
	if asn != nil {
		if !validAmazonASN(*asn) {
			return nil, errInvalidValue("AmazonSideAsn", strconv.FormatInt(*asn, 10))
		}
		o.AmazonSideAsn = *asn
	}
	for name, v := range map[string]string{
		"AutoAcceptSharedAttachments": o.AutoAcceptSharedAttachments, "DefaultRouteTableAssociation": o.DefaultRouteTableAssociation,
		"DefaultRouteTablePropagation": o.DefaultRouteTablePropagation, "VpnEcmpSupport": o.VpnEcmpSupport, "DnsSupport": o.DNSSupport,
		"SecurityGroupReferencingSupport": o.SecurityGroupReferencingSupport, "MulticastSupport": o.MulticastSupport,
	} {
		if v != "enable" && v != "disable" {
			return nil, errInvalidValue(name, v)
		}
	}
	if o.TransitGatewayCidrBlocks != nil {
		for _, b := range o.TransitGatewayCidrBlocks.Items {
			if checkCidr("TransitGatewayCidrBlocks", b, false) != nil && checkCidr("TransitGatewayCidrBlocks", b, true) != nil {
				return nil, errInvalidValue("TransitGatewayCidrBlocks", b)
			}
		}
	}
	if e := validateNewTags(tags); e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	g := c.s.gen()
	t := &transitGateway{x: xTransitGateway{State: statePending, OwnerID: c.account, Description: desc,
		CreationTime: fmtTime(c.now), Options: o, TagSet: list[xTag]{Items: tags}}}
	rs.fillTGW(g, t)
	t.readyAt = c.now.Add(c.s.opts.ProvisionDelay)
	t.advance(c.now)
	rs.tgws.put(t.x.TransitGatewayID, t)
	return &transitGatewayResponse{TransitGateway: tgwXML(t)}, nil
}

// tgwEncryptionOff is the encryption support of a transit gateway without
// VPC Encryption Control, which the simulator does not model.
var tgwEncryptionOff = &xEncryption{EncryptionState: "disabled"}

// fillTGW gives a new transit gateway its id, ARN and default route tables.
func (rs *regionState) fillTGW(g *gen, t *transitGateway) {
	x := &t.x
	x.TransitGatewayID = rs.newID(g, "tgw")
	x.TransitGatewayArn = fmt.Sprintf("arn:aws:ec2:%s:%s:transit-gateway/%s", rs.region, rs.account, x.TransitGatewayID)
	rtb := g.id("tgw-rtb")
	if x.Options.DefaultRouteTableAssociation == "enable" {
		x.Options.AssociationDefaultRouteTableID = rtb
	}
	if x.Options.DefaultRouteTablePropagation == "enable" {
		x.Options.PropagationDefaultRouteTableID = rtb
	}
}

func (c *call) describeRegions() (any, *apiError) {
	names := c.q.strList("RegionName")
	fs := c.q.filters()
	all := c.q.boolean("AllRegions")
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	for _, n := range names {
		if !knownRegion(n) && !c.s.enabled[n] {
			return nil, errorf("InvalidParameterValue", "Invalid region: %s", n)
		}
	}
	match, e := compileFilters(fs, regionFields, nil)
	if e != nil {
		return nil, e
	}
	if e := c.authorize(dry); e != nil {
		return nil, e
	}
	var regions []xRegion
	for _, n := range c.s.regionNames() {
		r := xRegion{RegionName: n, RegionEndpoint: "ec2." + n + ".amazonaws.com", OptInStatus: "not-opted-in"}
		switch {
		case slices.Contains(defaultRegions, n):
			r.OptInStatus = "opt-in-not-required"
		case c.s.enabled[n]:
			r.OptInStatus = "opted-in"
		}
		if len(names) > 0 && !slices.Contains(names, n) || len(names) == 0 && !all && !c.s.enabled[n] {
			continue
		}
		if match(r) {
			regions = append(regions, r)
		}
	}
	return &regionsResponse{Regions: list[xRegion]{Items: regions}}, nil
}

var regionFields = map[string]fieldFunc[xRegion]{
	"endpoint":      func(r xRegion) []string { return one(r.RegionEndpoint) },
	"opt-in-status": func(r xRegion) []string { return one(r.OptInStatus) },
	"region-name":   func(r xRegion) []string { return one(r.RegionName) },
}

// regionNames are every known and every enabled region, sorted.
func (s *Sim) regionNames() []string {
	names := slices.Concat(defaultRegions, optInRegions)
	for r := range s.enabled {
		names = append(names, r)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// EnabledRegions returns the regions the simulator serves, sorted.
func (s *Sim) EnabledRegions() []string {
	var out []string
	for _, r := range s.regionNames() {
		if s.enabled[r] {
			out = append(out, r)
		}
	}
	return out
}
