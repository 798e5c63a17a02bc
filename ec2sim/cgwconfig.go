package ec2sim

import (
	"encoding/xml"
	"net/netip"
	"strconv"
	"strings"
)

// The customerGatewayConfiguration document: the generic (vendor-neutral)
// XML AWS returns for configuring the customer's device, with the skeleton
// moto reproduces (BEHAVIOUR.md §6), filled per tunnel from the connection's
// real addresses, keys and IKE/IPsec settings. It is built when a response
// is rendered, from the connection's current state, so a modified tunnel
// is reflected at once; a seeded connection holds its document only once
// it has been described (cgwInputs).

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

// cgwInputs is everything a connection's document is made of, as the
// document states it: equal inputs, equal documents. A connection keeps
// its last document's inputs and escaped text (vpnConn.cgwDoc), so a
// describe renders the document again only when they changed: rendering
// it was half of the simulator's CPU in a 16-region fan-out, work EC2
// does on its own machines but the simulator does on the benchmark's.
type cgwInputs struct {
	id, cgw, vgw, tgw, typ string
	static, ipv6           bool
	cgwIP, cgwAsn, awsAsn  string
	tunnels                [tunnelsPerConnection]cgwTunnelInputs
}

// tunnelsPerConnection is how many tunnels EC2 gives every VPN connection.
const tunnelsPerConnection = 2

type cgwTunnelInputs struct {
	outsideIP, insideCidr, psk       string
	ikeInteg, ikeEnc, ikePFS         string
	ipsecInteg, ipsecEnc, ipsecPFS   string
	ikeLifetime, ipsecLifetime, dpdN int32
}

// cgwDocMemo is a connection's last rendered document.
type cgwDocMemo struct {
	in      cgwInputs
	escaped string // XML-escaped, as it stands in a response
}

// cgwInputsOf reads v's document inputs; cgwIP and cgwAsn describe its
// customer gateway, awsAsn the Amazon side of BGP.
func cgwInputsOf(v *vpnConn, cgwIP, cgwAsn string, awsAsn int64) cgwInputs {
	in := cgwInputs{id: v.id, cgw: v.cgwID, vgw: v.vgwID, tgw: v.tgwID, typ: v.typ,
		static: v.opts.StaticRoutesOnly, ipv6: v.opts.InsideIPVersion == "ipv6",
		cgwIP: cgwIP, cgwAsn: cgwAsn, awsAsn: strconv.FormatInt(awsAsn, 10)}
	for i, t := range v.tunnels {
		s := t.spec
		ti := cgwTunnelInputs{
			outsideIP:     t.outsideIP,
			insideCidr:    s.InsideCidr,
			psk:           s.PreSharedKey,
			ikeInteg:      ikeIntegrity[first(s.Phase1Integrity, "SHA1")],
			ikeEnc:        ikeCipher[first(s.Phase1Enc, "AES128")],
			ikePFS:        "group" + strconv.Itoa(int(first(s.Phase1DH, 2))),
			ipsecInteg:    espIntegrity[first(s.Phase2Integrity, "SHA1")],
			ipsecEnc:      ikeCipher[first(s.Phase2Enc, "AES128")],
			ipsecPFS:      "group" + strconv.Itoa(int(first(s.Phase2DH, 2))),
			ikeLifetime:   deref(s.Phase1Lifetime, 28800),
			ipsecLifetime: deref(s.Phase2Lifetime, 3600),
			dpdN:          max(3, deref(s.DPDTimeout, 30)/10),
		}
		if in.ipv6 {
			ti.insideCidr = s.InsideIpv6Cidr
		}
		in.tunnels[i] = ti
	}
	return in
}

// document renders the customerGatewayConfiguration document of in.
func (in *cgwInputs) document() string {
	doc := cgwDoc{ID: in.id, CustomerGateway: in.cgw, VpnGateway: in.vgw, TransitGateway: in.tgw, Type: in.typ}
	if in.static {
		doc.Attributes = "NoBGPVPNConnection"
	}
	for _, t := range in.tunnels {
		ct := cgwTunnel{
			CustomerGateway: cgwEnd{OutsideAddress: in.cgwIP},
			VpnGateway:      cgwEnd{OutsideAddress: t.outsideIP},
			IKE: cgwIKE{
				AuthenticationProtocol: t.ikeInteg,
				EncryptionProtocol:     t.ikeEnc,
				Lifetime:               t.ikeLifetime,
				PerfectForwardSecrecy:  t.ikePFS,
				Mode:                   "main",
				PreSharedKey:           t.psk,
			},
			IPsec: cgwIPsec{
				Protocol:               "esp",
				AuthenticationProtocol: t.ipsecInteg,
				EncryptionProtocol:     t.ipsecEnc,
				Lifetime:               t.ipsecLifetime,
				PerfectForwardSecrecy:  t.ipsecPFS,
				Mode:                   "tunnel",
				ClearDfBit:             true,
				FragmentationBeforeEnc: true,
				TCPMssAdjustment:       1379,
				DPDDelay:               10,
				DPDRetries:             t.dpdN,
			},
		}
		ct.CustomerGateway.Inside, ct.VpnGateway.Inside = insideAddresses(t.insideCidr)
		if !in.static {
			ct.CustomerGateway.BGP = &cgwBGP{ASN: in.cgwAsn, HoldTime: 30}
			ct.VpnGateway.BGP = &cgwBGP{ASN: in.awsAsn, HoldTime: 30}
		}
		doc.Tunnels = append(doc.Tunnels, ct)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("ec2sim: cannot encode customer gateway configuration: " + err.Error())
	}
	return xml.Header + string(b)
}

// escapeXML is s as character data in an XML element.
func escapeXML(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	xml.EscapeText(&b, []byte(s))
	return b.String()
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
