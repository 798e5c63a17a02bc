package executor

import (
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/value"
)

// pushedConstraint is a WHERE conjunct a table turns into API parameters:
// column equals one of values (evaluated at execution, so parameters
// work).
type pushedConstraint struct {
	column int
	values []expr
	array  expr // = ANY(array) form
	key    expr // column->>key = value form (a text expression)
	// contains is the right side of jsonArrayColumn @> '[{"key": k,
	// "value": v}, ...]': each element becomes a key constraint.
	contains expr
	// pattern is the right side of column ~ pattern: a constraint only
	// when its value is an anchored literal.
	pattern expr
}

// pushDownInto hands every table scan in a FROM tree the conjuncts about
// its own columns. Column indexes in where are over the whole FROM row.
func pushDownInto(rel relation, where expr) {
	var walk func(r relation, offset int)
	walk = func(r relation, offset int) {
		switch r := r.(type) {
		case *tableScan:
			r.pushed = append(r.pushed, pushdown(r.table, shiftColumns(where, offset, len(r.cols)))...)
		case *joinRel:
			walk(r.left, offset)
			walk(r.right, offset+len(r.left.columns()))
		case *usingRel:
			walk(r.join, offset+len(r.cols))
		}
	}
	walk(rel, 0)
}

// shiftColumns rewrites the conjuncts that only read columns
// [offset, offset+n) to read them as 0..n-1, dropping the rest.
func shiftColumns(where expr, offset, n int) expr {
	var keep []expr
	for _, c := range conjuncts(where) {
		if shifted, ok := shift(c, offset, n); ok {
			keep = append(keep, shifted)
		}
	}
	if len(keep) == 0 {
		return &constExpr{v: true, t: value.Bool}
	}
	return &boolExpr{op: "and", args: keep}
}

// shift handles the shapes pushable understands; others are dropped.
func shift(x expr, offset, n int) (expr, bool) {
	col := func(x expr) (expr, bool) {
		if c, ok := x.(*colExpr); ok {
			if c.idx < offset || c.idx >= offset+n {
				return nil, false
			}
			return &colExpr{idx: c.idx - offset, t: c.t}, true
		}
		return x, rowIndependent(x)
	}
	switch x := x.(type) {
	case *cmpOp:
		l, okL := shiftKey(x.l, offset, n, col)
		r, okR := shiftKey(x.r, offset, n, col)
		if okL && okR {
			return &cmpOp{op: x.op, l: l, r: r, test: x.test}, true
		}
	case *funcExpr:
		if (x.name == "@>" || x.name == "~") && len(x.args) == 2 {
			if c, ok := col(x.args[0]); ok && c != x.args[0] {
				return &funcExpr{name: x.name, args: []expr{c, x.args[1]}, t: x.t, strict: x.strict, fn: x.fn}, true
			}
		}
	case *inExpr:
		if c, ok := shiftKey(x.x, offset, n, col); ok {
			return &inExpr{x: c, list: x.list, not: x.not}, true
		}
	case *anyExpr:
		if c, ok := col(x.x); ok {
			return &anyExpr{cmp: x.cmp, x: c, array: x.array, all: x.all}, true
		}
	}
	return nil, false
}

// shiftKey shifts a column, or the column of column->>key.
func shiftKey(x expr, offset, n int, col func(expr) (expr, bool)) (expr, bool) {
	if f, ok := x.(*funcExpr); ok && f.name == "->>" && len(f.args) == 2 {
		if c, isCol := f.args[0].(*colExpr); isCol {
			shifted, ok := col(c)
			if !ok {
				return nil, false
			}
			return &funcExpr{name: f.name, args: []expr{shifted, f.args[1]}, t: f.t, strict: f.strict, fn: f.fn}, true
		}
	}
	return col(x)
}

// pushdown finds the WHERE conjuncts a table can turn into API parameters:
// column = value, column IN (values) and column = ANY(array), where the
// values do not depend on the row. The WHERE clause is still evaluated in
// full on every returned row, so pushdown only narrows what is fetched.
func pushdown(t catalog.Table, where expr) []pushedConstraint {
	var out []pushedConstraint
	for _, c := range conjuncts(where) {
		if pc, ok := pushable(t, c); ok {
			out = append(out, pc)
		}
	}
	return out
}

// anchoredLiteral reads a pattern ^(text)$ or ^text$ whose text has no
// regular expression metacharacter: it matches exactly that text.
func anchoredLiteral(v any) (string, bool) {
	p, ok := v.(string)
	if !ok || !strings.HasPrefix(p, "^") || !strings.HasSuffix(p, "$") {
		return "", false
	}
	p = p[1 : len(p)-1]
	if strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") {
		p = p[1 : len(p)-1]
	}
	return p, p != "" && !strings.ContainsAny(p, `\.^$|?*+()[]{}`)
}

func conjuncts(x expr) []expr {
	if b, ok := x.(*boolExpr); ok && b.op == "and" {
		var out []expr
		for _, a := range b.args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []expr{x}
}

// keyColumn matches column->>'key' on a key-pushable jsonb column.
func keyColumn(t catalog.Table, x expr) (int, expr, bool) {
	f, ok := x.(*funcExpr)
	if !ok || f.name != "->>" || len(f.args) != 2 {
		return 0, nil, false
	}
	c, ok := f.args[0].(*colExpr)
	kp, canKey := t.(catalog.KeyPushable)
	if !ok || !canKey || !kp.PushableKey(c.idx) || f.args[1].typ() != value.Text || !pushableValue(f.args[1], value.Text) {
		return 0, nil, false
	}
	return c.idx, f.args[1], true
}

func pushable(t catalog.Table, x expr) (pushedConstraint, bool) {
	if f, ok := x.(*funcExpr); ok && f.name == "~" {
		// col ~ '^(name)$', as psql's \d name asks: equality when the
		// pattern turns out to be an anchored literal (see scanRequest).
		c, isCol := f.args[0].(*colExpr)
		if isCol && t.Pushable(c.idx) && c.t.IsString() && pushableValue(f.args[1], value.Text) {
			return pushedConstraint{column: c.idx, pattern: f.args[1]}, true
		}
	}
	if cmp, ok := x.(*cmpOp); ok && cmp.op == "=" {
		if col, key, ok := keyColumn(t, cmp.l); ok && pushableValue(cmp.r, value.Text) {
			return pushedConstraint{column: col, key: key, values: []expr{cmp.r}}, true
		}
		if col, key, ok := keyColumn(t, cmp.r); ok && pushableValue(cmp.l, value.Text) {
			return pushedConstraint{column: col, key: key, values: []expr{cmp.l}}, true
		}
	}
	if in, ok := x.(*inExpr); ok && !in.not {
		if col, key, ok := keyColumn(t, in.x); ok {
			for _, v := range in.list {
				if !pushableValue(v, value.Text) {
					return pushedConstraint{}, false
				}
			}
			return pushedConstraint{column: col, key: key, values: in.list}, true
		}
	}
	if f, ok := x.(*funcExpr); ok && f.name == "@>" && len(f.args) == 2 {
		c, isCol := f.args[0].(*colExpr)
		kp, canKey := t.(catalog.KeyPushable)
		if isCol && canKey && kp.PushableKey(c.idx) && pushableValue(f.args[1], c.t) {
			return pushedConstraint{column: c.idx, contains: f.args[1]}, true
		}
	}
	column := func(x expr) (int, *value.Type, bool) {
		c, ok := x.(*colExpr)
		if !ok || !t.Pushable(c.idx) || !(c.t.IsString() || c.t.IsOIDAlias() || c.t == value.Int2 || c.t == value.Int4 || c.t == value.Int8) {
			return 0, nil, false
		}
		return c.idx, c.t, true
	}
	switch x := x.(type) {
	case *cmpOp:
		if x.op != "=" {
			break
		}
		if col, ct, ok := column(x.l); ok && pushableValue(x.r, ct) {
			return pushedConstraint{column: col, values: []expr{x.r}}, true
		}
		if col, ct, ok := column(x.r); ok && pushableValue(x.l, ct) {
			return pushedConstraint{column: col, values: []expr{x.l}}, true
		}
	case *inExpr:
		col, ct, ok := column(x.x)
		if !ok || x.not {
			break
		}
		for _, v := range x.list {
			if !pushableValue(v, ct) {
				return pushedConstraint{}, false
			}
		}
		return pushedConstraint{column: col, values: x.list}, true
	case *anyExpr:
		col, ct, ok := column(x.x)
		if ok && !x.all && x.cmp.op == "=" && ct.Array != nil && pushableValue(x.array, ct.Array) {
			return pushedConstraint{column: col, array: x.array}, true
		}
	}
	return pushedConstraint{}, false
}

// pushableValue reports whether a value may be sent to the API for a
// column of type want. It must read no column of the row; it must call no
// volatile function (pg_proc.provolatile 'v': random(), clock_timestamp()),
// whose value sent to the API would differ from the one the local re-check
// computes; and every parameter it reads must be of the column's type (or,
// for an array of values, of its element type; varchar counts as text),
// so the value sent is the parameter as the client gave it, not a
// conversion of it. A conjunct
// whose value fails stays a local filter.
func pushableValue(x expr, want *value.Type) bool {
	if !rowIndependent(x) {
		return false
	}
	ok := true
	seen := walkExpr(x, func(x expr) {
		switch x := x.(type) {
		case *funcExpr:
			ok = ok && !pgcatalog.FunctionVolatile(x.name)
		case *paramExpr:
			t := x.typ()
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
func rowIndependent(x expr) bool {
	switch x := x.(type) {
	case *constExpr, *paramExpr, *outerColExpr:
		return true
	case *funcExpr:
		for _, a := range x.args {
			if !rowIndependent(a) {
				return false
			}
		}
		return true
	}
	return false
}
