package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
)

// Join planning. FROM a, b, c WHERE a.x = b.y AND ... is a chain of cross
// joins whose conditions sit in WHERE; evaluated as written it would build
// the whole cross product first. placeConjuncts moves each WHERE conjunct
// to the lowest point of the join chain where every column it reads is
// available: a conjunct over one FROM item filters that item, one over
// several becomes part of the join that brings them together. WHERE is
// still evaluated in full afterwards, so placement changes cost, never
// answers. Outer joins are left alone below their top: their nullable
// sides must see every row.

// filterRel keeps the rows of a relation that satisfy cond (over that
// relation's own columns).
type filterRel struct {
	rel  relation
	cond expr
}

func (f *filterRel) columns() []scopeCol { return f.rel.columns() }

func (f *filterRel) rows(e *env) ([][]any, error) {
	rows, err := f.rel.rows(e)
	if err != nil {
		return nil, err
	}
	ev := e.sibling()
	return filterRows(ev, rows, f.cond)
}

// placeConjuncts returns rel with the movable conjuncts of where placed
// inside it.
func placeConjuncts(rel relation, where expr) relation {
	// The spine of the chain: inner and cross joins, left-deep.
	var spine []*joinRel
	for j, ok := rel.(*joinRel); ok && (j.kind == "inner" || j.kind == "cross") && !j.lateral; j, ok = j.left.(*joinRel) {
		spine = append([]*joinRel{j}, spine...)
	}
	if len(spine) == 0 {
		return rel
	}
	// leaves[i] covers columns [starts[i], starts[i]+width); the first leaf
	// is the spine's bottom-left relation.
	leaves := []relation{spine[0].left}
	for _, j := range spine {
		leaves = append(leaves, j.right)
	}
	starts := make([]int, len(leaves))
	for i := 1; i < len(leaves); i++ {
		starts[i] = starts[i-1] + len(leaves[i-1].columns())
	}
	filters := make([][]expr, len(leaves))
	for _, c := range conjuncts(where) {
		cols, ok := columnsRead(c)
		if !ok || len(cols) == 0 {
			continue
		}
		lo, hi := leafOf(starts, minOf(cols)), leafOf(starts, maxOf(cols))
		if lo == hi {
			if _, outer := leaves[lo].(*joinRel); !outer {
				filters[lo] = append(filters[lo], shiftExpr(c, -starts[lo]))
				continue
			}
		}
		// The join that adds leaf hi sees columns [0, end of hi).
		j := spine[hi-1]
		if j.cond == nil {
			j.cond = c
		} else {
			j.cond = &boolExpr{op: "and", args: []expr{j.cond, c}}
		}
		if j.kind == "cross" {
			j.kind = "inner"
		}
	}
	for i, f := range filters {
		if len(f) == 0 {
			continue
		}
		var cond expr = &boolExpr{op: "and", args: f}
		if len(f) == 1 {
			cond = f[0]
		}
		wrapped := &filterRel{rel: leaves[i], cond: cond}
		if i == 0 {
			spine[0].left = wrapped
		} else {
			spine[i-1].right = wrapped
		}
	}
	return rel
}

func leafOf(starts []int, col int) int {
	i := len(starts) - 1
	for i > 0 && starts[i] > col {
		i--
	}
	return i
}

func minOf(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// exprChildren returns the sub-expressions of the expression kinds whose
// reads are visible; opaque is true for the others (a subquery, a
// set-returning call), whose reads cannot be seen from here.
func exprChildren(x expr) (children []expr, opaque bool) {
	switch x := x.(type) {
	case *colExpr, *outerColExpr, *constExpr, *paramExpr:
		return nil, false
	case *funcExpr:
		return x.args, false
	case *boolExpr:
		return x.args, false
	case *cmpOp:
		return []expr{x.l, x.r}, false
	case *inExpr:
		return append([]expr{x.x}, x.list...), false
	case *nullTest:
		return []expr{x.x}, false
	case *anyExpr:
		return []expr{x.x, x.array}, false
	case *caseExpr:
		out := append(append([]expr{}, x.whens...), x.thens...)
		if x.els != nil {
			out = append(out, x.els)
		}
		return out, false
	}
	return nil, true
}

// walkExpr calls visit on x and every sub-expression exprChildren
// exposes; it reports false when some part was opaque.
func walkExpr(x expr, visit func(expr)) bool {
	visit(x)
	children, opaque := exprChildren(x)
	ok := !opaque
	for _, c := range children {
		ok = walkExpr(c, visit) && ok
	}
	return ok
}

// columnsRead lists the row columns an expression reads; ok is false when
// it holds something whose reads cannot be seen, which then stays where
// it was written.
func columnsRead(x expr) ([]int, bool) {
	var cols []int
	ok := walkExpr(x, func(x expr) {
		if c, isCol := x.(*colExpr); isCol {
			cols = append(cols, c.idx)
		}
	})
	return cols, ok
}

// shiftExpr rebuilds an expression that columnsRead accepted with every
// column index moved by delta.
func shiftExpr(x expr, delta int) expr {
	switch x := x.(type) {
	case *colExpr:
		return &colExpr{idx: x.idx + delta, t: x.t}
	case *funcExpr:
		c := *x
		c.args = shiftAll(x.args, delta)
		return &c
	case *boolExpr:
		return &boolExpr{op: x.op, args: shiftAll(x.args, delta)}
	case *cmpOp:
		return &cmpOp{op: x.op, l: shiftExpr(x.l, delta), r: shiftExpr(x.r, delta), test: x.test}
	case *inExpr:
		return &inExpr{x: shiftExpr(x.x, delta), list: shiftAll(x.list, delta), not: x.not}
	case *nullTest:
		return &nullTest{x: shiftExpr(x.x, delta), isNull: x.isNull}
	case *anyExpr:
		return &anyExpr{cmp: x.cmp, x: shiftExpr(x.x, delta), array: shiftExpr(x.array, delta), all: x.all}
	case *caseExpr:
		c := &caseExpr{whens: shiftAll(x.whens, delta), thens: shiftAll(x.thens, delta), t: x.t}
		if x.els != nil {
			c.els = shiftExpr(x.els, delta)
		}
		return c
	}
	return x
}

func shiftAll(xs []expr, delta int) []expr {
	out := make([]expr, len(xs))
	for i, x := range xs {
		out[i] = shiftExpr(x, delta)
	}
	return out
}

// hashKeys finds equality conjuncts of a join condition with one side
// over the left columns [0, nl) and the other over the right ones: the
// join can then hash the right side instead of comparing every pair.
func hashKeys(cond expr, nl int) (left, right []expr) {
	for _, c := range conjuncts(cond) {
		eq, ok := c.(*cmpOp)
		if !ok || eq.op != "=" || !hashable(eq.l.typ()) || eq.l.typ() != eq.r.typ() {
			continue
		}
		lc, okL := columnsRead(eq.l)
		rc, okR := columnsRead(eq.r)
		if !okL || !okR || len(lc) == 0 || len(rc) == 0 {
			continue
		}
		switch {
		case maxOf(lc) < nl && minOf(rc) >= nl:
			left, right = append(left, eq.l), append(right, shiftExpr(eq.r, -nl))
		case maxOf(rc) < nl && minOf(lc) >= nl:
			left, right = append(left, eq.r), append(right, shiftExpr(eq.l, -nl))
		}
	}
	return left, right
}

// hashable types have one Go value per SQL value, so equal values have
// equal keys (numeric 1.0 and 1.00 would not).
func hashable(t *catalog.Type) bool {
	return t.IsString() || t == catalog.Int2 || t == catalog.Int4 || t == catalog.Int8 || t.IsOIDAlias() || t == catalog.Bool
}
