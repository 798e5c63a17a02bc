package executor

import (
	"context"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/plan"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// INSERT, UPDATE and DELETE. The executor binds the statement with the
// same binder as SELECT, finds the rows (a tableScan with the WHERE clause
// Pushed down, or the VALUES/SELECT of an INSERT), checks the session's
// safety rules (dml_safety.go) and hands the rows to the table's
// catalog.Writable methods, which make the API calls. RETURNING is
// evaluated over the rows the table returns: created rows, rows after the
// change, deleted rows as they were.

// dmlPlan is a planned INSERT, UPDATE or DELETE.
type dmlPlan struct {
	verb  string // INSERT, UPDATE, DELETE
	table catalog.Writable
	audit string // the statement text for the audit log (dml_safety.go)

	// INSERT: the source rows and the table column each source column
	// fills. values rows hold nil for DEFAULT.
	targets []int
	values  [][]expr.Expr
	query   exec.QueryPlan
	// skipConflicts are the arbiter indexes of ON CONFLICT DO NOTHING.
	skipConflicts []string

	// UPDATE, DELETE: the rows to change.
	scan      *exec.TableScan
	where     expr.Expr
	whereText string // for EXPLAIN
	sets      []assignment

	returning []expr.Expr
	columns   []expr.Column
}

type assignment struct {
	column int
	x      expr.Expr
}

// dmlCursor returns RETURNING rows; its tag counts every row written, as
// PostgreSQL's does, however many rows a portal fetches.
type dmlCursor struct {
	cols []expr.Column
	rows [][]any
	next int
	tag  string
}

func (c *dmlCursor) Columns() []expr.Column { return c.cols }
func (c *dmlCursor) Tag() string            { return c.tag }
func (c *dmlCursor) Close()                 {}

func (c *dmlCursor) Next(ctx context.Context) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.next >= len(c.rows) {
		return nil, nil
	}
	c.next++
	return c.rows[c.next-1], nil
}

// writableTable resolves the target of a DML statement and the scope its
// expressions see.
func (s *stmtPlanner) writableTable(rv *pg_query.RangeVar, verb string) (catalog.Writable, []expr.ScopeCol, error) {
	t, rel, err := s.ResolveTable(rv)
	if err != nil {
		return nil, nil, err
	}
	w, ok := t.(catalog.Writable)
	if !ok {
		return nil, nil, pgerr.At(pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", t.Name()).
			WithDetail("%s.%s is read-only: %s is not supported on it.", t.Schema(), t.Name(), verb), rv.Location)
	}
	id := rel + "#target" // the statement's one target; FROM items get numbered ids
	cols := make([]expr.ScopeCol, len(t.Columns()))
	for i, c := range t.Columns() {
		cols[i] = expr.ScopeCol{Name: c.Name, Rel: rel, RelID: id, T: c.Type, TableOID: t.OID(), Attnum: int16(i + 1), Typmod: -1}
	}
	return w, cols, nil
}

func (s *stmtPlanner) dmlBinder(params *[]*value.Type, with *pg_query.WithClause, cols []expr.ScopeCol) (*bind.Binder, error) {
	var ctes *bind.CteScope
	if with != nil {
		var err error
		if ctes, err = s.PlanWith(nil, params, nil, with); err != nil {
			return nil, err
		}
	}
	return &bind.Binder{S: s.Planner, Params: params, Scope: &bind.Scope{Cols: cols}, Ctes: ctes, Query: &bind.QueryLevel{}}, nil
}

func (s *stmtPlanner) planInsert(st *Statement, ins *pg_query.InsertStmt, params *[]*value.Type) (statementPlan, []expr.Column, error) {
	table, cols, err := s.writableTable(ins.Relation, "INSERT")
	if err != nil {
		return nil, nil, err
	}
	var arbiters []string
	if ins.OnConflictClause != nil {
		if arbiters, err = bind.OnConflictArbiters(table, ins.OnConflictClause); err != nil {
			return nil, nil, err
		}
	}
	b, err := s.dmlBinder(params, ins.WithClause, cols)
	if err != nil {
		return nil, nil, err
	}
	p := &dmlPlan{verb: "INSERT", table: table, skipConflicts: arbiters}
	tcols := table.Columns()

	// The target columns: the list given, or every column in order.
	var targets []int
	seen := map[int]bool{}
	for _, n := range ins.Cols {
		rt := n.GetResTarget()
		if len(rt.Indirection) > 0 {
			return nil, nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "assigning to a part of column %q is not supported", rt.Name), rt.Location)
		}
		i := catalog.ColumnIndex(table, rt.Name)
		if i < 0 {
			return nil, nil, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, table.Name()), rt.Location)
		}
		if seen[i] {
			return nil, nil, pgerr.At(pgerr.New(pgerr.DuplicateColumn, "column %q specified more than once", tcols[i].Name), rt.Location)
		}
		seen[i] = true
		targets = append(targets, i)
	}
	explicit := len(ins.Cols) > 0
	fit := func(n int) error {
		if !explicit {
			if n > len(tcols) {
				return pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
			}
			targets = targets[:0]
			for i := range n {
				targets = append(targets, i)
			}
			return nil
		}
		switch {
		case n > len(targets):
			return pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
		case n < len(targets):
			return pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
		}
		return nil
	}

	sel := ins.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil: // DEFAULT VALUES
		if err := fit(0); err != nil {
			return nil, nil, err
		}
		p.values = [][]expr.Expr{{}}
	case isPlainValues(sel):
		for i, l := range sel.ValuesLists {
			items := l.GetList().GetItems()
			if i > 0 && len(items) != len(p.values[0]) {
				return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), bind.ExprLocation(items[0]))
			}
			if err := fit(len(items)); err != nil {
				return nil, nil, err
			}
			row := make([]expr.Expr, len(items))
			for j, item := range items {
				if item.GetSetToDefault() != nil {
					continue // DEFAULT: the column is not given
				}
				vb := &bind.Binder{S: s.Planner, Params: params, Scope: &bind.Scope{}, Ctes: b.Ctes, Query: &bind.QueryLevel{}}
				x, err := vb.Bind(item)
				if err != nil {
					return nil, nil, err
				}
				if row[j], err = expr.AssignExpr(x, tcols[targets[j]], bind.ExprLocation(item)); err != nil {
					return nil, nil, err
				}
			}
			p.values = append(p.values, row)
		}
	default:
		q, _, err := s.PlanQuery(nil, params, b.Ctes, sel)
		if err != nil {
			return nil, nil, err
		}
		types := q.OutputTypes()
		if err := fit(len(types)); err != nil {
			return nil, nil, err
		}
		for j, t := range types {
			if !expr.Assignable(t, tcols[targets[j]].Type) {
				return nil, nil, expr.AssignMismatch(tcols[targets[j]], t, -1)
			}
		}
		p.query = q
	}
	p.targets = targets
	if err := p.bindReturning(b, ins.ReturningList); err != nil {
		return nil, nil, err
	}
	written := map[int]bool{}
	for _, i := range targets {
		written[i] = true
	}
	p.audit = auditText(st, table, written)
	return p, p.columns, nil
}

// isPlainValues reports whether an INSERT's source is a bare VALUES list,
// whose items may be DEFAULT.
func isPlainValues(sel *pg_query.SelectStmt) bool {
	return len(sel.ValuesLists) > 0 && len(sel.SortClause) == 0 && sel.LimitCount == nil && sel.LimitOffset == nil && sel.WithClause == nil
}

func (s *stmtPlanner) planUpdate(st *Statement, upd *pg_query.UpdateStmt, params *[]*value.Type) (statementPlan, []expr.Column, error) {
	if len(upd.FromClause) > 0 {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "UPDATE ... FROM is not supported")
	}
	table, cols, err := s.writableTable(upd.Relation, "UPDATE")
	if err != nil {
		return nil, nil, err
	}
	b, err := s.dmlBinder(params, upd.WithClause, cols)
	if err != nil {
		return nil, nil, err
	}
	p := &dmlPlan{verb: "UPDATE", table: table, scan: &exec.TableScan{Table: table, Cols: cols}}
	if err := p.bindWhere(b, upd.WhereClause); err != nil {
		return nil, nil, err
	}
	tcols := table.Columns()
	written := map[int]bool{}
	for _, n := range upd.TargetList {
		rt := n.GetResTarget()
		switch {
		case rt.Val.GetMultiAssignRef() != nil:
			return nil, nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "UPDATE SET (a, b) = (...) is not supported; assign each column"), rt.Location)
		case len(rt.Indirection) > 0:
			return nil, nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "assigning to a part of column %q is not supported; assign the whole value, e.g. SET %s = %s || '{...}'", rt.Name, rt.Name, rt.Name), rt.Location)
		case rt.Val.GetSetToDefault() != nil:
			return nil, nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "SET %s = DEFAULT is not supported: the columns have no defaults", rt.Name), rt.Location)
		}
		i := catalog.ColumnIndex(table, rt.Name)
		if i < 0 {
			return nil, nil, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, table.Name()), rt.Location)
		}
		if written[i] {
			return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "multiple assignments to same column %q", tcols[i].Name), rt.Location)
		}
		written[i] = true
		x, err := b.Bind(rt.Val)
		if err != nil {
			return nil, nil, err
		}
		if x, err = expr.AssignExpr(x, tcols[i], bind.ExprLocation(rt.Val)); err != nil {
			return nil, nil, err
		}
		p.sets = append(p.sets, assignment{column: i, x: x})
	}
	if err := p.bindReturning(b, upd.ReturningList); err != nil {
		return nil, nil, err
	}
	p.audit = auditText(st, table, written)
	return p, p.columns, nil
}

func (s *stmtPlanner) planDelete(st *Statement, del *pg_query.DeleteStmt, params *[]*value.Type) (statementPlan, []expr.Column, error) {
	if len(del.UsingClause) > 0 {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "DELETE ... USING is not supported")
	}
	table, cols, err := s.writableTable(del.Relation, "DELETE")
	if err != nil {
		return nil, nil, err
	}
	b, err := s.dmlBinder(params, del.WithClause, cols)
	if err != nil {
		return nil, nil, err
	}
	p := &dmlPlan{verb: "DELETE", table: table, scan: &exec.TableScan{Table: table, Cols: cols}}
	if err := p.bindWhere(b, del.WhereClause); err != nil {
		return nil, nil, err
	}
	if err := p.bindReturning(b, del.ReturningList); err != nil {
		return nil, nil, err
	}
	p.audit = auditText(st, table, nil)
	return p, p.columns, nil
}

// bindWhere binds the WHERE clause and pushes its conjuncts into the scan,
// so that only the rows it can match are read.
func (p *dmlPlan) bindWhere(b *bind.Binder, where *pg_query.Node) error {
	if where == nil {
		return nil
	}
	w, err := b.BindCondition(where, "WHERE")
	if err != nil {
		return err
	}
	p.where, p.whereText = w, bind.Deparse(where)
	plan.PushDownInto(p.scan, w)
	return nil
}

// bindReturning binds RETURNING over the table's columns.
func (p *dmlPlan) bindReturning(b *bind.Binder, list []*pg_query.Node) error {
	if len(list) == 0 {
		return nil
	}
	targets, names, err := bind.ExpandTargets(list, b.Scope)
	if err != nil {
		return err
	}
	for i, t := range targets {
		x, err := b.Bind(t.Val)
		if err != nil {
			return err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Text, bind.ExprLocation(t.Val)); err != nil {
				return err
			}
		}
		c := expr.Column{Name: names[i], TypeOID: x.Type().OID, TypeLen: x.Type().Len, TypeMod: -1}
		if ce, ok := x.(*expr.ColExpr); ok {
			sc := b.Scope.Cols[ce.Idx]
			c.TableOID, c.AttNum = sc.TableOID, sc.Attnum
		}
		p.returning = append(p.returning, x)
		p.columns = append(p.columns, c)
	}
	return nil
}

func (p *dmlPlan) Open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	if err := s.checkWrite(p.verb, p.table, p.scan != nil && p.where == nil); err != nil {
		return nil, err
	}
	opt, err := s.writeOptions(len(p.returning) > 0)
	if err != nil {
		return nil, err
	}
	res, e, err := p.write(ctx, s, params, opt)
	if err != nil {
		return nil, err
	}
	c := &dmlCursor{cols: p.columns, tag: p.verb + " " + strconv.Itoa(len(res.Rows))}
	if p.verb == "INSERT" {
		c.tag = "INSERT 0 " + strconv.Itoa(len(res.Rows))
	}
	if len(p.returning) > 0 {
		for _, row := range res.Rows {
			e.Row = row
			out := make([]any, len(p.returning))
			for i, x := range p.returning {
				v, err := x.Eval(e)
				if err != nil {
					return nil, err
				}
				out[i] = v
			}
			c.rows = append(c.rows, out)
		}
	}
	return c, nil
}

// write finds the statement's rows and hands them to the table: the one
// path of execution, EXPLAIN ANALYZE and EXPLAIN (opt.Plan: the table
// lists the calls it would make instead of making them). The safety rules
// are the caller's.
func (p *dmlPlan) write(ctx context.Context, s *Session, params []any, opt catalog.WriteOptions) (catalog.WriteResult, *expr.Env, error) {
	opt.SkipConflicts = p.skipConflicts
	wctx := catalog.WithStatement(catalog.WithSession(ctx, s.CatalogSession()), p.audit)
	e := &expr.Env{Ctx: wctx, Session: s, Params: params, Exec: s.newExecState()}
	var res catalog.WriteResult
	var total int
	switch p.verb {
	case "INSERT":
		rows, err := p.insertRows(e)
		if err != nil {
			return res, nil, err
		}
		total = len(rows)
		res, err = p.table.Insert(wctx, rows, opt)
		if err = s.writeOutcome(p.verb, p.table, total, res, opt, err); err != nil {
			return res, nil, err
		}
	case "UPDATE":
		old, err := p.matchingRows(e)
		if err != nil {
			return res, nil, err
		}
		changes := make([]catalog.RowChange, len(old))
		for i, row := range old {
			e.Row = row
			set := catalog.Values{}
			for _, a := range p.sets {
				v, err := a.x.Eval(e)
				if err != nil {
					return res, nil, err
				}
				set[a.column] = v
			}
			changes[i] = catalog.RowChange{Old: row, Set: set}
		}
		total = len(changes)
		res, err = p.table.Update(wctx, changes, opt)
		if err = s.writeOutcome(p.verb, p.table, total, res, opt, err); err != nil {
			return res, nil, err
		}
	case "DELETE":
		old, err := p.matchingRows(e)
		if err != nil {
			return res, nil, err
		}
		total = len(old)
		res, err = p.table.Delete(wctx, old, opt)
		if err = s.writeOutcome(p.verb, p.table, total, res, opt, err); err != nil {
			return res, nil, err
		}
	}
	return res, e, nil
}

// insertRows evaluates the INSERT's source into column values.
func (p *dmlPlan) insertRows(e *expr.Env) ([]catalog.Values, error) {
	var out []catalog.Values
	if p.query != nil {
		rows, err := exec.PlanRows(e.Sibling(), p.query)
		if err != nil {
			return nil, err
		}
		types := p.query.OutputTypes()
		cols := p.table.Columns()
		for _, r := range rows {
			vals := catalog.Values{}
			for j, v := range r {
				to := cols[p.targets[j]].Type
				cv, err := value.CastValue(v, types[j], to)
				if err != nil {
					return nil, err
				}
				vals[p.targets[j]] = cv
			}
			out = append(out, vals)
		}
		return out, nil
	}
	for _, row := range p.values {
		vals := catalog.Values{}
		e.Row = nil
		for j, x := range row {
			if x == nil {
				continue // DEFAULT
			}
			v, err := x.Eval(e)
			if err != nil {
				return nil, err
			}
			vals[p.targets[j]] = v
		}
		out = append(out, vals)
	}
	return out, nil
}

// matchingRows reads the rows an UPDATE or DELETE acts on: the scan, with
// the WHERE conjuncts it understands sent to the API, then the whole WHERE
// clause evaluated on each row.
//
// The scan bypasses the read cache (vpnsql.cache_ttl is 0 for it): an
// UPDATE computes its calls from the difference with the current row, and
// a cached row could be stale.
func (p *dmlPlan) matchingRows(e *expr.Env) ([][]any, error) {
	req, err := p.scan.ScanRequest(e)
	if err != nil {
		return nil, err
	}
	sess := e.Session.CatalogSession()
	setting := sess.Setting
	sess.Setting = func(name string) string {
		if strings.EqualFold(name, "vpnsql.cache_ttl") {
			return "0"
		}
		return setting(name)
	}
	rows, err := p.table.Scan(catalog.WithSession(e.Ctx, sess), req)
	if err != nil {
		return nil, err
	}
	if p.where == nil {
		return rows, nil
	}
	return exec.FilterRows(e, rows, p.where)
}
