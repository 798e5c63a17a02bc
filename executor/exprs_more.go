package executor

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// caseExpr is CASE [x] WHEN ... THEN ... [ELSE ...] END.
type caseExpr struct {
	whens []expr // conditions (the simple form's comparisons are bound as x = value)
	thens []expr
	els   expr
	t     *catalog.Type
}

func (c *caseExpr) typ() *catalog.Type { return c.t }

func (c *caseExpr) eval(e *env) (any, error) {
	for i, w := range c.whens {
		v, err := w.eval(e)
		if err != nil {
			return nil, err
		}
		if v == true {
			return c.thens[i].eval(e)
		}
	}
	if c.els == nil {
		return nil, nil
	}
	return c.els.eval(e)
}

func (b *binder) bindCase(ce *pg_query.CaseExpr) (expr, error) {
	var arg expr
	if ce.Arg != nil {
		var err error
		if arg, err = b.bind(ce.Arg); err != nil {
			return nil, err
		}
	}
	out := &caseExpr{}
	var results []expr
	for _, w := range ce.Args {
		cw := w.GetCaseWhen()
		var cond expr
		var err error
		if arg != nil {
			v, err := b.bind(cw.Expr)
			if err != nil {
				return nil, err
			}
			if cond, err = binaryOperator("=", arg, v, cw.Location); err != nil {
				return nil, err
			}
		} else if cond, err = b.bindCondition(cw.Expr, "CASE/WHEN"); err != nil {
			return nil, err
		}
		r, err := b.bind(cw.Result)
		if err != nil {
			return nil, err
		}
		out.whens = append(out.whens, cond)
		results = append(results, r)
	}
	if ce.Defresult != nil {
		r, err := b.bind(ce.Defresult)
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
		order = append([]expr{results[len(results)-1]}, results[:len(results)-1]...)
		nodes = append([]*pg_query.Node{ce.Defresult}, nodes...)
	}
	t, err := resultType(order, nodes, "CASE")
	if err != nil {
		return nil, err
	}
	for i := range results {
		if results[i], err = castExpr(results[i], t, false, ce.Location); err != nil {
			return nil, err
		}
	}
	out.t = t
	out.thens = results[:len(out.whens)]
	if ce.Defresult != nil {
		out.els = results[len(results)-1]
	}
	return out, nil
}

// resultType picks the common type of several branches (CASE, COALESCE,
// GREATEST, ARRAY[...]) as select_common_type does: the first typed
// branch sets the type, later ones may widen it; a branch of another kind
// fails at its own location ("CASE types text and integer cannot be
// matched" names the type so far, then the newcomer). nodes give the
// branches' locations.
func resultType(xs []expr, nodes []*pg_query.Node, context string) (*catalog.Type, error) {
	t := catalog.Unknown
	for i, x := range xs {
		if x.typ() == catalog.Unknown {
			continue // an unknown literal or NULL takes the others' type
		}
		next, err := commonType(t, x.typ(), context)
		if err != nil {
			loc := int32(-1)
			if i < len(nodes) {
				loc = exprLocation(nodes[i])
			}
			return nil, errAt(pgerr.From(err), loc)
		}
		t = next
	}
	if t == catalog.Unknown {
		t = catalog.Text
	}
	return t, nil
}

func (b *binder) bindArray(a *pg_query.A_ArrayExpr) (expr, error) {
	var elems []expr
	for _, n := range a.Elements {
		x, err := b.bind(n)
		if err != nil {
			return nil, err
		}
		elems = append(elems, x)
	}
	t, err := resultType(elems, a.Elements, "ARRAY")
	if err != nil {
		return nil, err
	}
	at := arrayOf(t)
	if at == nil {
		return nil, errAt(pgerr.New(pgerr.FeatureNotSupported, "arrays of %s are not supported", t), a.Location)
	}
	for i := range elems {
		if elems[i], err = castExpr(elems[i], t, false, a.Location); err != nil {
			return nil, err
		}
	}
	return &funcExpr{name: "array", args: elems, t: at, fn: func(_ *env, vals []any) (any, error) {
		return append([]any{}, vals...), nil
	}}, nil
}

// bindIndirection handles array subscripts: arr[i] (1-based) and arr[i:j].
func (b *binder) bindIndirection(ind *pg_query.A_Indirection) (expr, error) {
	x, err := b.bind(ind.Arg)
	if err != nil {
		return nil, err
	}
	for _, n := range ind.Indirection {
		if f := n.GetString_(); f != nil {
			sel, err := selectField(x, f.GetSval())
			if err != nil {
				return nil, err
			}
			x = sel
			continue
		}
		idx := n.GetAIndices()
		if idx == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "this indirection is not supported")
		}
		if elemType(x.typ()) == nil && x.typ() != catalog.JSONB {
			return nil, pgerr.New(pgerr.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", x.typ())
		}
		if x.typ() == catalog.JSONB {
			key, err := b.bind(idx.Uidx)
			if err != nil {
				return nil, err
			}
			if x, err = binaryOperator("->", x, key, -1); err != nil {
				return nil, err
			}
			continue
		}
		bound := func(n *pg_query.Node) (expr, error) {
			if n == nil {
				return nil, nil
			}
			v, err := b.bind(n)
			if err != nil {
				return nil, err
			}
			return coerceTo(v, catalog.Int8, -1)
		}
		lo, err := bound(idx.Lidx)
		if err != nil {
			return nil, err
		}
		hi, err := bound(idx.Uidx)
		if err != nil {
			return nil, err
		}
		arr := x
		base := lowerBound(arr.typ())
		if !idx.IsSlice {
			x = &funcExpr{name: "subscript", args: []expr{arr, hi}, t: elemType(arr.typ()), strict: true, fn: func(_ *env, a []any) (any, error) {
				list, i := a[0].([]any), a[1].(int64)-base
				if i < 0 || i >= int64(len(list)) {
					return nil, nil
				}
				return list[i], nil
			}}
			continue
		}
		x = &funcExpr{name: "slice", args: []expr{arr, orConst(lo, int64(1)), orConst(hi, int64(1<<31))}, t: arr.typ(), strict: true, fn: func(_ *env, a []any) (any, error) {
			list, from, to := a[0].([]any), a[1].(int64), a[2].(int64)
			from, to = max(from, 1), min(to, int64(len(list)))
			if from > to {
				return []any{}, nil
			}
			return append([]any{}, list[from-1:to]...), nil
		}}
	}
	return x, nil
}

func orConst(x expr, v int64) expr {
	if x != nil {
		return x
	}
	return &constExpr{v: v, t: catalog.Int8}
}

func (b *binder) bindMinMax(m *pg_query.MinMaxExpr) (expr, error) {
	var args []expr
	for _, n := range m.Args {
		x, err := b.bind(n)
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
	for i := range args {
		if args[i], err = castExpr(args[i], t, false, m.Location); err != nil {
			return nil, err
		}
	}
	sign := -1
	if name == "greatest" {
		sign = 1
	}
	return &funcExpr{name: name, args: args, t: t, fn: func(_ *env, vals []any) (any, error) {
		var best any
		for _, v := range vals {
			if v == nil {
				continue
			}
			if best == nil {
				best = v
				continue
			}
			c, err := compareValues(v, best)
			if err != nil {
				return nil, err
			}
			if c*sign > 0 {
				best = v
			}
		}
		return best, nil
	}}, nil
}

func (b *binder) bindBooleanTest(bt *pg_query.BooleanTest) (expr, error) {
	x, err := b.bind(bt.Arg)
	if err != nil {
		return nil, err
	}
	if x, err = coerceTo(x, catalog.Bool, bt.Location); err != nil {
		return nil, err
	}
	kind := bt.Booltesttype
	return &funcExpr{name: "booltest", args: []expr{x}, t: catalog.Bool, fn: func(_ *env, a []any) (any, error) {
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

// selectField is (record).field.
func selectField(x expr, name string) (expr, error) {
	for i, f := range x.typ().Fields {
		if f.Name == name {
			return &funcExpr{name: "field", args: []expr{x}, t: f.Type, strict: true, fn: func(_ *env, a []any) (any, error) {
				if rec, ok := a[0].([]any); ok && i < len(rec) {
					return rec[i], nil
				}
				return nil, nil
			}}, nil
		}
	}
	if x.typ().Fields == nil {
		return nil, pgerr.New(pgerr.WrongObjectType, "column notation .%s applied to type %s, which is not a composite type", name, x.typ())
	}
	return nil, pgerr.New(pgerr.UndefinedColumn, "could not identify column %q in record data type", name)
}
