package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
)

// Aggregation is what executing a GROUP BY needs: the grouping
// expressions and the aggregate calls, whose results follow the group
// values in the output row.
type Aggregation struct {
	Groups []expr.Expr
	Aggs   []*funcs.AggCall
}

// aggregateRows groups input rows and computes the aggregation output;
// with grouping sets, once per set.
func aggregateRows(e *expr.Env, a *Aggregation, input [][]any, implicitGroup bool, sets [][]int) ([][]any, error) {
	if sets == nil {
		return aggregateSet(e, a, input, implicitGroup, nil)
	}
	var out [][]any
	for _, set := range sets {
		mask := make([]bool, len(a.Groups))
		for _, i := range set {
			mask[i] = true
		}
		rows, err := aggregateSet(e, a, input, len(set) == 0, mask)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// aggregateSet groups by the items mask selects (all when nil); the
// others are NULL in the output.
func aggregateSet(e *expr.Env, a *Aggregation, input [][]any, implicitGroup bool, mask []bool) ([][]any, error) {
	var groups []*funcs.GroupRows
	index := map[string]*funcs.GroupRows{}
	// A row's key values and their encoding are made in buffers reused
	// until they start a new group: a row of an existing group allocates
	// nothing here.
	key := make([]any, len(a.Groups))
	var kb []byte
	for _, row := range input {
		e.Row = row
		for i, g := range a.Groups {
			if mask != nil && !mask[i] {
				continue
			}
			v, err := g.Eval(e)
			if err != nil {
				return nil, err
			}
			key[i] = v
		}
		kb = funcs.AppendGroupKey(kb[:0], key)
		g, ok := index[string(kb)]
		// The group's reference to the row, and a new group's key.
		held := int64(expr.WordSize)
		if !ok {
			held += int64(2*expr.WordSize+len(kb)) + expr.RowSize(key)
		}
		if err := e.Account().Grow("HashAggregate", held); err != nil {
			return nil, err
		}
		if !ok {
			g = &funcs.GroupRows{Key: key}
			index[string(kb)] = g
			groups = append(groups, g)
			key = make([]any, len(a.Groups))
		}
		g.Rows = append(g.Rows, row)
	}
	if len(groups) == 0 && implicitGroup {
		// The grand total of an empty input; under grouping sets its
		// grouping columns are there, NULL.
		groups = append(groups, &funcs.GroupRows{Key: make([]any, len(a.Groups))})
	}
	out := make([][]any, 0, len(groups))
	for _, g := range groups {
		row := append([]any(nil), g.Key...)
		for _, call := range a.Aggs {
			v, err := call.Compute(e, g.Rows)
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		out = append(out, row)
	}
	return out, nil
}
