package executor

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// setOpPlan is UNION, INTERSECT or EXCEPT [ALL], with the ORDER BY and
// LIMIT that apply to its result.
type setOpPlan struct {
	op          pg_query.SetOperation
	all         bool
	left, right queryPlan
	columns     []expr.Column
	types       []*value.Type
	casts       [2][]func(any) (any, error) // per side, per column; nil = no conversion
	sortCols    []int
	sortKeys    []expr.SortKey
	limit       expr.Expr
	offset      expr.Expr
}

func (p *setOpPlan) outputColumns() []expr.Column { return p.columns }
func (p *setOpPlan) outputTypes() []*value.Type   { return p.types }

func (s *planner) planSetOp(outer *binder, params *[]*value.Type, ctes *cteScope, sel *pg_query.SelectStmt) (queryPlan, *queryLevel, error) {
	perRow := s.perRowWrites
	s.armOfSetOp = true
	left, ll, err := s.planQuery(outer, params, ctes, sel.Larg)
	if err != nil {
		return nil, nil, err
	}
	s.armOfSetOp = true
	right, rl, err := s.planQuery(outer, params, ctes, sel.Rarg)
	if err != nil {
		return nil, nil, err
	}
	if err := funcs.CheckWriteLimit(sel, s.perRowWrites > perRow); err != nil {
		return nil, nil, err
	}
	level := &queryLevel{correlated: ll.correlated || rl.correlated}
	p := &setOpPlan{op: sel.Op, all: sel.All, left: left, right: right}
	lt, rt := left.outputTypes(), right.outputTypes()
	rtargets := leafTargets(sel.Rarg)
	targetLoc := func(i int) int32 {
		if i < len(rtargets) {
			return exprLocation(rtargets[i])
		}
		return -1
	}
	if len(lt) != len(rt) {
		return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "each %s query must have the same number of columns", setOpName(sel.Op)), targetLoc(0))
	}
	p.casts[0] = make([]func(any) (any, error), len(lt))
	p.casts[1] = make([]func(any) (any, error), len(lt))
	for i := range lt {
		t, err := expr.CommonType(lt[i], rt[i], setOpName(sel.Op))
		if err != nil {
			return nil, nil, pgerr.At(pgerr.From(err), targetLoc(i))
		}
		p.types = append(p.types, t)
		for side, from := range []*value.Type{lt[i], rt[i]} {
			if from != t {
				from, to := from, t
				p.casts[side][i] = func(v any) (any, error) { return value.CastValue(v, from, to) }
			}
		}
		c, rc := left.outputColumns()[i], right.outputColumns()[i]
		mod := int32(-1)
		if c.TypeMod == rc.TypeMod && lt[i] == t && rt[i] == t {
			mod = c.TypeMod // branches that agree keep their modifier
		}
		p.columns = append(p.columns, expr.Column{Name: c.Name, TypeOID: t.OID, TypeLen: t.Len, TypeMod: mod})
	}
	if p.columns == nil {
		p.columns = []expr.Column{} // SELECT UNION SELECT: a result set of no columns
	}

	names := make([]string, len(p.columns))
	for i, c := range p.columns {
		names[i] = c.Name
	}
	sc := &scope{}
	for i, c := range p.columns {
		sc.cols = append(sc.cols, expr.ScopeCol{Name: c.Name, T: p.types[i]})
	}
	b := &binder{s: s, params: params, scope: sc, outer: outer, ctes: ctes, query: level}
	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := outputReference(sb.Node, names, len(names))
		if err != nil {
			return nil, nil, err
		}
		if idx < 0 {
			if cr := sb.Node.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
				return nil, nil, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", cr.Fields[0].GetString_().GetSval()), cr.Location)
			}
			return nil, nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
				WithDetail("Only result column names can be used, not expressions or functions."), exprLocation(sb.Node))
		}
		p.sortCols = append(p.sortCols, idx)
		p.sortKeys = append(p.sortKeys, newSortKey(&expr.ColExpr{Idx: idx, T: p.types[idx]}, sb))
	}
	if p.limit, err = bindLimit(b, sel.LimitCount, "LIMIT"); err != nil {
		return nil, nil, err
	}
	if p.offset, err = bindLimit(b, sel.LimitOffset, "OFFSET"); err != nil {
		return nil, nil, err
	}
	return p, level, nil
}

// leafTargets is the select list (or first VALUES row) of a query's
// leftmost SELECT, where PostgreSQL points set-operation errors.
func leafTargets(sel *pg_query.SelectStmt) []*pg_query.Node {
	for sel != nil && sel.Op != pg_query.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	if sel == nil {
		return nil
	}
	if len(sel.ValuesLists) > 0 {
		return sel.ValuesLists[0].GetList().GetItems()
	}
	return sel.TargetList
}

func setOpName(op pg_query.SetOperation) string {
	return strings.TrimPrefix(op.String(), "SETOP_")
}

func (p *setOpPlan) convert(rows [][]any, side int) ([][]any, error) {
	for _, r := range rows {
		for i, c := range p.casts[side] {
			if c != nil && r[i] != nil {
				v, err := c(r[i])
				if err != nil {
					return nil, err
				}
				r[i] = v
			}
		}
	}
	return rows, nil
}

// Open streams UNION ALL without ORDER BY: the left rows, then the right
// ones. Every other set operation collects both sides.
func (p *setOpPlan) open(e *expr.Env) (rowIter, error) {
	if p.op == pg_query.SetOperation_SETOP_UNION && p.all && len(p.sortKeys) == 0 {
		return p.openUnionAll(e)
	}
	rows, err := p.run(e)
	if err != nil {
		return nil, err
	}
	return sliceRows(rows), nil
}

func (p *setOpPlan) openUnionAll(e *expr.Env) (rowIter, error) {
	offset, limit, err := evalWindow(e, p.offset, p.limit)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return sliceRows(nil), nil
	}
	side := 0
	in, err := p.left.open(e.Sibling())
	if err != nil {
		return nil, err
	}
	union := &funcIter{nextFn: func() ([]any, error) {
		for {
			r, err := in.next()
			if err != nil {
				return nil, err
			}
			if r != nil {
				return p.convertRow(r, side)
			}
			if side == 1 {
				return nil, nil
			}
			in.close()
			if in, err = p.right.open(e.Sibling()); err != nil {
				in = sliceRows(nil)
				return nil, err
			}
			side = 1
		}
	}, closeFn: func() { in.close() }}
	return limitIter(union, offset, limit), nil
}

// convertRow casts one row of a side to the result's column types; the
// Row is copied only when a value changes.
func (p *setOpPlan) convertRow(r []any, side int) ([]any, error) {
	copied := false
	for i, c := range p.casts[side] {
		if c != nil && r[i] != nil {
			v, err := c(r[i])
			if err != nil {
				return nil, err
			}
			if !copied {
				r, copied = append([]any(nil), r...), true
			}
			r[i] = v
		}
	}
	return r, nil
}

func (p *setOpPlan) run(e *expr.Env) ([][]any, error) {
	left, err := planRows(e.Sibling(), p.left)
	if err != nil {
		return nil, err
	}
	right, err := planRows(e.Sibling(), p.right)
	if err != nil {
		return nil, err
	}
	if left, err = p.convert(left, 0); err != nil {
		return nil, err
	}
	if right, err = p.convert(right, 1); err != nil {
		return nil, err
	}
	n := len(p.columns)
	var out [][]any
	switch p.op {
	case pg_query.SetOperation_SETOP_UNION:
		out = append(left, right...)
		if !p.all {
			var err error
			if out, err = distinctRows(e, out, n); err != nil {
				return nil, err
			}
		}
	case pg_query.SetOperation_SETOP_INTERSECT, pg_query.SetOperation_SETOP_EXCEPT:
		counts := map[string]int{}
		for _, r := range right {
			k := funcs.GroupKey(r)
			if _, ok := counts[k]; !ok {
				if err := e.Account().Grow("SetOp", int64(3*expr.WordSize+len(k))); err != nil {
					return nil, err
				}
			}
			counts[k]++
		}
		seen := map[string]bool{}
		intersect := p.op == pg_query.SetOperation_SETOP_INTERSECT
		for _, r := range left {
			k := funcs.GroupKey(r)
			if !p.all {
				if seen[k] || (counts[k] > 0) != intersect {
					continue
				}
				seen[k] = true
				out = append(out, r)
				continue
			}
			if intersect && counts[k] > 0 {
				counts[k]--
				out = append(out, r)
			} else if !intersect {
				if counts[k] > 0 {
					counts[k]--
				} else {
					out = append(out, r)
				}
			}
		}
	}
	if len(p.sortKeys) > 0 {
		if err := sortRows(out, p.sortCols, p.sortKeys); err != nil {
			return nil, err
		}
	}
	return applyWindow(e, out, p.offset, p.limit)
}

// planValues plans VALUES (...), ...: columns column1..N with a common
// type per column.
func (b *binder) planValues(sel *pg_query.SelectStmt) (queryPlan, error) {
	v, err := b.valuesRelation(sel.ValuesLists, "")
	if err != nil {
		return nil, err
	}
	p := &selectPlan{from: v}
	for i, c := range v.cols {
		p.project = append(p.project, &expr.ColExpr{Idx: i, T: c.T})
		p.types = append(p.types, c.T)
		p.columns = append(p.columns, expr.Column{Name: c.Name, TypeOID: c.T.OID, TypeLen: c.T.Len, TypeMod: -1})
	}
	p.nOutput = len(p.project)
	names := make([]string, len(p.columns))
	for i, c := range p.columns {
		names[i] = c.Name
	}
	b.scope = &scope{cols: v.cols}
	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := outputReference(sb.Node, names, len(names))
		if err != nil {
			return nil, err
		}
		if idx < 0 {
			x, err := b.bind(sb.Node)
			if err != nil {
				return nil, err
			}
			p.project = append(p.project, x)
			idx = len(p.project) - 1
		}
		p.sortCols = append(p.sortCols, idx)
		p.sortKeys = append(p.sortKeys, newSortKey(p.project[idx], sb))
	}
	if p.limit, err = bindLimit(b, sel.LimitCount, "LIMIT"); err != nil {
		return nil, err
	}
	if p.offset, err = bindLimit(b, sel.LimitOffset, "OFFSET"); err != nil {
		return nil, err
	}
	return p, nil
}

func (b *binder) valuesRelation(lists []*pg_query.Node, rel string) (*valuesRel, error) {
	v := &valuesRel{}
	for _, l := range lists {
		var row []expr.Expr
		for _, item := range l.GetList().GetItems() {
			x, err := b.bind(item)
			if err != nil {
				return nil, err
			}
			row = append(row, x)
		}
		if len(v.exprs) > 0 && len(row) != len(v.exprs[0]) {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), exprLocation(l))
		}
		v.exprs = append(v.exprs, row)
	}
	for col := range v.exprs[0] {
		var xs []expr.Expr
		var nodes []*pg_query.Node
		for i, row := range v.exprs {
			xs = append(xs, row[col])
			nodes = append(nodes, lists[i].GetList().GetItems()[col])
		}
		t, err := resultType(xs, nodes, "VALUES")
		if err != nil {
			return nil, err
		}
		for _, row := range v.exprs {
			x, err := expr.CastExpr(row[col], t, false, -1)
			if err != nil {
				return nil, err
			}
			row[col] = x
		}
		v.cols = append(v.cols, expr.ScopeCol{Name: "column" + strconv.Itoa(col+1), Rel: rel, T: t, Typmod: -1})
	}
	return v, nil
}
