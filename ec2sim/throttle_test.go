package ec2sim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

func describeErr(c *ec2.Client) error {
	_, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{})
	return err
}

func TestThrottle_Buckets(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{Now: clk.Now, Keys: map[string]string{"AKIDA": "111111111111", "AKIDB": "222222222222"},
		Throttle: &ThrottleConfig{Actions: map[string]Bucket{"DescribeVpnConnections": {Capacity: 2, RefillPerSecond: 0.5}}}})
	a := e.ec2("us-east-1", "AKIDA")
	for i := range 2 {
		if err := describeErr(a); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	wantError(t, describeErr(a), "RequestLimitExceeded", 503)
	// Other actions, accounts and regions have their own buckets.
	if _, err := a.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{}); err != nil {
		t.Errorf("another action: %v", err)
	}
	if err := describeErr(e.ec2("us-east-1", "AKIDB")); err != nil {
		t.Errorf("another account: %v", err)
	}
	if err := describeErr(e.ec2("eu-west-1", "AKIDA")); err != nil {
		t.Errorf("another region: %v", err)
	}
	// Tokens refill at 0.5/s.
	clk.Advance(time.Second)
	wantError(t, describeErr(a), "RequestLimitExceeded", 503)
	clk.Advance(time.Second)
	if err := describeErr(a); err != nil {
		t.Errorf("after refill: %v", err)
	}
	wantError(t, describeErr(a), "RequestLimitExceeded", 503)
	// The bucket never holds more than its capacity.
	clk.Advance(time.Hour)
	for range 2 {
		if err := describeErr(a); err != nil {
			t.Fatal(err)
		}
	}
	wantError(t, describeErr(a), "RequestLimitExceeded", 503)
	if last := e.sim.Requests(); last[len(last)-1].ErrorCode != "RequestLimitExceeded" || last[len(last)-1].Status != 503 {
		t.Errorf("logged %+v", last[len(last)-1])
	}
}

// TestThrottle_Defaults: with Options.Throttle nil, EC2's documented buckets
// apply: 100 non-mutating calls, 50 mutating ones, 100 CreateTags.
func TestThrottle_Defaults(t *testing.T) {
	clk := newClock()
	s := New(Options{Now: clk.Now})
	e := newEnv(t, Options{Now: clk.Now, Throttle: &ThrottleConfig{}})
	if s.Throttle().Disabled {
		t.Fatal("throttling is off by default")
	}
	c := e.client()
	cases := []struct {
		name string
		n    int
		call func() error
	}{
		{"DescribeVpnConnections", 100, func() error { return describeErr(c) }},
		{"CreateVpnGateway", 50, func() error {
			_, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: "ipsec.1"})
			return err
		}},
	}
	for _, tc := range cases {
		for i := range tc.n {
			if err := tc.call(); err != nil {
				t.Fatalf("%s call %d: %v", tc.name, i+1, err)
			}
		}
		wantError(t, tc.call(), "RequestLimitExceeded", 503)
	}
	if b := DefaultBucket("CreateTags"); b != (Bucket{100, 10}) {
		t.Errorf("CreateTags bucket %+v", b)
	}
	if b := DefaultBucket("ModifyVpnTunnelOptions"); b != (Bucket{50, 5}) {
		t.Errorf("mutating bucket %+v", b)
	}
}

func TestThrottle_DisabledAndAdjustedAtRunTime(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{Now: clk.Now}) // newEnv turns throttling off
	c := e.client()
	for i := range 150 {
		if err := describeErr(c); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/_sim/throttle", strings.NewReader(`{"default": {"capacity": 1, "refillPerSecond": 1}}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("PUT /_sim/throttle: %v %v", err, resp)
	}
	resp.Body.Close()
	if err := describeErr(c); err != nil {
		t.Fatal(err)
	}
	wantError(t, describeErr(c), "RequestLimitExceeded", 503)
}

// TestThrottle_SDKRetries: the SDK's standard retryer retries
// RequestLimitExceeded; the request log shows each attempt.
func TestThrottle_SDKRetries(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{Now: clk.Now, Throttle: &ThrottleConfig{Default: &Bucket{Capacity: 1}}})
	c := e.ec2("us-east-1", "AKIDTEST", func(o *ec2.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	})
	if err := describeErr(c); err != nil {
		t.Fatal(err)
	}
	e.sim.ResetRequests()
	err := describeErr(c)
	wantError(t, err, "RequestLimitExceeded", 503)
	if !strings.Contains(err.Error(), "exceeded maximum number of attempts, 3") || len(e.sim.Requests()) != 3 {
		t.Errorf("%d attempts: %v", len(e.sim.Requests()), err)
	}
}
