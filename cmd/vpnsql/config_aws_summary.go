package main

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/vpnsql/vpnsql/catalog/ec2"
)

// summary describes the aws section for `vpnsql check-config`: each
// account and how it is reached, the regions, the limits. It never shows
// a secret: an external id is only said to be set.
func (c *awsConfig) summary() []string {
	if c == nil {
		return []string{"aws: no aws section: the SDK's default credential chain, in the regions of --regions or AWS_REGION"}
	}
	regions := func(rs []string, fallback string) string {
		if len(rs) == 0 {
			return fallback
		}
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r
			if r == "all" {
				out[i] = "all (every region enabled for the account, resolved at start-up and hourly)"
			}
		}
		return strings.Join(out, ", ")
	}
	top := regions(c.Regions, "--regions, else each account's AWS_REGION or profile region")
	lines := []string{"aws: regions: " + top}
	if len(c.Accounts) == 0 {
		lines = append(lines, "aws: one account: the SDK's default credential chain (environment, AWS_PROFILE, SSO, instance role)")
	} else {
		lines = append(lines, fmt.Sprintf("aws: %d account(s):", len(c.Accounts)))
	}
	for _, a := range c.Accounts {
		var how string
		switch {
		case a.RoleARN != "":
			name := a.Name
			if r, err := arn.Parse(a.RoleARN); err == nil && r.AccountID != "" {
				name += " (" + r.AccountID + ")"
			}
			from := "the default credential chain"
			if a.SourceProfile != "" {
				from = "profile " + a.SourceProfile
			}
			ext := ""
			if a.ExternalID != "" {
				ext = ", external id set"
			}
			how = fmt.Sprintf("%s: assumes role %s (STS AssumeRole%s) with the credentials of %s", name, a.RoleARN, ext, from)
		case a.Profile != "":
			how = fmt.Sprintf("%s: profile %s of the shared config (account id from STS GetCallerIdentity)", a.Name, a.Profile)
		default:
			how = fmt.Sprintf("%s: the SDK's default credential chain (account id from STS GetCallerIdentity)", a.Name)
		}
		lines = append(lines, "  "+how+"; regions: "+regions(a.Regions, "the section's"))
	}
	orDefault := func(v int, def string) string {
		if v == 0 {
			return def + " (default)"
		}
		return fmt.Sprint(v)
	}
	mode := c.RetryMode
	if mode == "" {
		mode = "adaptive (default)"
	}
	backoff := c.RetryMaxBackoff
	if backoff == "" {
		backoff = ec2.DefaultRetryMaxBackoff.String() + " (default)"
	}
	lines = append(lines,
		fmt.Sprintf("aws: limits: max_parallel %s, max_parallel_per_source %s; retries: %s, %s attempts, longest backoff %s",
			orDefault(c.MaxParallel, "64"), orDefault(c.MaxParallelPerSource, "8"), mode,
			orDefault(c.RetryMaxAttempts, fmt.Sprint(ec2.DefaultRetryMaxAttempts)), backoff),
		"aws: flags and VPNSQL_* variables given to serve win over these")
	return lines
}
