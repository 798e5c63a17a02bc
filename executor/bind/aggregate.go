package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// aggBinding binds expressions that sit above a GROUP BY: column
// references must be grouping columns, aggregates read the input rows. The
// Aggregation's output row is the group values followed by the aggregate
// results.
type aggBinding struct {
	input      *Scope
	groupCols  []int            // input column index of each grouping item; -1 for an expression
	groupNodes []*pg_query.Node // the parse tree of each grouping expression
	*exec.Aggregation
}

func (a *aggBinding) addGroup(x expr.Expr, n *pg_query.Node) {
	col := -1
	if c, ok := x.(*expr.ColExpr); ok {
		col = c.Idx
	}
	a.groupCols = append(a.groupCols, col)
	a.groupNodes = append(a.groupNodes, n)
	a.Groups = append(a.Groups, x)
}

// addExpressionGroup adds a grouping item that the select list reaches
// only by its expression n (a set-returning call computed below the
// aggregation), though x reads an input column.
func (a *aggBinding) addExpressionGroup(x expr.Expr, n *pg_query.Node) {
	a.groupCols = append(a.groupCols, -1)
	a.groupNodes = append(a.groupNodes, n)
	a.Groups = append(a.Groups, x)
}

// groupExpression finds a grouping expression equal to n.
func (a *aggBinding) groupExpression(n *pg_query.Node) (expr.Expr, bool) {
	if n.GetColumnRef() != nil {
		return nil, false
	}
	for i, g := range a.groupNodes {
		if g != nil && a.groupCols[i] < 0 && sameExpression(n, g) {
			return &expr.ColExpr{Idx: i, T: a.Groups[i].Type()}, true
		}
	}
	return nil, false
}

// groupTypmod is the type modifier of grouping item i.
func (a *aggBinding) groupTypmod(i int) int32 {
	if c := a.groupCols[i]; c >= 0 {
		return a.input.Cols[c].Typmod
	}
	return expr.Typmod(a.Groups[i])
}

func (a *aggBinding) groupColumn(b *Binder, rel, name string, loc int32) (expr.Expr, error) {
	idx := a.input.lookup(rel, name)
	if idx < 0 {
		inner := &Binder{S: b.S, Params: b.Params, Scope: a.input}
		return inner.bindColumnRef(&pg_query.ColumnRef{Fields: columnFields(rel, name), Location: loc})
	}
	return a.groupIndex(idx, loc)
}

// groupIndex maps an input column to its grouping column.
func (a *aggBinding) groupIndex(idx int, loc int32) (expr.Expr, error) {
	for i, g := range a.groupCols {
		if g == idx {
			return &expr.ColExpr{Idx: i, T: a.input.Cols[idx].T}, nil
		}
	}
	if x, ok := a.dependentColumn(idx); ok {
		return x, nil
	}
	c := a.input.Cols[idx]
	return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function", c.Rel, c.Name), loc)
}

func (a *aggBinding) aggregate(b *Binder, fc *pg_query.FuncCall) (expr.Expr, error) {
	name := funcName(fc)
	def := funcs.Builtin().Aggregates[name]
	inner := &Binder{S: b.S, Params: b.Params, Scope: a.input, outer: b.outer, Ctes: b.Ctes, Query: b.Query, inAgg: true}
	call := &funcs.AggCall{Name: name, Def: def, Star: fc.AggStar, Distinct: fc.AggDistinct}
	if funcs.OrderedSet[name] != fc.AggWithinGroup {
		if fc.AggWithinGroup {
			return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name), fc.Location)
		}
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", name), fc.Location)
	}
	if fc.AggWithinGroup {
		args, order, err := withinGroupArgs(inner, fc)
		if err != nil {
			return nil, err
		}
		call.Args, call.Order = args, order
		t, err := def.Result(args)
		if err != nil {
			return nil, funcs.ErrNoFunction(name, args, fc.Location)
		}
		call.T = t
		a.Aggs = append(a.Aggs, call)
		return &expr.ColExpr{Idx: len(a.groupCols) + len(a.Aggs) - 1, T: t}, nil
	}
	for _, n := range fc.Args {
		if nested := n.GetFuncCall(); nested != nil {
			if _, isAgg := funcs.Builtin().Aggregates[funcName(nested)]; isAgg {
				return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), nested.Location)
			}
		}
		x, err := inner.Bind(n)
		if err != nil {
			return nil, err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Text, fc.Location); err != nil {
				return nil, err
			}
		}
		call.Args = append(call.Args, x)
	}
	if fc.AggFilter != nil {
		f, err := inner.Bind(fc.AggFilter)
		if err != nil {
			return nil, err
		}
		call.Filter = f
	}
	for _, o := range fc.AggOrder {
		k, err := inner.bindSortKey(o.GetSortBy())
		if err != nil {
			return nil, err
		}
		if fc.AggDistinct && !amongArgs(fc.Args, call.Args, o.GetSortBy().Node, k.X) {
			// PostgreSQL sorts a DISTINCT aggregate's input by its
			// arguments, so it can order only by them.
			return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"),
				ExprLocation(o.GetSortBy().Node))
		}
		call.Order = append(call.Order, k)
	}
	t, err := def.Result(call.Args)
	if err != nil {
		return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", funcs.SignatureOf(name, call.Args)).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), fc.Location)
	}
	call.T = t
	a.Aggs = append(a.Aggs, call)
	return &expr.ColExpr{Idx: len(a.groupCols) + len(a.Aggs) - 1, T: t}, nil
}

func columnFields(rel, name string) []*pg_query.Node {
	var f []*pg_query.Node
	if rel != "" {
		f = append(f, pg_query.MakeStrNode(rel))
	}
	return append(f, pg_query.MakeStrNode(name))
}

// withinGroupArgs binds an ordered-set call: the direct arguments, then
// the WITHIN GROUP expression, which is also the sort key.
func withinGroupArgs(inner *Binder, fc *pg_query.FuncCall) ([]expr.Expr, []expr.SortKey, error) {
	var args []expr.Expr
	for _, n := range fc.Args {
		x, err := inner.Bind(n)
		if err != nil {
			return nil, nil, err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Float8, fc.Location); err != nil {
				return nil, nil, err
			}
		}
		if x.Type().IsNumeric() && x.Type() != value.Float8 && funcName(fc) != "mode" {
			if x, err = expr.CastExpr(x, value.Float8, false, fc.Location); err != nil {
				return nil, nil, err
			}
		}
		args = append(args, x)
	}
	var order []expr.SortKey
	for _, o := range fc.AggOrder {
		k, err := inner.bindSortKey(o.GetSortBy())
		if err != nil {
			return nil, nil, err
		}
		order = append(order, k)
		args = append(args, k.X)
	}
	return args, order, nil
}

// amongArgs reports whether a sort expression (its parse tree n, bound
// as x) is one of an aggregate's arguments: the same expression, or the
// same column however qualified.
func amongArgs(argNodes []*pg_query.Node, args []expr.Expr, n *pg_query.Node, x expr.Expr) bool {
	for i, a := range argNodes {
		if sameExpression(a, n) {
			return true
		}
		if c, ok := x.(*expr.ColExpr); ok && i < len(args) {
			if ac, ok := args[i].(*expr.ColExpr); ok && ac.Idx == c.Idx {
				return true
			}
		}
	}
	return false
}
