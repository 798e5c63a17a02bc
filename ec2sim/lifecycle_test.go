package ec2sim

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const delay = 10 * time.Minute

func one1(t *testing.T, c *ec2.Client, id *string) types.VpnConnection {
	t.Helper()
	return describe(t, c, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{*id}})[0]
}

func tunnelStatus(v types.VpnConnection) string {
	var s []string
	for _, tl := range v.VgwTelemetry {
		s = append(s, string(tl.Status))
	}
	return strings.Join(s, ",")
}

// newLifecycleEnv: provisioning takes 10 minutes of an injected clock; the
// gateways are created (and made available) before the test's connection.
func newLifecycleEnv(t *testing.T) (*env, *clock, *ec2.Client, fixture) {
	clk := newClock()
	e := newEnv(t, Options{ProvisionDelay: delay, DeleteRetention: time.Hour, Now: clk.Now})
	c := e.client()
	f := newFixture(t, c)
	clk.Advance(delay) // the transit gateway becomes available
	return e, clk, c, f
}

func TestLifecycle_CreateProvisionDelete(t *testing.T) {
	_, clk, c, f := newLifecycleEnv(t)
	created := clk.Now()
	v := f.createVpn(t, c, false)
	if v.State != types.VpnStatePending || v.CustomerGatewayConfiguration == nil || v.VgwTelemetry != nil {
		t.Fatalf("new connection: state %s, configuration %v, telemetry %v", v.State, v.CustomerGatewayConfiguration != nil, v.VgwTelemetry)
	}
	_, err := c.ModifyVpnConnectionOptions(ctx, &ec2.ModifyVpnConnectionOptionsInput{VpnConnectionId: v.VpnConnectionId, LocalIpv4NetworkCidr: aws.String("10.0.0.0/8")})
	wantError(t, err, "InvalidVpnConnection.InvalidState", 400)

	clk.Advance(delay - time.Second)
	if got := one1(t, c, v.VpnConnectionId); got.State != types.VpnStatePending || got.CustomerGatewayConfiguration == nil {
		t.Fatalf("just before the delay: %s", got.State)
	}
	clk.Advance(time.Second)
	got := one1(t, c, v.VpnConnectionId)
	if got.State != types.VpnStateAvailable || tunnelStatus(got) != "UP,UP" || !got.VgwTelemetry[0].LastStatusChange.Equal(created.Add(delay)) {
		t.Fatalf("after the delay: %s, tunnels %s, last change %v", got.State, tunnelStatus(got), got.VgwTelemetry[0].LastStatusChange)
	}

	deleted := clk.Now()
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: v.VpnConnectionId}))
	got = one1(t, c, v.VpnConnectionId)
	if got.State != types.VpnStateDeleting || got.CustomerGatewayConfiguration != nil || tunnelStatus(got) != "DOWN,DOWN" ||
		!got.VgwTelemetry[1].LastStatusChange.Equal(deleted) || *got.VgwTelemetry[1].StatusMessage != "IPSEC IS DOWN" {
		t.Fatalf("deleting: %s, configuration %v, tunnels %s %+v", got.State, got.CustomerGatewayConfiguration != nil, tunnelStatus(got), got.VgwTelemetry[1])
	}
	clk.Advance(delay)
	if got := describe(t, c, &ec2.DescribeVpnConnectionsInput{Filters: filters("state", "deleted")}); len(got) != 1 {
		t.Fatalf("deleted connections listed: %d", len(got))
	}
	// Deleting again while it is listed succeeds.
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: v.VpnConnectionId}))
	clk.Advance(time.Hour - time.Second)
	if got := one1(t, c, v.VpnConnectionId); got.State != types.VpnStateDeleted {
		t.Fatalf("within retention: %s", got.State)
	}
	clk.Advance(time.Second)
	_, err = c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{*v.VpnConnectionId}})
	wantError(t, err, "InvalidVpnConnectionID.NotFound", 400)
	if n := len(describe(t, c, nil)); n != 0 {
		t.Fatalf("%d connections listed after retention", n)
	}
}

func TestLifecycle_ModifyGateway(t *testing.T) {
	_, clk, c, f := newLifecycleEnv(t)
	v := f.createVpn(t, c, false)
	clk.Advance(delay)
	start := clk.Now()
	out := must[*ec2.ModifyVpnConnectionOutput](t)(c.ModifyVpnConnection(ctx, &ec2.ModifyVpnConnectionInput{
		VpnConnectionId: v.VpnConnectionId, TransitGatewayId: &f.tgw})).VpnConnection
	if out.State != "modifying" || out.GatewayAssociationState != types.GatewayAssociationStateDisassociating ||
		*out.TransitGatewayId != f.tgw || out.VpnGatewayId != nil || tunnelStatus(*out) != "DOWN,DOWN" {
		t.Fatalf("modify response: %s %s tgw %v vgw %v tunnels %s", out.State, out.GatewayAssociationState, out.TransitGatewayId, out.VpnGatewayId, tunnelStatus(*out))
	}
	_, err := c.ModifyVpnConnection(ctx, &ec2.ModifyVpnConnectionInput{VpnConnectionId: v.VpnConnectionId, VpnGatewayId: &f.vgw})
	wantError(t, err, "InvalidVpnConnection.InvalidState", 400)
	steps := []struct {
		at           time.Duration
		state        types.VpnState
		assoc        types.GatewayAssociationState
		tunnels      string
		configListed bool
	}{
		{delay/2 - time.Second, "modifying", types.GatewayAssociationStateDisassociating, "DOWN,DOWN", true},
		{delay / 2, "modifying", types.GatewayAssociationStateAssociating, "DOWN,DOWN", true},
		{delay, types.VpnStateAvailable, types.GatewayAssociationStateAssociated, "UP,UP", true},
	}
	for _, st := range steps {
		clk.Advance(start.Add(st.at).Sub(clk.Now()))
		got := one1(t, c, v.VpnConnectionId)
		if got.State != st.state || got.GatewayAssociationState != st.assoc || tunnelStatus(got) != st.tunnels ||
			(got.CustomerGatewayConfiguration != nil) != st.configListed {
			t.Errorf("+%v: %s %s %s", st.at, got.State, got.GatewayAssociationState, tunnelStatus(got))
		}
	}
	if got := one1(t, c, v.VpnConnectionId); !got.VgwTelemetry[0].LastStatusChange.Equal(start.Add(delay)) ||
		!strings.Contains(*got.CustomerGatewayConfiguration, "<transit_gateway_id>"+f.tgw) {
		t.Errorf("after the move: last change %v", got.VgwTelemetry[0].LastStatusChange)
	}
}

func TestLifecycle_ModifyOptionsAndTunnels(t *testing.T) {
	_, clk, c, f := newLifecycleEnv(t)
	v := f.createVpn(t, c, false)
	clk.Advance(delay)
	out := must[*ec2.ModifyVpnConnectionOptionsOutput](t)(c.ModifyVpnConnectionOptions(ctx, &ec2.ModifyVpnConnectionOptionsInput{
		VpnConnectionId: v.VpnConnectionId, LocalIpv4NetworkCidr: aws.String("10.1.0.0/16"), RemoteIpv4NetworkCidr: aws.String("172.31.0.0/16")})).VpnConnection
	if out.State != "modifying" || *out.Options.LocalIpv4NetworkCidr != "10.1.0.0/16" || *out.Options.RemoteIpv4NetworkCidr != "172.31.0.0/16" {
		t.Fatalf("modify options: %s %+v", out.State, out.Options)
	}
	clk.Advance(delay)
	got := one1(t, c, v.VpnConnectionId)
	if got.State != types.VpnStateAvailable || tunnelStatus(got) != "UP,UP" {
		t.Fatalf("after options change: %s %s", got.State, tunnelStatus(got))
	}

	// A tunnel change replaces that tunnel only; the connection stays available.
	ip := got.Options.TunnelOptions[1].OutsideIpAddress
	changed := clk.Now()
	tun := must[*ec2.ModifyVpnTunnelOptionsOutput](t)(c.ModifyVpnTunnelOptions(ctx, &ec2.ModifyVpnTunnelOptionsInput{
		VpnConnectionId: v.VpnConnectionId, VpnTunnelOutsideIpAddress: ip,
		TunnelOptions: &types.ModifyVpnTunnelOptionsSpecification{PreSharedKey: aws.String("new_psk_value1"),
			Phase2LifetimeSeconds: aws.Int32(1800), Phase2DHGroupNumbers: []types.Phase2DHGroupNumbersRequestListValue{{Value: aws.Int32(19)}, {Value: aws.Int32(20)}}},
	})).VpnConnection
	t1 := tun.Options.TunnelOptions[1]
	if tun.State != types.VpnStateAvailable || tunnelStatus(*tun) != "UP,DOWN" || !tun.VgwTelemetry[1].LastStatusChange.Equal(changed) ||
		*t1.PreSharedKey != "new_psk_value1" || *t1.Phase2LifetimeSeconds != 1800 || len(t1.Phase2DHGroupNumbers) != 2 ||
		*t1.TunnelInsideCidr != *got.Options.TunnelOptions[1].TunnelInsideCidr ||
		!strings.Contains(*tun.CustomerGatewayConfiguration, "<pre_shared_key>new_psk_value1</pre_shared_key>") {
		t.Fatalf("tunnel change: %s %s %+v", tun.State, tunnelStatus(*tun), t1)
	}
	clk.Advance(delay)
	if got := one1(t, c, v.VpnConnectionId); tunnelStatus(got) != "UP,UP" {
		t.Fatalf("after tunnel replacement: %s", tunnelStatus(got))
	}
	// Lifecycle control alone with SkipTunnelReplacement does not take the tunnel down.
	tun = must[*ec2.ModifyVpnTunnelOptionsOutput](t)(c.ModifyVpnTunnelOptions(ctx, &ec2.ModifyVpnTunnelOptionsInput{
		VpnConnectionId: v.VpnConnectionId, VpnTunnelOutsideIpAddress: ip, SkipTunnelReplacement: aws.Bool(true),
		TunnelOptions: &types.ModifyVpnTunnelOptionsSpecification{EnableTunnelLifecycleControl: aws.Bool(true)},
	})).VpnConnection
	if tunnelStatus(*tun) != "UP,UP" || !*tun.Options.TunnelOptions[1].EnableTunnelLifecycleControl {
		t.Fatalf("skip replacement: %s", tunnelStatus(*tun))
	}
}

func TestLifecycle_Routes(t *testing.T) {
	_, clk, c, f := newLifecycleEnv(t)
	v := f.createVpn(t, c, true)
	clk.Advance(delay)
	route := &ec2.CreateVpnConnectionRouteInput{VpnConnectionId: v.VpnConnectionId, DestinationCidrBlock: aws.String("192.168.10.0/24")}
	must[*ec2.CreateVpnConnectionRouteOutput](t)(c.CreateVpnConnectionRoute(ctx, route))
	check := func(state string, accepted int32) {
		t.Helper()
		got := one1(t, c, v.VpnConnectionId)
		s := ""
		for _, r := range got.Routes {
			s += *r.DestinationCidrBlock + " " + string(r.State) + " " + string(r.Source)
		}
		want := ""
		if state != "" {
			want = "192.168.10.0/24 " + state + " Static"
		}
		if s != want || *got.VgwTelemetry[0].AcceptedRouteCount != accepted {
			t.Errorf("routes %q (accepted %d), want %q (%d)", s, *got.VgwTelemetry[0].AcceptedRouteCount, want, accepted)
		}
	}
	check("pending", 1)
	clk.Advance(delay)
	check("available", 1)
	must[*ec2.DeleteVpnConnectionRouteOutput](t)(c.DeleteVpnConnectionRoute(ctx, &ec2.DeleteVpnConnectionRouteInput{
		VpnConnectionId: v.VpnConnectionId, DestinationCidrBlock: route.DestinationCidrBlock}))
	check("deleting", 1)
	clk.Advance(delay)
	check("", 0)
}

func TestLifecycle_TransitGateway(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{ProvisionDelay: delay, Now: clk.Now})
	c := e.client()
	f := newFixture(t, c)
	_, err := c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), TransitGatewayId: &f.tgw})
	wantError(t, err, "IncorrectState", 400)
	clk.Advance(delay)
	tg := must[*ec2.DescribeTransitGatewaysOutput](t)(c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{f.tgw}}))
	if tg.TransitGateways[0].State != types.TransitGatewayStateAvailable {
		t.Fatalf("transit gateway %s", tg.TransitGateways[0].State)
	}
	must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), TransitGatewayId: &f.tgw}))
}

func TestLifecycle_RetentionForever(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{DeleteRetention: -1, Now: clk.Now})
	c := e.client()
	f := newFixture(t, c)
	v := f.createVpn(t, c, false)
	must[*ec2.DeleteVpnConnectionOutput](t)(c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: v.VpnConnectionId}))
	clk.Advance(1000 * time.Hour)
	if got := one1(t, c, v.VpnConnectionId); got.State != types.VpnStateDeleted {
		t.Fatalf("state %s", got.State)
	}
}
