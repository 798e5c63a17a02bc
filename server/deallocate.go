package server

import (
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/pgerr"
)

// SQL DEALLOCATE and the protocol's Parse share one namespace in
// PostgreSQL: psqlODBC prepares "_PLAN0x55748fdadb20" with Parse and drops
// it with a simple-query DEALLOCATE, and then may reuse the name. The
// statements live here, so the server runs DEALLOCATE itself; after
// DISCARD ALL (which the executor runs) it forgets them all.

// runDeallocate runs sql if it is a DEALLOCATE, ending res; false if it is
// not one.
func (c *conn) runDeallocate(sql string, res *result) bool {
	name, all, ok := parseDeallocate(sql)
	if !ok {
		return false
	}
	switch {
	case c.sess.TxStatus() == executor.TxFailed:
		res.fail(pgerr.New(pgerr.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block"))
	case all:
		clear(c.stmts)
		res.complete(&pgproto3.CommandComplete{CommandTag: []byte("DEALLOCATE ALL")})
	default:
		if _, exists := c.stmts[name]; !exists {
			res.fail(pgerr.New(pgerr.InvalidSqlStatementName, "prepared statement \"%s\" does not exist", name))
			return true
		}
		delete(c.stmts, name)
		res.complete(&pgproto3.CommandComplete{CommandTag: []byte("DEALLOCATE")})
	}
	return true
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

// parseDeallocate reads DEALLOCATE [PREPARE] { name | "Name" | ALL }.
func parseDeallocate(sql string) (name string, all, ok bool) {
	rest, ok := cutKeyword(sql, "DEALLOCATE")
	if !ok {
		return "", false, false
	}
	if r, isPrepare := cutKeyword(rest, "PREPARE"); isPrepare {
		rest = r
	}
	if r, isAll := cutKeyword(rest, "ALL"); isAll && strings.Trim(stripSpace(r), ";") == "" {
		return "", true, true
	}
	rest = stripSpace(rest)
	if strings.HasPrefix(rest, `"`) {
		var sb strings.Builder
		for i := 1; i < len(rest); i++ {
			if rest[i] == '"' {
				if i+1 < len(rest) && rest[i+1] == '"' {
					sb.WriteByte('"')
					i++
					continue
				}
				return truncateUTF8(sb.String(), maxNameLen), false, true
			}
			sb.WriteByte(rest[i])
		}
		return "", false, false
	}
	end := strings.IndexFunc(rest, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '$' || r >= 0x80)
	})
	if end < 0 {
		end = len(rest)
	}
	if end == 0 {
		return "", false, false
	}
	return truncateUTF8(strings.ToLower(rest[:end]), maxNameLen), false, true
}

// cutKeyword removes a leading keyword (any case, after white space and
// comments) from sql.
func cutKeyword(sql, kw string) (string, bool) {
	sql = stripSpace(sql)
	if len(sql) < len(kw) || !strings.EqualFold(sql[:len(kw)], kw) {
		return sql, false
	}
	if len(sql) > len(kw) {
		if ch := sql[len(kw)]; ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' {
			return sql, false
		}
	}
	return sql[len(kw):], true
}

// stripSpace drops leading white space and comments.
func stripSpace(sql string) string {
	for {
		sql = strings.TrimLeft(sql, " \t\r\n\f")
		switch {
		case strings.HasPrefix(sql, "--"):
			i := strings.IndexByte(sql, '\n')
			if i < 0 {
				return ""
			}
			sql = sql[i+1:]
		case strings.HasPrefix(sql, "/*"):
			i := strings.Index(sql, "*/")
			if i < 0 {
				return ""
			}
			sql = sql[i+2:]
		default:
			return sql
		}
	}
}
