package executor

import (
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/value"
)

// to_char, to_timestamp(text, text) and to_date with PostgreSQL's
// template patterns (formatting.c): the date/time patterns clients use
// (YYYY MM DD HH24 HH12 MI SS MS US FF1-6 AM PM Month Mon Day Dy DDD D W
// WW IW IYYY Q CC J TZ OF SSSS, with FM and TH/th) and the numeric ones
// (9 0 . , D G S MI PL SG PR FM EEEE TH).

// toCharFamily is the formatting functions to_char, to_timestamp and to_date.
func toCharFamily() family {
	return family{name: "to_char", scalars: map[string]scalarFunc{
		"to_char": func(c *callSite, name string, args []expr, loc int32) (expr, error) {
			if len(args) != 2 {
				return nil, errNoFunction(name, args, loc)
			}
			f, err := coerceTo(args[1], value.Text, loc)
			if err != nil || !f.typ().IsString() {
				return nil, errNoFunction(name, args, loc)
			}
			x := args[0]
			t := x.typ()
			switch {
			case value.IsTimeType(t), t == value.Interval:
			case t.IsNumeric() && !t.IsOIDAlias():
			default:
				return nil, errNoFunction(name, args, loc)
			}
			return &funcExpr{name: name, args: []expr{x, f}, t: value.Text, strict: true, fn: func(_ *env, a []any) (any, error) {
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
			strictFunc(value.Timestamptz, []*value.Type{value.Float8}, func(_ *env, a []any) (any, error) {
				sec := a[0].(float64)
				us := int64(sec*1e6 + 0.5*value.Sign(sec))
				return time.UnixMicro(us).UTC(), nil
			}),
			strictFunc(value.Timestamptz, text2, func(_ *env, a []any) (any, error) {
				return value.ParseWithTemplate(str(a[0]), str(a[1]), value.Timestamptz)
			})),
		"to_date": strictFunc(value.Date, text2, func(_ *env, a []any) (any, error) {
			return value.ParseWithTemplate(str(a[0]), str(a[1]), value.Date)
		}),
	}}
}
