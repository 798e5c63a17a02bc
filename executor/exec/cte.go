package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// RecursivePlan runs WITH RECURSIVE: the non-recursive term, then the
// recursive term over the previous iteration's rows until none are new.
type RecursivePlan struct {
	Base, Step QueryPlan
	All        bool
	Key        any
}

func (p *RecursivePlan) OutputColumns() []expr.Column { return p.Base.OutputColumns() }

func (p *RecursivePlan) OutputTypes() []*value.Type { return p.Base.OutputTypes() }

func (p *RecursivePlan) Open(e *expr.Env) (RowIter, error) {
	rows, err := p.run(e)
	if err != nil {
		return nil, err
	}
	return SliceRows(rows), nil
}

// run collects every iteration: the work table is the previous
// iteration's rows.
func (p *RecursivePlan) run(e *expr.Env) ([][]any, error) {
	rows, err := PlanRows(e.Sibling(), p.Base)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	if !p.All {
		if rows, err = distinctRows(e, rows, len(p.OutputColumns())); err != nil {
			return nil, err
		}
		for _, r := range rows {
			seen[funcs.GroupKey(r)] = true
		}
	}
	result := append([][]any(nil), rows...)
	work := rows
	for len(work) > 0 {
		if err := e.Ctx.Err(); err != nil {
			return nil, err
		}
		e.Exec.Keep(p.Key, work)
		next, err := PlanRows(e.Sibling(), p.Step)
		if err != nil {
			return nil, err
		}
		if !p.All {
			fresh := next[:0:0]
			for _, r := range next {
				k := funcs.GroupKey(r)
				if !seen[k] {
					// UNION's set of rows seen so far.
					if err := e.Account().Grow("Recursive Union", int64(2*expr.WordSize+len(k))); err != nil {
						return nil, err
					}
					seen[k] = true
					fresh = append(fresh, r)
				}
			}
			next = fresh
		}
		// The step's rows were charged where they were made; a runaway
		// recursion ends at the statement's memory limit (53200), as
		// PostgreSQL's would at its disk or statement_timeout.
		result = append(result, next...)
		if err := e.Account().Grow("Recursive Union", int64(len(next))*expr.SliceSize); err != nil {
			return nil, err
		}
		work = next
	}
	delete(e.Exec.Cache, p.Key)
	return result, nil
}
