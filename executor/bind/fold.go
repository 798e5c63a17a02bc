package bind

import (
	"context"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// Constant folding, as PostgreSQL's eval_const_expressions does while
// planning: an immutable function or operator whose arguments are all
// constants is computed once, so `SELECT 1/0` fails while it is planned,
// before its RowDescription, and not on its first row.
//
// Binder.Bind folds each node as it is bound, bottom-up. What PostgreSQL
// leaves unsimplified is bound with folding off (Binder.noFold): the
// results of CASE arms whose condition is constant false or NULL, and
// every arm after a constant true one; COALESCE arguments after a
// non-NULL constant; AND arguments after a constant false and OR
// arguments after a constant true. So `CASE WHEN false THEN 1/0 END` is
// NULL, while `CASE WHEN x > 0 THEN 1/0 END` fails for any x, in both.
//
// A constant that fails to fold does not fail the binding: the first such
// error is kept (Planner.FoldErr) and reported once the whole statement
// is bound, as PostgreSQL folds only after parse analysis, so an analysis
// error anywhere in the statement (42804 UNION or JOIN/USING types) comes
// before it (findings.md #11: SELECT 1/0 UNION SELECT now() is 42804).
//
// Folded are the arithmetic operators and the functions pg_proc marks
// immutable in every overload, when the result is of a fixed-size type
// or numeric: a call building a large text or array value still runs
// under the statement's memory account (vpnsql.statement_mem), which does
// not exist yet while the statement is planned.

// arithmeticOps are the operator FuncExprs that fold (integer, float and
// numeric arithmetic are immutable).
var arithmeticOps = map[string]bool{"+": true, "-": true, "*": true, "/": true, "%": true, "^": true}

// fold returns x computed when it can be, else x itself.
func (b *Binder) fold(x expr.Expr) (expr.Expr, error) {
	if b.noFold > 0 {
		return x, nil
	}
	switch f := x.(type) {
	case *expr.FuncExpr:
		if !foldable(f) {
			return x, nil
		}
		return b.evalConst(x)
	case *expr.CmpOp:
		if isConst(f.L) && isConst(f.R) {
			return b.evalConst(x)
		}
	case *expr.BoolExpr:
		all := true
		for _, a := range f.Args {
			c, ok := a.(*expr.ConstExpr)
			switch {
			case !ok:
				all = false
			case f.Op == "and" && c.V == false, f.Op == "or" && c.V == true:
				return &expr.ConstExpr{V: c.V, T: value.Bool}, nil
			}
		}
		if all {
			return b.evalConst(x)
		}
	}
	return x, nil
}

func foldable(f *expr.FuncExpr) bool {
	if !arithmeticOps[f.Name] && !pgcatalog.FunctionImmutable(f.Name) {
		return false
	}
	if t := f.T; t.Len < 0 && t != value.Numeric {
		return false
	}
	for _, a := range f.Args {
		if !isConst(a) {
			return false
		}
	}
	return true
}

// evalConst folds x, or keeps x and the first error of the statement's
// folding for FoldErr.
func (b *Binder) evalConst(x expr.Expr) (expr.Expr, error) {
	out, err := evalConst(x)
	if err != nil {
		if b.S.foldErr == nil {
			b.S.foldErr = err
		}
		return x, nil
	}
	return out, nil
}

// FoldErr is the first error of a constant that failed to fold while the
// statement was bound: the statement's error once binding succeeds.
func (s *Planner) FoldErr() error { return s.foldErr }

func isConst(x expr.Expr) bool {
	_, ok := x.(*expr.ConstExpr)
	return ok
}

// evalConst computes an expression of constants. A function that needs
// more of its environment than constants give (it panics on the empty
// one) is left to run with the statement.
func evalConst(x expr.Expr) (out expr.Expr, err error) {
	defer func() {
		if recover() != nil {
			out, err = x, nil
		}
	}()
	v, err := x.Eval(&expr.Env{Ctx: context.Background()})
	if err != nil {
		return nil, err
	}
	return &expr.ConstExpr{V: v, T: x.Type()}, nil
}

// constFalse reports whether a bound condition is the constant false or
// NULL: PostgreSQL drops a CASE arm with such a condition unsimplified.
func constFalse(x expr.Expr) bool {
	c, ok := x.(*expr.ConstExpr)
	return ok && (c.V == false || c.V == nil)
}

// constIs reports whether x is the constant v (true or false).
func constIs(x expr.Expr, v bool) bool {
	c, ok := x.(*expr.ConstExpr)
	return ok && c.V == v
}

// unfolded runs bind with folding off.
func (b *Binder) unfolded(bind func() (expr.Expr, error)) (expr.Expr, error) {
	b.noFold++
	defer func() { b.noFold-- }()
	return bind()
}
