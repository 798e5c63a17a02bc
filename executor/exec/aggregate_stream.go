package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
)

// streamAggregate runs an aggregate query without GROUP BY over a
// function in FROM that streams (generate_series) without keeping its
// input rows: each chunk is filtered and aggregated, and the chunk results
// are combined, so SELECT count(*) FROM generate_series(1, 100000000) runs
// in constant memory, as in PostgreSQL. Every call must have a Combine
// for its type (funcs.AggregateDef) and no DISTINCT or ORDER BY. ok is
// false when p does not have that shape (then nothing was evaluated, and
// run collects its input).
func (p *SelectPlan) streamAggregate(e *expr.Env) (rows [][]any, ok bool, err error) {
	fn, isFn := p.From.(*FunctionRel)
	if !isFn || p.Agg == nil || !p.Implicit || p.GroupSets != nil || len(p.Agg.Groups) > 0 {
		return nil, false, nil
	}
	for _, c := range p.Agg.Aggs {
		if c.Def.Combine == nil || (c.Def.Combinable != nil && !c.Def.Combinable(c.T)) ||
			c.Def.FinalTyped != nil || c.Distinct || len(c.Order) > 0 {
			return nil, false, nil
		}
	}
	acc := make([]any, len(p.Agg.Aggs))
	seen := false
	ok, err = fn.stream(e, func(chunk [][]any) error {
		if p.Where != nil {
			var err error
			if chunk, err = FilterRows(e, chunk, p.Where); err != nil {
				return err
			}
		}
		if len(chunk) == 0 {
			return nil
		}
		for i, c := range p.Agg.Aggs {
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
		for i, c := range p.Agg.Aggs {
			if acc[i], err = c.Compute(e, nil); err != nil {
				return nil, true, err
			}
		}
	}
	return [][]any{acc}, true, nil
}
