package executor

import (
	"context"
	"strconv"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/stmt"
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
	*stmt.DML
	audit string // the statement text for the audit log (dml_safety.go)
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

// planDML binds an INSERT, UPDATE or DELETE.
func (s *stmtPlanner) planDML(st *stmt.Statement, params *[]*value.Type) (*dmlPlan, error) {
	// The rows of a write come from API reads, never from another write
	// (write_calls.go).
	defer s.WriteBarrier("an INSERT, UPDATE or DELETE statement")()
	d, err := stmt.BindDML(s.Planner, st, params)
	if err != nil {
		return nil, err
	}
	return &dmlPlan{DML: d, audit: auditText(st.SQL, d)}, nil
}

func (p *dmlPlan) Open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	if err := s.checkWrite(p.Verb, p.Table, p.Scan != nil && p.Where == nil); err != nil {
		return nil, err
	}
	if err := s.checkSecretUpdate(p.DML); err != nil {
		return nil, err
	}
	opt, err := s.writeOptions(len(p.Returning) > 0)
	if err != nil {
		return nil, err
	}
	res, e, err := p.write(ctx, s, params, opt)
	if err != nil {
		return nil, err
	}
	c := &dmlCursor{cols: p.Columns, tag: p.Verb + " " + strconv.Itoa(len(res.Rows))}
	if p.Verb == "INSERT" {
		c.tag = "INSERT 0 " + strconv.Itoa(len(res.Rows))
	}
	if len(p.Returning) > 0 {
		for _, row := range res.Rows {
			e.Row = row
			out := make([]any, len(p.Returning))
			for i, x := range p.Returning {
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
	opt.SkipConflicts = p.SkipConflicts
	wctx := catalog.WithStatement(catalog.WithSession(ctx, s.CatalogSession()), p.audit)
	e := &expr.Env{Ctx: wctx, Session: s, Params: params, Exec: s.newExecState()}
	var res catalog.WriteResult
	var total int
	switch p.Verb {
	case "INSERT":
		rows, err := p.insertRows(e)
		if err != nil {
			return res, nil, err
		}
		total = len(rows)
		res, err = p.Table.Insert(wctx, rows, opt)
		if err = s.writeOutcome(p.Verb, p.Table, total, res, opt, err); err != nil {
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
			for _, a := range p.Sets {
				v, err := a.X.Eval(e)
				if err != nil {
					return res, nil, err
				}
				set[a.Column] = v
			}
			changes[i] = catalog.RowChange{Old: row, Set: set}
		}
		total = len(changes)
		res, err = p.Table.Update(wctx, changes, opt)
		if err = s.writeOutcome(p.Verb, p.Table, total, res, opt, err); err != nil {
			return res, nil, err
		}
	case "DELETE":
		old, err := p.matchingRows(e)
		if err != nil {
			return res, nil, err
		}
		total = len(old)
		res, err = p.Table.Delete(wctx, old, opt)
		if err = s.writeOutcome(p.Verb, p.Table, total, res, opt, err); err != nil {
			return res, nil, err
		}
	}
	return res, e, nil
}

// insertRows evaluates the INSERT's source into column values.
func (p *dmlPlan) insertRows(e *expr.Env) ([]catalog.Values, error) {
	var out []catalog.Values
	if p.Query != nil {
		rows, err := exec.PlanRows(e.Sibling(), p.Query)
		if err != nil {
			return nil, err
		}
		types := p.Query.OutputTypes()
		cols := p.Table.Columns()
		for _, r := range rows {
			vals := catalog.Values{}
			for j, v := range r {
				to := cols[p.Targets[j]].Type
				cv, err := value.CastValue(v, types[j], to)
				if err != nil {
					return nil, err
				}
				vals[p.Targets[j]] = cv
			}
			out = append(out, vals)
		}
		return out, nil
	}
	for _, row := range p.Values {
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
			vals[p.Targets[j]] = v
		}
		out = append(out, vals)
	}
	return out, nil
}

// matchingRows reads the rows an UPDATE or DELETE acts on: the scan, with
// the WHERE conjuncts it understands sent to the API, then the whole WHERE
// clause evaluated on each row.
//
// The scan uses no answer cached before the statement (vpnsql.cache_ttl
// is 0 for it): an UPDATE computes its calls from the difference with the
// current row, and a cached row could be stale.
func (p *dmlPlan) matchingRows(e *expr.Env) ([][]any, error) {
	req, err := p.Scan.ScanRequest(e)
	if err != nil {
		return nil, err
	}
	req.Freshness.TTL = 0
	rows, err := p.Table.Scan(catalog.WithSession(e.Ctx, e.Session.CatalogSession()), req)
	if err != nil {
		return nil, err
	}
	if p.Where == nil {
		return rows, nil
	}
	return exec.FilterRows(e, rows, p.Where)
}
