package exec

import (
	"math"
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
)

// TestSortRows: ORDER BY's order as PostgreSQL 15 gives it with the C
// collation vpnsql implements: NULLs last ascending and first descending
// unless told, NaN above every number, strings by code point, mixed
// integer and float keys by value; rows with equal keys keep their input
// order (the sort is stable, which the row-number columns below check).
func TestSortRows(t *testing.T) {
	asc := expr.SortKey{}
	ascNullsFirst := expr.SortKey{NullsFirst: true}
	desc := expr.SortKey{Desc: true, NullsFirst: true} // DESC's default
	descNullsLast := expr.SortKey{Desc: true}
	nan := math.NaN()
	tests := []struct {
		name string
		keys []expr.SortKey
		in   [][]any // key columns, then the input position
		want []int   // input positions in sorted order
	}{
		{"asc, NULLS LAST", []expr.SortKey{asc},
			[][]any{{int64(2), 0}, {nil, 1}, {int64(1), 2}}, []int{2, 0, 1}},
		{"asc NULLS FIRST", []expr.SortKey{ascNullsFirst},
			[][]any{{int64(2), 0}, {nil, 1}, {int64(1), 2}}, []int{1, 2, 0}},
		{"desc, NULLS FIRST", []expr.SortKey{desc},
			[][]any{{int64(2), 0}, {nil, 1}, {int64(1), 2}}, []int{1, 0, 2}},
		{"desc NULLS LAST", []expr.SortKey{descNullsLast},
			[][]any{{int64(2), 0}, {nil, 1}, {int64(1), 2}}, []int{0, 2, 1}},
		{"stable among equal keys", []expr.SortKey{asc},
			[][]any{{int64(1), 0}, {int64(0), 1}, {int64(1), 2}, {int64(0), 3}, {int64(1), 4}}, []int{1, 3, 0, 2, 4}},
		{"stable among NULLs", []expr.SortKey{asc},
			[][]any{{nil, 0}, {int64(0), 1}, {nil, 2}}, []int{1, 0, 2}},
		{"NaN above numbers, below NULL", []expr.SortKey{asc},
			[][]any{{nan, 0}, {nil, 1}, {math.Inf(1), 2}, {-1.5, 3}}, []int{3, 2, 0, 1}},
		{"C collation: by code point", []expr.SortKey{asc},
			[][]any{{"b", 0}, {"é", 1}, {"B", 2}, {"a", 3}, {"", 4}}, []int{4, 2, 3, 0, 1}},
		{"integer beside float", []expr.SortKey{asc},
			[][]any{{int64(2), 0}, {1.5, 1}, {int64(1), 2}}, []int{2, 1, 0}},
		{"booleans: false first", []expr.SortKey{asc},
			[][]any{{true, 0}, {false, 1}}, []int{1, 0}},
		{"second key breaks ties, each its own direction", []expr.SortKey{asc, desc},
			[][]any{{int64(1), "a", 0}, {int64(1), "b", 1}, {int64(0), "a", 2}, {int64(1), nil, 3}}, []int{2, 3, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nk := len(tt.keys)
			cols := make([]int, nk)
			for i := range cols {
				cols[i] = i
			}
			rows := make([][]any, len(tt.in))
			copy(rows, tt.in)
			if err := sortRows(rows, cols, tt.keys); err != nil {
				t.Fatal(err)
			}
			got := make([]int, len(rows))
			for i, r := range rows {
				got[i] = r[nk].(int)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("order %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestSortRows_Incomparable: keys of types that cannot be compared are an
// error, not an arbitrary order.
func TestSortRows_Incomparable(t *testing.T) {
	rows := [][]any{{"a"}, {int64(1)}}
	if err := sortRows(rows, []int{0}, []expr.SortKey{{}}); err == nil {
		t.Fatal("no error")
	}
}
