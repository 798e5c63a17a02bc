package executor

import (
	"context"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// queryPlan is a planned query (SELECT, VALUES, a set operation): its
// output columns are known at plan time.
type queryPlan interface {
	outputColumns() []Column
	outputTypes() []*catalog.Type
	// run produces the rows; e is this query level's env, e.outer the
	// enclosing level's (for correlated references).
	run(e *env) ([][]any, error)
}

// selectPlan is one SELECT level:
// FROM -> WHERE -> GROUP BY/aggregates -> HAVING -> window functions ->
// project (expanding set-returning calls) -> DISTINCT -> ORDER BY ->
// OFFSET/LIMIT.
type selectPlan struct {
	columns    []Column
	types      []*catalog.Type
	from       relation
	where      expr
	agg        *aggBinding
	implicit   bool // aggregates without GROUP BY: one group even for no rows
	having     expr
	windows    *windowBinding
	srfs       []*srfCall
	project    []expr // output columns, then hidden sort columns
	nOutput    int
	sortCols   []int
	sortKeys   []sortKey
	distinct   bool
	distinctOn []int // DISTINCT ON: projected columns that define a group
	limit      expr
	offset     expr

	// Source text for EXPLAIN.
	whereText, havingText string
	groupText, sortText   []string
}

func (p *selectPlan) outputColumns() []Column      { return p.columns }
func (p *selectPlan) outputTypes() []*catalog.Type { return p.types }

// planQuery plans a query nested in outer (nil at the top level).
func (s *Session) planQuery(outer *binder, params *[]*catalog.Type, ctes *cteScope, sel *pg_query.SelectStmt) (queryPlan, *queryLevel, error) {
	if sel.WithClause != nil {
		var err error
		if ctes, err = s.planWith(outer, params, ctes, sel.WithClause); err != nil {
			return nil, nil, err
		}
	}
	if sel.Op != pg_query.SetOperation_SETOP_NONE {
		return s.planSetOp(outer, params, ctes, sel)
	}
	b := &binder{s: s, params: params, scope: &scope{}, outer: outer, ctes: ctes, query: &queryLevel{}}
	if len(sel.ValuesLists) > 0 {
		p, err := b.planValues(sel)
		return p, b.query, err
	}
	p, err := b.planSelect(sel)
	return p, b.query, err
}

func (b *binder) planSelect(sel *pg_query.SelectStmt) (*selectPlan, error) {
	if sel.IntoClause != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO is not supported")
	}
	p := &selectPlan{}
	from, err := b.planFrom(sel.FromClause)
	if err != nil {
		return nil, err
	}
	p.from = from
	in := &scope{cols: from.columns()}
	b.scope = in

	if sel.WhereClause != nil {
		w, err := b.bindCondition(sel.WhereClause, "WHERE")
		if err != nil {
			return nil, err
		}
		p.where, p.whereText = w, deparse(sel.WhereClause)
		pushDownInto(from, w)
		p.from = placeConjuncts(from, w)
	}

	targets, names, err := expandTargets(sel.TargetList, in)
	if err != nil {
		return nil, err
	}

	out := b
	if len(sel.GroupClause) > 0 || sel.HavingClause != nil || anyAggregate(targets) || sortHasAggregate(sel.SortClause) {
		agg := &aggBinding{input: in}
		for _, g := range sel.GroupClause {
			x, n, err := bindGroupItem(b, g, targets)
			if err != nil {
				return nil, err
			}
			agg.addGroup(x, n)
			p.groupText = append(p.groupText, deparse(n))
		}
		p.agg = agg
		p.implicit = len(sel.GroupClause) == 0
		out = &binder{s: b.s, params: b.params, scope: in, agg: agg, outer: b.outer, ctes: b.ctes, query: b.query}
		if sel.HavingClause != nil {
			h, err := out.bindCondition(sel.HavingClause, "HAVING")
			if err != nil {
				return nil, err
			}
			p.having, p.havingText = h, deparse(sel.HavingClause)
		}
	}

	// Window calls and select-list SRFs register with the level while the
	// select list and ORDER BY are bound.
	b.query.windows = &windowBinding{base: out.rowWidth(), named: map[string]*pg_query.WindowDef{}}
	for _, n := range sel.WindowClause {
		w := n.GetWindowDef()
		b.query.windows.named[w.Name] = w
	}
	b.query.allowSRF = true
	for i, t := range targets {
		x, err := out.bind(t.Val)
		if err != nil {
			return nil, err
		}
		if x.typ() == catalog.Unknown {
			if x, err = coerceTo(x, catalog.Text, exprLocation(t.Val)); err != nil {
				return nil, err
			}
		}
		p.project = append(p.project, x)
		p.types = append(p.types, x.typ())
		col := Column{Name: names[i], TypeOID: x.typ().OID, TypeLen: x.typ().Len, TypeMod: -1}
		if c, ok := x.(*colExpr); ok && p.agg == nil && c.idx < len(in.cols) {
			sc := in.cols[c.idx]
			col.TableOID, col.AttNum, col.TypeMod = sc.tableOID, sc.attnum, sc.typmod
		}
		p.columns = append(p.columns, col)
	}
	p.nOutput = len(p.project)

	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := outputReference(sb.Node, names, p.nOutput)
		if err != nil {
			return nil, err
		}
		if idx < 0 {
			x, err := out.bind(sb.Node)
			if err != nil {
				return nil, err
			}
			p.project = append(p.project, x)
			idx = len(p.project) - 1
		}
		p.sortCols = append(p.sortCols, idx)
		p.sortKeys = append(p.sortKeys, newSortKey(p.project[idx], sb))
		key := deparse(sb.Node)
		if idx < p.nOutput {
			key = deparse(targets[idx].Val)
			if targets[idx].Val.GetParamRef() != nil { // an expanded *
				key = pgcatalog.QuoteIdent(names[idx])
			}
		}
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC {
			key += " DESC"
		}
		p.sortText = append(p.sortText, key)
	}
	b.query.allowSRF = false
	p.srfs = b.query.srfs
	if len(b.query.windows.calls) > 0 {
		p.windows = b.query.windows
	}

	if len(sel.DistinctClause) > 0 {
		if sel.DistinctClause[0] == nil {
			p.distinct = true
		} else {
			for _, n := range sel.DistinctClause {
				idx, err := outputReference(n, names, p.nOutput)
				if err != nil {
					return nil, err
				}
				if idx < 0 {
					x, err := out.bind(n)
					if err != nil {
						return nil, err
					}
					p.project = append(p.project, x)
					idx = len(p.project) - 1
				}
				p.distinctOn = append(p.distinctOn, idx)
			}
		}
	}
	if p.limit, err = bindLimit(b, sel.LimitCount); err != nil {
		return nil, err
	}
	if p.offset, err = bindLimit(b, sel.LimitOffset); err != nil {
		return nil, err
	}
	return p, nil
}

// rowWidth is the width of the rows expressions at this binder see.
func (b *binder) rowWidth() int {
	if b.agg != nil {
		return len(b.agg.groups) + len(b.agg.aggs)
	}
	return len(b.scope.cols)
}

func (b *binder) bindCondition(n *pg_query.Node, clause string) (expr, error) {
	x, err := b.bind(n)
	if err != nil {
		return nil, err
	}
	if x, err = coerceTo(x, catalog.Bool, exprLocation(n)); err != nil {
		return nil, err
	}
	if x.typ() != catalog.Bool {
		return nil, errAt(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", clause, x.typ()), exprLocation(n))
	}
	return x, nil
}

// outputReference resolves an ORDER BY item that names an output column
// (by alias or ordinal); -1 means it is an expression over the input.
func outputReference(n *pg_query.Node, names []string, nOutput int) (int, error) {
	if c := n.GetAConst(); c != nil {
		if iv, ok := c.Val.(*pg_query.A_Const_Ival); ok {
			pos := int(iv.Ival.Ival)
			if pos < 1 || pos > nOutput {
				return 0, errAt(pgerr.New(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", pos), c.Location)
			}
			return pos - 1, nil
		}
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
func bindGroupItem(b *binder, g *pg_query.Node, targets []*pg_query.ResTarget) (expr, *pg_query.Node, error) {
	n := g
	if c := g.GetAConst(); c != nil {
		if iv, ok := c.Val.(*pg_query.A_Const_Ival); ok {
			pos := int(iv.Ival.Ival)
			if pos < 1 || pos > len(targets) {
				return nil, nil, errAt(pgerr.New(pgerr.InvalidColumnReference, "GROUP BY position %d is not in select list", pos), c.Location)
			}
			n = targets[pos-1].Val
		}
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
	x, err := b.bind(n)
	return x, n, err
}

func bindLimit(b *binder, n *pg_query.Node) (expr, error) {
	if n == nil {
		return nil, nil
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return nil, nil // LIMIT NULL / LIMIT ALL
	}
	x, err := b.bind(n)
	if err != nil {
		return nil, err
	}
	return coerceTo(x, catalog.Int8, exprLocation(n))
}

// expandTargets expands * and names each output column as PostgreSQL's
// FigureColname does.
func expandTargets(list []*pg_query.Node, in *scope) ([]*pg_query.ResTarget, []string, error) {
	var targets []*pg_query.ResTarget
	var names []string
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			rel := ""
			if len(cr.Fields) > 1 {
				rel = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
				if !in.hasRel(rel) {
					return nil, nil, errAt(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", rel), cr.Location)
				}
			}
			if len(in.cols) == 0 {
				return nil, nil, errAt(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), cr.Location)
			}
			for i, c := range in.cols {
				if (rel != "" && !strings.EqualFold(c.rel, rel)) || c.hidden {
					continue
				}
				targets = append(targets, &pg_query.ResTarget{Val: columnIndexNode(i, cr.Location)})
				names = append(names, c.name)
			}
			continue
		}
		targets = append(targets, rt)
		if rt.Name != "" {
			names = append(names, rt.Name)
		} else {
			names = append(names, columnName(rt.Val, in))
		}
	}
	return targets, names, nil
}

// columnIndexNode stands for "input column i" in an expanded *: a
// ParamRef with a negative number, which the grammar never produces.
func columnIndexNode(i int, loc int32) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: int32(-1 - i), Location: loc}}}
}

// columnName is the default name of an output column.
func columnName(n *pg_query.Node, in *scope) string {
	switch {
	case n.GetColumnRef() != nil:
		cr := n.GetColumnRef()
		last := cr.Fields[len(cr.Fields)-1]
		if last.GetString_() == nil {
			return "?column?"
		}
		name := last.GetString_().GetSval()
		rel := ""
		if len(cr.Fields) > 1 {
			rel = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
		}
		if i := in.lookup(rel, name); i >= 0 {
			return in.cols[i].name
		}
		return name
	case n.GetFuncCall() != nil:
		return funcName(n.GetFuncCall())
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		if name := columnName(tc.Arg, in); name != "?column?" {
			return name
		}
		tn := tc.TypeName.Names
		name := tn[len(tn)-1].GetString_().GetSval()
		if t := typeByName(name); t != nil && len(tc.TypeName.ArrayBounds) == 0 {
			return t.Name
		}
		return name
	case n.GetCoalesceExpr() != nil:
		return "coalesce"
	case n.GetCaseExpr() != nil:
		// A CASE is named after its ELSE expression when that has a name.
		if def := n.GetCaseExpr().Defresult; def != nil {
			if name := columnName(def, in); name != "?column?" {
				return name
			}
		}
		return "case"
	case n.GetMinMaxExpr() != nil:
		if n.GetMinMaxExpr().Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case n.GetAExpr() != nil && n.GetAExpr().Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF:
		return "nullif"
	case n.GetSqlvalueFunction() != nil:
		return sqlValueFunctionName(n.GetSqlvalueFunction().Op)
	case n.GetSubLink() != nil:
		sl := n.GetSubLink()
		switch sl.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists"
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array"
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sub := sl.Subselect.GetSelectStmt(); sub != nil && len(sub.TargetList) == 1 {
				rt := sub.TargetList[0].GetResTarget()
				if rt.Name != "" {
					return rt.Name
				}
				return columnName(rt.Val, &scope{})
			}
		}
	case n.GetAArrayExpr() != nil:
		return "array"
	case n.GetCollateClause() != nil:
		return columnName(n.GetCollateClause().Arg, in)
	case n.GetAIndirection() != nil:
		ind := n.GetAIndirection()
		if last := ind.Indirection[len(ind.Indirection)-1]; last.GetString_() != nil {
			return last.GetString_().GetSval()
		}
		return columnName(ind.Arg, in)
	case n.GetParamRef() != nil && n.GetParamRef().Number < 0:
		return in.cols[-1-n.GetParamRef().Number].name
	}
	return "?column?"
}

func sqlValueFunctionName(op pg_query.SQLValueFunctionOp) string {
	name := strings.TrimPrefix(op.String(), "SVFOP_")
	name = strings.TrimSuffix(name, "_N")
	return strings.ToLower(name)
}

func (p *selectPlan) run(e *env) ([][]any, error) {
	rows, err := p.from.rows(e)
	if err != nil {
		return nil, err
	}
	if p.where != nil {
		if rows, err = filterRows(e, rows, p.where); err != nil {
			return nil, err
		}
	}
	if p.agg != nil {
		if rows, err = aggregateRows(e, p.agg, rows, p.implicit); err != nil {
			return nil, err
		}
		if p.having != nil {
			if rows, err = filterRows(e, rows, p.having); err != nil {
				return nil, err
			}
		}
	}
	if p.windows != nil {
		if rows, err = p.windows.compute(e, rows); err != nil {
			return nil, err
		}
	}
	out, err := p.projectRows(e, rows)
	if err != nil {
		return nil, err
	}
	if p.distinct {
		out = distinctRows(out, p.nOutput)
	}
	if len(p.sortKeys) > 0 {
		if err := sortRows(out, p.sortCols, p.sortKeys); err != nil {
			return nil, err
		}
	}
	if p.distinctOn != nil {
		out = distinctOnRows(out, p.distinctOn)
	}
	if out, err = applyWindow(e, out, p.offset, p.limit); err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = out[i][:p.nOutput]
	}
	return out, nil
}

// projectRows evaluates the select list; a set-returning call in it turns
// one input row into as many output rows as its longest result.
func (p *selectPlan) projectRows(e *env, rows [][]any) ([][]any, error) {
	out := make([][]any, 0, len(rows))
	for ri, row := range rows {
		if err := checkProgress(e, ri, len(out)); err != nil {
			return nil, err
		}
		e.row = row
		n := 1
		var results map[*srfCall][]any
		if len(p.srfs) > 0 {
			results = map[*srfCall][]any{}
			n = 0
			for _, call := range p.srfs {
				vals, err := call.values(e)
				if err != nil {
					return nil, err
				}
				results[call] = vals
				n = max(n, len(vals))
			}
		}
		for i := 0; i < n; i++ {
			if results != nil {
				e.srf = map[*srfCall]any{}
				for call, vals := range results {
					if i < len(vals) {
						e.srf[call] = vals[i]
					}
				}
			}
			vals := make([]any, len(p.project))
			for j, x := range p.project {
				v, err := x.eval(e)
				if err != nil {
					return nil, err
				}
				vals[j] = v
			}
			out = append(out, vals)
		}
	}
	e.srf = nil
	return out, nil
}

// applyWindow applies OFFSET and LIMIT.
func applyWindow(e *env, rows [][]any, offset, limit expr) ([][]any, error) {
	e.row = nil
	if offset != nil {
		v, err := offset.eval(e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			n := v.(int64)
			if n < 0 {
				return nil, pgerr.New(pgerr.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
			if n >= int64(len(rows)) {
				rows = nil
			} else {
				rows = rows[n:]
			}
		}
	}
	if limit != nil {
		v, err := limit.eval(e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			n := v.(int64)
			if n < 0 {
				return nil, pgerr.New(pgerr.InvalidRowCountInLimitClause, "LIMIT must not be negative")
			}
			if n < int64(len(rows)) {
				rows = rows[:n]
			}
		}
	}
	return rows, nil
}

func filterRows(e *env, rows [][]any, cond expr) ([][]any, error) {
	out := rows[:0:0]
	for i, row := range rows {
		if err := checkProgress(e, i, 0); err != nil {
			return nil, err
		}
		e.row = row
		v, err := cond.eval(e)
		if err != nil {
			return nil, err
		}
		if v == true {
			out = append(out, row)
		}
	}
	return out, nil
}

func distinctRows(rows [][]any, n int) [][]any {
	seen := map[string]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		k := groupKey(r[:n])
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// distinctOnRows keeps the first row of each group of equal DISTINCT ON
// values, in sorted order.
func distinctOnRows(rows [][]any, cols []int) [][]any {
	seen := map[string]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		key := make([]any, len(cols))
		for i, c := range cols {
			key[i] = r[c]
		}
		k := groupKey(key)
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// queryStatement runs a top-level query and returns its rows as a cursor.
type queryStatement struct {
	q queryPlan
}

func (p *queryStatement) open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	e := &env{ctx: ctx, s: s, params: params, exec: &execState{cache: map[any][][]any{}}}
	rows, err := p.q.run(e)
	if err != nil {
		return nil, err
	}
	return newRowsCursor(p.q.outputColumns(), rows, "SELECT"), nil
}
