package executor

import (
	"sort"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// sortKey orders rows by one expression.
type sortKey struct {
	x          expr
	desc       bool
	nullsFirst bool
}

func (b *binder) bindSortKey(sb *pg_query.SortBy) (sortKey, error) {
	x, err := b.bind(sb.Node)
	if err != nil {
		return sortKey{}, err
	}
	return newSortKey(x, sb), nil
}

// newSortKey applies ASC/DESC and NULLS FIRST/LAST; by default NULLs sort
// as if larger than every value.
func newSortKey(x expr, sb *pg_query.SortBy) sortKey {
	k := sortKey{x: x, desc: sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC}
	if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING && len(sb.UseOp) > 0 {
		// USING > sorts descending, USING < ascending.
		k.desc = sb.UseOp[len(sb.UseOp)-1].GetString_().GetSval() == ">"
	}
	switch sb.SortbyNulls {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		k.nullsFirst = true
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
		k.nullsFirst = false
	default:
		k.nullsFirst = k.desc
	}
	return k
}

func compareKeys(a, b []any, keys []sortKey) (int, error) {
	for i, k := range keys {
		x, y := a[i], b[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			if k.nullsFirst {
				return -1, nil
			}
			return 1, nil
		case y == nil:
			if k.nullsFirst {
				return 1, nil
			}
			return -1, nil
		}
		c, err := compareValues(x, y)
		if err != nil {
			return 0, err
		}
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c, nil
		}
	}
	return 0, nil
}

// sortRows sorts rows stably by the values at the key columns.
func sortRows(rows [][]any, cols []int, keys []sortKey) error {
	var sortErr error
	sort.SliceStable(rows, func(i, j int) bool {
		a := make([]any, len(cols))
		b := make([]any, len(cols))
		for n, c := range cols {
			a[n], b[n] = rows[i][c], rows[j][c]
		}
		c, err := compareKeys(a, b, keys)
		if err != nil && sortErr == nil {
			sortErr = err
		}
		return c < 0
	})
	return sortErr
}
