package executor

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// subqueryExpr is a subquery used as an expression: EXISTS, IN/ANY/ALL,
// a scalar subquery or ARRAY(subquery). An uncorrelated subquery runs
// once per execution.
type subqueryExpr struct {
	kind       pg_query.SubLinkType
	plan       queryPlan
	correlated bool
	test       expr.Expr // ANY/ALL: the comparison, over (testexpr value, subquery column)
	x          expr.Expr // ANY/ALL: the left operand
	t          *value.Type
}

func (s *subqueryExpr) Type() *value.Type { return s.t }

func (s *subqueryExpr) rows(e *expr.Env) ([][]any, error) {
	if !s.correlated {
		if rows, ok := e.Exec.Cache[s]; ok {
			return rows, nil
		}
	}
	rows, err := planRows(e.Nested(), s.plan)
	if err != nil {
		return nil, err
	}
	if !s.correlated {
		e.Exec.Cache[s] = rows
	}
	return rows, nil
}

func (s *subqueryExpr) Eval(e *expr.Env) (any, error) {
	switch s.kind {
	case pg_query.SubLinkType_EXISTS_SUBLINK, pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		return s.evalEarly(e)
	}
	rows, err := s.rows(e)
	if err != nil {
		return nil, err
	}
	switch s.kind {
	case pg_query.SubLinkType_EXPR_SUBLINK:
		switch len(rows) {
		case 0:
			return nil, nil
		case 1:
			return rows[0][0], nil
		}
		return nil, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
	}
	// ARRAY(subquery)
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out, nil
}

// evalEarly evaluates EXISTS, IN/ANY and ALL reading the subquery only
// until the answer is known: EXISTS stops at the first row, ANY at the
// first match, ALL at the first mismatch; closing the subquery cancels its
// API calls still in flight. An uncorrelated subquery streams the first
// time; evaluated again (for another outer row) it is collected once and
// kept, as a rerun per row would repeat its API calls.
func (s *subqueryExpr) evalEarly(e *expr.Env) (any, error) {
	var it rowIter
	if !s.correlated {
		if rows, ok := e.Exec.Cache[s]; ok {
			it = sliceRows(rows)
		} else if _, again := e.Exec.Cache[openedKey{s}]; again {
			rows, err := s.rows(e)
			if err != nil {
				return nil, err
			}
			it = sliceRows(rows)
		} else {
			e.Exec.Cache[openedKey{s}] = nil
		}
	}
	if it == nil {
		var err error
		if it, err = s.plan.open(e.Nested()); err != nil {
			return nil, err
		}
	}
	defer it.close()
	if s.kind == pg_query.SubLinkType_EXISTS_SUBLINK {
		r, err := it.next()
		return r != nil, err
	}
	all := s.kind == pg_query.SubLinkType_ALL_SUBLINK
	x, err := s.x.Eval(e)
	if err != nil {
		return nil, err
	}
	sawNull := false
	for i := 0; ; i++ {
		if err := expr.CheckProgress(e, i); err != nil {
			return nil, err
		}
		r, err := it.next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			break
		}
		if x == nil {
			return nil, nil // NULL against any row is NULL
		}
		if r[0] == nil {
			sawNull = true
			continue
		}
		v, err := s.test.Eval(&expr.Env{Ctx: e.Ctx, Session: e.Session, Row: []any{x, r[0]}, Exec: e.Exec})
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		if v.(bool) != all {
			return !all, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return all, nil
}

func (b *binder) bindSubLink(sl *pg_query.SubLink) (expr.Expr, error) {
	lift := b.s.writeBarrier("a subquery in an expression")
	q, level, err := b.s.planQuery(b, b.params, b.ctes, sl.Subselect.GetSelectStmt())
	lift()
	if err != nil {
		return nil, err
	}
	out := &subqueryExpr{kind: sl.SubLinkType, plan: q, correlated: level.correlated}
	types := q.outputTypes()
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		out.t = value.Bool
		return out, nil
	case pg_query.SubLinkType_EXPR_SUBLINK, pg_query.SubLinkType_ARRAY_SUBLINK:
		if len(types) != 1 {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "subquery must return only one column"), sl.Location)
		}
		out.t = types[0]
		if sl.SubLinkType == pg_query.SubLinkType_ARRAY_SUBLINK {
			if out.t = expr.ArrayOf(types[0]); out.t == nil {
				return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "arrays of %s are not supported", types[0]), sl.Location)
			}
		}
		return out, nil
	case pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		if len(types) != 1 {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "subquery has too many columns"), sl.Location)
		}
		x, err := b.bind(sl.Testexpr)
		if err != nil {
			return nil, err
		}
		op := "="
		if len(sl.OperName) > 0 {
			op = sl.OperName[len(sl.OperName)-1].GetString_().GetSval()
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, types[0], sl.Location); err != nil {
				return nil, err
			}
		}
		test, err := funcs.BinaryOperator(op, &expr.ColExpr{Idx: 0, T: x.Type()}, &expr.ColExpr{Idx: 1, T: types[0]}, sl.Location)
		if err != nil {
			return nil, err
		}
		out.x, out.test, out.t = x, test, value.Bool
		return out, nil
	}
	return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "subquery form %s is not supported", sl.SubLinkType), sl.Location)
}
