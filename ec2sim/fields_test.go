package ec2sim

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// fullTunnel sets every member of VpnTunnelOptionsSpecification.
func fullTunnel(n int) types.VpnTunnelOptionsSpecification {
	cidrs := []string{"169.254.10.0/30", "169.254.11.0/30"}
	return types.VpnTunnelOptionsSpecification{
		TunnelInsideCidr:             aws.String(cidrs[n]),
		PreSharedKey:                 aws.String([]string{"psk_tunnel_one.1", "psk_tunnel_two.2"}[n]),
		Phase1LifetimeSeconds:        aws.Int32(27000),
		Phase2LifetimeSeconds:        aws.Int32(3000),
		RekeyMarginTimeSeconds:       aws.Int32(600),
		RekeyFuzzPercentage:          aws.Int32(50),
		ReplayWindowSize:             aws.Int32(2048),
		DPDTimeoutSeconds:            aws.Int32(45),
		DPDTimeoutAction:             aws.String("restart"),
		Phase1EncryptionAlgorithms:   []types.Phase1EncryptionAlgorithmsRequestListValue{{Value: aws.String("AES256")}, {Value: aws.String("AES128-GCM-16")}},
		Phase2EncryptionAlgorithms:   []types.Phase2EncryptionAlgorithmsRequestListValue{{Value: aws.String("AES256-GCM-16")}},
		Phase1IntegrityAlgorithms:    []types.Phase1IntegrityAlgorithmsRequestListValue{{Value: aws.String("SHA2-384")}},
		Phase2IntegrityAlgorithms:    []types.Phase2IntegrityAlgorithmsRequestListValue{{Value: aws.String("SHA2-512")}, {Value: aws.String("SHA1")}},
		Phase1DHGroupNumbers:         []types.Phase1DHGroupNumbersRequestListValue{{Value: aws.Int32(20)}, {Value: aws.Int32(21)}},
		Phase2DHGroupNumbers:         []types.Phase2DHGroupNumbersRequestListValue{{Value: aws.Int32(5)}},
		IKEVersions:                  []types.IKEVersionsRequestListValue{{Value: aws.String("ikev2")}},
		StartupAction:                aws.String("start"),
		EnableTunnelLifecycleControl: aws.Bool(true),
		LogOptions: &types.VpnTunnelLogOptionsSpecification{CloudWatchLogOptions: &types.CloudWatchLogOptionsSpecification{
			LogEnabled: aws.Bool(true), LogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:vpn"),
			LogOutputFormat: aws.String("text"), BgpLogEnabled: aws.Bool(true),
			BgpLogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:bgp"), BgpLogOutputFormat: aws.String("json"),
		}},
	}
}

// TestVpnConnection_EveryField creates connections that together set every
// option the API has and checks, field by field, what the SDK decodes from
// CreateVpnConnection and DescribeVpnConnections; then checks by reflection
// that no field of types.VpnConnection (at any depth) stayed unset.
func TestVpnConnection_EveryField(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	f := newFixture(t, c)
	certCGW := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, CertificateArn: aws.String("arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x"),
		BgpAsnExtended: aws.Int64(4200000001), DeviceName: aws.String("edge")}))

	full := &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: aws.String(f.cgw), Type: aws.String("ipsec.1"), TransitGatewayId: aws.String(f.tgw),
		VpnConcentratorId: aws.String("vcn-0123456789abcdef0"),
		Options: &types.VpnConnectionOptionsSpecification{
			EnableAcceleration: aws.Bool(true), StaticRoutesOnly: aws.Bool(false),
			LocalIpv4NetworkCidr: aws.String("10.0.0.0/16"), RemoteIpv4NetworkCidr: aws.String("172.31.0.0/16"),
			OutsideIpAddressType: aws.String("PrivateIpv4"), TransportTransitGatewayAttachmentId: aws.String("tgw-attach-0123456789abcdef0"),
			TunnelInsideIpVersion: types.TunnelInsideIpVersionIpv4, TunnelBandwidth: types.VpnTunnelBandwidthLarge,
			TunnelOptions: []types.VpnTunnelOptionsSpecification{fullTunnel(0), fullTunnel(1)},
		},
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnConnection,
			Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("full")}, {Key: aws.String("Empty"), Value: aws.String("")}}}},
	}
	created := must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, full)).VpnConnection
	if created.CustomerGatewayConfiguration == nil || created.VgwTelemetry == nil {
		t.Fatalf("create response lacks configuration or telemetry: %+v", created)
	}
	got := describe(t, c, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{*created.VpnConnectionId}})[0]
	if !reflect.DeepEqual(*created, got) {
		t.Errorf("create and describe responses differ:\n%+v\n%+v", *created, got)
	}

	o, t0 := got.Options, got.Options.TunnelOptions[0]
	tel := got.VgwTelemetry[0]
	now := time.Now()
	checks := []struct {
		name      string
		got, want any
	}{
		{"VpnConnectionId", strings.HasPrefix(*got.VpnConnectionId, "vpn-0") && len(*got.VpnConnectionId) == 21, true},
		{"Category", *got.Category, "VPN"},
		{"State", got.State, types.VpnStateAvailable},
		{"Type", got.Type, types.GatewayTypeIpsec1},
		{"CustomerGatewayId", *got.CustomerGatewayId, f.cgw},
		{"TransitGatewayId", *got.TransitGatewayId, f.tgw},
		{"VpnGatewayId", got.VpnGatewayId, (*string)(nil)},
		{"VpnConcentratorId", *got.VpnConcentratorId, "vcn-0123456789abcdef0"},
		{"GatewayAssociationState", got.GatewayAssociationState, types.GatewayAssociationStateAssociated},
		{"PreSharedKeyArn", got.PreSharedKeyArn, (*string)(nil)},
		{"CustomerGatewayConfiguration", strings.Contains(*got.CustomerGatewayConfiguration, "<pre_shared_key>psk_tunnel_one.1</pre_shared_key>"), true},
		{"Tags", got.Tags, full.TagSpecifications[0].Tags},
		{"Routes", got.Routes, []types.VpnStaticRoute{}},
		{"Options.EnableAcceleration", *o.EnableAcceleration, true},
		{"Options.StaticRoutesOnly", *o.StaticRoutesOnly, false},
		{"Options.LocalIpv4NetworkCidr", *o.LocalIpv4NetworkCidr, "10.0.0.0/16"},
		{"Options.RemoteIpv4NetworkCidr", *o.RemoteIpv4NetworkCidr, "172.31.0.0/16"},
		{"Options.LocalIpv6NetworkCidr", o.LocalIpv6NetworkCidr, (*string)(nil)},
		{"Options.OutsideIpAddressType", *o.OutsideIpAddressType, "PrivateIpv4"},
		{"Options.TransportTransitGatewayAttachmentId", *o.TransportTransitGatewayAttachmentId, "tgw-attach-0123456789abcdef0"},
		{"Options.TunnelInsideIpVersion", o.TunnelInsideIpVersion, types.TunnelInsideIpVersionIpv4},
		{"Options.TunnelBandwidth", o.TunnelBandwidth, types.VpnTunnelBandwidthLarge},
		{"len(TunnelOptions)", len(o.TunnelOptions), 2},
		{"Tunnel.OutsideIpAddress", strings.HasPrefix(*t0.OutsideIpAddress, "10."), true},
		{"Tunnel.TunnelInsideCidr", *t0.TunnelInsideCidr, "169.254.10.0/30"},
		{"Tunnel2.TunnelInsideCidr", *o.TunnelOptions[1].TunnelInsideCidr, "169.254.11.0/30"},
		{"Tunnel.PreSharedKey", *t0.PreSharedKey, "psk_tunnel_one.1"},
		{"Tunnel.Phase1LifetimeSeconds", *t0.Phase1LifetimeSeconds, int32(27000)},
		{"Tunnel.Phase2LifetimeSeconds", *t0.Phase2LifetimeSeconds, int32(3000)},
		{"Tunnel.RekeyMarginTimeSeconds", *t0.RekeyMarginTimeSeconds, int32(600)},
		{"Tunnel.RekeyFuzzPercentage", *t0.RekeyFuzzPercentage, int32(50)},
		{"Tunnel.ReplayWindowSize", *t0.ReplayWindowSize, int32(2048)},
		{"Tunnel.DpdTimeoutSeconds", *t0.DpdTimeoutSeconds, int32(45)},
		{"Tunnel.DpdTimeoutAction", *t0.DpdTimeoutAction, "restart"},
		{"Tunnel.Phase1EncryptionAlgorithms", t0.Phase1EncryptionAlgorithms, []types.Phase1EncryptionAlgorithmsListValue{{Value: aws.String("AES256")}, {Value: aws.String("AES128-GCM-16")}}},
		{"Tunnel.Phase2EncryptionAlgorithms", t0.Phase2EncryptionAlgorithms, []types.Phase2EncryptionAlgorithmsListValue{{Value: aws.String("AES256-GCM-16")}}},
		{"Tunnel.Phase1IntegrityAlgorithms", t0.Phase1IntegrityAlgorithms, []types.Phase1IntegrityAlgorithmsListValue{{Value: aws.String("SHA2-384")}}},
		{"Tunnel.Phase2IntegrityAlgorithms", t0.Phase2IntegrityAlgorithms, []types.Phase2IntegrityAlgorithmsListValue{{Value: aws.String("SHA2-512")}, {Value: aws.String("SHA1")}}},
		{"Tunnel.Phase1DHGroupNumbers", t0.Phase1DHGroupNumbers, []types.Phase1DHGroupNumbersListValue{{Value: aws.Int32(20)}, {Value: aws.Int32(21)}}},
		{"Tunnel.Phase2DHGroupNumbers", t0.Phase2DHGroupNumbers, []types.Phase2DHGroupNumbersListValue{{Value: aws.Int32(5)}}},
		{"Tunnel.IkeVersions", t0.IkeVersions, []types.IKEVersionsListValue{{Value: aws.String("ikev2")}}},
		{"Tunnel.StartupAction", *t0.StartupAction, "start"},
		{"Tunnel.EnableTunnelLifecycleControl", *t0.EnableTunnelLifecycleControl, true},
		{"Tunnel.LogOptions", *t0.LogOptions.CloudWatchLogOptions, types.CloudWatchLogOptions{
			LogEnabled: aws.Bool(true), LogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:vpn"),
			LogOutputFormat: aws.String("text"), BgpLogEnabled: aws.Bool(true),
			BgpLogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:bgp"), BgpLogOutputFormat: aws.String("json")}},
		{"len(VgwTelemetry)", len(got.VgwTelemetry), 2},
		{"Telemetry.OutsideIpAddress", *tel.OutsideIpAddress, *t0.OutsideIpAddress},
		{"Telemetry.Status", tel.Status, types.TelemetryStatusUp},
		{"Telemetry.StatusMessage", *tel.StatusMessage, "1 BGP ROUTES"},
		{"Telemetry.AcceptedRouteCount", *tel.AcceptedRouteCount, int32(1)},
		{"Telemetry.LastStatusChange", tel.LastStatusChange.Sub(now).Abs() < time.Minute, true},
		{"Telemetry.CertificateArn", tel.CertificateArn, (*string)(nil)},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}

	// The other connections cover what cannot go with the first: IPv6,
	// static routes, Secrets Manager keys, certificates, Cloud WAN.
	v6 := must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: certCGW.CustomerGateway.CustomerGatewayId, Type: aws.String("ipsec.1"), TransitGatewayId: aws.String(f.tgw),
		PreSharedKeyStorage: aws.String("SecretsManager"),
		Options: &types.VpnConnectionOptionsSpecification{TunnelInsideIpVersion: types.TunnelInsideIpVersionIpv6,
			LocalIpv6NetworkCidr: aws.String("2001:db8::/32"), RemoteIpv6NetworkCidr: aws.String("2001:db8:1::/48"),
			TunnelOptions: []types.VpnTunnelOptionsSpecification{{TunnelInsideIpv6Cidr: aws.String("fd00:1::/126")}}},
	})).VpnConnection
	if *v6.Options.TunnelOptions[0].TunnelInsideIpv6Cidr != "fd00:1::/126" || *v6.Options.LocalIpv6NetworkCidr != "2001:db8::/32" ||
		v6.PreSharedKeyArn == nil || v6.Options.TunnelOptions[0].PreSharedKey != nil || v6.VgwTelemetry[0].CertificateArn == nil {
		t.Errorf("IPv6 / Secrets Manager / certificate connection: %+v", v6)
	}
	static := f.createVpn(t, c, true)
	must[*ec2.CreateVpnConnectionRouteOutput](t)(c.CreateVpnConnectionRoute(ctx, &ec2.CreateVpnConnectionRouteInput{
		VpnConnectionId: static.VpnConnectionId, DestinationCidrBlock: aws.String("192.168.10.0/24")}))
	wan := must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: aws.String(f.cgw), Type: aws.String("ipsec.1")})).VpnConnection
	if wan.GatewayAssociationState != types.GatewayAssociationStateNotAssociated {
		t.Errorf("connection without gateway: association %q", wan.GatewayAssociationState)
	}
	must[string](t)(e.sim.AttachCoreNetwork(DefaultAccount, "us-east-1", *wan.VpnConnectionId,
		"arn:aws:networkmanager::123456789012:core-network/core-network-0123456789abcdef0"))

	all := describe(t, c, nil)
	if len(all) != 4 {
		t.Fatalf("described %d connections, want 4", len(all))
	}
	for _, v := range all {
		if *v.VpnConnectionId == *static.VpnConnectionId {
			want := []types.VpnStaticRoute{{DestinationCidrBlock: aws.String("192.168.10.0/24"), Source: "Static", State: "available"}}
			if !reflect.DeepEqual(v.Routes, want) || *v.VgwTelemetry[0].AcceptedRouteCount != 1 {
				t.Errorf("static connection routes %+v telemetry %+v", v.Routes, v.VgwTelemetry)
			}
		}
		if *v.VpnConnectionId == *wan.VpnConnectionId && (v.CoreNetworkArn == nil || v.CoreNetworkAttachmentArn == nil ||
			v.GatewayAssociationState != types.GatewayAssociationStateAssociated) {
			t.Errorf("Cloud WAN connection %+v", v)
		}
	}
	var unset []string
	coverage(reflect.TypeOf(types.VpnConnection{}), "VpnConnection", func(path string) bool {
		for _, v := range all {
			if anySet(reflect.ValueOf(v), strings.Split(path, ".")[1:]) {
				return true
			}
		}
		return false
	}, &unset)
	if len(unset) > 0 {
		t.Errorf("fields no response set: %v", unset)
	}
}

// coverage calls set for the path of every leaf field of typ (descending into
// structs, pointers and slices) and collects the paths set rejects.
func coverage(typ reflect.Type, path string, set func(string) bool, unset *[]string) {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ.PkgPath() == "time" {
		if !set(path) {
			*unset = append(*unset, path)
		}
		return
	}
	for i := range typ.NumField() {
		if fl := typ.Field(i); fl.IsExported() {
			coverage(fl.Type, path+"."+fl.Name, set, unset)
		}
	}
}

// anySet reports whether the field at path is non-zero in v (any element
// of a slice on the way).
func anySet(v reflect.Value, path []string) bool {
	if len(path) == 0 && v.Kind() == reflect.Pointer {
		return !v.IsNil() // a pointer to false or 0 is set
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			if anySet(v.Index(i), path) {
				return true
			}
		}
		return false
	}
	if len(path) == 0 {
		return !v.IsZero()
	}
	return anySet(v.FieldByName(path[0]), path[1:])
}

// TestVgwTelemetry_MatchesTunnelOptions: every connection of the demo set and
// every kind created through the API (BGP, static with routes, certificate
// customer gateway) has two tunnels whose telemetry matches
// options.tunnelOptionSet by outside address, with the fields a tunnel's
// status implies.
func TestVgwTelemetry_MatchesTunnelOptions(t *testing.T) {
	e := seeded(t, DemoSeed())
	var all []types.VpnConnection
	for _, r := range DemoSeed().Regions {
		all = append(all, describe(t, e.ec2(r, "AKIDTEST"), nil)...)
	}
	c := e.ec2("sa-east-1", "AKIDTEST")
	f := newFixture(t, c)
	static := f.createVpn(t, c, true)
	must[*ec2.CreateVpnConnectionRouteOutput](t)(c.CreateVpnConnectionRoute(ctx, &ec2.CreateVpnConnectionRouteInput{
		VpnConnectionId: static.VpnConnectionId, DestinationCidrBlock: aws.String("192.168.10.0/24")}))
	cert := *must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1,
		CertificateArn: aws.String("arn:aws:acm:sa-east-1:123456789012:certificate/c")})).CustomerGateway.CustomerGatewayId
	must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &cert,
		Type: aws.String("ipsec.1"), TransitGatewayId: &f.tgw}))
	all = append(all, describe(t, c, nil)...)

	status := map[types.TelemetryStatus]int{}
	certs := 0
	for _, v := range all {
		id := *v.VpnConnectionId
		if len(v.VgwTelemetry) != 2 || len(v.Options.TunnelOptions) != 2 {
			t.Errorf("%s: %d telemetry, %d tunnel options", id, len(v.VgwTelemetry), len(v.Options.TunnelOptions))
			continue
		}
		var telIPs, optIPs []string
		for i, tl := range v.VgwTelemetry {
			telIPs, optIPs = append(telIPs, *tl.OutsideIpAddress), append(optIPs, *v.Options.TunnelOptions[i].OutsideIpAddress)
			status[tl.Status]++
			if tl.CertificateArn != nil {
				certs++
			}
			switch {
			case tl.LastStatusChange == nil || tl.LastStatusChange.IsZero():
				t.Errorf("%s: no lastStatusChange", id)
			case tl.Status == types.TelemetryStatusDown && (*tl.StatusMessage != "IPSEC IS DOWN" || *tl.AcceptedRouteCount != 0):
				t.Errorf("%s: DOWN tunnel %q, %d routes", id, *tl.StatusMessage, *tl.AcceptedRouteCount)
			case tl.Status == types.TelemetryStatusUp && *v.Options.StaticRoutesOnly && int(*tl.AcceptedRouteCount) != len(v.Routes):
				t.Errorf("%s: static UP tunnel accepts %d routes, has %d", id, *tl.AcceptedRouteCount, len(v.Routes))
			case tl.Status == types.TelemetryStatusUp && !*v.Options.StaticRoutesOnly && *tl.StatusMessage != fmt.Sprintf("%d BGP ROUTES", *tl.AcceptedRouteCount):
				t.Errorf("%s: BGP UP tunnel %q, %d routes", id, *tl.StatusMessage, *tl.AcceptedRouteCount)
			}
		}
		if !slices.Equal(telIPs, optIPs) || telIPs[0] == telIPs[1] {
			t.Errorf("%s: telemetry %v, tunnel options %v", id, telIPs, optIPs)
		}
	}
	if status[types.TelemetryStatusUp] == 0 || status[types.TelemetryStatusDown] == 0 || certs != 2 {
		t.Errorf("tunnel status %v, %d with certificates (want UP and DOWN, 2 certificates)", status, certs)
	}
}
