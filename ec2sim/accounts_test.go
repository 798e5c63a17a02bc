package ec2sim

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestAccountsAndRegions_Separated(t *testing.T) {
	e := newEnv(t, Options{Keys: map[string]string{"AKIDA": "111111111111", "AKIDA2": "111111111111", "AKIDB": "222222222222"}})
	a := e.ec2("us-east-1", "AKIDA")
	f := newFixture(t, a)
	v := f.createVpn(t, a, false)
	cases := []struct {
		region, key string
		want        int
	}{
		{"us-east-1", "AKIDA", 1},
		{"us-east-1", "AKIDA2", 1}, // another key of the same account
		{"us-east-1", "AKIDB", 0},  // another account
		{"eu-west-1", "AKIDA", 0},  // another region
	}
	for _, tc := range cases {
		got := describe(t, e.ec2(tc.region, tc.key), nil)
		if len(got) != tc.want {
			t.Errorf("%s %s: %d connections, want %d", tc.region, tc.key, len(got), tc.want)
		}
	}
	_, err := e.ec2("us-east-1", "AKIDB").DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: v.VpnConnectionId})
	wantError(t, err, "InvalidVpnConnectionID.NotFound", 400)
	// The other account's gateways do not exist either.
	_, err = e.ec2("us-east-1", "AKIDB").CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), VpnGatewayId: &f.vgw})
	wantError(t, err, "InvalidCustomerGatewayID.NotFound", 400)

	var seen []string
	for _, r := range e.sim.Requests() {
		seen = append(seen, r.Account+"/"+r.Region)
	}
	for _, want := range []string{"111111111111/us-east-1", "222222222222/us-east-1", "111111111111/eu-west-1"} {
		if !slices.Contains(seen, want) {
			t.Errorf("request log has no request for %s: %v", want, seen)
		}
	}
}

func TestAccountsAndRegions_Refused(t *testing.T) {
	cases := []struct {
		name    string
		opts    Options
		region  string
		key     string
		code    string
		status  int
		message string
	}{
		{"any key without a keys file", Options{}, "us-east-1", "ANYTHING", "", 200, ""},
		{"key not in the keys file", Options{Keys: map[string]string{"AKIDA": "111111111111"}}, "us-east-1", "AKIDX", "AuthFailure", 401, "validate the provided access credentials"},
		{"no such region", Options{}, "xx-fake-1", "AKIDTEST", "AuthFailure", 401, "scoped to a valid region, not 'xx-fake-1'"},
		{"opt-in region not enabled", Options{}, "af-south-1", "AKIDTEST", "AuthFailure", 401, "validate the provided access credentials"},
		{"opt-in region enabled", Options{Regions: []string{"us-east-1", "af-south-1"}}, "af-south-1", "AKIDTEST", "", 200, ""},
		{"default region not enabled", Options{Regions: []string{"af-south-1"}}, "us-east-1", "AKIDTEST", "AuthFailure", 401, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts)
			_, err := e.ec2(tc.region, tc.key).DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{})
			wantError(t, err, tc.code, tc.status)
			if err != nil && !strings.Contains(err.Error(), tc.message) {
				t.Errorf("message %q lacks %q", err, tc.message)
			}
		})
	}
}

func TestSTS_GetCallerIdentity(t *testing.T) {
	e := newEnv(t, Options{Keys: map[string]string{"AKIDA": "111111111111"}})
	out := must[*sts.GetCallerIdentityOutput](t)(e.sts("us-east-1", "AKIDA").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *out.Account != "111111111111" || *out.Arn != "arn:aws:iam::111111111111:user/AKIDA" || !strings.HasPrefix(*out.UserId, "AIDA") {
		t.Errorf("identity %s %s %s", *out.Account, *out.Arn, *out.UserId)
	}
	again := must[*sts.GetCallerIdentityOutput](t)(e.sts("eu-west-1", "AKIDA").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *again.UserId != *out.UserId {
		t.Errorf("user id not stable: %s, %s", *out.UserId, *again.UserId)
	}
	_, err := e.sts("us-east-1", "AKIDX").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantError(t, err, "InvalidClientTokenId", 403)

	plain := newEnv(t, Options{})
	out = must[*sts.GetCallerIdentityOutput](t)(plain.sts("us-east-1", "WHATEVER").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *out.Account != DefaultAccount {
		t.Errorf("account %s, want %s", *out.Account, DefaultAccount)
	}
	if r := plain.sim.Requests()[0]; r.Action != "GetCallerIdentity" || r.Service != "sts" || r.Account != DefaultAccount || r.Status != 200 {
		t.Errorf("logged %+v", r)
	}
}

func TestDescribeRegions(t *testing.T) {
	e := newEnv(t, Options{Regions: []string{"us-east-1", "eu-west-1", "af-south-1"}})
	c := e.client()
	names := func(in *ec2.DescribeRegionsInput) string {
		out := must[*ec2.DescribeRegionsOutput](t)(c.DescribeRegions(ctx, in))
		var s []string
		for _, r := range out.Regions {
			s = append(s, *r.RegionName+"="+*r.OptInStatus)
			if *r.Endpoint != "ec2."+*r.RegionName+".amazonaws.com" {
				t.Errorf("endpoint %s", *r.Endpoint)
			}
		}
		return strings.Join(s, " ")
	}
	if got, want := names(&ec2.DescribeRegionsInput{}), "af-south-1=opted-in eu-west-1=opt-in-not-required us-east-1=opt-in-not-required"; got != want {
		t.Errorf("enabled regions %q, want %q", got, want)
	}
	all := names(&ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if !strings.Contains(all, "me-south-1=not-opted-in") || !strings.Contains(all, "us-west-2=opt-in-not-required") {
		t.Errorf("all regions %q", all)
	}
	if got := names(&ec2.DescribeRegionsInput{AllRegions: aws.Bool(true), Filters: filters("opt-in-status", "opted-in")}); got != "af-south-1=opted-in" {
		t.Errorf("opted-in filter %q", got)
	}
	if got := names(&ec2.DescribeRegionsInput{RegionNames: []string{"eu-west-1"}}); got != "eu-west-1=opt-in-not-required" {
		t.Errorf("by name %q", got)
	}
	if got := names(&ec2.DescribeRegionsInput{Filters: filters("region-name", "*-west-*")}); got != "eu-west-1=opt-in-not-required" {
		t.Errorf("wildcard filter %q", got)
	}
	_, err := c.DescribeRegions(ctx, &ec2.DescribeRegionsInput{RegionNames: []string{"xx-fake-1"}})
	wantError(t, err, "InvalidParameterValue", 400)
}
