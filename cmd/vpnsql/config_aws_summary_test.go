package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check-config describes the aws section: each account and how it is
// reached, the regions, the limits with their defaults; never the users'
// passwords or an external id.
func TestCheckConfig_AWSSummary(t *testing.T) {
	cases := []struct {
		name, aws, want string
	}{
		{"no section", ``, `
aws: no aws section: the SDK's default credential chain, in the regions of --regions or AWS_REGION
`},
		{"defaults", `, "aws": {}`, `
aws: regions: --regions, else each account's AWS_REGION or profile region
aws: one account: the SDK's default credential chain (environment, AWS_PROFILE, SSO, instance role)
aws: limits: max_parallel 64 (default), max_parallel_per_source 8 (default); retries: adaptive (default), 5 (default) attempts, longest backoff 20s (default)
aws: flags and VPNSQL_* variables given to serve win over these
`},
		{"an organisation", `, "aws": {"regions": ["all", "eu-south-2"], "accounts": [
			{"name": "network", "profile": "network-admin"},
			{"name": "prod", "role_arn": "arn:aws:iam::210987654321:role/vpnsql-read", "external_id": "ext-3f9c-secret", "source_profile": "network-admin"},
			{"name": "dev", "role_arn": "arn:aws:iam::123123123123:role/vpnsql-read", "regions": ["eu-west-1", "us-west-2"]},
			{"name": "lab"}],
			"max_parallel": 32, "max_parallel_per_source": 4, "retry_max_attempts": 7, "retry_max_backoff": "3s", "retry_mode": "standard"}`, `
aws: regions: all (every region enabled for the account, resolved at start-up and hourly), eu-south-2
aws: 4 account(s):
  network: profile network-admin of the shared config (account id from STS GetCallerIdentity); regions: the section's
  prod (210987654321): assumes role arn:aws:iam::210987654321:role/vpnsql-read (STS AssumeRole, external id set) with the credentials of profile network-admin; regions: the section's
  dev (123123123123): assumes role arn:aws:iam::123123123123:role/vpnsql-read (STS AssumeRole) with the credentials of the default credential chain; regions: eu-west-1, us-west-2
  lab: the SDK's default credential chain (account id from STS GetCallerIdentity); regions: the section's
aws: limits: max_parallel 32, max_parallel_per_source 4; retries: standard, 7 attempts, longest backoff 3s
aws: flags and VPNSQL_* variables given to serve win over these
`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vpnsql.json")
			os.WriteFile(path, []byte(`{"users": {"alice": {"password": "hunter2-secret", "role": "read"}}`+tc.aws+`}`), 0o600)
			cfg, err := loadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			got := configSummary(path, cfg)
			want := path + ": auth scram-sha-256, 1 user(s), 1 read-only, 0 scoped to accounts or regions" + tc.want
			if got != want {
				t.Errorf("check-config printed\n%s\nwant\n%s", got, want)
			}
			for _, secret := range []string{"hunter2-secret", "ext-3f9c-secret"} {
				if strings.Contains(got, secret) {
					t.Errorf("check-config printed the secret %q", secret)
				}
			}
		})
	}
}
