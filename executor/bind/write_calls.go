package bind

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/executor/plan"
	"github.com/vpnsql/vpnsql/pgerr"
)

// WriteBarrier marks, while a part of a statement is planned, that a write
// function may not be called there (where names it); the outermost reason
// wins. It returns the function that lifts it.
func (s *Planner) WriteBarrier(where string) func() {
	if s.barrier != "" {
		return func() {}
	}
	s.barrier = where
	return func() { s.barrier = "" }
}

// planWriteSite checks a write function's call in FROM as it is planned.
func (b *Binder) planWriteSite(m catalog.Method, args []expr.Expr, loc int32) (*expr.WriteSite, error) {
	verb := m.Schema + "." + m.Name
	if b.S.barrier != "" {
		return nil, pgerr.At(funcs.UnsafeWrite(verb, "Call it in the FROM clause of the statement itself, or of a WITH query: "+funcs.SafeWriteForm(m)+".",
			"%s cannot be called in %s", verb, b.S.barrier), loc)
	}
	for _, a := range args {
		if bad := unsafeArgument(a); bad != "" {
			return nil, pgerr.At(funcs.UnsafeWrite(verb, "Compute the value first (in a WITH query, or a statement of its own) and pass it as a constant, a parameter or a column of a FROM item.",
				"an argument of %s cannot be %s", verb, bad), loc)
		}
	}
	site := &expr.WriteSite{Method: m, Verb: verb}
	b.S.WriteSites = append(b.S.WriteSites, site)
	return site, nil
}

// unsafeArgument names what makes an argument unsafe ("" when it is safe).
func unsafeArgument(x expr.Expr) string {
	bad := ""
	var walk func(x expr.Expr)
	walk = func(x expr.Expr) {
		if bad != "" || x == nil {
			return
		}
		switch x := x.(type) {
		case *expr.ColExpr, *expr.OuterColExpr, *expr.ConstExpr, *expr.ParamExpr:
		case *expr.FuncExpr:
			if pgcatalog.FunctionVolatile(x.Name) {
				bad = "volatile (" + x.Name + "())"
			}
			for _, a := range x.Args {
				walk(a)
			}
		case *funcs.VariadicExpr:
			if pgcatalog.FunctionVolatile(x.Name) {
				bad = "volatile (" + x.Name + "())"
			}
			for _, a := range x.Fixed {
				walk(a)
			}
			walk(x.Array)
		case *expr.BoolExpr:
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.CmpOp:
			walk(x.L)
			walk(x.R)
		case *expr.InExpr:
			walk(x.X)
			for _, a := range x.List {
				walk(a)
			}
		case *expr.NullTest:
			walk(x.X)
		case *expr.AnyExpr:
			walk(x.X)
			walk(x.Array)
		case *expr.CaseExpr:
			for _, a := range append(append([]expr.Expr{}, x.Whens...), x.Thens...) {
				walk(a)
			}
			walk(x.Els)
		case *expr.RecordExpr:
			for _, a := range x.Fields {
				walk(a)
			}
		case *expr.ModExpr:
			walk(x.X)
		case *exec.SubqueryExpr:
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
func writeCallsIn(r exec.Relation) []*exec.FunctionRel {
	switch r := r.(type) {
	case *exec.FunctionRel:
		if r.Site != nil {
			return []*exec.FunctionRel{r}
		}
	case *exec.JoinRel:
		return append(writeCallsIn(r.Left), writeCallsIn(r.Right)...)
	case *exec.UsingRel:
		return writeCallsIn(r.Join)
	case *exec.FilterRel:
		return writeCallsIn(r.Rel)
	case *exec.PermuteRel:
		return writeCallsIn(r.Rel)
	}
	return nil
}

// readsTable reports whether a relation's rows come from a table (or a
// subquery or WITH query), not from an explicit list (VALUES, unnest($1)).
func readsTable(r exec.Relation) bool {
	switch r := r.(type) {
	case *exec.TableScan, *exec.WorkTable:
		return true
	case *exec.SubqueryRel:
		sp, ok := r.Plan.(*exec.SelectPlan)
		return !ok || readsTable(sp.From)
	case *exec.JoinRel:
		return readsTable(r.Left) || readsTable(r.Right)
	case *exec.UsingRel:
		return readsTable(r.Join)
	case *exec.FilterRel:
		return readsTable(r.Rel)
	case *exec.PermuteRel:
		return readsTable(r.Rel)
	}
	return false
}

// readsPerRowWrites reports whether a FROM clause reads a WITH query that
// Calls a write function per row.
func readsPerRowWrites(r exec.Relation) bool {
	switch r := r.(type) {
	case *exec.SubqueryRel:
		d, ok := r.CacheKey.(*CteDef)
		return ok && d.perRowWrites
	case *exec.JoinRel:
		return readsPerRowWrites(r.Left) || readsPerRowWrites(r.Right)
	case *exec.UsingRel:
		return readsPerRowWrites(r.Join)
	case *exec.FilterRel:
		return readsPerRowWrites(r.Rel)
	case *exec.PermuteRel:
		return readsPerRowWrites(r.Rel)
	}
	return false
}

// orderWriteCall places a level's conditions before its write call, or
// refuses the level. where is the bound WHERE clause (nil without one)
// and whereReadsResult whether it reads the call's result. It returns the
// FROM relation to run and the WHERE still to apply after it.
func (b *Binder) orderWriteCall(sel *pg_query.SelectStmt, from exec.Relation, where expr.Expr, whereText string, whereReadsResult bool) (exec.Relation, expr.Expr, error) {
	calls := writeCallsIn(from)
	if len(calls) == 0 {
		if where == nil {
			return from, nil, nil
		}
		return plan.PlaceConjuncts(from, where), where, nil
	}
	f := calls[0]
	verb := f.Site.Verb
	safe := "Write it as " + funcs.SafeWriteForm(f.Site.Method) + "."
	if len(calls) > 1 {
		return nil, nil, funcs.UnsafeWrite(verb, "Call each function in a statement of its own.",
			"%s and %s cannot be called in one FROM clause", verb, calls[1].Site.Verb)
	}
	if whereReadsResult {
		return nil, nil, funcs.UnsafeWrite(verb,
			fmt.Sprintf("Filter the result in an outer query over a WITH query: WITH r AS MATERIALIZED (%s) SELECT * FROM r WHERE <conditions on the result>.", funcs.SafeWriteForm(f.Site.Method)),
			"WHERE cannot read the result of %s", verb)
	}
	if sel.HavingClause != nil {
		return nil, nil, funcs.UnsafeWrite(verb, "Put the conditions in WHERE; aggregate the result in an outer query over a WITH query if needed.",
			"HAVING is not allowed with %s", verb)
	}
	if from == exec.Relation(f) {
		if where == nil {
			return from, nil, nil
		}
		// Conditions that read no column here (constants, parameters) go
		// first: a false one means no call.
		return &exec.JoinRel{Left: &exec.FilterRel{Rel: exec.OneRow{}, Cond: where, Text: whereText}, Right: f, Kind: "cross", Lateral: true}, nil, nil
	}
	j, ok := from.(*exec.JoinRel)
	if !ok || j.Right != exec.Relation(f) {
		if _, using := from.(*exec.UsingRel); using {
			return nil, nil, funcs.UnsafeWrite(verb, safe, "JOIN ... USING and NATURAL JOIN cannot join the result of %s", verb)
		}
		return nil, nil, funcs.UnsafeWrite(verb, safe, "%s must be the last item of FROM", verb)
	}
	switch {
	case j.Kind != "cross" && j.Kind != "inner":
		return nil, nil, funcs.UnsafeWrite(verb, safe, "%s cannot be part of an outer join", verb)
	case j.CondReadsResult:
		return nil, nil, funcs.UnsafeWrite(verb, safe, "JOIN ... ON cannot read the result of %s", verb)
	case !j.Lateral:
		return nil, nil, funcs.UnsafeWrite(verb, "Call it alone (SELECT * FROM "+verb+"(...)), or once per row by passing a column of a FROM item: "+funcs.SafeWriteForm(f.Site.Method)+".",
			"%s with arguments that read no FROM item must be alone in FROM", verb)
	}
	f.Site.PerRow = true
	f.Site.Unqualified = sel.WhereClause == nil && readsTable(j.Left)
	// Every condition goes below the call, onto the items before it, and
	// is applied there once: nothing is left to filter after the call.
	var conds []expr.Expr
	var texts []string
	if j.Cond != nil {
		plan.PushDownInto(j.Left, j.Cond) // WHERE was pushed already; ON narrows the scan too
		conds, texts = append(conds, j.Cond), append(texts, j.CondText)
	}
	if where != nil {
		conds, texts = append(conds, where), append(texts, whereText)
	}
	if len(conds) > 0 {
		var cond expr.Expr = &expr.BoolExpr{Op: "and", Args: conds}
		if len(conds) == 1 {
			cond = conds[0]
		}
		j.Left = &exec.FilterRel{Rel: plan.PlaceConjuncts(j.Left, cond), Cond: cond, Text: strings.Join(texts, " AND ")}
		j.Cond, j.CondText, j.Kind = nil, "", "cross"
	}
	return j, nil, nil
}

// checkWriteLimit refuses LIMIT and OFFSET over rows that a per-row write
// call produced.
func (s *Planner) checkWriteLimit(sel *pg_query.SelectStmt, perRow bool) error {
	if !perRow || (sel.LimitCount == nil && sel.LimitOffset == nil) {
		return nil
	}
	pick := "pick them first in a WITH query"
	for i := len(s.WriteSites) - 1; i >= 0; i-- {
		if s.WriteSites[i].PerRow {
			pick += ": " + funcs.PickFirstForm(s.WriteSites[i].Method)
			break
		}
	}
	return pgerr.New(pgerr.FeatureNotSupported, "LIMIT and OFFSET are not allowed over a write function called per row").
		WithDetail("Which rows come first is not defined, so the rows the function would change could not be known.").
		WithHint("Select the rows to change in WHERE. To change only some, %s.", pick)
}
