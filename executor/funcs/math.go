package funcs

import (
	"math"
	"math/big"
	"math/rand/v2"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// floatOrNumeric is the variant type for the arguments, or nil when one
// is not a number.
func floatOrNumeric(args []expr.Expr) *value.Type {
	t := value.Float8
	for i, a := range args {
		at := a.Type().BaseType()
		switch {
		case at == value.Unknown:
		case at == value.Numeric:
			if i == 0 || t == value.Numeric {
				t = value.Numeric
			}
		case at == value.Float4 || at == value.Float8:
			return value.Float8
		case at.IsNumeric() && !at.IsOIDAlias():
		default:
			return nil
		}
	}
	for _, a := range args {
		if a.Type().BaseType() == value.Numeric {
			return value.Numeric
		}
	}
	return t
}

// mathFunc binds a function of float8 or numeric arguments.
func mathFunc(nargs int, ff func(a []float64) (float64, error), nf func(a []pgtype.Numeric) (pgtype.Numeric, error)) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != nargs {
			return nil, ErrNoFunction(name, args, loc)
		}
		t := floatOrNumeric(args)
		if t == nil || (t == value.Numeric && nf == nil) || (t == value.Float8 && ff == nil) {
			if t == value.Float8 && nf != nil {
				t = value.Numeric
			} else {
				return nil, ErrNoFunction(name, args, loc)
			}
		}
		cast := make([]expr.Expr, len(args))
		for i, a := range args {
			x, err := expr.CastExpr(a, t, false, loc)
			if err != nil {
				return nil, err
			}
			cast[i] = x
		}
		return &expr.FuncExpr{Name: name, Args: cast, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
			if t == value.Float8 {
				fs := make([]float64, len(a))
				for i, v := range a {
					fs[i] = v.(float64)
				}
				return ff(fs)
			}
			ns := make([]pgtype.Numeric, len(a))
			for i, v := range a {
				ns[i] = v.(pgtype.Numeric)
			}
			return nf(ns)
		}}, nil
	}
}

func float1(f func(float64) float64) func([]float64) (float64, error) {
	return func(a []float64) (float64, error) { return f(a[0]), nil }
}

// floatPow is float8 ^ float8 with pow()'s errors.
func floatPow(a []float64) (float64, error) {
	x, y := a[0], a[1]
	if x == 0 && y < 0 {
		return 0, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	}
	if x < 0 && y != math.Trunc(y) {
		return 0, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return 0, pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
	}
	return r, nil
}

func floatLn(a []float64) (float64, error) {
	switch {
	case a[0] == 0:
		return 0, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of zero")
	case a[0] < 0:
		return 0, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
	}
	return math.Log(a[0]), nil
}

func floatLog10(a []float64) (float64, error) {
	if _, err := floatLn(a); err != nil {
		return 0, err
	}
	return math.Log10(a[0]), nil
}

func floatSqrt(a []float64) (float64, error) {
	if a[0] < 0 {
		return 0, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
	}
	return math.Sqrt(a[0]), nil
}

var ten = pgtype.Numeric{Int: big.NewInt(10), Valid: true}

// mathFamily is the mathematical functions.
func mathFamily() Family {
	power := mathFunc(2, floatPow, func(a []pgtype.Numeric) (pgtype.Numeric, error) { return value.NumericPower(a[0], a[1]) })
	return Family{Name: "math", Scalars: map[string]ScalarFunc{
		"exp": mathFunc(1, float1(math.Exp), func(a []pgtype.Numeric) (pgtype.Numeric, error) { return value.NumericExp(a[0]) }),
		"ln":  mathFunc(1, floatLn, func(a []pgtype.Numeric) (pgtype.Numeric, error) { return value.NumericLn(a[0]) }),
		"log": overloads(
			mathFunc(1, floatLog10, func(a []pgtype.Numeric) (pgtype.Numeric, error) { return value.NumericLog(ten, a[0]) }),
			mathFunc(2, nil, func(a []pgtype.Numeric) (pgtype.Numeric, error) { return value.NumericLog(a[0], a[1]) })),
		"log10": mathFunc(1, floatLog10, func(a []pgtype.Numeric) (pgtype.Numeric, error) { return value.NumericLog(ten, a[0]) }),
		"power": power,
		"pow":   power,
		"sqrt": mathFunc(1, floatSqrt, func(a []pgtype.Numeric) (pgtype.Numeric, error) {
			return value.NumericSqrt(a[0])
		}),
		"cbrt":    strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Cbrt(a[0].(float64)), nil }),
		"degrees": strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return a[0].(float64) * (180 / math.Pi), nil }),
		"radians": strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return a[0].(float64) * (math.Pi / 180), nil }),
		"sin":     strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Sin(a[0].(float64)), nil }),
		"cos":     strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Cos(a[0].(float64)), nil }),
		"tan":     strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Tan(a[0].(float64)), nil }),
		"asin":    strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Asin(a[0].(float64)), nil }),
		"acos":    strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Acos(a[0].(float64)), nil }),
		"atan":    strictFunc(value.Float8, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) { return math.Atan(a[0].(float64)), nil }),
		"atan2": strictFunc(value.Float8, []*value.Type{value.Float8, value.Float8}, func(_ *expr.Env, a []any) (any, error) {
			return math.Atan2(a[0].(float64), a[1].(float64)), nil
		}),
		"div": strictFunc(value.Numeric, []*value.Type{value.Numeric, value.Numeric}, func(_ *expr.Env, a []any) (any, error) {
			return value.NumericDivTrunc(a[0].(pgtype.Numeric), a[1].(pgtype.Numeric))
		}),
		"factorial": strictFunc(value.Numeric, []*value.Type{value.Int8}, func(_ *expr.Env, a []any) (any, error) {
			n := a[0].(int64)
			if n < 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "factorial of a negative number is undefined")
			}
			if n > 32177 {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
			}
			return pgtype.Numeric{Int: new(big.Int).MulRange(1, max(n, 1)), Valid: true}, nil
		}),
		"gcd":       intPairFunc(false),
		"lcm":       intPairFunc(true),
		"scale":     scaleFunc(false),
		"min_scale": scaleFunc(true),
		"trim_scale": strictFunc(value.Numeric, []*value.Type{value.Numeric}, func(_ *expr.Env, a []any) (any, error) {
			return value.NumericTrimScale(a[0].(pgtype.Numeric)), nil
		}),
		"width_bucket": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 4 {
				return nil, ErrNoFunction(name, args, loc)
			}
			t := floatOrNumeric(args[:3])
			if t == nil {
				return nil, ErrNoFunction(name, args, loc)
			}
			return strictFunc(value.Int4, []*value.Type{t, t, t, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
				return widthBucket(value.ToFloat(a[0]), value.ToFloat(a[1]), value.ToFloat(a[2]), a[3].(int64))
			})(c, name, args, loc)
		},
		"setseed": strictFunc(value.Void, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) {
			if f := a[0].(float64); f < -1 || f > 1 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "setseed parameter %v is out of allowed range [-1,1]", f)
			}
			return "", nil
		}),
		"random": strictFunc(value.Float8, nil, func(*expr.Env, []any) (any, error) { return rand.Float64(), nil }),
	}}
}

// scaleFunc is scale(numeric), or with trim min_scale: NULL for NaN and
// the infinities.
func scaleFunc(trim bool) ScalarFunc {
	return strictFunc(value.Int4, []*value.Type{value.Numeric}, func(_ *expr.Env, a []any) (any, error) {
		if s, ok := value.NumericScale(a[0].(pgtype.Numeric), trim); ok {
			return int64(s), nil
		}
		return nil, nil
	})
}

// intPairFunc is gcd, or with lcm lcm, over integers of the arguments'
// wider type.
func intPairFunc(lcm bool) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != 2 {
			return nil, ErrNoFunction(name, args, loc)
		}
		t := expr.ArithType(args[0].Type(), args[1].Type())
		if args[0].Type() == value.Unknown || args[1].Type() == value.Unknown {
			t = value.Int4
		}
		if t == nil || t == value.Float4 || t == value.Float8 {
			return nil, ErrNoFunction(name, args, loc)
		}
		if t == value.Int2 {
			t = value.Int4
		}
		return strictFunc(t, []*value.Type{t, t}, func(_ *expr.Env, a []any) (any, error) {
			if t == value.Numeric {
				return value.NumericGCDLCM(a[0].(pgtype.Numeric), a[1].(pgtype.Numeric), lcm), nil
			}
			r := value.GCDLCM(big.NewInt(a[0].(int64)), big.NewInt(a[1].(int64)), lcm)
			if !r.IsInt64() || !value.FitsInt(r.Int64(), t) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", t)
			}
			return r.Int64(), nil
		})(c, name, args, loc)
	}
}

func widthBucket(x, lo, hi float64, count int64) (any, error) {
	if count <= 0 {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "count must be greater than zero")
	}
	// numeric NaN and infinities arrive here as float64's.
	if math.IsNaN(x) || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "operand, lower bound, and upper bound cannot be NaN")
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "lower and upper bounds must be finite")
	}
	if lo == hi {
		return nil, pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, "lower bound cannot equal upper bound")
	}
	switch {
	case lo < hi && x < lo, lo > hi && x > lo:
		return int64(0), nil
	case lo < hi && x >= hi, lo > hi && x <= hi:
		return count + 1, nil
	}
	return int64(float64(count)*(x-lo)/(hi-lo)) + 1, nil
}
