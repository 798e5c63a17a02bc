package funcs

import (
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// timeArith handles + and - with dates, timestamps and intervals; ok is
// false when the operand types are not a date/time combination.
func timeArith(op string, l, r expr.Expr, loc int32) (expr.Expr, bool, error) {
	lt, rt := l.Type(), r.Type()
	if !value.IsTimeType(lt) && lt != value.Interval && !value.IsTimeType(rt) && rt != value.Interval && lt != value.Time && rt != value.Time {
		return nil, false, nil
	}
	var err error
	if lt == value.Unknown {
		if l, err = expr.CoerceTo(l, map[bool]*value.Type{true: value.Interval, false: rt}[value.IsTimeType(rt) && op == "+"], loc); err != nil {
			return nil, true, err
		}
	}
	if rt == value.Unknown {
		want := value.Interval
		if op == "-" && value.IsTimeType(lt) {
			want = value.Interval
		}
		if r, err = expr.CoerceTo(r, want, loc); err != nil {
			return nil, true, err
		}
	}
	lt, rt = l.Type(), r.Type()
	mk := func(t *value.Type, fn func(a, b any) (any, error)) (expr.Expr, bool, error) {
		return &expr.FuncExpr{Name: op, Args: []expr.Expr{l, r}, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) { return fn(a[0], a[1]) }}, true, nil
	}
	switch {
	case value.IsTimeType(lt) && rt == value.Interval:
		t := lt
		if lt == value.Date {
			t = value.Timestamp
		}
		sign := 1
		if op == "-" {
			sign = -1
		}
		return mk(t, func(a, b any) (any, error) {
			return value.InTimestampRange(value.AddInterval(a.(time.Time), b.(pgtype.Interval), sign))
		})
	case lt == value.Interval && value.IsTimeType(rt) && op == "+":
		t := rt
		if rt == value.Date {
			t = value.Timestamp
		}
		return mk(t, func(a, b any) (any, error) {
			return value.InTimestampRange(value.AddInterval(b.(time.Time), a.(pgtype.Interval), 1))
		})
	case lt == value.Date && rt == value.Date && op == "-":
		return mk(value.Int4, func(a, b any) (any, error) {
			// By seconds, not time.Duration, which saturates at 292 years.
			return (a.(time.Time).Unix() - b.(time.Time).Unix()) / 86400, nil
		})
	case (lt == value.Date && rt == value.Time || lt == value.Time && rt == value.Date) && op == "+":
		// date + time is the timestamp of that time of day.
		return mk(value.Timestamp, func(a, b any) (any, error) {
			d, tod := a, b
			if lt == value.Time {
				d, tod = b, a
			}
			clock, err := value.ParseTime("2000-01-01 "+tod.(string), value.Timestamp)
			if err != nil {
				return nil, err
			}
			return d.(time.Time).Add(clock.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))), nil
		})
	case lt == value.Date && (rt == value.Int4 || rt == value.Int8 || rt == value.Int2):
		sign := 1
		if op == "-" {
			sign = -1
		}
		return mk(value.Date, func(a, b any) (any, error) { return a.(time.Time).AddDate(0, 0, sign*int(b.(int64))), nil })
	case value.IsTimeType(lt) && value.IsTimeType(rt) && op == "-":
		return mk(value.Interval, func(a, b any) (any, error) { return value.IntervalBetween(a.(time.Time), b.(time.Time)), nil })
	case lt == value.Interval && rt == value.Interval:
		sign := int64(1)
		if op == "-" {
			sign = -1
		}
		return mk(value.Interval, func(a, b any) (any, error) {
			x, y := a.(pgtype.Interval), b.(pgtype.Interval)
			months := int64(x.Months) + sign*int64(y.Months)
			days := int64(x.Days) + sign*int64(y.Days)
			d := y.Microseconds
			if sign < 0 {
				d = -d
			}
			us := x.Microseconds + d
			if months != int64(int32(months)) || days != int64(int32(days)) ||
				(sign < 0 && y.Microseconds == math.MinInt64) || (d > 0 && us < x.Microseconds) || (d < 0 && us > x.Microseconds) {
				return nil, value.ErrIntervalRange()
			}
			return pgtype.Interval{Months: int32(months), Days: int32(days), Microseconds: us, Valid: true}, nil
		})
	}
	return nil, true, OperatorMissing(op, lt, rt, loc)
}

// timestampArg coerces argument i to a date/time type.
func timestampArg(args []expr.Expr, i int, loc int32) error {
	x, err := expr.CoerceTo(args[i], value.Timestamptz, loc)
	if err != nil {
		return err
	}
	if !value.IsTimeType(x.Type()) {
		return ErrArgs
	}
	args[i] = x
	return nil
}

// bindDateTrunc is date_trunc(field, source).
func bindDateTrunc(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
	if len(args) != 2 {
		return nil, ErrNoFunction(name, args, loc)
	}
	f, err := expr.CoerceTo(args[0], value.Text, loc)
	if err != nil || !f.Type().IsString() || timestampArg(args, 1, loc) != nil {
		return nil, ErrNoFunction(name, args, loc)
	}
	t := args[1].Type()
	if t == value.Date {
		t = value.Timestamptz
	}
	return &expr.FuncExpr{Name: name, Args: []expr.Expr{f, args[1]}, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
		return value.DateTrunc(a[0].(string), a[1].(time.Time))
	}}, nil
}

// datePartFunc is extract (numeric) and date_part (float8).
func datePartFunc(ret *value.Type) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != 2 {
			return nil, ErrNoFunction(name, args, loc)
		}
		f, err := expr.CoerceTo(args[0], value.Text, loc)
		if err != nil || !f.Type().IsString() {
			return nil, ErrNoFunction(name, args, loc)
		}
		src := args[1].Type()
		if src == value.Time {
			// A time of day is a timestamp on no particular day.
			args[1] = &expr.FuncExpr{Name: "time", Args: []expr.Expr{args[1]}, T: value.Timestamp, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				return value.ParseTime("2000-01-01 "+a[0].(string), value.Timestamp)
			}}
		} else if src != value.Interval && timestampArg(args, 1, loc) != nil {
			return nil, ErrNoFunction(name, args, loc)
		}
		return &expr.FuncExpr{Name: name, Args: []expr.Expr{f, args[1]}, T: ret, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
			var s string
			var err error
			switch v := a[1].(type) {
			case pgtype.Interval:
				s, err = value.IntervalPart(a[0].(string), v)
			case time.Time:
				s, err = value.DatePart(a[0].(string), v, src)
			}
			if err != nil {
				return nil, err
			}
			if ret == value.Float8 {
				return strconv.ParseFloat(s, 64)
			}
			return value.ParseNumeric(s)
		}}, nil
	}
}

// bindAge is age(timestamp [, timestamp]).
func bindAge(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, ErrNoFunction(name, args, loc)
	}
	for i := range args {
		if timestampArg(args, i, loc) != nil {
			return nil, ErrNoFunction(name, args, loc)
		}
	}
	return &expr.FuncExpr{Name: name, Args: args, T: value.Interval, Strict: true, Fn: func(e *expr.Env, a []any) (any, error) {
		to := e.Now().Truncate(24 * time.Hour)
		from := a[0].(time.Time)
		if len(a) == 2 {
			to, from = a[0].(time.Time), a[1].(time.Time)
		}
		return value.AgeInterval(to, from), nil
	}}, nil
}

// intervalArith is interval * number, number * interval and interval /
// number; ok is false for other operands.
func intervalArith(op string, l, r expr.Expr, loc int32) (expr.Expr, bool, error) {
	lt, rt := l.Type(), r.Type()
	if (lt != value.Interval && rt != value.Interval) || (op != "*" && op != "/") {
		return nil, false, nil
	}
	iv, n := l, r
	if rt == value.Interval {
		if op == "/" || lt == value.Interval {
			return nil, true, OperatorMissing(op, lt, rt, loc)
		}
		iv, n = r, l
	}
	n, err := expr.CoerceTo(n, value.Float8, loc)
	if err != nil {
		return nil, true, err
	}
	if !n.Type().IsNumeric() || n.Type().IsOIDAlias() {
		return nil, true, OperatorMissing(op, lt, rt, loc)
	}
	if n, err = expr.CastExpr(n, value.Float8, false, loc); err != nil {
		return nil, true, err
	}
	return &expr.FuncExpr{Name: op, Args: []expr.Expr{iv, n}, T: value.Interval, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
		f := a[1].(float64)
		if op == "/" && f == 0 {
			return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
		}
		return value.ScaleInterval(a[0].(pgtype.Interval), f, op == "/")
	}}, true, nil
}
