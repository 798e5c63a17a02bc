package executor

import (
	"context"
	"sync"
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
// same burst sent straight through the SDK, without vpnsql, is throttled:
// the burst is big enough to be refused.
func TestOrg_BurstPacedUnderEC2Limits(t *testing.T) {
	const statements = 120 // past EC2's bucket and vpnsql's (90): 1.5s of pacing
	const workers = 24
	e, err := startOrgEnv(t, ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{}}, nil)
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

	// The control: the same burst without vpnsql's buckets or retries.
	e.sim.SetThrottle(&ec2sim.ThrottleConfig{})
	e.sim.ResetRequests()
	direct := awsec2.New(awsec2.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.url), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("AKIDNET", "s1", "")})
	// Twice the burst, all at once: even on a loaded machine it outruns
	// the bucket's 100 tokens and 20 a second.
	var refused atomic.Int32
	var wg sync.WaitGroup
	for range 2 * statements {
		wg.Go(func() {
			if _, err := direct.DescribeVpnConnections(context.Background(), &awsec2.DescribeVpnConnectionsInput{}); err != nil {
				refused.Add(1)
			}
		})
	}
	wg.Wait()
	if refused.Load() == 0 {
		t.Errorf("%d calls straight through the SDK were all answered: the burst does not reach EC2's limit", 2*statements)
	}
}
