package funcs

import (
	"encoding/json"
	"math"
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// SetFunc is a set-returning function. resolve checks the argument types
// and names the result columns; rows computes the result for argument
// Values (NULL arguments give no rows unless the function says otherwise).
type SetFunc struct {
	Resolve func(args []expr.Expr) ([]expr.ScopeCol, error)
	Rows    func(e *expr.Env, args []any, types []*value.Type) ([][]any, error)
	// Each, when set, yields the rows one at a time (rows is then
	// collect(each)), so a consumer that keeps no rows needs no memory
	// for them.
	Each func(e *expr.Env, args []any, types []*value.Type, yield func(row []any) error) error
	// OutNamed: the result column has an OUT parameter's name (value),
	// which an alias does not replace.
	OutNamed bool
	// NeedsColumnList: the function returns record, typed by the call's
	// column definition list; recordRows then makes its rows.
	NeedsColumnList bool
	RecordRows      func(v any, cols []expr.ScopeCol) ([][]any, error)
	// SideEffects marks a function that changes something (the ec2.*
	// write functions): it may only be called where write_calls.go can
	// apply every condition before the call.
	SideEffects bool
	Method      catalog.Method // for sideEffects: what it calls
}

// srfFamily is the set-returning functions of arrays, json and text;
// generate_series counts integers here and steps through time in
// funcs_datetime.go.
func srfFamily() Family {
	return Family{Name: "srf", Sets: map[string]SetFunc{
		"generate_series": generateSeries(),
		"unnest": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) != 1 || value.ElemType(args[0].Type()) == nil {
					return nil, ErrArgs
				}
				return []expr.ScopeCol{{Name: "unnest", T: value.ElemType(args[0].Type())}}, nil
			},
			Rows: func(_ *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
				if a[0] == nil {
					return nil, nil
				}
				var out [][]any
				for _, v := range a[0].([]any) {
					out = append(out, []any{v})
				}
				return out, nil
			},
		},
		"jsonb_array_elements":      jsonArrayElements(value.JSONB, false),
		"jsonb_array_elements_text": jsonArrayElements(value.JSONB, true),
		"json_array_elements":       jsonArrayElements(value.JSONType, false),
		"json_array_elements_text":  jsonArrayElements(value.JSONType, true),
		"jsonb_each":                jsonEach(value.JSONB, false),
		"jsonb_each_text":           jsonEach(value.JSONB, true),
		"json_each":                 jsonEach(value.JSONType, false),
		"json_each_text":            jsonEach(value.JSONType, true),
		"jsonb_object_keys": {
			Resolve: jsonArg(value.JSONB, []expr.ScopeCol{{Name: "jsonb_object_keys", T: value.Text}}),
			Rows:    jsonObjectKeys,
		},
		"generate_subscripts": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) < 2 || len(args) > 3 || value.ElemType(args[0].Type()) == nil {
					return nil, ErrArgs
				}
				x, err := expr.CoerceTo(args[1], value.Int4, -1)
				if err != nil || x.Type() != value.Int4 {
					return nil, ErrArgs
				}
				args[1] = x
				return []expr.ScopeCol{{Name: "generate_subscripts", T: value.Int4}}, nil
			},
			Rows: func(_ *expr.Env, a []any, types []*value.Type) ([][]any, error) {
				if a[1].(int64) != 1 {
					return nil, nil
				}
				base := expr.LowerBound(types[0])
				var out [][]any
				for i := range a[0].([]any) {
					out = append(out, []any{base + int64(i)})
				}
				if len(a) > 2 && a[2] == true {
					for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
						out[i], out[j] = out[j], out[i]
					}
				}
				return out, nil
			},
		},
		"regexp_split_to_table": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) != 2 {
					return nil, ErrArgs
				}
				for i := range args {
					x, err := expr.CoerceTo(args[i], value.Text, -1)
					if err != nil || !x.Type().IsString() {
						return nil, ErrArgs
					}
					args[i] = x
				}
				return []expr.ScopeCol{{Name: "regexp_split_to_table", T: value.Text}}, nil
			},
			Rows: func(e *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
				re, err := value.CompileRegex(a[1].(string), "")
				if err != nil {
					return nil, err
				}
				parts, err := re.Split(e.MatchBudget(), a[0].(string))
				if err != nil {
					return nil, err
				}
				var out [][]any
				for _, p := range parts {
					out = append(out, []any{p})
				}
				return out, nil
			},
		},
		// _pg_expandarray is information_schema._pg_expandarray, which
		// pgJDBC's getPrimaryKeys calls.
		"_pg_expandarray": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) != 1 || value.ElemType(args[0].Type()) == nil {
					return nil, ErrArgs
				}
				return []expr.ScopeCol{{Name: "x", T: value.ElemType(args[0].Type())}, {Name: "n", T: value.Int4}}, nil
			},
			Rows: func(_ *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
				var out [][]any
				for i, v := range a[0].([]any) {
					out = append(out, []any{v, int64(i + 1)})
				}
				return out, nil
			},
		},
	}}
}

// intSeriesFunc is generate_series over integers and numerics.
func intSeriesFunc() SetFunc {
	return SetFunc{
		Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
			if len(args) < 2 || len(args) > 3 {
				return nil, ErrArgs
			}
			t := value.Int4
			for _, a := range args {
				switch at := a.Type(); {
				case at == value.Int8 || at == value.Numeric:
					t = expr.WiderNumeric(t, at)
				case at == value.Int2 || at == value.Int4 || at == value.Unknown:
				default:
					return nil, ErrArgs
				}
			}
			for i := range args {
				x, err := expr.CoerceTo(args[i], t, -1)
				if err != nil {
					return nil, err
				}
				args[i] = x
			}
			return []expr.ScopeCol{{Name: "generate_series", T: t}}, nil
		},
		Each: intSeries,
		Rows: collect(intSeries),
	}
}

// jsonObjectKeys is jsonb_object_keys and json_object_keys: the keys of
// an object, in jsonb's order.
func jsonObjectKeys(_ *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
	m, ok := a[0].(value.JSON).V.(map[string]any)
	if !ok {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot call jsonb_object_keys on %s", jsonKindPhrase(a[0].(value.JSON).V))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	value.SortJSONKeys(keys)
	out := make([][]any, len(keys))
	for i, k := range keys {
		out[i] = []any{k}
	}
	return out, nil
}

func jsonArg(t *value.Type, cols []expr.ScopeCol) func([]expr.Expr) ([]expr.ScopeCol, error) {
	return func(args []expr.Expr) ([]expr.ScopeCol, error) {
		if len(args) != 1 {
			return nil, ErrArgs
		}
		x, err := expr.CoerceTo(args[0], t, -1)
		if err != nil || x.Type() != t {
			return nil, ErrArgs
		}
		args[0] = x
		return cols, nil
	}
}

func jsonArrayElements(t *value.Type, asText bool) SetFunc {
	col := expr.ScopeCol{Name: "value", T: t}
	if asText {
		col.T = value.Text
	}
	return SetFunc{
		OutNamed: true,
		Resolve:  jsonArg(t, []expr.ScopeCol{col}),
		Rows: func(_ *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
			arr, ok := a[0].(value.JSON).V.([]any)
			if !ok {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot extract elements from %s", jsonKindPhrase(a[0].(value.JSON).V))
			}
			out := make([][]any, len(arr))
			for i, v := range arr {
				out[i] = []any{jsonElement(v, asText)}
			}
			return out, nil
		},
	}
}

func jsonKindPhrase(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case nil, string, json.Number, bool:
		return "a scalar"
	}
	return "an array"
}

func jsonElement(v any, asText bool) any {
	if !asText {
		return value.JSON{V: v}
	}
	if v == nil {
		return nil
	}
	return value.JSONScalarText(value.JSON{V: v})
}

func jsonEach(t *value.Type, asText bool) SetFunc {
	fname := map[bool]string{true: "json", false: "jsonb"}[t == value.JSONType] + "_each" + map[bool]string{true: "_text", false: ""}[asText]
	val := expr.ScopeCol{Name: "value", T: t}
	if asText {
		val.T = value.Text
	}
	return SetFunc{
		Resolve: jsonArg(t, []expr.ScopeCol{{Name: "key", T: value.Text}, val}),
		Rows: func(_ *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
			m, ok := a[0].(value.JSON).V.(map[string]any)
			if !ok {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot call %s on a non-object", fname)
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			value.SortJSONKeys(keys)
			out := make([][]any, len(keys))
			for i, k := range keys {
				out[i] = []any{k, jsonElement(m[k], asText)}
			}
			return out, nil
		},
	}
}

// intSeries is generate_series over integers.
func intSeries(_ *expr.Env, a []any, _ []*value.Type, yield func([]any) error) error {
	if a[0] == nil || a[1] == nil || (len(a) == 3 && a[2] == nil) {
		return nil
	}
	if _, ok := a[0].(pgtype.Numeric); ok {
		return numericSeries(a, yield)
	}
	start, stop, step := a[0].(int64), a[1].(int64), int64(1)
	if len(a) == 3 {
		step = a[2].(int64)
	}
	if step == 0 {
		return pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
	}
	for v := start; (step > 0 && v <= stop) || (step < 0 && v >= stop); v += step {
		if err := yield([]any{v}); err != nil {
			return err
		}
		if (step > 0 && v > math.MaxInt64-step) || (step < 0 && v < math.MinInt64-step) {
			break
		}
	}
	return nil
}

// numericSeries is generate_series over numeric: each value is the last
// plus step, so its scale is the larger of the two, as in PostgreSQL.
func numericSeries(a []any, yield func([]any) error) error {
	step := pgtype.Numeric{Int: big.NewInt(1), Valid: true}
	if len(a) == 3 {
		step = a[2].(pgtype.Numeric)
	}
	for i, what := range []string{"start value", "stop value", "step size"} {
		n := step
		if i < 2 {
			n = a[i].(pgtype.Numeric)
		}
		switch {
		case n.NaN:
			return pgerr.New(pgerr.InvalidParameterValue, "%s cannot be NaN", what)
		case n.InfinityModifier != pgtype.Finite:
			return pgerr.New(pgerr.InvalidParameterValue, "%s cannot be infinity", what)
		}
	}
	if step.Int == nil || step.Int.Sign() == 0 {
		return pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
	}
	stop := a[1].(pgtype.Numeric)
	for v := a[0].(pgtype.Numeric); ; {
		c, err := expr.NumericCompare(v, stop)
		if err != nil {
			return err
		}
		if (step.Int.Sign() > 0 && c > 0) || (step.Int.Sign() < 0 && c < 0) {
			return nil
		}
		if err := yield([]any{v}); err != nil {
			return err
		}
		if v, err = value.NumericArith("+", v, step); err != nil {
			return err
		}
	}
}

// collect is rows for a set function that streams: every row, within the
// statement's row account.
func collect(each func(*expr.Env, []any, []*value.Type, func([]any) error) error) func(*expr.Env, []any, []*value.Type) ([][]any, error) {
	return func(e *expr.Env, a []any, types []*value.Type) ([][]any, error) {
		var out [][]any
		err := each(e, a, types, func(row []any) error {
			out = append(out, row)
			if err := e.Charge("Function Scan", row); err != nil {
				return err
			}
			return expr.CheckProgress(e, len(out))
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// StreamChunk is how many rows a streamed relation hands on at a time.
const StreamChunk = 1 << 16

// SRFCall is a set-returning function in the select list. Each input row
// yields as many output rows as the longest such call returns.
type SRFCall struct {
	Fn   SetFunc
	Args []expr.Expr
	T    *value.Type
}

func (c *SRFCall) Type() *value.Type { return c.T }

func (c *SRFCall) Eval(e *expr.Env) (any, error) { return e.SRF[c], nil }

// Values computes the call's result for the current row.
func (c *SRFCall) Values(e *expr.Env) ([]any, error) {
	vals := make([]any, len(c.Args))
	for i, a := range c.Args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		vals[i] = v
	}
	rows, err := c.Fn.Rows(e, vals, ExprTypes(c.Args))
	if err != nil {
		return nil, err
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		if len(r) == 1 {
			out[i] = r[0]
		} else {
			out[i] = r // a record
		}
	}
	return out, nil
}

func ExprTypes(xs []expr.Expr) []*value.Type {
	out := make([]*value.Type, len(xs))
	for i, x := range xs {
		out[i] = x.Type()
	}
	return out
}

// ReadsOuter reports whether expressions read a column of the query level
// Depth levels out (1: the FROM items to the left of a function call).
func ReadsOuter(xs []expr.Expr, depth int) bool {
	found := false
	for _, x := range xs {
		seen := expr.WalkExpr(x, func(x expr.Expr) {
			if o, ok := x.(*expr.OuterColExpr); ok && o.Depth == depth {
				found = true
			}
		})
		// Something opaque (a subquery) might read it: assume it does.
		found = found || !seen
	}
	return found
}
