package exec

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// countStar and sumOf are count(*) and sum(column i) over int8.
func countStar() *funcs.AggCall {
	return &funcs.AggCall{Name: "count", Def: funcs.Builtin().Aggregates["count"], Star: true, T: value.Int8}
}

func sumOf(i int) *funcs.AggCall {
	return &funcs.AggCall{Name: "sum", Def: funcs.Builtin().Aggregates["sum"], Args: []expr.Expr{col(i, value.Int8)}, T: value.Numeric}
}

// TestAggregateRows: grouping as PostgreSQL 15 answers (each case was
// run there): NULL keys form one group; without GROUP BY an empty input
// still has its one group (count 0, sum NULL) and with GROUP BY it has
// none; ROLLUP adds the total row, whose key is NULL, and over an empty
// input gives only that row.
func TestAggregateRows(t *testing.T) {
	// (a, b)
	in := [][]any{{int64(1), int64(10)}, {nil, int64(20)}, {nil, nil}, {int64(1), int64(1)}}
	num := func(s string) any {
		v, err := value.ParseNumeric(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name     string
		groups   bool // GROUP BY a
		implicit bool
		sets     [][]int
		in       [][]any
		want     [][]any // a (when grouped), count(*), sum(b)
	}{
		// SELECT a, count(*), sum(b) FROM v GROUP BY a
		{"NULL keys are one group", true, false, nil, in,
			[][]any{{int64(1), int64(2), num("11")}, {nil, int64(2), num("20")}}},
		// SELECT count(*), sum(b) FROM (SELECT ... WHERE false) s
		{"no GROUP BY, empty input: one row", false, true, nil, nil,
			[][]any{{int64(0), nil}}},
		// SELECT a, count(*), sum(b) FROM (... WHERE false) s GROUP BY a
		{"GROUP BY, empty input: no row", true, false, nil, nil, nil},
		// ... GROUP BY ROLLUP(a)
		{"ROLLUP adds the total", true, false, [][]int{{0}, {}}, in,
			[][]any{{int64(1), int64(2), num("11")}, {nil, int64(2), num("20")}, {nil, int64(4), num("31")}}},
		{"ROLLUP over an empty input: the total only", true, false, [][]int{{0}, {}}, nil,
			[][]any{{nil, int64(0), nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Aggregation{Aggs: []*funcs.AggCall{countStar(), sumOf(1)}}
			if tt.groups {
				a.Groups = []expr.Expr{col(0, value.Int8)}
			}
			got, err := aggregateRows(testEnv(), a, tt.in, tt.implicit, tt.sets)
			if err != nil {
				t.Fatal(err)
			}
			sameSet(t, got, tt.want)
		})
	}
}

// TestSelectPlan_Having: HAVING filters groups after aggregation; an
// implicit group that HAVING rejects leaves no row (SELECT count(*) ...
// WHERE false HAVING count(*) > 0 is empty in PostgreSQL).
func TestSelectPlan_Having(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   [][]any
		want [][]any
	}{
		{"rejected", nil, nil},
		{"kept", ints(5, 6), [][]any{{int64(2)}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &SelectPlan{From: newRel([]*value.Type{value.Int8}, tt.in...), Implicit: true,
				Agg:     &Aggregation{Aggs: []*funcs.AggCall{countStar()}},
				Having:  cmp(">", col(0, value.Int8), lit(int64(0), value.Int8)),
				Project: []expr.Expr{col(0, value.Int8)}, NOutput: 1}
			got := rowsOf(t, p)
			sameRows(t, got, tt.want)
		})
	}
}

// TestAggregateRows_Memory: the groups are charged as "HashAggregate".
func TestAggregateRows_Memory(t *testing.T) {
	in := make([][]any, 500)
	for i := range in {
		in[i] = []any{int64(i), int64(i)}
	}
	a := &Aggregation{Groups: []expr.Expr{col(0, value.Int8)}, Aggs: []*funcs.AggCall{countStar()}}
	_, err := aggregateRows(limitedEnv(t, 8192), a, in, false, nil)
	if pe := wantCode(t, err, pgerr.OutOfMemory); !strings.Contains(pe.Detail, `"HashAggregate"`) {
		t.Errorf("DETAIL %q", pe.Detail)
	}
}
