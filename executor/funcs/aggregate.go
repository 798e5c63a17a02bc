package funcs

import (
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

type AggCall struct {
	Name     string // for the memory account's errors
	Def      AggregateDef
	Args     []expr.Expr // bound against the input scope
	Star     bool
	Distinct bool
	Filter   expr.Expr
	Order    []expr.SortKey
	T        *value.Type
}

// AggregateDef computes an aggregate from the argument rows of one group
// (already filtered, de-duplicated and ordered).
type AggregateDef struct {
	Result func(args []expr.Expr) (*value.Type, error)
	Final  func(rows [][]any, t *value.Type) (any, error)
	// FinalTyped replaces final for aggregates whose result depends on
	// the argument types (jsonb_agg turns a date into "2024-05-14").
	FinalTyped func(rows [][]any, args []*value.Type, t *value.Type) (any, error)
	// Grow, when set, is told of each input row as the aggregate collects
	// it (size is its own running tally), so a result too large for a
	// value fails before the input is all held (string_agg).
	Grow func(size *int, args []any) error
	// Combine, when set, makes the result from the results of parts of
	// the input (each row one part's result), so the input can stream
	// through in chunks (aggregate_stream.go).
	Combine func(parts [][]any, t *value.Type) (any, error)
	// Combinable, when set, says for which result types combine holds
	// (a float sum of sums rounds differently from the running sum).
	Combinable func(t *value.Type) bool
	// Commutative: the result does not depend on the input's order, so
	// DISTINCT need not sort it (count(DISTINCT x) only counts).
	Commutative bool
}

var ErrArgs = pgerr.New(pgerr.UndefinedFunction, "no such aggregate")

func argType(args []expr.Expr, n int) (*value.Type, error) {
	if len(args) != n {
		return nil, ErrArgs
	}
	if n == 0 {
		return nil, nil
	}
	return args[0].Type(), nil
}

// nonNull returns the first argument of every row where it is not NULL.
func nonNull(rows [][]any) []any {
	var out []any
	for _, r := range rows {
		if len(r) > 0 && r[0] != nil {
			out = append(out, r[0])
		}
	}
	return out
}

// aggregateFamily is the general-purpose aggregates.
func aggregateFamily() Family {
	aggs := map[string]AggregateDef{
		"count": {
			Commutative: true,
			Result:      func(args []expr.Expr) (*value.Type, error) { return value.Int8, nil },
			Final: func(rows [][]any, _ *value.Type) (any, error) {
				n := 0
				for _, r := range rows {
					if len(r) == 0 || r[0] != nil {
						n++
					}
				}
				return int64(n), nil
			},
			Combine: func(parts [][]any, _ *value.Type) (any, error) {
				var n int64
				for _, p := range parts {
					n += p[0].(int64)
				}
				return n, nil
			},
		},
		"sum": {
			Result: func(args []expr.Expr) (*value.Type, error) {
				t, err := argType(args, 1)
				switch {
				case err != nil:
					return nil, err
				case t == value.Int2 || t == value.Int4:
					return value.Int8, nil
				case t == value.Int8 || t == value.Numeric:
					return value.Numeric, nil
				case t == value.Float4 || t == value.Float8 || t == value.Interval:
					return t, nil
				}
				return nil, ErrArgs
			},
			Final: func(rows [][]any, t *value.Type) (any, error) {
				vals := nonNull(rows)
				if len(vals) == 0 {
					return nil, nil
				}
				if t == value.Interval {
					return sumIntervals(vals), nil
				}
				// float8pl's state starts at the first value, so sum('-0')
				// stays -0.
				var acc any = int64(0)
				if t == value.Float4 || t == value.Float8 {
					acc, vals = value.ToFloat(vals[0]), vals[1:]
				}
				for _, v := range vals {
					var err error
					if acc, err = expr.Arith("+", acc, v, t); err != nil {
						return nil, err
					}
				}
				return value.CastValue(acc, typeOf(acc), t)
			},
			Combinable: func(t *value.Type) bool {
				return t == value.Int8 || t == value.Numeric || t == value.Interval
			},
		},
		"avg": {
			Result: func(args []expr.Expr) (*value.Type, error) {
				t, err := argType(args, 1)
				switch {
				case err != nil:
					return nil, err
				case t == value.Float4 || t == value.Float8:
					return value.Float8, nil
				case t == value.Interval:
					return t, nil
				case t.IsNumeric():
					return value.Numeric, nil
				}
				return nil, ErrArgs
			},
			Final: func(rows [][]any, t *value.Type) (any, error) {
				vals := nonNull(rows)
				if len(vals) == 0 {
					return nil, nil
				}
				if t == value.Interval {
					return value.ScaleInterval(sumIntervals(vals), float64(len(vals)), true)
				}
				if t == value.Float8 {
					sum := 0.0
					for _, v := range vals {
						sum += value.ToFloat(v)
					}
					return sum / float64(len(vals)), nil
				}
				// The exact sum divided by the count at numeric
				// division's scale, as int8_avg and numeric_avg do.
				var sum any = int64(0)
				for _, v := range vals {
					var err error
					if sum, err = expr.Arith("+", sum, v, value.Numeric); err != nil {
						return nil, err
					}
				}
				// NaN and Infinity divide as numeric_div does them.
				return expr.Arith("/", sum, int64(len(vals)), value.Numeric)
			},
		},
		"min":      {Result: sameType, Final: extreme(-1), Combine: extreme(-1), Commutative: true},
		"max":      {Result: sameType, Final: extreme(1), Combine: extreme(1), Commutative: true},
		"bool_and": {Result: boolArg, Final: boolFold(true), Combine: boolFold(true), Commutative: true},
		"bool_or":  {Result: boolArg, Final: boolFold(false), Combine: boolFold(false), Commutative: true},
		"every":    {Result: boolArg, Final: boolFold(true), Combine: boolFold(true), Commutative: true},
		"string_agg": {
			Result: func(args []expr.Expr) (*value.Type, error) {
				if len(args) != 2 || !args[0].Type().IsString() {
					return nil, ErrArgs
				}
				return value.Text, nil
			},
			Grow: func(size *int, args []any) error {
				if args[0] == nil {
					return nil
				}
				v := len(args[0].(string))
				if err := value.CheckStringBuffer(*size, v); err != nil {
					return err
				}
				*size += v
				if args[1] != nil {
					*size += len(args[1].(string))
				}
				return nil
			},
			Final: func(rows [][]any, _ *value.Type) (any, error) {
				var sb strings.Builder
				n := 0
				for _, r := range rows {
					if r[0] == nil {
						continue
					}
					if n > 0 && r[1] != nil {
						sb.WriteString(r[1].(string))
					}
					sb.WriteString(r[0].(string))
					n++
				}
				if n == 0 {
					return nil, nil
				}
				return sb.String(), nil
			},
		},
		"array_agg": {
			Result: func(args []expr.Expr) (*value.Type, error) {
				t, err := argType(args, 1)
				if err != nil {
					return nil, err
				}
				if at := expr.ArrayOf(t); at != nil {
					return at, nil
				}
				return nil, ErrArgs
			},
			Final: func(rows [][]any, _ *value.Type) (any, error) {
				if len(rows) == 0 {
					return nil, nil
				}
				out := make([]any, len(rows))
				for i, r := range rows {
					out[i] = r[0]
				}
				return out, nil
			},
		},
	}
	// An exact sum of the parts' sums is the sum.
	sum := aggs["sum"]
	sum.Combine = sum.Final
	aggs["sum"] = sum
	return Family{Name: "aggregate", aggregates: aggs}
}

// sameType is min and max's result: their argument's type, for the
// Types that have an ordering PostgreSQL gives min/max (not boolean,
// json or records).
func sameType(args []expr.Expr) (*value.Type, error) {
	t, err := argType(args, 1)
	if err != nil || t == value.Bool || t == value.JSONB || t == value.JSONType || t.Fields != nil {
		return nil, ErrArgs
	}
	return t, err
}

func boolArg(args []expr.Expr) (*value.Type, error) {
	t, err := argType(args, 1)
	if err != nil || t != value.Bool {
		return nil, ErrArgs
	}
	return value.Bool, nil
}

func extreme(sign int) func([][]any, *value.Type) (any, error) {
	return func(rows [][]any, _ *value.Type) (any, error) {
		return expr.Extreme(nonNull(rows), sign, true)
	}
}

func boolFold(and bool) func([][]any, *value.Type) (any, error) {
	return func(rows [][]any, _ *value.Type) (any, error) {
		vals := nonNull(rows)
		if len(vals) == 0 {
			return nil, nil
		}
		for _, v := range vals {
			if v.(bool) != and {
				return !and, nil
			}
		}
		return and, nil
	}
}

// typeOf names the type of a Go value produced by arithmetic.
func typeOf(v any) *value.Type {
	switch v.(type) {
	case int64:
		return value.Int8
	case float64:
		return value.Float8
	}
	return value.Numeric
}

// GroupRows holds one group's input rows, in arrival order.
type GroupRows struct {
	Key  []any
	Rows [][]any
}

// Compute runs the aggregate over its group's rows. The argument values it
// collects are its state: charged as they are added, released when the
// Result is made.
func (c *AggCall) Compute(e *expr.Env, rows [][]any) (any, error) {
	var held int64
	defer func() { e.Account().Release(held) }()
	op := c.Name
	if op == "" {
		op = "Aggregate"
	}
	if len(c.Args) == 0 && c.Filter == nil && len(c.Order) == 0 && !c.Distinct && c.Def.Grow == nil && c.Def.FinalTyped == nil {
		// count(*): every row is the same empty argument row, and only
		// their number matters.
		held = int64(len(rows)) * expr.SliceSize
		if err := e.Account().Grow(op, held); err != nil {
			held = 0
			return nil, err
		}
		argRows := make([][]any, len(rows))
		for i := range argRows {
			argRows[i] = []any{}
		}
		return c.Def.Final(argRows, c.T)
	}
	var argRows [][]any
	var sortRows [][]any
	seen := map[string]bool{}
	size := 0
	for _, row := range rows {
		e.Row = row
		if c.Filter != nil {
			ok, err := c.Filter.Eval(e)
			if err != nil {
				return nil, err
			}
			if ok != true {
				continue
			}
		}
		vals := make([]any, len(c.Args))
		for i, a := range c.Args {
			v, err := a.Eval(e)
			if err != nil {
				return nil, err
			}
			vals[i] = v
		}
		if c.Distinct {
			k := GroupKey(vals)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		keys := make([]any, len(c.Order))
		for i, o := range c.Order {
			v, err := o.X.Eval(e)
			if err != nil {
				return nil, err
			}
			keys[i] = v
		}
		if c.Def.Grow != nil {
			if err := c.Def.Grow(&size, vals); err != nil {
				return nil, err
			}
		}
		n := expr.RowSize(vals) + expr.RowSize(keys)
		if err := e.Account().Grow(op, n); err != nil {
			return nil, err
		}
		held += n
		argRows = append(argRows, vals)
		sortRows = append(sortRows, keys)
	}
	order := c.Order
	if c.Distinct && len(order) == 0 && !c.Def.Commutative {
		// DISTINCT sorts its input by the arguments (PostgreSQL removes
		// duplicates by sorting), so the result is in argument order.
		for i := range c.Args {
			order = append(order, expr.SortKey{X: c.Args[i]})
		}
		for i := range sortRows {
			sortRows[i] = argRows[i]
		}
	}
	if len(order) > 0 {
		idx := make([]int, len(argRows))
		for i := range idx {
			idx[i] = i
		}
		var sortErr error
		slices.SortStableFunc(idx, func(x, y int) int {
			c, err := expr.CompareKeys(sortRows[x], sortRows[y], order)
			if err != nil {
				sortErr = err
			}
			return c
		})
		if sortErr != nil {
			return nil, sortErr
		}
		sorted := make([][]any, len(argRows))
		for i, j := range idx {
			sorted[i] = argRows[j]
		}
		argRows = sorted
	}
	if c.Def.FinalTyped != nil {
		return c.Def.FinalTyped(argRows, ExprTypes(c.Args), c.T)
	}
	return c.Def.Final(argRows, c.T)
}

// GroupKey is a map key for a tuple of values; NULLs group together.
// Values equal by their type's = have one key, as in PostgreSQL's
// hashing: numeric 1.0 and 1.00, float8 0 and -0, interval '1 day' and
// '24 hours', and arrays of them.
func GroupKey(vals []any) string {
	return string(AppendGroupKey(nil, vals))
}

// AppendGroupKey appends GroupKey(vals) to dst: a caller that looks a key
// up in a map with m[string(buf)] allocates only for a new key.
func AppendGroupKey(dst []byte, vals []any) []byte {
	for _, v := range vals {
		dst = appendGroupKey(dst, v)
	}
	return dst
}

func appendGroupKey(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "\x00N"...)
	case string:
		return append(append(dst, "\x00V"...), x...)
	case pgtype.Numeric:
		if r, ok := value.ToRat(x); ok {
			return append(append(dst, "\x00V"...), r.RatString()...)
		}
	case float64:
		if x == 0 {
			v = 0.0 // -0 = 0
		}
	case pgtype.Interval:
		return strconv.AppendInt(append(dst, "\x00V"...), value.IntervalMicros(x), 10)
	case []any:
		dst = append(dst, "\x00A"...)
		for _, el := range x {
			dst = appendGroupKey(dst, el)
		}
		return append(dst, "\x00E"...)
	}
	return append(append(dst, "\x00V"...), value.FormatText(v)...)
}

// sumIntervals adds intervals field by field, as interval_pl does.
func sumIntervals(vals []any) pgtype.Interval {
	var sum pgtype.Interval
	for _, v := range vals {
		iv := v.(pgtype.Interval)
		sum.Months += iv.Months
		sum.Days += iv.Days
		sum.Microseconds += iv.Microseconds
	}
	sum.Valid = true
	return sum
}

// windowFamily is the functions that need OVER.
func windowFamily() Family {
	return Family{Name: "window", windows: map[string]bool{
		"row_number": true, "rank": true, "dense_rank": true, "lag": true, "lead": true,
		"first_value": true, "last_value": true, "nth_value": true, "ntile": true, "percent_rank": true, "cume_dist": true,
	}}
}
