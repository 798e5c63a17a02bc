package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
)

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

func pushable(t catalog.Table, x expr) (pushedConstraint, bool) {
	column := func(x expr) (int, bool) {
		c, ok := x.(*colExpr)
		if !ok || !t.Pushable(c.idx) || !c.t.IsString() {
			return 0, false
		}
		return c.idx, true
	}
	switch x := x.(type) {
	case *cmpOp:
		if x.op != "=" {
			break
		}
		if col, ok := column(x.l); ok && rowIndependent(x.r) {
			return pushedConstraint{column: col, values: []expr{x.r}}, true
		}
		if col, ok := column(x.r); ok && rowIndependent(x.l) {
			return pushedConstraint{column: col, values: []expr{x.l}}, true
		}
	case *inExpr:
		col, ok := column(x.x)
		if !ok || x.not {
			break
		}
		for _, v := range x.list {
			if !rowIndependent(v) {
				return pushedConstraint{}, false
			}
		}
		return pushedConstraint{column: col, values: x.list}, true
	case *anyExpr:
		col, ok := column(x.x)
		if ok && !x.all && x.cmp.op == "=" && rowIndependent(x.array) {
			return pushedConstraint{column: col, array: x.array}, true
		}
	}
	return pushedConstraint{}, false
}

// rowIndependent reports whether an expression reads no column.
func rowIndependent(x expr) bool {
	switch x := x.(type) {
	case *constExpr, *paramExpr:
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
