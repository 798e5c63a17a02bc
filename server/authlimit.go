package server

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// LoginLimit limits failed logins per (user, client address), so that
// guessing a password is slow and a real user is never locked out by
// someone elsewhere: the same user from another address is counted apart.
//
// The n-th consecutive failure waits Delay·2^(n-1) (at most MaxDelay)
// before its error is sent. From the LockoutAfter-th failure on, the pair
// is locked for Lockout: every login it tries fails with the same 28P01 a
// wrong password gets, after the same exchange, so a client cannot tell a
// lockout from a wrong password. A success resets the pair; so does
// Lockout passing since its last failure.
type LoginLimit struct {
	// Delay is the pause before the first failure's error (0 =
	// DefaultLoginDelay; negative = no delay).
	Delay time.Duration
	// MaxDelay caps the doubling (0 = DefaultLoginMaxDelay).
	MaxDelay time.Duration
	// LockoutAfter is the failures that lock the pair (0 =
	// DefaultLockoutAfter; negative = never).
	LockoutAfter int
	// Lockout is how long a locked pair stays locked, and how long a
	// failure is remembered (0 = DefaultLockout).
	Lockout time.Duration
	// MaxTracked bounds the pairs remembered (0 = DefaultLoginTracked);
	// past it the least recently failed unlocked pair is forgotten.
	MaxTracked int
}

// Defaults of LoginLimit; docs/security.md lists them.
const (
	DefaultLoginDelay    = 100 * time.Millisecond
	DefaultLoginMaxDelay = 5 * time.Second
	DefaultLockoutAfter  = 10
	DefaultLockout       = 15 * time.Minute
	DefaultLoginTracked  = 10000
)

func (l LoginLimit) withDefaults() LoginLimit {
	if l.Delay == 0 {
		l.Delay = DefaultLoginDelay
	}
	if l.MaxDelay == 0 {
		l.MaxDelay = DefaultLoginMaxDelay
	}
	if l.LockoutAfter == 0 {
		l.LockoutAfter = DefaultLockoutAfter
	}
	if l.Lockout == 0 {
		l.Lockout = DefaultLockout
	}
	if l.MaxTracked <= 0 {
		l.MaxTracked = DefaultLoginTracked
	}
	return l
}

// LoginStats is the limiter's state, for metrics.
type LoginStats struct {
	Tracked        int    // (user, address) pairs with failures remembered
	Locked         int    // of those, locked now
	Failures       uint64 // failed logins since start
	LockedAttempts uint64 // logins refused because their pair was locked
	Lockouts       uint64 // times a pair became locked
}

type loginKey struct{ user, addr string }

type loginEntry struct {
	key         loginKey
	failures    int
	last        time.Time
	lockedUntil time.Time
	elem        *list.Element
}

// loginLimiter holds LoginLimit's state: a map for lookup and a list in
// order of last failure, for forgetting the oldest when full.
type loginLimiter struct {
	cfg LoginLimit
	now func() time.Time

	mu      sync.Mutex
	entries map[loginKey]*loginEntry
	order   *list.List // front: most recent failure
	stats   LoginStats
}

func newLoginLimiter(cfg LoginLimit) *loginLimiter {
	return &loginLimiter{cfg: cfg.withDefaults(), now: time.Now, entries: map[loginKey]*loginEntry{}, order: list.New()}
}

// locked says whether the pair may not log in now. A locked pair's
// attempt still runs the whole exchange; its result is then ignored.
func (l *loginLimiter) locked(user, addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entries[loginKey{user, addr}]
	if e == nil || !l.now().Before(e.lockedUntil) {
		return false
	}
	l.stats.LockedAttempts++
	return true
}

// failed records a failure and returns how long to wait before saying so.
func (l *loginLimiter) failed(user, addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.stats.Failures++
	k := loginKey{user, addr}
	e := l.entries[k]
	if e != nil && now.Sub(e.last) >= l.cfg.Lockout && !now.Before(e.lockedUntil) {
		e.failures = 0 // an old failure is forgotten
	}
	if e == nil {
		l.makeRoom()
		e = &loginEntry{key: k}
		e.elem = l.order.PushFront(e)
		l.entries[k] = e
	} else {
		l.order.MoveToFront(e.elem)
	}
	e.failures++
	e.last = now
	if l.cfg.LockoutAfter > 0 && e.failures >= l.cfg.LockoutAfter {
		if !now.Before(e.lockedUntil) {
			l.stats.Lockouts++
		}
		e.lockedUntil = now.Add(l.cfg.Lockout)
	}
	return l.delay(e.failures)
}

func (l *loginLimiter) delay(failures int) time.Duration {
	if l.cfg.Delay < 0 {
		return 0
	}
	d := l.cfg.Delay
	for i := 1; i < failures && d < l.cfg.MaxDelay; i++ {
		d *= 2
	}
	return min(d, l.cfg.MaxDelay)
}

// succeeded forgets the pair's failures.
func (l *loginLimiter) succeeded(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.entries[loginKey{user, addr}]; e != nil {
		l.remove(e)
	}
}

// makeRoom forgets pairs until one more fits: expired ones first, then
// the least recently failed unlocked one, and only when every pair is
// locked the oldest locked one. An attacker cycling names or addresses
// thus costs a bounded map, and can free a lock only by filling the whole
// table with locks of its own.
func (l *loginLimiter) makeRoom() {
	if len(l.entries) < l.cfg.MaxTracked {
		return
	}
	now := l.now()
	// The list is in order of last failure, and a lock ends Lockout after
	// its pair's last failure: the expired pairs are at the back.
	for el := l.order.Back(); el != nil; el = l.order.Back() {
		e := el.Value.(*loginEntry)
		if now.Sub(e.last) < l.cfg.Lockout || now.Before(e.lockedUntil) {
			break
		}
		l.remove(e)
	}
	for el := l.order.Back(); el != nil && len(l.entries) >= l.cfg.MaxTracked; {
		e := el.Value.(*loginEntry)
		el = el.Prev()
		if !now.Before(e.lockedUntil) {
			l.remove(e)
		}
	}
	for len(l.entries) >= l.cfg.MaxTracked {
		l.remove(l.order.Back().Value.(*loginEntry))
	}
}

func (l *loginLimiter) remove(e *loginEntry) {
	l.order.Remove(e.elem)
	delete(l.entries, e.key)
}

func (l *loginLimiter) snapshot() LoginStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.stats
	st.Tracked = len(l.entries)
	now := l.now()
	for _, e := range l.entries {
		if now.Before(e.lockedUntil) {
			st.Locked++
		}
	}
	return st
}

// LoginStats reports the failed-login limiter's state (metrics read it).
func (s *Server) LoginStats() LoginStats {
	s.init()
	return s.logins.snapshot()
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
