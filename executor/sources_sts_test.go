package executor

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// STS calls (GetCallerIdentity for a profile's account id, AssumeRole for
// a role's credentials) are listed in vpnsql.api_calls and reach the
// call hooks the metrics count, as EC2 calls do: service STS, the account
// they are for, the outcome. A failed AssumeRole is listed with its AWS
// error code, and the retry with the refresh is listed too.
func TestOrg_STSCallsListed(t *testing.T) {
	e, err := startOrgEnv(t, ec2sim.Options{Faults: []ec2sim.Fault{{Action: "AssumeRole", Kind: ec2sim.FaultError, Code: "AccessDenied", Status: 403, Count: 1}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var hooked []string
	e.src.Hook(ec2.CallHooks{Done: func(c ec2.APICall) {
		mu.Lock()
		hooked = append(hooked, strings.Join([]string{c.Service, c.Action, c.AccountID, c.Result}, " "))
		mu.Unlock()
	}})
	const q = `SELECT service, action, "accountId", result, region, "requestId" IS NOT NULL FROM vpnsql.api_calls WHERE service = 'STS' ORDER BY action, "accountId", time`
	_, rows, err := run(t, e.s, q)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"STS", "AssumeRole", acctProd, "AccessDenied", "us-east-1", "t"},
		{"STS", "GetCallerIdentity", acctNetwork, "ok", "us-east-1", "t"},
		{"STS", "GetCallerIdentity", acctDev, "ok", "eu-west-1", "t"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("STS calls at start-up:\n%v\nwant %v", rows, want)
	}
	// The refresh assumes the role again: listed, and told to the hooks.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		got := slices.Clone(hooked)
		mu.Unlock()
		if slices.Contains(got, "STS AssumeRole "+acctProd+" ok") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the hooks were not told of the refresh's AssumeRole: %v", got)
		}
		time.Sleep(orgRefresh / 3)
	}
	_, rows, err = run(t, e.s, q)
	if err != nil || len(rows) != 4 || !slices.Equal(rows[1], []string{"STS", "AssumeRole", acctProd, "ok", "us-east-1", "t"}) {
		t.Errorf("the refresh's AssumeRole in vpnsql.api_calls: %v %v", rows, err)
	}
	// What the simulator answered since start-up: that one AssumeRole.
	var seen []string
	for _, r := range e.sim.Requests() {
		if r.Service == "sts" {
			seen = append(seen, r.Action+" "+r.ErrorCode)
		}
	}
	if !slices.Equal(seen, []string{"AssumeRole "}) {
		t.Errorf("STS requests after start-up: %q", seen)
	}
}
