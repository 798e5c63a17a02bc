package executor

import "github.com/vpnsql/vpnsql/executor/expr"

// Streaming aggregation: an aggregate query without GROUP BY over a FROM
// item that streams (generate_series) keeps no input rows. Each chunk of
// input is filtered and aggregated, and the chunk results are combined, so
// SELECT count(*) FROM generate_series(1, 100000000) runs in constant
// memory, as in PostgreSQL. Other shapes materialise (docs/design.md).
// The aggregates that combine: count, min, max, bool_and, bool_or, every,
// and sum where exact (integers, numeric, interval).

// streamAggregate runs p that way; ok is false when p does not have the
// shape (then nothing was evaluated).
func (p *selectPlan) streamAggregate(e *expr.Env) (rows [][]any, ok bool, err error) {
	fn, isFn := p.from.(*functionRel)
	if !isFn || p.agg == nil || !p.implicit || p.groupSets != nil || len(p.agg.groups) > 0 {
		return nil, false, nil
	}
	for _, c := range p.agg.aggs {
		if c.Def.Combine == nil || (c.Def.Combinable != nil && !c.Def.Combinable(c.T)) ||
			c.Def.FinalTyped != nil || c.Distinct || len(c.Order) > 0 {
			return nil, false, nil
		}
	}
	acc := make([]any, len(p.agg.aggs))
	seen := false
	ok, err = fn.stream(e, func(chunk [][]any) error {
		if p.where != nil {
			var err error
			if chunk, err = filterRows(e, chunk, p.where); err != nil {
				return err
			}
		}
		if len(chunk) == 0 {
			return nil
		}
		for i, c := range p.agg.aggs {
			v, err := c.Compute(e, chunk)
			if err != nil {
				return err
			}
			if seen {
				if v, err = c.Def.Combine([][]any{{acc[i]}, {v}}, c.T); err != nil {
					return err
				}
			}
			acc[i] = v
		}
		seen = true
		return nil
	})
	if !ok || err != nil {
		return nil, ok, err
	}
	if !seen {
		for i, c := range p.agg.aggs {
			if acc[i], err = c.Compute(e, nil); err != nil {
				return nil, true, err
			}
		}
	}
	return [][]any{acc}, true, nil
}
