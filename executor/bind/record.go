package bind

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

func (b *Binder) bindRowExpr(r *pg_query.RowExpr) (expr.Expr, error) {
	var fields []expr.Expr
	var names []string
	for i, a := range r.Args {
		x, err := b.Bind(a)
		if err != nil {
			return nil, err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Text, ExprLocation(a)); err != nil {
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
func (b *Binder) wholeRow(rel string, loc int32) (expr.Expr, error) {
	sc := b.Scope
	if b.agg != nil {
		sc = b.agg.input
	}
	var idx []int
	for i, c := range sc.Cols {
		if c.Rel != "" && c.Rel == rel {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, nil
	}
	if sc.Cols[idx[0]].WriteResult {
		b.S.resultReads++
	}
	col := func(i int) (expr.Expr, error) {
		if b.agg != nil {
			return b.agg.groupIndex(i, loc)
		}
		return &expr.ColExpr{Idx: i, T: sc.Cols[i].T}, nil
	}
	if len(idx) == 1 && sc.Cols[idx[0]].ScalarFunc {
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
		names = append(names, sc.Cols[i].Name)
	}
	return expr.NewRecord(fields, names, true), nil
}
