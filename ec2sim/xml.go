package ec2sim

import (
	"bytes"
	"encoding/xml"
	"time"
)

// Response shapes, named and nested as the EC2 model's locationNames
// (API.md §4-5). Optional scalars use omitempty so that an unset member is
// absent rather than empty; lists are <name><item>…</item></name>.

const (
	ec2NS      = "http://ec2.amazonaws.com/doc/2016-11-15/"
	timeFormat = "2006-01-02T15:04:05.000Z"
)

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// encodeResponse writes v as <{action}Response xmlns=…>; v's first field is
// the requestId.
func encodeResponse(action, ns string, v any) []byte {
	start := xml.StartElement{
		Name: xml.Name{Local: action + "Response"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: ns}},
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.EncodeElement(v, start); err != nil {
		panic("ec2sim: cannot encode response: " + err.Error())
	}
	return buf.Bytes()
}

// innerXML is an element's content, already escaped.
type innerXML struct {
	Text string `xml:",innerxml"`
}

type list[T any] struct {
	Items []T `xml:"item"`
}

func listOf[T any](items []T) *list[T] {
	if items == nil {
		return nil
	}
	return &list[T]{Items: items}
}

type valueItem[T any] struct {
	Value T `xml:"value"`
}

func values[T any](vs []T) *list[valueItem[T]] {
	if vs == nil {
		return nil
	}
	out := make([]valueItem[T], len(vs))
	for i, v := range vs {
		out[i].Value = v
	}
	return &list[valueItem[T]]{Items: out}
}

type xTag struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xVpnConnection struct {
	VpnConnectionID              string            `xml:"vpnConnectionId"`
	CustomerGatewayConfiguration *innerXML         `xml:"customerGatewayConfiguration,omitempty"`
	Type                         string            `xml:"type"`
	CustomerGatewayID            string            `xml:"customerGatewayId"`
	VpnGatewayID                 string            `xml:"vpnGatewayId,omitempty"`
	TransitGatewayID             string            `xml:"transitGatewayId,omitempty"`
	VpnConcentratorID            string            `xml:"vpnConcentratorId,omitempty"`
	CoreNetworkArn               string            `xml:"coreNetworkArn,omitempty"`
	CoreNetworkAttachmentArn     string            `xml:"coreNetworkAttachmentArn,omitempty"`
	PreSharedKeyArn              string            `xml:"preSharedKeyArn,omitempty"`
	Category                     string            `xml:"category"`
	State                        string            `xml:"state"`
	GatewayAssociationState      string            `xml:"gatewayAssociationState,omitempty"`
	Options                      *xConnOptions     `xml:"options,omitempty"`
	Routes                       list[xRoute]      `xml:"routes"`
	TagSet                       list[xTag]        `xml:"tagSet"`
	VgwTelemetry                 *list[xTelemetry] `xml:"vgwTelemetry,omitempty"`
}

type xConnOptions struct {
	EnableAcceleration                  *bool                `xml:"enableAcceleration,omitempty"`
	StaticRoutesOnly                    *bool                `xml:"staticRoutesOnly,omitempty"`
	LocalIpv4NetworkCidr                string               `xml:"localIpv4NetworkCidr,omitempty"`
	RemoteIpv4NetworkCidr               string               `xml:"remoteIpv4NetworkCidr,omitempty"`
	LocalIpv6NetworkCidr                string               `xml:"localIpv6NetworkCidr,omitempty"`
	RemoteIpv6NetworkCidr               string               `xml:"remoteIpv6NetworkCidr,omitempty"`
	OutsideIPAddressType                string               `xml:"outsideIpAddressType,omitempty"`
	TransportTransitGatewayAttachmentID string               `xml:"transportTransitGatewayAttachmentId,omitempty"`
	TunnelInsideIPVersion               string               `xml:"tunnelInsideIpVersion,omitempty"`
	TunnelBandwidth                     string               `xml:"tunnelBandwidth,omitempty"`
	TunnelOptions                       *list[xTunnelOption] `xml:"tunnelOptionSet,omitempty"`
}

type xTunnelOption struct {
	OutsideIPAddress             string                    `xml:"outsideIpAddress,omitempty"`
	TunnelInsideCidr             string                    `xml:"tunnelInsideCidr,omitempty"`
	TunnelInsideIpv6Cidr         string                    `xml:"tunnelInsideIpv6Cidr,omitempty"`
	PreSharedKey                 string                    `xml:"preSharedKey,omitempty"`
	Phase1LifetimeSeconds        *int32                    `xml:"phase1LifetimeSeconds,omitempty"`
	Phase2LifetimeSeconds        *int32                    `xml:"phase2LifetimeSeconds,omitempty"`
	RekeyMarginTimeSeconds       *int32                    `xml:"rekeyMarginTimeSeconds,omitempty"`
	RekeyFuzzPercentage          *int32                    `xml:"rekeyFuzzPercentage,omitempty"`
	ReplayWindowSize             *int32                    `xml:"replayWindowSize,omitempty"`
	DpdTimeoutSeconds            *int32                    `xml:"dpdTimeoutSeconds,omitempty"`
	DpdTimeoutAction             string                    `xml:"dpdTimeoutAction,omitempty"`
	Phase1EncryptionAlgorithms   *list[valueItem[string]]  `xml:"phase1EncryptionAlgorithmSet,omitempty"`
	Phase2EncryptionAlgorithms   *list[valueItem[string]]  `xml:"phase2EncryptionAlgorithmSet,omitempty"`
	Phase1IntegrityAlgorithms    *list[valueItem[string]]  `xml:"phase1IntegrityAlgorithmSet,omitempty"`
	Phase2IntegrityAlgorithms    *list[valueItem[string]]  `xml:"phase2IntegrityAlgorithmSet,omitempty"`
	Phase1DHGroupNumbers         *list[valueItem[int32]]   `xml:"phase1DHGroupNumberSet,omitempty"`
	Phase2DHGroupNumbers         *list[valueItem[int32]]   `xml:"phase2DHGroupNumberSet,omitempty"`
	IkeVersions                  *list[valueItem[string]]  `xml:"ikeVersionSet,omitempty"`
	StartupAction                string                    `xml:"startupAction,omitempty"`
	LogOptions                   *xCloudWatchLogOptionsSet `xml:"logOptions,omitempty"`
	EnableTunnelLifecycleControl *bool                     `xml:"enableTunnelLifecycleControl,omitempty"`
}

type xCloudWatchLogOptionsSet struct {
	CloudWatchLogOptions xCloudWatchLogOptions `xml:"cloudWatchLogOptions"`
}

type xCloudWatchLogOptions struct {
	LogEnabled         *bool  `xml:"logEnabled,omitempty"`
	LogGroupArn        string `xml:"logGroupArn,omitempty"`
	LogOutputFormat    string `xml:"logOutputFormat,omitempty"`
	BgpLogEnabled      *bool  `xml:"bgpLogEnabled,omitempty"`
	BgpLogGroupArn     string `xml:"bgpLogGroupArn,omitempty"`
	BgpLogOutputFormat string `xml:"bgpLogOutputFormat,omitempty"`
}

type xRoute struct {
	DestinationCidrBlock string `xml:"destinationCidrBlock"`
	Source               string `xml:"source"`
	State                string `xml:"state"`
}

type xTelemetry struct {
	OutsideIPAddress   string `xml:"outsideIpAddress"`
	Status             string `xml:"status"`
	LastStatusChange   string `xml:"lastStatusChange"`
	StatusMessage      string `xml:"statusMessage"`
	AcceptedRouteCount int32  `xml:"acceptedRouteCount"`
	CertificateArn     string `xml:"certificateArn,omitempty"`
}

type xCustomerGateway struct {
	CustomerGatewayID string     `xml:"customerGatewayId"`
	State             string     `xml:"state"`
	Type              string     `xml:"type"`
	IPAddress         string     `xml:"ipAddress,omitempty"`
	BgpAsn            string     `xml:"bgpAsn,omitempty"`
	BgpAsnExtended    string     `xml:"bgpAsnExtended,omitempty"`
	CertificateArn    string     `xml:"certificateArn,omitempty"`
	DeviceName        string     `xml:"deviceName,omitempty"`
	TagSet            list[xTag] `xml:"tagSet"`
}

type xVpnGateway struct {
	VpnGatewayID     string               `xml:"vpnGatewayId"`
	State            string               `xml:"state"`
	Type             string               `xml:"type"`
	AvailabilityZone string               `xml:"availabilityZone,omitempty"`
	Attachments      list[xVpcAttachment] `xml:"attachments"`
	AmazonSideAsn    int64                `xml:"amazonSideAsn"`
	TagSet           list[xTag]           `xml:"tagSet"`
}

type xVpcAttachment struct {
	VpcID string `xml:"vpcId"`
	State string `xml:"state"`
}

type xVpc struct {
	VpcID           string     `xml:"vpcId"`
	OwnerID         string     `xml:"ownerId"`
	State           string     `xml:"state"`
	CidrBlock       string     `xml:"cidrBlock"`
	InstanceTenancy string     `xml:"instanceTenancy"`
	IsDefault       bool       `xml:"isDefault"`
	TagSet          list[xTag] `xml:"tagSet"`
}

type xTransitGateway struct {
	TransitGatewayID  string     `xml:"transitGatewayId"`
	TransitGatewayArn string     `xml:"transitGatewayArn"`
	State             string     `xml:"state"`
	OwnerID           string     `xml:"ownerId"`
	Description       string     `xml:"description,omitempty"`
	CreationTime      string     `xml:"creationTime"`
	Options           xTGWOpts   `xml:"options"`
	TagSet            list[xTag] `xml:"tagSet"`
}

type xTGWOpts struct {
	AmazonSideAsn                   int64         `xml:"amazonSideAsn"`
	TransitGatewayCidrBlocks        *list[string] `xml:"transitGatewayCidrBlocks,omitempty"`
	AutoAcceptSharedAttachments     string        `xml:"autoAcceptSharedAttachments"`
	DefaultRouteTableAssociation    string        `xml:"defaultRouteTableAssociation"`
	AssociationDefaultRouteTableID  string        `xml:"associationDefaultRouteTableId,omitempty"`
	DefaultRouteTablePropagation    string        `xml:"defaultRouteTablePropagation"`
	PropagationDefaultRouteTableID  string        `xml:"propagationDefaultRouteTableId,omitempty"`
	VpnEcmpSupport                  string        `xml:"vpnEcmpSupport"`
	DNSSupport                      string        `xml:"dnsSupport"`
	SecurityGroupReferencingSupport string        `xml:"securityGroupReferencingSupport,omitempty"`
	MulticastSupport                string        `xml:"multicastSupport,omitempty"`
	EncryptionSupport               *xEncryption  `xml:"encryptionSupport,omitempty"`
}

type xEncryption struct {
	EncryptionState string `xml:"encryptionState"`
	StateMessage    string `xml:"stateMessage,omitempty"`
}

type xRegion struct {
	RegionName     string `xml:"regionName"`
	RegionEndpoint string `xml:"regionEndpoint"`
	OptInStatus    string `xml:"optInStatus"`
}

// Operation responses. header is embedded first so requestId leads.

type header struct {
	RequestID string `xml:"requestId"`
}

func (h *header) setRequestID(id string) { h.RequestID = id }

type requestIDSetter interface{ setRequestID(string) }

type returnResponse struct {
	header
	Return bool `xml:"return"`
}

type vpnConnectionsResponse struct {
	header
	VpnConnections list[xVpnConnection] `xml:"vpnConnectionSet"`
}

type vpnConnectionResponse struct {
	header
	VpnConnection xVpnConnection `xml:"vpnConnection"`
}

type customerGatewaysResponse struct {
	header
	CustomerGateways list[xCustomerGateway] `xml:"customerGatewaySet"`
}

type customerGatewayResponse struct {
	header
	CustomerGateway xCustomerGateway `xml:"customerGateway"`
}

type vpnGatewaysResponse struct {
	header
	VpnGateways list[xVpnGateway] `xml:"vpnGatewaySet"`
}

type vpnGatewayResponse struct {
	header
	VpnGateway xVpnGateway `xml:"vpnGateway"`
}

type transitGatewaysResponse struct {
	header
	TransitGateways list[xTransitGateway] `xml:"transitGatewaySet"`
	NextToken       string                `xml:"nextToken,omitempty"`
}

type vpcResponse struct {
	header
	Vpc xVpc `xml:"vpc"`
}

type vpcsResponse struct {
	header
	Vpcs list[xVpc] `xml:"vpcSet"`
}

type attachVpnGatewayResponse struct {
	header
	Attachment xVpcAttachment `xml:"attachment"`
}

type transitGatewayResponse struct {
	header
	TransitGateway xTransitGateway `xml:"transitGateway"`
}

type regionsResponse struct {
	header
	Regions list[xRegion] `xml:"regionInfo"`
}
