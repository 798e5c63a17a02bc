package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
)

// arrayFunc binds a function whose first argument is an array.
func arrayFunc(ret func(arr *catalog.Type) *catalog.Type, nargs int, fn func(arr []any, args []any) (any, error)) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) != nargs || args[0].typ().Elem == nil {
			return nil, errNoFunction(name, args, loc)
		}
		at := args[0].typ()
		for i := 1; i < len(args); i++ {
			want := catalog.Int4
			if name == "array_position" || name == "array_remove" || name == "array_append" {
				want = at.Elem
			}
			x, err := coerceTo(args[i], want, loc)
			if err != nil {
				return nil, err
			}
			args[i] = x
		}
		return &funcExpr{name: name, args: args, t: ret(at), fn: func(_ *env, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return fn(a[0].([]any), a[1:])
		}}, nil
	}
}

func same(t *catalog.Type) *catalog.Type { return t }
func int4(*catalog.Type) *catalog.Type   { return catalog.Int4 }

func init() {
	scalarFuncs["array_length"] = arrayFunc(int4, 2, func(arr []any, a []any) (any, error) {
		if a[0] != int64(1) || len(arr) == 0 {
			return nil, nil
		}
		return int64(len(arr)), nil
	})
	scalarFuncs["cardinality"] = arrayFunc(int4, 1, func(arr []any, _ []any) (any, error) { return int64(len(arr)), nil })
	scalarFuncs["array_position"] = arrayFunc(int4, 2, func(arr []any, a []any) (any, error) {
		for i, v := range arr {
			if v != nil && a[0] != nil {
				if c, err := compareValues(v, a[0]); err == nil && c == 0 {
					return int64(i + 1), nil
				}
			}
		}
		return nil, nil
	})
	scalarFuncs["array_remove"] = arrayFunc(same, 2, func(arr []any, a []any) (any, error) {
		out := []any{}
		for _, v := range arr {
			if v == nil && a[0] == nil {
				continue
			}
			if v != nil && a[0] != nil {
				if c, _ := compareValues(v, a[0]); c == 0 {
					continue
				}
			}
			out = append(out, v)
		}
		return out, nil
	})
	scalarFuncs["array_append"] = arrayFunc(same, 2, func(arr []any, a []any) (any, error) {
		return append(append([]any{}, arr...), a[0]), nil
	})
}

// arrayConcat is || with an array operand: array || array, array ||
// element, element || array.
func arrayConcat(l, r expr, loc int32) (expr, error) {
	lt, rt := l.typ(), r.typ()
	var err error
	switch {
	case lt.Elem != nil && rt == catalog.Unknown:
		r, err = coerceTo(r, lt, loc)
	case rt.Elem != nil && lt == catalog.Unknown:
		l, err = coerceTo(l, rt, loc)
	case lt.Elem != nil && rt.Elem == nil:
		r, err = coerceTo(r, lt.Elem, loc)
	case rt.Elem != nil && lt.Elem == nil:
		l, err = coerceTo(l, rt.Elem, loc)
	}
	if err != nil {
		return nil, err
	}
	t := l.typ()
	if t.Elem == nil {
		t = r.typ()
	}
	lIsArr, rIsArr := l.typ().Elem != nil, r.typ().Elem != nil
	return &funcExpr{name: "array_cat", args: []expr{l, r}, t: t, fn: func(_ *env, a []any) (any, error) {
		wrap := func(v any, isArr bool) []any {
			if isArr {
				arr, _ := v.([]any)
				return arr
			}
			return []any{v}
		}
		if (lIsArr && a[0] == nil) && (rIsArr && a[1] == nil) {
			return nil, nil
		}
		return append(append([]any{}, wrap(a[0], lIsArr)...), wrap(a[1], rIsArr)...), nil
	}}, nil
}
