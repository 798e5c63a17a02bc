package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/vpnsql/vpnsql/pgerr"
)

// Why a statement's context was cancelled; the cause picks the message the
// client sees.
var (
	errUserCancel       = errors.New("canceling statement due to user request")
	errStatementTimeout = errors.New("canceling statement due to statement timeout")
	errShutdown         = errors.New("terminating connection due to administrator command")
)

// cancelRequest handles a CancelRequest that arrived on its own
// connection: if pid and key match a session, its running statement is
// cancelled. A wrong key does nothing, and the requester learns nothing
// either way (the connection just closes), as in PostgreSQL.
func (s *Server) cancelRequest(pid uint32, key []byte) {
	s.mu.Lock()
	c := s.byPID[int32(pid)]
	s.mu.Unlock()
	if c == nil || subtle.ConstantTimeCompare(key, c.secret[:]) != 1 {
		s.log.Debug("cancel request ignored: no such session or wrong key", "target_pid", pid)
		return
	}
	s.log.Info("cancel request", "target_pid", pid)
	c.cancelRunning(errUserCancel)
}

// cancelRunning cancels the statement in flight, if any.
func (c *conn) cancelRunning(cause error) {
	c.mu.Lock()
	cancel := c.running
	c.mu.Unlock()
	if cancel != nil {
		cancel(cause)
	}
}

// arm makes cancel the target of CancelRequest and statement_timeout while
// one message is processed, until disarm. A session processes one message
// at a time, so at most one statement is armed.
func (c *conn) arm(cancel context.CancelCauseFunc) {
	c.mu.Lock()
	c.running = cancel
	c.mu.Unlock()
	if d := c.settings().statementTimeout; d > 0 {
		c.timeout = time.AfterFunc(d, func() {
			defer c.recoverTimer()
			cancel(errStatementTimeout)
		})
	}
}

// disarm undoes arm.
func (c *conn) disarm() {
	if c.timeout != nil {
		c.timeout.Stop()
		c.timeout = nil
	}
	c.mu.Lock()
	c.running = nil
	c.mu.Unlock()
}

// statementError converts an executor error to what the client sees. When
// the statement's context was cancelled, the cause decides the message:
// the executor only knows that its context ended.
func statementError(ctx context.Context, err error) *pgerr.Error {
	pe := pgerr.From(err)
	if ctx.Err() == nil {
		return pe
	}
	if pe.Code != pgerr.QueryCanceled && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return pe
	}
	switch context.Cause(ctx) {
	case errStatementTimeout:
		return pgerr.New(pgerr.QueryCanceled, "%s", errStatementTimeout.Error())
	case errShutdown:
		return fatal(pgerr.New(pgerr.AdminShutdown, "%s", errShutdown.Error()))
	}
	return pgerr.New(pgerr.QueryCanceled, "%s", errUserCancel.Error())
}

// fatal marks an error as ending the session.
func fatal(e *pgerr.Error) *pgerr.Error {
	e.Severity = pgerr.SeverityFatal
	return e
}

// recoverTimer keeps a panic in a timer's goroutine from ending the
// process; nothing waits on a timer, so the log is where it goes.
func (c *conn) recoverTimer() {
	if r := recover(); r != nil {
		c.log.Error("panic in statement timer", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
}
