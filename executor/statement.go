package executor

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/stmt"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Statement is one parsed SQL statement, not yet planned.
type Statement struct {
	SQL  string // the statement's own text
	tree *stmt.Statement
}

// Query reports whether the statement is a query (SELECT, VALUES, TABLE)
// with no data-modifying WITH: PostgreSQL's PORTAL_ONE_SELECT, whose rows
// are described before it runs, so that its run-time errors follow the
// RowDescription.
func (st *Statement) Query() bool { return st.tree.IsQuery() }

// Kind names the statement's command, for metrics: select, insert,
// update, delete, explain, copy, set, show, transaction, or utility for
// the rest. A SELECT calling a write function is a select.
func (st *Statement) Kind() string { return st.tree.Kind.String() }

// Deallocate reports whether the statement is DEALLOCATE [PREPARE], and of
// which prepared statement (its name as the grammar folded and truncated
// it), or of all. The server runs it: prepared statements are protocol
// state.
func (st *Statement) Deallocate() (name string, all, ok bool) { return st.tree.Deallocate() }

// SQLPrepare and SQLExecute are the parts of SQL-level PREPARE and EXECUTE,
// as SQL text; the server runs them, as it runs DEALLOCATE.
type (
	SQLPrepare = stmt.SQLPrepare
	SQLExecute = stmt.SQLExecute
)

// Prepare reports whether the statement is PREPARE, and its parts.
func (st *Statement) Prepare() (SQLPrepare, bool, error) { return st.tree.Prepare() }

// Execute reports whether the statement is EXECUTE, and its parts.
func (st *Statement) Execute() (SQLExecute, bool, error) { return st.tree.Execute() }

// SQLDeclare and SQLFetch are the parts of DECLARE and of FETCH or MOVE;
// the server runs them, and CLOSE, on its portals.
type (
	SQLDeclare = stmt.SQLDeclare
	SQLFetch   = stmt.SQLFetch
)

// Declare reports whether the statement is DECLARE, and its parts.
func (st *Statement) Declare() (SQLDeclare, bool, error) { return st.tree.Declare() }

// Fetch reports whether the statement is FETCH or MOVE, and its parts.
func (st *Statement) Fetch() (SQLFetch, bool) { return st.tree.Fetch() }

// CloseCursor reports whether the statement is CLOSE, and the cursor it
// names ("" for CLOSE ALL).
func (st *Statement) CloseCursor() (string, bool) { return st.tree.CloseCursor() }

// Prepared is a planned statement: its parameter types and result columns
// are known, so Describe can answer before Execute.
type Prepared struct {
	Statement *Statement
	ParamOIDs []uint32
	Columns   []expr.Column // nil when the statement returns no rows
	// Copy is set for COPY ... TO STDOUT, whose rows (the cursor's) go
	// out in the COPY sub-protocol; Columns is then nil, as Describe
	// answers NoData.
	Copy *CopyOut
	plan statementPlan
	// writes: running it changes AWS resources (INSERT, UPDATE, DELETE,
	// a write function, EXPLAIN ANALYZE of one); perRowWrites: it calls a
	// write function per row (write_calls.go).
	writes, perRowWrites bool
}

// Writes reports whether running the statement changes AWS resources.
func (p *Prepared) Writes() bool { return p.writes }

// statementPlan executes one prepared statement.
type statementPlan interface {
	Open(ctx context.Context, s *Session, params []any) (Cursor, error)
}

// Parse splits a query string into statements with the PostgreSQL grammar.
// An empty or comment-only string gives no statements. The engine's
// sessions share one parse cache, so a text parsed before is not parsed
// again.
func (s *Session) Parse(sql string) ([]*Statement, error) {
	trees, err := stmt.Split(s.engine.parseCache(), sql)
	if err != nil {
		return nil, err
	}
	out := make([]*Statement, len(trees))
	for i, t := range trees {
		out[i] = &Statement{SQL: t.SQL, tree: t}
	}
	return out, nil
}

// Prepare plans a statement. paramOIDs are the types the client declared
// (0 = infer); the result's ParamOIDs has one entry per $n in the statement.
func (s *Session) Prepare(ctx context.Context, st *Statement, paramOIDs []uint32) (*Prepared, error) {
	return s.prepareChecked(ctx, st, paramOIDs, false)
}

// PrepareQuery plans a statement of a simple Query, which has no
// parameters: $n there is 42P02, as in PostgreSQL.
func (s *Session) PrepareQuery(ctx context.Context, st *Statement) (*Prepared, error) {
	return s.prepareChecked(ctx, st, nil, true)
}

func (s *Session) prepareChecked(ctx context.Context, st *Statement, paramOIDs []uint32, noParams bool) (*Prepared, error) {
	if err := s.CheckAborted(st); err != nil {
		return nil, err // before planning, as in PostgreSQL: the block sees no catalog
	}
	s.snap = nil
	p, err := s.prepare(ctx, st, paramOIDs, noParams)
	if err != nil {
		return nil, s.positioned(st, err)
	}
	return p, nil
}

// Execute runs a prepared statement with parameter values decoded into the
// Go representation of ParamOIDs.
func (s *Session) Execute(ctx context.Context, p *Prepared, params []any) (Cursor, error) {
	if err := s.CheckAborted(p.Statement); err != nil {
		return nil, err
	}
	s.stmtStart, s.snap = time.Now().UTC().Truncate(time.Microsecond), nil // timestamptz holds microseconds
	if s.txStart.IsZero() || (s.tx == TxIdle && !s.implicit) {
		// The transaction starts with its first statement, as
		// PostgreSQL's xact_start: now() = statement_timestamp() there.
		s.txStart = s.stmtStart
	}
	set := s.statementSettings()
	mem, err := s.engine.memory().Open(set.mem, s.info.PID, strings.TrimSpace(p.Statement.SQL))
	if err != nil {
		return nil, err
	}
	outer := s.mem
	s.mem = mem
	ac := &accountedCursor{mem: mem, budget: catalog.CallBudget{Limit: set.maxAPICalls}, limits: set.limits, from: ctx}
	ac.limited = limitedContext(ctx, &ac.budget)
	c, err := p.plan.Open(ac.limited, s, params)
	s.mem = outer
	if err != nil {
		mem.Close()
		return nil, s.positioned(p.Statement, err)
	}
	ac.Cursor = c
	return ac, nil
}

// accountedCursor holds its statement's memory account until the client
// has its rows, and keeps the statement within its result and API call
// limits (limits.go).
type accountedCursor struct {
	Cursor
	mem    *expr.StatementMem
	budget catalog.CallBudget
	limits resultLimits
	// from and limited: the last context Open or Next was given, and it
	// charging the budget; a portal's rows are read with the same one.
	from, limited context.Context
}

func (c *accountedCursor) Next(ctx context.Context) ([]any, error) {
	if ctx != c.from {
		c.from, c.limited = ctx, limitedContext(ctx, &c.budget)
	}
	row, err := c.Cursor.Next(c.limited)
	if err != nil || row == nil {
		return row, err
	}
	if err := c.limits.count(row); err != nil {
		return nil, err
	}
	return row, nil
}

func (c *accountedCursor) Close() {
	c.Cursor.Close()
	c.mem.Close()
}

// positioned turns a binder error's byte offset (see errAt) into
// PostgreSQL's 1-based character position.
func (s *Session) positioned(st *Statement, err error) error {
	pe := pgerr.From(err)
	text := st.tree.Text
	if pe.Position > 0 && int(pe.Position) <= len(text)+1 {
		pe.Position = int32(utf8.RuneCountInString(text[:pe.Position-1])) + 1
	}
	return pe
}

// queryStatement runs a top-level query and returns its rows as a cursor.
type queryStatement struct {
	q     exec.QueryPlan
	sites []*expr.WriteSite // its write calls, checked before anything runs
}

func (p *queryStatement) Open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	e := &expr.Env{Ctx: ctx, Session: s, Params: params, Exec: s.newExecState()}
	if err := s.CheckWriteSites(e, p.sites); err != nil {
		return nil, err
	}
	it, err := p.q.Open(e)
	if err != nil {
		return nil, err
	}
	if len(p.sites) > 0 {
		// A query calling a write function makes every call before its
		// first row goes out: a portal closed early must not leave the
		// statement's writes half made.
		rows, err := exec.Gather(e, it, "Result")
		if err != nil {
			return nil, err
		}
		it = exec.SliceRows(rows)
	}
	return &iterCursor{columns: p.q.OutputColumns(), it: it, verb: "SELECT"}, nil
}
