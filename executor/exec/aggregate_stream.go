package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
)

// streamAggregate runs p that way; ok is false when p does not have the
// shape (then nothing was evaluated).
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
