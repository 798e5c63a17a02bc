package executor

import (
	"encoding/json"
	"math"
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// setFunc is a set-returning function. resolve checks the argument types
// and names the result columns; rows computes the result for argument
// values (NULL arguments give no rows unless the function says otherwise).
type setFunc struct {
	resolve func(args []expr) ([]scopeCol, error)
	rows    func(e *env, args []any, types []*value.Type) ([][]any, error)
	// each, when set, yields the rows one at a time (rows is then
	// collect(each)), so a consumer that keeps no rows needs no memory
	// for them.
	each func(e *env, args []any, types []*value.Type, yield func(row []any) error) error
	// outNamed: the result column has an OUT parameter's name (value),
	// which an alias does not replace.
	outNamed bool
	// needsColumnList: the function returns record, typed by the call's
	// column definition list; recordRows then makes its rows.
	needsColumnList bool
	recordRows      func(v any, cols []scopeCol) ([][]any, error)
	// sideEffects marks a function that changes something (the ec2.*
	// write functions): it may only be called where write_calls.go can
	// apply every condition before the call.
	sideEffects bool
	method      catalog.Method // for sideEffects: what it calls
}

// srfFamily is the set-returning functions of arrays, json and text;
// generate_series counts integers here and steps through time in
// funcs_datetime.go.
func srfFamily() family {
	return family{name: "srf", sets: map[string]setFunc{
		"generate_series": generateSeries(),
		"unnest": {
			resolve: func(args []expr) ([]scopeCol, error) {
				if len(args) != 1 || value.ElemType(args[0].typ()) == nil {
					return nil, errArgs
				}
				return []scopeCol{{name: "unnest", t: value.ElemType(args[0].typ())}}, nil
			},
			rows: func(_ *env, a []any, _ []*value.Type) ([][]any, error) {
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
			resolve: jsonArg(value.JSONB, []scopeCol{{name: "jsonb_object_keys", t: value.Text}}),
			rows:    jsonObjectKeys,
		},
		"generate_subscripts": {
			resolve: func(args []expr) ([]scopeCol, error) {
				if len(args) < 2 || len(args) > 3 || value.ElemType(args[0].typ()) == nil {
					return nil, errArgs
				}
				x, err := coerceTo(args[1], value.Int4, -1)
				if err != nil || x.typ() != value.Int4 {
					return nil, errArgs
				}
				args[1] = x
				return []scopeCol{{name: "generate_subscripts", t: value.Int4}}, nil
			},
			rows: func(_ *env, a []any, types []*value.Type) ([][]any, error) {
				if a[1].(int64) != 1 {
					return nil, nil
				}
				base := lowerBound(types[0])
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
			resolve: func(args []expr) ([]scopeCol, error) {
				if len(args) != 2 {
					return nil, errArgs
				}
				for i := range args {
					x, err := coerceTo(args[i], value.Text, -1)
					if err != nil || !x.typ().IsString() {
						return nil, errArgs
					}
					args[i] = x
				}
				return []scopeCol{{name: "regexp_split_to_table", t: value.Text}}, nil
			},
			rows: func(e *env, a []any, _ []*value.Type) ([][]any, error) {
				re, err := value.CompileRegex(a[1].(string), "")
				if err != nil {
					return nil, err
				}
				parts, err := re.Split(e.matchBudget(), a[0].(string))
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
			resolve: func(args []expr) ([]scopeCol, error) {
				if len(args) != 1 || value.ElemType(args[0].typ()) == nil {
					return nil, errArgs
				}
				return []scopeCol{{name: "x", t: value.ElemType(args[0].typ())}, {name: "n", t: value.Int4}}, nil
			},
			rows: func(_ *env, a []any, _ []*value.Type) ([][]any, error) {
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
func intSeriesFunc() setFunc {
	return setFunc{
		resolve: func(args []expr) ([]scopeCol, error) {
			if len(args) < 2 || len(args) > 3 {
				return nil, errArgs
			}
			t := value.Int4
			for _, a := range args {
				switch at := a.typ(); {
				case at == value.Int8 || at == value.Numeric:
					t = widerNumeric(t, at)
				case at == value.Int2 || at == value.Int4 || at == value.Unknown:
				default:
					return nil, errArgs
				}
			}
			for i := range args {
				x, err := coerceTo(args[i], t, -1)
				if err != nil {
					return nil, err
				}
				args[i] = x
			}
			return []scopeCol{{name: "generate_series", t: t}}, nil
		},
		each: intSeries,
		rows: collect(intSeries),
	}
}

// jsonObjectKeys is jsonb_object_keys and json_object_keys: the keys of
// an object, in jsonb's order.
func jsonObjectKeys(_ *env, a []any, _ []*value.Type) ([][]any, error) {
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

func jsonArg(t *value.Type, cols []scopeCol) func([]expr) ([]scopeCol, error) {
	return func(args []expr) ([]scopeCol, error) {
		if len(args) != 1 {
			return nil, errArgs
		}
		x, err := coerceTo(args[0], t, -1)
		if err != nil || x.typ() != t {
			return nil, errArgs
		}
		args[0] = x
		return cols, nil
	}
}

func jsonArrayElements(t *value.Type, asText bool) setFunc {
	col := scopeCol{name: "value", t: t}
	if asText {
		col.t = value.Text
	}
	return setFunc{
		outNamed: true,
		resolve:  jsonArg(t, []scopeCol{col}),
		rows: func(_ *env, a []any, _ []*value.Type) ([][]any, error) {
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

func jsonEach(t *value.Type, asText bool) setFunc {
	fname := map[bool]string{true: "json", false: "jsonb"}[t == value.JSONType] + "_each" + map[bool]string{true: "_text", false: ""}[asText]
	val := scopeCol{name: "value", t: t}
	if asText {
		val.t = value.Text
	}
	return setFunc{
		resolve: jsonArg(t, []scopeCol{{name: "key", t: value.Text}, val}),
		rows: func(_ *env, a []any, _ []*value.Type) ([][]any, error) {
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
func intSeries(_ *env, a []any, _ []*value.Type, yield func([]any) error) error {
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
		c, err := numericCompare(v, stop)
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
func collect(each func(*env, []any, []*value.Type, func([]any) error) error) func(*env, []any, []*value.Type) ([][]any, error) {
	return func(e *env, a []any, types []*value.Type) ([][]any, error) {
		var out [][]any
		err := each(e, a, types, func(row []any) error {
			out = append(out, row)
			if err := e.charge("Function Scan", row); err != nil {
				return err
			}
			return checkProgress(e, len(out))
		})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// functionRel is a function call in FROM, optionally WITH ORDINALITY.
type functionRel struct {
	fn         setFunc
	recordCols int // columns of a column definition list
	args       []expr
	cols       []scopeCol
	ordinality bool
	scalar     expr       // a plain function in FROM gives one row
	site       *writeSite // set for a side-effecting function
}

func (f *functionRel) columns() []scopeCol { return f.cols }

// rows evaluates the arguments in e: e.outer is the left row (or the
// enclosing level for the first FROM item), as the arguments were bound.
func (f *functionRel) open(e *env) (rowIter, error) {
	rows, err := f.rows(e)
	if err != nil {
		return nil, err
	}
	return sliceRows(rows), nil
}

func (f *functionRel) rows(e *env) ([][]any, error) {
	ev := e
	var rows [][]any
	if f.scalar != nil {
		v, err := f.scalar.eval(ev)
		if err != nil {
			return nil, err
		}
		rows = [][]any{{v}}
	} else {
		vals := make([]any, len(f.args))
		for i, a := range f.args {
			v, err := a.eval(ev)
			if err != nil {
				return nil, err
			}
			vals[i] = v
			if v == nil {
				return nil, nil
			}
		}
		var err error
		if f.site != nil {
			if err := e.s.checkWriteSites(e, []*writeSite{f.site}); err != nil {
				return nil, err
			}
		}
		if f.fn.recordRows != nil {
			rows, err = f.fn.recordRows(vals[0].(value.JSON).V, f.cols[:f.recordCols])
		} else {
			rows, err = f.fn.rows(ev, vals, exprTypes(f.args))
		}
		if err != nil {
			return nil, err
		}
	}
	if f.ordinality {
		for i := range rows {
			rows[i] = append(rows[i], int64(i+1))
		}
	}
	return rows, nil
}

// streamChunk is how many rows a streamed relation hands on at a time.
const streamChunk = 1 << 16

// stream hands the rows to fn in chunks (each chunk's memory reused after
// fn returns) when the function can stream; ok is false when it cannot,
// and rows must be used.
func (f *functionRel) stream(e *env, fn func(chunk [][]any) error) (ok bool, err error) {
	if f.scalar != nil || f.fn.each == nil || f.fn.recordRows != nil {
		return false, nil
	}
	vals := make([]any, len(f.args))
	for i, a := range f.args {
		v, err := a.eval(e)
		if err != nil {
			return true, err
		}
		if v == nil {
			return true, nil
		}
		vals[i] = v
	}
	chunk := make([][]any, 0, streamChunk)
	n := int64(0)
	flush := func() error {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		err := fn(chunk)
		chunk = chunk[:0]
		return err
	}
	err = f.fn.each(e, vals, exprTypes(f.args), func(row []any) error {
		if n++; f.ordinality {
			row = append(row, n)
		}
		chunk = append(chunk, row)
		if len(chunk) == streamChunk {
			return flush()
		}
		return nil
	})
	if err == nil && len(chunk) > 0 {
		err = flush()
	}
	return true, err
}

// planRangeFunction plans a function in FROM. Its arguments may read the
// FROM items to its left (function calls in FROM are implicitly LATERAL).
func (b *binder) planRangeFunction(rf *pg_query.RangeFunction, left relation) (relation, bool, error) {
	if len(rf.Functions) != 1 || rf.IsRowsfrom {
		return nil, false, pgerr.New(pgerr.FeatureNotSupported, "ROWS FROM is not supported")
	}
	call := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	if call == nil {
		return nil, false, pgerr.New(pgerr.FeatureNotSupported, "only function calls are supported in FROM")
	}
	name := funcName(call)
	lb := b.lateralBinder(left)
	// The arguments belong to this query level: a reference to an
	// enclosing level makes the level correlated.
	argBinder := &binder{s: b.s, params: b.params, scope: &scope{}, outer: lb, ctes: b.ctes, query: b.query}
	args := make([]expr, len(call.Args))
	for i, a := range call.Args {
		x, err := argBinder.bind(a)
		if err != nil {
			return nil, false, err
		}
		args[i] = x
	}
	alias := name
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
	}
	f := &functionRel{ordinality: rf.Ordinality}
	if sf, ok := lib().sets[name]; ok {
		cols, err := sf.resolve(args)
		if err != nil {
			if err != errArgs {
				return nil, false, err
			}
			return nil, false, pgerr.At(errNoFunction(name, args, call.Location), call.Location)
		}
		if sf.needsColumnList {
			if len(rf.Coldeflist) == 0 {
				return nil, false, pgerr.At(pgerr.New(pgerr.SyntaxError, "a column definition list is required for functions returning \"record\""), call.Location)
			}
			if cols, err = columnDefs(rf.Coldeflist, "", ""); err != nil {
				return nil, false, err
			}
			f.recordCols = len(cols)
		}
		if sf.sideEffects {
			if f.site, err = b.planWriteSite(sf.method, args, call.Location); err != nil {
				return nil, false, err
			}
		}
		f.fn, f.args, f.cols = sf, args, append([]scopeCol(nil), cols...)
		if len(f.cols) == 1 && !sf.outNamed && !sf.needsColumnList {
			f.cols[0].name = alias // a single-column function's column takes the alias
		}
	} else {
		x, err := argBinder.bind(rf.Functions[0].GetList().GetItems()[0])
		if err != nil {
			return nil, false, err
		}
		f.scalar = x
		f.cols = []scopeCol{{name: alias, t: x.typ()}}
	}
	id := newRelID(alias)
	for i := range f.cols {
		f.cols[i].rel, f.cols[i].relID, f.cols[i].typmod = alias, id, -1
	}
	if len(f.cols) == 1 && !f.ordinality && f.cols[0].t.Fields == nil && f.recordCols == 0 {
		f.cols[0].scalarFunc = true
	}
	if f.ordinality {
		f.cols = append(f.cols, scopeCol{name: "ordinality", rel: alias, relID: id, t: value.Int8, typmod: -1})
	}
	for i := range f.cols {
		f.cols[i].writeResult = f.site != nil
	}
	if rf.Alias != nil && len(rf.Alias.Colnames) > 0 {
		var err error
		if f.cols, err = renameColumns(rf.Alias, f.cols); err != nil {
			return nil, false, err
		}
	}
	// Only a call that reads the items to its left must run per left row.
	return f, left != nil && readsOuter(args, 1), nil
}

// srfCall is a set-returning function in the select list. Each input row
// yields as many output rows as the longest such call returns.
type srfCall struct {
	fn   setFunc
	args []expr
	t    *value.Type
}

func (c *srfCall) typ() *value.Type { return c.t }

func (c *srfCall) eval(e *env) (any, error) { return e.srf[c], nil }

// values computes the call's result for the current row.
func (c *srfCall) values(e *env) ([]any, error) {
	vals := make([]any, len(c.args))
	for i, a := range c.args {
		v, err := a.eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		vals[i] = v
	}
	rows, err := c.fn.rows(e, vals, exprTypes(c.args))
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

func (b *binder) bindSetFunc(name string, sf setFunc, args []expr, loc int32) (expr, error) {
	if sf.sideEffects {
		verb := sf.method.Schema + "." + sf.method.Name
		return nil, pgerr.At(unsafeWrite(verb, "Call it in FROM: "+safeWriteForm(verb)+".", "%s can only be called in FROM", verb), loc)
	}
	if b.query == nil || !b.query.allowSRF {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s", b.notAllowed("set-returning functions")), loc)
	}
	cols, err := sf.resolve(args)
	if err != nil {
		if err != errArgs {
			return nil, err // a bad argument, such as a jsonpath that does not parse
		}
		return nil, errNoFunction(name, args, loc)
	}
	t := cols[0].t
	if len(cols) > 1 {
		// Several columns make a record, whose fields (x).name selects.
		fields := make([]value.Field, len(cols))
		for i, c := range cols {
			fields[i] = value.Field{Name: c.name, Type: c.t}
		}
		t = value.RecordOf(fields)
	}
	call := &srfCall{fn: sf, args: args, t: t}
	b.query.srfs = append(b.query.srfs, call)
	return call, nil
}

func exprTypes(xs []expr) []*value.Type {
	out := make([]*value.Type, len(xs))
	for i, x := range xs {
		out[i] = x.typ()
	}
	return out
}

// readsOuter reports whether expressions read a column of the query level
// depth levels out (1: the FROM items to the left of a function call).
func readsOuter(xs []expr, depth int) bool {
	found := false
	for _, x := range xs {
		seen := walkExpr(x, func(x expr) {
			if o, ok := x.(*outerColExpr); ok && o.depth == depth {
				found = true
			}
		})
		// Something opaque (a subquery) might read it: assume it does.
		found = found || !seen
	}
	return found
}
