package bind

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (b *Binder) bindCase(ce *pg_query.CaseExpr) (expr.Expr, error) {
	var arg expr.Expr
	if ce.Arg != nil {
		var err error
		if arg, err = b.Bind(ce.Arg); err != nil {
			return nil, err
		}
	}
	out := &expr.CaseExpr{}
	var results []expr.Expr
	// PostgreSQL's planner leaves unsimplified the result of an arm whose
	// condition is constant false or NULL, and everything after an arm
	// whose condition is constant true (fold.go).
	saved := b.noFold
	defer func() { b.noFold = saved }()
	for _, w := range ce.Args {
		cw := w.GetCaseWhen()
		var cond expr.Expr
		var err error
		if arg != nil {
			v, err := b.Bind(cw.Expr)
			if err != nil {
				return nil, err
			}
			if cond, err = funcs.BinaryOperator("=", arg, v, cw.Location); err != nil {
				return nil, err
			}
		} else if cond, err = b.BindCondition(cw.Expr, "CASE/WHEN"); err != nil {
			return nil, err
		}
		if cond, err = b.fold(cond); err != nil {
			return nil, err
		}
		var r expr.Expr
		if constFalse(cond) {
			r, err = b.unfolded(func() (expr.Expr, error) { return b.Bind(cw.Result) })
		} else {
			r, err = b.Bind(cw.Result)
		}
		if err != nil {
			return nil, err
		}
		if constIs(cond, true) {
			b.noFold++ // the rest is never reached
		}
		out.Whens = append(out.Whens, cond)
		results = append(results, r)
	}
	if ce.Defresult != nil {
		r, err := b.Bind(ce.Defresult)
		if err != nil {
			return nil, err
		}
		results = append(results, r)
	}
	// PostgreSQL resolves the ELSE branch first.
	order, nodes := results, []*pg_query.Node{}
	for _, w := range ce.Args {
		nodes = append(nodes, w.GetCaseWhen().Result)
	}
	if ce.Defresult != nil {
		order = append([]expr.Expr{results[len(results)-1]}, results[:len(results)-1]...)
		nodes = append([]*pg_query.Node{ce.Defresult}, nodes...)
	}
	t, err := resultTypeIn(order, nodes, "CASE", func(i int) string {
		if i == 0 && ce.Defresult != nil {
			return "CASE/ELSE"
		}
		return "CASE/WHEN"
	})
	if err != nil {
		return nil, err
	}
	if ce.Defresult != nil {
		results = append(order[1:len(order):len(order)], order[0])
	} else {
		results = order
	}
	out.T = t
	out.Thens = results[:len(out.Whens)]
	if ce.Defresult != nil {
		out.Els = results[len(results)-1]
	}
	return out, nil
}

// resultType picks the common type of several branches (CASE, COALESCE,
// GREATEST, ARRAY[...], a VALUES column) with expr.SelectCommonType and
// converts every branch to it; nodes give the branches' locations for
// errors ("CASE types text and integer cannot be matched" points at the
// newcomer).
func resultType(xs []expr.Expr, nodes []*pg_query.Node, context string) (*value.Type, error) {
	return resultTypeIn(xs, nodes, context, func(int) string { return context })
}

// resultTypeIn is resultType where the conversions name their own
// context (CASE/WHEN and CASE/ELSE, as PostgreSQL's messages do).
func resultTypeIn(xs []expr.Expr, nodes []*pg_query.Node, context string, coercion func(i int) string) (*value.Type, error) {
	types := make([]*value.Type, len(xs))
	for i, x := range xs {
		types[i] = x.Type()
	}
	loc := func(i int) int32 {
		if i >= 0 && i < len(nodes) {
			return ExprLocation(nodes[i])
		}
		return -1
	}
	t, bad, err := expr.SelectCommonType(types, context)
	if err != nil {
		return nil, pgerr.At(pgerr.From(err), loc(bad))
	}
	for i := range xs {
		if xs[i], err = expr.CoerceToCommon(xs[i], t, coercion(i), loc(i)); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (b *Binder) bindMinMax(m *pg_query.MinMaxExpr) (expr.Expr, error) {
	var args []expr.Expr
	for _, n := range m.Args {
		x, err := b.Bind(n)
		if err != nil {
			return nil, err
		}
		args = append(args, x)
	}
	name := "least"
	if m.Op == pg_query.MinMaxOp_IS_GREATEST {
		name = "greatest"
	}
	t, err := resultType(args, m.Args, strings.ToUpper(name))
	if err != nil {
		return nil, err
	}
	sign := -1
	if name == "greatest" {
		sign = 1
	}
	return &expr.FuncExpr{Name: name, Args: args, T: t, Fn: func(_ *expr.Env, vals []any) (any, error) {
		return expr.Extreme(vals, sign, false)
	}}, nil
}

func (b *Binder) bindBooleanTest(bt *pg_query.BooleanTest) (expr.Expr, error) {
	x, err := b.Bind(bt.Arg)
	if err != nil {
		return nil, err
	}
	if x, err = expr.CoerceTo(x, value.Bool, bt.Location); err != nil {
		return nil, err
	}
	kind := bt.Booltesttype
	return &expr.FuncExpr{Name: "booltest", Args: []expr.Expr{x}, T: value.Bool, Fn: func(_ *expr.Env, a []any) (any, error) {
		v := a[0]
		switch kind {
		case pg_query.BoolTestType_IS_TRUE:
			return v == true, nil
		case pg_query.BoolTestType_IS_NOT_TRUE:
			return v != true, nil
		case pg_query.BoolTestType_IS_FALSE:
			return v == false, nil
		case pg_query.BoolTestType_IS_NOT_FALSE:
			return v != false, nil
		case pg_query.BoolTestType_IS_UNKNOWN:
			return v == nil, nil
		}
		return v != nil, nil
	}}, nil
}

// bindInList binds the list of x IN (...) as PostgreSQL's
// transformAExprIn types it: when more than one item reads no column, x
// and those items get their common type (select_common_type, x first, so
// x's type wins a tie with unknown literals) and become one array for
// x = ANY; the other items, or all of them when no common type exists,
// are each compared with x by the = operator, which must exist
// ("operator does not exist: integer = boolean" at loc).
func (b *Binder) bindInList(x expr.Expr, nodes []*pg_query.Node, loc int32) ([]expr.Expr, error) {
	items := make([]expr.Expr, len(nodes))
	var consts []int
	for i, n := range nodes {
		v, err := b.Bind(n)
		if err != nil {
			return nil, err
		}
		items[i] = v
		if cols, ok := expr.ColumnsRead(v); ok && len(cols) == 0 {
			consts = append(consts, i)
		}
	}
	grouped := map[int]bool{}
	if len(consts) > 1 {
		types := []*value.Type{x.Type()}
		for _, i := range consts {
			types = append(types, items[i].Type())
		}
		t, _, err := expr.SelectCommonType(types, "IN")
		if err == nil && t != value.Record {
			for _, typ := range types {
				if !value.CanCoerceImplicit(typ, t) {
					t = nil
					break
				}
			}
		}
		if err == nil && t != nil && t != value.Record && expr.ArrayOf(t) != nil {
			for _, i := range consts {
				if items[i], err = expr.CoerceToCommon(items[i], t, "IN", ExprLocation(nodes[i])); err != nil {
					return nil, err
				}
				grouped[i] = true
			}
			if _, err := funcs.BinaryOperator("=", x, &expr.ConstExpr{T: t}, loc); err != nil {
				return nil, err
			}
		}
	}
	for i, v := range items {
		if !grouped[i] {
			if _, err := funcs.BinaryOperator("=", x, v, loc); err != nil {
				return nil, err
			}
		}
	}
	return items, nil
}
