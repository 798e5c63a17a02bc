package exec

import (
	"slices"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// FilterRel keeps the rows of a relation that satisfy cond (over that
// relation's own columns).
type FilterRel struct {
	Rel  Relation
	Cond expr.Expr
	Text string // for EXPLAIN, when no WHERE above shows the condition
}

func (f *FilterRel) Columns() []expr.ScopeCol { return f.Rel.Columns() }

func (f *FilterRel) Open(e *expr.Env) (RowIter, error) {
	in, err := f.Rel.Open(e)
	if err != nil {
		return nil, err
	}
	return filterIter(e.Sibling(), in, f.Cond), nil
}

// PermuteRel puts the columns of rel back in the order perm gives:
// column i of its rows is column perm[i] of rel's.
type PermuteRel struct {
	Rel  Relation
	Perm []int
}

func (p *PermuteRel) Columns() []expr.ScopeCol {
	in := p.Rel.Columns()
	out := make([]expr.ScopeCol, len(p.Perm))
	for i, j := range p.Perm {
		out[i] = in[j]
	}
	return out
}

func (p *PermuteRel) Open(e *expr.Env) (RowIter, error) {
	in, err := p.Rel.Open(e)
	if err != nil {
		return nil, err
	}
	return mapIter(in, func(r []any) ([]any, error) {
		out := make([]any, len(p.Perm))
		for i, j := range p.Perm {
			out[i] = r[j]
		}
		return out, nil
	}), nil
}

// ShiftExpr rebuilds an expression that expr.ColumnsRead accepted with
// every column index moved by delta.
func ShiftExpr(x expr.Expr, delta int) expr.Expr {
	return MapColumns(x, func(i int) int { return i + delta })
}

// MapColumns rebuilds an expression that expr.ColumnsRead accepted with
// every column index i replaced by to(i).
func MapColumns(x expr.Expr, to func(int) int) expr.Expr {
	all := func(xs []expr.Expr) []expr.Expr {
		out := make([]expr.Expr, len(xs))
		for i, x := range xs {
			out[i] = MapColumns(x, to)
		}
		return out
	}
	switch x := x.(type) {
	case *expr.ColExpr:
		return &expr.ColExpr{Idx: to(x.Idx), T: x.T}
	case *expr.FuncExpr:
		c := *x
		c.Args = all(x.Args)
		return &c
	case *expr.BoolExpr:
		return &expr.BoolExpr{Op: x.Op, Args: all(x.Args)}
	case *expr.CmpOp:
		return &expr.CmpOp{Op: x.Op, L: MapColumns(x.L, to), R: MapColumns(x.R, to), Test: x.Test}
	case *expr.InExpr:
		return &expr.InExpr{X: MapColumns(x.X, to), List: all(x.List), Not: x.Not}
	case *expr.NullTest:
		return &expr.NullTest{X: MapColumns(x.X, to), IsNull: x.IsNull}
	case *expr.AnyExpr:
		return &expr.AnyExpr{Cmp: x.Cmp, X: MapColumns(x.X, to), Array: MapColumns(x.Array, to), All: x.All}
	case *expr.CaseExpr:
		c := &expr.CaseExpr{Whens: all(x.Whens), Thens: all(x.Thens), T: x.T}
		if x.Els != nil {
			c.Els = MapColumns(x.Els, to)
		}
		return c
	}
	return x
}

// HashKeys finds equality conjuncts of a join condition with one side
// over the left columns [0, nl) and the other over the right ones: the
// join can then hash the right side instead of comparing every pair.
func HashKeys(cond expr.Expr, nl int) (left, right []expr.Expr) {
	for _, c := range Conjuncts(cond) {
		eq, ok := c.(*expr.CmpOp)
		if !ok || eq.Op != "=" || !hashable(eq.L.Type()) || eq.L.Type() != eq.R.Type() {
			continue
		}
		lc, okL := expr.ColumnsRead(eq.L)
		rc, okR := expr.ColumnsRead(eq.R)
		if !okL || !okR || len(lc) == 0 || len(rc) == 0 {
			continue
		}
		switch {
		case slices.Max(lc) < nl && slices.Min(rc) >= nl:
			left, right = append(left, eq.L), append(right, ShiftExpr(eq.R, -nl))
		case slices.Max(rc) < nl && slices.Min(lc) >= nl:
			left, right = append(left, eq.R), append(right, ShiftExpr(eq.L, -nl))
		}
	}
	return left, right
}

// hashable types have one Go value per SQL value, so equal values have
// equal keys (numeric 1.0 and 1.00 would not).
func hashable(t *value.Type) bool {
	return t.IsString() || t == value.Int2 || t == value.Int4 || t == value.Int8 || t.IsOIDAlias() || t == value.Bool
}
