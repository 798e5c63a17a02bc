package executor

import (
	"math/big"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// aggBinding binds expressions that sit above a GROUP BY: column
// references must be grouping columns, aggregates read the input rows. The
// aggregation's output row is the group values followed by the aggregate
// results.
type aggBinding struct {
	input      *scope
	groupCols  []int            // input column index of each grouping item; -1 for an expression
	groupNodes []*pg_query.Node // the parse tree of each grouping expression
	groups     []expr
	aggs       []*aggCall
}

func (a *aggBinding) addGroup(x expr, n *pg_query.Node) {
	col := -1
	if c, ok := x.(*colExpr); ok {
		col = c.idx
	}
	a.groupCols = append(a.groupCols, col)
	a.groupNodes = append(a.groupNodes, n)
	a.groups = append(a.groups, x)
}

// groupExpression finds a grouping expression equal to n.
func (a *aggBinding) groupExpression(n *pg_query.Node) (expr, bool) {
	if n.GetColumnRef() != nil {
		return nil, false
	}
	for i, g := range a.groupNodes {
		if g != nil && a.groupCols[i] < 0 && sameExpression(n, g) {
			return &colExpr{idx: i, t: a.groups[i].typ()}, true
		}
	}
	return nil, false
}

// groupTypmod is the type modifier of grouping item i.
func (a *aggBinding) groupTypmod(i int) int32 {
	if c := a.groupCols[i]; c >= 0 {
		return a.input.cols[c].typmod
	}
	return exprTypmod(a.groups[i])
}

type aggCall struct {
	name     string // for the memory account's errors
	def      aggregateDef
	args     []expr // bound against the input scope
	star     bool
	distinct bool
	filter   expr
	order    []sortKey
	t        *value.Type
}

func (a *aggBinding) groupColumn(b *binder, rel, name string, loc int32) (expr, error) {
	idx := a.input.lookup(rel, name)
	if idx < 0 {
		inner := &binder{s: b.s, params: b.params, scope: a.input}
		return inner.bindColumnRef(&pg_query.ColumnRef{Fields: columnFields(rel, name), Location: loc})
	}
	return a.groupIndex(idx, loc)
}

// groupIndex maps an input column to its grouping column.
func (a *aggBinding) groupIndex(idx int, loc int32) (expr, error) {
	for i, g := range a.groupCols {
		if g == idx {
			return &colExpr{idx: i, t: a.input.cols[idx].t}, nil
		}
	}
	if x, ok := a.dependentColumn(idx); ok {
		return x, nil
	}
	c := a.input.cols[idx]
	return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function", c.rel, c.name), loc)
}

func columnFields(rel, name string) []*pg_query.Node {
	var f []*pg_query.Node
	if rel != "" {
		f = append(f, pg_query.MakeStrNode(rel))
	}
	return append(f, pg_query.MakeStrNode(name))
}

func (a *aggBinding) aggregate(b *binder, fc *pg_query.FuncCall) (expr, error) {
	name := funcName(fc)
	def := lib().aggregates[name]
	inner := &binder{s: b.s, params: b.params, scope: a.input, outer: b.outer, ctes: b.ctes, query: b.query, inAgg: true}
	call := &aggCall{name: name, def: def, star: fc.AggStar, distinct: fc.AggDistinct}
	if orderedSet[name] != fc.AggWithinGroup {
		if fc.AggWithinGroup {
			return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name), fc.Location)
		}
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", name), fc.Location)
	}
	if fc.AggWithinGroup {
		args, order, err := withinGroupArgs(inner, fc)
		if err != nil {
			return nil, err
		}
		call.args, call.order = args, order
		t, err := def.result(args)
		if err != nil {
			return nil, errNoFunction(name, args, fc.Location)
		}
		call.t = t
		a.aggs = append(a.aggs, call)
		return &colExpr{idx: len(a.groupCols) + len(a.aggs) - 1, t: t}, nil
	}
	for _, n := range fc.Args {
		if nested := n.GetFuncCall(); nested != nil {
			if _, isAgg := lib().aggregates[funcName(nested)]; isAgg {
				return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), nested.Location)
			}
		}
		x, err := inner.bind(n)
		if err != nil {
			return nil, err
		}
		if x.typ() == value.Unknown {
			if x, err = coerceTo(x, value.Text, fc.Location); err != nil {
				return nil, err
			}
		}
		call.args = append(call.args, x)
	}
	if fc.AggFilter != nil {
		f, err := inner.bind(fc.AggFilter)
		if err != nil {
			return nil, err
		}
		call.filter = f
	}
	for _, o := range fc.AggOrder {
		k, err := inner.bindSortKey(o.GetSortBy())
		if err != nil {
			return nil, err
		}
		call.order = append(call.order, k)
	}
	t, err := def.result(call.args)
	if err != nil {
		return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", signatureOf(name, call.args)).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), fc.Location)
	}
	call.t = t
	a.aggs = append(a.aggs, call)
	return &colExpr{idx: len(a.groupCols) + len(a.aggs) - 1, t: t}, nil
}

// aggregateDef computes an aggregate from the argument rows of one group
// (already filtered, de-duplicated and ordered).
type aggregateDef struct {
	result func(args []expr) (*value.Type, error)
	final  func(rows [][]any, t *value.Type) (any, error)
	// finalTyped replaces final for aggregates whose result depends on
	// the argument types (jsonb_agg turns a date into "2024-05-14").
	finalTyped func(rows [][]any, args []*value.Type, t *value.Type) (any, error)
	// grow, when set, is told of each input row as the aggregate collects
	// it (size is its own running tally), so a result too large for a
	// value fails before the input is all held (string_agg).
	grow func(size *int, args []any) error
	// combine, when set, makes the result from the results of parts of
	// the input (each row one part's result), so the input can stream
	// through in chunks (aggregate_stream.go).
	combine func(parts [][]any, t *value.Type) (any, error)
	// combinable, when set, says for which result types combine holds
	// (a float sum of sums rounds differently from the running sum).
	combinable func(t *value.Type) bool
}

var errArgs = pgerr.New(pgerr.UndefinedFunction, "no such aggregate")

func argType(args []expr, n int) (*value.Type, error) {
	if len(args) != n {
		return nil, errArgs
	}
	if n == 0 {
		return nil, nil
	}
	return args[0].typ(), nil
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
func aggregateFamily() family {
	aggs := map[string]aggregateDef{
		"count": {
			result: func(args []expr) (*value.Type, error) { return value.Int8, nil },
			final: func(rows [][]any, _ *value.Type) (any, error) {
				n := 0
				for _, r := range rows {
					if len(r) == 0 || r[0] != nil {
						n++
					}
				}
				return int64(n), nil
			},
			combine: func(parts [][]any, _ *value.Type) (any, error) {
				var n int64
				for _, p := range parts {
					n += p[0].(int64)
				}
				return n, nil
			},
		},
		"sum": {
			result: func(args []expr) (*value.Type, error) {
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
				return nil, errArgs
			},
			final: func(rows [][]any, t *value.Type) (any, error) {
				vals := nonNull(rows)
				if len(vals) == 0 {
					return nil, nil
				}
				if t == value.Interval {
					return sumIntervals(vals), nil
				}
				var acc any = int64(0)
				for _, v := range vals {
					var err error
					if acc, err = arith("+", acc, v, t); err != nil {
						return nil, err
					}
				}
				return value.CastValue(acc, typeOf(acc), t)
			},
			combinable: func(t *value.Type) bool {
				return t == value.Int8 || t == value.Numeric || t == value.Interval
			},
		},
		"avg": {
			result: func(args []expr) (*value.Type, error) {
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
				return nil, errArgs
			},
			final: func(rows [][]any, t *value.Type) (any, error) {
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
					if sum, err = arith("+", sum, v, value.Numeric); err != nil {
						return nil, err
					}
				}
				n, _ := value.ToNumeric(sum)
				count := pgtype.Numeric{Int: big.NewInt(int64(len(vals))), Valid: true}
				return value.NumericDiv(n, count, value.DivScale(n, count)), nil
			},
		},
		"min":      {result: sameType, final: extreme(-1), combine: extreme(-1)},
		"max":      {result: sameType, final: extreme(1), combine: extreme(1)},
		"bool_and": {result: boolArg, final: boolFold(true), combine: boolFold(true)},
		"bool_or":  {result: boolArg, final: boolFold(false), combine: boolFold(false)},
		"every":    {result: boolArg, final: boolFold(true), combine: boolFold(true)},
		"string_agg": {
			result: func(args []expr) (*value.Type, error) {
				if len(args) != 2 || !args[0].typ().IsString() {
					return nil, errArgs
				}
				return value.Text, nil
			},
			grow: func(size *int, args []any) error {
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
			final: func(rows [][]any, _ *value.Type) (any, error) {
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
			result: func(args []expr) (*value.Type, error) {
				t, err := argType(args, 1)
				if err != nil {
					return nil, err
				}
				if at := arrayOf(t); at != nil {
					return at, nil
				}
				return nil, errArgs
			},
			final: func(rows [][]any, _ *value.Type) (any, error) {
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
	sum.combine = sum.final
	aggs["sum"] = sum
	return family{name: "aggregate", aggregates: aggs}
}

// sameType is min and max's result: their argument's type, for the
// types that have an ordering PostgreSQL gives min/max (not boolean,
// json or records).
func sameType(args []expr) (*value.Type, error) {
	t, err := argType(args, 1)
	if err != nil || t == value.Bool || t == value.JSONB || t == value.JSONType || t.Fields != nil {
		return nil, errArgs
	}
	return t, err
}

func boolArg(args []expr) (*value.Type, error) {
	t, err := argType(args, 1)
	if err != nil || t != value.Bool {
		return nil, errArgs
	}
	return value.Bool, nil
}

func extreme(sign int) func([][]any, *value.Type) (any, error) {
	return func(rows [][]any, _ *value.Type) (any, error) {
		var best any
		for _, v := range nonNull(rows) {
			if best == nil {
				best = v
				continue
			}
			c, err := compareValues(v, best)
			if err != nil {
				return nil, err
			}
			if c*sign > 0 {
				best = v
			}
		}
		return best, nil
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

// groupRows holds one group's input rows, in arrival order.
type groupRows struct {
	key  []any
	rows [][]any
}

// aggregateRows groups input rows and computes the aggregation output;
// with grouping sets, once per set.
func aggregateRows(e *env, a *aggBinding, input [][]any, implicitGroup bool, sets [][]int) ([][]any, error) {
	if sets == nil {
		return aggregateSet(e, a, input, implicitGroup, nil)
	}
	var out [][]any
	for _, set := range sets {
		mask := make([]bool, len(a.groups))
		for _, i := range set {
			mask[i] = true
		}
		rows, err := aggregateSet(e, a, input, len(set) == 0, mask)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// aggregateSet groups by the items mask selects (all when nil); the
// others are NULL in the output.
func aggregateSet(e *env, a *aggBinding, input [][]any, implicitGroup bool, mask []bool) ([][]any, error) {
	var groups []*groupRows
	index := map[string]*groupRows{}
	for _, row := range input {
		e.row = row
		key := make([]any, len(a.groups))
		for i, g := range a.groups {
			if mask != nil && !mask[i] {
				continue
			}
			v, err := g.eval(e)
			if err != nil {
				return nil, err
			}
			key[i] = v
		}
		k := groupKey(key)
		g, ok := index[k]
		// The group's reference to the row, and a new group's key.
		held := int64(wordSize)
		if !ok {
			held += int64(2*wordSize+len(k)) + rowSize(key)
		}
		if err := e.account().grow("HashAggregate", held); err != nil {
			return nil, err
		}
		if !ok {
			g = &groupRows{key: key}
			index[k] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, row)
	}
	if len(groups) == 0 && implicitGroup {
		groups = append(groups, &groupRows{})
	}
	out := make([][]any, 0, len(groups))
	for _, g := range groups {
		row := append([]any(nil), g.key...)
		for _, call := range a.aggs {
			v, err := call.compute(e, g.rows)
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		out = append(out, row)
	}
	return out, nil
}

// compute runs the aggregate over its group's rows. The argument values it
// collects are its state: charged as they are added, released when the
// result is made.
func (c *aggCall) compute(e *env, rows [][]any) (any, error) {
	var held int64
	defer func() { e.account().release(held) }()
	op := c.name
	if op == "" {
		op = "Aggregate"
	}
	var argRows [][]any
	var sortRows [][]any
	seen := map[string]bool{}
	size := 0
	for _, row := range rows {
		e.row = row
		if c.filter != nil {
			ok, err := c.filter.eval(e)
			if err != nil {
				return nil, err
			}
			if ok != true {
				continue
			}
		}
		vals := make([]any, len(c.args))
		for i, a := range c.args {
			v, err := a.eval(e)
			if err != nil {
				return nil, err
			}
			vals[i] = v
		}
		if c.distinct {
			k := groupKey(vals)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		keys := make([]any, len(c.order))
		for i, o := range c.order {
			v, err := o.x.eval(e)
			if err != nil {
				return nil, err
			}
			keys[i] = v
		}
		if c.def.grow != nil {
			if err := c.def.grow(&size, vals); err != nil {
				return nil, err
			}
		}
		n := rowSize(vals) + rowSize(keys)
		if err := e.account().grow(op, n); err != nil {
			return nil, err
		}
		held += n
		argRows = append(argRows, vals)
		sortRows = append(sortRows, keys)
	}
	order := c.order
	if c.distinct && len(order) == 0 {
		// DISTINCT sorts its input by the arguments (PostgreSQL removes
		// duplicates by sorting), so the result is in argument order.
		for i := range c.args {
			order = append(order, sortKey{x: c.args[i]})
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
		sort.SliceStable(idx, func(x, y int) bool {
			c, err := compareKeys(sortRows[idx[x]], sortRows[idx[y]], order)
			if err != nil {
				sortErr = err
			}
			return c < 0
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
	if c.def.finalTyped != nil {
		return c.def.finalTyped(argRows, exprTypes(c.args), c.t)
	}
	return c.def.final(argRows, c.t)
}

// groupKey is a map key for a tuple of values; NULLs group together.
func groupKey(vals []any) string {
	var sb strings.Builder
	for _, v := range vals {
		if v == nil {
			sb.WriteString("\x00N")
		} else {
			sb.WriteString("\x00V")
			sb.WriteString(value.FormatText(v))
		}
	}
	return sb.String()
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
