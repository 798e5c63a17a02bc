package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (b *Binder) bindArray(a *pg_query.A_ArrayExpr) (expr.Expr, error) {
	var elems []expr.Expr
	for _, n := range a.Elements {
		x, err := b.Bind(n)
		if err != nil {
			return nil, err
		}
		elems = append(elems, x)
	}
	t, err := resultType(elems, a.Elements, "ARRAY")
	if err != nil {
		return nil, err
	}
	at := expr.ArrayOf(t)
	if at == nil {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "arrays of %s are not supported", t), a.Location)
	}
	return &expr.FuncExpr{Name: "array", Args: elems, T: at, Fn: func(_ *expr.Env, vals []any) (any, error) {
		return append([]any{}, vals...), nil
	}}, nil
}

// bindIndirection handles array subscripts: arr[i] (1-based) and arr[i:j].
func (b *Binder) bindIndirection(ind *pg_query.A_Indirection) (expr.Expr, error) {
	x, err := b.Bind(ind.Arg)
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
		if value.ElemType(x.Type()) == nil && x.Type() != value.JSONB {
			return nil, pgerr.New(pgerr.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", x.Type())
		}
		if x.Type() == value.JSONB {
			key, err := b.Bind(idx.Uidx)
			if err != nil {
				return nil, err
			}
			if x, err = funcs.BinaryOperator("->", x, key, -1); err != nil {
				return nil, err
			}
			continue
		}
		bound := func(n *pg_query.Node) (expr.Expr, error) {
			if n == nil {
				return nil, nil
			}
			v, err := b.Bind(n)
			if err != nil {
				return nil, err
			}
			return expr.CoerceTo(v, value.Int8, -1)
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
		base := expr.LowerBound(arr.Type())
		if !idx.IsSlice {
			x = &expr.FuncExpr{Name: "subscript", Args: []expr.Expr{arr, hi}, T: value.ElemType(arr.Type()), Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				list, i := a[0].([]any), a[1].(int64)-base
				if i < 0 || i >= int64(len(list)) {
					return nil, nil
				}
				return list[i], nil
			}}
			continue
		}
		x = &expr.FuncExpr{Name: "slice", Args: []expr.Expr{arr, orConst(lo, int64(1)), orConst(hi, int64(1<<31))}, T: arr.Type(), Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
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

func orConst(x expr.Expr, v int64) expr.Expr {
	if x != nil {
		return x
	}
	return &expr.ConstExpr{V: v, T: value.Int8}
}

// selectField is (record).field.
func selectField(x expr.Expr, name string) (expr.Expr, error) {
	for i, f := range x.Type().Fields {
		if f.Name == name {
			return &expr.FuncExpr{Name: "field", Args: []expr.Expr{x}, T: f.Type, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				if rec, ok := a[0].([]any); ok && i < len(rec) {
					return rec[i], nil
				}
				return nil, nil
			}}, nil
		}
	}
	if x.Type().Fields == nil {
		return nil, pgerr.New(pgerr.WrongObjectType, "column notation .%s applied to type %s, which is not a composite type", name, x.Type())
	}
	return nil, pgerr.New(pgerr.UndefinedColumn, "could not identify column %q in record data type", name)
}
