package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
)

func (b *Binder) bindSortKey(sb *pg_query.SortBy) (expr.SortKey, error) {
	x, err := b.Bind(sb.Node)
	if err != nil {
		return expr.SortKey{}, err
	}
	return newSortKey(x, sb), nil
}

// newSortKey applies ASC/DESC and NULLS FIRST/LAST; by default NULLs sort
// as if larger than every value.
func newSortKey(x expr.Expr, sb *pg_query.SortBy) expr.SortKey {
	k := expr.SortKey{X: x, Desc: sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC}
	if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING && len(sb.UseOp) > 0 {
		// USING > sorts descending, USING < ascending.
		k.Desc = sb.UseOp[len(sb.UseOp)-1].GetString_().GetSval() == ">"
	}
	switch sb.SortbyNulls {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		k.NullsFirst = true
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
		k.NullsFirst = false
	default:
		k.NullsFirst = k.Desc
	}
	return k
}
