package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// bindInList binds the list of x IN (...) as PostgreSQL's
// transformAExprIn types it: when more than one item reads no column, x
// and those items get their common type (select_common_type, x first, so
// x's type wins a tie with unknown literals) and become one array for
// x = ANY; the other items, or all of them when no common type exists,
// are each compared with x by the = operator, which must exist
// ("operator does not exist: integer = boolean" at loc).
func (b *Binder) bindInList(x expr.Expr, nodes []*pg_query.Node, loc int32) ([]expr.Expr, error) {
	items := make([]expr.Expr, len(nodes))
	var consts []int
	for i, n := range nodes {
		v, err := b.Bind(n)
		if err != nil {
			return nil, err
		}
		items[i] = v
		if cols, ok := expr.ColumnsRead(v); ok && len(cols) == 0 {
			consts = append(consts, i)
		}
	}
	grouped := map[int]bool{}
	if len(consts) > 1 {
		types := []*value.Type{x.Type()}
		for _, i := range consts {
			types = append(types, items[i].Type())
		}
		t, _, err := expr.SelectCommonType(types, "IN")
		if err == nil && t != value.Record {
			for _, typ := range types {
				if !value.CanCoerceImplicit(typ, t) {
					t = nil
					break
				}
			}
		}
		if err == nil && t != nil && t != value.Record && expr.ArrayOf(t) != nil {
			for _, i := range consts {
				if items[i], err = expr.CoerceToCommon(items[i], t, "IN", ExprLocation(nodes[i])); err != nil {
					return nil, err
				}
				grouped[i] = true
			}
			if _, err := funcs.BinaryOperator("=", x, &expr.ConstExpr{T: t}, loc); err != nil {
				return nil, err
			}
		}
	}
	for i, v := range items {
		if !grouped[i] {
			if _, err := funcs.BinaryOperator("=", x, v, loc); err != nil {
				return nil, err
			}
		}
	}
	return items, nil
}
