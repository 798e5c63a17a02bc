package ec2

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"
)

// AccountSpec says how to reach one account (docs/aws.md): a named profile
// of the SDK's shared config (SSO included), or a role assumed with the
// credentials of a source profile (or of the default chain).
type AccountSpec struct {
	Name          string
	Profile       string
	RoleARN       string
	ExternalID    string
	SourceProfile string
	// Regions are the account's own regions; nil = the Source's.
	Regions []string
}

// ClientOptions are the SDK settings every account shares.
type ClientOptions struct {
	// Load are extra options for config.LoadDefaultConfig (demo mode and
	// tests: the endpoint and static credentials).
	Load []func(*config.LoadOptions) error
	// RetryMaxAttempts is the adaptive retryer's attempts per call
	// (0 = DefaultRetryMaxAttempts); RetryMaxBackoff its longest wait
	// between attempts (0 = DefaultRetryMaxBackoff).
	RetryMaxAttempts int
	RetryMaxBackoff  time.Duration
	// RetryMode is aws.RetryModeAdaptive ("" too: the default) or
	// aws.RetryModeStandard, which does not slow the client down after
	// throttling (adaptive mode waits up to 2s before its next attempt).
	RetryMode aws.RetryMode
	// SessionName names assumed-role sessions ("" = vpnsql-<host>).
	SessionName string
}

// Retry defaults: more attempts than the SDK's 3, because EC2 throttling
// is shared with the account's other tools and a statement should ride
// out a burst rather than fail.
const (
	DefaultRetryMaxAttempts = 5
	DefaultRetryMaxBackoff  = 20 * time.Second
)

// CredentialsExpiryWindow is how long before an assumed role's credentials
// expire the credential cache fetches new ones (a new AssumeRole). Without
// a window the SDK's cache refreshes only once they have expired, so a call
// signed in the last moments could reach EC2 with expired credentials
// (ExpiredToken). Five minutes is what the SDK's own config loader gives
// the credentials it caches with a window (container credentials,
// config/resolve_credentials.go); stscreds' sessions last 15 minutes, so
// a role is assumed again about every 10 minutes.
const CredentialsExpiryWindow = 5 * time.Minute

// OpenAccount builds an account's SDK configuration: its credentials
// (profile, or an assumed role behind the SDK's credential cache, which
// refreshes before expiry), the adaptive retryer and an HTTP client with
// timeouts. It makes no call; Source.Start reaches the account.
func OpenAccount(ctx context.Context, spec AccountSpec, o ClientOptions) (*Account, error) {
	load := append([]func(*config.LoadOptions) error(nil), o.Load...)
	load = append(load, config.WithHTTPClient(NewHTTPClient()), config.WithRetryer(o.retryer()))
	profile := spec.Profile
	if spec.RoleARN != "" {
		profile = spec.SourceProfile
	}
	if profile != "" {
		load = append(load, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, fmt.Errorf("account %s: loading AWS configuration: %w", spec.Name, err)
	}
	a := &Account{Name: spec.Name, Regions: spec.Regions}
	if spec.RoleARN != "" {
		parsed, err := arn.Parse(spec.RoleARN)
		if err != nil || parsed.AccountID == "" || !strings.HasPrefix(parsed.Resource, "role/") {
			return nil, fmt.Errorf("account %s: role_arn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", spec.Name, spec.RoleARN)
		}
		a.id = parsed.AccountID
		name := o.SessionName
		if name == "" {
			name = DefaultSessionName()
		}
		// The STS client is made before vpnsql.api_calls instruments the
		// account: recordCalls finds the log at each call.
		stsClient := sts.NewFromConfig(cfg, func(so *sts.Options) { so.APIOptions = append(so.APIOptions, a.recordCalls) })
		provider := stscreds.NewAssumeRoleProvider(stsClient, spec.RoleARN, func(ao *stscreds.AssumeRoleOptions) {
			ao.RoleSessionName = name
			if spec.ExternalID != "" {
				ao.ExternalID = aws.String(spec.ExternalID)
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(provider, func(co *aws.CredentialsCacheOptions) {
			co.ExpiryWindow = CredentialsExpiryWindow
		})
	}
	a.Config = a.wrap(cfg)
	return a, nil
}

func (o ClientOptions) retryer() func() aws.Retryer {
	attempts, backoff := o.RetryMaxAttempts, o.RetryMaxBackoff
	if attempts <= 0 {
		attempts = DefaultRetryMaxAttempts
	}
	if backoff <= 0 {
		backoff = DefaultRetryMaxBackoff
	}
	standard := func(so *retry.StandardOptions) {
		so.MaxAttempts = attempts
		so.MaxBackoff = backoff
		// The client-side token bucket (callLimits) and the adaptive
		// rate keep vpnsql under EC2's limits; the SDK's retry quota
		// would fail statements that merely wait.
		so.RateLimiter = ratelimit.None
	}
	if o.RetryMode == aws.RetryModeStandard {
		return func() aws.Retryer { return retry.NewStandard(standard) }
	}
	return func() aws.Retryer {
		return retry.NewAdaptiveMode(func(ao *retry.AdaptiveModeOptions) {
			ao.StandardOptions = append(ao.StandardOptions, standard)
		})
	}
}

var sessionNameChars = regexp.MustCompile(`[^\w+=,.@-]`)

// DefaultSessionName is vpnsql-<host>, in the characters STS allows.
func DefaultSessionName() string {
	host, _ := os.Hostname()
	name := "vpnsql-" + sessionNameChars.ReplaceAllString(host, "-")
	if len(name) > 64 {
		name = name[:64]
	}
	return name
}

// regionsConfigured are the account's regions as configured: its own, or
// the Source's. The caller holds a.mu or owns a.
func (a *Account) regionsConfigured(def []string) []string {
	if a.Regions != nil {
		return a.Regions
	}
	return def
}

func hasAll(regions []string) bool { return slices.Contains(regions, "all") }

// regionList returns the regions to call in the account, resolving "all"
// through DescribeRegions the first time (Start does it for configured
// servers; refresh does it again hourly).
func (a *Account) regionList(ctx context.Context, def []string) ([]string, error) {
	a.mu.Lock()
	conf, resolved := a.regionsConfigured(def), a.resolved
	a.mu.Unlock()
	if !hasAll(conf) {
		return conf, nil
	}
	if resolved != nil {
		return resolved, nil
	}
	return a.resolveRegions(ctx, conf)
}

// resolveRegions replaces "all" with the regions enabled for the account:
// those that need no opt-in and those opted in.
func (a *Account) resolveRegions(ctx context.Context, conf []string) ([]string, error) {
	home := a.Config.Region
	if home == "" {
		home = "us-east-1"
	}
	out, err := a.EC2(home).DescribeRegions(ctx, &ec2.DescribeRegionsInput{
		AllRegions: aws.Bool(true),
		Filters:    []types.Filter{{Name: aws.String("opt-in-status"), Values: []string{"opt-in-not-required", "opted-in"}}},
	})
	if err != nil {
		return nil, fmt.Errorf("listing the account's regions (DescribeRegions in %s): %w", home, err)
	}
	seen := map[string]bool{}
	var regions []string
	for _, r := range out.Regions {
		seen[aws.ToString(r.RegionName)] = true
	}
	for _, r := range conf { // named regions beside "all" are kept
		if r != "all" {
			seen[r] = true
		}
	}
	for r := range seen {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	a.mu.Lock()
	a.resolved = regions
	a.mu.Unlock()
	a.version.Add(1)
	return regions, nil
}

// unreachable is why the account could not be reached at start-up or the
// last refresh; nil when it could.
func (a *Account) unreachable() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.reachErr
}

// reach tries the account: its credentials (an assumed role is assumed),
// its id, and its regions when they are "all".
func (a *Account) reach(ctx context.Context, def []string) error {
	err := func() error {
		if a.knownID() != "" { // from the role ARN: the role must still be assumable
			if _, err := a.Config.Credentials.Retrieve(ctx); err != nil {
				return fmt.Errorf("assuming the role: %w", err)
			}
		} else if _, err := a.ID(ctx); err != nil {
			return err
		}
		a.mu.Lock()
		conf := a.regionsConfigured(def)
		a.mu.Unlock()
		if hasAll(conf) {
			_, err := a.resolveRegions(ctx, conf)
			return err
		}
		return nil
	}()
	a.mu.Lock()
	a.reachErr = err
	a.version.Add(1)
	if err != nil {
		a.healthOf("").lastFailure = time.Now().UTC()
		a.healthOf("").lastError = errorText(err)
	} else {
		a.healthOf("").lastSuccess = time.Now().UTC()
	}
	a.mu.Unlock()
	return err
}

// RegionRefresh is how often "all" is resolved again (and failed accounts
// tried again).
const RegionRefresh = time.Hour

// Start reaches every account in parallel. When none can be reached it
// returns an error naming each account and its reason; otherwise it logs a
// warning per failed account (vpnsql.sources shows it failed, statements
// that need it fail or skip it) and, until ctx ends, tries every account
// again each RefreshEvery (default RegionRefresh).
func (s *Source) Start(ctx context.Context, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.Default()
	}
	errs := s.reachAll(ctx)
	var failed []string
	for i, err := range errs {
		if err != nil {
			a := s.Accounts[i]
			failed = append(failed, fmt.Sprintf("account %s: %v", a.label(a.knownID()), err))
			logger.Warn("AWS account unreachable", "account", a.Name, "accountId", a.knownID(), "err", err.Error())
		}
	}
	if len(failed) == len(s.Accounts) && len(failed) > 0 {
		return errors.New("no AWS account could be reached:\n  " + strings.Join(failed, "\n  "))
	}
	every := s.RefreshEvery
	if every <= 0 {
		every = RegionRefresh
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				for i, err := range s.reachAll(ctx) {
					if err != nil && ctx.Err() == nil {
						logger.Warn("AWS account unreachable", "account", s.Accounts[i].Name, "err", err.Error())
					}
				}
			}
		}
	}()
	return nil
}

func (s *Source) reachAll(ctx context.Context) []error {
	errs := make([]error, len(s.Accounts))
	var g errgroup.Group
	g.SetLimit(16)
	for i, a := range s.Accounts {
		g.Go(func() error {
			errs[i] = a.reach(ctx, s.Regions)
			return nil
		})
	}
	g.Wait()
	return errs
}
