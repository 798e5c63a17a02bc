package plan

import (
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// withImplied adds to where the conjuncts it implies through column
// equalities, so that a value given for one side of a join narrows the
// other side's scan too: in
//
//	FROM vpn_connections v JOIN vpn_tunnels t USING ("vpnConnectionId")
//	WHERE v."vpnConnectionId" = 'vpn-1'
//
// the tunnels' scan is sent the id as well (and both scans make the same
// call, which the statement shares), and a region given for v prunes t's
// regions. The equalities are the WHERE clause's col = col conjuncts, the
// conditions of inner, left and right joins (USING pairs included), and a
// USING join's merged column with the side it takes its value from; full
// joins are left out. A conjunct is carried over only in the shapes a scan
// can push down (col = value, col IN (...), col = ANY(array)), all false or
// NULL for a NULL column, and only between columns of one type. That keeps
// it sound below an outer join, as PostgreSQL's own equivalence classes
// are: a row a derived conjunct keeps out of a scan could only have joined
// rows that WHERE rejects, and a NULL-extended row it might cause fails
// the conjunct it was derived from. The derived conjuncts are for
// pushdown only: the WHERE clause evaluated on each row is the written one.
func withImplied(rel exec.Relation, where expr.Expr) expr.Expr {
	eq := equalities{}
	for _, c := range exec.Conjuncts(where) {
		eq.addCmp(c, 0)
	}
	eq.addJoins(rel, 0)
	if len(eq.parent) == 0 {
		return where
	}
	var derived []expr.Expr
	for _, c := range exec.Conjuncts(where) {
		col, with := singleColumn(c)
		if col == nil {
			continue
		}
		for _, other := range eq.class(col.Idx) {
			if other != col.Idx && eq.types[other] == col.T {
				derived = append(derived, with(&expr.ColExpr{Idx: other, T: col.T}))
			}
		}
	}
	if len(derived) == 0 {
		return where
	}
	return &expr.BoolExpr{Op: "and", Args: append([]expr.Expr{where}, derived...)}
}

// equalities are classes of columns of a FROM row known equal in every
// row WHERE keeps (union-find over column indexes).
type equalities struct {
	parent map[int]int
	types  map[int]*value.Type
}

func (e *equalities) find(i int) int {
	for e.parent[i] != i {
		e.parent[i] = e.parent[e.parent[i]]
		i = e.parent[i]
	}
	return i
}

func (e *equalities) union(a, b *expr.ColExpr) {
	if a.T != b.T || a.Idx == b.Idx {
		return
	}
	if e.parent == nil {
		e.parent, e.types = map[int]int{}, map[int]*value.Type{}
	}
	for _, c := range []*expr.ColExpr{a, b} {
		if _, ok := e.parent[c.Idx]; !ok {
			e.parent[c.Idx], e.types[c.Idx] = c.Idx, c.T
		}
	}
	e.parent[e.find(a.Idx)] = e.find(b.Idx)
}

// class lists the columns equal to column i (i included), or nil.
func (e *equalities) class(i int) []int {
	if _, ok := e.parent[i]; !ok {
		return nil
	}
	var out []int
	root := e.find(i)
	for c := range e.parent {
		if e.find(c) == root {
			out = append(out, c)
		}
	}
	return out
}

// addCmp records x if it is col = col, its columns shifted by offset.
func (e *equalities) addCmp(x expr.Expr, offset int) {
	cmp, ok := x.(*expr.CmpOp)
	if !ok || cmp.Op != "=" {
		return
	}
	l, okL := cmp.L.(*expr.ColExpr)
	r, okR := cmp.R.(*expr.ColExpr)
	if okL && okR {
		e.union(&expr.ColExpr{Idx: l.Idx + offset, T: l.T}, &expr.ColExpr{Idx: r.Idx + offset, T: r.T})
	}
}

// addJoins records the equalities of the joins in a FROM tree whose row
// starts at offset.
func (e *equalities) addJoins(rel exec.Relation, offset int) {
	switch r := rel.(type) {
	case *exec.JoinRel:
		if r.Cond != nil && (r.Kind == "inner" || r.Kind == "left" || r.Kind == "right") {
			for _, c := range exec.Conjuncts(r.Cond) {
				e.addCmp(c, offset)
			}
		}
		e.addJoins(r.Left, offset)
		e.addJoins(r.Right, offset+exec.Width(r.Left))
	case *exec.UsingRel:
		inner := offset + len(r.Cols)
		kind := r.Join.Kind
		for k, p := range r.Pairs {
			merged := &expr.ColExpr{Idx: offset + k, T: r.Cols[k].T}
			if kind == "inner" || kind == "left" {
				e.union(merged, &expr.ColExpr{Idx: inner + p[0], T: r.Types[k][0]})
			}
			if kind == "inner" || kind == "right" {
				e.union(merged, &expr.ColExpr{Idx: inner + p[1], T: r.Types[k][1]})
			}
		}
		e.addJoins(r.Join, inner)
	}
}

// singleColumn matches the conjunct shapes pushable takes on a plain
// column: col = v, v = col, col IN (...), col = ANY(array), with v reading
// no column. with rebuilds the conjunct on another column.
func singleColumn(x expr.Expr) (*expr.ColExpr, func(*expr.ColExpr) expr.Expr) {
	switch x := x.(type) {
	case *expr.CmpOp:
		if x.Op != "=" {
			break
		}
		if c, ok := x.L.(*expr.ColExpr); ok && rowIndependent(x.R) {
			return c, func(d *expr.ColExpr) expr.Expr { return &expr.CmpOp{Op: x.Op, L: d, R: x.R, Test: x.Test} }
		}
		if c, ok := x.R.(*expr.ColExpr); ok && rowIndependent(x.L) {
			return c, func(d *expr.ColExpr) expr.Expr { return &expr.CmpOp{Op: x.Op, L: x.L, R: d, Test: x.Test} }
		}
	case *expr.InExpr:
		if c, ok := x.X.(*expr.ColExpr); ok && !x.Not {
			for _, v := range x.List {
				if !rowIndependent(v) {
					return nil, nil
				}
			}
			return c, func(d *expr.ColExpr) expr.Expr { return &expr.InExpr{X: d, List: x.List, Not: false} }
		}
	case *expr.AnyExpr:
		if c, ok := x.X.(*expr.ColExpr); ok && !x.All && x.Cmp != nil && x.Cmp.Op == "=" && rowIndependent(x.Array) {
			return c, func(d *expr.ColExpr) expr.Expr { return &expr.AnyExpr{Cmp: x.Cmp, X: d, Array: x.Array, All: x.All} }
		}
	}
	return nil, nil
}
