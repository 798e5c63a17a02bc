package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (b *Binder) bindSubLink(sl *pg_query.SubLink) (expr.Expr, error) {
	lift := b.S.WriteBarrier("a subquery in an expression")
	q, level, err := b.S.PlanQuery(b, b.Params, b.Ctes, sl.Subselect.GetSelectStmt())
	lift()
	if err != nil {
		return nil, err
	}
	out := &exec.SubqueryExpr{Kind: sublinkOf(sl.SubLinkType), Plan: q, Correlated: level.correlated}
	types := q.OutputTypes()
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		out.T = value.Bool
		return out, nil
	case pg_query.SubLinkType_EXPR_SUBLINK, pg_query.SubLinkType_ARRAY_SUBLINK:
		if len(types) != 1 {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "subquery must return only one column"), sl.Location)
		}
		out.T = types[0]
		if sl.SubLinkType == pg_query.SubLinkType_ARRAY_SUBLINK {
			if out.T = expr.ArrayOf(types[0]); out.T == nil {
				return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "arrays of %s are not supported", types[0]), sl.Location)
			}
		}
		return out, nil
	case pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		if len(types) != 1 {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "subquery has too many columns"), sl.Location)
		}
		x, err := b.Bind(sl.Testexpr)
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
		out.X, out.Test, out.T = x, test, value.Bool
		return out, nil
	}
	return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "subquery form %s is not supported", sl.SubLinkType), sl.Location)
}

// sublinkOf is the form of a sublink the operators run.
func sublinkOf(k pg_query.SubLinkType) exec.Sublink {
	switch k {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return exec.Exists
	case pg_query.SubLinkType_ANY_SUBLINK:
		return exec.AnySublink
	case pg_query.SubLinkType_ALL_SUBLINK:
		return exec.AllSublink
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		return exec.ArraySublink
	}
	return exec.ScalarSublink
}
