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

// The seconds since 1970 a timestamp holds: from 4714-11-24 BC to before
// 294277-01-01 (PostgreSQL's MIN_TIMESTAMP and END_TIMESTAMP).
const (
	minUnixSeconds = -210866803200
	maxUnixSeconds = 9224318016000
	postgresEpoch  = 946684800 // 2000-01-01, in seconds since 1970
)

// toCharFamily is the formatting functions to_char, to_timestamp and to_date.
func toCharFamily() Family {
	return Family{Name: "to_char", Scalars: map[string]ScalarFunc{
		"to_char": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 2 {
				return nil, ErrNoFunction(name, args, loc)
			}
			f, err := expr.CoerceTo(args[1], value.Text, loc)
			if err != nil || !f.Type().IsString() {
				return nil, ErrNoFunction(name, args, loc)
			}
			x := args[0]
			t := x.Type()
			switch {
			case value.IsTimeType(t), t == value.Interval:
			case t.IsNumeric() && !t.IsOIDAlias():
			default:
				return nil, ErrNoFunction(name, args, loc)
			}
			return &expr.FuncExpr{Name: name, Args: []expr.Expr{x, f}, T: value.Text, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				switch v := a[0].(type) {
				case time.Time:
					return value.FormatDatetime(v, str(a[1]), t, nil), nil
				case pgtype.Interval:
					return value.FormatInterval2Char(v, str(a[1])), nil
				}
				return value.FormatNumber(a[0], str(a[1]))
			}}, nil
		},
		"to_timestamp": overloads(
			strictFunc(value.Timestamptz, []*value.Type{value.Float8}, func(_ *expr.Env, a []any) (any, error) {
				sec := a[0].(float64)
				switch {
				case math.IsNaN(sec):
					return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp cannot be NaN")
				case math.IsInf(sec, 0):
					return nil, pgerr.New(pgerr.FeatureNotSupported, "infinity values of type timestamp with time zone are not supported")
				case sec < minUnixSeconds || sec >= maxUnixSeconds:
					return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range: \"%s\"", strconv.FormatFloat(sec, 'g', 6, 64))
				}
				// As float8_timestamptz: microseconds since 2000, rounded
				// half to even, counted in float8 as PostgreSQL counts them.
				us := int64(math.RoundToEven((sec - postgresEpoch) * 1e6))
				return time.Unix(postgresEpoch+us/1e6, us%1e6*1e3).UTC(), nil
			}),
			strictFunc(value.Timestamptz, text2, func(_ *expr.Env, a []any) (any, error) {
				return value.ParseWithTemplate(str(a[0]), str(a[1]), value.Timestamptz)
			})),
		"to_date": strictFunc(value.Date, text2, func(_ *expr.Env, a []any) (any, error) {
			return value.ParseWithTemplate(str(a[0]), str(a[1]), value.Date)
		}),
	}}
}
