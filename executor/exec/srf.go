package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// FunctionRel is a function call in FROM, optionally WITH ORDINALITY.
type FunctionRel struct {
	Fn         funcs.SetFunc
	RecordCols int // columns of a column definition list
	Args       []expr.Expr
	Cols       []expr.ScopeCol
	Ordinality bool
	Scalar     expr.Expr       // a plain function in FROM gives one row
	Site       *expr.WriteSite // set for a side-effecting function
}

func (f *FunctionRel) Columns() []expr.ScopeCol { return f.Cols }

// Open evaluates the arguments in e, whose outer level is the left row
// (or the enclosing level for the first FROM item), as the arguments were
// bound, and produces the function's rows whole.
func (f *FunctionRel) Open(e *expr.Env) (RowIter, error) {
	rows, err := f.rows(e)
	if err != nil {
		return nil, err
	}
	return SliceRows(rows), nil
}

func (f *FunctionRel) rows(e *expr.Env) ([][]any, error) {
	ev := e
	var rows [][]any
	if f.Scalar != nil {
		v, err := f.Scalar.Eval(ev)
		if err != nil {
			return nil, err
		}
		rows = [][]any{{v}}
	} else {
		vals := make([]any, len(f.Args))
		for i, a := range f.Args {
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
		if f.Site != nil {
			if err := e.Session.CheckWriteSites(e, []*expr.WriteSite{f.Site}); err != nil {
				return nil, err
			}
		}
		if f.Fn.RecordRows != nil {
			rows, err = f.Fn.RecordRows(vals[0].(value.JSON).V, f.Cols[:f.RecordCols])
		} else {
			rows, err = f.Fn.Rows(ev, vals, funcs.ExprTypes(f.Args))
		}
		if err != nil {
			return nil, err
		}
	}
	if f.Ordinality {
		for i := range rows {
			rows[i] = append(rows[i], int64(i+1))
		}
	}
	return rows, nil
}

// stream hands the rows to fn in chunks (each chunk's memory reused after
// fn returns) when the function can stream; ok is false when it cannot,
// and rows must be used.
func (f *FunctionRel) stream(e *expr.Env, fn func(chunk [][]any) error) (ok bool, err error) {
	if f.Scalar != nil || f.Fn.Each == nil || f.Fn.RecordRows != nil {
		return false, nil
	}
	vals := make([]any, len(f.Args))
	for i, a := range f.Args {
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
	err = f.Fn.Each(e, vals, funcs.ExprTypes(f.Args), func(row []any) error {
		if n++; f.Ordinality {
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

// RowsFromRel is ROWS FROM (f(...), g(...)) [WITH ORDINALITY]: the
// functions run in lockstep, as many rows as the longest result, the
// shorter ones NULL past their end. It also computes several different
// set-returning calls of GROUP BY below the aggregation, as PostgreSQL's
// ProjectSet does.
type RowsFromRel struct {
	Funcs      []*FunctionRel
	Cols       []expr.ScopeCol
	Ordinality bool
}

func (r *RowsFromRel) Columns() []expr.ScopeCol { return r.Cols }

func (r *RowsFromRel) Open(e *expr.Env) (RowIter, error) {
	results := make([][][]any, len(r.Funcs))
	n := 0
	for i, f := range r.Funcs {
		rows, err := f.rows(e)
		if err != nil {
			return nil, err
		}
		results[i] = rows
		n = max(n, len(rows))
	}
	out := make([][]any, n)
	for k := range out {
		row := make([]any, 0, len(r.Cols))
		for i, f := range r.Funcs {
			if k < len(results[i]) {
				row = append(row, results[i][k]...)
			} else {
				row = append(row, make([]any, len(f.Cols))...)
			}
		}
		if r.Ordinality {
			row = append(row, int64(k+1))
		}
		out[k] = row
	}
	return SliceRows(out), nil
}
