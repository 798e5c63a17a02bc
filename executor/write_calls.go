package executor

import (
	"fmt"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Side-effecting functions in FROM (every ec2.* write function: a setFunc
// with sideEffects). Such a function is called exactly once per row that
// the statement's WHERE and JOIN conditions select, and never for a row
// they exclude: every condition is applied before the call, on the FROM
// Items before it. The planner accepts only shapes where that holds:
//
//	SELECT ... FROM ec2.f(<constants, parameters>) [WHERE <no read of f>]
//	SELECT ... FROM <items>, ec2.f(<columns of items>) r WHERE <conditions on items>
//	           (or CROSS JOIN LATERAL, or JOIN LATERAL ... ON <conditions on items>)
//
// in the statement's main query, an arm of a set operation there, or a
// WITH query (the fence after which the result may be filtered). Every
// other shape is refused with 0A000 before any call, with a hint showing
// the form above: a condition reading the function's result, a volatile
// or subquery argument, the function anywhere but last in FROM or in an
// outer join, two of them in one FROM, HAVING, and LIMIT/OFFSET (or an
// Execute row limit) over a per-row call, since which rows come first is
// Not defined. A per-row call over a table needs a WHERE clause, as UPDATE
// and DELETE do (21000 unless vpnsql.allow_unqualified_writes).

// CheckRowLimit refuses an Execute row limit over a statement that calls
// a write function per row: the statement would run in full at the first
// Execute, for rows the client may never fetch.
func (p *Prepared) CheckRowLimit(maxRows uint32) error {
	if maxRows == 0 || !p.perRowWrites {
		return nil
	}
	return pgerr.New(pgerr.FeatureNotSupported, "a row limit on Execute is not allowed over a write function called per row").
		WithDetail("Which rows come first is not defined, so the rows the function would change could not be known.").
		WithHint("Fetch every row (Execute with max rows 0: no setMaxRows or setFetchSize in pgJDBC, no itersize on a named psycopg cursor).")
}

// CheckWriteSites applies the write rules to every call site of a
// statement, once per execution, before its first call.
func (s *Session) CheckWriteSites(e *expr.Env, sites []*expr.WriteSite) error {
	if e.Exec.PlanWrites {
		return nil // plain EXPLAIN: no call is made, so no write rule applies
	}
	for _, site := range sites {
		if e.Exec.WriteChecked[site] {
			continue
		}
		t := s.engine.Catalog.Lookup(site.Method.Schema, site.Method.Table, nil)
		if t == nil {
			return pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", site.Verb).
				WithDetail("Table %s.%s is not served.", site.Method.Schema, site.Method.Table)
		}
		if err := s.checkWrite(site.Verb, t, site.Unqualified); err != nil {
			return err
		}
		if e.Exec.WriteChecked == nil {
			e.Exec.WriteChecked = map[*expr.WriteSite]bool{}
		}
		e.Exec.WriteChecked[site] = true
	}
	return nil
}

// Table methods (catalog.Method) are set-returning functions usable in
// FROM, e.g. SELECT * FROM ec2.vpn_connection_route_create('vpn-…',
// '10.1.0.0/16'). They write: they are side-effecting (write_calls.go
// decides where they may be called) and pass the same safety rules as
// INSERT, UPDATE and DELETE, the WHERE rule included when they are
// called per row of a table.
// The catalog declares them while the program initialises; methodFamily
// lists them when the library is first composed, after that.

// CallMethod runs a table method for one set of arguments.
func (s *Session) CallMethod(e *expr.Env, m catalog.Method, args []any) ([][]any, error) {
	t := s.engine.Catalog.Lookup(m.Schema, m.Table, nil)
	mc, ok := t.(catalog.MethodCaller)
	if !ok {
		return nil, pgerr.New(pgerr.UndefinedFunction, "function %s.%s does not exist", m.Schema, m.Name).
			WithDetail("Table %s.%s is not served.", m.Schema, m.Table)
	}
	// The write rules were checked for the call site (functionRel.rows).
	verb := m.Schema + "." + m.Name
	var opt catalog.WriteOptions
	if e.Exec.PlanWrites {
		opt.Plan = true // plain EXPLAIN: the call is listed, not made
	} else {
		var err error
		if opt, err = s.writeOptions(true); err != nil {
			return nil, err
		}
	}
	ctx := catalog.WithStatement(catalog.WithSession(e.Ctx, s.CatalogSession()), fmt.Sprintf("SELECT * FROM %s(...)", verb))
	res, err := mc.CallMethod(ctx, m.Name, args, opt)
	if e.Exec.WriteCalls != nil {
		*e.Exec.WriteCalls = append(*e.Exec.WriteCalls, res.Calls...)
	}
	if err := s.writeOutcome("UPDATE", t, 1, res, opt, err); err != nil {
		return nil, funcs.WithEarlierCalls(e, verb, value.FormatText(args[0]), err)
	}
	if !opt.DryRun && !opt.Plan {
		for _, k := range rowKeys(t, res.Rows) {
			e.Exec.CallsDone = append(e.Exec.CallsDone, verb+" on "+k)
		}
	}
	return res.Rows, nil
}
