package ec2sim

import (
	"strings"
	"sync"
	"time"
)

// EC2 request throttling (BEHAVIOUR.md §4): a token bucket per account,
// region and action. Each request takes a token; an empty bucket answers
// RequestLimitExceeded (HTTP 503). Buckets refill continuously up to their
// capacity. Time comes from the Sim's clock, so tests can hold it still.

// Bucket is a token bucket's size and refill rate.
type Bucket struct {
	Capacity        float64 `json:"capacity"`
	RefillPerSecond float64 `json:"refillPerSecond"`
}

// ThrottleConfig adjusts throttling. The zero value is EC2's defaults.
type ThrottleConfig struct {
	Disabled bool `json:"disabled,omitempty"`
	// Default replaces EC2's category limits for every action not in Actions.
	Default *Bucket `json:"default,omitempty"`
	// Actions sets the limits of single actions.
	Actions map[string]Bucket `json:"actions,omitempty"`
}

// EC2's documented bucket sizes for the categories our actions fall in.
var (
	nonMutatingBucket = Bucket{Capacity: 100, RefillPerSecond: 20}
	mutatingBucket    = Bucket{Capacity: 50, RefillPerSecond: 5}
	tagsBucket        = Bucket{Capacity: 100, RefillPerSecond: 10} // CreateTags, DeleteTags: uncategorized, own limits
)

// DefaultBucket is EC2's limit for action: non-mutating (Describe*) 100
// tokens and 20/s, CreateTags and DeleteTags 100 and 10/s, other (mutating)
// actions 50 and 5/s.
func DefaultBucket(action string) Bucket {
	switch {
	case strings.HasPrefix(action, "Describe"), strings.HasPrefix(action, "Get"):
		return nonMutatingBucket
	case action == "CreateTags", action == "DeleteTags":
		return tagsBucket
	}
	return mutatingBucket
}

type throttler struct {
	mu      sync.Mutex
	cfg     ThrottleConfig
	buckets map[[3]string]*tokens
}

type tokens struct {
	n    float64
	last time.Time
}

// SetThrottle replaces the throttling configuration and refills every
// bucket; nil restores EC2's defaults.
func (s *Sim) SetThrottle(cfg *ThrottleConfig) {
	t := &s.throttle
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cfg = ThrottleConfig{}
	if cfg != nil {
		t.cfg = *cfg
	}
	t.buckets = map[[3]string]*tokens{}
}

// Throttle returns the current throttling configuration.
func (s *Sim) Throttle() ThrottleConfig {
	s.throttle.mu.Lock()
	defer s.throttle.mu.Unlock()
	return s.throttle.cfg
}

func (t *throttler) limit(action string) Bucket {
	if b, ok := t.cfg.Actions[action]; ok {
		return b
	}
	if t.cfg.Default != nil {
		return *t.cfg.Default
	}
	return DefaultBucket(action)
}

// allow takes a token for one request, or reports that there is none.
func (t *throttler) allow(account, region, action string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cfg.Disabled {
		return true
	}
	lim := t.limit(action)
	k := [3]string{account, region, action}
	b := t.buckets[k]
	if b == nil {
		b = &tokens{n: lim.Capacity, last: now}
		t.buckets[k] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.n = min(lim.Capacity, b.n+elapsed*lim.RefillPerSecond)
		b.last = now
	}
	if b.n < 1 {
		return false
	}
	b.n--
	return true
}
