package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpnsql/vpnsql/catalog/ec2"
)

// awsConfig is the config file's "aws" section: where vpnsql reads
// (docs/aws.md). It is read at start-up only.
//
//	{"aws": {
//	   "regions": ["all"],
//	   "accounts": [
//	     {"name": "network", "profile": "network-admin"},
//	     {"name": "prod", "role_arn": "arn:aws:iam::210987654321:role/vpnsql-read", "external_id": "...", "source_profile": "network-admin"},
//	     {"name": "dev", "role_arn": "arn:aws:iam::123123123123:role/vpnsql-read", "regions": ["eu-west-1"]}
//	   ],
//	   "max_parallel_per_source": 8, "max_parallel": 64,
//	   "retry_max_attempts": 5, "retry_max_backoff": "20s", "retry_mode": "adaptive"}}
type awsConfig struct {
	Regions              []string           `json:"regions,omitempty"`
	Accounts             []awsAccountConfig `json:"accounts,omitempty"`
	MaxParallelPerSource int                `json:"max_parallel_per_source,omitempty"`
	MaxParallel          int                `json:"max_parallel,omitempty"`
	RetryMaxAttempts     int                `json:"retry_max_attempts,omitempty"`
	RetryMaxBackoff      string             `json:"retry_max_backoff,omitempty"`
	RetryMode            string             `json:"retry_mode,omitempty"`
}

type awsAccountConfig struct {
	Name          string   `json:"name"`
	Profile       string   `json:"profile,omitempty"`
	RoleARN       string   `json:"role_arn,omitempty"`
	ExternalID    string   `json:"external_id,omitempty"`
	SourceProfile string   `json:"source_profile,omitempty"`
	Regions       []string `json:"regions,omitempty"`
}

// awsConfigKeys documents the section's keys in `vpnsql serve --help`.
const awsConfigKeys = `
Config file, "aws" section (docs/aws.md; read at start-up; a flag given on the
command line or in the environment wins over the same key):
  regions                   regions of every account, or ["all"]: the regions enabled for each
                            account (DescribeRegions, opt-in honoured), resolved hourly (--regions)
  accounts[]                the accounts to read; none = the SDK's default credential chain
    name                    the account's name (vpnsql.sources, messages); required, unique
    profile                 a named profile of the SDK's shared config (SSO profiles too)
    role_arn                a role to assume with STS AssumeRole (session vpnsql-<host>)
    external_id             the role's external id
    source_profile          the profile whose credentials assume the role (default chain if absent)
    regions                 this account's regions, instead of the top-level ones
  max_parallel_per_source   concurrent API calls per account and region (--max-parallel-per-source)
  max_parallel              concurrent API calls in total (--max-parallel)
  retry_max_attempts        attempts per API call, adaptive retry mode (--retry-max-attempts)
  retry_max_backoff         longest wait between attempts, e.g. "20s" (--retry-max-backoff)
  retry_mode                adaptive (default: slows down after throttling) or standard (--retry-mode)
`

func (c *awsConfig) validate() error {
	if c == nil {
		return nil
	}
	if err := validRegions("aws.regions", c.Regions); err != nil {
		return err
	}
	if c.MaxParallel < 0 || c.MaxParallelPerSource < 0 || c.RetryMaxAttempts < 0 {
		return errors.New("config: aws: max_parallel, max_parallel_per_source and retry_max_attempts must not be negative")
	}
	if c.RetryMaxBackoff != "" {
		if d, err := time.ParseDuration(c.RetryMaxBackoff); err != nil || d < 0 {
			return fmt.Errorf("config: aws.retry_max_backoff: %q is not a duration such as \"20s\"", c.RetryMaxBackoff)
		}
	}
	switch c.RetryMode {
	case "", "adaptive", "standard":
	default:
		return fmt.Errorf("config: aws.retry_mode: %q is not adaptive or standard", c.RetryMode)
	}
	seen := map[string]bool{}
	for i, a := range c.Accounts {
		where := fmt.Sprintf("config: aws.accounts[%d]", i)
		switch {
		case a.Name == "":
			return errors.New(where + ": name is required")
		case seen[a.Name]:
			return fmt.Errorf("%s: name %q is used twice", where, a.Name)
		case a.Profile != "" && a.RoleARN != "":
			return fmt.Errorf("%s (%s): give profile or role_arn (with source_profile), not both", where, a.Name)
		case a.RoleARN == "" && (a.ExternalID != "" || a.SourceProfile != ""):
			return fmt.Errorf("%s (%s): external_id and source_profile go with role_arn", where, a.Name)
		}
		seen[a.Name] = true
		if err := validRegions(where+".regions", a.Regions); err != nil {
			return err
		}
	}
	return nil
}

func validRegions(where string, regions []string) error {
	for _, r := range regions {
		if r == "" {
			return fmt.Errorf("config: %s: empty region name", where)
		}
	}
	return nil
}

// awsSetup is where vpnsql reads, from the file and the flags.
type awsSetup struct {
	accounts            []ec2.AccountSpec
	regions             []string
	client              ec2.ClientOptions
	parallel, perSource int
}

// awsSettings merges the file's aws section with the flags: a flag given
// on the command line or in the environment wins.
func awsSettings(file *awsConfig, o *serveOptions, given func(string) bool) awsSetup {
	if file == nil {
		file = &awsConfig{}
	}
	s := awsSetup{regions: file.Regions, parallel: file.MaxParallel, perSource: file.MaxParallelPerSource}
	s.client.RetryMaxAttempts = file.RetryMaxAttempts
	s.client.RetryMaxBackoff, _ = time.ParseDuration(file.RetryMaxBackoff)
	s.client.RetryMode = aws.RetryMode(file.RetryMode)
	if given("regions") || len(s.regions) == 0 {
		s.regions = splitList(*o.regions)
	}
	if given("max-parallel") {
		s.parallel = *o.maxParallel
	}
	if given("max-parallel-per-source") {
		s.perSource = *o.maxPerSource
	}
	if given("retry-max-attempts") {
		s.client.RetryMaxAttempts = *o.retryAttempts
	}
	if given("retry-max-backoff") {
		s.client.RetryMaxBackoff = *o.retryBackoff
	}
	if given("retry-mode") {
		s.client.RetryMode = aws.RetryMode(*o.retryMode)
	}
	for _, a := range file.Accounts {
		s.accounts = append(s.accounts, ec2.AccountSpec{Name: a.Name, Profile: a.Profile, RoleARN: a.RoleARN,
			ExternalID: a.ExternalID, SourceProfile: a.SourceProfile, Regions: a.Regions})
	}
	if len(s.accounts) == 0 {
		s.accounts = []ec2.AccountSpec{{}} // the default credential chain
	}
	return s
}

// The demo's second account, reached through AssumeRole.
const (
	demoRoleAccount = "210987654321"
	demoRoleARN     = "arn:aws:iam::" + demoRoleAccount + ":role/vpnsql-demo"
)

// demoAccounts are the demo's accounts: the simulator's default account
// with static keys, and a second one through a role.
func demoAccounts() []ec2.AccountSpec {
	return []ec2.AccountSpec{{Name: "demo"}, {Name: "demo-role", RoleARN: demoRoleARN}}
}

// demoLoad points the real SDK at the simulator with static credentials,
// and keeps it from probing the instance-metadata address.
func demoLoad(endpoint string) []func(*config.LoadOptions) error {
	return []func(*config.LoadOptions) error{
		config.WithRegion(demoRegions[0]),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDVPNSQLDEMO", "demo-secret", "")),
		config.WithBaseEndpoint(endpoint),
	}
}

// openSource builds the accounts (no call yet); Source.Start reaches them.
func openSource(ctx context.Context, s awsSetup) (*ec2.Source, error) {
	src := &ec2.Source{Regions: s.regions, MaxParallel: s.parallel, MaxParallelPerSource: s.perSource}
	for _, spec := range s.accounts {
		a, err := ec2.OpenAccount(ctx, spec, s.client)
		if err != nil {
			return nil, err
		}
		src.Accounts = append(src.Accounts, a)
	}
	if len(src.Regions) == 0 {
		// Each account's AWS_REGION or profile region, as the SDK
		// resolved it.
		for i, a := range src.Accounts {
			if a.Regions != nil {
				continue
			}
			if a.Config.Region == "" {
				return nil, fmt.Errorf("no region for account %q: set --regions, the config file's aws.regions, or AWS_REGION", s.accounts[i].Name)
			}
			a.Regions = []string{a.Config.Region}
		}
	}
	return src, nil
}
