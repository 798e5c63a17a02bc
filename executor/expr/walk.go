package expr

// exprChildren returns the sub-expressions of the expression kinds whose
// reads are visible; opaque is true for the others (a subquery, a
// set-returning call), whose reads cannot be seen from here.
func exprChildren(x Expr) (children []Expr, opaque bool) {
	switch x := x.(type) {
	case *ColExpr, *OuterColExpr, *ConstExpr, *ParamExpr:
		return nil, false
	case *FuncExpr:
		return x.Args, false
	case *BoolExpr:
		return x.Args, false
	case *CmpOp:
		return []Expr{x.L, x.R}, false
	case *InExpr:
		return append([]Expr{x.X}, x.List...), false
	case *NullTest:
		return []Expr{x.X}, false
	case *AnyExpr:
		return []Expr{x.X, x.Array}, false
	case *CaseExpr:
		out := append(append([]Expr{}, x.Whens...), x.Thens...)
		if x.Els != nil {
			out = append(out, x.Els)
		}
		return out, false
	}
	return nil, true
}

// WalkExpr calls visit on x and every sub-expression exprChildren
// exposes; it reports false when some part was opaque.
func WalkExpr(x Expr, visit func(Expr)) bool {
	visit(x)
	children, opaque := exprChildren(x)
	ok := !opaque
	for _, c := range children {
		ok = WalkExpr(c, visit) && ok
	}
	return ok
}

// ColumnsRead lists the row columns an expression reads; ok is false when
// it holds something whose reads cannot be seen, which then stays where
// it was written.
func ColumnsRead(x Expr) ([]int, bool) {
	var cols []int
	ok := WalkExpr(x, func(x Expr) {
		if c, isCol := x.(*ColExpr); isCol {
			cols = append(cols, c.Idx)
		}
	})
	return cols, ok
}
