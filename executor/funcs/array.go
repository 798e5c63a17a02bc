package funcs

import (
	"strconv"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// arrayFunc binds a function whose first argument is an array.
func arrayFunc(ret func(arr *value.Type) *value.Type, nargs int, fn func(arr []any, args []any) (any, error)) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != nargs || args[0].Type().Elem == nil {
			return nil, ErrNoFunction(name, args, loc)
		}
		at := args[0].Type()
		for i := 1; i < len(args); i++ {
			want := value.Int4
			switch name {
			case "array_position", "array_positions", "array_remove", "array_append", "array_replace":
				want = at.Elem
			}
			x, err := expr.CoerceTo(args[i], want, loc)
			if err != nil {
				return nil, err
			}
			args[i] = x
		}
		return &expr.FuncExpr{Name: name, Args: args, T: ret(at), Fn: func(_ *expr.Env, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return fn(a[0].([]any), a[1:])
		}}, nil
	}
}

func same(t *value.Type) *value.Type { return t }

func int4(*value.Type) *value.Type { return value.Int4 }

// arrayFamily is the array functions.
func arrayFamily() Family {
	return Family{Name: "array", Scalars: map[string]ScalarFunc{
		"array_length": arrayFunc(int4, 2, func(arr []any, a []any) (any, error) {
			if a[0] != int64(1) || len(arr) == 0 {
				return nil, nil
			}
			return int64(len(arr)), nil
		}),
		"cardinality": arrayFunc(int4, 1, func(arr []any, _ []any) (any, error) { return int64(len(arr)), nil }),
		"array_position": arrayFunc(int4, 2, func(arr []any, a []any) (any, error) {
			for i, v := range arr {
				if v != nil && a[0] != nil {
					if c, err := expr.CompareValues(v, a[0]); err == nil && c == 0 {
						return int64(i + 1), nil
					}
				}
			}
			return nil, nil
		}),
		"array_remove": arrayFunc(same, 2, func(arr []any, a []any) (any, error) {
			out := []any{}
			for _, v := range arr {
				if v == nil && a[0] == nil {
					continue
				}
				if v != nil && a[0] != nil {
					if c, _ := expr.CompareValues(v, a[0]); c == 0 {
						continue
					}
				}
				out = append(out, v)
			}
			return out, nil
		}),
		"array_append": arrayFunc(same, 2, func(arr []any, a []any) (any, error) {
			return append(append([]any{}, arr...), a[0]), nil
		}),
		"array_ndims": arrayFunc(int4, 1, func(arr []any, _ []any) (any, error) {
			if len(arr) == 0 {
				return nil, nil
			}
			return int64(1), nil
		}),
		"array_dims": arrayFunc(func(*value.Type) *value.Type { return value.Text }, 1, func(arr []any, _ []any) (any, error) {
			if len(arr) == 0 {
				return nil, nil
			}
			return "[1:" + strconv.Itoa(len(arr)) + "]", nil
		}),
		"array_positions": arrayFunc(func(*value.Type) *value.Type { return value.Int4Array }, 2, func(arr []any, a []any) (any, error) {
			out := []any{}
			for i, v := range arr {
				if sameElem(v, a[0]) {
					out = append(out, int64(i+1))
				}
			}
			return out, nil
		}),
		"array_replace": arrayFunc(same, 3, func(arr []any, a []any) (any, error) {
			out := make([]any, len(arr))
			for i, v := range arr {
				out[i] = v
				if sameElem(v, a[0]) {
					out[i] = a[1]
				}
			}
			return out, nil
		}),
		"trim_array": arrayFunc(same, 2, func(arr []any, a []any) (any, error) {
			n, ok := a[0].(int64)
			if !ok {
				return nil, nil
			}
			if n < 0 || n > int64(len(arr)) {
				return nil, pgerr.New(pgerr.ArraySubscriptError, "number of elements to trim must be between 0 and %d", len(arr))
			}
			return append([]any{}, arr[:int64(len(arr))-n]...), nil
		}),
		"array_cat": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 2 || (args[0].Type().Elem == nil && args[0].Type() != value.Unknown) || (args[1].Type().Elem == nil && args[1].Type() != value.Unknown) {
				return nil, ErrNoFunction(name, args, loc)
			}
			return arrayConcat(args[0], args[1], loc)
		},
		"array_prepend": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 2 || args[1].Type().Elem == nil {
				return nil, ErrNoFunction(name, args, loc)
			}
			return arrayConcat(args[0], args[1], loc)
		},
		"array_fill": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 2 || args[1].Type() != value.Int4Array {
				return nil, ErrNoFunction(name, args, loc)
			}
			v := args[0]
			if v.Type() == value.Unknown {
				return nil, pgerr.At(pgerr.New(pgerr.IndeterminateDatatype, "could not determine polymorphic type because input has type unknown"), loc)
			}
			at := expr.ArrayOf(v.Type())
			if at == nil {
				return nil, ErrNoFunction(name, args, loc)
			}
			return &expr.FuncExpr{Name: name, Args: args, T: at, Fn: func(_ *expr.Env, a []any) (any, error) {
				dims, _ := a[1].([]any)
				if a[1] == nil {
					return nil, pgerr.New(pgerr.NullValueNotAllowed, "dimension array or low bound array cannot be null")
				}
				if len(dims) != 1 || dims[0] == nil {
					return nil, pgerr.New(pgerr.FeatureNotSupported, "only one-dimensional arrays are supported")
				}
				out := make([]any, max(dims[0].(int64), 0))
				for i := range out {
					out[i] = a[0]
				}
				return out, nil
			}}, nil
		},
	}}
}

// arrayConcat is || with an array operand: array || array, array ||
// element, element || array.
func arrayConcat(l, r expr.Expr, loc int32) (expr.Expr, error) {
	lt, rt := l.Type(), r.Type()
	var err error
	switch {
	case lt.Elem != nil && rt == value.Unknown:
		r, err = expr.CoerceTo(r, lt, loc)
	case rt.Elem != nil && lt == value.Unknown:
		l, err = expr.CoerceTo(l, rt, loc)
	case lt.Elem != nil && rt.Elem == nil:
		r, err = expr.CoerceTo(r, lt.Elem, loc)
	case rt.Elem != nil && lt.Elem == nil:
		l, err = expr.CoerceTo(l, rt.Elem, loc)
	}
	if err != nil {
		return nil, err
	}
	t := l.Type()
	if t.Elem == nil {
		t = r.Type()
	}
	lIsArr, rIsArr := l.Type().Elem != nil, r.Type().Elem != nil
	return &expr.FuncExpr{Name: "array_cat", Args: []expr.Expr{l, r}, T: t, Fn: func(_ *expr.Env, a []any) (any, error) {
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

// sameElem is IS NOT DISTINCT FROM for array elements.
func sameElem(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	c, err := expr.CompareValues(a, b)
	return err == nil && c == 0
}

// arrayContains is @>: every non-NULL element of b occurs in a; a NULL
// element in b is never contained.
func arrayContains(a, b []any) bool {
	for _, y := range b {
		if y == nil {
			return false
		}
		found := false
		for _, x := range a {
			if x != nil && sameElem(x, y) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// arrayOperator binds @>, <@ and && between arrays of one element type.
func arrayOperator(op string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	l, r, err := untypedTakesOther(l, r, loc)
	if err != nil {
		return nil, err
	}
	lt, rt := l.Type(), r.Type()
	if lt.Elem == nil || rt.Elem == nil || (lt != rt && !(lt.Elem.IsNumeric() && rt.Elem.IsNumeric()) && !(lt.Elem.IsString() && rt.Elem.IsString())) {
		return nil, OperatorMissing(op, lt, rt, loc)
	}
	return &expr.FuncExpr{Name: op, Args: []expr.Expr{l, r}, T: value.Bool, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
		x, y := a[0].([]any), a[1].([]any)
		switch op {
		case "@>":
			return arrayContains(x, y), nil
		case "<@":
			return arrayContains(y, x), nil
		}
		for _, v := range x {
			if v != nil && arrayContains(y, []any{v}) {
				return true, nil
			}
		}
		return false, nil
	}}, nil
}
