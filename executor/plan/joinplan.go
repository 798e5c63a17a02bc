package plan

import (
	"slices"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// PlaceConjuncts returns rel with the movable conjuncts of where placed
// inside it.
func PlaceConjuncts(rel exec.Relation, where expr.Expr) exec.Relation {
	if j, ok := rel.(*exec.JoinRel); ok && (j.Kind == "left" || j.Kind == "right") && !j.Lateral {
		return filterPreservedSide(j, where)
	}
	// The spine of the chain: inner and cross joins, left-deep.
	var spine []*exec.JoinRel
	for j, ok := rel.(*exec.JoinRel); ok && (j.Kind == "inner" || j.Kind == "cross") && !j.Lateral; j, ok = j.Left.(*exec.JoinRel) {
		spine = append([]*exec.JoinRel{j}, spine...)
	}
	if len(spine) == 0 {
		return rel
	}
	// leaves[i] covers columns [starts[i], starts[i]+width); the first leaf
	// is the spine's bottom-left relation.
	leaves := []exec.Relation{spine[0].Left}
	for _, j := range spine {
		leaves = append(leaves, j.Right)
	}
	starts := make([]int, len(leaves))
	for i := 1; i < len(leaves); i++ {
		starts[i] = starts[i-1] + exec.Width(leaves[i-1])
	}
	if order := joinOrder(leaves, starts, where); order != nil {
		return reorderJoin(leaves, starts, order, where)
	}
	filters := make([][]expr.Expr, len(leaves))
	for _, c := range exec.Conjuncts(where) {
		cols, ok := expr.ColumnsRead(c)
		if !ok || len(cols) == 0 {
			continue
		}
		lo, hi := leafOf(starts, slices.Min(cols)), leafOf(starts, slices.Max(cols))
		if lo == hi {
			if _, outer := leaves[lo].(*exec.JoinRel); !outer {
				filters[lo] = append(filters[lo], exec.ShiftExpr(c, -starts[lo]))
				continue
			}
		}
		// The join that adds leaf hi sees columns [0, end of hi). A
		// condition on the first leaf alone, when that leaf is an outer
		// join, goes to the first join of the spine: it is inner, so
		// there it filters exactly as WHERE does.
		j := spine[max(hi, 1)-1]
		if j.Cond == nil {
			j.Cond = c
		} else {
			j.Cond = &expr.BoolExpr{Op: "and", Args: []expr.Expr{j.Cond, c}}
		}
		if j.Kind == "cross" {
			j.Kind = "inner"
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
		wrapped := &exec.FilterRel{Rel: leaves[i], Cond: cond}
		if i == 0 {
			spine[0].Left = wrapped
		} else {
			spine[i-1].Right = wrapped
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
func joinOrder(leaves []exec.Relation, starts []int, where expr.Expr) []int {
	var links [][]int // the leaves each multi-leaf conjunct reads
	filtered := make([]bool, len(leaves))
	for _, c := range exec.Conjuncts(where) {
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
			_, outer := leaves[ls[0]].(*exec.JoinRel)
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
func reorderJoin(leaves []exec.Relation, starts []int, order []int, where expr.Expr) exec.Relation {
	var chain exec.Relation = leaves[order[0]]
	newStart := make([]int, len(leaves)) // by written leaf
	width := exec.Width(leaves[order[0]])
	for _, l := range order[1:] {
		newStart[l] = width
		width += exec.Width(leaves[l])
		chain = &exec.JoinRel{Left: chain, Right: leaves[l], Kind: "cross"}
	}
	moved := func(col int) int {
		l := leafOf(starts, col)
		return newStart[l] + col - starts[l]
	}
	perm := make([]int, width) // written column -> its position in chain
	for i := range perm {
		perm[i] = moved(i)
	}
	return &exec.PermuteRel{Rel: PlaceConjuncts(chain, exec.MapColumns(where, moved)), Perm: perm}
}

// filterPreservedSide moves the conjuncts over only the preserved side
// of a LEFT (or RIGHT) JOIN below it: a row they reject is rejected with
// whatever it joins, so it need not be joined.
func filterPreservedSide(j *exec.JoinRel, where expr.Expr) exec.Relation {
	nl := exec.Width(j.Left)
	if nullable := nullableSide(j, nl); slices.ContainsFunc(exec.Conjuncts(where), func(c expr.Expr) bool {
		return expr.NullRejecting(c, nullable[0], nullable[1])
	}) {
		// WHERE rejects the rows the outer join would add: it is an inner
		// join, whose conditions can go to either side (psql's \dt:
		// pg_class LEFT JOIN pg_namespace WHERE nspname <> 'pg_catalog').
		j.Kind = "inner"
		return PlaceConjuncts(j, where)
	}
	var keep []expr.Expr
	for _, c := range exec.Conjuncts(where) {
		cols, ok := expr.ColumnsRead(c)
		switch {
		case !ok || len(cols) == 0:
		case j.Kind == "left" && slices.Max(cols) < nl:
			keep = append(keep, c)
		case j.Kind == "right" && slices.Min(cols) >= nl:
			keep = append(keep, exec.ShiftExpr(c, -nl))
		}
	}
	if len(keep) == 0 {
		return j
	}
	var cond expr.Expr = &expr.BoolExpr{Op: "and", Args: keep}
	if len(keep) == 1 {
		cond = keep[0]
	}
	if j.Kind == "left" {
		j.Left = &exec.FilterRel{Rel: PlaceConjuncts(j.Left, cond), Cond: cond}
	} else {
		j.Right = &exec.FilterRel{Rel: PlaceConjuncts(j.Right, cond), Cond: cond}
	}
	return j
}

// nullableSide is the columns [lo, hi) of j's side that the outer join
// fills with NULLs.
func nullableSide(j *exec.JoinRel, nl int) [2]int {
	if j.Kind == "left" {
		return [2]int{nl, nl + exec.Width(j.Right)}
	}
	return [2]int{0, nl}
}

func leafOf(starts []int, col int) int {
	i := len(starts) - 1
	for i > 0 && starts[i] > col {
		i--
	}
	return i
}
