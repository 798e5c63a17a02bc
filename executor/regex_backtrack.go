package executor

import (
	"time"

	"github.com/vpnsql/vpnsql/value"
)

// The backtracking engine (regexp2) can take exponential time, so every
// Match runs under a budget: what is left of the statement's
// statement_timeout, and never more than backtrackMaxMatch; a cancel stops
// the statement at once (the match, on a goroutine of its own, stops at
// its budget). regexp2 has no context, only a per-Regexp MatchTimeout, so
// each run uses a copy of the cached Regexp with its own timeout.

// MatchBudget is what a regular expression match may spend in this
// statement.
func (e *env) matchBudget() value.MatchBudget {
	left, _ := e.s.statementTimeLeft()
	return value.MatchBudget{Ctx: e.ctx, TimeLeft: left}
}

// statementTimeLeft is what statement_timeout leaves the running
// statement, if it is set.
func (s *Session) statementTimeLeft() (time.Duration, bool) {
	if s == nil || s.stmtStart.IsZero() {
		return 0, false
	}
	d := SettingDuration(s.Setting("statement_timeout"))
	if d <= 0 {
		return 0, false
	}
	return time.Until(s.stmtStart.Add(d)), true
}
