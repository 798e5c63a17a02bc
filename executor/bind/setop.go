package bind

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (s *Planner) planSetOp(outer *Binder, params *[]*value.Type, ctes *CteScope, sel *pg_query.SelectStmt) (exec.QueryPlan, *QueryLevel, error) {
	perRow := s.PerRowWrites
	s.armOfSetOp = true
	left, ll, err := s.PlanQuery(outer, params, ctes, sel.Larg)
	if err != nil {
		return nil, nil, err
	}
	s.armOfSetOp = true
	right, rl, err := s.PlanQuery(outer, params, ctes, sel.Rarg)
	if err != nil {
		return nil, nil, err
	}
	if err := s.checkWriteLimit(sel, s.PerRowWrites > perRow); err != nil {
		return nil, nil, err
	}
	level := &QueryLevel{correlated: ll.correlated || rl.correlated}
	p := &exec.SetOpPlan{Op: setOpOf(sel.Op), All: sel.All, Left: left, Right: right}
	lt, rt := left.OutputTypes(), right.OutputTypes()
	rtargets := leafTargets(sel.Rarg)
	targetLoc := func(i int) int32 {
		if i < len(rtargets) {
			return ExprLocation(rtargets[i])
		}
		return -1
	}
	if len(lt) != len(rt) {
		return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "each %s query must have the same number of columns", setOpName(sel.Op)), targetLoc(0))
	}
	p.Casts[0] = make([]func(any) (any, error), len(lt))
	p.Casts[1] = make([]func(any) (any, error), len(lt))
	for i := range lt {
		t, _, err := expr.SelectCommonType([]*value.Type{lt[i], rt[i]}, setOpName(sel.Op))
		if err != nil {
			return nil, nil, pgerr.At(pgerr.From(err), targetLoc(i))
		}
		for side, from := range []*value.Type{lt[i], rt[i]} {
			if from == value.Unknown {
				// An untyped literal arm is read as the common type while
				// the statement is planned, failing at the literal.
				leaf := leafTargets(sel.Rarg)
				if side == 0 {
					leaf = leafTargets(sel.Larg)
				}
				if err := checkLiteral(leaf, i, t); err != nil {
					return nil, nil, err
				}
			}
			if !value.CanCoerceImplicit(from, t) {
				loc := targetLoc(i)
				if l := leafTargets(sel.Larg); side == 0 && i < len(l) {
					loc = ExprLocation(l[i])
				}
				return nil, nil, pgerr.At(pgerr.New(pgerr.CannotCoerce, "%s could not convert type %s to %s", setOpName(sel.Op), from, t), loc)
			}
		}
		p.Types = append(p.Types, t)
		for side, from := range []*value.Type{lt[i], rt[i]} {
			if from != t {
				from, to := from, t
				p.Casts[side][i] = func(v any) (any, error) { return value.CastValue(v, from, to) }
			}
		}
		c, rc := left.OutputColumns()[i], right.OutputColumns()[i]
		mod := int32(-1)
		if c.TypeMod == rc.TypeMod && lt[i] == t && rt[i] == t {
			mod = c.TypeMod // branches that agree keep their modifier
		}
		p.Columns = append(p.Columns, expr.Column{Name: c.Name, TypeOID: t.OID, TypeLen: t.Len, TypeMod: mod})
	}
	if p.Columns == nil {
		p.Columns = []expr.Column{} // SELECT UNION SELECT: a result set of no columns
	}

	names := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		names[i] = c.Name
	}
	sc := &Scope{}
	for i, c := range p.Columns {
		sc.Cols = append(sc.Cols, expr.ScopeCol{Name: c.Name, T: p.Types[i]})
	}
	b := &Binder{S: s, Params: params, Scope: sc, outer: outer, Ctes: ctes, Query: level}
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
				WithDetail("Only result column names can be used, not expressions or functions."), ExprLocation(sb.Node))
		}
		p.SortCols = append(p.SortCols, idx)
		p.SortKeys = append(p.SortKeys, newSortKey(&expr.ColExpr{Idx: idx, T: p.Types[idx]}, sb))
	}
	if p.WithTies, err = withTies(sel); err != nil {
		return nil, nil, err
	}
	if p.Limit, err = bindLimit(b, sel.LimitCount, "LIMIT"); err != nil {
		return nil, nil, err
	}
	if p.Offset, err = bindLimit(b, sel.LimitOffset, "OFFSET"); err != nil {
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

// planValues plans VALUES (...), ...: columns column1..N with a common
// type per column.
func (b *Binder) planValues(sel *pg_query.SelectStmt) (exec.QueryPlan, error) {
	v, err := b.valuesRelation(sel.ValuesLists, "")
	if err != nil {
		return nil, err
	}
	p := &exec.SelectPlan{From: v}
	for i, c := range v.Cols {
		p.Project = append(p.Project, &expr.ColExpr{Idx: i, T: c.T})
		p.Types = append(p.Types, c.T)
		p.Columns = append(p.Columns, expr.Column{Name: c.Name, TypeOID: c.T.OID, TypeLen: c.T.Len, TypeMod: -1})
	}
	p.NOutput = len(p.Project)
	names := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		names[i] = c.Name
	}
	b.Scope = &Scope{Cols: v.Cols}
	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := outputReference(sb.Node, names, len(names))
		if err != nil {
			return nil, err
		}
		if idx < 0 {
			x, err := b.Bind(sb.Node)
			if err != nil {
				return nil, err
			}
			p.Project = append(p.Project, x)
			idx = len(p.Project) - 1
		}
		p.SortCols = append(p.SortCols, idx)
		p.SortKeys = append(p.SortKeys, newSortKey(p.Project[idx], sb))
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

func (b *Binder) valuesRelation(lists []*pg_query.Node, rel string) (*exec.ValuesRel, error) {
	v := &exec.ValuesRel{}
	for _, l := range lists {
		var row []expr.Expr
		for _, item := range l.GetList().GetItems() {
			x, err := b.Bind(item)
			if err != nil {
				return nil, err
			}
			row = append(row, x)
		}
		if len(v.Exprs) > 0 && len(row) != len(v.Exprs[0]) {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), ExprLocation(l))
		}
		v.Exprs = append(v.Exprs, row)
	}
	for col := range v.Exprs[0] {
		var xs []expr.Expr
		var nodes []*pg_query.Node
		for i, row := range v.Exprs {
			xs = append(xs, row[col])
			nodes = append(nodes, lists[i].GetList().GetItems()[col])
		}
		t, err := resultType(xs, nodes, "VALUES")
		if err != nil {
			return nil, err
		}
		for i, row := range v.Exprs {
			row[col] = xs[i]
		}
		v.Cols = append(v.Cols, expr.ScopeCol{Name: "column" + strconv.Itoa(col+1), Rel: rel, T: t, Typmod: -1})
	}
	return v, nil
}

// checkLiteral reads target i of a set operation's arm, when it is a
// string literal, as type t: a literal that is not a t fails at itself,
// as PostgreSQL coerces such an arm's constant while it plans.
func checkLiteral(targets []*pg_query.Node, i int, t *value.Type) error {
	if i >= len(targets) {
		return nil
	}
	n := targets[i]
	if rt := n.GetResTarget(); rt != nil {
		n = rt.Val
	}
	c := n.GetAConst()
	if c == nil || c.Isnull {
		return nil
	}
	sv, ok := c.Val.(*pg_query.A_Const_Sval)
	if !ok {
		return nil
	}
	if _, err := value.CastValue(sv.Sval.Sval, value.Unknown, t); err != nil {
		return pgerr.At(pgerr.From(err), c.Location)
	}
	return nil
}

// setOpOf is the operator of a UNION, INTERSECT or EXCEPT.
func setOpOf(op pg_query.SetOperation) exec.SetOp {
	switch op {
	case pg_query.SetOperation_SETOP_INTERSECT:
		return exec.Intersect
	case pg_query.SetOperation_SETOP_EXCEPT:
		return exec.Except
	}
	return exec.Union
}
