package ec2

import (
	"testing"

	"golang.org/x/time/rate"

	"github.com/vpnsql/vpnsql/ec2sim"
)

// The client-side buckets have EC2's documented rates, the same ec2sim
// throttles with, and nine tenths of its documented sizes (the reserve
// covers the varying time a token takes to reach EC2), so vpnsql alone
// stays under them.
func TestCallLimits_EC2Sizes(t *testing.T) {
	var l callLimits
	for _, action := range []string{"DescribeVpnConnections", "DescribeRegions", "GetCallerIdentity", "CreateTags", "DeleteTags",
		"CreateVpnConnection", "ModifyVpnTunnelOptions", "DeleteVpnConnectionRoute"} {
		lim := l.limiter("eu-west-1", action)
		want := ec2sim.DefaultBucket(action)
		if float64(lim.Burst()) != want.Capacity*0.9 || lim.Limit() != rate.Limit(want.RefillPerSecond) {
			t.Errorf("%s: burst %d at %v/s, EC2 (ec2sim) %v at %v/s", action, lim.Burst(), lim.Limit(), want.Capacity, want.RefillPerSecond)
		}
		if l.limiter("eu-west-1", action) != lim || l.limiter("us-east-1", action) == lim {
			t.Errorf("%s: one bucket per region and action", action)
		}
	}
}

// The SDK's HTTP client gets dial, TLS and response-header timeouts: it
// has none of its own for the response.
func TestNewHTTPClient_Timeouts(t *testing.T) {
	c := NewHTTPClient()
	tr := c.GetTransport()
	if tr.ResponseHeaderTimeout != ResponseHeaderTimeout || tr.TLSHandshakeTimeout != TLSHandshakeTimeout || c.GetDialer().Timeout != DialTimeout {
		t.Errorf("timeouts: response header %v, TLS %v, dial %v", tr.ResponseHeaderTimeout, tr.TLSHandshakeTimeout, c.GetDialer().Timeout)
	}
}
