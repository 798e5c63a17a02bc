package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// planRangeFunction plans a function in FROM. Its arguments may read the
// FROM items to its left (function calls in FROM are implicitly LATERAL).
func (b *Binder) planRangeFunction(rf *pg_query.RangeFunction, left exec.Relation) (exec.Relation, bool, error) {
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
	argBinder := &Binder{S: b.S, Params: b.Params, Scope: &Scope{}, outer: lb, Ctes: b.Ctes, Query: b.Query}
	args := make([]expr.Expr, len(call.Args))
	for i, a := range call.Args {
		x, err := argBinder.Bind(a)
		if err != nil {
			return nil, false, err
		}
		args[i] = x
	}
	alias := name
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
	}
	f := &exec.FunctionRel{Ordinality: rf.Ordinality}
	if sf, ok := funcs.Builtin().Sets[name]; ok {
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
			f.RecordCols = len(cols)
		}
		if sf.SideEffects {
			if f.Site, err = b.planWriteSite(sf.Method, args, call.Location); err != nil {
				return nil, false, err
			}
		}
		f.Fn, f.Args, f.Cols = sf, args, append([]expr.ScopeCol(nil), cols...)
		if len(f.Cols) == 1 && !sf.OutNamed && !sf.NeedsColumnList {
			f.Cols[0].Name = alias // a single-column function's column takes the alias
		}
	} else {
		x, err := argBinder.Bind(rf.Functions[0].GetList().GetItems()[0])
		if err != nil {
			return nil, false, err
		}
		f.Scalar = x
		f.Cols = []expr.ScopeCol{{Name: alias, T: x.Type()}}
	}
	id := newRelID(alias)
	for i := range f.Cols {
		f.Cols[i].Rel, f.Cols[i].RelID, f.Cols[i].Typmod = alias, id, -1
	}
	if len(f.Cols) == 1 && !f.Ordinality && f.Cols[0].T.Fields == nil && f.RecordCols == 0 {
		f.Cols[0].ScalarFunc = true
	}
	if f.Ordinality {
		f.Cols = append(f.Cols, expr.ScopeCol{Name: "ordinality", Rel: alias, RelID: id, T: value.Int8, Typmod: -1})
	}
	for i := range f.Cols {
		f.Cols[i].WriteResult = f.Site != nil
	}
	if rf.Alias != nil && len(rf.Alias.Colnames) > 0 {
		var err error
		if f.Cols, err = renameColumns(rf.Alias, f.Cols); err != nil {
			return nil, false, err
		}
	}
	// Only a call that reads the items to its left must run per left row.
	return f, left != nil && funcs.ReadsOuter(args, 1), nil
}

func (b *Binder) bindSetFunc(name string, sf funcs.SetFunc, args []expr.Expr, loc int32) (expr.Expr, error) {
	if sf.SideEffects {
		verb := sf.Method.Schema + "." + sf.Method.Name
		return nil, pgerr.At(funcs.UnsafeWrite(verb, "Call it in FROM: "+funcs.SafeWriteForm(verb)+".", "%s can only be called in FROM", verb), loc)
	}
	if b.Query == nil || !b.Query.allowSRF {
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
	b.Query.srfs = append(b.Query.srfs, call)
	return call, nil
}

// columnDefs reads a column definition list.
func columnDefs(defs []*pg_query.Node, rel, relID string) ([]expr.ScopeCol, error) {
	var cols []expr.ScopeCol
	for _, d := range defs {
		cd := d.GetColumnDef()
		if cd == nil {
			continue
		}
		t, err := resolveTypeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		mod, err := resolveTypmod(cd.TypeName, t)
		if err != nil {
			return nil, err
		}
		cols = append(cols, expr.ScopeCol{Name: cd.Colname, Rel: rel, RelID: relID, T: t, Typmod: mod})
	}
	return cols, nil
}
