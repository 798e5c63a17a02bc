package executor

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Backends reaches the server's other sessions for pg_cancel_backend and
// pg_terminate_backend; the server sets Engine.Backends to itself.
type Backends interface {
	// BackendUser is the user of the live session pid.
	BackendUser(pid int32) (string, bool)
	// SignalBackend cancels session pid's running statement, or with
	// terminate ends the session (57P01), as SIGINT and SIGTERM do.
	SignalBackend(pid int32, terminate bool)
	// BackendGone reports whether session pid has ended, waiting for it
	// until ctx ends.
	BackendGone(ctx context.Context, pid int32) bool
}

// SignalBackend is pg_cancel_backend(pid) and pg_terminate_backend(pid,
// timeout) as PostgreSQL 15's pg_signal_backend decides: no role is a
// superuser or a member of pg_signal_backend, so a session may signal
// only sessions of its own user (42501 otherwise); a pid that is no
// session is a warning and false.
func (s *Session) SignalBackend(ctx context.Context, pid int32, terminate bool, timeout time.Duration) (bool, error) {
	if timeout < 0 {
		return false, pgerr.New(pgerr.NumericValueOutOfRange, "\"timeout\" must not be negative")
	}
	b := s.engine.Backends
	var user string
	ok := false
	if b != nil {
		user, ok = b.BackendUser(pid)
	}
	if !ok {
		s.notice(Notice{Severity: pgerr.SeverityWarning, Message: fmt.Sprintf("PID %d is not a PostgreSQL backend process", pid)})
		return false, nil
	}
	if user != s.info.User {
		if terminate {
			return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a member of the role whose process is being terminated or member of pg_signal_backend")
		}
		return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a member of the role whose query is being canceled or member of pg_signal_backend")
	}
	if pid == s.info.PID && !terminate {
		// A backend's own SIGINT cancels the statement that sent it.
		return false, pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	}
	b.SignalBackend(pid, terminate)
	if !terminate || timeout == 0 || pid == s.info.PID {
		return true, nil
	}
	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !b.BackendGone(wait, pid) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		s.notice(Notice{Severity: pgerr.SeverityWarning, Message: fmt.Sprintf("backend with PID %d did not terminate within %d milliseconds", pid, timeout.Milliseconds())})
		return false, nil
	}
	return true, nil
}

// advisoryLocks is the server's table of advisory locks (pg_advisory_*):
// for each key, what each session holds, session- and transaction-scoped
// apart, as PostgreSQL's lock manager counts them. The zero value is
// ready; released is closed and replaced whenever a lock is released, to
// wake the sessions waiting for one.
type advisoryLocks struct {
	mu       sync.Mutex
	held     map[expr.AdvisoryKey]map[*Session]*advisoryHold
	waiting  map[*Session]advisoryWait
	released chan struct{}
}

// advisoryWait is the lock a session waits for.
type advisoryWait struct {
	key    expr.AdvisoryKey
	shared bool
}

// advisoryHold counts one session's holds of one key: [0] session-level,
// [1] transaction-level.
type advisoryHold struct{ excl, shared [2]int }

func (h *advisoryHold) empty() bool { return h.excl == [2]int{} && h.shared == [2]int{} }

func scope(xact bool) int {
	if xact {
		return 1
	}
	return 0
}

// AdvisoryLock takes a lock: exclusive unless shared, held to the end of
// the session or, with xact, of the transaction. It waits while another
// session holds a conflicting one (until the statement is cancelled),
// unless try, which answers false at once.
func (s *Session) AdvisoryLock(ctx context.Context, key expr.AdvisoryKey, shared, xact, try bool) (bool, error) {
	t := &s.engine.advisory
	for {
		t.mu.Lock()
		if t.grantable(s, key, shared) {
			if t.held == nil {
				t.held = map[expr.AdvisoryKey]map[*Session]*advisoryHold{}
			}
			if t.held[key] == nil {
				t.held[key] = map[*Session]*advisoryHold{}
			}
			h := t.held[key][s]
			if h == nil {
				h = &advisoryHold{}
				t.held[key][s] = h
			}
			if shared {
				h.shared[scope(xact)]++
			} else {
				h.excl[scope(xact)]++
			}
			t.mu.Unlock()
			return true, nil
		}
		if try {
			t.mu.Unlock()
			return false, nil
		}
		if cycle := t.deadlock(s, advisoryWait{key, shared}); cycle != "" {
			t.mu.Unlock()
			return false, pgerr.New(pgerr.TRDeadlockDetected, "deadlock detected").WithDetail("%s", cycle).
				WithHint("See server log for query details.")
		}
		if t.released == nil {
			t.released = make(chan struct{})
		}
		if t.waiting == nil {
			t.waiting = map[*Session]advisoryWait{}
		}
		t.waiting[s] = advisoryWait{key, shared}
		wake := t.released
		t.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
		}
		t.mu.Lock()
		delete(t.waiting, s)
		t.mu.Unlock()
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
	}
}

// deadlock looks for a cycle of waits that s waiting for w would close
// (s waits for a session that waits, perhaps through others, for s), as
// PostgreSQL's deadlock detector does, and describes it; "" when none.
// PostgreSQL looks after deadlock_timeout; a cycle of advisory locks
// never breaks by itself, so vpnsql looks before waiting. t.mu is held.
func (t *advisoryLocks) deadlock(s *Session, w advisoryWait) string {
	var path []string
	seen := map[*Session]bool{}
	var visit func(cur *Session, w advisoryWait) bool
	visit = func(cur *Session, w advisoryWait) bool {
		for other, h := range t.held[w.key] {
			if other == cur || (w.shared && h.excl == [2]int{}) {
				continue // no conflict with this holder
			}
			path = append(path, fmt.Sprintf("Process %d waits for %s on advisory lock %s; blocked by process %d.", cur.info.PID, lockMode(w.shared), w.key, other.info.PID))
			if other == s {
				return true
			}
			if next, ok := t.waiting[other]; ok && !seen[other] {
				seen[other] = true
				if visit(other, next) {
					return true
				}
			}
			path = path[:len(path)-1]
		}
		return false
	}
	if !visit(s, w) {
		return ""
	}
	return strings.Join(path, "\n")
}

func lockMode(shared bool) string {
	if shared {
		return "ShareLock"
	}
	return "ExclusiveLock"
}

// grantable: no other session holds the key exclusively, and for an
// exclusive lock none holds it at all.
func (t *advisoryLocks) grantable(s *Session, key expr.AdvisoryKey, shared bool) bool {
	for other, h := range t.held[key] {
		if other == s {
			continue
		}
		if h.excl != [2]int{} || (!shared && h.shared != [2]int{}) {
			return false
		}
	}
	return true
}

// AdvisoryUnlock releases one session-level hold of key; false, with
// PostgreSQL's warning, when the session holds none.
func (s *Session) AdvisoryUnlock(key expr.AdvisoryKey, shared bool) bool {
	t := &s.engine.advisory
	t.mu.Lock()
	h := t.held[key][s]
	ok := false
	switch {
	case h == nil:
	case shared && h.shared[0] > 0:
		h.shared[0]--
		ok = true
	case !shared && h.excl[0] > 0:
		h.excl[0]--
		ok = true
	}
	if ok {
		t.tidy(key, s)
	}
	t.mu.Unlock()
	if !ok {
		s.notice(Notice{Severity: pgerr.SeverityWarning, Message: "you don't own a lock of type " + lockMode(shared)})
	}
	return ok
}

// releaseAdvisory drops this session's holds: the transaction-level ones
// at the end of a transaction, all of them (pg_advisory_unlock_all's
// session-level ones too) with session.
func (s *Session) releaseAdvisory(session, xact bool) {
	t := &s.engine.advisory
	t.mu.Lock()
	defer t.mu.Unlock()
	for key, holders := range t.held {
		h := holders[s]
		if h == nil {
			continue
		}
		if session {
			h.excl[0], h.shared[0] = 0, 0
		}
		if xact {
			h.excl[1], h.shared[1] = 0, 0
		}
		t.tidy(key, s)
	}
}

// AdvisoryUnlockAll is pg_advisory_unlock_all: every session-level hold.
func (s *Session) AdvisoryUnlockAll() { s.releaseAdvisory(true, false) }

// tidy forgets an empty hold and wakes the waiters; t.mu is held.
func (t *advisoryLocks) tidy(key expr.AdvisoryKey, s *Session) {
	if h := t.held[key][s]; h != nil && h.empty() {
		delete(t.held[key], s)
		if len(t.held[key]) == 0 {
			delete(t.held, key)
		}
	}
	if t.released != nil {
		close(t.released)
		t.released = nil
	}
}

// Close ends the session: its advisory locks go, as at a backend's exit.
func (s *Session) Close() { s.releaseAdvisory(true, true) }
