package server

import (
	"context"
	"time"
)

// The server is the executor's Backends: pg_cancel_backend and
// pg_terminate_backend reach other sessions through it, the way a
// CancelRequest and a configuration reload already do.

// BackendUser is the user of the authenticated live session pid.
func (s *Server) BackendUser(pid int32) (string, bool) {
	s.mu.Lock()
	c := s.byPID[pid]
	s.mu.Unlock()
	if c == nil {
		return "", false
	}
	info := c.snapshot()
	return info.User, info.User != ""
}

// SignalBackend cancels session pid's running statement (57014 "canceling
// statement due to user request"), or with terminate ends the session
// (57P01), as SIGINT and SIGTERM to a backend do.
func (s *Server) SignalBackend(pid int32, terminate bool) {
	s.mu.Lock()
	c := s.byPID[pid]
	s.mu.Unlock()
	if c == nil {
		return
	}
	if terminate {
		c.log.Info("terminating the session: pg_terminate_backend")
		c.kill()
		return
	}
	c.cancelRunning(errUserCancel)
}

// BackendGone waits until session pid has ended, or ctx has.
func (s *Server) BackendGone(ctx context.Context, pid int32) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		_, live := s.byPID[pid]
		s.mu.Unlock()
		if !live {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
}
