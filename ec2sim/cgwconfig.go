package ec2sim

import (
	"encoding/xml"
	"net/netip"
	"strconv"
)

// The customerGatewayConfiguration document: the generic (vendor-neutral)
// XML AWS returns for configuring the customer's device, with the skeleton
// moto reproduces (BEHAVIOUR.md §6), filled per tunnel from the connection's
// real addresses, keys and IKE/IPsec settings. It is built when a response
// is rendered, so a modified tunnel is reflected at once and seeded
// connections cost no memory for it.

type cgwDoc struct {
	XMLName         xml.Name    `xml:"vpn_connection"`
	ID              string      `xml:"id,attr"`
	CustomerGateway string      `xml:"customer_gateway_id"`
	VpnGateway      string      `xml:"vpn_gateway_id,omitempty"`
	TransitGateway  string      `xml:"transit_gateway_id,omitempty"`
	Type            string      `xml:"vpn_connection_type"`
	Attributes      string      `xml:"vpn_connection_attributes,omitempty"`
	Tunnels         []cgwTunnel `xml:"ipsec_tunnel"`
}

type cgwTunnel struct {
	CustomerGateway cgwEnd   `xml:"customer_gateway"`
	VpnGateway      cgwEnd   `xml:"vpn_gateway"`
	IKE             cgwIKE   `xml:"ike"`
	IPsec           cgwIPsec `xml:"ipsec"`
}

type cgwEnd struct {
	OutsideAddress string     `xml:"tunnel_outside_address>ip_address"`
	Inside         *cgwInside `xml:"tunnel_inside_address,omitempty"`
	BGP            *cgwBGP    `xml:"bgp,omitempty"`
}

type cgwInside struct {
	IPAddress   string `xml:"ip_address"`
	NetworkMask string `xml:"network_mask,omitempty"`
	NetworkCidr int    `xml:"network_cidr"`
}

type cgwBGP struct {
	ASN      string `xml:"asn"`
	HoldTime int    `xml:"hold_time"`
}

type cgwIKE struct {
	AuthenticationProtocol string `xml:"authentication_protocol"`
	EncryptionProtocol     string `xml:"encryption_protocol"`
	Lifetime               int32  `xml:"lifetime"`
	PerfectForwardSecrecy  string `xml:"perfect_forward_secrecy"`
	Mode                   string `xml:"mode"`
	PreSharedKey           string `xml:"pre_shared_key,omitempty"`
}

type cgwIPsec struct {
	Protocol               string `xml:"protocol"`
	AuthenticationProtocol string `xml:"authentication_protocol"`
	EncryptionProtocol     string `xml:"encryption_protocol"`
	Lifetime               int32  `xml:"lifetime"`
	PerfectForwardSecrecy  string `xml:"perfect_forward_secrecy"`
	Mode                   string `xml:"mode"`
	ClearDfBit             bool   `xml:"clear_df_bit"`
	FragmentationBeforeEnc bool   `xml:"fragmentation_before_encryption"`
	TCPMssAdjustment       int    `xml:"tcp_mss_adjustment"`
	DPDDelay               int32  `xml:"dead_peer_detection>delay"`
	DPDRetries             int32  `xml:"dead_peer_detection>retries"`
}

var (
	ikeCipher = map[string]string{"AES128": "aes-128-cbc", "AES256": "aes-256-cbc",
		"AES128-GCM-16": "aes-128-gcm-16", "AES256-GCM-16": "aes-256-gcm-16"}
	ikeIntegrity = map[string]string{"SHA1": "sha1", "SHA2-256": "sha2-256",
		"SHA2-384": "sha2-384", "SHA2-512": "sha2-512"}
	espIntegrity = map[string]string{"SHA1": "hmac-sha1-96", "SHA2-256": "hmac-sha2-256-128",
		"SHA2-384": "hmac-sha2-384-192", "SHA2-512": "hmac-sha2-512-256"}
)

func first[T any](vs []T, def T) T {
	if len(vs) > 0 {
		return vs[0]
	}
	return def
}

func deref(p *int32, def int32) int32 {
	if p != nil {
		return *p
	}
	return def
}

// customerGatewayConfiguration renders the document for v; cgwIP and cgwAsn
// describe its customer gateway, awsAsn the Amazon side of BGP.
func customerGatewayConfiguration(v *vpnConn, cgwIP, cgwAsn string, awsAsn int64) string {
	doc := cgwDoc{ID: v.id, CustomerGateway: v.cgwID, VpnGateway: v.vgwID, TransitGateway: v.tgwID, Type: v.typ}
	if v.opts.StaticRoutesOnly {
		doc.Attributes = "NoBGPVPNConnection"
	}
	for _, t := range v.tunnels {
		s := t.spec
		ct := cgwTunnel{
			CustomerGateway: cgwEnd{OutsideAddress: cgwIP},
			VpnGateway:      cgwEnd{OutsideAddress: t.outsideIP},
			IKE: cgwIKE{
				AuthenticationProtocol: ikeIntegrity[first(s.Phase1Integrity, "SHA1")],
				EncryptionProtocol:     ikeCipher[first(s.Phase1Enc, "AES128")],
				Lifetime:               deref(s.Phase1Lifetime, 28800),
				PerfectForwardSecrecy:  "group" + strconv.Itoa(int(first(s.Phase1DH, 2))),
				Mode:                   "main",
				PreSharedKey:           s.PreSharedKey,
			},
			IPsec: cgwIPsec{
				Protocol:               "esp",
				AuthenticationProtocol: espIntegrity[first(s.Phase2Integrity, "SHA1")],
				EncryptionProtocol:     ikeCipher[first(s.Phase2Enc, "AES128")],
				Lifetime:               deref(s.Phase2Lifetime, 3600),
				PerfectForwardSecrecy:  "group" + strconv.Itoa(int(first(s.Phase2DH, 2))),
				Mode:                   "tunnel",
				ClearDfBit:             true,
				FragmentationBeforeEnc: true,
				TCPMssAdjustment:       1379,
				DPDDelay:               10,
				DPDRetries:             max(3, deref(s.DPDTimeout, 30)/10),
			},
		}
		if v.opts.InsideIPVersion == "ipv6" {
			ct.CustomerGateway.Inside, ct.VpnGateway.Inside = insideAddresses(s.InsideIpv6Cidr)
		} else {
			ct.CustomerGateway.Inside, ct.VpnGateway.Inside = insideAddresses(s.InsideCidr)
		}
		if !v.opts.StaticRoutesOnly {
			ct.CustomerGateway.BGP = &cgwBGP{ASN: cgwAsn, HoldTime: 30}
			ct.VpnGateway.BGP = &cgwBGP{ASN: strconv.FormatInt(awsAsn, 10), HoldTime: 30}
		}
		doc.Tunnels = append(doc.Tunnels, ct)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("ec2sim: cannot encode customer gateway configuration: " + err.Error())
	}
	return xml.Header + string(b)
}

// insideAddresses splits a tunnel's inside /30 (or /126): AWS takes the
// first host address, the customer gateway the second.
func insideAddresses(cidr string) (cgw, aws *cgwInside) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return nil, nil
	}
	awsAddr := p.Addr().Next()
	cgwAddr := awsAddr.Next()
	mask := ""
	if p.Addr().Is4() {
		mask = "255.255.255.252"
	}
	return &cgwInside{cgwAddr.String(), mask, p.Bits()}, &cgwInside{awsAddr.String(), mask, p.Bits()}
}
