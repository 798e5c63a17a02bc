package expr

import (
	"github.com/vpnsql/vpnsql/value"
)

// MatchBudget is what a regular expression match may spend in this
// statement.
func (e *Env) MatchBudget() value.MatchBudget {
	left, _ := e.Session.StatementTimeLeft()
	return value.MatchBudget{Ctx: e.Ctx, TimeLeft: left}
}
