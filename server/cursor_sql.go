package server

import (
	"context"
	"strconv"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// SQL-level cursors, in a simple Query: DECLARE makes a portal (one
// namespace with the protocol's, as in PostgreSQL), FETCH and MOVE read it
// forward, CLOSE closes it. A cursor ends with its transaction unless
// declared WITH HOLD, which keeps it, still reading lazily, until CLOSE or
// the session's end. Cursors read forward only: SCROLL and the backward
// directions are refused. Through the extended protocol the executor
// runs them too, as psycopg 3's server-side cursors send them: DECLARE
// with the query's parameters bound, FETCH described by the cursor's
// columns in the FETCH portal's formats.

// declareSQL runs DECLARE name CURSOR ... FOR query.
func (c *conn) declareSQL(ctx context.Context, d executor.SQLDeclare) error {
	query, err := c.prepareOne(ctx, d.Query)
	if err != nil {
		return err
	}
	return c.openCursor(d, &prepStmt{sql: d.Query, prep: query}, nil)
}

// openCursor makes DECLARE's portal: query, planned, with its parameters'
// values (a DECLARE through the extended protocol binds them).
func (c *conn) openCursor(d executor.SQLDeclare, query *prepStmt, params []any) error {
	if d.Scroll {
		return pgerr.New(pgerr.FeatureNotSupported, "scrollable cursors are not supported").
			WithDetail("vpnsql's cursors read forward only.").
			WithHint("Declare the cursor without SCROLL.")
	}
	if !d.Hold && c.sess.TxStatus() == executor.TxIdle && !c.inQueryBlock {
		return pgerr.New(pgerr.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, ok := c.portals[d.Name]; ok {
		return pgerr.New(pgerr.DuplicateCursor, "cursor \"%s\" already exists", d.Name)
	}
	if query.prep.Writes() {
		// Its rows would be read, and its calls made, by later FETCHes.
		return pgerr.New(pgerr.FeatureNotSupported, "DECLARE CURSOR must not change AWS resources").
			WithHint("Run the statement on its own.")
	}
	p := &portal{name: d.Name, stmt: query, params: params, hold: d.Hold}
	if d.Binary {
		var err error
		if p.formats, err = resultFormats(nil, []int16{1}, len(query.columns())); err != nil {
			return err
		}
	}
	p.ctx, p.cancel = context.WithCancelCause(c.ctx)
	c.portals[p.name] = p
	return nil
}

// declareStmt is a DECLARE made by Parse: its query planned with the
// parameter types Parse gave, bound and opened by Execute.
type declareStmt struct {
	st    *executor.Statement
	d     executor.SQLDeclare
	query *prepStmt
}

// planDeclare plans a DECLARE's query for Parse; the statement's
// parameters are the query's.
func (c *conn) planDeclare(ctx context.Context, st *executor.Statement, d executor.SQLDeclare, oids []uint32) (*declareStmt, error) {
	stmts, err := c.sess.Parse(d.Query)
	if err != nil {
		return nil, unplaced(err)
	}
	query := &prepStmt{sql: d.Query}
	if err := query.plan(ctx, c.sess, stmts[0], oids); err != nil {
		return nil, unplaced(err)
	}
	return &declareStmt{st: st, d: d, query: query}, nil
}

// executeDeclare runs a DECLARE's portal: it opens the cursor with the
// portal's parameters.
func (c *conn) executeDeclare(p *portal, res *result) error {
	ds := p.stmt.declare
	if err := c.sess.CheckAborted(ds.st); err != nil {
		return err
	}
	if !p.done {
		if err := c.openCursor(ds.d, ds.query, append([]any(nil), p.params...)); err != nil {
			return err
		}
		p.done, p.tag = true, "DECLARE CURSOR"
	}
	res.completeTag(p.tag)
	return nil
}

// fetchSQL runs FETCH or MOVE: the next rows of a cursor, sent (FETCH; in
// a simple Query after their RowDescription, in the cursor's formats) or
// passed over (MOVE). Through the extended protocol the FETCH's own
// portal gives the formats and Describe the RowDescription.
func (c *conn) fetchSQL(ctx context.Context, f executor.SQLFetch, res *result, extended bool) error {
	p, ok := c.portals[f.Name]
	if !ok {
		return pgerr.New(pgerr.InvalidCursorName, "cursor \"%s\" does not exist", f.Name)
	}
	if !f.Forward {
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cursor can only scan forward").
			WithDetail("vpnsql's cursors read forward only.")
	}
	switch {
	case p.stmt.prep == nil || p.stmt.prep.Copy != nil:
		return pgerr.New(pgerr.InvalidCursorName, "portal \"%s\" cannot be run", f.Name)
	case p.stmt.prep.Writes():
		// A portal Bind made of a write: FETCH would make its calls a
		// batch at a time, past the checks of Execute.
		return pgerr.New(pgerr.FeatureNotSupported, "cannot FETCH from portal \"%s\": it changes AWS resources", f.Name).
			WithHint("Run it with Execute.")
	}
	verb := "FETCH "
	switch {
	case f.Move:
		verb = "MOVE "
	case !extended:
		res.formats = p.formats
		c.be.Send(p.stmt.rowDescription(p.formats))
	}
	if p.cursor == nil && !p.done {
		cur, err := c.sess.Execute(p.ctx, p.stmt.prep, p.params)
		if err != nil {
			c.closePortal(p.name)
			return err
		}
		p.cursor = cur
	}
	if p.done {
		res.completeTag(verb + "0")
		return nil
	}
	// The statement's cancel and timeout reach the cursor's calls.
	stop := context.AfterFunc(ctx, func() { p.cancel(context.Cause(ctx)) })
	defer stop()
	var n int64
	var end bool
	var err error
	if f.Move {
		for f.Count == 0 || n < f.Count {
			var row []any
			if row, err = p.cursor.Next(p.ctx); err != nil {
				break
			}
			if row == nil {
				end = true
				break
			}
			n++
		}
	} else {
		res.cols = p.stmt.columns()
		var suspended bool
		n, suspended, err = c.drain(p.ctx, p.cursor, res, f.Count)
		end = !suspended
	}
	if err != nil {
		c.closePortal(p.name)
		return err
	}
	if end {
		// The query is done: its statement's memory and calls are let go
		// now, not at CLOSE or the transaction's end.
		p.done = true
		p.cursor.Close()
	}
	res.completeTag(verb + strconv.FormatInt(n, 10))
	return nil
}

// closeSQL runs CLOSE name, or CLOSE ALL ("").
func (c *conn) closeSQL(name string, res *result) error {
	if name == "" {
		for n := range c.portals {
			c.closePortal(n)
		}
		res.completeTag("CLOSE CURSOR ALL")
		return nil
	}
	if _, ok := c.portals[name]; !ok {
		return pgerr.New(pgerr.InvalidCursorName, "cursor \"%s\" does not exist", name)
	}
	c.closePortal(name)
	res.completeTag("CLOSE CURSOR")
	return nil
}

// endTransactionPortals closes the portals a transaction's end takes: all
// but the cursors declared WITH HOLD.
func (c *conn) endTransactionPortals() {
	for name, p := range c.portals {
		if !p.hold {
			c.closePortal(name)
		}
	}
}

// cursorStatement runs st if it is DECLARE, FETCH, MOVE or CLOSE; done
// reports that it was one.
func (c *conn) cursorStatement(ctx context.Context, st *executor.Statement, res *result) (done bool, err error) {
	d, isDeclare, derr := st.Declare()
	f, isFetch := st.Fetch()
	name, isClose := st.CloseCursor()
	if !isDeclare && !isFetch && !isClose {
		return false, nil
	}
	if err := c.sess.CheckAborted(st); err != nil {
		return true, err
	}
	switch {
	case isDeclare:
		if derr == nil {
			derr = c.declareSQL(ctx, d)
		}
		if derr == nil {
			res.completeTag("DECLARE CURSOR")
		}
		return true, derr
	case isFetch:
		return true, c.fetchSQL(ctx, f, res, false)
	}
	return true, c.closeSQL(name, res)
}

// cursorCmd is a FETCH, MOVE or CLOSE made by Parse.
type cursorCmd struct {
	st      *executor.Statement
	fetch   executor.SQLFetch
	isFetch bool
	close   string
}

// cursorCommand is st as a cursorCmd, if it is FETCH, MOVE or CLOSE.
func cursorCommand(st *executor.Statement) *cursorCmd {
	if f, ok := st.Fetch(); ok {
		return &cursorCmd{st: st, fetch: f, isFetch: true}
	}
	if name, ok := st.CloseCursor(); ok {
		return &cursorCmd{st: st, close: name}
	}
	return nil
}

// columnsOf are the columns a prepared statement returns: a FETCH's are
// its cursor's, if it exists now.
func (c *conn) columnsOf(ps *prepStmt) []expr.Column {
	cmd := ps.cmd
	if cmd == nil {
		return ps.columns()
	}
	if !cmd.isFetch || cmd.fetch.Move {
		return nil
	}
	if p, ok := c.portals[cmd.fetch.Name]; ok {
		return p.stmt.columns()
	}
	return nil
}

// executeCursorCmd runs a FETCH, MOVE or CLOSE portal.
func (c *conn) executeCursorCmd(p *portal, res *result) error {
	cmd := p.stmt.cmd
	if err := c.sess.CheckAborted(cmd.st); err != nil {
		return err
	}
	if !cmd.isFetch {
		return c.closeSQL(cmd.close, res)
	}
	c.arm(p.cancel)
	defer c.disarm()
	if err := c.fetchSQL(p.ctx, cmd.fetch, res, true); err != nil {
		return statementError(p.ctx, err)
	}
	return nil
}
