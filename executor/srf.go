package executor

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// functionRel is a function call in FROM, optionally WITH ORDINALITY.
type functionRel struct {
	fn         funcs.SetFunc
	recordCols int // columns of a column definition list
	args       []expr.Expr
	cols       []expr.ScopeCol
	ordinality bool
	scalar     expr.Expr       // a plain function in FROM gives one row
	site       *expr.WriteSite // set for a side-effecting function
}

func (f *functionRel) columns() []expr.ScopeCol { return f.cols }

// Rows evaluates the arguments in e: e.outer is the left row (or the
// enclosing level for the first FROM item), as the arguments were bound.
func (f *functionRel) open(e *expr.Env) (rowIter, error) {
	rows, err := f.rows(e)
	if err != nil {
		return nil, err
	}
	return sliceRows(rows), nil
}

func (f *functionRel) rows(e *expr.Env) ([][]any, error) {
	ev := e
	var rows [][]any
	if f.scalar != nil {
		v, err := f.scalar.Eval(ev)
		if err != nil {
			return nil, err
		}
		rows = [][]any{{v}}
	} else {
		vals := make([]any, len(f.args))
		for i, a := range f.args {
			v, err := a.Eval(ev)
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
			if err := e.Session.CheckWriteSites(e, []*expr.WriteSite{f.site}); err != nil {
				return nil, err
			}
		}
		if f.fn.RecordRows != nil {
			rows, err = f.fn.RecordRows(vals[0].(value.JSON).V, f.cols[:f.recordCols])
		} else {
			rows, err = f.fn.Rows(ev, vals, funcs.ExprTypes(f.args))
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

// stream hands the rows to fn in chunks (each chunk's memory reused after
// Fn returns) when the function can stream; ok is false when it cannot,
// and rows must be used.
func (f *functionRel) stream(e *expr.Env, fn func(chunk [][]any) error) (ok bool, err error) {
	if f.scalar != nil || f.fn.Each == nil || f.fn.RecordRows != nil {
		return false, nil
	}
	vals := make([]any, len(f.args))
	for i, a := range f.args {
		v, err := a.Eval(e)
		if err != nil {
			return true, err
		}
		if v == nil {
			return true, nil
		}
		vals[i] = v
	}
	chunk := make([][]any, 0, funcs.StreamChunk)
	n := int64(0)
	flush := func() error {
		if err := e.Ctx.Err(); err != nil {
			return err
		}
		err := fn(chunk)
		chunk = chunk[:0]
		return err
	}
	err = f.fn.Each(e, vals, funcs.ExprTypes(f.args), func(row []any) error {
		if n++; f.ordinality {
			row = append(row, n)
		}
		chunk = append(chunk, row)
		if len(chunk) == funcs.StreamChunk {
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
	name := funcs.FuncName(call)
	lb := b.lateralBinder(left)
	// The arguments belong to this query level: a reference to an
	// enclosing level makes the level correlated.
	argBinder := &binder{s: b.s, params: b.params, scope: &scope{}, outer: lb, ctes: b.ctes, query: b.query}
	args := make([]expr.Expr, len(call.Args))
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
	if sf, ok := funcs.Library().Sets[name]; ok {
		cols, err := sf.Resolve(args)
		if err != nil {
			if err != funcs.ErrArgs {
				return nil, false, err
			}
			return nil, false, pgerr.At(funcs.ErrNoFunction(name, args, call.Location), call.Location)
		}
		if sf.NeedsColumnList {
			if len(rf.Coldeflist) == 0 {
				return nil, false, pgerr.At(pgerr.New(pgerr.SyntaxError, "a column definition list is required for functions returning \"record\""), call.Location)
			}
			if cols, err = columnDefs(rf.Coldeflist, "", ""); err != nil {
				return nil, false, err
			}
			f.recordCols = len(cols)
		}
		if sf.SideEffects {
			if f.site, err = b.planWriteSite(sf.Method, args, call.Location); err != nil {
				return nil, false, err
			}
		}
		f.fn, f.args, f.cols = sf, args, append([]expr.ScopeCol(nil), cols...)
		if len(f.cols) == 1 && !sf.OutNamed && !sf.NeedsColumnList {
			f.cols[0].Name = alias // a single-column function's column takes the alias
		}
	} else {
		x, err := argBinder.bind(rf.Functions[0].GetList().GetItems()[0])
		if err != nil {
			return nil, false, err
		}
		f.scalar = x
		f.cols = []expr.ScopeCol{{Name: alias, T: x.Type()}}
	}
	id := newRelID(alias)
	for i := range f.cols {
		f.cols[i].Rel, f.cols[i].RelID, f.cols[i].Typmod = alias, id, -1
	}
	if len(f.cols) == 1 && !f.ordinality && f.cols[0].T.Fields == nil && f.recordCols == 0 {
		f.cols[0].ScalarFunc = true
	}
	if f.ordinality {
		f.cols = append(f.cols, expr.ScopeCol{Name: "ordinality", Rel: alias, RelID: id, T: value.Int8, Typmod: -1})
	}
	for i := range f.cols {
		f.cols[i].WriteResult = f.site != nil
	}
	if rf.Alias != nil && len(rf.Alias.Colnames) > 0 {
		var err error
		if f.cols, err = renameColumns(rf.Alias, f.cols); err != nil {
			return nil, false, err
		}
	}
	// Only a call that reads the items to its left must run per left row.
	return f, left != nil && funcs.ReadsOuter(args, 1), nil
}

func (b *binder) bindSetFunc(name string, sf funcs.SetFunc, args []expr.Expr, loc int32) (expr.Expr, error) {
	if sf.SideEffects {
		verb := sf.Method.Schema + "." + sf.Method.Name
		return nil, pgerr.At(funcs.UnsafeWrite(verb, "Call it in FROM: "+funcs.SafeWriteForm(verb)+".", "%s can only be called in FROM", verb), loc)
	}
	if b.query == nil || !b.query.allowSRF {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s", b.notAllowed("set-returning functions")), loc)
	}
	cols, err := sf.Resolve(args)
	if err != nil {
		if err != funcs.ErrArgs {
			return nil, err // a bad argument, such as a jsonpath that does not parse
		}
		return nil, funcs.ErrNoFunction(name, args, loc)
	}
	t := cols[0].T
	if len(cols) > 1 {
		// Several columns make a record, whose fields (x).name selects.
		fields := make([]value.Field, len(cols))
		for i, c := range cols {
			fields[i] = value.Field{Name: c.Name, Type: c.T}
		}
		t = value.RecordOf(fields)
	}
	call := &funcs.SRFCall{Fn: sf, Args: args, T: t}
	b.query.srfs = append(b.query.srfs, call)
	return call, nil
}
