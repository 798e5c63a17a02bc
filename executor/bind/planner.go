package bind

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// BindSession is what binding asks of the session it binds for; Session
// implements it.
type BindSession interface {
	expr.Session
	DatabaseName() string
	UserName() string
	Catalog() *catalog.Catalog
}

// Planner is one statement's planning: the session it plans for, and the
// scratch state that lives only while that statement is planned, so a
// Session holds only session state and two statements never share
// planning state. prepare makes one per statement; binders reach it as
// b.s.
type Planner struct {
	BindSession
	// NoParams: the statement came in a simple Query, where $n names no
	// parameter (42P02).
	NoParams bool
	// invisible holds, while a non-LATERAL subquery in FROM is planned,
	// the FROM items to its left: it may not see them, and the error
	// saying so names them.
	invisible []expr.ScopeCol
	// armOfSetOp is set while a UNION/INTERSECT/EXCEPT plans an arm: the
	// arm leaves untyped literals unknown for the set operation to
	// Resolve (SELECT 1 UNION SELECT NULL is integer).
	armOfSetOp bool
	// While a statement is planned (write_calls.go): barrier names the
	// part being planned where a write function may not be called;
	// resultReads counts references bound to a write function's result;
	// WriteSites are the write calls planned; perRowWrites counts levels
	// whose rows come from a write function called per row.
	barrier      string
	resultReads  int
	WriteSites   []*expr.WriteSite
	PerRowWrites int
	// Explain is set when the plan is for EXPLAIN, the one reader of the
	// SQL text of its conditions and keys (ExplainText).
	Explain bool
	// foldErr is the first constant that failed to fold (fold.go).
	foldErr error
}
