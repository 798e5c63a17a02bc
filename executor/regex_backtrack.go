package executor

import (
	"time"
)

// The backtracking engine (regexp2) can take exponential time, so every
// Match runs under a budget: what is left of the statement's
// statement_timeout, and never more than backtrackMaxMatch; a cancel stops
// the statement at once (the match, on a goroutine of its own, stops at
// its budget). regexp2 has no context, only a per-Regexp MatchTimeout, so
// Each run uses a copy of the cached Regexp with its own timeout.

// StatementTimeLeft is what statement_timeout leaves the running
// statement, if it is set.
func (s *Session) StatementTimeLeft() (time.Duration, bool) {
	if s == nil || s.stmtStart.IsZero() {
		return 0, false
	}
	d := SettingDuration(s.Setting("statement_timeout"))
	if d <= 0 {
		return 0, false
	}
	return time.Until(s.stmtStart.Add(d)), true
}
