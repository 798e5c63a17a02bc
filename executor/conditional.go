package executor

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Conditional expressions: CASE, GREATEST and LEAST, IS [NOT] TRUE/FALSE/
// UNKNOWN, and the common type their branches share.

// caseExpr is CASE [x] WHEN ... THEN ... [ELSE ...] END.
type caseExpr struct {
	whens []expr // conditions (the simple form's comparisons are bound as x = value)
	thens []expr
	els   expr
	t     *value.Type
}

func (c *caseExpr) typ() *value.Type { return c.t }

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
func resultType(xs []expr, nodes []*pg_query.Node, context string) (*value.Type, error) {
	t := value.Unknown
	for i, x := range xs {
		if x.typ() == value.Unknown {
			continue // an unknown literal or NULL takes the others' type
		}
		next, err := commonType(t, x.typ(), context)
		if err != nil {
			loc := int32(-1)
			if i < len(nodes) {
				loc = exprLocation(nodes[i])
			}
			return nil, pgerr.At(pgerr.From(err), loc)
		}
		t = next
	}
	if t == value.Unknown {
		t = value.Text
	}
	return t, nil
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
	if x, err = coerceTo(x, value.Bool, bt.Location); err != nil {
		return nil, err
	}
	kind := bt.Booltesttype
	return &funcExpr{name: "booltest", args: []expr{x}, t: value.Bool, fn: func(_ *env, a []any) (any, error) {
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
