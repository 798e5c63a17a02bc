package ec2sim

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// snapshot is everything the API shows of one account and region.
type snapshot struct {
	Vpns []types.VpnConnection
	Cgws []types.CustomerGateway
	Vgws []types.VpnGateway
	Tgws []types.TransitGateway
}

func snap(t *testing.T, c *ec2.Client) snapshot {
	t.Helper()
	return snapshot{
		Vpns: describe(t, c, nil),
		Cgws: must[*ec2.DescribeCustomerGatewaysOutput](t)(c.DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{})).CustomerGateways,
		Vgws: must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{})).VpnGateways,
		Tgws: must[*ec2.DescribeTransitGatewaysOutput](t)(c.DescribeTransitGateways(ctx, &ec2.DescribeTransitGatewaysInput{})).TransitGateways,
	}
}

func seeded(t *testing.T, cfgs ...SeedConfig) *env {
	t.Helper()
	e := newEnv(t, Options{VpnConnectionQuota: -1})
	for _, cfg := range cfgs {
		if err := e.sim.Seed(cfg); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func TestSeed_Deterministic(t *testing.T) {
	cfg := SeedConfig{Accounts: []string{DefaultAccount, "210987654321"}, Regions: []string{"us-east-1", "eu-west-1"}, PerRegion: 24, Seed: 42}
	a, b := seeded(t, cfg), seeded(t, cfg, cfg) // seeding twice changes nothing
	for _, region := range cfg.Regions {
		sa, sb := snap(t, a.ec2(region, "AKIDTEST")), snap(t, b.ec2(region, "AKIDTEST"))
		if len(sa.Vpns) != 24 || !reflect.DeepEqual(sa, sb) {
			t.Errorf("%s: %d connections; the same config gave different data", region, len(sa.Vpns))
		}
	}
	// A region's data does not depend on which other regions are seeded.
	one := seeded(t, SeedConfig{Regions: []string{"eu-west-1"}, PerRegion: 24, Seed: 42})
	if !reflect.DeepEqual(snap(t, one.ec2("eu-west-1", "AKIDTEST")), snap(t, a.ec2("eu-west-1", "AKIDTEST"))) {
		t.Error("eu-west-1 differs when seeded alone")
	}
	other := seeded(t, SeedConfig{Regions: []string{"eu-west-1"}, PerRegion: 24, Seed: 43})
	if reflect.DeepEqual(ids(describe(t, other.ec2("eu-west-1", "AKIDTEST"), nil)), ids(describe(t, one.ec2("eu-west-1", "AKIDTEST"), nil))) {
		t.Error("another seed gave the same ids")
	}
}

// TestSeed_Demo checks that the demo set has what the demo shows.
func TestSeed_Demo(t *testing.T) {
	cfg := DemoSeed()
	e := seeded(t, cfg)
	seen := map[string]bool{}
	for _, region := range cfg.Regions {
		vs := describe(t, e.ec2(region, "AKIDTEST"), nil)
		if len(vs) < 2 || len(vs) > 4 {
			t.Errorf("%s: %d connections", region, len(vs))
		}
		for _, v := range vs {
			kind := "vgw"
			if v.TransitGatewayId != nil {
				kind = "tgw"
			}
			static := *v.Options.StaticRoutesOnly
			seen[kind] = true
			seen[map[bool]string{true: "static", false: "bgp"}[static]] = true
			tagKeys := map[string]bool{}
			for _, tg := range v.Tags {
				tagKeys[*tg.Key] = true
			}
			switch {
			case v.State != types.VpnStateAvailable:
				t.Errorf("%s is %s", *v.VpnConnectionId, v.State)
			case !tagKeys["Name"] || !tagKeys["Env"]:
				t.Errorf("%s tags %v", *v.VpnConnectionId, tagKeys)
			case len(v.VgwTelemetry) != 2 || len(v.Options.TunnelOptions) != 2 || v.VgwTelemetry[0].LastStatusChange == nil:
				t.Errorf("%s tunnels %+v", *v.VpnConnectionId, v.VgwTelemetry)
			case v.CustomerGatewayConfiguration == nil || len(*v.CustomerGatewayConfiguration) < 1000:
				t.Errorf("%s has no configuration document", *v.VpnConnectionId)
			case static != (len(v.Routes) > 0):
				t.Errorf("%s static %v with %d routes", *v.VpnConnectionId, static, len(v.Routes))
			case *v.Options.TunnelOptions[0].PreSharedKey == "" || *v.Options.TunnelOptions[0].TunnelInsideCidr == "":
				t.Errorf("%s tunnel options %+v", *v.VpnConnectionId, v.Options.TunnelOptions[0])
			}
		}
	}
	for _, k := range []string{"vgw", "tgw", "static", "bgp"} {
		if !seen[k] {
			t.Errorf("the demo set has no %s connection", k)
		}
	}
}

// TestSeed_DemoGateways checks what the demo's gateway tables show: every
// connection's gateways exist, tunnels are UP and DOWN, some gateways are
// unused, and VPN gateways are attached to a VPC and detached. The counts
// are the demo's: vpnsql's tests and docs may rely on them.
func TestSeed_DemoGateways(t *testing.T) {
	cfg := DemoSeed()
	e := seeded(t, cfg)
	var conns, cgws, vgws, tgws, unused, up, down int
	attach := map[types.AttachmentStatus]int{}
	for _, region := range cfg.Regions {
		c := e.ec2(region, "AKIDTEST")
		s := snap(t, c)
		used := map[string]bool{}
		for _, v := range s.Vpns {
			used[*v.CustomerGatewayId] = true
			cgwIDs(t, c, &ec2.DescribeCustomerGatewaysInput{CustomerGatewayIds: []string{*v.CustomerGatewayId}}) // fails if missing
			switch {
			case v.VpnGatewayId != nil:
				used[*v.VpnGatewayId] = true
				vgwIDs(t, c, &ec2.DescribeVpnGatewaysInput{VpnGatewayIds: []string{*v.VpnGatewayId}})
			case v.TransitGatewayId != nil:
				used[*v.TransitGatewayId] = true
				tgwIDs(t, c, &ec2.DescribeTransitGatewaysInput{TransitGatewayIds: []string{*v.TransitGatewayId}})
			default:
				t.Errorf("%s has no gateway", *v.VpnConnectionId)
			}
			for _, tl := range v.VgwTelemetry {
				if tl.Status == types.TelemetryStatusUp {
					up++
				} else {
					down++
				}
			}
		}
		for _, g := range s.Cgws {
			if !used[*g.CustomerGatewayId] {
				unused++
			}
		}
		for _, g := range s.Vgws {
			if !used[*g.VpnGatewayId] {
				unused++
			}
			for _, a := range g.VpcAttachments {
				attach[a.State]++
			}
		}
		for _, g := range s.Tgws {
			if !used[*g.TransitGatewayId] {
				unused++
			}
		}
		conns, cgws, vgws, tgws = conns+len(s.Vpns), cgws+len(s.Cgws), vgws+len(s.Vgws), tgws+len(s.Tgws)
	}
	got := fmt.Sprintf("%d connections, %d customer gateways, %d VPN gateways, %d transit gateways, %d unused; tunnels %d UP %d DOWN; VGWs %d attached %d detached",
		conns, cgws, vgws, tgws, unused, up, down, attach[types.AttachmentStatusAttached], attach[types.AttachmentStatusDetached])
	if want := "11 connections, 14 customer gateways, 6 VPN gateways, 3 transit gateways, 6 unused; tunnels 19 UP 3 DOWN; VGWs 3 attached 3 detached"; got != want {
		t.Errorf("demo:\n got %s\nwant %s", got, want)
	}
}

// TestSeed_Large seeds the benchmark size and checks that it is quick to
// make and to filter.
func TestSeed_Large(t *testing.T) {
	e := newEnv(t, Options{VpnConnectionQuota: -1})
	start := time.Now()
	if err := e.sim.Seed(SeedConfig{Regions: []string{"us-east-1"}, PerRegion: 10000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	c := e.client()
	vs := describe(t, c, &ec2.DescribeVpnConnectionsInput{Filters: filters("tag:Name", "*-vpn-77")})
	if len(vs) != 1 {
		t.Errorf("filter on 10,000 connections found %d", len(vs))
	}
	static := describe(t, c, &ec2.DescribeVpnConnectionsInput{Filters: filters("option.static-routes-only", "true", "tag:Env", "dev", "tag:Team", "sre")})
	if len(static) == 0 || len(static) > 1000 {
		t.Errorf("static dev sre connections: %d", len(static))
	}
	wan := describe(t, c, &ec2.DescribeVpnConnectionsInput{Filters: filters("tag:Name", "*-vpn-50")})
	if len(wan) != 1 || wan[0].CoreNetworkArn == nil {
		t.Errorf("connection 50 should be a Cloud WAN attachment: %+v", wan)
	}
	t.Logf("seeded 10,000 connections in %v", took)
}

func TestSeed_Errors(t *testing.T) {
	e := newEnv(t, Options{})
	for _, cfg := range []SeedConfig{
		{Accounts: []string{"12345"}, PerRegion: 1},
		{Regions: []string{"af-south-1"}, PerRegion: 1},
		{PerRegion: -1},
	} {
		if err := e.sim.Seed(cfg); err == nil {
			t.Errorf("Seed(%+v) succeeded", cfg)
		}
	}
	if status, body := adminDo(t, e, "POST", "/_sim/seed", `{"regions": ["eu-west-1"], "perRegion": 3, "seed": 9}`); status != 200 {
		t.Fatalf("POST /_sim/seed: %d %s", status, body)
	}
	if n := len(describe(t, e.ec2("eu-west-1", "AKIDTEST"), nil)); n != 3 {
		t.Errorf("%d connections after POST /_sim/seed", n)
	}
	if status, _ := adminDo(t, e, "POST", "/_sim/seed", ""); status != 200 {
		t.Fatalf("POST /_sim/seed (demo): %d", status)
	}
	if status, _ := adminDo(t, e, "POST", "/_sim/reset", ""); status != 204 || len(describe(t, e.ec2("eu-west-1", "AKIDTEST"), nil)) != 0 {
		t.Fatal("POST /_sim/reset left connections")
	}
}
