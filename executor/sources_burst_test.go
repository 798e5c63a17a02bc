package executor

import (
	"context"
	"maps"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpnsql/vpnsql/ec2sim"
)

// A burst of statements larger than EC2's bucket for Describe* (100
// tokens, 20 a second per account, region and action; ec2sim throttles
// with EC2's documented sizes) is paced by vpnsql's own token buckets:
// the simulator answers every call, none with RequestLimitExceeded. The
// same burst sent straight through the SDK, without vpnsql, is throttled
// (with the simulator's clock held, so that its bucket does not refill
// however slowly the machine sends): the burst is big enough to be refused.
func TestOrg_BurstPacedUnderEC2Limits(t *testing.T) {
	const statements = 120 // past EC2's bucket and vpnsql's (90): 1.5s of pacing
	const workers = 24
	var held atomic.Pointer[time.Time]
	clock := func() time.Time {
		if h := held.Load(); h != nil {
			return *h
		}
		return time.Now()
	}
	e, err := startOrgEnv(t, ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{}, Now: clock}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b := e.sim.Throttle(); b.Disabled || b.Default != nil || len(b.Actions) != 0 {
		t.Fatalf("the simulator's throttling is not EC2's: %+v", b)
	}
	e.sim.SetThrottle(&ec2sim.ThrottleConfig{}) // full buckets
	e.sim.ResetRequests()
	const q = `SELECT count(*) FROM vpn_connections WHERE "accountId" = '` + acctNetwork + `' AND region = 'us-east-1'`
	start := time.Now()
	errs := make(chan error, workers)
	for w := range workers {
		s, err := e.eng.NewSession(SessionInfo{User: "burst", Database: "aws", PID: int32(400 + w), Params: map[string]string{"vpnsql.cache_ttl": "0"}})
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for range statements / workers {
				if _, _, err := run(t, s, q); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	calls, throttled := 0, 0
	for _, r := range e.sim.Requests() {
		if r.Action != "DescribeVpnConnections" {
			continue
		}
		calls++
		if r.ErrorCode == "RequestLimitExceeded" {
			throttled++
		}
	}
	if calls != statements || throttled != 0 {
		t.Errorf("the simulator answered %d DescribeVpnConnections, %d with RequestLimitExceeded; want %d, none throttled", calls, throttled, statements)
	}
	t.Logf("%d statements in %v (EC2's bucket allows 100 at once, vpnsql's 90, then 20 a second)", statements, took.Round(time.Millisecond))

	// The control: the same burst without vpnsql's buckets or retries, to
	// a region vpnsql did not call.
	now := time.Now()
	held.Store(&now)
	e.sim.SetThrottle(&ec2sim.ThrottleConfig{})
	e.sim.ResetRequests()
	direct := awsec2.New(awsec2.Options{Region: "eu-north-1", BaseEndpoint: aws.String(e.url), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("AKIDNET", "s1", "")})
	for range statements {
		direct.DescribeVpnConnections(context.Background(), &awsec2.DescribeVpnConnectionsInput{})
	}
	answers := map[string]int{}
	for _, r := range e.sim.Requests() {
		if r.Region == "eu-north-1" {
			answers[r.Action+" "+r.ErrorCode]++
		}
	}
	if want := map[string]int{"DescribeVpnConnections ": 100, "DescribeVpnConnections RequestLimitExceeded": statements - 100}; !maps.Equal(answers, want) {
		t.Errorf("the simulator's answers to %d calls straight through the SDK: %v, want all past EC2's bucket of 100 refused", statements, answers)
	}
}
