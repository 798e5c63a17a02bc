// Package ec2 holds the resource tables backed by the EC2 API, and the
// accounts and regions they read from.
package ec2

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/vpnsql/vpnsql/pgerr"
)

// Account is one AWS account vpnsql reads: an SDK configuration (credential
// chain, endpoint, retryer) whose account id is learned from STS.
type Account struct {
	Config aws.Config

	idOnce sync.Once
	id     string
	idErr  error

	mu      sync.Mutex
	clients map[string]*ec2.Client
}

// NewAccount wraps an SDK configuration.
func NewAccount(cfg aws.Config) *Account { return &Account{Config: withSafeBodies(cfg)} }

// ID returns the account id from STS GetCallerIdentity, asked once.
func (a *Account) ID(ctx context.Context) (string, error) {
	a.idOnce.Do(func() {
		out, err := sts.NewFromConfig(a.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			a.idErr = fmt.Errorf("sts GetCallerIdentity: %w", err)
			return
		}
		a.id = aws.ToString(out.Account)
	})
	return a.id, a.idErr
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
	Regions  []string
	// MaxParallel bounds concurrent API calls per account (0 = 8).
	MaxParallel int
	// SizeOf estimates the bytes of a read cached (rows, [][]any), for
	// CacheStats; nil counts none. Set it before the first scan.
	SizeOf func(rows [][]any) int64

	cacheOnce sync.Once
	cache     *readCache
}

func (s *Source) readCache() *readCache {
	s.cacheOnce.Do(func() {
		s.cache = newReadCache()
		if s.SizeOf != nil {
			s.cache.size = func(v any) int64 {
				rows, _ := v.([][]any)
				return s.SizeOf(rows)
			}
		}
	})
	return s.cache
}

// Invalidate drops cached reads of one account and region; every write
// calls it so a following SELECT sees the change.
func (s *Source) Invalidate(accountID, region string) {
	s.readCache().invalidate(accountID + "|" + region)
}

// target is one (account, region) pair a scan calls.
type target struct {
	account   *Account
	accountID string
	region    string
}

// targets lists the (account, region) pairs allowed by the region and
// account constraints (nil = all).
func (s *Source) targets(ctx context.Context, regions, accounts []any) ([]target, error) {
	var out []target
	for _, a := range s.Accounts {
		id, err := a.ID(ctx)
		if err != nil {
			return nil, err
		}
		if accounts != nil && !containsString(accounts, id) {
			continue
		}
		for _, r := range s.Regions {
			if regions != nil && !containsString(regions, r) {
				continue
			}
			out = append(out, target{account: a, accountID: id, region: r})
		}
	}
	return out, nil
}

// fanOut calls fn for every target in parallel, bounded per account, and
// returns the results in target order.
func fanOut[T any](ctx context.Context, s *Source, ts []target, fn func(context.Context, target) ([]T, error)) ([]T, error) {
	limit := s.parallel()
	results := make([][]T, len(ts))
	g, ctx := errgroup.WithContext(ctx)
	sems := accountSlots(ts, limit)
	for i, t := range ts {
		sem := sems[t.account]
		g.Go(func() (err error) {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			defer func() { <-sem }()
			// errgroup does not pass a panic on: it would end the
			// process. It becomes the statement's error instead.
			defer func() {
				if r := recover(); r != nil {
					err = pgerr.FromPanic(r)
				}
			}()
			rows, err := fn(ctx, t)
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

func containsString(vals []any, s string) bool {
	for _, v := range vals {
		if v == s {
			return true
		}
	}
	return false
}

// parallel is how many calls may be in flight per account.
func (s *Source) parallel() int {
	if s.MaxParallel <= 0 {
		return 8
	}
	return s.MaxParallel
}

// accountSlots gives each account of the targets its own bound of limit
// calls in flight: EC2 throttles per account.
func accountSlots(ts []target, limit int) map[*Account]chan struct{} {
	sems := map[*Account]chan struct{}{}
	for _, t := range ts {
		if sems[t.account] == nil {
			sems[t.account] = make(chan struct{}, limit)
		}
	}
	return sems
}
