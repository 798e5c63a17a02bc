package executor

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// Row values: ROW(a, b) and (a, b), whole-row references (t, t.*) and
// Row comparisons. A record is a []any of its fields; its type lists the
// field names and types (catalog.RecordOf).

func (b *binder) bindRowExpr(r *pg_query.RowExpr) (expr.Expr, error) {
	var fields []expr.Expr
	var names []string
	for i, a := range r.Args {
		x, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Text, exprLocation(a)); err != nil {
				return nil, err
			}
		}
		fields = append(fields, x)
		names = append(names, "f"+strconv.Itoa(i+1))
	}
	return expr.NewRecord(fields, names, false), nil
}

// wholeRow binds a reference to a whole range-table entry: t or t.*. A
// function returning a single base-type column stands for that value
// itself, as in PostgreSQL (FROM generate_series(1, 3) g lets g be the
// number). It returns nil when no relation has that name.
func (b *binder) wholeRow(rel string, loc int32) (expr.Expr, error) {
	sc := b.scope
	if b.agg != nil {
		sc = b.agg.input
	}
	var idx []int
	for i, c := range sc.cols {
		if c.Rel != "" && c.Rel == rel {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, nil
	}
	if sc.cols[idx[0]].WriteResult {
		b.s.resultReads++
	}
	col := func(i int) (expr.Expr, error) {
		if b.agg != nil {
			return b.agg.groupIndex(i, loc)
		}
		return &expr.ColExpr{Idx: i, T: sc.cols[i].T}, nil
	}
	if len(idx) == 1 && sc.cols[idx[0]].ScalarFunc {
		return col(idx[0])
	}
	var fields []expr.Expr
	var names []string
	for _, i := range idx {
		x, err := col(i)
		if err != nil {
			return nil, err
		}
		fields = append(fields, x)
		names = append(names, sc.cols[i].Name)
	}
	return expr.NewRecord(fields, names, true), nil
}
