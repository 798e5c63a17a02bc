package ec2

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Account is one AWS account vpnsql reads: an SDK configuration (credential
// chain, endpoint, retryer) whose account id comes from its role ARN or
// from STS.
type Account struct {
	Config aws.Config
	// Name is the account's name in the config file; "" for the one
	// account of the default credential chain.
	Name string
	// Regions are this account's regions: nil means the Source's; "all"
	// means every region enabled for the account (DescribeRegions).
	Regions []string

	idMu sync.Mutex
	id   string

	mu       sync.Mutex
	clients  map[string]*ec2.Client
	resolved []string // Regions with "all" resolved; nil until resolved
	reachErr error    // why the account could not be reached (start-up, refresh)
	health   map[string]*sourceHealth

	limits callLimits
	// calls is the log its calls are recorded in (instrument), read
	// without a lock at every cached scan.
	calls atomic.Pointer[APICallLog]
	// version counts the changes of what a scan's targets are made of:
	// its id, its resolved regions, whether it could be reached.
	version atomic.Uint64
}

// NewAccount wraps an SDK configuration.
func NewAccount(cfg aws.Config) *Account {
	a := &Account{}
	a.Config = a.wrap(cfg)
	return a
}

// wrap adds vpnsql's middleware to an account's SDK configuration: bodies
// read safely, each statement's call budget, the client-side rate limits.
func (a *Account) wrap(cfg aws.Config) aws.Config {
	return a.instrumented(withCallBudget(withSafeBodies(cfg)))
}

// ID returns the account id: the role ARN's, or STS GetCallerIdentity's,
// asked until it answers.
func (a *Account) ID(ctx context.Context) (string, error) {
	a.idMu.Lock()
	defer a.idMu.Unlock()
	if a.id != "" {
		return a.id, nil
	}
	// Not charged to the statement that happens to ask first.
	ctx = catalog.WithCallBudget(ctx, nil)
	out, err := sts.NewFromConfig(a.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("sts GetCallerIdentity: %w", err)
	}
	a.id = aws.ToString(out.Account)
	a.version.Add(1)
	return a.id, nil
}

// knownID is the account id if it is known without a call.
func (a *Account) knownID() string {
	a.idMu.Lock()
	defer a.idMu.Unlock()
	return a.id
}

// label names the account in messages: its name and id.
func (a *Account) label(id string) string {
	switch {
	case a.Name == "" && id == "":
		return "(default credentials)"
	case a.Name == "":
		return id
	case id == "":
		return a.Name
	}
	return a.Name + " (" + id + ")"
}

// EC2 returns the account's client for a region.
func (a *Account) EC2(region string) *ec2.Client {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.clients == nil {
		a.clients = map[string]*ec2.Client{}
	}
	c, ok := a.clients[region]
	if !ok {
		c = ec2.NewFromConfig(a.Config, func(o *ec2.Options) { o.Region = region })
		a.clients[region] = c
	}
	return c
}

// Source is where resource tables read from: the accounts and the regions
// to call in each.
type Source struct {
	Accounts []*Account
	// Regions are the regions of accounts that do not list their own;
	// "all" means every region enabled for the account.
	Regions []string
	// MaxParallel bounds concurrent API calls in total (0 =
	// DefaultMaxParallel); it is
	// also how many answers a scan holds for a slow reader.
	MaxParallel int
	// MaxParallelPerSource bounds concurrent API calls per account and
	// region, where EC2 throttles (0 = 8).
	MaxParallelPerSource int
	// CacheSize bounds the read cache in bytes (0 = DefaultCacheSize).
	CacheSize int64
	// RefreshEvery is how often Start's loop resolves "all" again and
	// tries failed accounts (0 = RegionRefresh, an hour).
	RefreshEvery time.Duration

	slotsOnce sync.Once
	total     chan struct{}
	slotsMu   sync.Mutex
	perSource map[string]chan struct{}

	cacheOnce sync.Once
	cache     *readCache
	// allTargets is the last list of targets without constraints.
	allTargets atomic.Pointer[targetsMemo]
}

func (s *Source) readCache() *readCache {
	s.cacheOnce.Do(func() { s.cache = newReadCache(s.CacheSize) })
	return s.cache
}

// Invalidate drops cached reads of one account and region; every write
// calls it so a following SELECT sees the change.
func (s *Source) Invalidate(accountID, region string) {
	s.readCache().invalidate(accountID, region)
}

// target is one (account, region) pair a scan calls. A target with err
// set is a source that cannot be called (its account could not be
// reached): it fails the statement or, skipped, becomes a warning.
type target struct {
	account   *Account
	accountID string
	region    string
	err       error
}

// targets lists the (account, region) pairs allowed by the region and
// account constraints (nil = all), each account in its own regions, within
// the session's scope (scope.go). The list is shared: callers only read it.
// Without constraints it is the last one made, while the scope and the
// accounts' states are the same: every statement of a dashboard asks for
// it.
func (s *Source) targets(ctx context.Context, regions, accounts []any) ([]target, error) {
	sc := scopeFrom(ctx) // the role's accounts and regions (scope.go)
	if regions != nil || accounts != nil {
		ts, _, err := s.listTargets(ctx, sc, regions, accounts)
		return ts, err
	}
	v := s.accountsVersion()
	if m := s.allTargets.Load(); m != nil && m.scope == sc && m.version == v {
		return m.targets, nil
	}
	ts, keep, err := s.listTargets(ctx, sc, nil, nil)
	if err == nil && keep {
		s.allTargets.Store(&targetsMemo{scope: sc, version: v, targets: ts})
	}
	return ts, err
}

// targetsMemo is Source.targets' last list without constraints.
type targetsMemo struct {
	scope   *catalog.Scope
	version uint64 // accountsVersion when it was made
	targets []target
}

// accountsVersion changes whenever an account's state that targets reads
// does.
func (s *Source) accountsVersion() uint64 {
	var v uint64
	for _, a := range s.Accounts {
		v += a.version.Load()
	}
	return v
}

// listTargets makes targets' list; keep is false when an account's id
// could not be learned now (a later statement may), so the list is not
// kept.
func (s *Source) listTargets(ctx context.Context, sc *catalog.Scope, regions, accounts []any) (out []target, keep bool, err error) {
	out = make([]target, 0, len(s.Accounts)*max(len(s.Regions), 1))
	keep = true
	for _, a := range s.Accounts {
		// An account that could not be reached is not asked again per
		// statement: the hourly refresh tries it.
		id, err := a.knownID(), a.unreachable()
		if err == nil {
			if id, err = a.ID(ctx); err != nil {
				keep = false
			}
		}
		if accounts != nil && !containsString(accounts, id) && (id != "" || ctx.Err() != nil) {
			continue // an account whose id is unknown may be the one asked for
		}
		if !sc.AllowsAccount(a.Name, id) {
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, false, ctx.Err()
			}
			out = append(out, target{account: a, accountID: id, err: err})
			continue
		}
		rs, err := a.regionList(ctx, s.Regions)
		if err != nil {
			keep = false
			out = append(out, target{account: a, accountID: id, err: err})
			continue
		}
		for _, r := range rs {
			if regions != nil && !containsString(regions, r) || !sc.AllowsRegion(r) {
				continue
			}
			out = append(out, target{account: a, accountID: id, region: r})
		}
	}
	return out, keep, nil
}

// fanOut calls fn for every target in parallel, bounded per source and in
// total, and returns the results in target order. A failed target fails
// the call (a write's lookup needs every source).
func fanOut[T any](ctx context.Context, s *Source, ts []target, fn func(context.Context, target) ([]T, error)) ([]T, error) {
	results := make([][]T, len(ts))
	g, ctx := errgroup.WithContext(ctx)
	for i, t := range ts {
		g.Go(func() (err error) {
			// errgroup does not pass a panic on: it would end the
			// process. It becomes the statement's error instead.
			defer func() {
				if r := recover(); r != nil {
					err = pgerr.FromPanic(r)
				}
			}()
			rows, err := callSource(ctx, s, t, fn)
			results[i] = rows
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []T
	for _, r := range results {
		out = append(out, r...)
	}
	return out, nil
}

// callSource calls fn for one target within the source's and the total
// bound, records the outcome in the source's health, and names the source
// in a failure.
func callSource[T any](ctx context.Context, s *Source, t target, fn func(context.Context, target) ([]T, error)) ([]T, error) {
	if t.err != nil {
		return nil, sourceError(ctx, t, t.err)
	}
	if sess, ok := catalog.SessionFrom(ctx); ok {
		defer sess.IO.Wait()() // pg_stat_activity: waiting on IO / AwsApi
	}
	release, err := s.acquire(ctx, t)
	if err != nil {
		return nil, err
	}
	defer release()
	rows, err := fn(ctx, t)
	if err != nil {
		if ctx.Err() == nil {
			t.account.noteFailure(t.region, err)
		}
		return nil, sourceError(ctx, t, err)
	}
	t.account.noteSuccess(t.region)
	return rows, nil
}

func containsString(vals []any, s string) bool {
	for _, v := range vals {
		if v == s {
			return true
		}
	}
	return false
}

// DefaultMaxParallel is the bound on concurrent API calls in total.
const DefaultMaxParallel = 64

// parallel is how many calls may be in flight in total.
func (s *Source) parallel() int {
	if s.MaxParallel <= 0 {
		return DefaultMaxParallel
	}
	return s.MaxParallel
}

func (s *Source) parallelPerSource() int {
	if s.MaxParallelPerSource <= 0 {
		return 8
	}
	return s.MaxParallelPerSource
}

// acquire takes a place among the calls in flight to t's account and
// region and among all calls; release gives both back.
func (s *Source) acquire(ctx context.Context, t target) (release func(), err error) {
	s.slotsOnce.Do(func() {
		s.total = make(chan struct{}, s.parallel())
		s.perSource = map[string]chan struct{}{}
	})
	key := t.accountID + "|" + t.region
	if t.accountID == "" {
		key = fmt.Sprintf("%p|%s", t.account, t.region)
	}
	s.slotsMu.Lock()
	sem := s.perSource[key]
	if sem == nil {
		sem = make(chan struct{}, s.parallelPerSource())
		s.perSource[key] = sem
	}
	s.slotsMu.Unlock()
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case s.total <- struct{}{}:
	case <-ctx.Done():
		<-sem
		return nil, ctx.Err()
	}
	return func() { <-s.total; <-sem }, nil
}

// explainSources lists, per account, the regions a scan constrained to
// regions and accounts (nil = all) calls, from what is known without a
// call: an account whose id or "all" regions are not learned yet says so.
func (s *Source) explainSources(regions, accounts []any, sc *catalog.Scope) string {
	var parts []string
	for _, a := range s.Accounts {
		id := a.knownID()
		if accounts != nil && id != "" && !containsString(accounts, id) || !sc.AllowsAccount(a.Name, id) {
			continue
		}
		a.mu.Lock()
		conf, resolved, failed := a.regionsConfigured(s.Regions), a.resolved, a.reachErr != nil
		a.mu.Unlock()
		if hasAll(conf) && resolved != nil {
			conf = resolved
		}
		var rs []string
		for _, r := range conf {
			if (regions == nil || containsString(regions, r) || r == "all") && (r == "all" || sc.AllowsRegion(r)) {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		p := a.label(id) + ": " + strings.Join(rs, ", ")
		if failed {
			p += " (failed)"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}
