package server

import (
	"github.com/vpnsql/vpnsql/pgerr"
)

// SQL DEALLOCATE and the protocol's Parse share one namespace in
// PostgreSQL: psqlODBC prepares "_PLAN0x55748fdadb20" with Parse and drops
// it with a simple-query DEALLOCATE, and then may reuse the name. The
// statements live here, so the server runs DEALLOCATE itself, recognised
// from the executor's parse (executor.Statement.Deallocate); after DISCARD
// ALL (which the executor runs) it forgets them all.

// deallocate drops the prepared statement name, or all of them, and
// returns the command tag.
func (c *conn) deallocate(name string, all bool) (tag string, err error) {
	if all {
		clear(c.stmts)
		return "DEALLOCATE ALL", nil
	}
	if _, exists := c.stmts[name]; !exists {
		return "", pgerr.New(pgerr.InvalidSqlStatementName, "prepared statement \"%s\" does not exist", name)
	}
	delete(c.stmts, name)
	return "DEALLOCATE", nil
}

// afterCommand applies what a finished command means for the protocol
// state: DISCARD ALL drops every prepared statement and portal (but the
// one running it).
func (c *conn) afterCommand(tag string, current string) {
	if tag != "DISCARD ALL" {
		return
	}
	clear(c.stmts)
	for name := range c.portals {
		if name != current {
			c.closePortal(name)
		}
	}
}
