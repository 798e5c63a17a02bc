package ec2sim

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Seed data: a deterministic generator of realistic VPN connections and the
// gateways they use. Each account+region gets its own random stream derived
// from (Seed, account, region), so the same configuration always gives the
// same ids and contents, and adding a region changes nothing in the others.

// SeedConfig says what Seed generates.
type SeedConfig struct {
	Accounts []string `json:"accounts,omitempty"` // nil = [DefaultAccount]
	Regions  []string `json:"regions,omitempty"`  // nil = [us-east-1]
	// PerRegion is the number of connections per account and region.
	PerRegion int `json:"perRegion"`
	// PerRegionMax, when above PerRegion, makes the count of each
	// account+region vary (deterministically) between the two.
	PerRegionMax int   `json:"perRegionMax,omitempty"`
	Seed         int64 `json:"seed"`
}

// DemoSeed is the small demo set: us-east-1, eu-west-1 and ap-southeast-2 in
// DefaultAccount, 2-4 connections per region mixing VGW and TGW, static and
// BGP, all available with tags, two tunnels with telemetry, tunnel options,
// routes on the static ones and a customerGatewayConfiguration.
func DemoSeed() SeedConfig {
	return SeedConfig{
		Accounts:     []string{DefaultAccount},
		Regions:      []string{"us-east-1", "eu-west-1", "ap-southeast-2"},
		PerRegion:    2,
		PerRegionMax: 4,
		Seed:         20261125,
	}
}

// seedEpoch anchors seeded timestamps, so that they do not depend on when
// Seed runs.
var seedEpoch = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)

const maxSeedPerRegion = 100000

// Seed adds the generated resources to the simulator (replacing any with the
// same ids, so seeding twice gives the same state). Seeded connections count
// toward the quota.
func (s *Sim) Seed(cfg SeedConfig) error {
	accounts, regions := cfg.Accounts, cfg.Regions
	if accounts == nil {
		accounts = []string{DefaultAccount}
	}
	if regions == nil {
		regions = []string{"us-east-1"}
	}
	if cfg.PerRegion < 0 || cfg.PerRegion > maxSeedPerRegion || cfg.PerRegionMax > maxSeedPerRegion {
		return fmt.Errorf("ec2sim: seed: perRegion must be between 0 and %d", maxSeedPerRegion)
	}
	for _, a := range accounts {
		if !validAccount(a) {
			return fmt.Errorf("ec2sim: seed: account %q is not 12 digits", a)
		}
	}
	for _, r := range regions {
		if !s.enabled[r] {
			return fmt.Errorf("ec2sim: seed: region %q is not enabled", r)
		}
	}
	for _, a := range accounts {
		for _, r := range regions {
			rng := rand.New(rand.NewPCG(uint64(cfg.Seed), fnv64(a+"/"+r)))
			n := cfg.PerRegion
			if cfg.PerRegionMax > n {
				n += rng.IntN(cfg.PerRegionMax - n + 1)
			}
			rs := s.regionState(a, r)
			rs.mu.Lock()
			seedRegion(rs, &gen{next: rng.Uint64}, n)
			rs.mu.Unlock()
		}
	}
	return nil
}

var (
	seedSites  = []string{"hq", "nyc-dc1", "chi-dc2", "lon-office", "fra-colo", "syd-branch", "sin-office", "tok-dc", "sfo-lab", "ams-colo", "dub-office", "bom-branch"}
	seedEnvs   = []string{"prod", "prod", "staging", "dev"}
	seedTeams  = []string{"network", "platform", "sre", "security"}
	seedOwners = []string{"alice", "bob", "carol", "dan", "erin"}
	// First octets of customer (ISP) address space.
	seedCustomerOctets = []int{24, 50, 64, 68, 71, 73, 81, 82, 86, 90, 92, 109, 141, 176, 185, 195, 212, 213, 217}
)

// seedRegion generates n connections in rs, each with its own customer
// gateway (a site), over a few VGWs and TGWs. Called with rs.mu held.
func seedRegion(rs *regionState, g *gen, n int) {
	ago := func(maxDays int) time.Time {
		return seedEpoch.Add(-time.Duration(1+g.intn(maxDays*86400)) * time.Second)
	}
	var vgws, tgws []string
	for i := range max(1, (n+7)/8) {
		x := xVpnGateway{VpnGatewayID: g.id("vgw"), State: stateAvailable, Type: "ipsec.1",
			AmazonSideAsn: int64(64512 + g.intn(1000)),
			Attachments:   list[xVpcAttachment]{Items: []xVpcAttachment{{VpcID: g.id("vpc"), State: attachAttached}}},
			TagSet:        list[xTag]{Items: []tag{{"Name", fmt.Sprintf("vgw-%s-%d", rs.region, i+1)}}}}
		if i%2 == 1 {
			x.AvailabilityZone = rs.region + "a"
		}
		rs.vgws.put(x.VpnGatewayID, &vpnGateway{x: x})
		rs.knowVpc(x.Attachments.Items[0].VpcID, len(rs.vpcs.ids))
		vgws = append(vgws, x.VpnGatewayID)
	}
	for i := range max(1, (n+15)/16) {
		t := &transitGateway{x: xTransitGateway{State: stateAvailable, OwnerID: rs.account,
			Description: fmt.Sprintf("Core transit gateway %d", i+1), CreationTime: fmtTime(ago(700)),
			Options: xTGWOpts{AmazonSideAsn: int64(64512 + g.intn(1000)), AutoAcceptSharedAttachments: "disable",
				DefaultRouteTableAssociation: "enable", DefaultRouteTablePropagation: "enable",
				VpnEcmpSupport: "enable", DNSSupport: "enable", SecurityGroupReferencingSupport: "disable", MulticastSupport: "disable",
				EncryptionSupport: tgwEncryptionOff},
			TagSet: list[xTag]{Items: []tag{{"Name", fmt.Sprintf("tgw-%s-%d", rs.region, i+1)}}}}}
		t.x.TransitGatewayID = g.id("tgw")
		t.x.TransitGatewayArn = fmt.Sprintf("arn:aws:ec2:%s:%s:transit-gateway/%s", rs.region, rs.account, t.x.TransitGatewayID)
		rtb := g.id("tgw-rtb")
		t.x.Options.AssociationDefaultRouteTableID, t.x.Options.PropagationDefaultRouteTableID = rtb, rtb
		rs.tgws.put(t.x.TransitGatewayID, t)
		tgws = append(tgws, t.x.TransitGatewayID)
	}
	usedIPs := map[string]bool{}
	usedInside := map[string]bool{}
	for i := range n {
		site := seedSites[g.intn(len(seedSites))]
		cgw := xCustomerGateway{CustomerGatewayID: g.id("cgw"), State: stateAvailable, Type: "ipsec.1",
			IPAddress: fmt.Sprintf("%d.%d.%d.%d", seedCustomerOctets[g.intn(len(seedCustomerOctets))], g.intn(256), g.intn(256), 1+g.intn(254)),
			BgpAsn:    fmt.Sprint(65000 + g.intn(500)), DeviceName: fmt.Sprintf("%s-edge-%d", site, i+1),
			TagSet: list[xTag]{Items: []tag{{"Name", fmt.Sprintf("%s-cgw-%d", site, i+1)}, {"Site", site}}}}
		rs.cgws.put(cgw.CustomerGatewayID, &customerGateway{x: cgw})

		env := seedEnvs[g.intn(len(seedEnvs))]
		v := &vpnConn{id: g.id("vpn"), typ: "ipsec.1", category: "VPN", cgwID: cgw.CustomerGatewayID,
			state: stateAvailable, assoc: assocAssociated, provisioned: true, availableSince: ago(400),
			bgpRoutes: int32(1 + g.intn(12)), routes: []route{},
			opts: connOptions{InsideIPVersion: "ipv4", LocalIpv4: "0.0.0.0/0", RemoteIpv4: "0.0.0.0/0",
				OutsideIPAddressType: "PublicIpv4", Bandwidth: "standard"},
			tags: []tag{{"Name", fmt.Sprintf("%s-%s-vpn-%d", site, env, i+1)}, {"Env", env}, {"Site", site}}}
		if g.intn(4) != 0 {
			v.tags = append(v.tags, tag{"Team", seedTeams[g.intn(len(seedTeams))]})
		}
		if g.intn(3) == 0 {
			v.tags = append(v.tags, tag{"Owner", seedOwners[g.intn(len(seedOwners))]}, tag{"CostCenter", fmt.Sprintf("cc-%d", 1000+g.intn(9000))})
		}
		// Patterns cycle so that even 2 connections mix gateway kinds and routing.
		pattern := i % 6
		switch pattern {
		case 0, 4: // static, on a VGW, with routes
			v.vgwID = vgws[g.intn(len(vgws))]
			v.opts.StaticRoutesOnly = true
			v.opts.LocalIpv4 = fmt.Sprintf("10.%d.0.0/16", g.intn(256))
			for r := range 1 + g.intn(3) {
				v.routes = append(v.routes, route{cidr: fmt.Sprintf("192.168.%d.0/24", (i*3+r)%256), state: stateAvailable})
			}
		case 2: // BGP on a VGW
			v.vgwID = vgws[g.intn(len(vgws))]
		default: // BGP on a TGW
			v.tgwID = tgws[g.intn(len(tgws))]
			v.opts.EnableAcceleration = pattern == 5 && g.intn(2) == 0
		}
		if n >= 50 && i%50 == 49 { // a Cloud WAN attachment now and then
			v.vgwID, v.tgwID = "", ""
			v.coreNetworkArn = fmt.Sprintf("arn:aws:networkmanager::%s:core-network/core-network-0%016x", rs.account, g.next())
			v.coreNetworkAttachmentArn = fmt.Sprintf("arn:aws:networkmanager::%s:attachment/attachment-0%016x", rs.account, g.next())
		}
		gateway := v.vgwID + v.tgwID
		for range tunnelsPerConnection {
			spec := tunnelSpec{PreSharedKey: g.psk()}
			for spec.InsideCidr == "" || usedInside[gateway+spec.InsideCidr] {
				spec.InsideCidr = g.insideCidr()
			}
			usedInside[gateway+spec.InsideCidr] = true
			if pattern == 3 || pattern == 4 { // explicit IKE settings
				spec.IKEVersions = []string{"ikev2"}
				spec.Phase1Enc, spec.Phase2Enc = []string{"AES256"}, []string{"AES256"}
				spec.Phase1Integrity, spec.Phase2Integrity = []string{"SHA2-256"}, []string{"SHA2-256"}
				spec.Phase1DH, spec.Phase2DH = []int32{14}, []int32{14}
				spec.Phase1Lifetime, spec.Phase2Lifetime = ptr(int32(28800)), ptr(int32(3600))
				spec.DPDTimeout, spec.DPDAction, spec.StartupAction = ptr(int32(30)), "restart", "start"
				spec.LogEnabled, spec.LogOutputFormat = ptr(true), "json"
				spec.LogGroupArn = fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/vpn/%s", rs.region, rs.account, site)
			}
			ip := g.outsideIP("PublicIpv4")
			for usedIPs[ip] {
				ip = g.outsideIP("PublicIpv4")
			}
			usedIPs[ip] = true
			tu := tunnel{spec: spec, outsideIP: ip, status: tunnelUp, lastChange: maxTime(ago(60), v.availableSince)}
			if g.intn(7) == 0 {
				tu.status = tunnelDown
			}
			v.tunnels = append(v.tunnels, tu)
		}
		rs.vpns.put(v.id, v)
	}
	for ip := range usedIPs {
		rs.outsideIPs[ip] = true
	}
	seedSpares(rs, g)
}

// seedSpares adds gateways no connection uses, as accounts have: a customer
// gateway with a 4-byte ASN and a certificate, and a virtual private gateway
// detached from its VPC. Drawn after the connections, so that adding them
// changed no connection's data.
func seedSpares(rs *regionState, g *gen) {
	cgw := xCustomerGateway{CustomerGatewayID: g.id("cgw"), State: stateAvailable, Type: "ipsec.1",
		IPAddress:      fmt.Sprintf("%d.%d.%d.%d", seedCustomerOctets[g.intn(len(seedCustomerOctets))], g.intn(256), g.intn(256), 1+g.intn(254)),
		BgpAsnExtended: fmt.Sprint(4200000000 + g.intn(1000)), DeviceName: "spare-edge",
		CertificateArn: fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", rs.region, rs.account, g.uuid()),
		TagSet:         list[xTag]{Items: []tag{{"Name", "spare-cgw-" + rs.region}}}}
	rs.cgws.put(cgw.CustomerGatewayID, &customerGateway{x: cgw})
	vgw := xVpnGateway{VpnGatewayID: g.id("vgw"), State: stateAvailable, Type: "ipsec.1", AmazonSideAsn: int64(64512 + g.intn(1000)),
		Attachments: list[xVpcAttachment]{Items: []xVpcAttachment{{VpcID: g.id("vpc"), State: attachDetached}}},
		TagSet:      list[xTag]{Items: []tag{{"Name", "spare-vgw-" + rs.region}}}}
	rs.vgws.put(vgw.VpnGatewayID, &vpnGateway{x: vgw})
	rs.knowVpc(vgw.Attachments.Items[0].VpcID, len(rs.vpcs.ids))
}
