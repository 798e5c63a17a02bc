package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/plan"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// PlanQuery plans a query nested in outer (nil at the top level).
func (s *Planner) PlanQuery(outer *Binder, params *[]*value.Type, ctes *CteScope, sel *pg_query.SelectStmt) (exec.QueryPlan, *QueryLevel, error) {
	keepUnknown := s.armOfSetOp
	s.armOfSetOp = false
	if sel.WithClause != nil {
		var err error
		if ctes, err = s.PlanWith(outer, params, ctes, sel.WithClause); err != nil {
			return nil, nil, err
		}
	}
	if sel.Op != pg_query.SetOperation_SETOP_NONE {
		return s.planSetOp(outer, params, ctes, sel)
	}
	b := &Binder{S: s, Params: params, Scope: &Scope{}, outer: outer, Ctes: ctes, Query: &QueryLevel{keepUnknown: keepUnknown}}
	if len(sel.ValuesLists) > 0 {
		p, err := b.planValues(sel)
		return p, b.Query, err
	}
	p, err := b.planSelect(sel)
	return p, b.Query, err
}

func (b *Binder) planSelect(sel *pg_query.SelectStmt) (*exec.SelectPlan, error) {
	if sel.IntoClause != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO is not supported")
	}
	p := &exec.SelectPlan{}
	from, err := b.planFrom(sel.FromClause)
	if err != nil {
		return nil, err
	}
	p.From = from
	in := &Scope{Cols: from.Columns()}
	b.Scope = in

	reads := b.S.resultReads
	if sel.WhereClause != nil {
		w, err := b.in("WHERE", func() (expr.Expr, error) { return b.BindCondition(sel.WhereClause, "WHERE") })
		if err != nil {
			return nil, err
		}
		p.Where, p.WhereText = w, b.ExplainText(sel.WhereClause)
		plan.PushDownInto(from, w)
	}
	// A write function's call goes after every condition (write_calls.go).
	if p.From, p.Where, err = b.orderWriteCall(sel, from, p.Where, p.WhereText, b.S.resultReads > reads); err != nil {
		return nil, err
	}
	calls := writeCallsIn(from)
	if len(calls) > 0 {
		p.WhereText = "" // shown where it applies, below the call
	}
	perRow := readsPerRowWrites(from) || (len(calls) > 0 && calls[0].Site.PerRow)
	if perRow {
		b.S.PerRowWrites++
	}

	targets, names, err := ExpandTargets(sel.TargetList, in)
	if err != nil {
		return nil, err
	}

	out := b
	var groupBy *aggBinding
	if len(sel.GroupClause) > 0 || sel.HavingClause != nil || anyAggregate(targets) || sortHasAggregate(sel.SortClause) {
		agg := &aggBinding{input: in, Aggregation: &exec.Aggregation{}}
		items, sets := expandGroupClause(sel.GroupClause)
		p.GroupSets = sets
		if err := b.groupSetFunctions(p, items, targets); err != nil {
			return nil, err
		}
		in = b.Scope
		agg.input = in
		for _, g := range items {
			x, n, err := bindGroupItem(b, g, targets)
			if err != nil {
				return nil, err
			}
			if fc := n.GetFuncCall(); fc != nil {
				if _, ok := b.srfColumnOf(fc); ok {
					// The select list reaches it by the call's expression.
					agg.addExpressionGroup(x, n)
					p.GroupText = append(p.GroupText, b.ExplainText(n))
					continue
				}
			}
			agg.addGroup(x, n)
			p.GroupText = append(p.GroupText, b.ExplainText(n))
		}
		p.Agg, groupBy = agg.Aggregation, agg
		p.Implicit = len(items) == 0
		out = &Binder{S: b.S, Params: b.Params, Scope: in, agg: agg, outer: b.outer, Ctes: b.Ctes, Query: b.Query}
		if sel.HavingClause != nil {
			h, err := out.in("HAVING", func() (expr.Expr, error) { return out.BindCondition(sel.HavingClause, "HAVING") })
			if err != nil {
				return nil, err
			}
			p.Having, p.HavingText = h, b.ExplainText(sel.HavingClause)
		}
	}

	// Window calls and select-list SRFs register with the level while the
	// select list and ORDER BY are bound.
	b.Query.windows = &exec.WindowBinding{Base: out.rowWidth(), Width: out.rowWidth}
	b.Query.namedWindows = map[string]*pg_query.WindowDef{}
	for _, n := range sel.WindowClause {
		// In order: a window may be defined on an earlier one (WINDOW w1
		// AS (PARTITION BY p), w2 AS (w1 ORDER BY x)), resolved here so a
		// use of w2 has w1's partitioning.
		w := n.GetWindowDef()
		if _, dup := b.Query.namedWindows[w.Name]; dup {
			return nil, pgerr.At(pgerr.New(pgerr.WindowingError, "window %q is already defined", w.Name), w.Location)
		}
		if w.Refname != "" {
			r, err := resolveWindow(b.Query.namedWindows, w, w.Location)
			if err != nil {
				return nil, err
			}
			r.Name, r.Location = w.Name, w.Location
			w = r
		}
		b.Query.namedWindows[w.Name] = w
	}
	b.Query.allowSRF = true
	for i, t := range targets {
		x, err := out.Bind(t.Val)
		if err != nil {
			return nil, err
		}
		if x.Type() == value.Unknown && !b.Query.keepUnknown {
			if x, err = expr.CoerceTo(x, value.Text, ExprLocation(t.Val)); err != nil {
				return nil, err
			}
		}
		p.Project = append(p.Project, x)
		p.Types = append(p.Types, x.Type())
		col := expr.Column{Name: names[i], TypeOID: x.Type().OID, TypeLen: x.Type().Len, TypeMod: expr.Typmod(x)}
		if c, ok := x.(*expr.ColExpr); ok && p.Agg == nil && c.Idx < len(in.Cols) {
			sc := in.Cols[c.Idx]
			col.TableOID, col.AttNum, col.TypeMod = sc.TableOID, sc.Attnum, sc.Typmod
		} else if ok && p.Agg != nil && c.Idx < len(p.Agg.Groups) {
			col.TypeMod = groupBy.groupTypmod(c.Idx)
			// A grouping column still comes from its table, as in
			// PostgreSQL's RowDescription (drivers read nullability there).
			if g := groupBy.groupCols[c.Idx]; g >= 0 && g < len(in.Cols) {
				col.TableOID, col.AttNum = in.Cols[g].TableOID, in.Cols[g].Attnum
			}
		}
		p.Columns = append(p.Columns, col)
	}
	if p.Columns == nil {
		// SELECT FROM t: rows of no columns, still a result set with a
		// RowDescription (nil Columns would mean no rows at all).
		p.Columns = []expr.Column{}
	}
	p.NOutput = len(p.Project)

	// An ORDER BY or DISTINCT ON item is an output column (by name,
	// ordinal or equal expression) or an extra, hidden column; equal
	// expressions share a column, as PostgreSQL matches them to one
	// target entry.
	var extra []*pg_query.Node // parse trees of the hidden columns, from index nOutput
	resolve := func(n *pg_query.Node) (int, error) {
		idx, err := outputReference(n, names, p.NOutput)
		if err != nil || idx >= 0 {
			return idx, err
		}
		for i, t := range targets {
			if sameExpression(n, t.Val) {
				return i, nil
			}
		}
		for i, e := range extra {
			if sameExpression(n, e) {
				return p.NOutput + i, nil
			}
		}
		x, err := out.Bind(n)
		if err != nil {
			return 0, err
		}
		p.Project = append(p.Project, x)
		extra = append(extra, n)
		return len(p.Project) - 1, nil
	}
	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := resolve(sb.Node)
		if err != nil {
			return nil, err
		}
		p.SortCols = append(p.SortCols, idx)
		p.SortKeys = append(p.SortKeys, newSortKey(p.Project[idx], sb))
		if !b.S.Explain {
			continue // the sort key's text is for EXPLAIN (ExplainText)
		}
		key := Deparse(sb.Node)
		if idx < p.NOutput {
			key = Deparse(targets[idx].Val)
			if targets[idx].Val.GetParamRef() != nil { // an expanded *
				key = pgcatalog.QuoteIdent(names[idx])
			}
		}
		if p.SortKeys[len(p.SortKeys)-1].Desc {
			key += " DESC"
		}
		p.SortText = append(p.SortText, key)
	}
	b.Query.allowSRF = false
	p.Srfs = b.Query.srfs
	if len(b.Query.windows.Calls) > 0 {
		p.Windows = b.Query.windows
	}

	switch {
	case len(sel.DistinctClause) == 1 && sel.DistinctClause[0].GetNode() == nil:
		// SELECT DISTINCT: the grammar's list holds one empty node.
		p.Distinct = true
		for i, c := range p.SortCols {
			if c >= p.NOutput {
				return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list"),
					ExprLocation(sel.SortClause[i].GetSortBy().Node))
			}
		}
	case len(sel.DistinctClause) > 0:
		on := map[int]*pg_query.Node{}
		for _, n := range sel.DistinctClause {
			idx, err := resolve(n)
			if err != nil {
				return nil, err
			}
			if _, dup := on[idx]; !dup {
				on[idx] = n
				p.DistinctOn = append(p.DistinctOn, idx)
			}
		}
		if err := checkDistinctOn(p.DistinctOn, on, p.SortCols); err != nil {
			return nil, err
		}
	}
	if err := b.S.checkWriteLimit(sel, perRow); err != nil {
		return nil, err
	}
	if p.WithTies, err = withTies(sel); err != nil {
		return nil, err
	}
	if p.Limit, err = bindLimit(b, sel.LimitCount, "LIMIT"); err != nil {
		return nil, err
	}
	if p.Offset, err = bindLimit(b, sel.LimitOffset, "OFFSET"); err != nil {
		return nil, err
	}
	return p, nil
}

// checkDistinctOn insists, as PostgreSQL does, that the DISTINCT ON
// expressions are the leading ORDER BY items (in any order).
func checkDistinctOn(order []int, on map[int]*pg_query.Node, sortCols []int) error {
	skipped := false
	used := map[int]bool{}
	fail := func(n *pg_query.Node) error {
		return pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"), ExprLocation(n))
	}
	for _, c := range sortCols {
		n, ok := on[c]
		switch {
		case !ok:
			skipped = true
		case skipped:
			return fail(n)
		default:
			used[c] = true
		}
	}
	if !skipped {
		return nil
	}
	for _, c := range order {
		if !used[c] {
			return fail(on[c])
		}
	}
	return nil
}

// rowWidth is the width of the rows expressions at this binder see.
func (b *Binder) rowWidth() int {
	if b.agg != nil {
		return len(b.agg.Groups) + len(b.agg.Aggs)
	}
	return len(b.Scope.Cols)
}

func (b *Binder) BindCondition(n *pg_query.Node, clause string) (expr.Expr, error) {
	x, err := b.Bind(n)
	if err != nil {
		return nil, err
	}
	if x, err = expr.CoerceTo(x, value.Bool, ExprLocation(n)); err != nil {
		return nil, err
	}
	if x.Type() != value.Bool {
		return nil, pgerr.At(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", clause, x.Type()), ExprLocation(n))
	}
	return x, nil
}

// outputReference resolves an ORDER BY item that names an output column
// (by alias or ordinal); -1 means it is an expression over the input.
func outputReference(n *pg_query.Node, names []string, nOutput int) (int, error) {
	if c := n.GetAConst(); c != nil {
		iv, ok := c.Val.(*pg_query.A_Const_Ival)
		if !ok {
			return 0, pgerr.At(pgerr.New(pgerr.SyntaxError, "non-integer constant in ORDER BY"), c.Location)
		}
		pos := int(iv.Ival.Ival)
		if pos < 1 || pos > nOutput {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", pos), c.Location)
		}
		return pos - 1, nil
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		for _, exact := range []bool{true, false} {
			for i, out := range names[:nOutput] {
				if namesMatch(out, name, exact) {
					return i, nil
				}
			}
		}
	}
	return -1, nil
}

// bindGroupItem binds a GROUP BY item: an ordinal, an output alias, or an
// input expression. It returns the parse tree the item stands for.
func bindGroupItem(b *Binder, g *pg_query.Node, targets []*pg_query.ResTarget) (expr.Expr, *pg_query.Node, error) {
	n, err := groupItemNode(b, g, targets)
	if err != nil {
		return nil, nil, err
	}
	x, err := b.in("GROUP BY", func() (expr.Expr, error) { return b.Bind(n) })
	return x, n, err
}

// groupItemNode is the expression a GROUP BY item stands for: a select
// list entry for a position or an output column name, else the item.
func groupItemNode(b *Binder, g *pg_query.Node, targets []*pg_query.ResTarget) (*pg_query.Node, error) {
	n := g
	if c := g.GetAConst(); c != nil {
		iv, ok := c.Val.(*pg_query.A_Const_Ival)
		if !ok {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "non-integer constant in GROUP BY"), c.Location)
		}
		pos := int(iv.Ival.Ival)
		if pos < 1 || pos > len(targets) {
			return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "GROUP BY position %d is not in select list", pos), c.Location)
		}
		n = targets[pos-1].Val
	}
	if cr := g.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		if b.Scope.lookup("", name) == -1 {
			for _, t := range targets {
				if t.Name == name {
					n = t.Val
				}
			}
		}
	}
	return n, nil
}

// withTies reports FETCH FIRST n ROWS WITH TIES, with PostgreSQL's
// errors for a NULL count and for no ORDER BY.
func withTies(sel *pg_query.SelectStmt) (bool, error) {
	if sel.LimitOption != pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		return false, nil
	}
	if c := sel.LimitCount.GetAConst(); c != nil && c.Isnull {
		// PostgreSQL gives no cursor position for this one.
		return false, pgerr.New(pgerr.InvalidRowCountInLimitClause, "row count cannot be null in FETCH FIRST ... WITH TIES clause")
	}
	if len(sel.SortClause) == 0 {
		return false, pgerr.New(pgerr.SyntaxError, "WITH TIES cannot be specified without ORDER BY clause")
	}
	return true, nil
}

func bindLimit(b *Binder, n *pg_query.Node, kind string) (expr.Expr, error) {
	if n == nil {
		return nil, nil
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return nil, nil // LIMIT NULL / LIMIT ALL
	}
	x, err := b.in(kind, func() (expr.Expr, error) { return b.Bind(n) })
	if err != nil {
		return nil, err
	}
	// LIMIT and OFFSET are evaluated once, before any row: a column of
	// the level has no value there.
	if cols, _ := expr.ColumnsRead(x); len(cols) > 0 {
		return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "argument of %s must not contain variables", kind), ExprLocation(n))
	}
	// PostgreSQL coerces the argument to bigint as an assignment would:
	// every numeric type converts (numeric and float rounded), an unknown
	// literal is read as bigint, and other types are refused.
	from := x.Type()
	if !from.IsNumeric() && !value.CanCoerceImplicit(from, value.Int8) {
		return nil, pgerr.At(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type bigint, not type %s", kind, from), ExprLocation(n))
	}
	return expr.CastExpr(x, value.Int8, false, ExprLocation(n))
}
