package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// SetOpPlan is UNION, INTERSECT or EXCEPT [ALL], with the ORDER BY and

// SetOp is the operation of a SetOpPlan.
type SetOp int

// The set operations.
const (
	Union SetOp = iota + 1
	Intersect
	Except
)

// LIMIT that apply to its result.
type SetOpPlan struct {
	Op          SetOp
	All         bool
	Left, Right QueryPlan
	Columns     []expr.Column
	Types       []*value.Type
	Casts       [2][]func(any) (any, error) // per side, per column; nil = no conversion
	SortCols    []int
	SortKeys    []expr.SortKey
	Limit       expr.Expr
	Offset      expr.Expr
	WithTies    bool // FETCH FIRST n ROWS WITH TIES
}

func (p *SetOpPlan) OutputColumns() []expr.Column { return p.Columns }

func (p *SetOpPlan) OutputTypes() []*value.Type { return p.Types }

func (p *SetOpPlan) convert(rows [][]any, side int) ([][]any, error) {
	for _, r := range rows {
		for i, c := range p.Casts[side] {
			if c != nil && r[i] != nil {
				v, err := c(r[i])
				if err != nil {
					return nil, err
				}
				r[i] = v
			}
		}
	}
	return rows, nil
}

// Open streams UNION ALL without ORDER BY: the left rows, then the right
// ones. Every other set operation collects both sides.
func (p *SetOpPlan) Open(e *expr.Env) (RowIter, error) {
	if p.Op == Union && p.All && len(p.SortKeys) == 0 {
		return p.openUnionAll(e)
	}
	rows, err := p.run(e)
	if err != nil {
		return nil, err
	}
	return SliceRows(rows), nil
}

func (p *SetOpPlan) openUnionAll(e *expr.Env) (RowIter, error) {
	offset, limit, err := evalWindow(e, p.Offset, p.Limit)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return SliceRows(nil), nil
	}
	side := 0
	in, err := p.Left.Open(e.Sibling())
	if err != nil {
		return nil, err
	}
	union := &funcIter{nextFn: func() ([]any, error) {
		for {
			r, err := in.Next()
			if err != nil {
				return nil, err
			}
			if r != nil {
				return p.convertRow(r, side)
			}
			if side == 1 {
				return nil, nil
			}
			in.Close()
			if in, err = p.Right.Open(e.Sibling()); err != nil {
				in = SliceRows(nil)
				return nil, err
			}
			side = 1
		}
	}, closeFn: func() { in.Close() }}
	return limitIter(union, offset, limit), nil
}

// convertRow casts one row of a side to the result's column types; the
// row is copied only when a value changes.
func (p *SetOpPlan) convertRow(r []any, side int) ([]any, error) {
	copied := false
	for i, c := range p.Casts[side] {
		if c != nil && r[i] != nil {
			v, err := c(r[i])
			if err != nil {
				return nil, err
			}
			if !copied {
				r, copied = append([]any(nil), r...), true
			}
			r[i] = v
		}
	}
	return r, nil
}

func (p *SetOpPlan) run(e *expr.Env) ([][]any, error) {
	left, err := PlanRows(e.Sibling(), p.Left)
	if err != nil {
		return nil, err
	}
	right, err := PlanRows(e.Sibling(), p.Right)
	if err != nil {
		return nil, err
	}
	if left, err = p.convert(left, 0); err != nil {
		return nil, err
	}
	if right, err = p.convert(right, 1); err != nil {
		return nil, err
	}
	n := len(p.Columns)
	var out [][]any
	switch p.Op {
	case Union:
		out = append(left, right...)
		if !p.All {
			var err error
			if out, err = distinctRows(e, out, n); err != nil {
				return nil, err
			}
		}
	case Intersect, Except:
		counts := map[string]int{}
		for _, r := range right {
			k := funcs.GroupKey(r)
			if _, ok := counts[k]; !ok {
				if err := e.Account().Grow("SetOp", int64(3*expr.WordSize+len(k))); err != nil {
					return nil, err
				}
			}
			counts[k]++
		}
		seen := map[string]bool{}
		intersect := p.Op == Intersect
		for _, r := range left {
			k := funcs.GroupKey(r)
			if !p.All {
				if seen[k] || (counts[k] > 0) != intersect {
					continue
				}
				seen[k] = true
				out = append(out, r)
				continue
			}
			if intersect && counts[k] > 0 {
				counts[k]--
				out = append(out, r)
			} else if !intersect {
				if counts[k] > 0 {
					counts[k]--
				} else {
					out = append(out, r)
				}
			}
		}
	}
	if len(p.SortKeys) > 0 {
		if err := sortRows(out, p.SortCols, p.SortKeys); err != nil {
			return nil, err
		}
	}
	if p.WithTies {
		return applyWindowTies(e, out, p.Offset, p.Limit, p.SortCols, p.SortKeys)
	}
	return applyWindow(e, out, p.Offset, p.Limit)
}
