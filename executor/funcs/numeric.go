package funcs

import (
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// numericFunc binds a function with a float8 and a numeric variant
// (ceil, floor, round, trunc, sign): a numeric argument takes the numeric
// one, any other number (integers too) the float8 one, as PostgreSQL's
// preference for float8 within the numeric types decides.
func numericFunc(ff func(x float64) float64, nf func(x pgtype.Numeric) pgtype.Numeric) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != 1 || !(args[0].Type().IsNumeric() || args[0].Type() == value.Unknown) || args[0].Type().IsOIDAlias() {
			return nil, ErrNoFunction(name, args, loc)
		}
		t := value.Float8
		if args[0].Type() == value.Numeric {
			t = value.Numeric
		}
		x, err := expr.CastExpr(args[0], t, false, loc)
		if err != nil {
			return nil, err
		}
		return &expr.FuncExpr{Name: name, Args: []expr.Expr{x}, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
			if n, ok := a[0].(pgtype.Numeric); ok {
				return nf(n), nil
			}
			return ff(a[0].(float64)), nil
		}}, nil
	}
}

func floatSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// numericFamily is the functions of any numeric type: abs, rounding, mod, sign.
func numericFamily() Family {
	f8 := []*value.Type{value.Float8}
	return Family{Name: "numeric", Scalars: map[string]ScalarFunc{
		"abs": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 1 || !args[0].Type().IsNumeric() {
				return nil, ErrNoFunction(name, args, loc)
			}
			t := args[0].Type()
			return &expr.FuncExpr{Name: name, Args: args, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				switch v := a[0].(type) {
				case int64:
					if v == math.MinInt64 || (t == value.Int4 && v == math.MinInt32) {
						return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", t)
					}
					if v < 0 {
						return -v, nil
					}
					return v, nil
				case float64:
					return math.Abs(v), nil
				case pgtype.Numeric:
					return value.NumericAbs(v), nil
				}
				return nil, pgerr.New(pgerr.InternalError, "abs of %T", a[0])
			}}, nil
		},
		"ceil":    numericFunc(math.Ceil, value.NumericCeil),
		"ceiling": numericFunc(math.Ceil, value.NumericCeil),
		"floor":   numericFunc(math.Floor, value.NumericFloor),
		"sign":    numericFunc(floatSign, value.NumericSign),
		"pi":      strictFunc(value.Float8, nil, func(*expr.Env, []any) (any, error) { return math.Pi, nil }),
		"mod": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 2 {
				return nil, ErrNoFunction(name, args, loc)
			}
			return BinaryOperator("%", args[0], args[1], loc)
		},
		"trunc": overloads(
			numericFunc(math.Trunc, func(n pgtype.Numeric) pgtype.Numeric { return value.TruncNumericScale(n, 0) }),
			strictFunc(value.Numeric, []*value.Type{value.Numeric, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
				return value.TruncNumericScale(a[0].(pgtype.Numeric), int32(a[1].(int64))), nil
			})),
		"pg_sleep": strictFunc(value.Void, f8, func(e *expr.Env, a []any) (any, error) {
			// Clients test cancellation with pg_sleep: it must end when the
			// statement's context does.
			t := time.NewTimer(time.Duration(a[0].(float64) * float64(time.Second)))
			defer t.Stop()
			select {
			case <-t.C:
				return "", nil
			case <-e.Ctx.Done():
				return nil, e.Ctx.Err()
			}
		}),
		// round(float8) is rint, half to even; round(numeric) rounds half
		// away from zero, exactly.
		"round": overloads(
			numericFunc(math.RoundToEven, func(n pgtype.Numeric) pgtype.Numeric { return value.RoundNumericScale(n, 0) }),
			strictFunc(value.Numeric, []*value.Type{value.Numeric, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
				return value.RoundNumericScale(a[0].(pgtype.Numeric), int32(a[1].(int64))), nil
			})),
	}}
}
