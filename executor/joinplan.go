package executor

import (
	"github.com/vpnsql/vpnsql/value"
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
	text string // for EXPLAIN, when no WHERE above shows the condition
}

func (f *filterRel) columns() []scopeCol { return f.rel.columns() }

func (f *filterRel) open(e *env) (rowIter, error) {
	in, err := f.rel.open(e)
	if err != nil {
		return nil, err
	}
	return filterIter(e.sibling(), in, f.cond), nil
}

// placeConjuncts returns rel with the movable conjuncts of where placed
// inside it.
func placeConjuncts(rel relation, where expr) relation {
	if j, ok := rel.(*joinRel); ok && (j.kind == "left" || j.kind == "right") && !j.lateral {
		return filterPreservedSide(j, where)
	}
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
	if order := joinOrder(leaves, starts, where); order != nil {
		return reorderJoin(leaves, starts, order, where)
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
		// The join that adds leaf hi sees columns [0, end of hi). A
		// condition on the first leaf alone, when that leaf is an outer
		// join, goes to the first join of the spine: it is inner, so
		// there it filters exactly as WHERE does.
		j := spine[max(hi, 1)-1]
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

// joinOrder returns a better order of the chain's leaves when the written
// one needs a cross product that another avoids: FROM a, b, c WHERE
// a.x = c.x AND b.y = c.y crosses a with b before c can connect them. The
// order starts at the first leaf WHERE filters on its own, then adds the
// first leaf in written order that a condition connects to those already
// joined. It returns nil when the written order is no worse.
func joinOrder(leaves []relation, starts []int, where expr) []int {
	var links [][]int // the leaves each multi-leaf conjunct reads
	filtered := make([]bool, len(leaves))
	for _, c := range conjuncts(where) {
		cols, ok := columnsRead(c)
		if !ok || len(cols) == 0 {
			continue
		}
		seen := map[int]bool{}
		var ls []int
		for _, col := range cols {
			if l := leafOf(starts, col); !seen[l] {
				seen[l] = true
				ls = append(ls, l)
			}
		}
		if len(ls) == 1 {
			_, outer := leaves[ls[0]].(*joinRel)
			filtered[ls[0]] = filtered[ls[0]] || !outer
		} else {
			links = append(links, ls)
		}
	}
	joined := make([]bool, len(leaves))
	connects := func(leaf int) bool {
		for _, ls := range links {
			has, rest := false, true
			for _, l := range ls {
				if l == leaf {
					has = true
				} else if !joined[l] {
					rest = false
				}
			}
			if has && rest {
				return true
			}
		}
		return false
	}
	crossings := func(order []int) int {
		clear(joined)
		n := 0
		for i, l := range order {
			if i > 0 && !connects(l) {
				n++
			}
			joined[l] = true
		}
		return n
	}
	written := make([]int, len(leaves))
	for i := range written {
		written[i] = i
	}
	if crossings(written) == 0 {
		return nil
	}
	clear(joined)
	start := 0
	for i, f := range filtered {
		if f {
			start = i
			break
		}
	}
	order := []int{start}
	joined[start] = true
	for len(order) < len(leaves) {
		next := -1
		for i := range leaves {
			if !joined[i] && (next < 0 || connects(i)) {
				if next = i; connects(i) {
					break
				}
			}
		}
		order = append(order, next)
		joined[next] = true
	}
	if crossings(order) >= crossings(written) {
		return nil
	}
	return order
}

// reorderJoin rebuilds the chain's leaves as a cross-join chain in order,
// places the conjuncts in it, and restores the written column order on
// top.
func reorderJoin(leaves []relation, starts []int, order []int, where expr) relation {
	var chain relation = leaves[order[0]]
	newStart := make([]int, len(leaves)) // by written leaf
	width := len(leaves[order[0]].columns())
	for _, l := range order[1:] {
		newStart[l] = width
		width += len(leaves[l].columns())
		chain = &joinRel{left: chain, right: leaves[l], kind: "cross"}
	}
	moved := func(col int) int {
		l := leafOf(starts, col)
		return newStart[l] + col - starts[l]
	}
	perm := make([]int, width) // written column -> its position in chain
	for i := range perm {
		perm[i] = moved(i)
	}
	return &permuteRel{rel: placeConjuncts(chain, mapColumns(where, moved)), perm: perm}
}

// permuteRel puts the columns of rel back in the order perm gives:
// column i of its rows is column perm[i] of rel's.
type permuteRel struct {
	rel  relation
	perm []int
}

func (p *permuteRel) columns() []scopeCol {
	in := p.rel.columns()
	out := make([]scopeCol, len(p.perm))
	for i, j := range p.perm {
		out[i] = in[j]
	}
	return out
}

func (p *permuteRel) open(e *env) (rowIter, error) {
	in, err := p.rel.open(e)
	if err != nil {
		return nil, err
	}
	return &funcIter{nextFn: func() ([]any, error) {
		r, err := in.next()
		if r == nil || err != nil {
			return nil, err
		}
		out := make([]any, len(p.perm))
		for i, j := range p.perm {
			out[i] = r[j]
		}
		return out, nil
	}, closeFn: in.close}, nil
}

// filterPreservedSide moves the conjuncts over only the preserved side
// of a LEFT (or RIGHT) JOIN below it: a row they reject is rejected with
// whatever it joins, so it need not be joined.
func filterPreservedSide(j *joinRel, where expr) relation {
	nl := len(j.left.columns())
	var keep []expr
	for _, c := range conjuncts(where) {
		cols, ok := columnsRead(c)
		switch {
		case !ok || len(cols) == 0:
		case j.kind == "left" && maxOf(cols) < nl:
			keep = append(keep, c)
		case j.kind == "right" && minOf(cols) >= nl:
			keep = append(keep, shiftExpr(c, -nl))
		}
	}
	if len(keep) == 0 {
		return j
	}
	var cond expr = &boolExpr{op: "and", args: keep}
	if len(keep) == 1 {
		cond = keep[0]
	}
	if j.kind == "left" {
		j.left = &filterRel{rel: placeConjuncts(j.left, cond), cond: cond}
	} else {
		j.right = &filterRel{rel: placeConjuncts(j.right, cond), cond: cond}
	}
	return j
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
	return mapColumns(x, func(i int) int { return i + delta })
}

// mapColumns rebuilds an expression that columnsRead accepted with every
// column index i replaced by to(i).
func mapColumns(x expr, to func(int) int) expr {
	all := func(xs []expr) []expr {
		out := make([]expr, len(xs))
		for i, x := range xs {
			out[i] = mapColumns(x, to)
		}
		return out
	}
	switch x := x.(type) {
	case *colExpr:
		return &colExpr{idx: to(x.idx), t: x.t}
	case *funcExpr:
		c := *x
		c.args = all(x.args)
		return &c
	case *boolExpr:
		return &boolExpr{op: x.op, args: all(x.args)}
	case *cmpOp:
		return &cmpOp{op: x.op, l: mapColumns(x.l, to), r: mapColumns(x.r, to), test: x.test}
	case *inExpr:
		return &inExpr{x: mapColumns(x.x, to), list: all(x.list), not: x.not}
	case *nullTest:
		return &nullTest{x: mapColumns(x.x, to), isNull: x.isNull}
	case *anyExpr:
		return &anyExpr{cmp: x.cmp, x: mapColumns(x.x, to), array: mapColumns(x.array, to), all: x.all}
	case *caseExpr:
		c := &caseExpr{whens: all(x.whens), thens: all(x.thens), t: x.t}
		if x.els != nil {
			c.els = mapColumns(x.els, to)
		}
		return c
	}
	return x
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
func hashable(t *value.Type) bool {
	return t.IsString() || t == value.Int2 || t == value.Int4 || t == value.Int8 || t.IsOIDAlias() || t == value.Bool
}
