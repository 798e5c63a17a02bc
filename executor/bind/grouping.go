package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
)

// expandGroupClause returns the grouping items and the sets (nil for a
// plain GROUP BY, which is the one set of all items).
func expandGroupClause(clause []*pg_query.Node) ([]*pg_query.Node, [][]int) {
	var items []*pg_query.Node
	index := func(n *pg_query.Node) int {
		for i, it := range items {
			if sameExpression(it, n) {
				return i
			}
		}
		items = append(items, n)
		return len(items) - 1
	}
	// unit binds the items of one element of ROLLUP/CUBE: (a, b) groups
	// together.
	unit := func(n *pg_query.Node) []int {
		if r := n.GetRowExpr(); r != nil {
			var out []int
			for _, a := range r.Args {
				out = append(out, index(a))
			}
			return out
		}
		return []int{index(n)}
	}
	var expand func(n *pg_query.Node) [][]int
	expand = func(n *pg_query.Node) [][]int {
		gs := n.GetGroupingSet()
		if gs == nil {
			return [][]int{{index(n)}}
		}
		switch gs.Kind {
		case pg_query.GroupingSetKind_GROUPING_SET_EMPTY:
			return [][]int{{}}
		case pg_query.GroupingSetKind_GROUPING_SET_SIMPLE:
			var set []int
			for _, c := range gs.Content {
				set = append(set, unit(c)...)
			}
			return [][]int{set}
		case pg_query.GroupingSetKind_GROUPING_SET_ROLLUP:
			var units [][]int
			for _, c := range gs.Content {
				units = append(units, unit(c))
			}
			var out [][]int
			for k := len(units); k >= 0; k-- {
				var set []int
				for _, u := range units[:k] {
					set = append(set, u...)
				}
				out = append(out, set)
			}
			return out
		case pg_query.GroupingSetKind_GROUPING_SET_CUBE:
			var units [][]int
			for _, c := range gs.Content {
				units = append(units, unit(c))
			}
			var out [][]int
			n := len(units)
			for mask := (1 << n) - 1; mask >= 0; mask-- {
				var set []int
				for i := 0; i < n; i++ {
					if mask&(1<<(n-1-i)) != 0 {
						set = append(set, units[i]...)
					}
				}
				out = append(out, set)
			}
			return out
		case pg_query.GroupingSetKind_GROUPING_SET_SETS:
			var out [][]int
			for _, c := range gs.Content {
				out = append(out, expand(c)...)
			}
			return out
		}
		return nil
	}
	sets := [][]int{{}}
	plain := true
	for _, n := range clause {
		if n.GetGroupingSet() != nil {
			plain = false
		}
		var next [][]int
		for _, s := range sets {
			for _, e := range expand(n) {
				next = append(next, append(append([]int(nil), s...), e...))
			}
		}
		sets = next
	}
	if plain {
		return items, nil
	}
	return items, sets
}

// dependentColumn binds input column idx when the grouping includes its
// Table's whole primary key, so that the column is functionally
// dependent on the grouping (GROUP BY "vpnConnectionId" allows state).
func (a *aggBinding) dependentColumn(idx int) (expr.Expr, bool) {
	c := a.input.Cols[idx]
	if c.TableOID == 0 {
		return nil, false
	}
	keys := 0
	for i, k := range a.input.Cols {
		if !k.Pkey || k.RelID != c.RelID {
			continue
		}
		keys++
		grouped := false
		for _, g := range a.groupCols {
			grouped = grouped || g == i
		}
		if !grouped {
			return nil, false
		}
	}
	if keys == 0 {
		return nil, false
	}
	call := &funcs.AggCall{Def: exec.AnyValue, Args: []expr.Expr{&expr.ColExpr{Idx: idx, T: c.T}}, T: c.T}
	a.Aggs = append(a.Aggs, call)
	return &expr.ColExpr{Idx: len(a.groupCols) + len(a.Aggs) - 1, T: c.T}, true
}
