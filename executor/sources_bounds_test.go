package executor

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// inFlightBy is the most calls ec2sim's log shows in flight at once, per
// account/region and in total.
func inFlightBy(reqs []ec2sim.Request) (perSource map[string]int, total int) {
	by := map[string][]ec2sim.Request{}
	for _, r := range reqs {
		if r.Action == "DescribeVpnConnections" {
			by[r.Account+"/"+r.Region] = append(by[r.Account+"/"+r.Region], r)
		}
	}
	perSource = map[string]int{}
	var all []ec2sim.Request
	for k, rs := range by {
		perSource[k] = maxInFlight(rs)
		all = append(all, rs...)
	}
	return perSource, maxInFlight(all)
}

// max_parallel_per_source bounds the calls in flight per account and
// region, max_parallel in total, as ec2sim's request log shows them: 16
// sessions ask at once for different connections (no coalescing, no
// cache) of one account in two regions, each call held 150 ms.
func TestOrg_ParallelBounds(t *testing.T) {
	const latency = 150 * time.Millisecond
	cases := []struct {
		name             string
		perSource, total int
		// wantSource is the most in flight per source (0: at most
		// perSource), wantMost in all.
		wantSource, wantMost int
	}{
		{"per account and region", 3, 64, 3, 6},
		// The total may split 2+2: per source only "at most 3".
		{"in total", 3, 4, 0, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newOrgEnv(t, ec2sim.Options{})
			e.src.MaxParallelPerSource, e.src.MaxParallel = tc.perSource, tc.total
			e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultLatency, Latency: latency})
			regions := []string{"eu-west-1", "us-west-2"}
			const perRegion = 8
			errs := make(chan error, perRegion*len(regions))
			gate := make(chan struct{})
			for i := range perRegion * len(regions) {
				s, err := e.eng.NewSession(SessionInfo{User: "dash", Database: "aws", PID: int32(300 + i), Params: map[string]string{"vpnsql.cache_ttl": "0"}})
				if err != nil {
					t.Fatal(err)
				}
				sql := fmt.Sprintf(`SELECT count(*) FROM vpn_connections WHERE "accountId" = '%s' AND region = '%s' AND "customerGatewayId" = 'cgw-%017x'`,
					acctProd, regions[i%len(regions)], i)
				go func() {
					<-gate
					_, _, err := run(t, s, sql)
					errs <- err
				}()
			}
			close(gate)
			for range perRegion * len(regions) {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			reqs := e.sim.Requests()
			perSource, most := inFlightBy(reqs)
			if len(reqs) != perRegion*len(regions) || len(perSource) != len(regions) {
				t.Fatalf("%d calls to %v, want %d to %d sources", len(reqs), perSource, perRegion*len(regions), len(regions))
			}
			for src, n := range perSource {
				if n > tc.perSource || tc.wantSource != 0 && n != tc.wantSource {
					t.Errorf("%s: at most %d calls in flight, want %d (max_parallel_per_source %d)", src, n, tc.wantSource, tc.perSource)
				}
			}
			if most != tc.wantMost {
				t.Errorf("at most %d calls in flight in all, want %d (max_parallel %d)", most, tc.wantMost, tc.total)
			}
		})
	}
}

// Without a session name configured, AssumeRole names the session
// vpnsql-<host> (the characters STS refuses made '-', at most 64): the
// simulator's GetCallerIdentity for the role's credentials echoes the
// session name the account's provider sent.
func TestOrg_DefaultSessionName(t *testing.T) {
	e, err := startOrgEnv(t, ec2sim.Options{}, func(o *ec2.ClientOptions) { o.SessionName = "" })
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	want := "vpnsql-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_+=,.@-", r) {
			return r
		}
		return '-'
	}, host)
	want = want[:min(len(want), 64)]
	prod := e.src.Accounts[1]
	if prod.Name != "prod" {
		t.Fatalf("account %s, want prod", prod.Name)
	}
	out, err := sts.NewFromConfig(prod.Config).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got, wantARN := aws.ToString(out.Arn), "arn:aws:sts::"+acctProd+":assumed-role/vpnsql-read/"+want; got != wantARN {
		t.Errorf("the role's session is %s, want %s", got, wantARN)
	}
	if got := ec2.DefaultSessionName(); got != want {
		t.Errorf("DefaultSessionName() = %q, want %q", got, want)
	}
}
