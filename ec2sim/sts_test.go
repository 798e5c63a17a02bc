package ec2sim

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// The SDK's AssumeRole provider gets credentials of the role's account:
// EC2 calls made with them land in that account, and GetCallerIdentity
// names the assumed role.
func TestSTS_AssumeRole(t *testing.T) {
	e := newEnv(t, Options{Keys: map[string]string{"AKIDA": "111111111111"}})
	cfg := e.config("us-east-1", "AKIDA")
	cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg),
		"arn:aws:iam::222222222222:role/vpnsql-read", func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = "vpnsql-test" }))
	id := must[*sts.GetCallerIdentityOutput](t)(sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *id.Account != "222222222222" || *id.Arn != "arn:aws:sts::222222222222:assumed-role/vpnsql-read/vpnsql-test" {
		t.Errorf("identity %s %s", *id.Account, *id.Arn)
	}
	if _, err := ec2.NewFromConfig(cfg).DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{}); err != nil {
		t.Fatal(err)
	}
	var accounts []string
	for _, r := range e.sim.Requests() {
		accounts = append(accounts, r.Action+"/"+r.Account)
	}
	if len(accounts) != 3 || accounts[0] != "AssumeRole/111111111111" || accounts[2] != "DescribeVpnConnections/222222222222" {
		t.Errorf("requests %v", accounts)
	}
}

func TestSTS_AssumeRoleRefused(t *testing.T) {
	const role = "arn:aws:iam::222222222222:role/vpnsql-read"
	cases := []struct {
		name     string
		opts     Options
		role, id string
		code     string
	}{
		{"listed role with its external id", Options{Roles: map[string]string{role: "ext-1"}}, role, "ext-1", ""},
		{"wrong external id", Options{Roles: map[string]string{role: "ext-1"}}, role, "other", "AccessDenied"},
		{"role not listed", Options{Roles: map[string]string{role: ""}}, "arn:aws:iam::222222222222:role/admin", "", "AccessDenied"},
		{"key not allowed to assume roles", Options{Allow: map[string][]string{"AKIDTEST": {"Describe*"}}}, role, "", "AccessDenied"},
		{"not a role ARN", Options{}, "arn:aws:iam::222222222222:user/bob", "", "ValidationError"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts)
			in := &sts.AssumeRoleInput{RoleArn: aws.String(tc.role), RoleSessionName: aws.String("vpnsql-test")}
			if tc.id != "" {
				in.ExternalId = aws.String(tc.id)
			}
			_, err := e.sts("us-east-1", "AKIDTEST").AssumeRole(ctx, in)
			status := 200
			switch tc.code {
			case "AccessDenied":
				status = 403
			case "ValidationError":
				status = 400
			}
			wantError(t, err, tc.code, status)
		})
	}
}
