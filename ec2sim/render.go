package ec2sim

import (
	"fmt"
	"slices"
)

// Rendering of stored objects as response shapes. Called with rs.mu held;
// the result shares no mutable memory with the store (slices are copied,
// strings and replaced-never-mutated pointers are shared), so it can be
// encoded after the lock is released.

// vpnXML renders v; inCreate marks the CreateVpnConnection response, which
// always carries customerGatewayConfiguration.
func (rs *regionState) vpnXML(v *vpnConn, inCreate bool) xVpnConnection {
	x := xVpnConnection{
		VpnConnectionID:          v.id,
		Type:                     v.typ,
		CustomerGatewayID:        v.cgwID,
		VpnGatewayID:             v.vgwID,
		TransitGatewayID:         v.tgwID,
		VpnConcentratorID:        v.concentratorID,
		CoreNetworkArn:           v.coreNetworkArn,
		CoreNetworkAttachmentArn: v.coreNetworkAttachmentArn,
		PreSharedKeyArn:          v.preSharedKeyArn,
		Category:                 v.category,
		State:                    v.state,
		GatewayAssociationState:  v.assoc,
		Options:                  optionsXML(v),
		TagSet:                   list[xTag]{Items: slices.Clone(v.tags)},
	}
	switch v.state {
	case statePending, stateAvailable, stateModifying:
		inCreate = true
	}
	if inCreate {
		x.CustomerGatewayConfiguration = &innerXML{rs.escapedConfigFor(v)}
	}
	for _, r := range v.routes {
		x.Routes.Items = append(x.Routes.Items, xRoute{DestinationCidrBlock: r.cidr, Source: "Static", State: r.state})
	}
	if v.provisioned {
		tel := make([]xTelemetry, len(v.tunnels))
		for i, t := range v.tunnels {
			tel[i] = xTelemetry{
				OutsideIPAddress: t.outsideIP,
				Status:           t.status,
				LastStatusChange: fmtTime(t.lastChange),
				CertificateArn:   t.certificateArn,
			}
			switch {
			case t.status == tunnelDown:
				tel[i].StatusMessage = "IPSEC IS DOWN"
			case v.opts.StaticRoutesOnly:
				tel[i].AcceptedRouteCount = int32(len(v.routes))
			default:
				tel[i].AcceptedRouteCount = v.bgpRoutes
				tel[i].StatusMessage = fmt.Sprintf("%d BGP ROUTES", v.bgpRoutes)
			}
		}
		x.VgwTelemetry = &list[xTelemetry]{Items: tel}
	}
	return x
}

// cgwInputs reads v's document inputs, with its gateways'.
func (rs *regionState) cgwInputs(v *vpnConn) cgwInputs {
	cgwIP, cgwAsn := "", "65000"
	if c := rs.cgws.get(v.cgwID); c != nil {
		cgwIP, cgwAsn = c.x.IPAddress, c.x.BgpAsn
		if c.x.BgpAsnExtended != "" {
			cgwAsn = c.x.BgpAsnExtended
		}
	}
	awsAsn := int64(64512)
	if g := rs.vgws.get(v.vgwID); g != nil {
		awsAsn = g.x.AmazonSideAsn
	} else if t := rs.tgws.get(v.tgwID); t != nil {
		awsAsn = t.x.Options.AmazonSideAsn
	}
	return cgwInputsOf(v, cgwIP, cgwAsn, awsAsn)
}

// configFor is v's customerGatewayConfiguration document.
func (rs *regionState) configFor(v *vpnConn) string {
	in := rs.cgwInputs(v)
	return in.document()
}

// escapedConfigFor is v's document as it stands in a response: the last
// one rendered while its inputs are the same.
func (rs *regionState) escapedConfigFor(v *vpnConn) string {
	in := rs.cgwInputs(v)
	if v.cgwDoc == nil || v.cgwDoc.in != in {
		v.cgwDoc = &cgwDocMemo{in: in, escaped: escapeXML(in.document())}
	}
	return v.cgwDoc.escaped
}

func optionsXML(v *vpnConn) *xConnOptions {
	o := v.opts
	x := &xConnOptions{
		EnableAcceleration:                  ptr(o.EnableAcceleration),
		StaticRoutesOnly:                    ptr(o.StaticRoutesOnly),
		LocalIpv4NetworkCidr:                o.LocalIpv4,
		RemoteIpv4NetworkCidr:               o.RemoteIpv4,
		LocalIpv6NetworkCidr:                o.LocalIpv6,
		RemoteIpv6NetworkCidr:               o.RemoteIpv6,
		OutsideIPAddressType:                o.OutsideIPAddressType,
		TransportTransitGatewayAttachmentID: o.TransportAttachmentID,
		TunnelInsideIPVersion:               o.InsideIPVersion,
		TunnelBandwidth:                     o.Bandwidth,
	}
	tos := make([]xTunnelOption, len(v.tunnels))
	for i, t := range v.tunnels {
		s := t.spec
		tos[i] = xTunnelOption{
			OutsideIPAddress:             t.outsideIP,
			TunnelInsideCidr:             s.InsideCidr,
			TunnelInsideIpv6Cidr:         s.InsideIpv6Cidr,
			PreSharedKey:                 s.PreSharedKey,
			Phase1LifetimeSeconds:        s.Phase1Lifetime,
			Phase2LifetimeSeconds:        s.Phase2Lifetime,
			RekeyMarginTimeSeconds:       s.RekeyMargin,
			RekeyFuzzPercentage:          s.RekeyFuzz,
			ReplayWindowSize:             s.ReplayWindow,
			DpdTimeoutSeconds:            s.DPDTimeout,
			DpdTimeoutAction:             s.DPDAction,
			Phase1EncryptionAlgorithms:   values(s.Phase1Enc),
			Phase2EncryptionAlgorithms:   values(s.Phase2Enc),
			Phase1IntegrityAlgorithms:    values(s.Phase1Integrity),
			Phase2IntegrityAlgorithms:    values(s.Phase2Integrity),
			Phase1DHGroupNumbers:         values(s.Phase1DH),
			Phase2DHGroupNumbers:         values(s.Phase2DH),
			IkeVersions:                  values(s.IKEVersions),
			StartupAction:                s.StartupAction,
			EnableTunnelLifecycleControl: ptr(s.LifecycleControl != nil && *s.LifecycleControl),
			LogOptions: &xCloudWatchLogOptionsSet{CloudWatchLogOptions: xCloudWatchLogOptions{
				LogEnabled:         ptr(s.LogEnabled != nil && *s.LogEnabled),
				LogGroupArn:        s.LogGroupArn,
				LogOutputFormat:    s.LogOutputFormat,
				BgpLogEnabled:      s.BgpLogEnabled,
				BgpLogGroupArn:     s.BgpLogGroupArn,
				BgpLogOutputFormat: s.BgpLogFormat,
			}},
		}
	}
	x.TunnelOptions = &list[xTunnelOption]{Items: tos}
	return x
}

func ptr[T any](v T) *T { return &v }

func cgwXML(c *customerGateway) xCustomerGateway {
	x := c.x
	x.TagSet.Items = slices.Clone(x.TagSet.Items)
	return x
}

func vgwXML(g *vpnGateway) xVpnGateway {
	x := g.x
	x.TagSet.Items = slices.Clone(x.TagSet.Items)
	x.Attachments.Items = slices.Clone(x.Attachments.Items)
	return x
}

func tgwXML(t *transitGateway) xTransitGateway {
	x := t.x
	x.TagSet.Items = slices.Clone(x.TagSet.Items)
	return x
}
