package exec

import (
	"sort"

	"github.com/vpnsql/vpnsql/executor/expr"
)

// sortRows sorts rows stably by the values at the key columns.
func sortRows(rows [][]any, cols []int, keys []expr.SortKey) error {
	var sortErr error
	sort.SliceStable(rows, func(i, j int) bool {
		a := make([]any, len(cols))
		b := make([]any, len(cols))
		for n, c := range cols {
			a[n], b[n] = rows[i][c], rows[j][c]
		}
		c, err := expr.CompareKeys(a, b, keys)
		if err != nil && sortErr == nil {
			sortErr = err
		}
		return c < 0
	})
	return sortErr
}
