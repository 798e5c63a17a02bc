package executor

import (
	"github.com/vpnsql/vpnsql/executor/bind"
)

// stmtPlanner plans the statements that need the Session itself (COPY,
// EXPLAIN, INSERT, UPDATE, DELETE) around a planner.
type stmtPlanner struct {
	*bind.Planner
	*Session
}
