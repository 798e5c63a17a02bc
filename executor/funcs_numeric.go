package executor

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// numericFunc applies f to float8 or numeric arguments, keeping the type:
// integers are promoted as PostgreSQL's implicit casts would.
func numericFunc(f func(x float64) float64) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) != 1 || !(args[0].typ().IsNumeric() || args[0].typ() == catalog.Unknown) {
			return nil, errNoFunction(name, args, loc)
		}
		t := args[0].typ()
		switch t {
		case catalog.Float4, catalog.Float8:
			t = catalog.Float8
		case catalog.Unknown:
			t = catalog.Float8
		default:
			t = catalog.Numeric
		}
		x, err := castExpr(args[0], t, false, loc)
		if err != nil {
			return nil, err
		}
		return &funcExpr{name: name, args: []expr{x}, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
			v := f(toFloat(a[0]))
			if t == catalog.Numeric {
				return floatToNumeric(v)
			}
			return v, nil
		}}, nil
	}
}

func init() {
	f8 := []*catalog.Type{catalog.Float8}
	for name, f := range map[string]scalarFunc{
		"abs": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			if len(args) != 1 || !args[0].typ().IsNumeric() {
				return nil, errNoFunction(name, args, loc)
			}
			t := args[0].typ()
			return &funcExpr{name: name, args: args, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
				switch v := a[0].(type) {
				case int64:
					if v == math.MinInt64 || (t == catalog.Int4 && v == math.MinInt32) {
						return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", t)
					}
					if v < 0 {
						return -v, nil
					}
					return v, nil
				case float64:
					return math.Abs(v), nil
				}
				return floatToNumeric(math.Abs(toFloat(a[0])))
			}}, nil
		},
		"ceil":    numericFunc(math.Ceil),
		"ceiling": numericFunc(math.Ceil),
		"floor":   numericFunc(math.Floor),
		"sign":    numericFunc(func(x float64) float64 { return float64(cmpFloat(x, 0)) }),
		"sqrt": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			// numeric for a numeric argument; otherwise float8, the
			// preferred type of the numeric category.
			if len(args) == 1 && args[0].typ() == catalog.Numeric {
				return &funcExpr{name: name, args: args, t: catalog.Numeric, strict: true, fn: func(_ *env, a []any) (any, error) {
					return numericSqrt(a[0].(pgtype.Numeric))
				}}, nil
			}
			return strictFunc(catalog.Float8, f8, func(_ *env, a []any) (any, error) {
				if a[0].(float64) < 0 {
					return nil, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
				}
				return math.Sqrt(a[0].(float64)), nil
			})(b, name, args, loc)
		},
		"exp": strictFunc(catalog.Float8, f8, func(_ *env, a []any) (any, error) { return math.Exp(a[0].(float64)), nil }),
		"ln": strictFunc(catalog.Float8, f8, func(_ *env, a []any) (any, error) {
			if a[0].(float64) <= 0 {
				return nil, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a non-positive number")
			}
			return math.Log(a[0].(float64)), nil
		}),
		"power": strictFunc(catalog.Float8, []*catalog.Type{catalog.Float8, catalog.Float8}, func(_ *env, a []any) (any, error) {
			return math.Pow(a[0].(float64), a[1].(float64)), nil
		}),
		"pi":     strictFunc(catalog.Float8, nil, func(*env, []any) (any, error) { return math.Pi, nil }),
		"random": strictFunc(catalog.Float8, nil, func(*env, []any) (any, error) { return rand.Float64(), nil }),
		"mod": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			if len(args) != 2 {
				return nil, errNoFunction(name, args, loc)
			}
			return binaryOperator("%", args[0], args[1], loc)
		},
		"trunc": numericFunc(math.Trunc),
		"pg_sleep": strictFunc(catalog.Void, f8, func(e *env, a []any) (any, error) {
			// Clients test cancellation with pg_sleep: it must end when the
			// statement's context does.
			t := time.NewTimer(time.Duration(a[0].(float64) * float64(time.Second)))
			defer t.Stop()
			select {
			case <-t.C:
				return "", nil
			case <-e.ctx.Done():
				return nil, e.ctx.Err()
			}
		}),
	} {
		scalarFuncs[name] = f
	}
	// round(float8) rounds half away from zero; round(numeric) too.
	scalarFuncs["round"] = overloads(
		numericFunc(math.Round),
		strictFunc(catalog.Numeric, []*catalog.Type{catalog.Numeric, catalog.Int4}, func(_ *env, a []any) (any, error) {
			return roundNumeric(a[0].(pgtype.Numeric), a[1].(int64))
		}))
}

// roundNumeric rounds to n decimal places, half away from zero, and keeps
// exactly n digits after the point as PostgreSQL prints them.
func roundNumeric(x pgtype.Numeric, n int64) (any, error) {
	r, ok := toRat(x)
	if !ok {
		return x, nil
	}
	f, _ := r.Float64()
	scale := math.Pow(10, float64(n))
	v := math.Round(f*scale) / scale
	return parseNumeric(formatFixed(v, int(max(n, 0))))
}

func formatFixed(v float64, digits int) string {
	return strconv.FormatFloat(v, 'f', digits, 64)
}
