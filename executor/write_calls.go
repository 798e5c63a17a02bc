package executor

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
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
// not defined. A per-row call over a table needs a WHERE clause, as UPDATE
// and DELETE do (21000 unless vpnsql.allow_unqualified_writes).

// writeSite is one planned call site of a side-effecting function.
type writeSite struct {
	method catalog.Method
	verb   string // ec2.name
	// perRow: called once per row of the FROM items before it.
	perRow bool
	// unqualified: per row of a table, and the level has no WHERE.
	unqualified bool
}

// safeWriteForm is the shape every refusal's hint shows.
func safeWriteForm(verb string) string {
	return fmt.Sprintf(`SELECT ... FROM vpn_connections v, %s(v."vpnConnectionId", ...) r WHERE <conditions on v>`, verb)
}

// unsafeWrite is the 0A000 refusal of a shape that could call verb for a
// row the statement does not select.
func unsafeWrite(verb, hint, format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, format, args...).
		WithDetail("%s changes AWS resources, so vpnsql calls it only where it can apply every condition of the statement before the call.", verb).
		WithHint("%s", hint)
}

// writeBarrier marks, while a part of a statement is planned, that a write
// function may not be called there (where names it); the outermost reason
// wins. It returns the function that lifts it.
func (s *planner) writeBarrier(where string) func() {
	if s.barrier != "" {
		return func() {}
	}
	s.barrier = where
	return func() { s.barrier = "" }
}

// planWriteSite checks a write function's call in FROM as it is planned.
func (b *binder) planWriteSite(m catalog.Method, args []expr, loc int32) (*writeSite, error) {
	verb := m.Schema + "." + m.Name
	if b.s.barrier != "" {
		return nil, pgerr.At(unsafeWrite(verb, "Call it in the FROM clause of the statement itself, or of a WITH query: "+safeWriteForm(verb)+".",
			"%s cannot be called in %s", verb, b.s.barrier), loc)
	}
	for _, a := range args {
		if bad := unsafeArgument(a); bad != "" {
			return nil, pgerr.At(unsafeWrite(verb, "Compute the value first (in a WITH query, or a statement of its own) and pass it as a constant, a parameter or a column of a FROM item.",
				"an argument of %s cannot be %s", verb, bad), loc)
		}
	}
	site := &writeSite{method: m, verb: verb}
	b.s.writeSites = append(b.s.writeSites, site)
	return site, nil
}

// unsafeArgument names what makes an argument unsafe ("" when it is safe).
func unsafeArgument(x expr) string {
	bad := ""
	var walk func(x expr)
	walk = func(x expr) {
		if bad != "" || x == nil {
			return
		}
		switch x := x.(type) {
		case *colExpr, *outerColExpr, *constExpr, *paramExpr:
		case *funcExpr:
			if pgcatalog.FunctionVolatile(x.name) {
				bad = "volatile (" + x.name + "())"
			}
			for _, a := range x.args {
				walk(a)
			}
		case *variadicExpr:
			if pgcatalog.FunctionVolatile(x.name) {
				bad = "volatile (" + x.name + "())"
			}
			for _, a := range x.fixed {
				walk(a)
			}
			walk(x.array)
		case *boolExpr:
			for _, a := range x.args {
				walk(a)
			}
		case *cmpOp:
			walk(x.l)
			walk(x.r)
		case *inExpr:
			walk(x.x)
			for _, a := range x.list {
				walk(a)
			}
		case *nullTest:
			walk(x.x)
		case *anyExpr:
			walk(x.x)
			walk(x.array)
		case *caseExpr:
			for _, a := range append(append([]expr{}, x.whens...), x.thens...) {
				walk(a)
			}
			walk(x.els)
		case *recordExpr:
			for _, a := range x.fields {
				walk(a)
			}
		case *modExpr:
			walk(x.x)
		case *subqueryExpr:
			bad = "a subquery"
		default:
			bad = "this expression"
		}
	}
	walk(x)
	return bad
}

// writeCallsIn lists the write-function calls among the FROM items of one
// level (subqueries are levels of their own).
func writeCallsIn(r relation) []*functionRel {
	switch r := r.(type) {
	case *functionRel:
		if r.site != nil {
			return []*functionRel{r}
		}
	case *joinRel:
		return append(writeCallsIn(r.left), writeCallsIn(r.right)...)
	case *usingRel:
		return writeCallsIn(r.join)
	case *filterRel:
		return writeCallsIn(r.rel)
	case *permuteRel:
		return writeCallsIn(r.rel)
	}
	return nil
}

// readsTable reports whether a relation's rows come from a table (or a
// subquery or WITH query), not from an explicit list (VALUES, unnest($1)).
func readsTable(r relation) bool {
	switch r := r.(type) {
	case *tableScan, *workTable:
		return true
	case *subqueryRel:
		sp, ok := r.plan.(*selectPlan)
		return !ok || readsTable(sp.from)
	case *joinRel:
		return readsTable(r.left) || readsTable(r.right)
	case *usingRel:
		return readsTable(r.join)
	case *filterRel:
		return readsTable(r.rel)
	case *permuteRel:
		return readsTable(r.rel)
	}
	return false
}

// readsPerRowWrites reports whether a FROM clause reads a WITH query that
// calls a write function per row.
func readsPerRowWrites(r relation) bool {
	switch r := r.(type) {
	case *subqueryRel:
		d, ok := r.cacheKey.(*cteDef)
		return ok && d.perRowWrites
	case *joinRel:
		return readsPerRowWrites(r.left) || readsPerRowWrites(r.right)
	case *usingRel:
		return readsPerRowWrites(r.join)
	case *filterRel:
		return readsPerRowWrites(r.rel)
	case *permuteRel:
		return readsPerRowWrites(r.rel)
	}
	return false
}

// orderWriteCall places a level's conditions before its write call, or
// refuses the level. where is the bound WHERE clause (nil without one)
// and whereReadsResult whether it reads the call's result. It returns the
// FROM relation to run and the WHERE still to apply after it.
func (b *binder) orderWriteCall(sel *pg_query.SelectStmt, from relation, where expr, whereText string, whereReadsResult bool) (relation, expr, error) {
	calls := writeCallsIn(from)
	if len(calls) == 0 {
		if where == nil {
			return from, nil, nil
		}
		return placeConjuncts(from, where), where, nil
	}
	f := calls[0]
	verb := f.site.verb
	safe := "Write it as " + safeWriteForm(verb) + "."
	if len(calls) > 1 {
		return nil, nil, unsafeWrite(verb, "Call each function in a statement of its own.",
			"%s and %s cannot be called in one FROM clause", verb, calls[1].site.verb)
	}
	if whereReadsResult {
		return nil, nil, unsafeWrite(verb,
			fmt.Sprintf("Filter the result in an outer query over a WITH query: WITH r AS MATERIALIZED (%s) SELECT * FROM r WHERE <conditions on the result>.", safeWriteForm(verb)),
			"WHERE cannot read the result of %s", verb)
	}
	if sel.HavingClause != nil {
		return nil, nil, unsafeWrite(verb, "Put the conditions in WHERE; aggregate the result in an outer query over a WITH query if needed.",
			"HAVING is not allowed with %s", verb)
	}
	if from == relation(f) {
		if where == nil {
			return from, nil, nil
		}
		// Conditions that read no column here (constants, parameters) go
		// first: a false one means no call.
		return &joinRel{left: &filterRel{rel: oneRow{}, cond: where, text: whereText}, right: f, kind: "cross", lateral: true}, nil, nil
	}
	j, ok := from.(*joinRel)
	if !ok || j.right != relation(f) {
		if _, using := from.(*usingRel); using {
			return nil, nil, unsafeWrite(verb, safe, "JOIN ... USING and NATURAL JOIN cannot join the result of %s", verb)
		}
		return nil, nil, unsafeWrite(verb, safe, "%s must be the last item of FROM", verb)
	}
	switch {
	case j.kind != "cross" && j.kind != "inner":
		return nil, nil, unsafeWrite(verb, safe, "%s cannot be part of an outer join", verb)
	case j.condReadsResult:
		return nil, nil, unsafeWrite(verb, safe, "JOIN ... ON cannot read the result of %s", verb)
	case !j.lateral:
		return nil, nil, unsafeWrite(verb, "Call it alone (SELECT * FROM "+verb+"(...)), or once per row by passing a column of a FROM item: "+safeWriteForm(verb)+".",
			"%s with arguments that read no FROM item must be alone in FROM", verb)
	}
	f.site.perRow = true
	f.site.unqualified = sel.WhereClause == nil && readsTable(j.left)
	// Every condition goes below the call, onto the items before it, and
	// is applied there once: nothing is left to filter after the call.
	var conds []expr
	var texts []string
	if j.cond != nil {
		pushDownInto(j.left, j.cond) // WHERE was pushed already; ON narrows the scan too
		conds, texts = append(conds, j.cond), append(texts, j.condText)
	}
	if where != nil {
		conds, texts = append(conds, where), append(texts, whereText)
	}
	if len(conds) > 0 {
		var cond expr = &boolExpr{op: "and", args: conds}
		if len(conds) == 1 {
			cond = conds[0]
		}
		j.left = &filterRel{rel: placeConjuncts(j.left, cond), cond: cond, text: strings.Join(texts, " AND ")}
		j.cond, j.condText, j.kind = nil, "", "cross"
	}
	return j, nil, nil
}

// checkWriteLimit refuses LIMIT and OFFSET over rows that a per-row write
// call produced.
func checkWriteLimit(sel *pg_query.SelectStmt, perRow bool) error {
	if !perRow || (sel.LimitCount == nil && sel.LimitOffset == nil) {
		return nil
	}
	return pgerr.New(pgerr.FeatureNotSupported, "LIMIT and OFFSET are not allowed over a write function called per row").
		WithDetail("Which rows come first is not defined, so the rows the function would change could not be known.").
		WithHint("Select the rows to change in WHERE. To change only some, pick them first in a WITH query: WITH pick AS (SELECT \"vpnConnectionId\" FROM vpn_connections WHERE ... ORDER BY ... LIMIT n) SELECT ... FROM pick, ec2.f(pick.\"vpnConnectionId\", ...) r.")
}

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

// checkWriteSites applies the write rules to every call site of a
// statement, once per execution, before its first call.
func (s *Session) checkWriteSites(e *env, sites []*writeSite) error {
	if e.exec.planWrites {
		return nil // plain EXPLAIN: no call is made, so no write rule applies
	}
	for _, site := range sites {
		if e.exec.writeChecked[site] {
			continue
		}
		t := s.engine.Catalog.Lookup(site.method.Schema, site.method.Table, nil)
		if t == nil {
			return pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", site.verb).
				WithDetail("Table %s.%s is not served.", site.method.Schema, site.method.Table)
		}
		if err := s.checkWrite(site.verb, t, site.unqualified); err != nil {
			return err
		}
		if e.exec.writeChecked == nil {
			e.exec.writeChecked = map[*writeSite]bool{}
		}
		e.exec.writeChecked[site] = true
	}
	return nil
}

// withEarlierCalls adds to a failed call's error the calls this statement
// already made, which stay made.
func withEarlierCalls(e *env, verb, key string, err error) error {
	done := e.exec.callsDone
	if len(done) == 0 {
		return err
	}
	pe := *pgerr.From(err) // a copy: the cause may be shared
	lines := []string{}
	if pe.Detail != "" {
		lines = append(lines, pe.Detail)
	}
	lines = append(lines, fmt.Sprintf("Call %d of this statement (%s on %s) failed.", len(done)+1, verb, key),
		fmt.Sprintf("%d earlier call(s) were made and stay made: %s.", len(done), strings.Join(done, ", ")))
	pe.Detail = strings.Join(lines, "\n")
	pe.Hint = "EC2 has no rollback: what is listed as done stays done. Fix the cause and run the statement again for the remaining rows."
	return &pe
}
