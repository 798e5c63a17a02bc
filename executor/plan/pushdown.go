package plan

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// PushDownInto hands every table scan in a FROM tree the conjuncts about
// its own columns, and those it implies through the joins' column
// equalities (withImplied). Column indexes in where are over the whole
// FROM row.
func PushDownInto(rel exec.Relation, where expr.Expr) {
	where = withImplied(rel, where)
	var walk func(r exec.Relation, offset int)
	walk = func(r exec.Relation, offset int) {
		switch r := r.(type) {
		case *exec.TableScan:
			r.Pushed = append(r.Pushed, pushdown(r.Table, shiftColumns(where, offset, len(r.Cols)))...)
		case *exec.JoinRel:
			walk(r.Left, offset)
			walk(r.Right, offset+exec.Width(r.Left))
		case *exec.UsingRel:
			walk(r.Join, offset+len(r.Cols))
		}
	}
	walk(rel, 0)
}

// shiftColumns rewrites the conjuncts that only read columns
// [offset, offset+n) to read them as 0..n-1, dropping the rest.
func shiftColumns(where expr.Expr, offset, n int) expr.Expr {
	var keep []expr.Expr
	for _, c := range exec.Conjuncts(where) {
		if shifted, ok := shift(c, offset, n); ok {
			keep = append(keep, shifted)
		}
	}
	if len(keep) == 0 {
		return &expr.ConstExpr{V: true, T: value.Bool}
	}
	return &expr.BoolExpr{Op: "and", Args: keep}
}

// shift handles the shapes pushable understands; others are dropped.
func shift(x expr.Expr, offset, n int) (expr.Expr, bool) {
	col := func(x expr.Expr) (expr.Expr, bool) {
		if c, ok := x.(*expr.ColExpr); ok {
			if c.Idx < offset || c.Idx >= offset+n {
				return nil, false
			}
			return &expr.ColExpr{Idx: c.Idx - offset, T: c.T}, true
		}
		return x, rowIndependent(x)
	}
	switch x := x.(type) {
	case *expr.CmpOp:
		l, okL := shiftKey(x.L, offset, n, col)
		r, okR := shiftKey(x.R, offset, n, col)
		if okL && okR {
			return &expr.CmpOp{Op: x.Op, L: l, R: r, Test: x.Test}, true
		}
	case *expr.FuncExpr:
		if (x.Name == "@>" || x.Name == "~") && len(x.Args) == 2 {
			if c, ok := col(x.Args[0]); ok && c != x.Args[0] {
				return &expr.FuncExpr{Name: x.Name, Args: []expr.Expr{c, x.Args[1]}, T: x.T, Strict: x.Strict, Fn: x.Fn}, true
			}
		}
	case *expr.InExpr:
		if c, ok := shiftKey(x.X, offset, n, col); ok {
			return &expr.InExpr{X: c, List: x.List, Not: x.Not}, true
		}
	case *expr.AnyExpr:
		if c, ok := col(x.X); ok {
			return &expr.AnyExpr{Cmp: x.Cmp, X: c, Array: x.Array, All: x.All}, true
		}
	}
	return nil, false
}

// shiftKey shifts a column, or the column of column->>key.
func shiftKey(x expr.Expr, offset, n int, col func(expr.Expr) (expr.Expr, bool)) (expr.Expr, bool) {
	if f, ok := x.(*expr.FuncExpr); ok && f.Name == "->>" && len(f.Args) == 2 {
		if c, isCol := f.Args[0].(*expr.ColExpr); isCol {
			shifted, ok := col(c)
			if !ok {
				return nil, false
			}
			return &expr.FuncExpr{Name: f.Name, Args: []expr.Expr{shifted, f.Args[1]}, T: f.T, Strict: f.Strict, Fn: f.Fn}, true
		}
	}
	return col(x)
}

// pushdown finds the WHERE conjuncts a table can turn into API parameters:
// column = value, column IN (values) and column = ANY(array), where the
// values do not depend on the row. The WHERE clause is still evaluated in
// full on every returned row, so pushdown only narrows what is fetched.
func pushdown(t catalog.Table, where expr.Expr) []exec.PushedConstraint {
	var out []exec.PushedConstraint
	for _, c := range exec.Conjuncts(where) {
		if pc, ok := pushable(t, c); ok {
			out = append(out, pc)
		}
	}
	return out
}

// keyColumn matches column->>'key' on a key-pushable jsonb column.
func keyColumn(t catalog.Table, x expr.Expr) (int, expr.Expr, bool) {
	f, ok := x.(*expr.FuncExpr)
	if !ok || f.Name != "->>" || len(f.Args) != 2 {
		return 0, nil, false
	}
	c, ok := f.Args[0].(*expr.ColExpr)
	kp, canKey := t.(catalog.KeyPushable)
	if !ok || !canKey || !kp.PushableKey(c.Idx) || f.Args[1].Type() != value.Text || !pushableValue(f.Args[1], value.Text) {
		return 0, nil, false
	}
	return c.Idx, f.Args[1], true
}

func pushable(t catalog.Table, x expr.Expr) (exec.PushedConstraint, bool) {
	if f, ok := x.(*expr.FuncExpr); ok && f.Name == "~" {
		// col ~ '^(name)$', as psql's \d name asks: equality when the
		// pattern turns out to be an anchored literal (see
		// exec.TableScan.ScanRequest).
		c, isCol := f.Args[0].(*expr.ColExpr)
		if isCol && t.Pushable(c.Idx) && c.T.IsString() && pushableValue(f.Args[1], value.Text) {
			return exec.PushedConstraint{Column: c.Idx, Pattern: f.Args[1]}, true
		}
	}
	if cmp, ok := x.(*expr.CmpOp); ok && cmp.Op == "=" {
		if col, key, ok := keyColumn(t, cmp.L); ok && pushableValue(cmp.R, value.Text) {
			return exec.PushedConstraint{Column: col, Key: key, Values: []expr.Expr{cmp.R}}, true
		}
		if col, key, ok := keyColumn(t, cmp.R); ok && pushableValue(cmp.L, value.Text) {
			return exec.PushedConstraint{Column: col, Key: key, Values: []expr.Expr{cmp.L}}, true
		}
	}
	if in, ok := x.(*expr.InExpr); ok && !in.Not {
		if col, key, ok := keyColumn(t, in.X); ok {
			for _, v := range in.List {
				if !pushableValue(v, value.Text) {
					return exec.PushedConstraint{}, false
				}
			}
			return exec.PushedConstraint{Column: col, Key: key, Values: in.List}, true
		}
	}
	if f, ok := x.(*expr.FuncExpr); ok && f.Name == "@>" && len(f.Args) == 2 {
		c, isCol := f.Args[0].(*expr.ColExpr)
		kp, canKey := t.(catalog.KeyPushable)
		if isCol && canKey && kp.PushableKey(c.Idx) && pushableValue(f.Args[1], c.T) {
			return exec.PushedConstraint{Column: c.Idx, Contains: f.Args[1]}, true
		}
	}
	column := func(x expr.Expr) (int, *value.Type, bool) {
		c, ok := x.(*expr.ColExpr)
		if !ok || !t.Pushable(c.Idx) || !(c.T.IsString() || c.T.IsOIDAlias() || c.T == value.Int2 || c.T == value.Int4 || c.T == value.Int8) {
			return 0, nil, false
		}
		return c.Idx, c.T, true
	}
	switch x := x.(type) {
	case *expr.CmpOp:
		if x.Op != "=" {
			break
		}
		if col, ct, ok := column(x.L); ok && pushableValue(x.R, ct) {
			return exec.PushedConstraint{Column: col, Values: []expr.Expr{x.R}}, true
		}
		if col, ct, ok := column(x.R); ok && pushableValue(x.L, ct) {
			return exec.PushedConstraint{Column: col, Values: []expr.Expr{x.L}}, true
		}
	case *expr.InExpr:
		col, ct, ok := column(x.X)
		if !ok || x.Not {
			break
		}
		for _, v := range x.List {
			if !pushableValue(v, ct) {
				return exec.PushedConstraint{}, false
			}
		}
		return exec.PushedConstraint{Column: col, Values: x.List}, true
	case *expr.AnyExpr:
		col, ct, ok := column(x.X)
		if ok && !x.All && x.Cmp.Op == "=" && ct.Array != nil && pushableValue(x.Array, ct.Array) {
			return exec.PushedConstraint{Column: col, Array: x.Array}, true
		}
	}
	return exec.PushedConstraint{}, false
}

// pushableValue reports whether a value may be sent to the API for a
// column of type want. It must read no column of the row; it must call no
// volatile function (pg_proc.provolatile 'v': random(), clock_timestamp()),
// whose value sent to the API would differ from the one the local re-check
// computes; and every parameter it reads must be of the column's type (or,
// for an array of values, of its element type; varchar counts as text),
// so the value sent is the parameter as the client gave it, not a
// conversion of it. A conjunct whose value fails stays a local filter.
func pushableValue(x expr.Expr, want *value.Type) bool {
	if !rowIndependent(x) {
		return false
	}
	ok := true
	seen := expr.WalkExpr(x, func(x expr.Expr) {
		switch x := x.(type) {
		case *expr.FuncExpr:
			ok = ok && !pgcatalog.FunctionVolatile(x.Name)
		case *expr.ParamExpr:
			t := x.Type()
			ok = ok && (sameParamType(t, want) || (want.Elem != nil && sameParamType(t, want.Elem)))
		}
	})
	return ok && seen
}

// sameParamType reports whether a parameter of type param carries a value
// of type col as the client gave it. text, varchar and name are one for
// this: PostgreSQL compares them with text's operators, and pgJDBC binds
// every setString as varchar (refusing it would make every JDBC lookup by
// id a full scan, and its catalog lookups by relname copy every row).
func sameParamType(param, col *value.Type) bool {
	textual := func(t *value.Type) bool { return t == value.Text || t == value.Varchar || t == value.Name }
	return param == col || (textual(param) && textual(col))
}

// rowIndependent reports whether an expression reads no column.
func rowIndependent(x expr.Expr) bool {
	switch x := x.(type) {
	case *expr.ConstExpr, *expr.ParamExpr, *expr.OuterColExpr:
		return true
	case *expr.FuncExpr:
		for _, a := range x.Args {
			if !rowIndependent(a) {
				return false
			}
		}
		return true
	}
	return false
}
