package funcs

import (
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
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
				us := int64(sec*1e6 + 0.5*value.Sign(sec))
				return time.UnixMicro(us).UTC(), nil
			}),
			strictFunc(value.Timestamptz, text2, func(_ *expr.Env, a []any) (any, error) {
				return value.ParseWithTemplate(str(a[0]), str(a[1]), value.Timestamptz)
			})),
		"to_date": strictFunc(value.Date, text2, func(_ *expr.Env, a []any) (any, error) {
			return value.ParseWithTemplate(str(a[0]), str(a[1]), value.Date)
		}),
	}}
}
