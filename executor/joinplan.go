package executor

import (
	"github.com/vpnsql/vpnsql/executor/expr"
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
	cond expr.Expr
	text string // for EXPLAIN, when no WHERE above shows the condition
}

func (f *filterRel) columns() []expr.ScopeCol { return f.rel.columns() }

func (f *filterRel) open(e *expr.Env) (rowIter, error) {
	in, err := f.rel.open(e)
	if err != nil {
		return nil, err
	}
	return filterIter(e.Sibling(), in, f.cond), nil
}

// placeConjuncts returns rel with the movable conjuncts of where placed
// inside it.
func placeConjuncts(rel relation, where expr.Expr) relation {
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
	filters := make([][]expr.Expr, len(leaves))
	for _, c := range conjuncts(where) {
		cols, ok := expr.ColumnsRead(c)
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
			j.cond = &expr.BoolExpr{Op: "and", Args: []expr.Expr{j.cond, c}}
		}
		if j.kind == "cross" {
			j.kind = "inner"
		}
	}
	for i, f := range filters {
		if len(f) == 0 {
			continue
		}
		var cond expr.Expr = &expr.BoolExpr{Op: "and", Args: f}
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
// Order starts at the first leaf WHERE filters on its own, then adds the
// first leaf in written order that a condition connects to those already
// joined. It returns nil when the written order is no worse.
func joinOrder(leaves []relation, starts []int, where expr.Expr) []int {
	var links [][]int // the leaves each multi-leaf conjunct reads
	filtered := make([]bool, len(leaves))
	for _, c := range conjuncts(where) {
		cols, ok := expr.ColumnsRead(c)
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
func reorderJoin(leaves []relation, starts []int, order []int, where expr.Expr) relation {
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

func (p *permuteRel) columns() []expr.ScopeCol {
	in := p.rel.columns()
	out := make([]expr.ScopeCol, len(p.perm))
	for i, j := range p.perm {
		out[i] = in[j]
	}
	return out
}

func (p *permuteRel) open(e *expr.Env) (rowIter, error) {
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
func filterPreservedSide(j *joinRel, where expr.Expr) relation {
	nl := len(j.left.columns())
	var keep []expr.Expr
	for _, c := range conjuncts(where) {
		cols, ok := expr.ColumnsRead(c)
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
	var cond expr.Expr = &expr.BoolExpr{Op: "and", Args: keep}
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

// shiftExpr rebuilds an expression that columnsRead accepted with every
// column index moved by delta.
func shiftExpr(x expr.Expr, delta int) expr.Expr {
	return mapColumns(x, func(i int) int { return i + delta })
}

// mapColumns rebuilds an expression that columnsRead accepted with every
// column index i replaced by to(i).
func mapColumns(x expr.Expr, to func(int) int) expr.Expr {
	all := func(xs []expr.Expr) []expr.Expr {
		out := make([]expr.Expr, len(xs))
		for i, x := range xs {
			out[i] = mapColumns(x, to)
		}
		return out
	}
	switch x := x.(type) {
	case *expr.ColExpr:
		return &expr.ColExpr{Idx: to(x.Idx), T: x.T}
	case *expr.FuncExpr:
		c := *x
		c.Args = all(x.Args)
		return &c
	case *expr.BoolExpr:
		return &expr.BoolExpr{Op: x.Op, Args: all(x.Args)}
	case *expr.CmpOp:
		return &expr.CmpOp{Op: x.Op, L: mapColumns(x.L, to), R: mapColumns(x.R, to), Test: x.Test}
	case *expr.InExpr:
		return &expr.InExpr{X: mapColumns(x.X, to), List: all(x.List), Not: x.Not}
	case *expr.NullTest:
		return &expr.NullTest{X: mapColumns(x.X, to), IsNull: x.IsNull}
	case *expr.AnyExpr:
		return &expr.AnyExpr{Cmp: x.Cmp, X: mapColumns(x.X, to), Array: mapColumns(x.Array, to), All: x.All}
	case *expr.CaseExpr:
		c := &expr.CaseExpr{Whens: all(x.Whens), Thens: all(x.Thens), T: x.T}
		if x.Els != nil {
			c.Els = mapColumns(x.Els, to)
		}
		return c
	}
	return x
}

// hashKeys finds equality conjuncts of a join condition with one side
// over the left columns [0, nl) and the other over the right ones: the
// join can then hash the right side instead of comparing every pair.
func hashKeys(cond expr.Expr, nl int) (left, right []expr.Expr) {
	for _, c := range conjuncts(cond) {
		eq, ok := c.(*expr.CmpOp)
		if !ok || eq.Op != "=" || !hashable(eq.L.Type()) || eq.L.Type() != eq.R.Type() {
			continue
		}
		lc, okL := expr.ColumnsRead(eq.L)
		rc, okR := expr.ColumnsRead(eq.R)
		if !okL || !okR || len(lc) == 0 || len(rc) == 0 {
			continue
		}
		switch {
		case maxOf(lc) < nl && minOf(rc) >= nl:
			left, right = append(left, eq.L), append(right, shiftExpr(eq.R, -nl))
		case maxOf(rc) < nl && minOf(lc) >= nl:
			left, right = append(left, eq.R), append(right, shiftExpr(eq.L, -nl))
		}
	}
	return left, right
}

// hashable types have one Go value per SQL value, so equal values have
// equal keys (numeric 1.0 and 1.00 would not).
func hashable(t *value.Type) bool {
	return t.IsString() || t == value.Int2 || t == value.Int4 || t == value.Int8 || t.IsOIDAlias() || t == value.Bool
}
