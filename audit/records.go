package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/server"
)

// The lines, one JSON object each, by "event" (docs/operations.md).

// loginLine is a login attempt's outcome.
type loginLine struct {
	Time            string `json:"time"`
	Event           string `json:"event"` // "login"
	Outcome         string `json:"outcome"`
	User            string `json:"user"`
	Database        string `json:"database"`
	ApplicationName string `json:"application_name,omitempty"`
	Address         string `json:"address"`
	TLS             bool   `json:"tls"`
	Method          string `json:"method"`
	SQLState        string `json:"sqlstate,omitempty"`
	Reason          string `json:"reason,omitempty"`
}

// writeLine is a mutating API call: "write_intent" before it, "write"
// (with the outcome fields) after.
type writeLine struct {
	Time            string `json:"time"`
	Event           string `json:"event"`
	User            string `json:"user"`
	ApplicationName string `json:"application_name,omitempty"`
	Statement       string `json:"statement,omitempty"`
	Account         string `json:"account"`
	Region          string `json:"region"`
	Action          string `json:"action"`
	Parameters      any    `json:"parameters"`
	// After the call.
	Outcome   string   `json:"outcome,omitempty"` // "ok", the AWS error code, or "error"
	Message   string   `json:"message,omitempty"`
	RequestID string   `json:"request_id,omitempty"`
	Attempts  int      `json:"attempts,omitempty"`
	LatencyMs *float64 `json:"latency_ms,omitempty"`
}

// Login writes a login line. Abandoned logins (the client left during
// authentication, as psql does before it asks for a password) are not
// written: nothing was decided.
func (l *Log) Login(ev server.LoginEvent) error {
	if l == nil || ev.Outcome == server.LoginAbandoned {
		return nil
	}
	return l.write(loginLine{Time: timestamp(ev.Time), Event: "login", Outcome: ev.Outcome, User: ev.User,
		Database: ev.Database, ApplicationName: ev.ApplicationName, Address: ev.Address, TLS: ev.TLS,
		Method: ev.Method, SQLState: ev.SQLState, Reason: ev.Reason}, false)
}

func newWriteLine(event string, c ec2.APICall) writeLine {
	return writeLine{Time: timestamp(c.Time), Event: event, User: c.User, ApplicationName: c.ApplicationName,
		Statement: c.Statement, Account: c.AccountID, Region: c.Region, Action: c.Action, Parameters: c.Params}
}

// WriteIntent writes the line that must exist before a mutating call is
// sent. Its error is the 58030 that refuses the call.
func (l *Log) WriteIntent(_ context.Context, c ec2.APICall) error {
	if err := l.write(newWriteLine("write_intent", c), true); err != nil {
		return pgerr.Wrap(pgerr.IoError, err).
			WithDetail("%s was not sent: its audit line could not be written.", c.Action).
			WithHint("Make the audit log writable (serve --audit-log); nothing was changed in AWS.")
	}
	return nil
}

// WriteDone writes a mutating call's outcome; reads are not audited.
func (l *Log) WriteDone(c ec2.APICall) error {
	if !c.Mutating() {
		return nil
	}
	line := newWriteLine("write", c)
	ms := float64(c.Latency) / float64(time.Millisecond)
	line.Outcome, line.Message, line.RequestID, line.Attempts, line.LatencyMs = c.Result, c.Message, c.RequestID, c.Attempts, &ms
	return l.write(line, true)
}

// Hooks are the log's hooks for ec2.Source.Hook. onError hears of every
// line that could not be written: an intent's (the call is refused) and
// an outcome's (the call was made; nothing can undo it).
func (l *Log) Hooks(onError func(error)) ec2.CallHooks {
	return ec2.CallHooks{
		BeforeWrite: func(ctx context.Context, c ec2.APICall) error {
			err := l.WriteIntent(ctx, c)
			if err != nil && onError != nil {
				onError(err)
			}
			return err
		},
		Done: func(c ec2.APICall) {
			if err := l.WriteDone(c); err != nil && onError != nil {
				onError(fmt.Errorf("%s's outcome: %w", c.Action, err))
			}
		},
	}
}
