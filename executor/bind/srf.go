package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// planRangeFunction plans a function in FROM. Its arguments may read the
// FROM items to its left (function calls in FROM are implicitly LATERAL).
func (b *Binder) planRangeFunction(rf *pg_query.RangeFunction, left exec.Relation) (exec.Relation, bool, error) {
	if len(rf.Functions) != 1 {
		return b.planRowsFrom(rf, left)
	}
	call := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	if call == nil {
		return nil, false, pgerr.New(pgerr.FeatureNotSupported, "only function calls are supported in FROM")
	}
	name := funcName(call)
	lb := b.lateralBinder(left)
	// The arguments belong to this query level: a reference to an
	// enclosing level makes the level correlated.
	argBinder := &Binder{S: b.S, Params: b.Params, Scope: &Scope{}, outer: lb, Ctes: b.Ctes, Query: b.Query}
	args := make([]expr.Expr, len(call.Args))
	for i, a := range call.Args {
		x, err := argBinder.Bind(a)
		if err != nil {
			return nil, false, err
		}
		args[i] = x
	}
	alias := name
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
	}
	f := &exec.FunctionRel{Ordinality: rf.Ordinality}
	if sf, ok := b.S.setFunc(name); ok {
		cols, err := sf.Resolve(args)
		if err != nil {
			if err != funcs.ErrArgs {
				return nil, false, err
			}
			return nil, false, pgerr.At(funcs.ErrNoFunction(name, args, call.Location), call.Location)
		}
		if sf.NeedsColumnList {
			if len(rf.Coldeflist) == 0 {
				return nil, false, pgerr.At(pgerr.New(pgerr.SyntaxError, "a column definition list is required for functions returning \"record\""), call.Location)
			}
			if cols, err = columnDefs(rf.Coldeflist, "", ""); err != nil {
				return nil, false, err
			}
			f.RecordCols = len(cols)
		}
		if sf.SideEffects {
			if f.Site, err = b.planWriteSite(sf.Method, args, call.Location); err != nil {
				return nil, false, err
			}
		}
		f.Fn, f.Args, f.Cols = sf, args, append([]expr.ScopeCol(nil), cols...)
		if len(f.Cols) == 1 && !sf.OutNamed && !sf.NeedsColumnList {
			f.Cols[0].Name = alias // a single-column function's column takes the alias
		}
	} else {
		x, err := argBinder.Bind(rf.Functions[0].GetList().GetItems()[0])
		if err != nil {
			return nil, false, err
		}
		f.Scalar = x
		f.Cols = []expr.ScopeCol{{Name: alias, T: x.Type()}}
	}
	id := newRelID(alias)
	for i := range f.Cols {
		f.Cols[i].Rel, f.Cols[i].RelID, f.Cols[i].Typmod = alias, id, -1
	}
	if len(f.Cols) == 1 && !f.Ordinality && f.Cols[0].T.Fields == nil && f.RecordCols == 0 {
		f.Cols[0].ScalarFunc = true
	}
	if f.Ordinality {
		f.Cols = append(f.Cols, expr.ScopeCol{Name: "ordinality", Rel: alias, RelID: id, T: value.Int8, Typmod: -1})
	}
	for i := range f.Cols {
		f.Cols[i].WriteResult = f.Site != nil
	}
	if rf.Alias != nil && len(rf.Alias.Colnames) > 0 {
		var err error
		if f.Cols, err = renameColumns(rf.Alias, f.Cols); err != nil {
			return nil, false, err
		}
	}
	// Only a call that reads the items to its left must run per left row.
	return f, left != nil && funcs.ReadsOuter(args, 1), nil
}

func (b *Binder) bindSetFunc(name string, sf funcs.SetFunc, args []expr.Expr, loc int32) (expr.Expr, error) {
	if sf.SideEffects {
		verb := sf.Method.Schema + "." + sf.Method.Name
		return nil, pgerr.At(funcs.UnsafeWrite(verb, "Call it in FROM: "+funcs.SafeWriteForm(verb)+".", "%s can only be called in FROM", verb), loc)
	}
	if b.Query == nil || !b.Query.allowSRF {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s", b.notAllowed("set-returning functions")), loc)
	}
	cols, err := sf.Resolve(args)
	if err != nil {
		if err != funcs.ErrArgs {
			return nil, err // a bad argument, such as a jsonpath that does not parse
		}
		return nil, funcs.ErrNoFunction(name, args, loc)
	}
	t := cols[0].T
	if len(cols) > 1 {
		// Several columns make a record, whose fields (x).name selects.
		fields := make([]value.Field, len(cols))
		for i, c := range cols {
			fields[i] = value.Field{Name: c.Name, Type: c.T}
		}
		t = value.RecordOf(fields)
	}
	call := &funcs.SRFCall{Fn: sf, Args: args, T: t}
	b.Query.srfs = append(b.Query.srfs, call)
	return call, nil
}

// planRowsFrom plans ROWS FROM of several functions: each planned as a
// function in FROM of its own, named for the function, then zipped.
func (b *Binder) planRowsFrom(rf *pg_query.RangeFunction, left exec.Relation) (exec.Relation, bool, error) {
	r := &exec.RowsFromRel{Ordinality: rf.Ordinality}
	lateral := false
	alias := ""
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
	}
	for _, item := range rf.Functions {
		parts := item.GetList().GetItems()
		one := &pg_query.RangeFunction{Functions: []*pg_query.Node{item}}
		if len(parts) > 1 && parts[1] != nil {
			one.Coldeflist = parts[1].GetList().GetItems()
		}
		rel, lat, err := b.planRangeFunction(one, left)
		if err != nil {
			return nil, false, err
		}
		f := rel.(*exec.FunctionRel)
		if f.Site != nil {
			return nil, false, pgerr.New(pgerr.FeatureNotSupported, "a side-effecting function cannot be called in ROWS FROM")
		}
		lateral = lateral || lat
		r.Funcs = append(r.Funcs, f)
		r.Cols = append(r.Cols, f.Cols...)
	}
	if alias == "" {
		alias = r.Cols[0].Rel
	}
	id := newRelID(alias)
	if r.Ordinality {
		r.Cols = append(r.Cols, expr.ScopeCol{Name: "ordinality", T: value.Int8})
	}
	for i := range r.Cols {
		r.Cols[i].Rel, r.Cols[i].RelID, r.Cols[i].Typmod, r.Cols[i].ScalarFunc = alias, id, -1, false
	}
	if rf.Alias != nil && len(rf.Alias.Colnames) > 0 {
		var err error
		if r.Cols, err = renameColumns(rf.Alias, r.Cols); err != nil {
			return nil, false, err
		}
	}
	return r, lateral, nil
}

// columnDefs reads a column definition list.
func columnDefs(defs []*pg_query.Node, rel, relID string) ([]expr.ScopeCol, error) {
	var cols []expr.ScopeCol
	for _, d := range defs {
		cd := d.GetColumnDef()
		if cd == nil {
			continue
		}
		t, err := resolveTypeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		mod, err := resolveTypmod(cd.TypeName, t)
		if err != nil {
			return nil, err
		}
		cols = append(cols, expr.ScopeCol{Name: cd.Colname, Rel: rel, RelID: relID, T: t, Typmod: mod})
	}
	return cols, nil
}

// A set-returning function in a grouping item (`SELECT
// jsonb_object_keys(tags) AS k, count(*) FROM t GROUP BY 1`, `GROUP BY
// upper(jsonb_object_keys(tags))`, or written in GROUP BY itself):
// PostgreSQL computes it below the aggregation, in a ProjectSet node, so
// each input row becomes one row per result and the groups are formed
// over those. vpnsql plans it as a LATERAL call of the function after the
// FROM clause, which gives the same rows for one such function (a row
// whose call returns nothing is dropped by both); its column is hidden
// from names, and the grouping items read it where they name the call.
// Several different set-returning calls run in lockstep, as
// PostgreSQL's ProjectSet runs them: one ROWS FROM of them all.

// srfColumn is a set-returning call computed below the aggregation.
type srfColumn struct {
	call *pg_query.Node // the FuncCall
	col  *expr.ColExpr
}

// groupSetFunctions finds the set-returning call the grouping items
// contain, joins it to p.From and makes b.Scope the joined columns, and
// sets b.srfColumns so that binding the items reads its column.
func (b *Binder) groupSetFunctions(p *exec.SelectPlan, items []*pg_query.Node, targets []*pg_query.ResTarget) error {
	var calls []*pg_query.Node
	b.collectSRFs = &calls
	for _, g := range items {
		n, err := groupItemNode(b, g, targets)
		if err == nil {
			_, err = b.in("GROUP BY", func() (expr.Expr, error) { return b.Bind(n) })
		}
		if err != nil {
			b.collectSRFs = nil
			return err
		}
	}
	b.collectSRFs = nil
	if len(calls) == 0 {
		return nil
	}
	var distinct []*pg_query.Node
next:
	for _, c := range calls {
		for _, d := range distinct {
			if sameExpression(c, d) {
				continue next
			}
		}
		distinct = append(distinct, c)
	}
	rf := &pg_query.RangeFunction{Lateral: true, IsRowsfrom: len(distinct) > 1}
	for _, c := range distinct {
		rf.Functions = append(rf.Functions, pg_query.MakeListNode([]*pg_query.Node{c, nil}))
	}
	rel, _, err := b.planRangeFunction(rf, p.From)
	if err != nil {
		return err
	}
	if len(rel.Columns()) != len(distinct) {
		return nil // a record: left to the usual error
	}
	width := len(p.From.Columns())
	hide := make([]int, len(distinct))
	for i := range hide {
		hide[i] = i
	}
	p.From = &exec.JoinRel{Left: p.From, Right: rel, Kind: "cross", Lateral: true, HideRight: hide}
	b.Scope = &Scope{Cols: p.From.Columns()}
	for i, c := range distinct {
		b.srfColumns = append(b.srfColumns, srfColumn{call: c, col: &expr.ColExpr{Idx: width + i, T: rel.Columns()[i].T}})
	}
	return nil
}

// srfColumnOf returns the column computed below the aggregation for a
// set-returning call, when there is one.
func (b *Binder) srfColumnOf(fc *pg_query.FuncCall) (*expr.ColExpr, bool) {
	for _, s := range b.srfColumns {
		if sameExpression(&pg_query.Node{Node: &pg_query.Node_FuncCall{FuncCall: fc}}, s.call) {
			return s.col, true
		}
	}
	return nil, false
}

// collectSetFunc notes a set-returning call met while groupSetFunctions
// looks for them, and stands for it with a column of its type.
func (b *Binder) collectSetFunc(fc *pg_query.FuncCall, sf funcs.SetFunc, args []expr.Expr) (expr.Expr, error) {
	cols, err := sf.Resolve(args)
	if err != nil || len(cols) != 1 || sf.SideEffects || sf.NeedsColumnList {
		return b.bindSetFunc(funcName(fc), sf, args, fc.Location) // its usual error
	}
	*b.collectSRFs = append(*b.collectSRFs, &pg_query.Node{Node: &pg_query.Node_FuncCall{FuncCall: fc}})
	return &expr.ColExpr{Idx: -1, T: cols[0].T}, nil
}

// isSetCall reports whether n calls a set-returning function.
func (s *Planner) isSetCall(n *pg_query.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil {
		return false
	}
	_, ok := s.setFunc(funcName(fc))
	return ok
}

// setFunc finds a set-returning function: a built-in one, or a method of
// a table in the catalog (ec2.vpn_connection_route_create, ...).
func (s *Planner) setFunc(name string) (funcs.SetFunc, bool) {
	if sf, ok := funcs.Builtin().Sets[name]; ok {
		return sf, true
	}
	if m, ok := s.Catalog().Method("", name); ok {
		return funcs.MethodFunc(m), true
	}
	return funcs.SetFunc{}, false
}
