package server

import (
	"github.com/vpnsql/vpnsql/pgerr"
)

// userStore is the users logins are checked against now.
func (s *Server) userStore() UserStore {
	s.init()
	if u := s.users.Load(); u != nil {
		return *u
	}
	return nil
}

// SetUsers replaces the users (a reload of the config file): new logins
// are checked against u. A live session whose user u no longer knows is
// terminated as pg_terminate_backend would (57P01), its running statement
// cancelled; the other sessions go on. It returns how many it terminated.
// A user's changed role is not the server's concern: the engine asks for
// the role at each write (executor.Engine.CanWrite).
func (s *Server) SetUsers(u UserStore) int {
	s.init()
	s.users.Store(&u)
	s.mu.Lock()
	var gone []*conn
	for c := range s.conns {
		if c.userSlot == "" {
			continue // not yet authenticated: its login checks u
		}
		if u == nil {
			continue
		}
		if _, ok := u.Lookup(c.userSlot); !ok {
			gone = append(gone, c)
		}
	}
	s.mu.Unlock()
	for _, c := range gone {
		c.log.Info("terminating the session of a user removed from the configuration", "user", c.userSlot)
		c.kill()
	}
	return len(gone)
}

// userLimit is the session limit of an authenticated user.
func (s *Server) userLimit(user string) int {
	if u := s.userStore(); u != nil {
		if cred, ok := u.Lookup(user); ok && cred.ConnectionLimit != 0 {
			return cred.ConnectionLimit
		}
	}
	return s.cfg.MaxUserConnections
}

// takeUserSlot counts the authenticated session against its user's limit;
// false means it was refused (the error has been sent).
func (c *conn) takeUserSlot(user string) bool {
	if !c.srv.acquireUserSlot(user, c.srv.userLimit(user)) {
		c.startupFailed(pgerr.New(pgerr.TooManyConnections, "too many connections for role \"%s\"", user))
		return false
	}
	c.srv.mu.Lock()
	c.userSlot = user
	c.srv.mu.Unlock()
	return true
}

// kill ends the session from outside: a running statement is cancelled
// with 57P01, and an idle session's read returns at once and sends it.
func (c *conn) kill() {
	c.killed.Store(true)
	c.cancelRunning(errShutdown)
	c.interrupt()
}

// ending says whether the session must end now: the server is shutting
// down or the session was killed.
func (c *conn) ending() bool {
	return c.srv.shutdown.Load() || c.killed.Load()
}
