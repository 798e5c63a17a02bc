package server

import (
	"time"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/pgerr"
)

// What the server tells its observers (Config.OnLogin, OnStatement): the
// audit log and the metrics, which live above this package (cmd wires
// them), so the server knows neither.

// Login outcomes.
const (
	LoginSuccess = "success"
	// LoginFailure: the client was refused for who it is or what it sent
	// (a wrong password, an unknown user, TLS required).
	LoginFailure = "failure"
	// LoginRefused: the server could not take the session (too many
	// connections, shutting down).
	LoginRefused = "refused"
	// LoginAbandoned: the client left before authentication ended (psql
	// does, to ask for the password, then connects again).
	LoginAbandoned = "abandoned"
)

// LoginEvent is one connection that named a user, at the end of its
// authentication.
type LoginEvent struct {
	Time                            time.Time
	User, Database, ApplicationName string
	Address                         string // the client's host:port
	TLS                             bool
	Method                          string // the configured authentication method
	Outcome                         string // LoginSuccess, ...
	SQLState, Reason                string // the error the client got; "" on success
}

// StatementEvent is one statement that ran to its end (a portal suspended
// by a row limit reports when its last Execute completes it), or failed
// before it could run (Kind "invalid" for a syntax error).
type StatementEvent struct {
	Kind     string // executor.Statement.Kind: select, insert, ...
	SQLState string // "" when it succeeded
	Duration time.Duration
}

// loginDone reports the connection's login, once it started one.
func (c *conn) loginDone() {
	if c.srv.cfg.OnLogin == nil {
		return
	}
	info := c.snapshot()
	if info.User == "" {
		return // a cancel request, or a startup packet that named nobody
	}
	ev := LoginEvent{Time: time.Now().UTC(), User: info.User, Database: info.Database, ApplicationName: info.ApplicationName,
		Address: c.raw.RemoteAddr().String(), TLS: c.tls, Method: c.srv.cfg.Auth.String(), Outcome: LoginSuccess}
	switch {
	case c.sess != nil:
	case c.refusal == nil:
		ev.Outcome = LoginAbandoned
	default:
		ev.Outcome, ev.SQLState, ev.Reason = LoginFailure, string(c.refusal.Code), c.refusal.Message
		if c.refusal.Code == pgerr.TooManyConnections || c.refusal.Code == pgerr.CannotConnectNow {
			ev.Outcome = LoginRefused
		}
	}
	c.srv.cfg.OnLogin(ev)
}

// statementFailed reports a statement that failed before it ran: a
// syntax error (kind "invalid"), or one that could not be planned in
// Parse (an unknown column).
func (c *conn) statementFailed(kind string, err error) {
	if c.srv.cfg.OnStatement != nil {
		c.srv.cfg.OnStatement(StatementEvent{Kind: kind, SQLState: string(pgerr.From(err).Code)})
	}
}

// observe makes the result report its statement when it ends.
func (r *result) observe(st *executor.Statement) {
	if r.c.srv.cfg.OnStatement != nil {
		r.kind, r.start = st.Kind(), time.Now()
	}
}

// report tells OnStatement how the statement ended; code "" is success.
func (r *result) report(code pgerr.Code) {
	if r.kind == "" || r.reported {
		return
	}
	r.reported = true
	r.c.srv.cfg.OnStatement(StatementEvent{Kind: r.kind, SQLState: string(code), Duration: time.Since(r.start)})
}
