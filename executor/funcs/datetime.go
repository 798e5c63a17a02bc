package funcs

import (
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// datetimeFamily is the date/time functions.
func datetimeFamily() Family {
	i4 := value.Int4
	now := func(e *expr.Env, _ []any) (any, error) { return e.Now(), nil }
	statementTime := func(e *expr.Env, _ []any) (any, error) { return e.StatementTime(), nil }
	return Family{Name: "datetime", Scalars: map[string]ScalarFunc{
		"make_date": strictFunc(value.Date, []*value.Type{i4, i4, i4}, func(_ *expr.Env, a []any) (any, error) {
			return makeDate(a[0].(int64), a[1].(int64), a[2].(int64))
		}),
		"make_timestamp": strictFunc(value.Timestamp, []*value.Type{i4, i4, i4, i4, i4, value.Float8}, func(_ *expr.Env, a []any) (any, error) {
			return makeTimestamp(a)
		}),
		"make_timestamptz": strictFunc(value.Timestamptz, []*value.Type{i4, i4, i4, i4, i4, value.Float8}, func(_ *expr.Env, a []any) (any, error) {
			return makeTimestamp(a)
		}),
		"justify_hours": strictFunc(value.Interval, []*value.Type{value.Interval}, func(_ *expr.Env, a []any) (any, error) {
			return justifyHours(a[0].(pgtype.Interval)), nil
		}),
		"justify_days": strictFunc(value.Interval, []*value.Type{value.Interval}, func(_ *expr.Env, a []any) (any, error) {
			return justifyDays(a[0].(pgtype.Interval)), nil
		}),
		"justify_interval": strictFunc(value.Interval, []*value.Type{value.Interval}, func(_ *expr.Env, a []any) (any, error) {
			return justifyInterval(a[0].(pgtype.Interval)), nil
		}),
		"isfinite": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 1 || !(value.IsTimeType(args[0].Type()) || args[0].Type() == value.Interval) {
				return nil, ErrNoFunction(name, args, loc)
			}
			return &expr.FuncExpr{Name: name, Args: args, T: value.Bool, Strict: true, Fn: func(*expr.Env, []any) (any, error) { return true, nil }}, nil
		},
		// make_interval(years, months, weeks, days, hours, mins, secs),
		// All optional, usually called with named arguments.
		"make_interval": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			types := []*value.Type{i4, i4, i4, i4, i4, i4, value.Float8}
			if len(args) > len(types) {
				return nil, ErrNoFunction(name, args, loc)
			}
			for len(args) < len(types) {
				args = append(args, nil)
			}
			for i := range args {
				if args[i] == nil {
					args[i] = &expr.ConstExpr{V: int64(0), T: i4}
				}
			}
			return strictFunc(value.Interval, types, func(_ *expr.Env, a []any) (any, error) {
				// PostgreSQL 15 refuses only NaN and infinity; a finite
				// value too large wraps there as it does here.
				secs := math.RoundToEven(a[6].(float64) * 1e6)
				if math.IsNaN(secs) || math.IsInf(secs, 0) {
					return nil, value.ErrIntervalRange()
				}
				return pgtype.Interval{
					Months:       int32(a[0].(int64)*12 + a[1].(int64)),
					Days:         int32(a[2].(int64)*7 + a[3].(int64)),
					Microseconds: a[4].(int64)*3600e6 + a[5].(int64)*60e6 + int64(secs),
					Valid:        true,
				}, nil
			})(c, name, args, loc)
		},
		"now":                   strictFunc(value.Timestamptz, nil, now),
		"statement_timestamp":   strictFunc(value.Timestamptz, nil, statementTime),
		"transaction_timestamp": strictFunc(value.Timestamptz, nil, now),
		// clock_timestamp changes during a statement: it is volatile (pushdown.go).
		"clock_timestamp": strictFunc(value.Timestamptz, nil, func(*expr.Env, []any) (any, error) { return time.Now().UTC().Truncate(time.Microsecond), nil }),
		"date_trunc":      bindDateTrunc,
		"extract":         datePartFunc(value.Numeric),
		"date_part":       datePartFunc(value.Float8),
		"age":             bindAge,
		"timezone":        bindTimezone,
	}, namedArgs: map[string][]string{
		"make_interval": {"years", "months", "weeks", "days", "hours", "mins", "secs"},
	}}
}

// generateSeries is generate_series: over timestamps with an interval
// step (here), otherwise over integers and numerics (srf.go).
func generateSeries() SetFunc {
	series := intSeriesFunc()
	s := SetFunc{
		Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
			if len(args) == 3 && (value.IsTimeType(args[0].Type()) || value.IsTimeType(args[1].Type())) {
				return resolveTimeSeries(args)
			}
			return series.Resolve(args)
		},
		Each: func(e *expr.Env, a []any, types []*value.Type, yield func([]any) error) error {
			if len(a) == 3 {
				if _, ok := a[2].(pgtype.Interval); ok {
					return timeSeries(e, a, yield)
				}
			}
			return series.Each(e, a, types, yield)
		},
	}
	s.Rows = collect(s.Each)
	return s
}

func resolveTimeSeries(args []expr.Expr) ([]expr.ScopeCol, error) {
	t := value.Timestamptz
	if args[0].Type() == value.Timestamp || args[1].Type() == value.Timestamp {
		t = value.Timestamp
	}
	for i, want := range []*value.Type{t, t, value.Interval} {
		x, err := expr.CoerceTo(args[i], want, -1)
		if err == nil && value.IsTimeType(x.Type()) && want != value.Interval {
			x, err = expr.CastExpr(x, want, false, -1)
		}
		if err != nil || x.Type() != want {
			return nil, ErrArgs
		}
		args[i] = x
	}
	return []expr.ScopeCol{{Name: "generate_series", T: t}}, nil
}

func timeSeries(_ *expr.Env, a []any, yield func([]any) error) error {
	start, stop, step := a[0].(time.Time), a[1].(time.Time), a[2].(pgtype.Interval)
	if value.IntervalMicros(step) == 0 {
		return pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
	}
	up := value.IntervalMicros(step) > 0
	for ts := start; (up && !ts.After(stop)) || (!up && !ts.Before(stop)); ts = value.AddInterval(ts, step, 1) {
		if err := yield([]any{ts}); err != nil {
			return err
		}
	}
	return nil
}

func makeDate(y, m, d int64) (any, error) {
	if y == 0 {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", y, m, d)
	}
	if m < 1 || m > 12 || d < 1 || d > int64(value.DaysIn(int(astronomicalYear(y)), time.Month(m))) {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", y, m, d)
	}
	return time.Date(int(astronomicalYear(y)), time.Month(m), int(d), 0, 0, 0, 0, time.UTC), nil
}

// astronomicalYear is Go's year of a PostgreSQL year: -1 is 1 BC, which
// Go counts as year 0.
func astronomicalYear(y int64) int64 {
	if y < 0 {
		return y + 1
	}
	return y
}

func makeTimestamp(a []any) (any, error) {
	y, mo, d, h, mi := a[0].(int64), a[1].(int64), a[2].(int64), a[3].(int64), a[4].(int64)
	sec := a[5].(float64)
	if _, err := makeDate(y, mo, d); err != nil {
		return nil, err
	}
	if h < 0 || h > 24 || mi < 0 || mi > 59 || sec < 0 || sec > 60 {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%02g", h, mi, sec)
	}
	us := int64(math.Round(sec * 1e6))
	return time.Date(int(astronomicalYear(y)), time.Month(mo), int(d), int(h), int(mi), 0, 0, time.UTC).Add(time.Duration(us) * time.Microsecond), nil
}

func justifyHours(iv pgtype.Interval) pgtype.Interval {
	const day = int64(86400e6)
	iv.Days += int32(iv.Microseconds / day)
	iv.Microseconds %= day
	if iv.Days > 0 && iv.Microseconds < 0 {
		iv.Microseconds += day
		iv.Days--
	} else if iv.Days < 0 && iv.Microseconds > 0 {
		iv.Microseconds -= day
		iv.Days++
	}
	return iv
}

func justifyDays(iv pgtype.Interval) pgtype.Interval {
	iv.Months += iv.Days / 30
	iv.Days %= 30
	if iv.Months > 0 && iv.Days < 0 {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && iv.Days > 0 {
		iv.Days -= 30
		iv.Months++
	}
	return iv
}

func justifyInterval(iv pgtype.Interval) pgtype.Interval {
	const day = int64(86400e6)
	iv.Days += int32(iv.Microseconds / day)
	iv.Microseconds %= day
	iv.Months += iv.Days / 30
	iv.Days %= 30
	if iv.Months > 0 && (iv.Days < 0 || (iv.Days == 0 && iv.Microseconds < 0)) {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && (iv.Days > 0 || (iv.Days == 0 && iv.Microseconds > 0)) {
		iv.Days -= 30
		iv.Months++
	}
	if iv.Days > 0 && iv.Microseconds < 0 {
		iv.Microseconds += day
		iv.Days--
	} else if iv.Days < 0 && iv.Microseconds > 0 {
		iv.Microseconds -= day
		iv.Days++
	}
	return iv
}

// zoneLocation reads a time zone as AT TIME ZONE accepts it: a tz
// database name, an abbreviation, or UTC.
func zoneLocation(name string) (*time.Location, error) {
	if off, ok := value.ZoneAbbrevs[strings.ToLower(name)]; ok {
		return time.FixedZone(name, off), nil
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc, nil
	}
	return nil, pgerr.New(pgerr.InvalidParameterValue, "time zone %q not recognized", name)
}

// bindTimezone is timezone(zone, ts), which AT TIME ZONE is: a timestamptz
// becomes the wall clock there, a timestamp is read as that zone's wall clock.
func bindTimezone(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
	if len(args) != 2 {
		return nil, ErrNoFunction(name, args, loc)
	}
	zone, err := expr.CoerceTo(args[0], value.Text, loc)
	if err != nil {
		return nil, err
	}
	ts, err := expr.CoerceTo(args[1], value.Timestamptz, loc)
	if err != nil {
		return nil, err
	}
	if ts.Type() == value.Date {
		if ts, err = expr.CastExpr(ts, value.Timestamptz, false, loc); err != nil {
			return nil, err
		}
	}
	in := ts.Type()
	if (in != value.Timestamptz && in != value.Timestamp) || !(zone.Type().IsString() || zone.Type() == value.Interval) {
		return nil, ErrNoFunction(name, args, loc)
	}
	out := value.Timestamp
	if in == value.Timestamp {
		out = value.Timestamptz
	}
	return &expr.FuncExpr{Name: name, Args: []expr.Expr{zone, ts}, T: out, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
		var where *time.Location
		switch z := a[0].(type) {
		case string:
			l, err := zoneLocation(z)
			if err != nil {
				return nil, err
			}
			where = l
		case pgtype.Interval:
			where = time.FixedZone("", int(z.Microseconds/1e6))
		}
		t := a[1].(time.Time).UTC()
		if in == value.Timestamptz {
			wall := t.In(where)
			return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), time.UTC), nil
		}
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), where).UTC(), nil
	}}, nil
}
