package executor

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/plan"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// planQuery plans a query nested in outer (nil at the top level).
func (s *planner) planQuery(outer *binder, params *[]*value.Type, ctes *cteScope, sel *pg_query.SelectStmt) (exec.QueryPlan, *queryLevel, error) {
	keepUnknown := s.armOfSetOp
	s.armOfSetOp = false
	if sel.WithClause != nil {
		var err error
		if ctes, err = s.planWith(outer, params, ctes, sel.WithClause); err != nil {
			return nil, nil, err
		}
	}
	if sel.Op != pg_query.SetOperation_SETOP_NONE {
		return s.planSetOp(outer, params, ctes, sel)
	}
	b := &binder{s: s, params: params, scope: &scope{}, outer: outer, ctes: ctes, query: &queryLevel{keepUnknown: keepUnknown}}
	if len(sel.ValuesLists) > 0 {
		p, err := b.planValues(sel)
		return p, b.query, err
	}
	p, err := b.planSelect(sel)
	return p, b.query, err
}

func (b *binder) planSelect(sel *pg_query.SelectStmt) (*exec.SelectPlan, error) {
	if sel.IntoClause != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO is not supported")
	}
	p := &exec.SelectPlan{}
	from, err := b.planFrom(sel.FromClause)
	if err != nil {
		return nil, err
	}
	p.From = from
	in := &scope{cols: from.Columns()}
	b.scope = in

	reads := b.s.resultReads
	if sel.WhereClause != nil {
		w, err := b.in("WHERE", func() (expr.Expr, error) { return b.bindCondition(sel.WhereClause, "WHERE") })
		if err != nil {
			return nil, err
		}
		p.Where, p.WhereText = w, deparse(sel.WhereClause)
		plan.PushDownInto(from, w)
	}
	// A write function's call goes after every condition (write_calls.go).
	if p.From, p.Where, err = b.orderWriteCall(sel, from, p.Where, p.WhereText, b.s.resultReads > reads); err != nil {
		return nil, err
	}
	calls := writeCallsIn(from)
	if len(calls) > 0 {
		p.WhereText = "" // shown where it applies, below the call
	}
	perRow := readsPerRowWrites(from) || (len(calls) > 0 && calls[0].Site.PerRow)
	if perRow {
		b.s.perRowWrites++
	}

	targets, names, err := expandTargets(sel.TargetList, in)
	if err != nil {
		return nil, err
	}

	out := b
	var groupBy *aggBinding
	if len(sel.GroupClause) > 0 || sel.HavingClause != nil || anyAggregate(targets) || sortHasAggregate(sel.SortClause) {
		agg := &aggBinding{input: in, Aggregation: &exec.Aggregation{}}
		items, sets := expandGroupClause(sel.GroupClause)
		p.GroupSets = sets
		for _, g := range items {
			x, n, err := bindGroupItem(b, g, targets)
			if err != nil {
				return nil, err
			}
			agg.addGroup(x, n)
			p.GroupText = append(p.GroupText, deparse(n))
		}
		p.Agg, groupBy = agg.Aggregation, agg
		p.Implicit = len(items) == 0
		out = &binder{s: b.s, params: b.params, scope: in, agg: agg, outer: b.outer, ctes: b.ctes, query: b.query}
		if sel.HavingClause != nil {
			h, err := out.bindCondition(sel.HavingClause, "HAVING")
			if err != nil {
				return nil, err
			}
			p.Having, p.HavingText = h, deparse(sel.HavingClause)
		}
	}

	// Window calls and select-list SRFs register with the level while the
	// select list and ORDER BY are bound.
	b.query.windows = &exec.WindowBinding{Base: out.rowWidth(), Width: out.rowWidth, Named: map[string]*pg_query.WindowDef{}}
	for _, n := range sel.WindowClause {
		w := n.GetWindowDef()
		b.query.windows.Named[w.Name] = w
	}
	b.query.allowSRF = true
	for i, t := range targets {
		x, err := out.bind(t.Val)
		if err != nil {
			return nil, err
		}
		if x.Type() == value.Unknown && !b.query.keepUnknown {
			if x, err = expr.CoerceTo(x, value.Text, exprLocation(t.Val)); err != nil {
				return nil, err
			}
		}
		p.Project = append(p.Project, x)
		p.Types = append(p.Types, x.Type())
		col := expr.Column{Name: names[i], TypeOID: x.Type().OID, TypeLen: x.Type().Len, TypeMod: expr.ExprTypmod(x)}
		if c, ok := x.(*expr.ColExpr); ok && p.Agg == nil && c.Idx < len(in.cols) {
			sc := in.cols[c.Idx]
			col.TableOID, col.AttNum, col.TypeMod = sc.TableOID, sc.Attnum, sc.Typmod
		} else if ok && p.Agg != nil && c.Idx < len(p.Agg.Groups) {
			col.TypeMod = groupBy.groupTypmod(c.Idx)
			// A grouping column still comes from its table, as in
			// PostgreSQL's RowDescription (drivers read nullability there).
			if g := groupBy.groupCols[c.Idx]; g >= 0 && g < len(in.cols) {
				col.TableOID, col.AttNum = in.cols[g].TableOID, in.cols[g].Attnum
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
		x, err := out.bind(n)
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
		key := deparse(sb.Node)
		if idx < p.NOutput {
			key = deparse(targets[idx].Val)
			if targets[idx].Val.GetParamRef() != nil { // an expanded *
				key = pgcatalog.QuoteIdent(names[idx])
			}
		}
		if p.SortKeys[len(p.SortKeys)-1].Desc {
			key += " DESC"
		}
		p.SortText = append(p.SortText, key)
	}
	b.query.allowSRF = false
	p.Srfs = b.query.srfs
	if len(b.query.windows.Calls) > 0 {
		p.Windows = b.query.windows
	}

	switch {
	case len(sel.DistinctClause) == 1 && sel.DistinctClause[0].GetNode() == nil:
		// SELECT DISTINCT: the grammar's list holds one empty node.
		p.Distinct = true
		for i, c := range p.SortCols {
			if c >= p.NOutput {
				return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list"),
					exprLocation(sel.SortClause[i].GetSortBy().Node))
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
	if err := checkWriteLimit(sel, perRow); err != nil {
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
		return pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"), exprLocation(n))
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
func (b *binder) rowWidth() int {
	if b.agg != nil {
		return len(b.agg.Groups) + len(b.agg.Aggs)
	}
	return len(b.scope.cols)
}

func (b *binder) bindCondition(n *pg_query.Node, clause string) (expr.Expr, error) {
	x, err := b.bind(n)
	if err != nil {
		return nil, err
	}
	if x, err = expr.CoerceTo(x, value.Bool, exprLocation(n)); err != nil {
		return nil, err
	}
	if x.Type() != value.Bool {
		return nil, pgerr.At(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", clause, x.Type()), exprLocation(n))
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
func bindGroupItem(b *binder, g *pg_query.Node, targets []*pg_query.ResTarget) (expr.Expr, *pg_query.Node, error) {
	n := g
	if c := g.GetAConst(); c != nil {
		iv, ok := c.Val.(*pg_query.A_Const_Ival)
		if !ok {
			return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "non-integer constant in GROUP BY"), c.Location)
		}
		pos := int(iv.Ival.Ival)
		if pos < 1 || pos > len(targets) {
			return nil, nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "GROUP BY position %d is not in select list", pos), c.Location)
		}
		n = targets[pos-1].Val
	}
	if cr := g.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		if b.scope.lookup("", name) == -1 {
			for _, t := range targets {
				if t.Name == name {
					n = t.Val
				}
			}
		}
	}
	x, err := b.in("GROUP BY", func() (expr.Expr, error) { return b.bind(n) })
	return x, n, err
}

func bindLimit(b *binder, n *pg_query.Node, kind string) (expr.Expr, error) {
	if n == nil {
		return nil, nil
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return nil, nil // LIMIT NULL / LIMIT ALL
	}
	x, err := b.in(kind, func() (expr.Expr, error) { return b.bind(n) })
	if err != nil {
		return nil, err
	}
	return expr.CoerceTo(x, value.Int8, exprLocation(n))
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
