package executor

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// Statistical and ordered-set aggregates: stddev/variance and their
// _samp/_pop forms, bit_and/bit_or, and percentile_cont,
// percentile_disc and mode() WITHIN GROUP (ORDER BY ...).

// withinGroupArgs binds an ordered-set call: the direct arguments, then
// the WITHIN GROUP expression, which is also the sort key.
func withinGroupArgs(inner *binder, fc *pg_query.FuncCall) ([]expr.Expr, []expr.SortKey, error) {
	var args []expr.Expr
	for _, n := range fc.Args {
		x, err := inner.bind(n)
		if err != nil {
			return nil, nil, err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Float8, fc.Location); err != nil {
				return nil, nil, err
			}
		}
		if x.Type().IsNumeric() && x.Type() != value.Float8 && funcName(fc) != "mode" {
			if x, err = expr.CastExpr(x, value.Float8, false, fc.Location); err != nil {
				return nil, nil, err
			}
		}
		args = append(args, x)
	}
	var order []expr.SortKey
	for _, o := range fc.AggOrder {
		k, err := inner.bindSortKey(o.GetSortBy())
		if err != nil {
			return nil, nil, err
		}
		order = append(order, k)
		args = append(args, k.X)
	}
	return args, order, nil
}
